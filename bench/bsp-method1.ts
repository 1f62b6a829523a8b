/**
 * BSP method 1 (moving fixed points) on the paper's tree {784, 839, 283, 96, 32, 10}: which
 * readings of the rule learn at all?
 *
 *   npx tsx bench/bsp-method1.ts [--train 10000] [--test 2000] [--epochs 1] [--only name,…]
 *
 * Every reading trains the same seeded tree (fan-out 1, weights 1, Euler dt 0.2, T = 10,
 * batch 50) on the first `--train` MNIST images and is scored on the first `--test` test
 * images. A first part checks the identity behind the negative result: scaling K3 by s gives
 * D(u; s·k3) = D(s·u; k3)/s, so K3 leaves the small-signal gain unchanged, while K1 and K2 move it.
 */
import { BspClassifier, type BspClassifierOptions } from '../src/circuits/bsp/BspClassifier.js';
import { loadMnist } from '../src/data/mnist.js';
import { wuxing, wuxingRestGain } from '../src/neurons/wuxing.js';
import { source } from '../src/neurons/source.js';
import { Network } from '../src/sim/Network.js';
import { Simulator } from '../src/sim/Simulator.js';
import { oneToOne } from '../src/synapses/oneToOne.js';
import { argValue } from './lib/args.js';
import { report, type BenchRow } from './lib/report.js';

const nTrain = Number(argValue('train', '10000'));
const nTest = Number(argValue('test', '2000'));
const epochs = Number(argValue('epochs', '1'));
const only = argValue('only', '').split(',').filter(Boolean);

const rows: Omit<BenchRow, 'speedup'>[] = [];
const notes: string[] = [];

// 1. The scaling identity, on one cell: D(u; s·k3) versus D(s·u; k3)/s.
function steadyD(u: number, k3: number): number {
  const net = new Network();
  const x = net.population('x', 1, source());
  const c = net.population('c', 1, wuxing({ size: 1, k3 }));
  net.connect(x, c, oneToOne());
  const sim = new Simulator(net, { dt: 0.05 });
  const r = sim.runSteps((_s, _d, out) => out.fill(u), 400, { record: ['c'] }).output('c').data;
  let m = 0;
  for (const v of r) m += v;
  return m / r.length; // the window mean over T = 20
}
let worst = 0;
for (const s of [0.5, 2, 4]) for (const u of [-0.8, 0.3, 1.5]) worst = Math.max(worst, Math.abs(steadyD(u, s) - steadyD(s * u, 1) / s));
rows.push({ name: 'max |D(u; s·k3) − D(s·u; k3)/s| over s ∈ {0.5, 2, 4}, u ∈ {−0.8, 0.3, 1.5}', value: worst, unit: '(window means, T = 20)', higherIsBetter: false });
for (const [k1, k2, k3] of [[2, 1, 1], [2, 1, 2], [2, 1, 0.5], [3, 1, 1], [2, 1.5, 1]] as const) {
  rows.push({ name: `small-signal gain at rest, k = (${k1}, ${k2}, ${k3})`, value: wuxingRestGain(k1, k2, k3), unit: 'dD/du', higherIsBetter: true });
}

// 2. Training readings.
const tree = [784, 839, 283, 96, 32, 10];
const base: BspClassifierOptions = { layers: tree, method: 1, topology: 'tree', integrator: 'euler', dt: 0.2, window: 10, batch: 50, seed: 1 };
const readings: { name: string; options: Partial<BspClassifierOptions> }[] = [
  { name: 'paper: K3 ← K3·exp(G2), D from the current fixed point', options: { rate: 1 } },
  { name: 'K3 ← K3·exp(−G2)', options: { rate: 1, fixedPoint: { parameter: 'K3', sign: -1 } } },
  { name: 'gain reading: K1 ← K1·exp(−G2) (K1 lowers the gain)', options: { rate: 1, fixedPoint: { parameter: 'K1', sign: -1 } } },
  { name: 'K1 ← K1·exp(+G2)', options: { rate: 1, fixedPoint: { parameter: 'K1', sign: 1 } } },
  { name: 'gain reading: K2 ← K2·exp(+0.2·G2) (K2 raises the gain)', options: { rate: 0.2, fixedPoint: { parameter: 'K2', sign: 1 } } },
  { name: 'bias reading: D from the initial fixed point, K3 ← K3·exp(−G2)', options: { rate: 1, reference: 'initial', fixedPoint: { parameter: 'K3', sign: -1 } } },
  { name: 'bias reading: D from the initial fixed point, K3 ← K3·exp(+G2)', options: { rate: 1, reference: 'initial', fixedPoint: { parameter: 'K3', sign: 1 } } },
  { name: 'PID (P→K1, I→K2, D→K3; kp 0.5, ki 0.1, kd 0.1)', options: { fixedPoint: { pid: { kp: 0.5, ki: 0.1, kd: 0.1 } } } },
  { name: 'PID, opposite sign (kp −0.5, ki −0.1, kd −0.1)', options: { fixedPoint: { pid: { kp: -0.5, ki: -0.1, kd: -0.1 } } } },
  { name: 'PID with D from the initial fixed point (kp 0.5, ki 0.1, kd 0.1)', options: { reference: 'initial', fixedPoint: { pid: { kp: 0.5, ki: 0.1, kd: 0.1 } } } },
  { name: 'PID with D from the initial fixed point, opposite sign', options: { reference: 'initial', fixedPoint: { pid: { kp: -0.5, ki: -0.1, kd: -0.1 } } } },
  { name: 'for contrast: method 2 on the same tree (C ← C + 1.0·G2)', options: { method: 2, rate: 1 } },
];

const train = loadMnist({ split: 'train', limit: nTrain });
const test = loadMnist({ split: 'test', limit: nTest });
let untrained: number | null = null;
for (const r of readings) {
  if (only.length > 0 && !only.some((o) => r.name.includes(o))) continue;
  const c = new BspClassifier({ ...base, ...r.options });
  untrained ??= c.evaluate(test);
  const t0 = performance.now();
  let trainAcc = 0;
  const curve: number[] = [];
  try {
    for (let e = 0; e < epochs; e++) {
      trainAcc = c.trainEpoch(train, { epoch: e, batch: 0, correct: 0, seen: 0, seconds: 0 });
      curve.push(c.evaluate(test));
    }
    const seconds = (performance.now() - t0) / 1000;
    rows.push({ name: `method 1 tree: ${r.name}`, value: 100 * curve[curve.length - 1]!, unit: `% test (${nTest} images)`, higherIsBetter: true, note: `running train ${(100 * trainAcc).toFixed(1)} %, per epoch ${curve.map((a) => (100 * a).toFixed(1)).join(' → ')}, ${seconds.toFixed(0)} s` });
  } catch (e) {
    rows.push({ name: `method 1 tree: ${r.name}`, value: Number.NaN, unit: `% test`, higherIsBetter: true, note: `failed: ${(e as Error).message}` });
  }
  console.log(rows[rows.length - 1]);
}
if (untrained !== null) rows.push({ name: 'untrained tree (weights 1, k = 2, 1, 1)', value: 100 * untrained, unit: `% test (${nTest} images)`, higherIsBetter: true });
notes.push(`${nTrain} training images × ${epochs} epoch(s), first ${nTest} test images; tree ${tree.join('-')} with fan-out 1, seeded pixel order, weights 1; Euler dt 0.2, T = 10, batch 50, kt = 1.`);
notes.push('Timed on a shared 2-core machine while other jobs ran.');
report('bsp-method1', rows, notes);
