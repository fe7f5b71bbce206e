#!/usr/bin/env bash
# CI for the Debian package, as root on a Debian 12 machine:
#   build it (packaging/build-deb.sh), lintian (no errors), install it with apt, check the installed layout, run
#   knocksensor --version and --config.check on the shipped configuration, verify the installed unit, then
#   remove (configuration, logs and state stay) and purge (everything the package put there is gone).
#
#   packaging/ci-package.sh [VERSION]        KNOCKSENSOR_BIN=artifacts/aot/knocksensor packaging/ci-package.sh
set -euo pipefail
cd "$(dirname "$0")/.."
say() { printf '[ci-package] %s\n' "$*" >&2; }
fail() { say "FAIL: $*"; exit 1; }
[[ $(id -u) -eq 0 ]] || fail "needs root (it installs and purges the package)"
export DEBIAN_FRONTEND=noninteractive

if dpkg-query -W -f='${Status}' knocksensor 2>/dev/null | grep -q 'installed'; then
  fail "knocksensor is already installed here; purge it first (apt-get purge knocksensor)"
fi

deb=$(packaging/build-deb.sh "$@")

say "lintian $deb"
lintian --fail-on error --display-info "$deb" >&2 || fail "lintian reported errors (above)"
say "lintian: no errors"

# From here on the package is installed: purge it however the script ends.
installed=1
trap '[[ -n "${installed:-}" ]] && apt-get purge -y -qq knocksensor >/dev/null 2>&1 || true' EXIT
say "apt-get install $deb"
apt-get install -y -qq "$(readlink -f "$deb")" >&2

expected_files=(
  /usr/bin/knocksensor
  /etc/knocksensor/knocksensor.yaml
  /etc/knocksensor/web-config.yaml
  /etc/logrotate.d/knocksensor
  /usr/lib/systemd/system/knocksensor.service
  /usr/lib/sysusers.d/knocksensor.conf
  /usr/share/doc/knocksensor/copyright
  /usr/share/doc/knocksensor/changelog.Debian.gz
  /usr/share/doc/knocksensor/prometheus/alerts.yaml
  /usr/share/doc/knocksensor/grafana/knocksensor.json
)
for path in "${expected_files[@]}"; do
  [[ -f "$path" ]] || fail "$path is not installed"
done
for dir in /var/lib/knocksensor /var/log/knocksensor; do
  [[ -d "$dir" ]] || fail "$dir is not installed"
done
conffiles=$(dpkg-query -W -f='${Conffiles}\n' knocksensor)
for conffile in /etc/knocksensor/knocksensor.yaml /etc/knocksensor/web-config.yaml /etc/logrotate.d/knocksensor; do
  grep -q "^ $conffile " <<<"$conffiles" || fail "$conffile is not a conffile"
done
getent passwd knocksensor >/dev/null || fail "the postinst did not create the knocksensor user (systemd-sysusers)"
say "installed: files, conffiles and the knocksensor user are there"

say "knocksensor --version"
/usr/bin/knocksensor --version
say "knocksensor --config.check -c /etc/knocksensor/knocksensor.yaml"
/usr/bin/knocksensor --config.check -c /etc/knocksensor/knocksensor.yaml || fail "the shipped configuration does not pass --config.check"

say "systemd-analyze verify on the installed unit"
verify_output=$(systemd-analyze verify /usr/lib/systemd/system/knocksensor.service 2>&1) || fail "verify: $verify_output"
[[ -z "$verify_output" ]] || fail "verify: $verify_output"
if command -v logrotate >/dev/null; then
  say "logrotate --debug /etc/logrotate.d/knocksensor"
  logrotate --debug /etc/logrotate.d/knocksensor >/dev/null 2>&1 || fail "logrotate rejects /etc/logrotate.d/knocksensor: $(logrotate --debug /etc/logrotate.d/knocksensor 2>&1 | tail -n 3)"
fi

# A log and a state file as a running sensor would leave them, to check what remove keeps and purge drops.
echo '{"event_type":"stats"}' >/var/log/knocksensor/events.json
echo 'state' >/var/lib/knocksensor/snapshot.bin

say "apt-get remove knocksensor"
apt-get remove -y -qq knocksensor >&2
[[ ! -e /usr/bin/knocksensor ]] || fail "remove left /usr/bin/knocksensor"
[[ ! -e /usr/lib/systemd/system/knocksensor.service ]] || fail "remove left the unit"
[[ -f /etc/knocksensor/knocksensor.yaml ]] || fail "remove deleted the configuration (conffiles stay until purge)"
[[ -f /var/log/knocksensor/events.json && -f /var/lib/knocksensor/snapshot.bin ]] || fail "remove deleted logs or state"
say "removed: binary and unit gone; configuration, logs and state kept"

say "apt-get purge knocksensor"
apt-get purge -y -qq knocksensor >&2
installed=
dpkg-query -W -f='${Status}' knocksensor 2>/dev/null | grep -q 'installed' && fail "knocksensor is still installed after purge"
for path in "${expected_files[@]}" /etc/knocksensor /usr/share/doc/knocksensor /var/lib/knocksensor /var/log/knocksensor; do
  [[ ! -e "$path" ]] || fail "purge left $path"
done
say "purged: nothing of the package is left (the knocksensor system user stays, as Debian does)"
