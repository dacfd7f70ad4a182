"""Prints the method comparison table (Markdown) from train runs' result.json files.

usage: method_table.py [LABEL=]path/to/result.json ...
A bare path is labelled with the name of the directory holding it (train --out DIR).
Accuracies are test-split percentages under each protocol's fixed parameters; a column whose
protocol parameters differ between runs is flagged, since such numbers are not comparable.
"""
import json
import os
import sys

COLUMNS = [
    ("kNN top-1", "knn/v1", "knn/top1", None),
    ("linear top-1", "linear-probe/v1", "linear-probe/top1", None),
    ("linear top-5", "linear-probe/v1", "linear-probe/top5", None),
    ("1 % labels", "label-efficiency/v1", "label-efficiency/top1@1%", "label-efficiency/top1_std@1%"),
    ("10 % labels", "label-efficiency/v1", "label-efficiency/top1@10%", "label-efficiency/top1_std@10%"),
    ("100 % labels", "label-efficiency/v1", "label-efficiency/top1@100%", "label-efficiency/top1_std@100%"),
]


def load(arg):
    label, _, path = arg.rpartition("=")
    if not label:
        label = os.path.basename(os.path.dirname(os.path.abspath(path)))
    with open(path) as f:
        return label, json.load(f)


def main(args):
    runs = [load(a) for a in args]
    used = [c for c in COLUMNS if any(r["metric"] == c[2] for _, res in runs for r in res.get("evaluation", []))]
    params = {}
    for _, res in runs:
        for r in res.get("evaluation", []):
            params.setdefault(r["protocol"], set()).add(json.dumps(r["protocol_params"], sort_keys=True))
    mixed = {p for p, v in params.items() if len(v) > 1}

    header = ["method", "epochs", "steps", "status", "wall min", "images/s"] + [c[0] + (" (!)" if c[1] in mixed else "") for c in used]
    print("| " + " | ".join(header) + " |")
    print("|" + "|".join(["---"] * 2 + ["---:", "---", "---:", "---:"] + ["---:"] * len(used)) + "|")
    for label, res in runs:
        values = {r["metric"]: r["value"] for r in res.get("evaluation", [])}
        cells = [label, str(res.get("epochs_done", "")), str(res.get("steps_done", "")), res.get("status", ""),
                 f"{res['wall_seconds'] / 60:.1f}" if "wall_seconds" in res else "",
                 f"{res['images_per_sec']:.0f}" if res.get("images_per_sec") else "–"]
        for _, _, metric, std in used:
            if metric not in values:
                cells.append("–")
            elif std and std in values and values[std] > 0:
                cells.append(f"{100 * values[metric]:.1f} ± {100 * values[std]:.1f}")
            else:
                cells.append(f"{100 * values[metric]:.1f}")
        print("| " + " | ".join(cells) + " |")
    if mixed:
        print("\n(!) runs used different parameters for: " + ", ".join(sorted(mixed)) + " – not comparable.")


if __name__ == "__main__":
    if len(sys.argv) < 2:
        sys.exit(__doc__)
    main(sys.argv[1:])
