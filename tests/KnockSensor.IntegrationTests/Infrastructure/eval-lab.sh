#!/usr/bin/env bash
# Records real-tool traffic for the detector's evaluation, in two network namespaces made here and removed on exit:
# A (10.200.0.1, plus 10.200.0.11-14 for background clients) sends, B answers as two hosts (10.200.0.2 guarded by
# knockd, 10.200.0.3 with a cd00r-style door), and tcpdump records on B's side. Nothing outside the namespaces is
# addressed. Needs root, knockd, knock, hping3, nmap, tcpdump, python3, curl.
#   eval-lab.sh knocks OUTDIR   5 activations of a real knockd door opened by knock (tcp/7000 udp/8000 tcp/9000,
#                               then a shell connection to tcp/4022) and 5 of a hping3 SYN sequence to the second
#                               host (tcp/1111 tcp/2222 tcp/3333, then tcp/5022), amid ~30,000 background SYNs and
#                               UDP datagrams from hping3 to four service ports and curl sessions; the recording
#                               (OUTDIR/recorded.pcap) is then time-lapsed into OUTDIR/capture.pcap so that the
#                               rounds are EVAL_LAB_GAP (default 120) seconds apart; writes truth.json
#                               (knocksensor-gen's format, times of capture.pcap), door-opened (one line per time
#                               knockd opened), tcpdump.err
#   eval-lab.sh scans OUTDIR    nmap -sS, -sT, -sU --top-ports 50, -sF, -sX, -sN against 10.200.0.2 (ssh- and
#                               http-like listeners open) and hping3 --scan 1-1000 -S against 10.200.0.3, nothing
#                               else; writes OUTDIR/capture.pcap, truth.json (no knocks), tcpdump.err
set -euo pipefail
mode=$1 out=$2
[[ "$mode" == knocks || "$mode" == scans ]] || { echo "eval-lab: mode must be knocks or scans" >&2; exit 2; }
suffix=$(printf '%05x' $((RANDOM * 32 + RANDOM % 32)))
a=kea$suffix b=keb$suffix va=kva$suffix vb=kvb$suffix
attacker=10.200.0.1 target=10.200.0.2 second=10.200.0.3
pids=()

cleanup() {
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  ip netns pids "$b" 2>/dev/null | xargs -r kill 2>/dev/null || true
  ip netns pids "$a" 2>/dev/null | xargs -r kill 2>/dev/null || true
  ip netns del "$a" 2>/dev/null || true
  ip netns del "$b" 2>/dev/null || true
}
trap cleanup EXIT

wait_for() { # FILE TEXT: wait up to 10 s for TEXT to appear in FILE
  for _ in $(seq 100); do grep -q "$2" "$1" 2>/dev/null && return 0; sleep 0.1; done
  echo "eval-lab: timed out waiting for '$2' in $1" >&2; cat "$1" >&2 || true; return 1
}
now() { date -u +%Y-%m-%dT%H:%M:%S.%6NZ; }
epoch() { date +%s.%6N; }
# EPOCH SHIFT: the RFC 3339 time of EPOCH + SHIFT seconds
stamp() { date -u -d "@$(awk -v t="$1" -v s="$2" 'BEGIN { printf "%.6f", t + s }')" +%Y-%m-%dT%H:%M:%S.%6NZ; }

ip netns add "$a"; ip netns add "$b"
ip link add "$va" type veth peer name "$vb"
ip link set "$va" netns "$a"; ip link set "$vb" netns "$b"
ip -n "$a" addr add "$attacker/24" dev "$va"
for i in 11 12 13 14; do ip -n "$a" addr add "10.200.0.$i/24" dev "$va"; done
ip -n "$b" addr add "$target/24" dev "$vb"; ip -n "$b" addr add "$second/24" dev "$vb"
for ns in "$a" "$b"; do ip -n "$ns" link set lo up; done
ip -n "$a" link set "$va" up; ip -n "$b" link set "$vb" up

# Listeners on B: a web server on both hosts, the two doors' shells, an ssh-like banner for the scans.
ip netns exec "$b" python3 -u - "$target" "$second" >"$out/listeners.out" 2>&1 <<'PY' &
import socket, sys, threading
target, second = sys.argv[1], sys.argv[2]
def serve(host, port, reply):
    s = socket.socket(); s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1); s.bind((host, port)); s.listen(64)
    def loop():
        while True:
            c, _ = s.accept()
            try:
                c.settimeout(2); c.recv(4096); c.sendall(reply)
            except OSError:
                pass
            c.close()
    threading.Thread(target=loop, daemon=True).start()
