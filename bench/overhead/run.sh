#!/usr/bin/env bash
# Platform overhead on one run: the same spec trained offline (`umbra-runner train`) and by a runner
# agent through the platform (claim, heartbeats, metric streaming, checkpoint uploads, results),
# with a fixed seed and a fixed thread count so both do identical work (their final evaluation
# numbers must match to the last digit). Prints wall times, their ratio and the phases of each side,
# for several pairs in alternating order (offline first, then platform first, ...) and their median:
# one pair's ratio moves by up to ±10 % with this VM's drift, more than the 3 % it is about.
#
# Usage: bench/overhead/run.sh [epochs] [max-steps-per-epoch] [threads] [pairs]   (default 4 60 1 3: ~9 minutes)
#        bench/overhead/run.sh smoke                                              (1 pair, 1 epoch of 3 steps, kNN only: seconds)
# Exits non-zero when either side fails or their evaluation numbers differ. OVERHEAD_LOGS=DIR keeps
# both runs' logs (the offline one time-stamped per line, the agent's with log time stamps);
# AGENT_JAVA_OPTS and PLATFORM_JAVA_OPTS go to the agent's and the platform's JVMs (e.g. a flight recording).
set -euo pipefail
cd "$(dirname "$0")/../.."
source bench/common/platform.sh

protocols='"knn/v1", "linear-probe/v1"'
if [ "${1:-}" = smoke ]; then
    epochs=1 steps=3 threads=1 pairs=1 limit=600 protocols='"knn/v1"'
else
    # One thread by default: at two on two cores the final linear probe's time varies 5-85 s from
    # run to run in either process (see RESULTS.md), which buries a 3 % difference.
    epochs=${1:-4} steps=${2:-60} threads=${3:-1} pairs=${4:-3} limit=3600
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
echo "spec: simclr convnet-s, $epochs epochs x $steps steps, batch 256, seed 7, $threads thread(s); $pairs pair(s)"

# Every run starts from an empty cache and work directory, so each does the same work.
run_offline() {
    local i=$1
    echo "$(now)" > "$work/offline-$i.start"
    /usr/bin/time -f '%U %S' -o "$work/offline-$i.cpu" "${runner_java[@]}" -jar "$runner_jar" train --spec "$work/spec.json" \
        --out "$work/offline-$i" --cache-dir "$work/offline-cache-$i" --threads "$threads" 2>&1 | stamp > "$work/offline-$i.log" \
        || { cat "$work/offline-$i.log" >&2; echo "FAIL: the offline run of pair $i failed" >&2; exit 1; }
    echo "$(now)" > "$work/offline-$i.end"
    jq -c '[.evaluation[] | {protocol, metric, value}] | sort_by(.protocol, .metric)' "$work/offline-$i/result.json" \
        > "$work/offline-$i.result"
}

# An agent already registered and waiting, as on a runner node; it exits after its one run (--max-runs 1),
# and the run's own created_at, started_at and finished_at time it, so nothing polls the platform meanwhile
# (polling would load it).
run_platform() {
    local i=$1 run status cpu0
    # shellcheck disable=SC2086 # AGENT_JAVA_OPTS is a list of options, e.g. a flight recording
    # A hung agent is stopped after $limit s and fails the benchmark rather than blocking it.
    UMBRA_RUNNER_TOKEN=$runner_token timeout "$limit" /usr/bin/time -f '%U %S' -o "$work/agent-$i.cpu" "${runner_java[@]}" \
        ${AGENT_JAVA_OPTS:-} -jar "$runner_jar" agent --server "$BENCH_URL" --name "ovh-agent-$i" --work-dir "$work/agent-$i" \
        --cache-dir "$work/agent-cache-$i" --threads "$threads" --max-runs 1 > "$work/agent-$i.log" 2>&1 &
    agent_pid=$!
    for _ in $(seq 1 120); do
        grep -q 'registered as runner' "$work/agent-$i.log" && break
        kill -0 $agent_pid 2>/dev/null || { cat "$work/agent-$i.log" >&2; echo "FAIL: the agent of pair $i did not start" >&2; exit 1; }
        sleep 0.5
    done
    cpu0=$(server_cpu_ms)
    run=$(curl -sf "${auth[@]}" -X POST "$api/experiments/$experiment/runs" -d @"$work/spec.json" | jq -r .id)
    wait $agent_pid || true
    echo $(($(server_cpu_ms) - cpu0)) > "$work/platform-$i.server-cpu"
    curl -sf "${auth[@]}" "$api/runs/$run" > "$work/platform-$i.run"
    status=$(jq -r .status "$work/platform-$i.run")
    if [ "$status" != SUCCEEDED ]; then
        cat "$work/agent-$i.log" >&2
        echo "FAIL: the run of pair $i through the platform ended $status" >&2
        exit 1
    fi
    curl -sf "${auth[@]}" "$api/runs/$run/results" | jq -c '[.[] | {protocol, metric, value}] | sort_by(.protocol, .metric)' \
        > "$work/platform-$i.result"
}

# The first offline run goes before the platform starts: a platform just started keeps compiling, and
# its fresh database checkpoints and analyses, for minutes, and on two cores that slowed the offline
# side by up to 15 % when it ran beside it. Later pairs alternate the order (the platform, idle
# between runs, has settled by then), so a drift of the machine's speed favours neither side.
run_offline 1
start_platform 18083
trap 'kill ${agent_pid:-} 2>/dev/null || true; kill $BENCH_PLATFORM_PID 2>/dev/null; wait $BENCH_PLATFORM_PID 2>/dev/null || true
      rm -rf "$BENCH_WORK"; keep_logs; rm -rf "$work"' EXIT
