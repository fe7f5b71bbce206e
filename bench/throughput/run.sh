#!/usr/bin/env bash
# Throughput harness: knocksensor -r against tcpdump -r on one >= 1 GiB capture of small frames.
#
#   bench/throughput/run.sh                 build, generate a fresh capture in a temp dir, time, clean up
#   CAPTURE=/big/t.pcap bench/throughput/run.sh
#                                           reuse that capture if it exists, else generate it there and keep it
#   SIZE_MB=2048 SEED=7 RUNS=5 ...          capture size (default 1024 MiB), generator seed (1), runs per tool (3)
#
# It publishes the Native AOT knocksensor (artifacts/aot) and the generator (artifacts/gen), writes the capture with
# `knocksensor-gen --profile throughput` (average frame near 110 B: TCP data and ACKs, SYNs, DNS, a little QUIC,
# ICMP, ARP, VLAN and QinQ tags, some IPv6), reads it once to warm the page cache, then times best-of-RUNS wall
# clock for each tool, one after the other in this run on the same file:
#   knocksensor: artifacts/aot/knocksensor -r FILE --no-progress        (full decode and summary)
#   tcpdump:     tcpdump -r FILE -w /dev/null 'tcp[tcpflags]&tcp-syn!=0 or udp'
# and prints packets, seconds and packets/s for each, the ratio, and the machine.
set -euo pipefail
cd "$(dirname "$0")/../.."
repo=$(pwd)

size_mb=${SIZE_MB:-1024}
seed=${SEED:-1}
runs=${RUNS:-3}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

for tool in dotnet tcpdump; do
  command -v "$tool" >/dev/null || { echo "run.sh: $tool is not installed" >&2; exit 1; }
done

echo "[bench] publishing the AOT knocksensor and the generator" >&2
dotnet publish src/KnockSensor -c Release -r linux-x64 -o artifacts/aot --nologo -v quiet >"$work/publish.log" 2>&1 \
  || { cat "$work/publish.log" >&2; exit 1; }
dotnet publish src/KnockSensor.Generator -c Release -o artifacts/gen --nologo -v quiet >"$work/publish-gen.log" 2>&1 \
  || { cat "$work/publish-gen.log" >&2; exit 1; }
knocksensor="$repo/artifacts/aot/knocksensor"
generator="$repo/artifacts/gen/knocksensor-gen"

capture=${CAPTURE:-"$work/throughput.pcap"}
if [[ -n "${CAPTURE:-}" && -s "$capture" ]]; then
  echo "[bench] reusing $capture" >&2
else
  echo "[bench] generating a ${size_mb} MiB throughput capture (seed $seed) into $capture" >&2
  TIMEFORMAT='[bench] generated in %1R s'
  time "$generator" --profile throughput --seed "$seed" --size-mb "$size_mb" --out "$capture" --truth "$capture.truth.json" >&2
fi
bytes=$(stat -c %s "$capture")
if (( bytes < 1000000000 )); then
  echo "[bench] note: the capture is $bytes bytes, under 1 GB (SIZE_MB=$size_mb)" >&2
fi

echo "[bench] warming the page cache" >&2
cat "$capture" >/dev/null

# Wall-clock seconds of one run (bash's time builtin, millisecond resolution); the tool's output goes to $work.
time_once() {
  local name=$1
  shift
  local TIMEFORMAT=%3R
  { time "$@" >"$work/$name.out" 2>"$work/$name.err"; } 2>"$work/$name.time" \
    || { echo "run.sh: $name failed:" >&2; cat "$work/$name.err" >&2; exit 1; }
  cat "$work/$name.time"
}

best_of() {
  local name=$1
  shift
  local best="" seconds
  for ((i = 1; i <= runs; i++)); do
    seconds=$(time_once "$name" "$@")
    echo "[bench] $name run $i: $seconds s" >&2
    if [[ -z "$best" ]] || awk -v a="$seconds" -v b="$best" 'BEGIN { exit !(a < b) }'; then
      best=$seconds
    fi
  done
  echo "$best"
}

ks_seconds=$(best_of knocksensor "$knocksensor" -r "$capture" --no-progress)
packets=$(awk '/^packets:/ { gsub(",", "", $2); print $2; exit }' "$work/knocksensor.out")
[[ -n "$packets" ]] || { echo "run.sh: no packet count in knocksensor's summary:" >&2; cat "$work/knocksensor.out" >&2; exit 1; }
if [[ -s "$capture.truth.json" ]]; then
  truth_packets=$(grep -m1 '"packets"' "$capture.truth.json" | tr -dc '0-9')
  [[ "$truth_packets" == "$packets" ]] || { echo "run.sh: knocksensor read $packets packets, the generator wrote $truth_packets" >&2; exit 1; }
fi
td_seconds=$(best_of tcpdump tcpdump -r "$capture" -w /dev/null 'tcp[tcpflags]&tcp-syn!=0 or udp')

cpu=$(awk -F': ' '/^model name/ { print $2; exit }' /proc/cpuinfo)
echo
echo "capture:     $capture"
echo "             $bytes bytes, $packets packets, average frame $(awk -v b="$bytes" -v p="$packets" 'BEGIN { printf "%.1f", (b - 24 - 16 * p) / p }') B"
echo "machine:     $(nproc) CPUs, ${cpu:-unknown CPU}; $(uname -sr); $(awk '/MemTotal/ { printf "%.1f GiB RAM", $2 / 1048576 }' /proc/meminfo)"
echo "tools:       knocksensor $("$knocksensor" --version | awk '{ print $2 }') (Native AOT), $(tcpdump --version 2>&1 | head -1), $(tcpdump --version 2>&1 | sed -n 2p)"
echo "method:      best of $runs wall-clock runs each, warm page cache, same file, one after the other"
echo
printf '%-12s %12s %10s %14s\n' tool packets seconds packets/s
for row in "knocksensor $ks_seconds" "tcpdump $td_seconds"; do
  set -- $row
  printf '%-12s %12d %10.3f %14.0f\n' "$1" "$packets" "$2" "$(awk -v p="$packets" -v s="$2" 'BEGIN { print p / s }')"
done
echo
awk -v k="$ks_seconds" -v t="$td_seconds" 'BEGIN { printf "ratio:       knocksensor is %.2fx tcpdump'"'"'s packet rate\n", t / k }'
echo "command:     knocksensor: artifacts/aot/knocksensor -r FILE --no-progress"
echo "             tcpdump:     tcpdump -r FILE -w /dev/null 'tcp[tcpflags]&tcp-syn!=0 or udp'"
