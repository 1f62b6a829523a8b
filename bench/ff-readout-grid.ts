/**
 * Issue 19: how should the linear classifier be fitted afresh on a trained FF network's frozen
 * features? Each variant `schedule:weightDecay:epochs[:lr]` (lr default 1e-3) is one
 * `refitReadout` of the checkpoint's read-out from zero on the first TRAIN − HELD training images,
 * scored after every epoch on the next HELD training images (held out of the fit). The test set
 * is not looked at (one test image is scored because `refitReadout` always tests; it is not
 * reported), so the variant to use on the full set can be chosen here without it. Prints one JSON
 * line per variant (held-out accuracy per epoch, fit loss per epoch, wall s); with --out, also a
 * report (a row per variant: its best held-out accuracy), rewritten after each variant.
 *
 *   npx tsx bench/ff-readout-grid.ts CKPT TRAIN HELD VARIANT... [--threads 2] [--out FILE]
 *   e.g. npx tsx bench/ff-readout-grid.ts ff32-e18.json 20000 5000 epoch:0:3 step:10:3:0.0003
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
const [ckpt, trainLimit, held, ...variants] = positional;
const usage = 'usage: npx tsx bench/ff-readout-grid.ts CKPT TRAIN HELD schedule:weightDecay:epochs[:lr]... [--threads 2] [--out FILE]';
if (!ckpt || variants.length === 0) throw new Error(usage);
if (!existsSync(ckpt)) throw new Error(`ff-readout-grid: checkpoint ${ckpt} not found`);
const backend = await prepareBackendFlags({ backend: 'wasm', threads: argValue('threads', '2') });
const train = loadMnist({ split: 'train' });
const test = loadMnist({ split: 'test', limit: 1 });
// one network for all variants: each refit starts from zero and puts everything back
const trainer = loadFFTrainer(ckpt, backend);
trainer.evaluate(test, 1); // binds the read-out's rules to the simulator
const rows: (BenchRow & Record<string, unknown>)[] = [];
const command = `npx tsx bench/ff-readout-grid.ts ${args.join(' ')}`;
for (const v of variants) {
  const [schedule, weightDecay, epochs, lr] = v.split(':');
  if (schedule !== 'epoch' && schedule !== 'step') throw new Error(`ff-readout-grid: variant '${v}': schedule must be 'epoch' or 'step'. ${usage}`);
  const t0 = performance.now();
  const fit = refitReadout(trainer, train, test, { epochs: Number(epochs), lr: Number(lr ?? 1e-3), seed: trainer.config.seed, schedule, weightDecay: Number(weightDecay), trainLimit: Number(trainLimit), validation: Number(held) });
  const s = +((performance.now() - t0) / 1000).toFixed(1);
  console.log(JSON.stringify({ variant: v, heldOut: fit.validation, kept: fit.keptEpoch, loss: fit.loss.map((l) => +l.toFixed(4)), images: fit.images, s }));
  const best = Math.max(...fit.validation!);
  rows.push({ name: `linear classifier refit ${v} (schedule:weightDecay:epochs[:lr]), best held-out epoch ${fit.keptEpoch}`, value: +(100 * best).toFixed(2), unit: `% of ${held} held-out training images`, higherIsBetter: true, heldOut: fit.validation, loss: fit.loss, images: fit.images, wallSeconds: s, load: loadavg()[0]! });
  // rewritten after every variant: a grid stopped part-way keeps the variants it finished
  if (out) {
    const unfinished = variants.slice(rows.length);
    atomicWriteFile(out, `${JSON.stringify({ benchmark: 'ff-readout-grid', command, date: new Date().toISOString(), machine: machineDescription(), backend, rows, unfinished }, null, 2)}\n`);
    console.log(`wrote ${out} (${rows.length} of ${variants.length} variants)`);
  }
}
