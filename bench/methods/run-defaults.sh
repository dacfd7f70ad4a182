#!/usr/bin/env bash
# Defaults sanity check of the method zoo: each method with all its defaults for EPOCHS epochs on the
# bundled sample, then kNN top-1 and feature spread (see DefaultsBench.java).
# Usage: bench/methods/run-defaults.sh [-e EPOCHS] [-t THREADS] [-x STEPS] [METHOD...]
#   -x  at most STEPS steps per epoch (smoke: bench/methods/run-defaults.sh -e 1 -x 2 dae, under a minute)
# Run from the repository root after `./mvnw -B -q -pl runner -am package -DskipTests`.
# Writes JSON lines to bench/methods/work/defaults.jsonl (UMBRA_METHODS_WORK puts the work folder
# elsewhere: the smoke test's temporary folder) and prints a Markdown table.
set -euo pipefail
epochs=2; threads=2; max_steps=0
while getopts "e:t:x:" opt; do
  case $opt in e) epochs=$OPTARG ;; t) threads=$OPTARG ;; x) max_steps=$OPTARG ;; *) exit 2 ;; esac
done
shift $((OPTIND - 1))
if [ $# -eq 0 ]; then
  set -- random-init simclr moco-v2 byol simsiam barlow-twins vicreg swav dino mae dae
fi
work=${UMBRA_METHODS_WORK:-bench/methods/work}
mkdir -p "$work"
out=$work/defaults.jsonl
: > "$out"
# A private copy of the runner, so that a rebuild during the (long) run cannot pull jars from under it.
rm -rf "$work/runner" && mkdir -p "$work/runner" && cp -r runner/target/umbra-runner.jar runner/target/lib "$work/runner/"
cp="$work/runner/umbra-runner.jar:$work/runner/lib/*"
export MALLOC_MMAP_MAX_=0 MALLOC_TRIM_THRESHOLD_=100000000000 MALLOC_TOP_PAD_=536870912
for method in "$@"; do
  java -Dai.djl.offline=true -cp "$cp" bench/methods/DefaultsBench.java "$method" "$epochs" "$threads" "$work" "$max_steps" \
    2>/dev/null | tee -a "$out"
done
/usr/bin/python3 - "$out" <<'PY'
import json, sys
rows = [json.loads(l) for l in open(sys.argv[1]) if l.strip()]
print()
print("| method | steps | loss per epoch | kNN top-1 | feature spread | images/s | wall s |")
print("|---|---|---|---|---|---|---|")
for r in rows:
    losses = ", ".join(f"{l:.3f}" for l in r["epoch_losses"]) or "—"
    print(f"| {r['method']} | {r['steps']} | {losses} | {100 * r['knn_top1']:.1f} % | {r['feature_spread']:.2f} "
          f"| {r['images_per_sec']:.0f} | {r['wall_seconds']:.0f} |")
PY
