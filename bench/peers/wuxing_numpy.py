"""A vectorised numpy Wuxing cell (forward ring, k = 2, 1, 1, floor 0), timed, for bench/wuxing.ts.

Usage: python3 wuxing_numpy.py [--cells 100000] [--steps 100] [--dt 0.2] [--integrator rk4|euler]
Prints one JSON object: cell-steps per second and the mean output deviation (a checksum).
"""
import argparse, json, time
import numpy as np

p = argparse.ArgumentParser()
p.add_argument('--cells', type=int, default=100000)
p.add_argument('--steps', type=int, default=100)
p.add_argument('--dt', type=float, default=0.2)
p.add_argument('--integrator', default='rk4')
a = p.parse_args()

k1, k2, k3 = 2.0, 1.0, 1.0
b0 = (k1 - k2) / k3
E = np.full((5, a.cells), b0, dtype=np.float32)
u = (0.5 * np.sin(np.arange(a.cells))).astype(np.float32)

def f(E):
    # dE_i = k1 E_{i-1} - k2 E_i - k3 E_i E_{i-2}, input into J (E_0)
    d = k1 * np.roll(E, 1, axis=0) - k2 * E - k3 * E * np.roll(E, 2, axis=0)
    d[0] += u
    return d

def step(E):
    h = np.float32(a.dt)
    if a.integrator == 'euler':
        E = E + h * f(E)
    else:
        s1 = f(E); s2 = f(E + h / 2 * s1); s3 = f(E + h / 2 * s2); s4 = f(E + h * s3)
        E = E + h / 6 * (s1 + 2 * s2 + 2 * s3 + s4)
    return np.maximum(E, 0, out=E)

for _ in range(5):
    E = step(E)
t = time.perf_counter()
for _ in range(a.steps):
    E = step(E)
wall = time.perf_counter() - t
print(json.dumps({'integrator': a.integrator, 'cells': a.cells, 'steps': a.steps, 'cellStepsPerSecond': a.cells * a.steps / wall, 'meanD': float(np.mean(E[1] - b0)), 'numpy': np.__version__}))
