#!/usr/bin/env bash
# Starts the platform on a throwaway embedded default and drives it with ApiLoad: each platform figure
# beside PostgreSQL's own for the same rows, with the server's CPU per request.
# Usage: bench/api/run.sh [ingest-clients] [ingest-seconds] [submissions-per-client]
# Smoke mode (well under a minute, same lines, non-zero exit on any failure): bench/api/run.sh 1 2 2
set -euo pipefail
cd "$(dirname "$0")/../.."
source bench/common/platform.sh
# The per-token ingestion limit is raised out of the way: the benchmark posts as one admin token.
start_platform 18080 -Dumbra.auth.ingest-per-second=1000000 -Dumbra.auth.ingest-burst=1000000
print_machine
# ApiLoad runs the platform's own ingestion statements (MetricService) straight over JDBC for the raw figure.
bench_java -cp "$(ls platform-api/target/quarkus-app/app/umbra-platform-api-*.jar)" bench/api/ApiLoad.java "$BENCH_URL" "${1:-4}" "${2:-20}" "${3:-30}"