http = b"HTTP/1.0 200 OK\r\nContent-Length: 3\r\n\r\nok\n"
for host, port, reply in [(target, 80, http), (second, 80, http), (target, 22, b"SSH-2.0-OpenSSH_9.2\r\n"),
                          (target, 4022, b"$ "), (second, 5022, b"# ")]:
    serve(host, port, reply)
print("ready", flush=True)
threading.Event().wait()
PY
pids+=($!)
wait_for "$out/listeners.out" ready

ip netns exec "$b" tcpdump -i "$vb" -n -U -w "$out/capture.pcap" 2>"$out/tcpdump.err" &
tcpdump_pid=$!
pids+=($tcpdump_pid)
wait_for "$out/tcpdump.err" "listening on"

in_a() { ip netns exec "$a" "$@"; }

if [[ "$mode" == scans ]]; then
  for flags in "-sS" "-sT" "-sU --top-ports 50" "-sF" "-sX" "-sN"; do
    # shellcheck disable=SC2086 # the flags are words
    in_a nmap $flags -Pn -n -T5 --max-retries 0 "$target" >>"$out/nmap.txt" 2>&1
  done
  in_a hping3 --scan 1-1000 -S "$second" >"$out/hping-scan.txt" 2>&1
  sleep 0.5
  kill -INT "$tcpdump_pid"; wait "$tcpdump_pid" || true
  printf '{"generator":"eval-lab.sh","profile":"real-scans","command":"eval-lab.sh scans","knocks":[],"scans":[%s,%s]}\n' \
    "{\"kind\":\"vertical\",\"source\":\"$attacker\",\"target\":\"$target\",\"proto\":\"tcp+udp\",\"tools\":\"nmap -sS -sT -sU --top-ports 50 -sF -sX -sN\"}" \
    "{\"kind\":\"vertical\",\"source\":\"$attacker\",\"target\":\"$second\",\"proto\":\"tcp\",\"tools\":\"hping3 --scan 1-1000 -S\"}" >"$out/truth.json"
  exit 0
fi

cat > "$out/knockd.conf" <<CONF
[options]
	LogFile = $out/knockd.log
	Interface = $vb
[door]
	sequence    = 7000,8000:udp,9000
	seq_timeout = 10
	tcpflags    = syn
	command     = /bin/echo %IP% >> $out/door-opened
CONF
: >"$out/door-opened"
ip netns exec "$b" knockd -c "$out/knockd.conf" -i "$vb" -D >"$out/knockd.out" 2>&1 &
pids+=($!)
wait_for "$out/knockd.out" "adding pcap expression"
sleep 0.3

# Background for as long as the knocks last (~10 s), so that the service ports are as common around the last
# activation as around the first: ~30,000 connection attempts to a few service ports from other addresses than the
# knocker's (knockd tracks sequences per source), and real HTTP sessions. Stopped once the knocks are done.
gap=${EVAL_LAB_GAP:-120}
start=$(now)
in_a hping3 -q -S -a 10.200.0.11 -p 80 -i u600 -c 1000000 "$target" >/dev/null 2>&1 & pids+=($!)
in_a hping3 -q -S -a 10.200.0.12 -p 443 -i u1200 -c 1000000 "$second" >/dev/null 2>&1 & pids+=($!)
in_a hping3 -q --udp -a 10.200.0.13 -p 53 -i u2000 -c 1000000 "$target" >/dev/null 2>&1 & pids+=($!)
in_a hping3 -q -S -a 10.200.0.14 -p 22 -i u4000 -c 1000000 "$second" >/dev/null 2>&1 & pids+=($!)
background=("${pids[@]: -4}")
( while [[ ! -e "$out/knocks-done" ]]; do
    in_a curl -s -o /dev/null --interface 10.200.0.14 "http://$target/" || true
    in_a curl -s -o /dev/null --interface 10.200.0.12 "http://$second/" || true
    sleep 0.2
  done ) & pids+=($!)
curls=$!
sleep 0.5

