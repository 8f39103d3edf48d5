#!/bin/sh
# Regenerates the raw data of the tables in docs/theory-vs-practice.md, from the repository root:
#   sh docs/theory-vs-practice/regenerate.sh pgdl-seeds   # trains 48 MLPs, measures them, writes docs/theory-vs-practice/pgdl-seeds/
#   sh docs/theory-vs-practice/regenerate.sh pgdl         # trains 64 CNNs (much slower on CPU), writes docs/theory-vs-practice/pgdl/
#   sh docs/theory-vs-practice/regenerate.sh --from-measures pgdl-seeds   # recomputes correlation.csv from the committed raw data only
# GAPLAB names the command (default: the Debug build, dotnet src/GapLab.Cli/bin/Debug/net10.0/gaplab.dll; build it first).
# Training depends on the CPU and libtorch (see the doc); the step from runs.csv + measures.csv to correlation.csv does not.
# The markdown table is correlation.csv formatted: tests/GapLab.Core.Tests/Science/CommittedTablesTests.cs fails, printing the
# expected rows, when the table and the CSV disagree.
set -eu
GAPLAB=${GAPLAB:-"dotnet src/GapLab.Cli/bin/Debug/net10.0/gaplab.dll"}
if [ "${1:-}" = "--from-measures" ]; then
  $GAPLAB correlate --runs "docs/theory-vs-practice/$2" --from-measures --resamples 1000
  exit 0
fi
suite=${1:?usage: regenerate.sh [--from-measures] pgdl-seeds|pgdl}
work=$(mktemp -d)
$GAPLAB run --suite "$suite" --out "$work/$suite" --device cpu
$GAPLAB correlate --runs "$work/$suite" --resamples 1000
mkdir -p "docs/theory-vs-practice/$suite"
cp "$work/$suite/runs.csv" "$work/$suite/measures.csv" "$work/$suite/correlation.csv" "docs/theory-vs-practice/$suite/"
echo "raw data in docs/theory-vs-practice/$suite/; weights stay in $work/$suite"
