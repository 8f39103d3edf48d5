#!/usr/bin/python3
"""Turns bench/out/results.jsonl (bench/run-benchmarks.sh) into docs/benchmarks.md.

  python3 bench/report.py bench/out/results.jsonl docs/benchmarks.md

Medians over repeats; GapLab/PyTorch time ratios are medians of the per-repeat ratios (the two ran back to back).
The hand-written part (bench/benchmarks-notes.md: trainer profiling, changes, open items) is appended as is.
"""
import json
import os
import platform
import statistics
import subprocess
import sys
from collections import defaultdict


def sh(cmd):
    try:
        return subprocess.run(cmd, shell=True, capture_output=True, text=True, timeout=30).stdout.strip()
    except Exception:  # noqa: BLE001 - a missing tool only leaves a field empty
        return ""


def machine():
    lscpu = dict(line.split(":", 1) for line in sh("lscpu").splitlines() if ":" in line)
    mem_kb = next((int(l.split()[1]) for l in open("/proc/meminfo") if l.startswith("MemTotal")), 0)
    return [
        ("CPU", lscpu.get("Model name", "?").strip()),
        ("cores (lscpu CPU(s))", lscpu.get("CPU(s)", "?").strip()),
        ("memory", f"{mem_kb / 1024 / 1024:.1f} GiB"),
        ("OS", sh(". /etc/os-release && echo $PRETTY_NAME") or platform.platform()),
        ("load average when the report was written", " ".join(open("/proc/loadavg").read().split()[:3])),
        (".NET", sh("dotnet --version")),
        ("PyTorch peer", sh("/usr/bin/python3 -c 'import torch; print(torch.__version__, torch.__config__.show().splitlines()[1:4])'")),
    ]


def med(values):
    return statistics.median(values) if values else float("nan")


def spread(values):
    return f"{min(values):.0f}-{max(values):.0f}" if values else "-"


