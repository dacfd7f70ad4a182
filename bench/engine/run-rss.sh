#!/usr/bin/env bash
# Resident memory over 2,000 training steps of a tiny model (see RssBench.java).
# Usage: bench/engine/run-rss.sh [THREADS]   (from the repository root, after packaging the runner)
set -euo pipefail
work=bench/engine/work
# A private copy of the runner, so that a rebuild during the run cannot pull jars from under it.
rm -rf "$work/rss-runner" && mkdir -p "$work/rss-runner" && cp -r runner/target/umbra-runner.jar runner/target/lib "$work/rss-runner/"
java -cp "$work/rss-runner/umbra-runner.jar:$work/rss-runner/lib/*" bench/engine/RssBench.java "${1:-1}" "$work" \
  2>/dev/null | tee bench/engine/work/rss.txt
