#!/usr/bin/env bash
# Knock detection quality (issue 3): generate captures with known doors, run the sensor on them with default
# parameters, score its events with knocksensor-eval, print one summary table; then the paper-faithful mode (--paper)
# on the paper-shaped capture.
#
#   bench/evaluation/run.sh              build, generate into a temp dir, score, print, clean up
#   KEEP=/tmp/eval bench/evaluation/run.sh
#                                        keep captures, truths, events and the full reports (*.report.txt) there
#   KNOCKSENSOR=/path/to/knocksensor ... score that binary
#   REAL=0 bench/evaluation/run.sh       skip the real-tool recordings (they need root, ~35 s)
#
# The sensor is artifacts/aot/knocksensor (bash .ci/test or bench/throughput/run.sh publish it) when present,
# else `dotnet run --project src/KnockSensor -c Release --`. Runs: day seeds 1, 2, 3; day seed 1 with --no-knocks;
# sample seed 1; paper seed 1; each `knocksensor -r FILE --events FILE --no-progress`, scored by
# `knocksensor-eval --truth T --events E --json`. As root, also records real tools in network namespaces
# (tests/KnockSensor.IntegrationTests/Infrastructure/eval-lab.sh): real-knocks (knockd + knock, hping3 cd00r-style,
# time-lapsed to 120 s between rounds), real-knocks-as-recorded (the same frames 2.7 s apart, as they were sent) and
# real-scans (nmap -sS -sT -sU -sF -sX -sN, hping3 --scan). Needs dotnet, jq and capinfos.
set -euo pipefail
cd "$(dirname "$0")/../.."
repo=$(pwd)
work=${KEEP:-$(mktemp -d)}
mkdir -p "$work"
[[ -n "${KEEP:-}" ]] || trap 'rm -rf "$work"' EXIT

for tool in dotnet jq capinfos; do
  command -v "$tool" >/dev/null || { echo "run.sh: $tool is not installed" >&2; exit 1; }
done

echo "[eval] building the generator and knocksensor-eval" >&2
dotnet build src/KnockSensor.Generator -c Release --nologo -v quiet -o "$work/bin/gen" >"$work/build-gen.log" 2>&1 \
  || { cat "$work/build-gen.log" >&2; exit 1; }
dotnet build bench/KnockSensor.Evaluation -c Release --nologo -v quiet -o "$work/bin/eval" >"$work/build-eval.log" 2>&1 \
  || { cat "$work/build-eval.log" >&2; exit 1; }
generator=("$work/bin/gen/knocksensor-gen")
evaluate=("$work/bin/eval/knocksensor-eval")

if [[ -n "${KNOCKSENSOR:-}" ]]; then
  sensor=("$KNOCKSENSOR")
elif [[ -x "$repo/artifacts/aot/knocksensor" ]]; then
  sensor=("$repo/artifacts/aot/knocksensor")
  newest=$(find src -name '*.cs' -newer "$repo/artifacts/aot/knocksensor" -print -quit)
  [[ -z "$newest" ]] || echo "[eval] warning: artifacts/aot/knocksensor is older than $newest; republish it (bash .ci/test) to score the current code" >&2
else
  echo "[eval] no artifacts/aot/knocksensor: building src/KnockSensor (dotnet run)" >&2
  dotnet build src/KnockSensor -c Release --nologo -v quiet >"$work/build-sensor.log" 2>&1 || { cat "$work/build-sensor.log" >&2; exit 1; }
  sensor=(dotnet run --project "$repo/src/KnockSensor" -c Release --no-build --)
fi
echo "[eval] sensor: ${sensor[*]}" >&2

# NAME PROFILE SEED [GENERATOR FLAGS]: generate NAME.pcap and NAME.truth.json.
generate() {
  local name=$1 profile=$2 seed=$3
  shift 3
  "${generator[@]}" --profile "$profile" --seed "$seed" "$@" --out "$work/$name.pcap" --truth "$work/$name.truth.json" >&2
}

# NAME CAPTURE [SENSOR FLAGS]: run the sensor, score it, keep NAME.events.ndjson, NAME.report.json, NAME.report.txt.
score() {
  local name=$1 capture=$2
  shift 2
  local start end
  start=$(date +%s.%N)
  "${sensor[@]}" -r "$work/$capture.pcap" --events "$work/$name.events.ndjson" --no-progress "$@" >"$work/$name.summary.txt" 2>"$work/$name.sensor.err" \
    || { echo "run.sh: knocksensor failed on $capture:" >&2; cat "$work/$name.sensor.err" >&2; exit 1; }
  end=$(date +%s.%N)
  awk -v a="$start" -v b="$end" 'BEGIN { printf "%.2f\n", b - a }' >"$work/$name.seconds"
  "${evaluate[@]}" --truth "$work/$capture.truth.json" --events "$work/$name.events.ndjson" --json >"$work/$name.report.json"
  "${evaluate[@]}" --truth "$work/$capture.truth.json" --events "$work/$name.events.ndjson" >"$work/$name.report.txt"
}

generate day-1 day 1
generate day-2 day 2
generate day-3 day 3
generate day-1-no-knocks day 1 --no-knocks
generate sample sample 1
generate paper paper 1

