"""Write a graph with the NIR Python reference: every node type neurostream imports.

Usage: write_reference.py OUT.nir
"""
import sys

import numpy as np
import nir

# A source checkout on PYTHONPATH is not an installed package, so nir.version (read from the
# package metadata) is absent; the peer checkout is NIR 1.0.x.
if not hasattr(nir, "version"):
    nir.version = "1.0.5"

f32 = np.float32
rng = np.random.default_rng(5)
nodes = {
    "input": nir.Input(input_type=np.array([2, 6, 6])),
    "conv": nir.Conv2d(input_shape=(6, 6), weight=rng.uniform(0, 0.5, (3, 2, 3, 3)).astype(f32), stride=1, padding=1,
                       dilation=1, groups=1, bias=np.zeros(3, dtype=f32)),
    "if1": nir.IF(r=np.full((3, 6, 6), 1.0, dtype=f32), v_threshold=np.full((3, 6, 6), 1.0, dtype=f32)),
    "pool": nir.SumPool2d(kernel_size=np.array([2, 2]), stride=np.array([2, 2]), padding=np.array([0, 0])),
    "flat": nir.Flatten(input_type={"input": np.array([3, 3, 3])}, start_dim=0, end_dim=-1),
    "fc": nir.Affine(weight=rng.uniform(0, 0.3, (5, 27)).astype(f32), bias=np.full(5, 0.01, dtype=f32)),
    "lif": nir.CubaLIF(tau_syn=np.full(5, 0.005, dtype=f32), tau_mem=np.full(5, 0.01, dtype=f32), r=np.full(5, 50.0, dtype=f32),
                       v_leak=np.zeros(5, dtype=f32), v_threshold=np.full(5, 0.2, dtype=f32)),
    "rec": nir.Linear(weight=(0.1 * np.eye(5)).astype(f32)),
    "scale": nir.Scale(scale=np.full(5, 2.0, dtype=f32)),
    "delay": nir.Delay(delay=np.full(5, 0.002, dtype=f32)),
    "li": nir.LI(tau=np.full(5, 0.02, dtype=f32), r=np.ones(5, dtype=f32), v_leak=np.zeros(5, dtype=f32)),
    "thr": nir.Threshold(threshold=np.full(5, 0.05, dtype=f32)),
    "output": nir.Output(output_type=np.array([5])),
}
edges = [("input", "conv"), ("conv", "if1"), ("if1", "pool"), ("pool", "flat"), ("flat", "fc"), ("fc", "lif"),
         ("lif", "rec"), ("rec", "lif"), ("lif", "scale"), ("scale", "delay"), ("delay", "li"), ("li", "thr"), ("thr", "output")]
nir.write(sys.argv[1], nir.NIRGraph(nodes=nodes, edges=edges))
