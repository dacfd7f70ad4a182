#!/usr/bin/env bash
# A benchmark table produced by the platform itself: starts the embedded platform on a data
# directory of its own, registers the dataset in the first team's folder, launches the built-in
# benchmark suite (every method and the three baselines) with `umbra suite`, waits for it with
# `umbra watch`, and renders it with `umbra report` as Markdown, CSV and LaTeX.
#
# Seeds: the suite is launched with the first seed, then `umbra sweep add-seeds` queues the others
# behind it, so every method has one finished seed before any has more; the methods named with -1
# keep the first seed only (their other runs are cancelled), to fit a CPU budget.
#
# usage: bench/tables/run.sh [-e EPOCHS] [-s SEEDS] [-m METHODS] [-b BACKBONE] [-B BATCH] [-x STEPS] [-1 METHODS] [-l LANES] [-t THREADS] [-p PORT] [-n NAME] [-H] [-k | -c | -r] DATASET
#   DATASET  any dataset: a directory or a .tar.gz/.tgz archive of one (or a folder holding only that
#            archive), in a layout the runner reads (IDX files, CIFAR binary, train/<class>/ and
#            test/<class>/ image folders; an archive may wrap it in one top folder), as a path or as the
#            name of a folder in ../shared/datasets (fashion-mnist; cifar10 is cifar10-jpeg there). Its
#            format, classes, shape and split sizes are read from its files (`umbra-runner inspect`), so
#            every dataset is registered and run the same way
#   -H       the dataset's mirrored images are other classes (digits, text): registered so, its recipes
#            never flip images horizontally
#   -e       epochs per run (default 3)
#   -s       comma-separated seeds (default 1,2,3)
#   -m       comma-separated methods of the suite (default: every method and the three baselines)
#   -B       the batch size (default: the suite's, 256; at most the dataset's training images)
#   -x       at most this many steps per epoch (smoke runs; default: whole epochs)
#   -b       the backbone (default: the suite's, convnet-s; vit-tiny for MAE as the paper describes it)
#   -1       comma-separated methods that train the first seed only (default: none)
#   -l       local runner agents training side by side (default 2)
#   -t       libtorch threads per agent (default 1: two lanes of one thread keep two cores busy
#            without OpenMP threads waiting on each other)
#   -n       the table's name, naming its output and work folders (default: DATASET), so that a
#            second table of one dataset (e.g. the leaders at a longer budget) leaves the first alone
#   -k       keep going on the existing data directory: the platform restarts (a run cut off resumes
#            from its last checkpoint), and the suite is launched again, which reuses every run that
#            already succeeded and queues the rest (e.g. after a runner change or a cancellation)
#   -c       continue: restart the platform on the existing data directory and wait for the suite already
#            launched (runs cut off resume from their last checkpoint; nothing is launched again)
#   -r       render only: start the platform on the existing data directory and write the report of
#            the last suite again (after a change to `umbra report`); trains nothing
# Output: bench/tables/<name>/table.{md,csv,tex} (+ the suite's sweep document); work files under
# bench/tables/work/<name>/ (platform data directory, logs, private copies of the jars); UMBRA_TABLES_DIR
# puts both elsewhere than bench/tables (the smoke test's temporary folder).
# Needs: ./mvnw -B -DskipTests package (platform, CLI and runner jars).
set -euo pipefail
invoked_from=$PWD
cd "$(dirname "$0")/../.."
epochs=3; seeds=1,2,3; methods=; backbone=; batch=; max_steps=; one_seed=; lanes=2; threads=1; port=8099; name=; hflip_changes_labels=; keep=false
continue_only=false; render_only=false
while getopts "e:s:m:b:B:x:1:l:t:p:n:Hkcr" opt; do
  case $opt in e) epochs=$OPTARG ;; s) seeds=$OPTARG ;; m) methods=$OPTARG ;; b) backbone=$OPTARG ;; B) batch=$OPTARG ;; x) max_steps=$OPTARG ;; 1) one_seed=$OPTARG ;; l) lanes=$OPTARG ;;
    t) threads=$OPTARG ;; p) port=$OPTARG ;; n) name=$OPTARG ;; H) hflip_changes_labels=--hflip-changes-labels ;; k) keep=true ;; c) keep=true; continue_only=true ;; r) keep=true; render_only=true; lanes=0 ;; *) exit 2 ;; esac
done
shift $((OPTIND - 1))
source=${1:?usage: bench/tables/run.sh [options] fashion-mnist|cifar10|DIR|ARCHIVE.tar.gz}
shared=${UMBRA_SHARED_DATASETS:-../shared/datasets}
case $source in
  cifar10) source=$shared/cifar10-jpeg ;;
  /*) ;;
  *) if [ -e "$invoked_from/$source" ]; then source=$invoked_from/$source; else source=$shared/$source; fi ;;
esac
[ -e "$source" ] || { echo "no dataset at $source (nor a folder of that name in $shared)" >&2; exit 2; }
# A folder that holds nothing but one archive (as ../shared/datasets/cifar10-jpeg) stands for the archive.
if [ -d "$source" ]; then
  held=("$source"/*)
  if [ ${#held[@]} -eq 1 ] && [[ ${held[0]} == *.tar.gz || ${held[0]} == *.tgz ]]; then source=${held[0]}; fi
fi
# The dataset's name on the platform: its folder's or archive's name (the two shortcuts keep theirs).
dataset=${1%/}; dataset=${dataset##*/}; dataset=${dataset%.tar.gz}; dataset=${dataset%.tgz}
name=${name:-$dataset}
tables=${UMBRA_TABLES_DIR:-$PWD/bench/tables}
work=$tables/work/$name
data_dir=$work/platform
folder=$data_dir/datasets/team-1/$dataset

