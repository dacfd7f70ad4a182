"""linear-probe/v1's procedure with scikit-learn's LogisticRegression (lbfgs), for comparison.

Same features, same standardisation (train mean/std, constant dimensions -> 0), same L2 grid
walked strongest first with warm starts, a stratified 10 % validation split (numpy's RNG, so not
the same images as the Java side), refit on all training images; plus one plain fit at a given L2.
sklearn minimises mean cross-entropy + ||W||^2 / (2 C N): C = 1 / (l2 * N) gives the same objective.

usage: sklearn_probe.py FEATURES_DIR [L2_FOR_SINGLE_FIT]
"""
import json
import os
import sys
import time
import warnings

import numpy as np
from sklearn.exceptions import ConvergenceWarning
from sklearn.linear_model import LogisticRegression

GRID = [1e-2, 1e-3, 1e-4, 1e-5, 1e-6]


def load(d, split):
    meta = json.load(open(os.path.join(d, "meta.json")))[split]
    x = np.fromfile(os.path.join(d, split + ".f32"), dtype="<f4").reshape(meta["n"], meta["d"])
    y = np.fromfile(os.path.join(d, split + ".i32"), dtype="<i4")
    return x, y


def fit(model, x, y, l2):
    model.set_params(C=1.0 / (l2 * len(y)))
    start = time.perf_counter()
    model.fit(x, y)
    return time.perf_counter() - start


def main(d, single_l2):
    warnings.simplefilter("ignore", ConvergenceWarning)
    xtr, ytr = load(d, "train")
    xte, yte = load(d, "test")
    t0 = time.perf_counter()
    mean = xtr.mean(0)
    std = xtr.std(0)
    inv = np.where(std > 1e-6, 1.0 / np.maximum(std, 1e-6), 0.0).astype(np.float32)
    xtr = (xtr - mean) * inv
    xte = (xte - mean) * inv

    rng = np.random.default_rng(0)
    val = np.zeros(len(ytr), dtype=bool)
    for c in np.unique(ytr):
        idx = rng.permutation(np.flatnonzero(ytr == c))
        val[idx[:max(1, round(0.1 * len(idx)))]] = True
    model = LogisticRegression(solver="lbfgs", tol=1e-4, max_iter=1000, warm_start=True)
    rows = []
    best = (-1, None, None)
    for l2 in GRID:
        seconds = fit(model, xtr[~val], ytr[~val], l2)
        acc = float((model.predict(xtr[val]) == ytr[val]).mean())
        rows.append({"l2": l2, "val_top1": acc, "iterations": int(model.n_iter_[0]), "seconds": seconds})
        if acc > best[0]:
            best = (acc, l2, (model.coef_.copy(), model.intercept_.copy()))
    model.coef_, model.intercept_ = best[2]
    refit_seconds = fit(model, xtr, ytr, best[1])
    protocol = {
        "l2": best[1], "grid": rows, "refit_seconds": refit_seconds, "refit_iterations": int(model.n_iter_[0]),
        "test_top1": float((model.predict(xte) == yte).mean()), "seconds": time.perf_counter() - t0,
    }
    out = {"protocol": protocol}
    if single_l2 is not None:
        cold = LogisticRegression(solver="lbfgs", tol=1e-4, max_iter=1000)
        seconds = fit(cold, xtr, ytr, single_l2)
        out["single_fit"] = {"l2": single_l2, "seconds": seconds, "iterations": int(cold.n_iter_[0]),
                             "test_top1": float((cold.predict(xte) == yte).mean())}
    print(json.dumps(out, indent=1))


if __name__ == "__main__":
    main(sys.argv[1], float(sys.argv[2]) if len(sys.argv) > 2 else None)
