#!/usr/bin/env bash
# Runs bench/eval: linear probe (Java vs scikit-learn) and kNN (Java vs PyTorch) on the same
# 60,000 x 512 / 9,947 x 512 features, one after the other (never concurrently), with the same thread count.
# Needs: the full Fashion-MNIST (../shared/datasets/fashion-mnist), Debian python3-torch and
# python3-sklearn, and the runner jar (./mvnw -B -q -pl runner -am package -DskipTests).
# usage: bench/eval/run.sh   (from the repository root; results under bench/eval/work/)
set -euo pipefail
cd "$(dirname "$0")/../.."
DATA=${FASHION_MNIST_DIR:-../shared/datasets/fashion-mnist}
WORK=bench/eval/work
mkdir -p "$WORK"
export MALLOC_MMAP_MAX_=0 MALLOC_TRIM_THRESHOLD_=100000000000 MALLOC_TOP_PAD_=536870912
THREADS=${THREADS:-1}   # intra-op threads on both sides (1: steadier on a shared machine)
export OMP_NUM_THREADS=$THREADS OPENBLAS_NUM_THREADS=$THREADS MKL_NUM_THREADS=$THREADS
REPS=${REPS:-1}; export REPS   # timed repetitions of each kNN measurement

[ -f "$WORK/features/meta.json" ] || /usr/bin/python3 bench/eval/make_features.py "$DATA" "$WORK/features"

JAVA=(java -Dreps="$REPS" -Dai.djl.offline=true -Dai.djl.pytorch.num_threads="$THREADS" -Dai.djl.pytorch.num_interop_threads=1
      -cp "runner/target/umbra-runner.jar:runner/target/lib/*" bench/eval/EvalBench.java "$WORK/features")
part() { /usr/bin/python3 -c "import json,sys; print(json.dumps([json.loads(l) for l in open('$1') if l.startswith('{')][0]$2))"; }

# kNN: Java, then PyTorch with the same chunk rows.
"${JAVA[@]}" knn > "$WORK/java_knn.jsonl" 2> "$WORK/java_knn.err"
/usr/bin/python3 bench/eval/torch_knn.py "$WORK/features" "$(part "$WORK/java_knn.jsonl" "['chunk_rows']")" "$THREADS" \
  > "$WORK/torch_knn.json"
# Linear probe: Java, then scikit-learn (plus one cold fit at the L2 Java chose).
"${JAVA[@]}" probe > "$WORK/java_probe.jsonl" 2> "$WORK/java_probe.err"
/usr/bin/python3 bench/eval/sklearn_probe.py "$WORK/features" "$(part "$WORK/java_probe.jsonl" "['details']['l2']")" \
  > "$WORK/sklearn.json"
echo "results under $WORK: java_knn.jsonl torch_knn.json java_probe.jsonl sklearn.json"
