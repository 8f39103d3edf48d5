#!/bin/bash
# Runs every GapLab benchmark next to its PyTorch peer and writes docs/benchmarks.md.
#
#   bench/run-benchmarks.sh                 # 5 repeats (REPEATS=7 for more), results in bench/out/
#   DEFAULT_SUITE=1 bench/run-benchmarks.sh # also time `gaplab run --suite default` end to end (minutes)
#   CNN_DATA=fashion bench/run-benchmarks.sh # the small CNN on one data set only (it is the slow case)
#
# Each figure is the median over REPEATS processes. GapLab and PyTorch runs alternate (G,P then P,G, ...) so a
# machine that is busy with other work slows both alike and the ratios stay fair even when absolute numbers do not.
# The PyTorch peer runs with Debian's python3-torch (/usr/bin/python3, OpenBLAS) and OPENBLAS_CORETYPE /
# OPENBLAS_L2_SIZE unset for that command only.
set -euo pipefail
cd "$(dirname "$0")/.."
REPEATS=${REPEATS:-5}
THREADS=${THREADS:-2}
STEPS=${STEPS:-50}
BATCH=${BATCH:-128}
CNN_DATA=${CNN_DATA:-synthetic fashion}
OUT=bench/out
PY=/usr/bin/python3
mkdir -p "$OUT"
RESULTS=$OUT/results.jsonl
: > "$RESULTS"
printf '{"load_average":"%s"}\n' "$(cut -d' ' -f1-3 /proc/loadavg)" >> "$RESULTS"

echo "building (Release)..." >&2
dotnet build -c Release -v q -nologo bench/GapLab.Bench >/dev/null
dotnet build -c Release -v q -nologo src/GapLab.Cli >/dev/null
BENCH="dotnet bench/GapLab.Bench/bin/Release/net10.0/GapLab.Bench.dll"
GAPLAB="dotnet src/GapLab.Cli/bin/Release/net10.0/gaplab.dll"
$PY -c 'import torch' 2>/dev/null || { echo "$PY cannot import torch: apt-get install python3-torch" >&2; exit 2; }
dpkg -s libopenblas0-pthread >/dev/null 2>&1 || echo "warning: libopenblas0-pthread is not installed (apt-get install libopenblas0-pthread)" >&2
$BENCH export --out "$OUT/data" --count $(( (STEPS + 10) * BATCH )) 2>/dev/null

