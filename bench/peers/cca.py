"""Past-future CCA in numpy, timed, for bench/cca.ts.

Usage: python3 cca.py <signal.f64> --memory 30 --horizon 30 --components 2 [--repeats 5]
Reads a little-endian float64 series. Accumulation = the dense Gram matrix of the
(memory + horizon)-sample windows (a sliding-window view times its transpose, float64,
BLAS) plus the window means; solve = symmetric inverse square roots (eigh) and the SVD of
the whitened cross-covariance. Prints one JSON object per phase (median seconds) and the
canonical correlations.
"""
import argparse, json, time
import numpy as np
from numpy.lib.stride_tricks import sliding_window_view

parser = argparse.ArgumentParser()
parser.add_argument('signal')
parser.add_argument('--memory', type=int, default=30)
parser.add_argument('--horizon', type=int, default=30)
parser.add_argument('--components', type=int, default=2)
parser.add_argument('--repeats', type=int, default=5)
args = parser.parse_args()
m, h, k = args.memory, args.horizon, args.components
x = np.fromfile(args.signal, dtype='<f8')
L = m + h


def accumulate():
    # (N - L + 1) x L windows, oldest sample first; a contiguous copy, so the product runs
    # in BLAS (a strided view makes numpy fall back to a loop ~50x slower).
    X = np.ascontiguousarray(sliding_window_view(x, L))
    n = X.shape[0]
    G = X.T @ X / n
    mu = X.mean(axis=0)
    C = G - np.outer(mu, mu)
    past = C[:m, :m][::-1, ::-1]            # newest first, like neurostream's filters
    pf = C[:m, m:][::-1, :]
    ff = C[m:, m:]
    return past, ff, pf


def inv_sqrt(A):
    w, V = np.linalg.eigh(A)
    w = np.maximum(w, w.max() * 1e-15)
    return (V / np.sqrt(w)) @ V.T


def solve(Cpp, Cff, Cpf):
    r = 1e-9
    Wp = inv_sqrt(Cpp + r * np.trace(Cpp) / m * np.eye(m))
    Wf = inv_sqrt(Cff + r * np.trace(Cff) / h * np.eye(h))
    U, s, Vt = np.linalg.svd(Wp @ Cpf @ Wf)
    W = U[:, :k].T @ Wp
    return s, W


def median_time(f):
    out, times = None, []
    for _ in range(args.repeats):
        t0 = time.perf_counter()
        out = f()
        times.append(time.perf_counter() - t0)
    return out, float(np.median(times))


(Cpp, Cff, Cpf), t_acc = median_time(accumulate)
(s, W), t_solve = median_time(lambda: solve(Cpp, Cff, Cpf))
print(json.dumps({'phase': 'accumulate', 'seconds': t_acc, 'samples': int(x.size)}))
print(json.dumps({'phase': 'solve', 'seconds': t_solve}))
print(json.dumps({'phase': 'result', 'correlations': [float(v) for v in s[:5]], 'numpy': np.__version__}))
