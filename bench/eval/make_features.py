"""Frozen features both benchmark sides read: a random-init ConvNet (seed 0) on the full Fashion-MNIST.

conv3x3 32 -> 64/2 -> 128/2 -> 512/2, each conv + batch norm (eval mode, fresh statistics) + ReLU,
global average pooling: 512-d features, like an untrained small backbone. Writes, under OUT:
train.f32 / test.f32 (row-major float32, little-endian), train.i32 / test.i32 (labels) and meta.json.

usage: make_features.py FASHION_MNIST_DIR OUT
"""
import gzip
import json
import os
import struct
import sys

import numpy as np
import torch
from torch import nn


def read_idx(path):
    with gzip.open(path, "rb") as f:
        data = f.read()
    magic, = struct.unpack(">i", data[:4])
    dims = magic & 0xFF
    shape = struct.unpack(">" + "i" * dims, data[4:4 + 4 * dims])
    return np.frombuffer(data, dtype=np.uint8, offset=4 + 4 * dims).reshape(shape)


def block(cin, cout, stride):
    return [nn.Conv2d(cin, cout, 3, stride, 1, bias=False), nn.BatchNorm2d(cout), nn.ReLU()]


def main(src, out):
    torch.manual_seed(0)
    torch.set_num_threads(2)
    net = nn.Sequential(*block(1, 32, 1), *block(32, 64, 2), *block(64, 128, 2), *block(128, 512, 2),
                        nn.AdaptiveAvgPool2d(1), nn.Flatten()).eval()
    os.makedirs(out, exist_ok=True)
    meta = {}
    for split, prefix in (("train", "train"), ("test", "t10k")):
        images = read_idx(os.path.join(src, prefix + "-images-idx3-ubyte.gz"))
        labels = read_idx(os.path.join(src, prefix + "-labels-idx1-ubyte.gz")).astype(np.int32)
        x = torch.from_numpy(images.astype(np.float32) / 255.0).unsqueeze(1)
        x = (x - 0.2860) / 0.3530
        with torch.no_grad():
            feats = torch.cat([net(x[i:i + 1000]) for i in range(0, len(x), 1000)]).numpy()
        feats.astype("<f4").tofile(os.path.join(out, split + ".f32"))
        labels.astype("<i4").tofile(os.path.join(out, split + ".i32"))
        meta[split] = {"n": int(feats.shape[0]), "d": int(feats.shape[1])}
    meta["classes"] = 10
    meta["features"] = "random-init ConvNet 32-64-128-512 (seed 0), GAP, on full Fashion-MNIST"
    with open(os.path.join(out, "meta.json"), "w") as f:
        json.dump(meta, f, indent=1)
    print(json.dumps(meta))


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
