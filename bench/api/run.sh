#!/usr/bin/env bash
# Starts the platform on a throwaway embedded default and drives it with ApiLoad.
# Usage: bench/api/run.sh [ingest-clients] [ingest-seconds] [submissions-per-client]
set -euo pipefail
cd "$(dirname "$0")/../.."
[ -f platform-api/target/quarkus-app/quarkus-run.jar ] || ./mvnw -B -q -DskipTests package
work=$(mktemp -d)
port=18080
java -Dumbra.embedded.data-dir="$work" -Dquarkus.http.port=$port -Dquarkus.log.level=WARN -Dumbra.local-runners.count=0 \
     -Dumbra.auth.ingest-per-second=1000000 -Dumbra.auth.ingest-burst=1000000 \
     -jar platform-api/target/quarkus-app/quarkus-run.jar > "$work/platform.log" 2>&1 &
pid=$!
trap 'kill $pid 2>/dev/null; wait $pid 2>/dev/null || true; rm -rf "$work"' EXIT
for _ in $(seq 1 120); do curl -sf localhost:$port/q/health/ready >/dev/null && break; sleep 1; done
# The first start wrote the admin's token there (owner-only); the benchmark acts as that admin.
export UMBRA_TOKEN=$(cat "$work/admin-token")
echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs), $(free -g | awk '/Mem:/ {print $2}') GiB"
java bench/api/ApiLoad.java "http://localhost:$port" "${1:-4}" "${2:-20}" "${3:-30}"
