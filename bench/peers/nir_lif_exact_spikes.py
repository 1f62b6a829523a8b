"""Exact spike times of the NIR paper's single-LIF task, from the paper's own event-driven
solver (lif_exact_sim.py beside the data, imported with matplotlib stubbed out).

Usage: nir_lif_exact_spikes.py DATA_DIR   → prints {"spikes": [...]} (seconds)
"""
import json
import sys
import types

sys.modules.setdefault("matplotlib", types.ModuleType("matplotlib"))
sys.modules.setdefault("matplotlib.pyplot", types.ModuleType("matplotlib.pyplot"))
sys.path.insert(0, sys.argv[1])
import numpy as np  # noqa: E402
import lif_exact_sim as ex  # noqa: E402

data = np.loadtxt(f"{sys.argv[1]}/lif_exact.csv", delimiter=",")
dt = 1e-4
inputs = ex.StepCurrent([i * dt for i in range(len(data))], [float(x) for x in data[:, 0]])
neuron = ex.ExactLIFNeuron(ex.LIFParams(tau=0.0025, r=1.0, v_leak=0.0, v_threshold=0.1))
rec = ex.run_event_based_simulation(neuron, inputs, dt, dt * (len(data) - 1))
print(json.dumps({"spikes": rec.spikes}))
