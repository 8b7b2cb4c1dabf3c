#!/usr/bin/env bash
# Offline checks of the Helm chart (issue 6): helm lint --strict, helm template, yamllint and strict
# schema validation of everything rendered, once per values set below (scripts/check-chart.sh). Tools
# come from the project's own pinned recipe, install-k8s-tools.sh (into .tools/chart-tools, reused while present).
# Usage: check-charts.sh [RESULTS_DIR]   writes "<passed> <failed>" to RESULTS_DIR/charts.count, so
# that scripts/test.sh counts every values set as one test; exit 1 when any fails.
set -uo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"
results="${1:-$root/.test-results}"
mkdir -p "$results"
export K8S_TOOLS_HOME="${K8S_TOOLS_HOME:-$root/.tools/chart-tools}"
# Note: the chart renders a ServiceMonitor (and a PrometheusRule), whose schemas live in the prometheus-operator models.
export K8S_MODELS=@kubernetes-models/prometheus-operator
chart=deploy/helm/aggregator
passed=0; failed=0

# Runs one check; its name and outcome go to the log, its outcome to the counts.
record() {
  local name=$1; shift
  if "$@" >"$results/chart-$name.log" 2>&1; then
    passed=$((passed + 1)); echo "PASS chart $name"
  else
    failed=$((failed + 1)); echo "FAIL chart $name"; tail -n 30 "$results/chart-$name.log"
  fi
}

# Note: a failed install is not a test of its own; every check below then fails and counts.
bash scripts/install-k8s-tools.sh >"$results/chart-tools-install.log" 2>&1 \
  || { echo "k8s tools install failed:"; tail -n 30 "$results/chart-tools-install.log"; }
# Note: shared lock: another checkout may check at the same time, but not reinstall underneath.
exec 9>"$K8S_TOOLS_HOME.lock"
flock -s 9

check() { bash scripts/check-chart.sh "$chart" "$@"; }
record aggregator-role check -f "$chart/ci/aggregator-values.yaml"
record node-role check -f "$chart/ci/node-values.yaml"
record multi-site-global check -f "$chart/examples/multi-site/tree.yaml" -f "$chart/examples/multi-site/global.yaml"
for site in "$chart"/examples/multi-site/site-*.yaml; do
  record "multi-site-$(basename "$site" .yaml)" check -f "$chart/examples/multi-site/tree.yaml" -f "$site"
done
# The strict values schema: a typo or a Node without its site must fail the install, not pass silently.
# Note: the failure must be the expected one (named by PATTERN), not, say, a missing tool.
rejects() {
  local pattern=$1 out; shift
  if out="$(check "$@" 2>&1)"; then echo "accepted: $*"; return 1; fi
  grep -q -- "$pattern" <<<"$out" || { echo "$out"; echo "rejected, but not for: $pattern"; return 1; }
}
record rejects-unknown-value rejects "Additional property pullPolcy is not allowed" --set image.pullPolcy=Always
record rejects-node-without-site rejects "site: String length must be greater than or equal to 1" --set role=node
flock -u 9

echo "$passed $failed" > "$results/charts.count"
[ "$failed" -eq 0 ]
