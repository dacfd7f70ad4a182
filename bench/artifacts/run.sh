#!/usr/bin/env bash
# Artifact throughput: a 200 MB checkpoint up and down through the platform (S3 store, presigned
# URLs) against the same transfers straight to the S3 server. Writes bench/artifacts/results.md.
# The S3 server is Adobe S3Mock in the test JVM, on this machine: it measures the platform's
# overhead, not a production MinIO's bandwidth.
set -euo pipefail
cd "$(dirname "$0")/../.."
table=$(mktemp)
command="./mvnw -B -q -pl platform-api -am test -Dtest=ArtifactThroughputBench -Dsurefire.failIfNoSpecifiedTests=false -Dbench.artifacts.out=$table"
$command > bench/artifacts/last-run.log 2>&1
{
  echo "# Artifact throughput: through the platform vs direct to S3"
  echo
  echo "Measured $(date -u +%Y-%m-%d) with \`bench/artifacts/run.sh\`, i.e. \`${command/$table/<table>}\`."
  echo
  echo "Machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs), $(free -g | awk '/Mem:/ {print $2}') GiB RAM."
  echo
  echo "A 200 MB checkpoint (fresh bytes each repeat, so nothing dedups). *Platform* is the runner"
  echo "protocol as the agent uses it: \`RunnerClient.putArtifact\` (SHA-256 of the file, upload ticket,"
  echo "presigned PUT with the signed checksum header, confirm) and \`getArtifact\` (redirect, presigned"
  echo "GET, SHA-256 check). *Direct* is one presigned PUT/GET to the S3 server with the same JDK HTTP"
  echo "client and no platform call and no hashing; *direct + checks* adds what the protocol verifies"
  echo "(SHA-256 of the file, the signed checksum header the store verifies, SHA-256 on the way down)."
  echo "The S3 server is S3Mock in the same JVM on the same machine, which also carries the platform and"
  echo "the client: the 2 cores are shared by all three (and by other builds on this machine), so the"
  echo "figures are noisy."
  echo
  cat "$table"
} > bench/artifacts/results.md
rm -f "$table"
cat bench/artifacts/results.md
