#!/usr/bin/env bash
# Platform overhead on one run: the same spec trained offline (`umbra-runner train`) and by a runner
# agent through the platform (claim, heartbeats, metric streaming, checkpoint uploads, results),
# with a fixed seed and a fixed thread count so both do identical work (their final evaluation
# numbers must match to the last digit). Prints wall times, their ratio and the phases of each side.
#
# Usage: bench/overhead/run.sh [epochs] [max-steps-per-epoch] [threads]   (default 4 60 1: a few minutes)
#        bench/overhead/run.sh smoke                                      (1 epoch of 3 steps, kNN only: seconds)
# Exits non-zero when either side fails or their evaluation numbers differ. OVERHEAD_LOGS=DIR keeps
# both runs' logs (the offline one time-stamped per line, the agent's with log time stamps);
# AGENT_JAVA_OPTS and PLATFORM_JAVA_OPTS go to the agent's and the platform's JVMs (e.g. a flight recording).
set -euo pipefail
cd "$(dirname "$0")/../.."
source bench/common/platform.sh

protocols='"knn/v1", "linear-probe/v1"'
if [ "${1:-}" = smoke ]; then
    epochs=1 steps=3 threads=1 limit=600 protocols='"knn/v1"'
else
    # One thread by default: at two on two cores the final linear probe's time varies 5-85 s from
    # run to run in either process (see RESULTS.md), which buries a 3 % difference.
    epochs=${1:-4} steps=${2:-60} threads=${3:-1} limit=3600
fi

runner_jar=runner/target/umbra-runner.jar
[ -f "$runner_jar" ] || ./mvnw -B -q -pl runner -am package -DskipTests
# Both sides run the runner jar with the same JVM options; the agent's log gets time stamps.
runner_java=(java -Xmx1g -Dorg.slf4j.simpleLogger.showDateTime=true
             "-Dorg.slf4j.simpleLogger.dateTimeFormat=yyyy-MM-dd'T'HH:mm:ss.SSS")