auth=(-H "Authorization: Bearer $UMBRA_TOKEN" -H 'Content-Type: application/json')
api=$BENCH_URL/api/v1
runner_token=$(curl -sf "${auth[@]}" -X POST "$api/runner-tokens" -d '{"name": "overhead-bench"}' | jq -r .token)
experiment=$(curl -sf "${auth[@]}" -X POST "$api/experiments" -d '{"name": "overhead"}' | jq -r .id)
run_platform 1
for i in $(seq 2 "$pairs"); do
    if [ $((i % 2)) = 0 ]; then
        run_platform "$i"
        run_offline "$i"
    else
        run_offline "$i"
        run_platform "$i"
    fi
done

echo
# Each pair's wall times, ratios, CPU and phases (from the offline run's time-stamped output and the
# agent's log), then the medians; exits 1 when any run's evaluation numbers differ from the first's.
python3 - "$work" "$pairs" <<'PY'
import datetime as d, json, re, statistics, sys
work, pairs = sys.argv[1], int(sys.argv[2])
def read(name): return open(f"{work}/{name}").read().strip()
def iso(s): return d.datetime.fromisoformat(s.replace("Z", "+00:00")).timestamp()
def cpu(name): return sum(map(float, read(name).split()))
def marks(lines):
    m = {}
    for t, text in lines:
        if " on " in text and "training images" in text: m.setdefault("ready", t)
        if re.search(r"epoch \d+/\d+ done", text): m["trained"] = t
        if "evaluation took" in text: m["evaluated"] = t
        if re.search(r"(SUCCEEDED|FAILED) after", text): m["finished"] = t
    return m
offline, submitted_s, claimed_s, tables, differ = [], [], [], [], []
expected = read("offline-1.result")
for i in range(1, pairs + 1):
    t0, t1 = int(read(f"offline-{i}.start")) / 1e6, int(read(f"offline-{i}.end")) / 1e6
    run = json.loads(read(f"platform-{i}.run"))
    submitted, claimed, done = iso(run["created_at"]), iso(run["started_at"]), iso(run["finished_at"])
    offline.append(t1 - t0); submitted_s.append(done - submitted); claimed_s.append(done - claimed)
    for side in ("offline", "platform"):
        if read(f"{side}-{i}.result") != expected or expected == "[]":
            differ.append(f"{side} run of pair {i}: {read(f'{side}-{i}.result')}")
    order = "offline first" if i % 2 else "platform first"
    print(f"pair {i} ({order}): offline {t1 - t0:.1f} s, submission -> SUCCEEDED {done - submitted:.1f} s, "
          f"claim -> SUCCEEDED {done - claimed:.1f} s, ratios {(done - submitted) / (t1 - t0):.3f} / {(done - claimed) / (t1 - t0):.3f}; "
          f"CPU: offline process {cpu(f'offline-{i}.cpu'):.1f} s, agent process {cpu(f'agent-{i}.cpu'):.1f} s (JVM start included in both), "
          f"platform + PostgreSQL during the run {int(read(f'platform-{i}.server-cpu')) / 1e3:.1f} s")
    off = marks((float(l.split(" ", 1)[0]), l) for l in open(f"{work}/offline-{i}.log") if l[:1].isdigit())
    ag = marks((d.datetime.strptime(l[:23], "%Y-%m-%dT%H:%M:%S.%f").replace(tzinfo=d.timezone.utc).timestamp(), l)
               for l in open(f"{work}/agent-{i}.log") if l[:4].isdigit())
    tables.append([("submission -> claim (first heartbeat)", None, claimed - submitted),
                   ("start -> first step (offline: JVM, engine, sample; agent: dataset fetch, set-up)", off["ready"] - t0, ag["ready"] - claimed),
                   ("training with per-epoch kNN and checkpoints", off["trained"] - off["ready"], ag["trained"] - ag["ready"]),
                   ("final evaluation", off["evaluated"] - off["trained"], ag["evaluated"] - ag["trained"]),
                   ("end (offline: exit; agent: uploads, results, complete)", t1 - off["finished"], done - ag["finished"])])
each = lambda xs, f: ", ".join(f.format(x) for x in xs)
ratios = [s / o for s, o in zip(submitted_s, offline)]
claim_ratios = [c / o for c, o in zip(claimed_s, offline)]
print()
print(f"offline (umbra-runner train, JVM start included):  {statistics.median(offline):.1f} s (median; each: {each(offline, '{:.1f}')})")
print(f"platform, submission -> SUCCEEDED:                 {statistics.median(submitted_s):.1f} s (median; each: {each(submitted_s, '{:.1f}')})")
print(f"platform, claim -> SUCCEEDED (started_at..finished_at): {statistics.median(claimed_s):.1f} s (median; each: {each(claimed_s, '{:.1f}')})")
print(f"ratio submission->SUCCEEDED / offline: {statistics.median(ratios):.3f} (median of {pairs} pair(s); each: {each(ratios, '{:.3f}')})")
print(f"ratio claim->SUCCEEDED / offline:      {statistics.median(claim_ratios):.3f} (median of {pairs} pair(s); each: {each(claim_ratios, '{:.3f}')})")
print(f"evaluation: {expected}")
if differ:
    print("FAIL: evaluation numbers differ from the first offline run's (not identical work): " + "; ".join(differ), file=sys.stderr)
    sys.exit(1)
print(f"evaluation identical: yes (all {2 * pairs} runs)")
for i, rows in enumerate(tables, 1):
    print()
    print(f"phase | offline s | platform s   (pair {i})")
    for name, a, b in rows:
        print(f"{name} | {'-' if a is None else f'{a:.1f}'} | {b:.1f}")
PY
echo "load at the end: $(cut -d' ' -f1-3 /proc/loadavg)"
