#!/usr/bin/env bash
# Starts the platform on a throwaway embedded default (no local runner) and runs AcceptanceBench:
# sweeps of N runs POSTed over REST (time to 201, server CPU), beside the raw INSERT of the same run
# rows. Exits non-zero when a sweep is refused or incomplete.
# Usage: bench/sweeps/run-acceptance.sh [runs] [submissions]    (smoke: bench/sweeps/run-acceptance.sh 200 2)
set -euo pipefail
cd "$(dirname "$0")/../.."
source bench/common/platform.sh
start_platform 18081
print_machine
# The platform's classes: the raw insert is the platform's own statement (RunRows.INSERT).
bench_java -cp "platform-api/target/quarkus-app/app/*:platform-api/target/quarkus-app/lib/main/*" \
    bench/sweeps/AcceptanceBench.java "$BENCH_URL" "${1:-10000}" "${2:-3}"
