#!/usr/bin/env bash
# Side-by-side benchmark against Prometheus 2.42 (issue 7): generated targets, a site Prometheus,
# the classic federating Prometheus and our Node + Aggregator, measured in one run.
# Usage: bench/run.sh [--quick] [--series N,...] [--top N,...] [--interval SECONDS] [--window INTERVALS]
#                     [--settle SECONDS] [--repeats K] [--results DIR] [--no-build]
#   Publishes both hosts with ReadyToRun into bench/hosts (as the Dockerfile does) and runs those;
#   --no-build reuses bench/hosts if present, else runs the build output under src/*/bin.
#   --quick       N = 10k, 5 s interval: a few minutes at most; scripts/test.sh runs it as a test.
#   (default)     N = 10k, 32k, 100k, 500k, 1M at the production interval of 15 s (pass --interval 30
#                 for 500k and 60 for 1M, as BENCHMARKS.md does: the site Prometheus needs it).
#   --settle S    wait S seconds more after the warm-up before measuring CPU: a fresh .NET process spends its
#                 first minutes re-compiling hot methods at higher tiers (BENCHMARKS.md "CPU per interval, issue 14").
#   --top N,...   only the top's /federate: N aggregated series pushed into a global Prometheus 2.42 and
#                 one ring member, every series fetched from both (text and protobuf, median of --repeats);
#                 writes RESULTS_DIR/top.md (BENCHMARKS.md "Top /federate side by side").
# Writes RESULTS_DIR/results.md (the table), results.json, bench.count ("<passed> <failed>" for
# scripts/test.sh) and each run's configs and process logs under RESULTS_DIR/n<N>/.
set -uo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1

build=1
args=()
for arg in "$@"; do
  if [ "$arg" = "--no-build" ]; then build=0; else args+=("$arg"); fi
done

# Note: the hosts run as users run them: published with ReadyToRun into one folder, as the Dockerfile does
# (the build output is JIT only, and its first /federate after start is several times its steady one).
# --no-build reuses that folder if an earlier run published it, else it runs the build output
# (scripts/test.sh after its solution build); results.md names which.
hosts="$root/bench/hosts"
if [ "$build" -eq 1 ]; then
  [ -x .tools/prometheus/usr/bin/prometheus ] || bash scripts/install-tools.sh || exit 1
  dotnet build bench/SideBySide -c Release -nologo -clp:ErrorsOnly || { echo "build of bench/SideBySide failed"; exit 1; }
  rm -rf "$hosts"
  for project in src/Node src/Aggregator; do
    dotnet publish "$project" -c Release --use-current-runtime --self-contained false -p:IsTransformWebConfigDisabled=true \
      -o "$hosts" -nologo -clp:ErrorsOnly || { echo "publish of $project failed"; exit 1; }
  done
fi
# Note: published hosts older than the last build of src/Shared (scripts/test.sh builds, then runs --no-build)
# would measure old code: the build output runs then.
hostArgs=()
built="src/Shared/bin/Release/net10.0/Aggregator.Shared.dll"
if [ -f "$hosts/Aggregator.Node.dll" ] && [ -f "$hosts/Aggregator.dll" ] && { [ ! -f "$built" ] || [ "$hosts/Aggregator.Shared.dll" -nt "$built" ]; }; then
  hostArgs=(--hosts "$hosts")
else
  echo "bench/run.sh: running the build output (JIT only): no published hosts in $hosts newer than $built"
fi

exec dotnet bench/SideBySide/bin/Release/net10.0/Aggregator.Bench.SideBySide.dll --repo "$root" "${hostArgs[@]}" "${args[@]}"
