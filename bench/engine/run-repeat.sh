#!/usr/bin/env bash
# The same spec trained N times by `umbra-runner train`: how many runs succeed, how many steps the
# runner computed again for a non-finite pass (GradientPass), and each run's final loss and kNN
# accuracy, which a deterministic engine would make identical at a fixed thread count.
# Usage: bench/engine/run-repeat.sh [-n RUNS] [-t THREADS] [-j RUNNER_JAR] SPEC.json
# Run from the repository root after `./mvnw -B -q -pl runner -am package -DskipTests`.
set -euo pipefail
runs=5; threads=2; jar=runner/target/umbra-runner.jar
while getopts "n:t:j:" opt; do
  case $opt in n) runs=$OPTARG ;; t) threads=$OPTARG ;; j) jar=$OPTARG ;; *) exit 2 ;; esac
done
shift $((OPTIND - 1))
spec=$1
work=bench/engine/work/repeat
# A private copy of the runner, so that a rebuild during the run cannot pull jars from under it.
rm -rf "$work" && mkdir -p "$work/runner"
cp -r "$jar" "$(dirname "$jar")/lib" "$work/runner/"
echo "$(basename "$spec"), $threads thread(s), $runs runs, load before: $(cut -d' ' -f1-3 /proc/loadavg)"
for i in $(seq "$runs"); do
  out=$work/run-$i
  set +e
  java -jar "$work/runner/$(basename "$jar")" train --spec="$spec" --out="$out" --threads="$threads" > "$work/log-$i.txt" 2>&1
  rc=$?
  set -e
  recomputed=$(grep -c 'computed again' "$work/log-$i.txt" || true)
  if [ "$rc" -eq 0 ]; then
    /usr/bin/python3 - "$out/result.json" "$i" "$recomputed" <<'PY'
import json, sys
r = json.load(open(sys.argv[1]))
print(f"run {sys.argv[2]}: SUCCEEDED, {sys.argv[3]} step(s) computed again, final loss {r['final_loss']:.6f},"
      f" knn/top1 {r['diagnostics'].get('knn/top1')}")
PY
  else
    echo "run $i: exit $rc, $recomputed step(s) computed again: $(grep -o 'failed: .*' "$work/log-$i.txt" | head -1)"
  fi
done
echo "load after: $(cut -d' ' -f1-3 /proc/loadavg)"
