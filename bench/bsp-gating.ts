/**
 * What makes the hidden layers of a BSP network learn more: an ablation on a slice of MNIST.
 *
 *   npx tsx bench/bsp-gating.ts [--train 10000] [--test 2000]
 *
 * Method 2, multi-connection {784, 300, 300, 10}, Euler dt 0.2, T = 10, batch 50, η = 0.1,
 * one pass over the first `--train` images, scored on the first `--test` test images. The
 * variants differ only in how the backward signal reaches each hidden cell's reversed twin:
 * as the paper has it, or multiplied by the forward cell's small-signal gain at its operating
 * point (a local quantity of the cell: its own state), normalised to 1 at rest.
 */
import { BspClassifier, type BspClassifierOptions } from '../src/circuits/bsp/BspClassifier.js';
import { loadMnist } from '../src/data/mnist.js';
import { argValue } from './lib/args.js';
import { report, type BenchRow } from './lib/report.js';

const nTrain = Number(argValue('train', '10000'));
const nTest = Number(argValue('test', '2000'));
const base: BspClassifierOptions = { layers: [784, 300, 300, 10], integrator: 'euler', dt: 0.2, window: 10, batch: 50, rate: 0.1, seed: 1 };
const variants: [string, Partial<BspClassifierOptions>][] = [
  ['paper’s BSP: ungated', {}],
  ['hidden layers gated by the steady-state gain (refreshed every 10 steps)', { gate: 'steady', gateEvery: 10 }],
  ['hidden layers gated on/off: 1 unless the cell sits on its floor', { gate: 'alive' }],
  ['every layer gated, the output too', { gate: 'steady', gateEvery: 10, gateOutput: true }],
  ['ungated, η = 0.2', { rate: 0.2 }],
  ['hidden layers gated (steady), η = 0.2', { gate: 'steady', gateEvery: 10, rate: 0.2 }],
];
const train = loadMnist({ split: 'train', limit: nTrain });
const test = loadMnist({ split: 'test', limit: nTest });
const rows: Omit<BenchRow, 'speedup'>[] = [];
for (const [name, o] of variants) {
  const c = new BspClassifier({ ...base, ...o });
  const t0 = performance.now();
  const trainAcc = c.trainEpoch(train, { epoch: 0, batch: 0, correct: 0, seen: 0, seconds: 0 });
  const acc = c.evaluate(test);
  rows.push({ name, value: 100 * acc, unit: `% test (${nTest} images)`, higherIsBetter: true, note: `running train ${(100 * trainAcc).toFixed(1)} %, ${((performance.now() - t0) / 1000).toFixed(0)} s` });
  console.log(rows[rows.length - 1]);
}
report('bsp-gating', rows, [
  `one pass over the first ${nTrain} MNIST training images; method 2, {784, 300, 300, 10}, Euler dt 0.2, T = 10, batch 50, η = 0.1 unless stated, seed 1`,
  'Timed on a shared 2-core machine while other jobs ran.',
]);
