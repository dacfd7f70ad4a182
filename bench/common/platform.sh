# Shared by the control-plane benchmarks (source it from the repository root):
#   start_platform PORT [java options...]  starts the packaged platform on a throwaway embedded default
#                                          (no local runner) on PORT or the next free port above it and
#                                          waits until it is ready; exports BENCH_URL (where it listens),
#                                          UMBRA_TOKEN (the first admin's), BENCH_WORK (its data
#                                          directory, also the marker of its PostgreSQL's command
#                                          lines) and BENCH_PLATFORM_PID. PLATFORM_JAVA_OPTS is passed
#                                          to it, e.g. -XX:StartFlightRecording=filename=api.jfr,settings=profile;
#                                          BENCH_PLATFORM_LOG=FILE keeps its log there when the script exits;
#                                          BENCH_PLATFORM_APP=DIR runs another build's quarkus-app (an A/B
#                                          comparison on the same machine in the same hour)
#   bench_java [-cp EXTRA] MAIN.java [args...]
#                                          compiles MAIN.java with bench/common/*.java against the
#                                          PostgreSQL driver (and EXTRA, a class path) and runs it
#   platform_lib NAME                      the packaged platform's jar of artifact NAME (e.g. umbra-scheduler),
#                                          for a benchmark that runs the platform's own code beside it
#   print_machine                          one line: cores, CPU model, memory, load average
# The platform stops and its data directory goes when the calling script exits.
set -euo pipefail

start_platform() {
    local port=$1
    shift
    # Another platform (or benchmark) may hold the port: take the next one nobody answers on.
    while curl -s -o /dev/null "localhost:$port"; do port=$((port + 1)); done
    BENCH_URL="http://localhost:$port"
    export BENCH_URL
    local app=${BENCH_PLATFORM_APP:-platform-api/target/quarkus-app}
    [ -f "$app/quarkus-run.jar" ] || ./mvnw -B -q -pl platform-api -am package -DskipTests
    BENCH_WORK=$(mktemp -d)
    export BENCH_WORK
    # shellcheck disable=SC2086 # PLATFORM_JAVA_OPTS is a list of options
    java ${PLATFORM_JAVA_OPTS:-} -Dumbra.embedded.data-dir="$BENCH_WORK" -Dquarkus.http.port="$port" \
         -Dquarkus.log.level=WARN -Dumbra.local-runners.count=0 "$@" \
         -jar "$app/quarkus-run.jar" > "$BENCH_WORK/platform.log" 2>&1 &
    BENCH_PLATFORM_PID=$!
    export BENCH_PLATFORM_PID
    trap 'kill $BENCH_PLATFORM_PID 2>/dev/null; wait $BENCH_PLATFORM_PID 2>/dev/null || true
          [ -z "${BENCH_PLATFORM_LOG:-}" ] || cp "$BENCH_WORK/platform.log" "$BENCH_PLATFORM_LOG"; rm -rf "$BENCH_WORK"' EXIT
    for _ in $(seq 1 180); do
        [ -f "$BENCH_WORK/admin-token" ] && curl -sf "localhost:$port/q/health/ready" >/dev/null && break
        kill -0 "$BENCH_PLATFORM_PID" 2>/dev/null || { cat "$BENCH_WORK/platform.log" >&2; echo "the platform did not start" >&2; exit 1; }
        sleep 1
    done
    curl -sf "localhost:$port/q/health/ready" >/dev/null || { echo "the platform was not ready after 180 s" >&2; exit 1; }
    # The first start wrote the admin's token there (owner-only); the benchmark acts as that admin.
    UMBRA_TOKEN=$(cat "$BENCH_WORK/admin-token")
    export UMBRA_TOKEN
}

bench_java() {
    local extra=""
    if [ "${1:-}" = "-cp" ]; then
        extra=":$2"
        shift 2
    fi
    local main=$1
    shift
    local classes driver
    classes=$(mktemp -d)
    driver=$(ls platform-api/target/quarkus-app/lib/main/org.postgresql.postgresql-*.jar)
    javac -nowarn -d "$classes" -cp "$driver$extra" bench/common/*.java "$main"
    local rc=0
    java -cp "$classes:$driver$extra" "$(basename "$main" .java)" "$@" || rc=$?
    rm -rf "$classes"
    return $rc
}

platform_lib() {
    ls platform-api/target/quarkus-app/lib/main/dev.umbra."$1"-*.jar
}

print_machine() {
    echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs), $(free -g | awk '/Mem:/ {print $2}') GiB, Java $(java -version 2>&1 | head -1 | cut -d'"' -f2), load $(cut -d' ' -f1-3 /proc/loadavg)"
}
