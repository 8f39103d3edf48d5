#!/usr/bin/python3
"""PyTorch peer of the GapLab training benchmark (bench/GapLab.Bench `train` and `gemm`).

  /usr/bin/python3 bench/peers/torch_train.py train --model mlp|smallcnn --data DIR/synthetic.safetensors
      [--steps 50] [--batch 128] [--threads 2] [--warmup 10]
  /usr/bin/python3 bench/peers/torch_train.py gemm [--n 2048] [--threads 2] [--reps 10]

`train` mirrors GapLab's Trainer loop on the very images GapLab exported (`GapLab.Bench export`): one seeded
randperm, per batch index_select of x and y, zero_grad, forward, cross-entropy, loss.item(), backward, SGD step
(lr 0.01, momentum 0.9). The clock runs from after batch `warmup` to after batch `warmup + steps`.
Prints one JSON line with the same keys as the GapLab driver.
"""
import argparse
import json
import os
import sys
import time

import torch
import torch.nn.functional as F

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from gaplab_models import build, load_safetensors  # noqa: E402

SPECS = {"mlp": "mlp:depth=2,width=512", "smallcnn": "smallcnn:hidden=128,width=1"}


def train_step_flops(model, batch, c=1, h=28, w=28, k=10):
    """Matrix-product FLOPs of one SGD step, counted as in bench/GapLab.Bench/TrainStepFlops.cs."""
    if model == "mlp":
        macs = [c * h * w * 512, 512 * 512, 512 * k]
    else:
        macs = [(h - 2) * (w - 2) * 32 * c * 9, (h - 4) * (w - 4) * 64 * 32 * 9, 64 * ((h - 4) // 2) * ((w - 4) // 2) * 128, 128 * k]
    total = sum(macs)
    return batch * (2 * total + 2 * total + 2 * (total - macs[0]))


def train(a):
    torch.set_num_threads(a.threads)
    tensors, _ = load_safetensors(a.data)
    x, y = tensors["x"], tensors["y"].long()
    n = (a.warmup + a.steps) * a.batch
    if x.shape[0] < n:
        sys.exit(f"{a.data} has {x.shape[0]} images, {n} needed")
    x, y = x[:n].contiguous(), y[:n].contiguous()
    torch.manual_seed(0)
    model = build(SPECS[a.model], x.shape[1], x.shape[2], x.shape[3], 10)
    opt = torch.optim.SGD(model.parameters(), lr=0.01, momentum=0.9)
    model.train()
    g = torch.Generator().manual_seed(0)
    order = torch.randperm(n, generator=g)
    start = time.perf_counter() if a.warmup == 0 else None
    cpu_start = time.process_time()
    total = 0.0
    for b in range(a.warmup + a.steps):
        idx = order.narrow(0, b * a.batch, a.batch)
        xb, yb = x.index_select(0, idx), y.index_select(0, idx)
        opt.zero_grad()
        loss = F.cross_entropy(model(xb), yb)
        total += loss.item()
        loss.backward()
        opt.step()
        if b + 1 == a.warmup:
            start, cpu_start = time.perf_counter(), time.process_time()
    seconds = time.perf_counter() - start
    cpu_seconds = time.process_time() - cpu_start
    data = os.path.splitext(os.path.basename(a.data))[0]
    print(json.dumps({"impl": "pytorch", "model": a.model, "data": data, "steps": a.steps, "batch": a.batch, "threads": a.threads,
                      "seconds": seconds, "images_per_second": a.steps * a.batch / seconds,
                      "gflop_per_second": train_step_flops(a.model, a.batch) * a.steps / seconds / 1e9,
                      "cpu_seconds": cpu_seconds, "torch_version": torch.__version__}))


def gemm(a):
    torch.set_num_threads(a.threads)
    m1, m2 = torch.randn(a.n, a.n), torch.randn(a.n, a.n)
    for _ in range(2):
        torch.mm(m1, m2)
    times = []
    for _ in range(a.reps):
        t = time.perf_counter()
        torch.mm(m1, m2)
        times.append(time.perf_counter() - t)
    times.sort()
    flop = 2.0 * a.n ** 3
    best, median = times[0], times[len(times) // 2]
    print(json.dumps({"impl": "pytorch", "n": a.n, "threads": a.threads, "reps": a.reps, "best_seconds": best, "median_seconds": median,
                      "peak_gflop_per_second": flop / best / 1e9, "median_gflop_per_second": flop / median / 1e9,
                      "torch_version": torch.__version__}))


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = p.add_subparsers(dest="cmd", required=True)
    t = sub.add_parser("train")
    t.add_argument("--model", choices=sorted(SPECS), default="mlp")
    t.add_argument("--data", required=True)
    t.add_argument("--steps", type=int, default=50)
    t.add_argument("--batch", type=int, default=128)
    t.add_argument("--threads", type=int, default=2)
    t.add_argument("--warmup", type=int, default=10)
    g = sub.add_parser("gemm")
    g.add_argument("--n", type=int, default=2048)
    g.add_argument("--threads", type=int, default=2)
    g.add_argument("--reps", type=int, default=10)
    a = p.parse_args()
    train(a) if a.cmd == "train" else gemm(a)


if __name__ == "__main__":
    main()
