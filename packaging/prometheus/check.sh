#!/usr/bin/env bash
# Lints the alert rules and runs their unit tests: promtool check rules, then promtool test rules.
# promtool comes with the Debian package "prometheus" (.ci/setup installs it).
set -euo pipefail
cd "$(dirname "$0")"
command -v promtool >/dev/null || { echo "[prometheus] promtool is missing (apt-get install prometheus)" >&2; exit 1; }
echo "[prometheus] promtool check rules alerts.yaml" >&2
promtool check rules alerts.yaml
echo "[prometheus] promtool test rules alerts.test.yaml" >&2
promtool test rules alerts.test.yaml
