#!/usr/bin/env bash
# Live-capture harness (issue 5): replay a capture at top speed over a veth pair and measure what the sensor got.
#
#   bench/live/run.sh CAPTURE.pcap [CONFIG ...]     CONFIG is afpacket:THREADS or libpcap (default: afpacket:1 afpacket:2 libpcap)
#
# Two network namespaces made for the run, joined by a veth pair. In B the published AOT binary captures the veth
# under /usr/bin/time (user + system CPU of the whole process, i.e. getrusage of it); from A, tcpreplay --topspeed
# sends CAPTURE once. One second after tcpreplay ends the sensor gets SIGTERM, and the run prints per config:
# packets offered (tcpreplay), kernel packets and drops and packets decoded (the sensor's capture and stats events),
# and the sensor's CPU time per packet decoded, twice: for the whole process (start-up, idling and shutdown included)
# and for the traffic alone (the sensor's utime + stime from /proc/PID/stat just before tcpreplay starts and one
# second after it ends, so the rings have drained; clock-tick resolution, 10 ms). Needs root, tcpreplay, and artifacts/aot/knocksensor (bash .ci/test
# or dotnet publish src/KnockSensor -c Release -r linux-x64 -o artifacts/aot).
set -euo pipefail
cd "$(dirname "$0")/../.."
capture=$(realpath "$1"); shift
configs=("${@:-afpacket:1 afpacket:2 libpcap}")
read -r -a configs <<<"${configs[*]}"
sensor=$PWD/artifacts/aot/knocksensor
work=$(mktemp -d)
s=$(printf '%04x' $((RANDOM)))
a=kba$s b=kbb$s va=kbva$s vb=kbvb$s
cleanup() { ip netns del "$a" 2>/dev/null || true; ip netns del "$b" 2>/dev/null || true; rm -rf "$work"; }
trap cleanup EXIT

ip netns add "$a"; ip netns add "$b"
ip link add "$va" type veth peer name "$vb"
ip link set "$va" netns "$a"; ip link set "$vb" netns "$b"
ip -n "$a" link set "$va" up; ip -n "$b" link set "$vb" up

# utime + stime of a process in clock ticks (fields 14 and 15 of /proc/PID/stat; the command name may hold spaces).
cpu_ticks() { sed -E 's/^.*\) //' "/proc/$1/stat" | awk '{print $12 + $13}'; }
ticks_per_second=$(getconf CLK_TCK)

printf '%-12s %10s %10s %10s %10s %7s %7s %8s %12s %14s\n' config offered kernel drops decoded user_s sys_s ns/pkt tcpreplay_pps traffic_ns/pkt
for config in "${configs[@]}"; do
  backend=${config%%:*}; threads=${config#*:}; [[ "$backend" == libpcap ]] && threads=1
  ip netns exec "$b" /usr/bin/time -f '%U %S' -o "$work/time" \
    "$sensor" -i "$vb" --capture "$backend" --threads "$threads" --events "$work/events.json" >"$work/out" 2>"$work/err" &
  timepid=$!
  for _ in $(seq 100); do grep -q 'listening on' "$work/err" 2>/dev/null && break; sleep 0.1; done
  sensorpid=$(pgrep -P "$timepid" -f knocksensor | head -n 1)
  before=$(cpu_ticks "$sensorpid")
  ip netns exec "$a" tcpreplay --topspeed -i "$va" "$capture" >"$work/replay" 2>&1
  sleep 1
  after=$(cpu_ticks "$sensorpid")
  pkill -TERM -P "$timepid"; wait "$timepid"
  offered=$(awk '/Actual:/ {print $2}' "$work/replay")
  pps=$(awk '/Rated:/ {print $(NF-1)}' "$work/replay" | head -n 1)
  kernel=$(grep '"event_type":"capture"' "$work/events.json" | sed -E 's/.*"kernel_packets":([0-9]+).*/\1/')
  drops=$(grep '"event_type":"capture"' "$work/events.json" | sed -E 's/.*"kernel_drops":([0-9]+).*/\1/')
  decoded=$(grep '"event_type":"stats"' "$work/events.json" | sed -E 's/.*"stats":\{"packets":([0-9]+).*/\1/')
  read -r user sys <"$work/time"
  cpu=$(echo "$user + $sys" | bc)
  nspp=$(echo "scale=0; $cpu * 1000000000 / $decoded" | bc)
  traffic=$(echo "scale=0; ($after - $before) * 1000000000 / $ticks_per_second / $decoded" | bc)
  printf '%-12s %10s %10s %10s %10s %7s %7s %8s %12s %14s\n' "$backend:$threads" "$offered" "$kernel" "$drops" "$decoded" "$user" "$sys" "$nspp" "$pps" "$traffic"
  rm -f "$work/events.json"
done
