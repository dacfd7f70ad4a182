#!/usr/bin/env python3
"""How far the tables agree on the order of the methods: reads the `table.csv` files `umbra report`
wrote, ranks the methods every table holds by one metric's mean (the linear probe by default), and
prints each method's rank per table and Spearman's rank correlation of every pair of tables, over
the self-supervised methods alone (the question "does the ranking hold on another dataset") and with
the three baselines.

usage: bench/tables/rank-agreement.py [--metric PREFIX] TABLE.csv TABLE.csv [...]
"""
import argparse
import csv
import itertools
import os

BASELINES = {"random-init", "raw-pixels", "supervised"}


def means(path, metric):
    with open(path, newline="") as f:
        rows = list(csv.DictReader(f))
    column = next(c for c in rows[0] if c.startswith(metric) and c.endswith(" mean"))
    return {row["method"]: float(row[column]) for row in rows if row[column]}


def ranks(values):
    """Rank 1 = best; ties share the mean of their ranks."""
    ordered = sorted(values, key=lambda m: -values[m])
    result = {}
    i = 0
    while i < len(ordered):
        j = i
        while j + 1 < len(ordered) and values[ordered[j + 1]] == values[ordered[i]]:
            j += 1
        for k in range(i, j + 1):
            result[ordered[k]] = (i + j) / 2 + 1
        i = j + 1
    return result


def spearman(a, b):
    n = len(a)
    ma, mb = sum(a) / n, sum(b) / n
    cov = sum((x - ma) * (y - mb) for x, y in zip(a, b))
    va = sum((x - ma) ** 2 for x in a)
    vb = sum((y - mb) ** 2 for y in b)
    return cov / (va * vb) ** 0.5


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--metric", default="linear-probe/top1")
    parser.add_argument("tables", nargs="+")
    args = parser.parse_args()
    names = [os.path.basename(os.path.dirname(os.path.abspath(t))) for t in args.tables]
    tables = [means(t, args.metric) for t in args.tables]
    common = sorted(set.intersection(*(set(t) for t in tables)))
    for label, methods in (("self-supervised methods", [m for m in common if m not in BASELINES]),
                           ("with the baselines", common)):
        per_table = [ranks({m: t[m] for m in methods}) for t in tables]
        print(f"## {args.metric}, {label} ({len(methods)})\n")
        print("| method | " + " | ".join(names) + " |")
        print("|---|" + "---:|" * len(names))
        for m in sorted(methods, key=lambda m: sum(r[m] for r in per_table)):
            print(f"| {m} | " + " | ".join(f"{r[m]:g}" for r in per_table) + " |")
        print()
        for (i, a), (j, b) in itertools.combinations(enumerate(per_table), 2):
            rho = spearman([a[m] for m in methods], [b[m] for m in methods])
            print(f"Spearman's rho, {names[i]} vs {names[j]}: {rho:.2f}")
        print()


if __name__ == "__main__":
    main()