if ! $keep; then
  rm -rf "$work"
fi
mkdir -p "$work"
# Private copies of the platform, the runner and the CLI, so that a rebuild during the (long) run
# cannot pull jars from under them.
rm -rf "$work/runner" "$work/platform-app" "$work/cli" && mkdir -p "$work/runner" "$work/cli"
cp -r runner/target/umbra-runner.jar runner/target/lib "$work/runner/"
cp -r platform-api/target/quarkus-app "$work/platform-app"
cp -r platform-api/cli/target/umbra-cli.jar platform-api/cli/target/lib "$work/cli/"

echo "$(date -u +%FT%TZ) start; load: $(cut -d' ' -f1-3 /proc/loadavg)" | tee -a "$work/timeline.txt"
java -Dumbra.embedded.data-dir="$data_dir" -Dquarkus.http.port="$port" \
  -Dumbra.local-runners.count="$lanes" -Dumbra.local-runners.threads="$threads" \
  -Dumbra.local-runners.jar="$work/runner/umbra-runner.jar" \
  -jar "$work/platform-app/quarkus-run.jar" >> "$work/platform.log" 2>&1 &
platform=$!
trap 'kill $platform 2>/dev/null; wait $platform 2>/dev/null || true' EXIT
trap 'exit 143' INT TERM
for _ in $(seq 1 120); do
  curl -sf "http://127.0.0.1:$port/q/health/ready" > /dev/null && break
  kill -0 $platform 2>/dev/null || { echo "the platform did not start; see $work/platform.log" >&2; exit 1; }
  sleep 1
done

export UMBRA_SERVER=http://127.0.0.1:$port UMBRA_TOKEN=$(cat "$data_dir/admin-token")
umbra() { java -jar "$work/cli/umbra-cli.jar" "$@"; }

if [ ! -f "$work/experiment-id" ]; then
  mkdir -p "$folder"
  if [ -d "$source" ]; then
    cp -r "$source"/. "$folder/"
  else
    tar -xzf "$source" -C "$folder"
    unpacked=("$folder"/*)
    if [ ${#unpacked[@]} -eq 1 ] && [ -d "${unpacked[0]}" ]; then   # one top folder: its content is the dataset
      mv "${unpacked[0]}" "$folder.top" && rmdir "$folder" && mv "$folder.top" "$folder"
    fi
  fi
  mapfile -t facts < <(java -jar "$work/runner/umbra-runner.jar" inspect --register-options "$folder")
  [ ${#facts[@]} -gt 0 ] || { echo "the runner cannot read the dataset in $folder" >&2; exit 2; }
  umbra datasets add "$dataset" "$folder" "${facts[@]}" $hflip_changes_labels
  umbra experiments create "benchmark table: $dataset" | sed -n 's/^experiment \([0-9]*\) created.*/\1/p' \
    > "$work/experiment-id"
fi
experiment=$(cat "$work/experiment-id")

render() {
  mkdir -p "$tables/$name"
  for format in md csv latex; do
    ext=$format; [ "$format" = latex ] && ext=tex
    umbra report --sweep "$1" --format "$format" -o "$tables/$name/table.$ext"
  done
  echo "report: $tables/$name/table.md"
}
# Waits for the suite's runs to end, then renders it.
finish() {
  umbra watch --sweep "$1" --interval 30 | tee -a "$work/watch.log" || true
  echo "$(date -u +%FT%TZ) suite finished; load: $(cut -d' ' -f1-3 /proc/loadavg)" | tee -a "$work/timeline.txt"
  render "$1"
}
if $render_only; then
  render "$(cat "$work/sweep-id")"
  exit 0
fi
if $continue_only; then
  finish "$(cat "$work/sweep-id")"
  exit 0
fi

# The suite (again, on -k: runs that already succeeded are reused), its other seeds, then the
# cancellation of the extra seeds of the methods that keep one.
first=${seeds%%,*}
launched=$(umbra suite -e "$experiment" --dataset "$dataset" --epochs "$epochs" --seeds "$first" ${methods:+--methods "$methods"} \
  ${backbone:+--backbone "$backbone"} ${max_steps:+--max-steps-per-epoch "$max_steps"} \
  ${batch:+--batch-size "$batch"})
echo "$launched" | tee -a "$work/timeline.txt"
sweep=$(echo "$launched" | sed -n 's/.*launched as sweep \([0-9]*\):.*/\1/p')
if [ "$seeds" != "$first" ]; then
  rest=${seeds#*,}
  umbra sweep add-seeds "$sweep" ${rest//,/ } | tee -a "$work/timeline.txt"
fi
# Not only the queued ones: the agents may already have claimed the first of them meanwhile.
umbra sweep "$sweep" | awk -v first="$first" -v only=",$one_seed," \
    '($3 == "QUEUED" || $3 == "LEASED" || $3 == "RUNNING") && $4 != first && index(only, "," $5 ",") { print $2 }' |
  while read -r run; do
    # One that ended meanwhile (a quick baseline) cannot be cancelled any more, and need not be.
    umbra cancel "$run" || echo "run $run ended before its cancellation: kept"
  done | tee -a "$work/timeline.txt"
echo "$sweep" > "$work/sweep-id"

finish "$sweep"
