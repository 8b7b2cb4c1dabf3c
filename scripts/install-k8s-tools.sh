#!/usr/bin/env bash
# Installs the offline Kubernetes tooling of ../shared/tools/k8s (helm, yamllint, the schema
# validator) into $K8S_TOOLS_HOME (default .tools/k8s), once: a complete install is reused.
# Used by install-tools.sh (a Hosts test renders the chart with helm) and by check-charts.sh.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
k8s="$root/../shared/tools/k8s"
export K8S_TOOLS_HOME="${K8S_TOOLS_HOME:-$root/.tools/k8s}"

installed() {
  [ -x "$K8S_TOOLS_HOME/bin/helm" ] && command -v yamllint >/dev/null \
    && [ -d "$K8S_TOOLS_HOME/node_modules/kubernetes-models" ] \
    && cmp -s "$k8s/package-lock.json" "$K8S_TOOLS_HOME/package-lock.json"
}

mkdir -p "$(dirname "$K8S_TOOLS_HOME")"
# Note: checkouts sharing one .tools (worktrees) may run at once, and npm ci rewrites node_modules:
# installing holds the lock alone; check-charts.sh holds it shared while it checks.
exec 9>"$K8S_TOOLS_HOME.lock"
flock -x 9
installed && exit 0
echo "install-k8s-tools: installing into $K8S_TOOLS_HOME"
# Note: apt may be busy with another checkout's install; one retry rides that out.
bash "$k8s/install.sh" "$K8S_TOOLS_HOME" || { sleep 15; bash "$k8s/install.sh" "$K8S_TOOLS_HOME"; }
