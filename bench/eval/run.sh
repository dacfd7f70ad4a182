#!/usr/bin/env bash
# Runs bench/eval: linear probe (Java vs scikit-learn) and kNN (Java vs PyTorch) on the same
# 60,000 x 512 / 9,947 x 512 features, one after the other (never concurrently), 2 threads each.
# Needs: the full Fashion-MNIST (../shared/datasets/fashion-mnist), Debian python3-torch and
# python3-sklearn, and the runner jar (./mvnw -B -q -pl runner -am package -DskipTests).
# usage: bench/eval/run.sh   (from the repository root; results under bench/eval/work/)
set -euo pipefail
cd "$(dirname "$0")/../.."
DATA=${FASHION_MNIST_DIR:-../shared/datasets/fashion-mnist}
WORK=bench/eval/work
mkdir -p "$WORK"
export MALLOC_MMAP_MAX_=0 MALLOC_TRIM_THRESHOLD_=100000000000 MALLOC_TOP_PAD_=536870912
export OMP_NUM_THREADS=2

[ -f "$WORK/features/meta.json" ] || /usr/bin/python3 bench/eval/make_features.py "$DATA" "$WORK/features"

java -Dai.djl.offline=true -Dai.djl.pytorch.num_threads=2 -Dai.djl.pytorch.num_interop_threads=1 \
  -cp "runner/target/umbra-runner.jar:runner/target/lib/*" bench/eval/EvalBench.java "$WORK/features" \
  > "$WORK/java.json" 2> "$WORK/java.err"
CHUNK=$(/usr/bin/python3 -c "import json; print(json.load(open('$WORK/java.json'))['knn']['chunk_rows'])")
L2=$(/usr/bin/python3 -c "import json; print(json.load(open('$WORK/java.json'))['linear_probe']['details']['l2'])")
/usr/bin/python3 bench/eval/torch_knn.py "$WORK/features" "$CHUNK" 2 > "$WORK/torch_knn.json"
/usr/bin/python3 bench/eval/sklearn_probe.py "$WORK/features" "$L2" > "$WORK/sklearn.json"
echo "results: $WORK/java.json $WORK/torch_knn.json $WORK/sklearn.json"
