#!/usr/bin/env bash
# Starts the platform on a throwaway embedded default (no local runner, hour-long leases so nothing
# is reaped mid-measurement) and runs ClaimBench: claims through the platform over HTTP, then the
# scheduler's own claim statement straight over JDBC on a second queue, both checked for runs handed
# out twice (answers and database). Exits non-zero on any double assignment or error.
# Usage: bench/scheduler/run.sh [runs] [claimers]    (smoke: bench/scheduler/run.sh 200 4)
set -euo pipefail
cd "$(dirname "$0")/../.."
source bench/common/platform.sh
start_platform 18082 -Dumbra.scheduler.lease=1h
print_machine
bench_java -cp "$(platform_lib umbra-scheduler)" bench/scheduler/ClaimBench.java "$BENCH_URL" "${1:-10000}" "${2:-64}"
