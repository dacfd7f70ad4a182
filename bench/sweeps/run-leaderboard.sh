#!/usr/bin/env bash
# Starts the platform on a throwaway embedded default (no local runner), loads 10,000 succeeded runs
# x 50 metrics into its database and times the leaderboard and a 10,000-run sweep submission.
# Usage: bench/sweeps/run-leaderboard.sh [runs] [requests]
set -euo pipefail
cd "$(dirname "$0")/../.."
[ -f platform-api/target/quarkus-app/quarkus-run.jar ] || ./mvnw -B -q -pl platform-api -am package -DskipTests
work=$(mktemp -d)
port=18081
java -Dumbra.embedded.data-dir="$work" -Dquarkus.http.port=$port -Dumbra.local-runners.count=0 \
     -jar platform-api/target/quarkus-app/quarkus-run.jar > "$work/platform.log" 2>&1 &
pid=$!
trap 'kill $pid 2>/dev/null; wait $pid 2>/dev/null || true; rm -rf "$work"' EXIT
for _ in $(seq 1 180); do curl -sf localhost:$port/q/health/ready >/dev/null && break; sleep 1; done
# The first start wrote the admin's token there (owner-only); the benchmark acts as that admin.
export UMBRA_TOKEN=$(cat "$work/admin-token")
pg_port=$(grep -o 'Embedded PostgreSQL on port [0-9]*' "$work/platform.log" | grep -o '[0-9]*$')
driver=$(ls platform-api/target/quarkus-app/lib/main/org.postgresql.postgresql-*.jar)
echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs), $(free -g | awk '/Mem:/ {print $2}') GiB, load $(cut -d' ' -f1-3 /proc/loadavg)"
java -cp "$driver" bench/sweeps/LeaderboardBench.java "http://localhost:$port" \
     "jdbc:postgresql://localhost:$pg_port/postgres" "${1:-10000}" "${2:-30}" "$work"
