"""PyTorch CPU peer of bench/ff.ts: one Forward-Forward training batch of a conv stack.

Each layer: RMS-normalise its input, conv (same padding) + ReLU, goodness sum(y^2), loss
softplus(-(g - theta) * scale) for positives and softplus((g - theta) * scale) for negatives
(mean over each), backward to the layer's own weights only (input detached), Adam step.
Times --runs runs of --reps batches each (after --warmup untimed batches) and prints one JSON line:
{"ms_per_batch": median over the runs, "runs_ms": [...], "cpu_ms": [...], "loads": [...], ...},
with the process's CPU time (all its threads) and the 1-minute load average of each run.
Denormals are flushed to zero (torch.set_flush_denormal): the peer at its best.
"""
import argparse
import json
import os
import statistics
import time

import torch
import torch.nn.functional as F

p = argparse.ArgumentParser()
p.add_argument("--layers", type=int, default=3)
p.add_argument("--channels", type=int, default=16)
p.add_argument("--kernel", type=int, default=5)
p.add_argument("--batch", type=int, default=50, help="images; each gives a positive and a negative")
p.add_argument("--reps", type=int, default=10)
p.add_argument("--threads", type=int, default=1)
p.add_argument("--runs", type=int, default=3)
p.add_argument("--warmup", type=int, default=4, help="untimed batches first (oneDNN creates its primitives on first use)")
a = p.parse_args()

torch.manual_seed(0)
torch.set_num_threads(a.threads)
# Denormal gradients (tiny sigmoid tails times y) sent whole runs of the 3x32 stack into the CPU's
# slow path, 8-10x the user time (1.3-1.6 s instead of 0.16 s a batch, at random runs); flushing
# them is how PyTorch is run for speed, so the peer is timed at its best.
torch.set_flush_denormal(True)
layers, opts = [], []
cin = 1
for _ in range(a.layers):
    conv = torch.nn.Conv2d(cin, a.channels, a.kernel, padding=a.kernel // 2)
    layers.append(conv)
    opts.append(torch.optim.Adam(conv.parameters(), lr=1e-3))
    cin = a.channels
n = 2 * a.batch
x = torch.rand(n, 1, 28, 28)
sign = torch.cat([torch.ones(a.batch), -torch.ones(a.batch)])


def step():
    h = x
    for conv, opt in zip(layers, opts):
        h = h / (h.pow(2).mean(dim=(1, 2, 3), keepdim=True) + 1e-8).sqrt()
        y = torch.relu(conv(h.detach()))
        g = y.pow(2).sum(dim=(1, 2, 3))
        theta = float(y[0].numel())
        s = sign * (g - theta) / theta ** 0.5
        loss = F.softplus(-s[: a.batch]).mean() + F.softplus(-s[a.batch :]).mean()
        opt.zero_grad()
        loss.backward()
        opt.step()
        h = y.detach()


for _ in range(a.warmup):
    step()
runs, cpu, loads = [], [], []
for _ in range(a.runs):
    c0, t0 = time.process_time(), time.perf_counter()
    for _ in range(a.reps):
        step()
    runs.append((time.perf_counter() - t0) / a.reps * 1000)
    cpu.append((time.process_time() - c0) / a.reps * 1000)
    loads.append(os.getloadavg()[0])
print(json.dumps({
    "ms_per_batch": statistics.median_high(runs), "cpu_ms_per_batch": statistics.median_high(cpu), "load": statistics.median_high(loads),
    "runs_ms": runs, "cpu_ms": cpu, "loads": loads, "threads": a.threads, "interop_threads": torch.get_num_interop_threads(),
    "torch": torch.__version__, "layers": a.layers, "channels": a.channels, "kernel": a.kernel, "batch": a.batch,
}))
