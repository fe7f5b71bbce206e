#!/usr/bin/env bash
# A two-namespace lab for tests that need real knock traffic: host A (10.200.0.1) knocks, scans and probes host B
# (10.200.0.2), where knockd guards a door and tcpdump captures, streaming the capture into the sensor (-r -) and
# into a file at the same time. Only the namespaces this script creates are addressed. Needs root.
#   knock-lab.sh SENSOR OUTDIR
# Writes OUTDIR/capture.pcap, events.json, summary.txt, sensor.err, sensor.rc, door-opened (when knockd opened).
set -euo pipefail
sensor=$1 out=$2
suffix=$(printf '%05x' $((RANDOM * 32 + RANDOM % 32)))
a=ksa$suffix b=ksb$suffix va=kva$suffix vb=kvb$suffix
sensor_pid= knockd_pid=

cleanup() {
  pkill -INT -f "tcpdump -i $vb" 2>/dev/null || true
  [[ -n "$knockd_pid" ]] && kill "$knockd_pid" 2>/dev/null || true
  [[ -n "$sensor_pid" ]] && wait "$sensor_pid" 2>/dev/null || true
  ip netns del "$a" 2>/dev/null || true
  ip netns del "$b" 2>/dev/null || true
}
trap cleanup EXIT

wait_for() { # FILE TEXT: wait up to 10 s for TEXT to appear in FILE
  for _ in $(seq 100); do grep -q "$2" "$1" 2>/dev/null && return 0; sleep 0.1; done
  echo "knock-lab: timed out waiting for '$2' in $1" >&2; cat "$1" >&2 || true; return 1
}

ip netns add "$a"; ip netns add "$b"
ip link add "$va" type veth peer name "$vb"
ip link set "$va" netns "$a"; ip link set "$vb" netns "$b"
ip -n "$a" addr add 10.200.0.1/24 dev "$va"; ip -n "$b" addr add 10.200.0.2/24 dev "$vb"
for ns in "$a" "$b"; do ip -n "$ns" link set lo up; done
ip -n "$a" link set "$va" up; ip -n "$b" link set "$vb" up

cat > "$out/knockd.conf" <<CONF
[options]
	LogFile = $out/knockd.log
	Interface = $vb
[door]
	sequence    = 7000,8000:udp,9000
	seq_timeout = 10
	tcpflags    = syn
	command     = /usr/bin/touch $out/door-opened
CONF

# The live path an operator uses: tcpdump -w - | knocksensor -r -, with tee keeping the same bytes for tshark.
( ip netns exec "$b" tcpdump -i "$vb" -U -w - 2>"$out/tcpdump.err" | tee "$out/capture.pcap" \
    | "$sensor" -r - --no-progress --events "$out/events.json" >"$out/summary.txt" 2>"$out/sensor.err"
  echo "${PIPESTATUS[2]}" >"$out/sensor.rc" ) &
sensor_pid=$!
wait_for "$out/tcpdump.err" "listening on"

ip netns exec "$b" knockd -c "$out/knockd.conf" -i "$vb" -D >"$out/knockd.out" 2>&1 &
knockd_pid=$!
wait_for "$out/knockd.out" "adding pcap expression"
sleep 0.3

ip netns exec "$a" knock -d 100 10.200.0.2 7000 8000:udp 9000            # knockd's own client
for port in 1111 2222 3333; do                                            # a cd00r-style SYN sequence
  ip netns exec "$a" hping3 -S -c 1 -p "$port" 10.200.0.2 >/dev/null 2>&1 || true
done
ip netns exec "$a" nmap -sS -Pn -n -T5 --max-retries 0 -p 1-200 10.200.0.2 >"$out/nmap.txt" 2>&1
sleep 1
pkill -INT -f "tcpdump -i $vb"
wait "$sensor_pid"; sensor_pid=