shell() { # HOST PORT: a short shell session, as a backdoor user would open once the door is open
  in_a bash -c "exec 3<>/dev/tcp/$1/$2 && echo id >&3 && timeout 1 head -c 2 <&3 >/dev/null; exec 3>&-" || true
}

knockd_activations="" cd00r_activations=""
bounds=()
for round in 1 2 3 4 5; do
  bounds+=("$(epoch)")
  shift_s=$(( (round - 1) * gap ))
  sleep 0.4
  first=$(epoch)
  in_a knock -d 100 "$target" 7000 8000:udp 9000
  last=$(epoch)
  sleep 0.3
  connect=$(epoch)
  shell "$target" 4022
  knockd_activations+="${knockd_activations:+,}{\"source\":\"$attacker\",\"knock_sources\":[\"$attacker\",\"$attacker\",\"$attacker\"],\"first_knock\":\"$(stamp "$first" "$shift_s")\",\"last_knock\":\"$(stamp "$last" "$shift_s")\",\"shell_connect\":\"$(stamp "$connect" "$shift_s")\"}"

  sleep 0.4
  first=$(epoch)
  for port in 1111 2222 3333; do
    in_a hping3 -S -c 1 -p "$port" "$second" >/dev/null 2>&1 || true
    sleep 0.1
  done
  last=$(epoch)
  sleep 0.3
  connect=$(epoch)
  shell "$second" 5022
  cd00r_activations+="${cd00r_activations:+,}{\"source\":\"$attacker\",\"knock_sources\":[\"$attacker\",\"$attacker\",\"$attacker\"],\"first_knock\":\"$(stamp "$first" "$shift_s")\",\"last_knock\":\"$(stamp "$last" "$shift_s")\",\"shell_connect\":\"$(stamp "$connect" "$shift_s")\"}"
  sleep 1.5 # background only: the activations should be rare among the service traffic
done

sleep 0.4
touch "$out/knocks-done"
kill "${background[@]}" 2>/dev/null || true
for pid in "${background[@]}" "$curls"; do wait "$pid" || true; done
sleep 0.3
kill -INT "$tcpdump_pid"; wait "$tcpdump_pid" || true

# Time-lapse: the five rounds were recorded ~2.7 s apart, all inside one knockd sequence timeout and one detector
# episode; real activations are minutes or hours apart. Cut the recording at each round's start and shift round k
# by (k-1) x gap seconds, background and all, so consecutive activations are gap seconds apart (frames unchanged).
mv "$out/capture.pcap" "$out/recorded.pcap"
slices=()
for k in 0 1 2 3 4; do
  range=()
  (( k > 0 )) && range+=(-A "${bounds[$k]}")
  (( k < 4 )) && range+=(-B "${bounds[$((k + 1))]}")
  editcap -F pcap "${range[@]}" -t $(( k * gap )) "$out/recorded.pcap" "$out/slice-$k.pcap"
  slices+=("$out/slice-$k.pcap")
done
mergecap -F pcap -w "$out/capture.pcap" "${slices[@]}"
rm -f "${slices[@]}"
end=$(stamp "$(epoch)" $(( 4 * gap )))

cat >"$out/truth.json" <<JSON
{
  "generator": "eval-lab.sh",
  "profile": "real-knocks",
  "seed": 0,
  "command": "eval-lab.sh knocks",
  "start": "$start",
  "end": "$end",
  "home_networks": ["10.200.0.0/24"],
  "knocks": [
    {
      "name": "knockd",
      "target": "$target",
      "sources": ["$attacker"],
      "spoofed": false,
      "sequence": [{"proto": "tcp", "port": 7000}, {"proto": "udp", "port": 8000}, {"proto": "tcp", "port": 9000}],
      "shell_port": {"proto": "tcp", "port": 4022},
      "activation_count": 5,
      "activations": [$knockd_activations]
    },
    {
      "name": "cd00r-hping3",
      "target": "$second",
      "sources": ["$attacker"],
      "spoofed": false,
      "sequence": [{"proto": "tcp", "port": 1111}, {"proto": "tcp", "port": 2222}, {"proto": "tcp", "port": 3333}],
      "shell_port": {"proto": "tcp", "port": 5022},
      "activation_count": 5,
      "activations": [$cd00r_activations]
    }
  ],
  "scans": []
}
JSON
