#!/usr/bin/env bash
# Starts the platform on a throwaway embedded default (no local runner), loads N succeeded runs x 50
# metrics into its database and times the leaderboard and the compute view over REST (server CPU
# per request). Exits non-zero when a request fails. Sweep acceptance is run-acceptance.sh's.
# Usage: bench/sweeps/run-leaderboard.sh [runs] [requests]    (smoke: bench/sweeps/run-leaderboard.sh 300 3)
set -euo pipefail
cd "$(dirname "$0")/../.."
source bench/common/platform.sh
start_platform 18081
print_machine
bench_java bench/sweeps/LeaderboardBench.java "$BENCH_URL" "${1:-10000}" "${2:-30}"
