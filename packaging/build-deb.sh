#!/usr/bin/env bash
# Builds the Debian package: artifacts/deb/knocksensor_<version>_amd64.deb.
#
#   packaging/build-deb.sh [VERSION]
#     VERSION  Debian version; default: <Version in Directory.Build.props>-1. A version without a Debian revision
#              gets "-1" appended (the package is not a Debian-native one, so lintian expects a revision).
#   KNOCKSENSOR_BIN=path  package this Native AOT binary instead of publishing one
#                         (dotnet publish src/KnockSensor -c Release -r linux-x64).
#
# It stages the tree (layout in docs/packaging.md), writes DEBIAN/ (control, conffiles, md5sums, maintainer scripts)
# and runs dpkg-deb --root-owner-group --build. File times are set to the last commit's time (SOURCE_DATE_EPOCH),
# so the same binary gives the same package. Prints the path of the .deb on standard output.
set -euo pipefail
cd "$(dirname "$0")/.."
repo=$(pwd)
say() { printf '[build-deb] %s\n' "$*" >&2; }

upstream=$(sed -n 's:.*<Version>\(.*\)</Version>.*:\1:p' Directory.Build.props | head -n 1)
version=${1:-"${upstream}-1"}
[[ "$version" == *-* ]] || version="$version-1"
[[ "$version" =~ ^[0-9][A-Za-z0-9.+~]*-[A-Za-z0-9.+~]+$ ]] || { say "not a Debian version: $version"; exit 2; }

export SOURCE_DATE_EPOCH=${SOURCE_DATE_EPOCH:-$(git log -1 --format=%ct 2>/dev/null || date +%s)}
out_dir="$repo/artifacts/deb"
mkdir -p "$out_dir"

binary=${KNOCKSENSOR_BIN:-}
if [[ -z "$binary" ]]; then
  say "publishing the Native AOT binary"
  dotnet publish src/KnockSensor -c Release -r linux-x64 -o "$out_dir/publish" --nologo -v quiet >&2
  binary="$out_dir/publish/knocksensor"
fi
[[ -x "$binary" ]] || { say "no executable binary at $binary"; exit 1; }
file -L "$binary" | grep -q 'ELF 64-bit LSB.*x86-64' || { say "$binary is not an x86-64 ELF binary"; exit 1; }

stage=$(mktemp -d)
trap 'rm -rf "$stage"' EXIT
root="$stage/knocksensor"
umask 022

install -D -m 0755 "$binary" "$root/usr/bin/knocksensor"
install -D -m 0644 packaging/etc/knocksensor.yaml "$root/etc/knocksensor/knocksensor.yaml"
install -D -m 0644 packaging/etc/web-config.yaml "$root/etc/knocksensor/web-config.yaml"
install -D -m 0644 packaging/logrotate/knocksensor "$root/etc/logrotate.d/knocksensor"
install -D -m 0644 packaging/systemd/knocksensor.service "$root/usr/lib/systemd/system/knocksensor.service"
install -D -m 0644 packaging/sysusers.d/knocksensor.conf "$root/usr/lib/sysusers.d/knocksensor.conf"
install -d -m 0755 "$root/var/lib/knocksensor" "$root/var/log/knocksensor"

doc="$root/usr/share/doc/knocksensor"
install -D -m 0644 packaging/debian/copyright "$doc/copyright"
install -D -m 0644 packaging/debian/lintian-overrides "$root/usr/share/lintian/overrides/knocksensor"
install -D -m 0644 docs/packaging.md "$doc/README.md"
install -D -m 0644 packaging/prometheus/alerts.yaml "$doc/prometheus/alerts.yaml"
install -D -m 0644 packaging/prometheus/alerts.test.yaml "$doc/prometheus/alerts.test.yaml"
install -D -m 0644 packaging/grafana/knocksensor.json "$doc/grafana/knocksensor.json"
revision=$(git rev-parse --short HEAD 2>/dev/null || echo unknown)
{
  printf 'knocksensor (%s) unstable; urgency=medium\n\n' "$version"
  printf '  * Built by packaging/build-deb.sh from revision %s.\n\n' "$revision"
  printf ' -- KnockSensor developers <knocksensor@example.org>  %s\n' "$(LC_ALL=C date -u -R -d "@$SOURCE_DATE_EPOCH")"
} | gzip -9n >"$doc/changelog.Debian.gz"
chmod 0644 "$doc/changelog.Debian.gz"

install -d -m 0755 "$root/DEBIAN"
installed_size=$(du -sk --apparent-size --exclude=DEBIAN "$root" | cut -f1)
sed -e "s/@VERSION@/$version/" -e "s/@INSTALLED_SIZE@/$installed_size/" packaging/debian/control.in >"$root/DEBIAN/control"
install -m 0644 packaging/debian/conffiles "$root/DEBIAN/conffiles"
for script in postinst prerm postrm; do
  install -m 0755 "packaging/debian/$script" "$root/DEBIAN/$script"
done
(cd "$root" && find . -path ./DEBIAN -prune -o -type f -printf '%P\0' | LC_ALL=C sort -z | xargs -0 md5sum) >"$root/DEBIAN/md5sums"
chmod 0644 "$root/DEBIAN/md5sums"

find "$root" -exec touch --no-dereference --date="@$SOURCE_DATE_EPOCH" {} +
deb="$out_dir/knocksensor_${version}_amd64.deb"
dpkg-deb --root-owner-group -Zxz --build "$root" "$deb" >&2
say "built $deb ($(stat -c %s "$deb") bytes)"
echo "$deb"