# record CMD...: runs CMD, tags its JSON line with the command and the repeat, appends it to results.jsonl
record() {
  local line
  line=$("$@" | tail -1)
  printf '%s\n' "$line" | $PY -c 'import json,sys; d=json.loads(sys.stdin.read()); d["command"]=sys.argv[1]; d["repeat"]=int(sys.argv[2]); print(json.dumps(d))' \
    "$*" "$REP" >> "$RESULTS"
}
gaplab_train() { record $BENCH train --model "$1" --data "$2" --steps "$STEPS" --batch "$BATCH" --threads "$THREADS"; }
torch_train() { record env -u OPENBLAS_CORETYPE -u OPENBLAS_L2_SIZE $PY bench/peers/torch_train.py train --model "$1" --data "$OUT/data/$2.safetensors" --steps "$STEPS" --batch "$BATCH" --threads "$THREADS"; }
gaplab_gemm() { record $BENCH gemm --n 2048 --threads "$THREADS"; }
torch_gemm() { record env -u OPENBLAS_CORETYPE -u OPENBLAS_L2_SIZE $PY bench/peers/torch_train.py gemm --n 2048 --threads "$THREADS"; }
gaplab_ssim() { record $BENCH ssim --pairs 2000 --threads "$THREADS" --reps 21 --out "$OUT/data"; }
skimage_ssim() { record $PY bench/peers/ssim_peer.py --pairs "$OUT/data/ssim-pairs.safetensors" --reps 3; }
# end to end: wall time and peak RSS of the default testbed from /usr/bin/time -v
e2e_testbed() {
  local dir=$OUT/e2e-testbed log=$OUT/time-testbed.txt
  rm -rf "$dir"
  /usr/bin/time -v $GAPLAB testbed --out "$dir" --device cpu --threads "$THREADS" >/dev/null 2>"$log" || true
  local wall rss
  wall=$(awk -F': ' '/Elapsed \(wall clock\)/ {print $2}' "$log" | awk -F: '{ s=0; for (i=1;i<=NF;i++) s=s*60+$i; print s }')
  rss=$(awk -F': ' '/Maximum resident set size/ {print $2}' "$log")
  printf '{"impl":"gaplab-testbed","suite":"testbed (default config)","threads":%s,"wall_seconds":%s,"max_rss_kb":%s,"command":"/usr/bin/time -v %s testbed --out %s --device cpu --threads %s","repeat":%s}\n' \
    "$THREADS" "$wall" "$rss" "$GAPLAB" "$dir" "$THREADS" "$REP" >> "$RESULTS"
}
# end to end: wall time and peak RSS of a whole `gaplab run` from /usr/bin/time -v
e2e() {
  local suite=$1 dir=$OUT/e2e-$1 log=$OUT/time-$1.txt
  rm -rf "$dir"
  /usr/bin/time -v $GAPLAB run --suite "$suite" --out "$dir" --device cpu --threads "$THREADS" --fresh >/dev/null 2>"$log" || true
  local wall rss
  wall=$(awk -F': ' '/Elapsed \(wall clock\)/ {print $2}' "$log" | awk -F: '{ s=0; for (i=1;i<=NF;i++) s=s*60+$i; print s }')
  rss=$(awk -F': ' '/Maximum resident set size/ {print $2}' "$log")
  printf '{"impl":"gaplab-run","suite":"%s","threads":%s,"wall_seconds":%s,"max_rss_kb":%s,"command":"/usr/bin/time -v %s run --suite %s --out %s --device cpu --threads %s --fresh","repeat":%s}\n' \
    "$suite" "$THREADS" "$wall" "$rss" "$GAPLAB" "$suite" "$dir" "$THREADS" "$REP" >> "$RESULTS"
}

for REP in $(seq 1 "$REPEATS"); do
  echo "repeat $REP/$REPEATS" >&2
  for model in mlp smallcnn; do
    datasets="synthetic fashion"; [[ $model == smallcnn ]] && datasets=$CNN_DATA
    for data in $datasets; do
      if (( REP % 2 )); then gaplab_train $model $data; torch_train $model $data
      else torch_train $model $data; gaplab_train $model $data; fi
    done
  done
  if (( REP % 2 )); then gaplab_gemm; torch_gemm; else torch_gemm; gaplab_gemm; fi
  gaplab_ssim; skimage_ssim   # the peer reads the pairs GapLab just wrote, so GapLab goes first
  e2e smoke
done
REP=1
record $BENCH measures --model resnet:depth=20 --threads "$THREADS" --reps 5
for n in 250 500 1000; do record $BENCH search --model resnet:depth=20 --measure PACBAYES_ORIG --examples $n --draws 3 --depth 5 --threads "$THREADS"; done
record $BENCH search --model resnet:depth=20 --measure SHARPNESS_FLATNESS --examples 250 --draws 3 --depth 5 --threads "$THREADS"
if [[ "${TESTBED:-1}" == 1 ]]; then e2e_testbed; fi
if [[ "${DEFAULT_SUITE:-0}" == 1 ]]; then REP=1; e2e default; fi
# trainer step variants, paired in one process (see bench/benchmarks-notes.md)
REP=1; record $BENCH profile --model mlp --data synthetic --batch "$BATCH" --threads "$THREADS" --rounds 20 --block 5

$PY bench/report.py "$RESULTS" docs/benchmarks.md
echo "wrote docs/benchmarks.md" >&2
