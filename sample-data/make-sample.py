#!/usr/bin/env python3
"""Cut the bundled Fashion-MNIST sample out of the full IDX files (plain Python, no numpy).

Usage: make-sample.py SOURCE_DIR TARGET_DIR
Takes, per class and in file order, the first 1,000 training and the first 200 test images, and
writes them (order preserved) as gzip'ed IDX files with a fixed gzip timestamp, so that running it
again yields byte-identical files.
"""
import gzip
import struct
import sys

PER_CLASS = {"train": 1000, "t10k": 200}


def read_idx(path):
    with gzip.open(path, "rb") as f:
        data = f.read()
    magic = struct.unpack(">I", data[:4])[0]
    ndim = magic & 0xFF
    dims = struct.unpack(">" + "I" * ndim, data[4:4 + 4 * ndim])
    return dims, data[4 + 4 * ndim:]


def write_idx(path, magic, dims, payload):
    header = struct.pack(">I", magic) + struct.pack(">" + "I" * len(dims), *dims)
    with open(path, "wb") as raw:
        with gzip.GzipFile(fileobj=raw, mode="wb", mtime=0, filename="") as f:
            f.write(header + payload)


def main(source, target):
    for split, per_class in PER_CLASS.items():
        (n, rows, cols), images = read_idx(f"{source}/{split}-images-idx3-ubyte.gz")
        (n_labels,), labels = read_idx(f"{source}/{split}-labels-idx1-ubyte.gz")
        assert n == n_labels
        size = rows * cols
        taken = {c: 0 for c in range(10)}
        keep = []
        for i in range(n):
            c = labels[i]
            if taken[c] < per_class:
                taken[c] += 1
                keep.append(i)
        write_idx(f"{target}/{split}-images-idx3-ubyte.gz", 0x803, (len(keep), rows, cols),
                  b"".join(images[i * size:(i + 1) * size] for i in keep))
        write_idx(f"{target}/{split}-labels-idx1-ubyte.gz", 0x801, (len(keep),),
                  bytes(labels[i] for i in keep))
        print(split, len(keep), "images")


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
