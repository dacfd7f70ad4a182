#!/usr/bin/env bash
# Times sweep expansion (10,000 runs, every spec validated, hashed and canonicalised) outside the
# platform, with the packaged platform's own scheduler and client jars. Exits non-zero when a sweep
# does not expand to 10,000 runs.
# Usage: bench/sweeps/run-expansion.sh [repetitions]    (smoke: bench/sweeps/run-expansion.sh 1)
set -euo pipefail
cd "$(dirname "$0")/../.."
source bench/common/platform.sh
[ -f platform-api/target/quarkus-app/quarkus-run.jar ] || ./mvnw -B -q -pl platform-api -am package -DskipTests
print_machine
bench_java -cp "platform-api/target/quarkus-app/lib/main/*" bench/sweeps/ExpansionBench.java "${1:-7}"