work=$(mktemp -d)
# Both runs' logs are kept on any exit, a failed one above all (OVERHEAD_LOGS=DIR).
keep_logs() { [ -z "${OVERHEAD_LOGS:-}" ] || { mkdir -p "$OVERHEAD_LOGS" && cp "$work"/*.log "$OVERHEAD_LOGS/" 2>/dev/null || true; }; }
trap 'keep_logs; rm -rf "$work"' EXIT
# A SimCLR spec at a fixed seed with checkpoints every epoch, kNN and the linear probe at the end
# (kNN also after each epoch: the default knn_every_epochs).
cat > "$work/spec.json" <<JSON
{
  "dataset": "fashion-mnist-sample",
  "backbone": "convnet-s",
  "method": {"name": "simclr"},
  "epochs": $epochs,
  "batch_size": 256,
  "max_steps_per_epoch": $steps,
  "schedule": {"kind": "cosine", "warmup_epochs": 0},
  "seed": 7,
  "evaluation": {"protocols": [$protocols]},
  "checkpoint": {"every_epochs": 1, "keep_last": 2}
}
JSON

now() { echo "${EPOCHREALTIME/./}"; } # microseconds
# CPU milliseconds of the platform's JVM and its PostgreSQL (command lines naming BENCH_WORK), runners left out
server_cpu_ms() {
    python3 - "$BENCH_PLATFORM_PID" "$BENCH_WORK" <<'PY'
import os, sys
pid, marker, hz, total = sys.argv[1], sys.argv[2], os.sysconf("SC_CLK_TCK"), 0
for p in filter(str.isdigit, os.listdir("/proc")):
    try:
        cmd = open(f"/proc/{p}/cmdline", "rb").read().decode(errors="replace")
        if p == pid or (marker in cmd and "umbra-runner.jar" not in cmd):
            fields = open(f"/proc/{p}/stat").read().rsplit(")", 1)[1].split()
            total += int(fields[11]) + int(fields[12])
    except OSError:
        pass
print(total * 1000 // hz)
PY
}
stamp() { while IFS= read -r line; do printf '%s %s\n' "$EPOCHREALTIME" "$line"; done; }

print_machine
echo "spec: simclr convnet-s, $epochs epochs x $steps steps, batch 256, seed 7, $threads thread(s)"

# 1. Offline, before the platform starts: a platform just started keeps compiling, and its fresh
# database checkpoints and analyses, for minutes, and on two cores that slowed the offline side by
# up to 15 % when it ran beside it.
t0=$(now)
/usr/bin/time -f '%U %S' -o "$work/offline.cpu" "${runner_java[@]}" -jar "$runner_jar" train --spec "$work/spec.json" --out "$work/offline" \
    --cache-dir "$work/offline-cache" --threads "$threads" 2>&1 | stamp > "$work/offline.log" \
    || { cat "$work/offline.log" >&2; echo "FAIL: the offline run failed" >&2; exit 1; }
t1=$(now)
offline_us=$((t1 - t0))
offline_result=$(jq -c '[.evaluation[] | {protocol, metric, value}] | sort_by(.protocol, .metric)' "$work/offline/result.json")

# 2. Through the platform: an agent already registered and waiting, as on a runner node.
start_platform 18083
trap 'kill ${agent_pid:-} 2>/dev/null || true; kill $BENCH_PLATFORM_PID 2>/dev/null; wait $BENCH_PLATFORM_PID 2>/dev/null || true
      rm -rf "$BENCH_WORK"; keep_logs; rm -rf "$work"' EXIT
auth=(-H "Authorization: Bearer $UMBRA_TOKEN" -H 'Content-Type: application/json')
api=$BENCH_URL/api/v1
runner_token=$(curl -sf "${auth[@]}" -X POST "$api/runner-tokens" -d '{"name": "overhead-bench"}' | jq -r .token)
# shellcheck disable=SC2086 # AGENT_JAVA_OPTS is a list of options, e.g. a flight recording
# A hung agent is stopped after $limit s and fails the benchmark rather than blocking it.
UMBRA_RUNNER_TOKEN=$runner_token timeout "$limit" /usr/bin/time -f '%U %S' -o "$work/agent.cpu" "${runner_java[@]}" ${AGENT_JAVA_OPTS:-} -jar "$runner_jar" agent --server "$BENCH_URL" \
    --name ovh-agent --work-dir "$work/agent" --cache-dir "$work/agent-cache" --threads "$threads" --max-runs 1 \
    > "$work/agent.log" 2>&1 &
agent_pid=$!
for _ in $(seq 1 120); do
    grep -q 'registered as runner' "$work/agent.log" && break
    kill -0 $agent_pid 2>/dev/null || { cat "$work/agent.log" >&2; echo "FAIL: the agent did not start" >&2; exit 1; }
    sleep 0.5
done
experiment=$(curl -sf "${auth[@]}" -X POST "$api/experiments" -d '{"name": "overhead"}' | jq -r .id)
cpu2=$(server_cpu_ms)
run=$(curl -sf "${auth[@]}" -X POST "$api/experiments/$experiment/runs" -d @"$work/spec.json" | jq -r .id)
# The agent exits after its one run (--max-runs 1); the run's own created_at, started_at and
# finished_at time it, so nothing polls the platform meanwhile (polling would load it).
wait $agent_pid || true
cpu3=$(server_cpu_ms)
status=$(curl -sf "${auth[@]}" "$api/runs/$run" | jq -r .status)
if [ "$status" != SUCCEEDED ]; then
    cat "$work/agent.log" >&2
    echo "FAIL: the run through the platform ended $status" >&2
    exit 1
fi
run_json=$(curl -sf "${auth[@]}" "$api/runs/$run")
# created_at is the submission; started_at the first heartbeat, which the agent sends as it claims
read -r platform_us claimed_us < <(python3 -c 'import sys,json,datetime as d
r=json.load(sys.stdin); f=lambda k: d.datetime.fromisoformat(r[k].replace("Z","+00:00"))
us=lambda a,b: int((f(b)-f(a)).total_seconds()*1e6)
print(us("created_at","finished_at"), us("started_at","finished_at"))' <<<"$run_json")
platform_result=$(curl -sf "${auth[@]}" "$api/runs/$run/results" \
    | jq -c '[.[] | {protocol, metric, value}] | sort_by(.protocol, .metric)')

echo
echo "offline (umbra-runner train, JVM start included):  $(awk "BEGIN {printf \"%.1f\", $offline_us / 1e6}") s"
echo "platform, submission -> SUCCEEDED:                 $(awk "BEGIN {printf \"%.1f\", $platform_us / 1e6}") s"
echo "platform, claim -> SUCCEEDED (started_at..finished_at): $(awk "BEGIN {printf \"%.1f\", $claimed_us / 1e6}") s"
echo "ratio submission->SUCCEEDED / offline: $(awk "BEGIN {printf \"%.3f\", $platform_us / $offline_us}")"
echo "ratio claim->SUCCEEDED / offline:      $(awk "BEGIN {printf \"%.3f\", $claimed_us / $offline_us}")"
cpu_s() { awk '{printf "%.1f", $1 + $2}' "$1"; }
echo "CPU: offline process $(cpu_s "$work/offline.cpu") s, agent process $(cpu_s "$work/agent.cpu") s (JVM start included in both), platform + PostgreSQL during the run $(awk "BEGIN {printf \"%.1f\", ($cpu3 - $cpu2) / 1e3}") s"
echo "offline evaluation:  $offline_result"
echo "platform evaluation: $platform_result"
if [ "$offline_result" != "$platform_result" ] || [ "$offline_result" = "[]" ]; then
    echo "FAIL: the two sides' evaluation numbers differ (or are missing): not identical work" >&2
    exit 1
fi
echo "evaluation identical: yes"
echo "load at the end: $(cut -d' ' -f1-3 /proc/loadavg)"
# Phases, from the offline run's time-stamped output and the agent's log, in seconds.
python3 - "$work/offline.log" "$t0" "$t1" "$work/agent.log" "$run_json" <<'PY'
import datetime as d, json, re, sys
offline_log, t0, t1, agent_log, run = sys.argv[1], int(sys.argv[2]) / 1e6, int(sys.argv[3]) / 1e6, sys.argv[4], json.loads(sys.argv[5])
def iso(s): return d.datetime.fromisoformat(s.replace("Z", "+00:00")).timestamp()
def marks(lines):
    m = {}
    for t, text in lines:
        if " on " in text and "training images" in text: m.setdefault("ready", t)
        if re.search(r"epoch \d+/\d+ done", text): m["trained"] = t
        if "evaluation took" in text: m["evaluated"] = t
        if re.search(r"(SUCCEEDED|FAILED) after", text): m["finished"] = t
    return m
off = marks((float(l.split(" ", 1)[0]), l) for l in open(offline_log) if l[:1].isdigit())
ag = marks((d.datetime.strptime(l[:23], "%Y-%m-%dT%H:%M:%S.%f").replace(tzinfo=d.timezone.utc).timestamp(), l)
           for l in open(agent_log) if l[:4].isdigit())
submitted, claimed, done = iso(run["created_at"]), iso(run["started_at"]), iso(run["finished_at"])
rows = [("submission -> claim (first heartbeat)", None, claimed - submitted),
        ("start -> first step (offline: JVM, engine, sample; agent: dataset fetch, set-up)", off["ready"] - t0, ag["ready"] - claimed),
        ("training with per-epoch kNN and checkpoints", off["trained"] - off["ready"], ag["trained"] - ag["ready"]),
        ("final evaluation", off["evaluated"] - off["trained"], ag["evaluated"] - ag["trained"]),
        ("end (offline: exit; agent: uploads, results, complete)", t1 - off["finished"], done - ag["finished"])]
print("phase | offline s | platform s")
for name, a, b in rows:
    print(f"{name} | {'-' if a is None else f'{a:.1f}'} | {b:.1f}")
PY
