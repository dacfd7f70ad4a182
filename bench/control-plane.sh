#!/usr/bin/env bash
# Issue 18's figures in one run: every control-plane benchmark in turn, each beside PostgreSQL's own
# limit for the same work, with the load average before and after each. Time it only on a quiet
# machine (nothing else running); the whole output also goes to bench/control-plane.txt (committed with the RESULTS it feeds).
# Usage: bench/control-plane.sh        (about 22 minutes on 2 cores; BENCH_MAVEN_ARGS=-o builds offline)
set -euo pipefail
cd "$(dirname "$0")/.."
# shellcheck disable=SC2086 # BENCH_MAVEN_ARGS is a list of arguments
./mvnw -B -q ${BENCH_MAVEN_ARGS:-} -DskipTests package
{
    echo "commit $(git rev-parse --short HEAD), $(date -u '+%Y-%m-%d %H:%M UTC')"
    for bench in "bench/api/run.sh 4 20 30" "bench/scheduler/run.sh 10000 64" "bench/sweeps/run-acceptance.sh 10000 3" \
                 "bench/artifacts/run.sh" "bench/overhead/run.sh 4 60 1 3"; do
        echo
        # Each benchmark starts on a settled machine: right after the claim benchmark's 128 clients, a
        # 10,000-run sweep took 1,117 ms and 1,433 ms of server CPU; after this pause 849 ms and 1,070 ms.
        sleep 30
        echo "== $bench (load before: $(cut -d' ' -f1-3 /proc/loadavg))"
        $bench
        echo "== load after: $(cut -d' ' -f1-3 /proc/loadavg)"
    done
} 2>&1 | tee bench/control-plane.txt
