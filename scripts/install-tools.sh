#!/usr/bin/env bash
# Installs what the tests need on a fresh machine, idempotently:
#   - Debian's prometheus package (2.42: server and promtool), unpacked into .tools/prometheus
#     without installing or starting a service; tests start it on 127.0.0.1 themselves.
#   - Debian's chromium-headless-shell for the browser tests (tests/Browser.Tests), installed
#     when running as root; without it those tests report themselves skipped with the reason.
#   - helm, yamllint and the chart validator, pinned by scripts/k8s-tools.lock (install-k8s-tools.sh).
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
tools="$root/.tools"
# Note: worktrees link .tools to a shared install; a link that no longer resolves to a directory
# (deleted target, or a link to itself) is replaced by a local directory instead of failing.
if [ -L "$tools" ] && [ ! -d "$tools" ]; then rm -f "$tools"; fi
mkdir -p "$tools"

if [ ! -x "$tools/prometheus/usr/bin/prometheus" ]; then
  echo "install-tools: fetching Debian's prometheus package"
  if [ "$(id -u)" = 0 ]; then apt-get update -qq >/dev/null 2>&1 || true; fi
  tmp="$(mktemp -d)"
  (cd "$tmp" && apt-get download prometheus >/dev/null)
  rm -rf "$tools/prometheus"
  dpkg -x "$tmp"/prometheus_*.deb "$tools/prometheus"
  rm -rf "$tmp"
fi
"$tools/prometheus/usr/bin/prometheus" --version 2>&1 | head -n 1
if ! dpkg -s chromium-headless-shell >/dev/null 2>&1; then
  if [ "$(id -u)" = 0 ]; then
    echo "install-tools: installing Debian's chromium-headless-shell"
    apt-get install -y --no-install-recommends chromium-headless-shell >/dev/null 2>&1 \
      || { apt-get update -qq >/dev/null 2>&1 || true; apt-get install -y --no-install-recommends chromium-headless-shell >/dev/null; } \
      || echo "install-tools: chromium-headless-shell could not be installed; the browser tests will be skipped"
  else
    echo "install-tools: chromium-headless-shell missing and not root; the browser tests will be skipped"
  fi
fi
bash "$root/scripts/install-k8s-tools.sh"
