#!/usr/bin/env bash
# Training throughput, DJL (the runner's loop) against PyTorch eager, alternating A/B/A/B.
# Usage: bench/engine/run-throughput.sh [-s STEPS] [-t THREADS] [-r ROUNDS] METHOD...
# Run from the repository root after `./mvnw -B -q -pl runner -am package -DskipTests`.
# Writes JSON lines to bench/engine/work/throughput.jsonl and prints a Markdown table.
set -euo pipefail
steps=20; threads=2; rounds=2
while getopts "s:t:r:" opt; do
  case $opt in s) steps=$OPTARG ;; t) threads=$OPTARG ;; r) rounds=$OPTARG ;; *) exit 2 ;; esac
done
shift $((OPTIND - 1))
if [ $# -eq 0 ]; then set -- simclr supervised; fi
methods=("$@")
work=bench/engine/work
mkdir -p "$work"
out=$work/throughput.jsonl
: > "$out"
# A private copy of the runner, so that a rebuild during the (long) run cannot pull jars from under it.
rm -rf "$work/runner" && mkdir -p "$work/runner" && cp -r runner/target/umbra-runner.jar runner/target/lib "$work/runner/"
cp="$work/runner/umbra-runner.jar:$work/runner/lib/*"
# Both sides get glibc's allocator tuning (the runner also applies it itself through mallopt).
export MALLOC_MMAP_MAX_=0 MALLOC_TRIM_THRESHOLD_=100000000000 MALLOC_TOP_PAD_=536870912
for method in "${methods[@]}"; do
  for round in $(seq "$rounds"); do
    java -cp "$cp" bench/engine/ThroughputBench.java "$method" "$steps" "$threads" "$work" 2>/dev/null | tee -a "$out"
    /usr/bin/python3 bench/engine/torch_throughput.py "$method" "$steps" "$threads" | tee -a "$out"
  done
done
/usr/bin/python3 - "$out" <<'PY'
import json, sys, statistics
rows = [json.loads(l) for l in open(sys.argv[1]) if l.strip()]
print()
print("| method | DJL images/s (runs) | PyTorch images/s (runs) | ratio DJL/PyTorch | DJL augmentation share | PyTorch augmentation share |")
print("|---|---|---|---|---|---|")
for m in dict.fromkeys(r["method"] for r in rows):
    d = [r for r in rows if r["method"] == m and r["impl"] == "djl"]
    p = [r for r in rows if r["method"] == m and r["impl"] == "pytorch"]
    dm = statistics.mean(r["images_per_sec"] for r in d)
    pm = statistics.mean(r["images_per_sec"] for r in p)
    print(f"| {m} | {dm:.0f} ({', '.join(str(round(r['images_per_sec'])) for r in d)}) "
          f"| {pm:.0f} ({', '.join(str(round(r['images_per_sec'])) for r in p)}) | {dm / pm:.2f} "
          f"| {100 * statistics.mean(r['augment_share'] for r in d):.1f} % "
          f"| {100 * statistics.mean(r['augment_share'] for r in p):.1f} % |")
PY
