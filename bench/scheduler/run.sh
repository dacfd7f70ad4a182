#!/usr/bin/env bash
# Starts the platform on a throwaway embedded default (no local runner, hour-long leases so nothing
# is reaped mid-measurement), runs ClaimBench, then reads back from the database that no run was
# leased twice. Usage: bench/scheduler/run.sh [runs] [claimers]
set -euo pipefail
cd "$(dirname "$0")/../.."
[ -f platform-api/target/quarkus-app/quarkus-run.jar ] || ./mvnw -B -q -DskipTests package
work=$(mktemp -d)
port=18082
java ${PLATFORM_JAVA_OPTS:-} -Dumbra.embedded.data-dir="$work" -Dquarkus.http.port=$port -Dumbra.local-runners.count=0 \
     -Dumbra.scheduler.lease=1h -Dquarkus.log.level=WARN \
     -jar platform-api/target/quarkus-app/quarkus-run.jar > "$work/platform.log" 2>&1 &
pid=$!
trap 'kill $pid 2>/dev/null; wait $pid 2>/dev/null || true; rm -rf "$work"' EXIT
for _ in $(seq 1 180); do curl -sf localhost:$port/q/health/ready >/dev/null && break; sleep 1; done
# The first start wrote the admin's token there (owner-only); the benchmark acts as that admin.
export UMBRA_TOKEN=$(cat "$work/admin-token")
echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs), $(free -g | awk '/Mem:/ {print $2}') GiB, load $(cut -d' ' -f1-3 /proc/loadavg)"
java bench/scheduler/ClaimBench.java "http://localhost:$port" "${1:-10000}" "${2:-64}"
