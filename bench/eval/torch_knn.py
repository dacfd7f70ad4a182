"""knn/v1's weighted kNN in PyTorch, chunked like the Java side, for comparison.

Cosine similarity (L2-normalised rows, one matmul per query chunk), top-k, votes sum exp(s/T)
per class, argmax. Times the headline setting alone and all four settings of knn/v1.

usage: torch_knn.py FEATURES_DIR CHUNK_ROWS THREADS
"""
import json
import os
import sys
import time

import numpy as np
import torch
import torch.nn.functional as F


def load(d, split):
    meta = json.load(open(os.path.join(d, "meta.json")))[split]
    x = np.fromfile(os.path.join(d, split + ".f32"), dtype="<f4").reshape(meta["n"], meta["d"])
    y = np.fromfile(os.path.join(d, split + ".i32"), dtype="<i4")
    return torch.from_numpy(x), torch.from_numpy(y).long()


def knn(bank, bank_labels, queries, labels, settings, chunk, classes):
    bank = F.normalize(bank, dim=1)
    k_max = max(k for k, _ in settings)
    correct = [0] * len(settings)
    for start in range(0, len(queries), chunk):
        q = F.normalize(queries[start:start + chunk], dim=1)
        sims, idx = (q @ bank.T).topk(k_max, dim=1, largest=True, sorted=True)
        onehot = F.one_hot(bank_labels[idx], classes).float()
        for i, (k, t) in enumerate(settings):
            votes = (onehot[:, :k, :] * (sims[:, :k] / t).exp().unsqueeze(2)).sum(1)
            correct[i] += int((votes.argmax(1) == labels[start:start + chunk]).sum())
    return [c / len(queries) for c in correct]


def main(d, chunk, threads):
    torch.set_num_threads(threads)
    xtr, ytr = load(d, "train")
    xte, yte = load(d, "test")
    out = {"threads": threads, "chunk_rows": chunk, "queries": len(yte), "bank": len(ytr)}
    with torch.no_grad():
        for name, settings in (("headline", [(20, 0.07)]),
                               ("all_settings", [(20, 0.07), (20, 0.1), (200, 0.07), (200, 0.1)])):
            runs = []
            for _ in range(int(os.environ.get("REPS", "1"))):
                t0 = time.perf_counter()
                acc = knn(xtr, ytr, xte, yte, settings, chunk, 10)
                runs.append(time.perf_counter() - t0)
            out[name] = {"top1": acc, "seconds": runs}
    print(json.dumps(out, indent=1))


if __name__ == "__main__":
    main(sys.argv[1], int(sys.argv[2]), int(sys.argv[3]))