def main(results, out):
    rows = [json.loads(l) for l in open(results) if l.strip()]
    train = defaultdict(lambda: defaultdict(list))  # (model, data) -> impl -> [row]
    gemm = defaultdict(list)
    e2e = defaultdict(list)
    profiles = []
    ssim = defaultdict(list)
    weight_only, search = [], []
    for r in rows:
        kind = r.get("benchmark")
        if kind == "ssim":
            ssim[r["impl"]].append(r)
        elif kind == "weight-only-measures":
            weight_only.append(r)
        elif kind == "search-measure":
            search.append(r)
        elif "variants" in r:
            profiles.append(r)
        elif "model" in r:
            train[(r["model"], r["data"])][r["impl"]].append(r)
        elif "n" in r:
            gemm[r["impl"]].append(r)
        elif r.get("impl") in ("gaplab-run", "gaplab-testbed"):
            e2e[r["suite"]].append(r)
    repeats = max((r.get("repeat", 1) for r in rows), default=0)
    gemm_peak = med([r["peak_gflop_per_second"] for r in gemm["gaplab-libtorch"]])
    torch_peak = med([r["peak_gflop_per_second"] for r in gemm["pytorch"]])

    md = ["# Benchmarks", "",
          f"Written by `bench/run-benchmarks.sh` ({repeats} repeats; `bench/report.py` turns `bench/out/results.jsonl` into this page).",
          "Every figure is the median over the repeats, each repeat a fresh process. GapLab and PyTorch runs alternate",
          "(G then P, next repeat P then G) and each GapLab/PyTorch ratio is the median of the per-repeat ratios of two runs made",
          "back to back, so load from other work slows both alike; ranges show the spread between repeats. The machine's load",
          "average when the run started is recorded below.", "",
          "## Machine", "", "| | |", "| --- | --- |"]
    md += [f"| {k} | {v} |" for k, v in machine()]
    start = next((r["load_average"] for r in rows if "load_average" in r), None)
    if start:
        md.append(f"| load average when the run started | {start} |")
    md += ["", "## Training throughput (50 steps, batch 128, 2 threads, SGD momentum 0.9, CPU float32)", "",
           "`img/s` counts the timed 50 steps only (after 10 untimed warm-up steps; start-up and the final evaluation pass",
           "are outside the clock). `GFLOP/s` = matrix-product FLOPs of a training step (forward, weight and input",
           "gradients; see `bench/GapLab.Bench/TrainStepFlops.cs`) x steps / time. Target: GapLab time / PyTorch time <= 0.9.", "",
           "| model | data | GapLab img/s (range) | PyTorch img/s (range) | GapLab/PyTorch wall time | target <= 0.9 | GapLab/PyTorch CPU time | GapLab GFLOP/s | PyTorch GFLOP/s | GapLab step FLOP/s / libtorch GEMM peak |",
           "| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |"]
    for (model, data), impls in sorted(train.items()):
        g, p = impls.get("gaplab", []), impls.get("pytorch", [])
        gi = [r["images_per_second"] for r in g]
        pi = [r["images_per_second"] for r in p]
        by_rep = {r["repeat"]: r for r in p}
        ratios = [by_rep[r["repeat"]]["images_per_second"] / r["images_per_second"] for r in g if r["repeat"] in by_rep]
        ratio = med(ratios)
        cpu = med([r["cpu_seconds"] / by_rep[r["repeat"]]["cpu_seconds"] for r in g
                   if r["repeat"] in by_rep and "cpu_seconds" in r and by_rep[r["repeat"]].get("cpu_seconds")])
        gf = med([r["gflop_per_second"] for r in g])
        md.append(f"| {model} | {data} | {med(gi):.0f} ({spread(gi)}) | {med(pi):.0f} ({spread(pi)}) | {ratio:.2f} | "
                  f"{'met' if ratio <= 0.9 else 'missed'} | {cpu:.2f} | {gf:.1f} | {med([r['gflop_per_second'] for r in p]):.1f} | {gf / gemm_peak:.2f} |")
    md += ["", "## GEMM peak (float32 2048x2048 matmul, 2 threads, best of 10 per process)", "",
           "| implementation | peak GFLOP/s (median over repeats) | range | median-of-10 GFLOP/s |", "| --- | --- | --- | --- |"]
    for impl, rs in sorted(gemm.items()):
        pk = [r["peak_gflop_per_second"] for r in rs]
        md.append(f"| {impl} | {med(pk):.1f} | {spread(pk)} | {med([r['median_gflop_per_second'] for r in rs]):.1f} |")
    mlp = [med([r["gflop_per_second"] for r in impls.get("gaplab", [])]) for (m, _), impls in train.items() if m == "mlp"]
    if mlp:
        best = max(mlp)
        md += ["", f"MLP training step FLOP/s / libtorch GEMM peak: **{best / gemm_peak:.2f}** (target >= 0.5; best of the two data sets;"
               f" {'met' if best / gemm_peak >= 0.5 else 'missed'}). PyTorch's OpenBLAS GEMM peak / libtorch's: {torch_peak / gemm_peak:.2f}."]
    if ssim:
        g = {r["repeat"]: r for r in ssim.get("gaplab", [])}
        k = {r["repeat"]: r for r in ssim.get("skimage", [])}
        ratios = [g[i]["pairs_per_second"] / k[i]["pairs_per_second"] for i in g if i in k]
        diffs = [r["max_abs_diff_vs_gaplab"] for r in ssim.get("skimage", [])]
        pairs = next(iter(g.values()))["pairs"] if g else 0
        md += ["", f"## SSIM throughput ({pairs} pairs of 28x28 Fashion-MNIST images vs a noisy copy, float64, scikit-image defaults)", "",
               "GapLab: `Ssim.Pairwise` on the whole batch (fused CPU kernel, 2 threads). scikit-image 0.19.3: `structural_similarity`",
               "called per pair, as a user would (single-threaded NumPy/SciPy). Same pairs, read from one file; GapLab's values are",
               "compared with scikit-image's. Target: >= 20x scikit-image, results equal to 1e-6.", "",
               "| implementation | pairs/s (median) | range |", "| --- | --- | --- |"]
        for impl, rs in sorted(ssim.items()):
            v = [r["pairs_per_second"] for r in rs]
            md.append(f"| {impl} | {med(v):.0f} | {spread(v)} |")
        ratio = med(ratios)
        md += ["", f"GapLab / scikit-image throughput: **{ratio:.1f}x** (paired per repeat; target >= 20x: {'met' if ratio >= 20 else 'missed'}); "
               f"largest |GapLab - scikit-image| over all pairs: {max(diffs):.1e} (target <= 1e-6: {'met' if max(diffs) <= 1e-6 else 'missed'})."]
    if weight_only:
        secs = [r["seconds"] for r in weight_only]
        r0 = weight_only[0]
        md += ["", f"## Weight-only complexity measures ({r0['model']}, {r0['parameters']:,} parameters)", "",
               f"All {r0['measures']} measures of catalogue cost `trivial` or `W` (norms, spectral norms, distances, the exact FFT spectral variants on",
               "32x32 inputs, batch norms folded) in one `ComplexityMeasures.Compute` call, median of repeats after a warm-up. Target: < 1 s.", "",
               f"Median **{med(secs):.2f} s** (range {min(secs):.2f}-{max(secs):.2f}; {'met' if med(secs) < 1 else 'missed'}). Stages of the last call: "
               + ", ".join(f"{k} {v:.3f} s" for k, v in r0.get("stage_seconds", {}).items()) + "."]
    if search:
        md += ["", "## Search measures: time per Monte-Carlo evaluation", "",
               "One measure per call on an untrained model (timing does not depend on training) with a training subset of the given size;",
               "an evaluation is one perturbed model scored on the subset (PAC-Bayes: search steps x draws; sharpness: search steps x restarts, each with",
               "10 sign-gradient ascent steps on the subset, hence the larger cost per evaluation).", "",
               "| model | measure | examples | draws | depth | seconds | evaluations | s / evaluation |", "| --- | --- | --- | --- | --- | --- | --- | --- |"]
        for r in sorted(search, key=lambda r: (r["measure"], r["examples"])):
            md.append(f"| {r['model']} | {r['measure']} | {r['examples']} | {r['draws']} | {r['depth']} | {r['seconds']:.2f} | {r['evaluations']} | {r['seconds_per_evaluation']:.3f} |")
    md += ["", "## `gaplab run` and `gaplab testbed` end to end (`/usr/bin/time -v`)", "", "| job | repeats | wall s (median) | range | peak RSS MiB (median) |", "| --- | --- | --- | --- | --- |"]
    for suite, rs in sorted(e2e.items()):
        w = [r["wall_seconds"] for r in rs]
        md.append(f"| {suite} | {len(rs)} | {med(w):.1f} | {min(w):.1f}-{max(w):.1f} | {med([r['max_rss_kb'] / 1024 for r in rs]):.0f} |")
    if profiles:
        md += ["", "## Trainer step variants (paired, in one process)", "",
               "`GapLab.Bench profile`: the variants take turns in blocks of 5 steps on one model (synthetic data, batch 128, 2 threads);",
               "ratios are medians of per-round ratios to the first row, the trainer's step before this work (< 1 = faster).", "",
               "| model | variant | wall ms/step | CPU ms/step | wall ratio | CPU ratio |", "| --- | --- | --- | --- | --- | --- |"]
        for p in profiles:
            for v in p["variants"]:
                md.append(f"| {p['model']} | {v['name']} | {v['wall_ms_per_step']:.1f} | {v['cpu_ms_per_step']:.1f} | {v['wall_ratio']:.3f} | {v['cpu_ratio']:.3f} |")
    md += ["", "## Commands", "", "Each figure above is the median of these commands (one line per distinct command):", "", "```"]
    seen = []
    for r in rows:
        if r.get("command") and r.get("command") not in seen:
            seen.append(r.get("command"))
    md += seen + ["```", ""]
    notes = os.path.join(os.path.dirname(os.path.abspath(__file__)), "benchmarks-notes.md")
    if os.path.exists(notes):
        md.append(open(notes).read().rstrip() + "\n")
    with open(out, "w") as f:
        f.write("\n".join(md))


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
