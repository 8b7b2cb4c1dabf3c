#!/usr/bin/env bash
# Checks one rendering of a Helm chart offline (never talks to a cluster), with the tools of
# install-k8s-tools.sh: yamllint of Chart.yaml and values.yaml, helm lint --strict (which also applies
# values.schema.json), helm template, yamllint of what was rendered (duplicate keys), and the strict
# schema validation of every rendered object (unknown fields included).
# Usage: check-chart.sh CHART_DIR [helm template args, e.g. -f values-x.yaml --set a=b]
# K8S_MODELS names extra model packages for CRDs (ServiceMonitor, PrometheusRule).
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
tools="${K8S_TOOLS_HOME:-$root/.tools/chart-tools}"
export PATH="$tools/bin:$PATH"
chart=$1; shift
work="$(mktemp -d)"; trap 'rm -rf "$work"' EXIT
# Note: helm must read no user's configuration, cache or cluster.
export HELM_CACHE_HOME="$work/helm/cache" HELM_CONFIG_HOME="$work/helm/config" HELM_DATA_HOME="$work/helm/data" KUBECONFIG="$work/no-kubeconfig"
lint='{extends: relaxed, rules: {line-length: disable}}'
yamllint -d "$lint" "$chart/Chart.yaml" "$chart/values.yaml"
helm lint --strict "$chart" "$@"
helm template ci "$chart" "$@" > "$work/rendered.yaml"
yamllint -d "$lint" "$work/rendered.yaml"
node "$tools/validate-k8s.mjs" --strict ${K8S_MODELS:+--models=$K8S_MODELS} "$work/rendered.yaml"
