#!/usr/bin/env bash
# Times sweep expansion (10,000 runs, every spec validated and hashed) outside the platform.
# Usage: bench/sweeps/run-expansion.sh [repetitions]
set -euo pipefail
cd "$(dirname "$0")/../.."
./mvnw -B -q -pl scheduler -am compile dependency:build-classpath -Dmdep.outputFile=target/bench-classpath.txt
cp="scheduler/target/classes:platform-api/client/target/classes:$(cat scheduler/target/bench-classpath.txt)"
echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs), $(free -g | awk '/Mem:/ {print $2}') GiB, load $(cut -d' ' -f1-3 /proc/loadavg)"
java -cp "$cp" bench/sweeps/ExpansionBench.java "${1:-7}"
