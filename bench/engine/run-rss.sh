#!/usr/bin/env bash
# Resident memory over 2,000 training steps of a tiny model (see RssBench.java).
# Usage: [JAVA_OPTS=...] bench/engine/run-rss.sh [THREADS]   (from the repository root, after packaging)
# JAVA_OPTS="-Xms128m -Xmx128m" fixes the JVM heap, so that RSS shows libtorch's native memory alone.
set -euo pipefail
work=bench/engine/work
# A private copy of the runner, so that a rebuild during the run cannot pull jars from under it.
rm -rf "$work/rss-runner" && mkdir -p "$work/rss-runner" && cp -r runner/target/umbra-runner.jar runner/target/lib "$work/rss-runner/"
java ${JAVA_OPTS:-} -cp "$work/rss-runner/umbra-runner.jar:$work/rss-runner/lib/*" bench/engine/RssBench.java "${1:-1}" "$work" \
  2>/dev/null | tee "$work/rss${JAVA_OPTS:+-fixed-heap}.txt"
