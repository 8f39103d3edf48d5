#!/usr/bin/env bash
# The built-in example of docs/benchmarks-over-time.md: the smoke suite, the fashion-smoke benchmark on the embedded
# Fashion-MNIST test set, then on the same images rotated by 30 degrees; compare exits with 1 (a regression).
# Writes compare.csv, data-checks.csv, drops.csv and the dashboard next to this script. Usage: bash docs/benchmarks-over-time/example.sh [OUT]
set -u
here="$(cd "$(dirname "$0")" && pwd)"
out="${1:-$(mktemp -d)}"
# build once (restore and build messages to stderr), so the CSV files hold only what gaplab writes
dotnet build "$here/../../src/GapLab.Cli" -c Release 1>&2 || exit 2
gaplab() { dotnet run --project "$here/../../src/GapLab.Cli" -c Release --no-build --no-launch-profile -- "$@"; }
gaplab run --suite smoke --out "$out" --device cpu --threads 2
gaplab benchmark create fashion-smoke --from fashion-smoke --store "$out"
gaplab benchmark run fashion-smoke --store "$out" --device cpu --threads 2
gaplab benchmark run fashion-smoke --store "$out" --data-shift shift:rotate=30 --device cpu --threads 2
gaplab benchmark compare fashion-smoke --store "$out" --format csv > "$here/compare.csv"
echo "compare exit code: $?" | tee "$here/compare-exit-code.txt"
gaplab store sql "SELECT e.data_label, c.check_name, c.scope, c.statistic, c.p_value, c.count FROM benchmark_data_checks c JOIN benchmark_evaluations e USING (eval_id) ORDER BY e.started_utc, c.check_name, c.scope" \
  --store "$out" --format csv > "$here/data-checks.csv"
gaplab benchmark drops fashion-smoke --store "$out" --format csv > "$here/drops.csv"
gaplab benchmark dashboard fashion-smoke --store "$out" --out "$here/dashboard.html"
