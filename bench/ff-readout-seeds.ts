/**
 * Issue 19: how much does the linear classifier's test figure move with the fit's own seed? Each
 * SEED is one `refitReadout` of the checkpoint's read-out from zero (its weights start at zero, so
 * the seed sets only the order of the training images in each epoch) on all 60,000 training
 * images with the fit chosen on held-out images in docs/ff.md (3 epochs, per-step cool-down,
 * Adam 3e-4, weight decay 10), then scored on the full test set. `neurostream ff --readout-epochs`
 * is the same fit with the run's own seed. This looks at the test set on purpose: it measures the
 * spread of a fit already chosen, it chooses nothing. Prints one JSON line per seed; with --out,
 * also a report (a row per seed, then their mean and standard deviation), rewritten after each seed.
 *
 *   npx tsx bench/ff-readout-seeds.ts CKPT SEED... [--threads 2] [--out FILE]
 *   e.g. npx tsx bench/ff-readout-seeds.ts ff64-e12.json 3 4 --out bench/results/ff-readout-seeds-64.json
 */
import { existsSync } from 'node:fs';
import { loadavg } from 'node:os';
import { prepareBackendFlags } from '../src/cli/backendFlag.js';
import { loadFFTrainer } from '../src/circuits/ff/ffFiles.js';
import { refitReadout } from '../src/circuits/ff/readoutRefit.js';
import { loadMnist } from '../src/data/mnist.js';
import { atomicWriteFile } from '../src/sim/serialize.js';
import { argValue, positionalArgs } from './lib/args.js';
import { machineDescription, type BenchRow } from './lib/report.js';

const args = process.argv.slice(2);
const positional = positionalArgs(['threads', 'out']);
const out = args.includes('--out') ? argValue('out', '') : undefined;
const [ckpt, ...seedArgs] = positional;
const usage = 'usage: npx tsx bench/ff-readout-seeds.ts CKPT SEED... [--threads 2] [--out FILE]';
if (!ckpt || seedArgs.length === 0) throw new Error(usage);
if (!existsSync(ckpt)) throw new Error(`ff-readout-seeds: checkpoint ${ckpt} not found`);
const seeds = seedArgs.map((s) => {
  const n = Number(s);
  if (!Number.isInteger(n) || n < 0) throw new Error(`ff-readout-seeds: seed '${s}' is not a whole number ≥ 0. ${usage}`);
  return n;
});
const backend = await prepareBackendFlags({ backend: 'wasm', threads: argValue('threads', '2') });
const train = loadMnist({ split: 'train' });
const test = loadMnist({ split: 'test' });
const trainer = loadFFTrainer(ckpt, backend);
trainer.evaluate(test, 1); // binds the read-out's rules to the simulator
const fitOptions = { epochs: 3, lr: 3e-4, schedule: 'step', weightDecay: 10 } as const;
const command = `npx tsx bench/ff-readout-seeds.ts ${args.join(' ')}`;
const rows: (BenchRow & Record<string, unknown>)[] = [];
const accuracies: number[] = [];
for (const seed of seeds) {
  const t0 = performance.now();
  const fit = refitReadout(trainer, train, test, { ...fitOptions, seed });
  const s = +((performance.now() - t0) / 1000).toFixed(1);
  accuracies.push(fit.linear);
  console.log(JSON.stringify({ seed, linear: fit.linear, evaluated: fit.evaluated, loss: fit.loss.map((l) => +l.toFixed(4)), images: fit.images, s }));
  rows.push({ name: `linear classifier fitted afresh, seed ${seed} (all training images, 3 epochs, per-step cool-down, Adam 3e-4, weight decay 10)`, value: +(100 * fit.linear).toFixed(2), unit: `% of ${fit.evaluated} test images`, higherIsBetter: true, seed, loss: fit.loss, images: fit.images, wallSeconds: s, load: loadavg()[0]! });
  // rewritten after every seed: a run stopped part-way keeps the seeds it finished
  if (out) {
    const mean = accuracies.reduce((a, b) => a + b, 0) / accuracies.length;
    const sd = Math.sqrt(accuracies.reduce((a, b) => a + (b - mean) ** 2, 0) / Math.max(1, accuracies.length - 1));
    const summary = { name: `mean over the ${accuracies.length} seeds (sample standard deviation ${(100 * sd).toFixed(3)} points)`, value: +(100 * mean).toFixed(3), unit: `% of ${test.count} test images`, higherIsBetter: true };
    atomicWriteFile(out, `${JSON.stringify({ benchmark: 'ff-readout-seeds', command, date: new Date().toISOString(), machine: machineDescription(), backend, fit: fitOptions, rows: [...rows, summary], unfinished: seeds.slice(rows.length) }, null, 2)}\n`);
    console.log(`${summary.name}: ${summary.value} %; wrote ${out} (${rows.length} of ${seeds.length} seeds)`);
  }
}
