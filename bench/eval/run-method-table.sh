#!/usr/bin/env bash
# The Fashion-MNIST method table: every method trained on the full 60,000 training images for
# EPOCHS epochs (convnet-s, batch 256, each method's defaults, seed 1), then knn/v1,
# linear-probe/v1 and label-efficiency/v1 on the frozen encoder; random-init is scored untrained.
# JOBS runs train side by side with THREADS intra-op threads each (1 x 2 on a 2-core machine keeps
# both cores busy without OpenMP threads waiting on each other).
# Needs the full Fashion-MNIST (../shared/datasets/fashion-mnist) and the runner jar
# (./mvnw -B -q -pl runner -am package -DskipTests).
# usage: bench/eval/run-method-table.sh [-e EPOCHS] [-j JOBS] [-t THREADS] [METHOD...]
#        (repository root; runs under bench/eval/work/table/<method>/, the table on stdout)
set -euo pipefail
cd "$(dirname "$0")/../.."
epochs=1; jobs=2; threads=1
while getopts "e:j:t:" opt; do
  case $opt in e) epochs=$OPTARG ;; j) jobs=$OPTARG ;; t) threads=$OPTARG ;; *) exit 2 ;; esac
done
shift $((OPTIND - 1))
# Slowest first, so that the two lanes finish close together.
[ $# -gt 0 ] || set -- byol simsiam barlow-twins dino mae moco-v2 vicreg dae swav simclr supervised random-init
DATA=${FASHION_MNIST_DIR:-../shared/datasets/fashion-mnist}
work=bench/eval/work/table
mkdir -p "$work"
# A private copy of the runner, so that a rebuild during the (long) run cannot pull jars from under it.
rm -rf "$work/runner" && mkdir -p "$work/runner" && cp -r runner/target/umbra-runner.jar runner/target/lib "$work/runner/"
export MALLOC_MMAP_MAX_=0 MALLOC_TRIM_THRESHOLD_=100000000000 MALLOC_TOP_PAD_=536870912

train() {
  local method=$1 out=$work/$1
  rm -rf "$out" && mkdir -p "$out"
  cat > "$out/spec.json" <<SPEC
{
  "dataset": "fashion-mnist",
  "backbone": "convnet-s",
  "method": {"name": "$method"},
  "epochs": $epochs,
  "batch_size": 256,
  "schedule": {"kind": "cosine", "warmup_epochs": $(/usr/bin/python3 -c "print(min(1.0, 0.1 * $epochs))")},
  "seed": 1,
  "evaluation": {"protocols": ["knn/v1", "linear-probe/v1", "label-efficiency/v1"]},
  "checkpoint": {"every_epochs": $epochs, "keep_last": 1}
}
SPEC
  local started=$SECONDS
  java -Dai.djl.offline=true -jar "$work/runner/umbra-runner.jar" train --spec "$out/spec.json" --out "$out" \
    --dataset-path "$DATA" --dataset-format idx --threads "$threads" > "$out/train.log" 2>&1 || true
  echo "$method: $((SECONDS - started)) s, $(tail -1 "$out/train.log")" >&2
}
export -f train
export work epochs threads DATA
printf '%s\n' "$@" | xargs -P "$jobs" -I{} bash -c 'train {}'
/usr/bin/python3 bench/eval/method_table.py $(for m in "$@"; do [ -f "$work/$m/result.json" ] && echo "$m=$work/$m/result.json"; done)