runs=(day-1 day-2 day-3 day-1-no-knocks sample paper)
if [[ "${REAL:-1}" != 0 && $(id -u) == 0 ]]; then
  lab="$repo/tests/KnockSensor.IntegrationTests/Infrastructure/eval-lab.sh"
  for mode in knocks scans; do
    echo "[eval] recording real $mode in network namespaces" >&2
    mkdir -p "$work/lab-$mode"
    bash "$lab" "$mode" "$work/lab-$mode" >&2
    cp "$work/lab-$mode/capture.pcap" "$work/real-$mode.pcap"
    cp "$work/lab-$mode/truth.json" "$work/real-$mode.truth.json"
  done
  cp "$work/lab-knocks/recorded.pcap" "$work/real-knocks-as-recorded.pcap"
  cp "$work/lab-knocks/truth.json" "$work/real-knocks-as-recorded.truth.json"
  runs+=(real-knocks real-knocks-as-recorded real-scans)
fi
for run in "${runs[@]}"; do
  echo "[eval] scoring $run" >&2
  score "$run" "$run"
done
echo "[eval] scoring paper in --paper mode" >&2
score paper--paper paper --paper
extra=(paper--paper)
# The demo: the embedded sample (the same bytes as sample.pcap) with the demo's own parameters.
echo "[eval] scoring knocksensor demo" >&2
cp "$work/sample.pcap" "$work/sample--demo.pcap"; cp "$work/sample.truth.json" "$work/sample--demo.truth.json"
"${sensor[@]}" demo --events "$work/sample--demo.events.ndjson" >"$work/sample--demo.summary.txt" 2>&1
echo "-" >"$work/sample--demo.seconds"
"${evaluate[@]}" --truth "$work/sample.truth.json" --events "$work/sample--demo.events.ndjson" --json >"$work/sample--demo.report.json"
"${evaluate[@]}" --truth "$work/sample.truth.json" --events "$work/sample--demo.events.ndjson" >"$work/sample--demo.report.txt"
extra+=(sample--demo)
if [[ " ${runs[*]} " == *" real-knocks "* ]]; then
  # Not default parameters: how the real-tool result depends on the window size (a knock must fit in one window).
  for ws in 1000 2500; do
    echo "[eval] scoring real-knocks with --window-size $ws" >&2
    score "real-knocks--ws$ws" real-knocks --window-size "$ws"
    extra+=("real-knocks--ws$ws")
  done
fi

row() { # NAME LABEL
  local r="$work/$1.report.json" packets
  packets=$(capinfos -c -M "$work/$2.pcap" 2>/dev/null | awk '/Number of packets/ { print $NF }')
  jq -r --arg name "$1" --arg packets "$packets" --arg seconds "$(cat "$work/$1.seconds")" '
    def f: if . == null then "n/a" else (. * 1000 | round / 1000 | tostring) end;
    [$name, $packets,
     "\(.overall.doors_found)/\(.overall.doors)",
     "\(.overall.pairs_found)/\(.overall.pairs)", (.overall.recall | f),
     (.overall.recall_with_shell | f),
     "\(.overall.correct_rules)/\(.overall.rules)", (.overall.precision | f),
     (.overall.knocks | tostring), (.overall.false_knocks | tostring),
     (if .targets.met then "yes" else "NO" end), $seconds] | @tsv' "$r"
}

{
  printf 'run\tpackets\tdoors found\tpairs\trecall\trecall+shell\trules correct\tprecision\tknocks\tfalse knocks\ttargets met\tsensor s\n'
  for run in "${runs[@]}"; do row "$run" "$run"; done
  for run in "${extra[@]}"; do row "$run" "${run%%--*}"; done
} | column -t -s $'\t'

echo
echo "sensor:   ${sensor[*]} -r FILE --events FILE --no-progress   (NAME--FLAG rows add --FLAG: --paper, --window-size N; sample--demo is knocksensor demo --events FILE)"
echo "captures: knocksensor-gen --profile day --seed 1|2|3, day --seed 1 --no-knocks, sample --seed 1, paper --seed 1; real-*: eval-lab.sh knocks|scans"
echo "scores:   knocksensor-eval --truth FILE.truth.json --events FILE.events.ndjson"
if command -v python3 >/dev/null && command -v tshark >/dev/null; then
  echo
  echo "reference: the paper's batch Algorithm 1 over the whole paper capture (bench/evaluation/paper-batch.py):"
  tshark -r "$work/paper.pcap" -T fields -E separator=, -e tcp.dstport -e udp.dstport -e icmp.type -e icmpv6.type \
    >"$work/paper.fields.csv" 2>/dev/null
  python3 "$repo/bench/evaluation/paper-batch.py" "$work/paper.fields.csv" "$work/paper.truth.json" | sed 's/^/  /'
fi
echo
for run in "${runs[@]}" "${extra[@]}"; do
  if ! jq -e '.targets.met' "$work/$run.report.json" >/dev/null; then
    echo "== $run: targets not met"
    cat "$work/$run.report.txt"
    echo
  fi
done
