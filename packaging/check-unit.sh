#!/usr/bin/env bash
# Checks packaging/systemd/knocksensor.service without running it:
#   1. systemd-analyze verify: the unit parses, every key is known, the commands it names exist and are executable.
#      Any line verify prints fails the check (verify exits 0 on an unknown key, which is only a warning).
#   2. systemd-analyze security --offline=yes: the exposure score must be MAX_EXPOSURE (2.0) or better.
#
# Neither step needs systemd as PID 1. verify resolves the unit's default dependencies (sysinit.target, …) and its
# ExecStart= binary relative to --root, so it runs in a throw-away root holding a copy of this machine's unit
# directory, the unit itself, /bin/kill, and /usr/bin/knocksensor (KNOCKSENSOR_BIN if set, else an empty
# executable: verify only checks that the file is executable).
#
#   packaging/check-unit.sh            MAX_EXPOSURE=1.5 packaging/check-unit.sh
set -euo pipefail
cd "$(dirname "$0")/.."

unit=packaging/systemd/knocksensor.service
max_exposure=${MAX_EXPOSURE:-2.0}
say() { printf '[check-unit] %s\n' "$*" >&2; }
command -v systemd-analyze >/dev/null || { say "systemd-analyze is missing (apt-get install systemd)"; exit 1; }

root=$(mktemp -d)
trap 'rm -rf "$root"' EXIT
mkdir -p "$root/usr/lib/systemd" "$root/usr/bin" "$root/bin"
cp -a /usr/lib/systemd/system "$root/usr/lib/systemd/"
cp "$unit" "$root/usr/lib/systemd/system/knocksensor.service"
if [[ -n "${KNOCKSENSOR_BIN:-}" ]]; then
  cp "$KNOCKSENSOR_BIN" "$root/usr/bin/knocksensor"
else
  printf '#!/bin/sh\n' >"$root/usr/bin/knocksensor"
  chmod 755 "$root/usr/bin/knocksensor"
fi
cp "$(readlink -f /bin/kill)" "$root/bin/kill"

say "systemd-analyze verify $unit"
verify_output=$(systemd-analyze verify --root="$root" knocksensor.service 2>&1) || verify_status=$?
if [[ -n "$verify_output" || "${verify_status:-0}" -ne 0 ]]; then
  printf '%s\n' "$verify_output" >&2
  say "FAIL: systemd-analyze verify reported the lines above (status ${verify_status:-0})"
  exit 1
fi
say "verify: clean"

say "systemd-analyze security --offline=yes $unit"
security_output=$(systemd-analyze security --offline=yes "$unit" 2>&1) || true
printf '%s\n' "$security_output" | grep -E '^✗|Overall exposure' >&2 || true
score=$(printf '%s\n' "$security_output" | sed -n 's/.*Overall exposure level for [^:]*: \([0-9.]*\).*/\1/p')
[[ -n "$score" ]] || { printf '%s\n' "$security_output" >&2; say "FAIL: no exposure score in the output above"; exit 1; }
if awk -v s="$score" -v m="$max_exposure" 'BEGIN { exit !(s > m) }'; then
  say "FAIL: exposure $score is above $max_exposure"
  exit 1
fi
say "exposure $score (limit $max_exposure): ok"
