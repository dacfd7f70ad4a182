#!/usr/bin/env bash
# Artifact throughput: a 200 MB checkpoint up and down through the platform (S3 store, presigned
# URLs) against the same transfers straight to the S3 server, beside SHA-256 alone in the same JVM.
# Prints a report, also kept in bench/artifacts/work/latest.md; the committed results.md gathers the
# runs' tables and readings by hand, as every RESULTS does (a run no longer overwrites it). The S3 server is Adobe S3Mock in the test JVM, on this machine:
# it measures the platform's overhead, not a production MinIO's bandwidth.
#
# Usage: bench/artifacts/run.sh          (200 MB x 3; some minutes)
#        bench/artifacts/run.sh smoke    (2 MB x 1, nothing kept; prints "artifact bench OK";
#                                         ./mvnw -B verify runs this size too, as part of platform-api's tests)
# Extra Maven arguments (e.g. -o) in BENCH_MAVEN_ARGS. Exits non-zero when a copy differs or a step fails.
set -euo pipefail
cd "$(dirname "$0")/../.."
table=$(mktemp)
trap 'rm -f "$table"' EXIT
size=(-Dbench.artifacts.mb=200 -Dbench.artifacts.repeats=3)
[ "${1:-}" = smoke ] && size=(-Dbench.artifacts.mb=2 -Dbench.artifacts.repeats=1)
# shellcheck disable=SC2086 # BENCH_MAVEN_ARGS is a list of arguments
command="./mvnw -B -q ${BENCH_MAVEN_ARGS:-} -pl platform-api -am test -Dtest=ArtifactThroughputBench -Dsurefire.failIfNoSpecifiedTests=false ${size[*]} -Dbench.artifacts.out=$table"
log=$(mktemp /tmp/artifact-bench-XXXX.log)
if ! $command > "$log" 2>&1; then
    tail -50 "$log" >&2
    echo "FAIL: the artifact benchmark failed (log: $log)" >&2
    exit 1
fi
grep -q 'artifact bench OK' "$table" || { echo "FAIL: no result line (log: $log)" >&2; exit 1; }
rm -f "$log"
if [ "${1:-}" = smoke ]; then
    cat "$table"
    exit 0
fi
mkdir -p bench/artifacts/work
{
  echo "# Artifact throughput: through the platform vs direct to S3"
  echo
  echo "Measured $(date -u +%Y-%m-%d) with \`bench/artifacts/run.sh\`, i.e. \`${command/$table/<table>}\`."
  echo
  echo "Machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs), $(free -g | awk '/Mem:/ {print $2}') GiB RAM, load $(cut -d' ' -f1-3 /proc/loadavg) at the end."
  echo
  echo "A 200 MB checkpoint (fresh bytes each repeat, so nothing dedups). *Platform* is the runner"
  echo "protocol as the agent uses it: \`RunnerClient.putArtifact\` (SHA-256 of the file, upload ticket,"
  echo "presigned PUT with the signed checksum header, confirm) and \`getArtifact\` (redirect, presigned"
  echo "GET, SHA-256 check). *Direct* is one presigned PUT/GET to the S3 server with the same JDK HTTP"
  echo "client and no platform call and no hashing; *direct + checks* adds what the protocol verifies"
  echo "(SHA-256 of the file, the signed checksum header the store verifies, SHA-256 on the way down),"
  echo "written the plain way (\`DigestInputStream\` over the body stream). *SHA-256 alone* is"
  echo "\`MessageDigest\` over the same number of bytes in memory, 1 MB per update, in the same JVM."
  echo "The S3 server is S3Mock in the same JVM on the same machine, which also carries the platform and"
  echo "the client: the 2 cores are shared by all three, so the figures are noisy."
  echo
  cat "$table"
} | tee bench/artifacts/work/latest.md
