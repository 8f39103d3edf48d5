#!/usr/bin/python3
"""scikit-image peer of the GapLab SSIM benchmark (bench/GapLab.Bench `ssim`).

  /usr/bin/python3 bench/peers/ssim_peer.py --pairs bench/out/data/ssim-pairs.safetensors [--reps 3]

Scores every (a[i], b[i]) pair with skimage.metrics.structural_similarity (its defaults: 7x7 uniform window, sample
covariance, data_range 1.0 given explicitly), one call per pair as a user would, and compares with GapLab's values stored
in the same file. Prints one JSON line: median seconds over reps, pairs/s, and the largest absolute difference.
"""
import argparse
import json
import os
import sys
import time

from skimage.metrics import structural_similarity

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from gaplab_models import load_safetensors  # noqa: E402


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--pairs", required=True)
    p.add_argument("--reps", type=int, default=3)
    a = p.parse_args()
    t, _ = load_safetensors(a.pairs)
    x, y, ref = t["a"].numpy(), t["b"].numpy(), t["gaplab"].numpy()
    n = x.shape[0]
    times, values = [], None
    for _ in range(a.reps):
        start = time.perf_counter()
        values = [structural_similarity(x[i, 0], y[i, 0], data_range=1.0) for i in range(n)]
        times.append(time.perf_counter() - start)
    times.sort()
    seconds = times[len(times) // 2]
    diff = max(abs(v - r) for v, r in zip(values, ref))
    print(json.dumps({"impl": "skimage", "benchmark": "ssim", "pairs": n, "reps": a.reps, "seconds": seconds,
                      "pairs_per_second": n / seconds, "max_abs_diff_vs_gaplab": diff,
                      "skimage_version": __import__("skimage").__version__}))


if __name__ == "__main__":
    main()
