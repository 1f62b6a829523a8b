/**
 * Wuxing cells and BSP training speed.
 *
 *   npx tsx bench/wuxing.ts [--images 2000] [--full] [--gate]
 *
 * 1. Cell-steps per second for 10^5 cells (1,000 cells × batch 100) with RK4 and with Euler on
 *    the cpu backend: the bare model step, and a full Simulator step (stimulus, one-to-one
 *    projection, step), and that Simulator step on the gpu backend (in whatever gpu.js mode
 *    runs here; without a GPU a fallback); the numpy peer (bench/peers/wuxing_numpy.py) runs the same cells.
 * 2. The time of one MNIST epoch of BSP method 2 on {784, 300, 300, 10} (Euler dt 0.2,
 *    T = 10, batch 50): measured on `--images` training images and extrapolated to 60,000,
 *    plus the 10,000-image test pass; `--full` trains a whole epoch instead.
 */
import { BspClassifier } from '../src/circuits/bsp/BspClassifier.js';
import { loadMnist } from '../src/data/mnist.js';
import { wuxing } from '../src/neurons/wuxing.js';
import { source } from '../src/neurons/source.js';
import type { StateArrays } from '../src/neurons/NeuronModel.js';
import { Network } from '../src/sim/Network.js';
import { SeededRandom } from '../src/core/random.js';
import { Simulator } from '../src/sim/Simulator.js';
import { gpuMode } from '../src/sim/backends/gpu/gpuContext.js';
import '../src/sim/backends/gpu/registerGpu.js';
import { oneToOne } from '../src/synapses/oneToOne.js';
import { argFlag, argValue } from './lib/args.js';
import { findPython, report, runPython, type BenchRow } from './lib/report.js';


const CELLS = 1000;
const BATCH = 100;
const rows: Omit<BenchRow, 'speedup'>[] = [];
const notes: string[] = [
  'Timed on a shared 2-core machine while other jobs ran: expect ±30 % noise; re-run on a quiet machine for final figures.',
];

/** Seconds per call of f, repeated for at least `minSeconds`. */
function time(f: () => void, minSeconds = 2): number {
  f();
  const t0 = performance.now();
  let n = 0;
  while (performance.now() - t0 < minSeconds * 1000) {
    f();
    n++;
  }
  return (performance.now() - t0) / 1000 / n;
}

const python = findPython(['numpy']);
for (const integrator of ['rk4', 'euler'] as const) {
  const dt = 0.2;
  // Bare kernel: the model's step on 10^5 cells.
  const model = wuxing({ size: CELLS, integrator });
  const state: StateArrays = {};
  for (const v of model.variables) state[v] = new Float32Array(CELLS * BATCH);
  model.init(state, { size: CELLS, batch: BATCH, dt, random: new SeededRandom(1) });
  const I = new Float32Array(CELLS * BATCH);
  for (let k = 0; k < I.length; k++) I[k] = 0.5 * Math.sin(k);
  const ctx = { size: CELLS, batch: BATCH, dt, step: 0, seed: 1, stream: 0, fired: new Int32Array(0) };
  const kernel = time(() => {
    for (let s = 0; s < 10; s++) model.step(state, { I }, ctx);
  }) / 10;
  // Through the simulator: a source, a one-to-one projection, the cells.
  const net = new Network();
  const x = net.population('x', CELLS, source());
  const c = net.population('c', CELLS, wuxing({ size: CELLS, integrator }));
  net.connect(x, c, oneToOne());
  const sim = new Simulator(net, { dt, batch: BATCH, checkFinite: 0 });
  const frame = Float32Array.from(I);
  const stim = (_s: number, _d: number, out: Float32Array) => out.set(frame);
  const simStep = time(() => sim.runSteps(stim, 10, { record: 'none' })) / 10;
  // The same network on the gpu backend (the state stays on the device between steps).
  const gpuSim = new Simulator(net, { dt, batch: BATCH, checkFinite: 0, backend: 'gpu' });
  const gpuStep = time(() => gpuSim.runSteps(stim, 10, { record: 'none' })) / 10;
  let peer: number | undefined;
  if (python) {
    const r = runPython(python, 'bench/peers/wuxing_numpy.py', ['--cells', String(CELLS * BATCH), '--integrator', integrator, '--steps', integrator === 'rk4' ? '30' : '100']);
    peer = r[0]?.cellStepsPerSecond as number | undefined;
  }
  const cells = CELLS * BATCH;
  rows.push({
    name: `Wuxing ${integrator}, 10^5 cells, model step`,
    value: cells / kernel,
    unit: 'cell-steps/s',
    higherIsBetter: true,
    ...(peer ? { peer: 'numpy (vectorised, same cells)', peerValue: peer } : {}),
  });
  rows.push({ name: `Wuxing ${integrator}, 10^5 cells, Simulator step (stimulus + projection + cells)`, value: cells / simStep, unit: 'cell-steps/s', higherIsBetter: true });
  rows.push({
    name: `Wuxing ${integrator}, 10^5 cells, Simulator step on the gpu backend [gpu.js ${gpuMode()}]`,
    value: cells / gpuStep,
    unit: 'cell-steps/s',
    higherIsBetter: true,
    peer: 'cpu backend',
    peerValue: cells / simStep,
  });
}
if (!python) notes.push('numpy peer skipped: no Python with numpy found');

// One MNIST epoch, BSP method 2, multi-connection {784, 300, 300, 10}.
const images = Number(argValue('images', '2000'));
const full = argFlag('full');
const gate = argFlag('gate');
const train = loadMnist({ split: 'train', limit: full ? undefined : images });
const test = loadMnist({ split: 'test' });
const clf = new BspClassifier({ layers: [784, 300, 300, 10], integrator: 'euler', dt: 0.2, window: 10, batch: 50, gate, seed: 1 });
const progress = { epoch: 0, batch: 0, correct: 0, seen: 0, seconds: 0 };
const t0 = performance.now();
clf.trainEpoch(train, progress);
const trainSeconds = (performance.now() - t0) / 1000;
const t1 = performance.now();
const testLimit = full ? test : loadMnist({ split: 'test', limit: 1000 });
clf.evaluate(testLimit);
const testSeconds = ((performance.now() - t1) / 1000) * (test.count / testLimit.count);
const epochSeconds = trainSeconds * (60000 / train.count);
const cellSteps = 2 * clf.steps * (300 + 300 + 10) * 2;
rows.push({
  name: `BSP method 2${gate ? ' gated' : ''} {784,300,300,10}, one MNIST training epoch (60,000 images)`,
  value: epochSeconds,
  unit: 's',
  higherIsBetter: false,
  note: full ? 'measured' : `extrapolated from ${train.count} images (${trainSeconds.toFixed(1)} s)`,
});
rows.push({ name: 'BSP, test pass over 10,000 images (forward windows only)', value: testSeconds, unit: 's', higherIsBetter: false, note: full ? 'measured' : 'extrapolated from 1,000 images' });
rows.push({ name: 'BSP training throughput', value: (60000 * cellSteps) / epochSeconds, unit: 'cell-steps/s (forward and reversed cells, both windows)', higherIsBetter: true });
notes.push(`MNIST setting: Euler dt 0.2, T = 10 (${clf.steps} steps per window), batch 50, two windows per batch; projections use the blocked dense kernel and reuse the held input's product.`);
report('wuxing', rows, notes);
