#!/usr/bin/env bash
# Resident memory over 2,000 training steps of a tiny model (see RssBench.java).
# Usage: bench/engine/run-rss.sh [THREADS]   (from the repository root, after packaging the runner)
set -euo pipefail
mkdir -p bench/engine/work
java -cp "runner/target/umbra-runner.jar:runner/target/lib/*" bench/engine/RssBench.java "${1:-1}" bench/engine/work \
  2>/dev/null | tee bench/engine/work/rss.txt
