#!/bin/bash
# Speed cost of the kernel self-check's work-around (ATen convolutions instead of oneDNN, issue 10) for the default
# suite's CNNs and the benchmark's small CNN: writes docs/kernel-cost/results.jsonl (raw) and docs/kernel-cost.md.
#
#   bench/kernel-cost.sh               # ROUNDS=10 BLOCK=3 THREADS=2 BATCH=128
#
# Each line is one process of `GapLab.Bench kernels`: forward + backward of batches of 128 Fashion-MNIST images, the two
# configurations taking turns in blocks in one process (paired), so a busy machine slows both alike. The ratio that
# matters is aten/onednn; absolute milliseconds depend on the machine and its load (recorded with each line).
set -euo pipefail
cd "$(dirname "$0")/.."
ROUNDS=${ROUNDS:-10}; BLOCK=${BLOCK:-3}; THREADS=${THREADS:-2}; BATCH=${BATCH:-128}
OUT=docs/kernel-cost
mkdir -p "$OUT"
RESULTS=$OUT/results.jsonl
: > "$RESULTS"
dotnet build -c Release -v q -nologo bench/GapLab.Bench >/dev/null
BENCH="dotnet bench/GapLab.Bench/bin/Release/net10.0/GapLab.Bench.dll"
CPU=$(awk -F': ' '/model name/ {print $2; exit}' /proc/cpuinfo)
for model in "cnn:blocks=2,bn=true,width=0.125" "cnn:blocks=2,bn=true,width=0.25" "cnn:blocks=2,bn=true,width=0.5" smallcnn; do
  load_before=$(cut -d' ' -f1 /proc/loadavg)
  line=$($BENCH kernels --model "$model" --data fashion --batch "$BATCH" --threads "$THREADS" --rounds "$ROUNDS" --block "$BLOCK" 2>/dev/null | tail -1)
  printf '%s\n' "$line" | python3 -c 'import json,sys; d=json.loads(sys.stdin.read()); d.update(command=sys.argv[1], cpu=sys.argv[2], load_average_before=float(sys.argv[3]), load_average_after=float(sys.argv[4]), date=sys.argv[5]); print(json.dumps(d))' \
    "$BENCH kernels --model $model --data fashion --batch $BATCH --threads $THREADS --rounds $ROUNDS --block $BLOCK" "$CPU" "$load_before" "$(cut -d' ' -f1 /proc/loadavg)" "$(date -u +%FT%TZ)" >> "$RESULTS"
  echo "done: $model" >&2
done
python3 bench/kernel_cost_report.py "$RESULTS" docs/kernel-cost.md
