#!/usr/bin/env bash
# Runs every test: installs tools, builds once, runs each test project, and prints the
# closing line CI reads: "N passed, N failed, N skipped". Tests that need external conformance data
# (../shared/conformance, or the directory named by AGGREGATOR_CONFORMANCE_DIR) are skipped, with the
# reason, when it is absent: a clone with nothing beside it passes.
set -uo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1

bash scripts/install-tools.sh || echo "install-tools failed: tests that need Prometheus will fail"

results="$root/.test-results"
rm -rf "$results"
mkdir -p "$results"

if ! dotnet build Aggregator.sln -c Release -nologo -clp:ErrorsOnly; then
  echo "build failed"
  echo "0 passed, 1 failed, 0 skipped"
  exit 1
fi

status=0
for project in tests/*/*.Tests.csproj; do
  name="$(basename "$project" .csproj)"
  echo "== $name"
  dotnet test "$project" -c Release --no-build --nologo \
    --logger "trx;LogFileName=$name.trx" --results-directory "$results" \
    --logger "console;verbosity=minimal" || status=1
done

# Note: the Helm chart's offline checks count as tests too (each writes "<passed> <failed>" to a .count file).
bash scripts/check-charts.sh "$results" || status=1

# Note: the side-by-side harness's quick mode (bench/run.sh, issue 7) counts too: bench.count holds
# one check per figure (it was measured both ways), not how fast it is.
bash bench/run.sh --quick --no-build --results "$results" || status=1

if [ -d "$root/../shared/conformance" ] || [ -n "${AGGREGATOR_CONFORMANCE_DIR:-}" ]; then
  echo "conformance data: ${AGGREGATOR_CONFORMANCE_DIR:-$root/../shared/conformance}"
else
  echo "conformance data absent (no ../shared/conformance, no AGGREGATOR_CONFORMANCE_DIR): those suites are reported as skipped"
fi

passed=0; failed=0; skipped=0
for count in "$results"/*.count; do
  [ -f "$count" ] || continue
  read -r p f s < "$count"
  passed=$((passed + ${p:-0})); failed=$((failed + ${f:-0})); skipped=$((skipped + ${s:-0}))
done
for trx in "$results"/*.trx; do
  [ -f "$trx" ] || continue
  counters="$(grep -o '<Counters [^>]*>' "$trx" | head -n 1)"
  p="$(sed -n 's/.* passed="\([0-9]*\)".*/\1/p' <<<"$counters")"
  f="$(sed -n 's/.* failed="\([0-9]*\)".*/\1/p' <<<"$counters")"
  t="$(sed -n 's/.* total="\([0-9]*\)".*/\1/p' <<<"$counters")"
  # Note: a skipped test is in the TRX total but counted neither passed nor failed (nor notExecuted).
  s=$(( ${t:-0} - ${p:-0} - ${f:-0} )); [ "$s" -lt 0 ] && s=0
  passed=$((passed + ${p:-0})); failed=$((failed + ${f:-0})); skipped=$((skipped + s))
done
if [ "$status" -ne 0 ] && [ "$failed" -eq 0 ]; then
  # Note: a test host that crashed writes no counters; count it so the run cannot look green.
  failed=1
fi
echo "$passed passed, $failed failed, $skipped skipped"
[ "$failed" -eq 0 ]
