/**
 * What does a chance to stop cost an FF epoch? `neurostream ff` trains in stretches: each
 * `trainEpoch` call with an `FFEpochPause` that stops returns after its batches, and the next
 * call resets the simulator and runs on. On one fresh network of the given size, two halves of
 * the same epoch: first BATCHES batches one call per batch (a pause after every batch, what a
 * big net gets so that Ctrl-C is heard after the batch under way), then BATCHES batches in one
 * call (no pause). Prints seconds a batch of each, the ratio, and the simulator reset's own time.
 * Seed, data and net are fixed, so only the pauses differ (later batches are the same work).
 * @slow
 *
 *   npx tsx bench/ff-pause.ts [--filters 128] [--kernel 7] [--batches 10] [--threads 2] [--out FILE]
 */
import { loadavg } from 'node:os';
import { prepareBackendFlags } from '../src/cli/backendFlag.js';
import { FFTrainer } from '../src/circuits/ff/ffTrainer.js';
import { FF_PRESETS } from '../src/circuits/ff/presets.js';
import { loadMnist } from '../src/data/mnist.js';
import { atomicWriteFile } from '../src/sim/serialize.js';
import { argValue } from './lib/args.js';
import { machineDescription, type BenchRow } from './lib/report.js';

const filters = Number(argValue('filters', '128'));
const kernel = Number(argValue('kernel', '7'));
const batches = Number(argValue('batches', '10'));
const out = argValue('out', 'bench/results/ff-pause.json');
if (!(filters > 0 && kernel > 0 && batches > 0)) throw new Error('ff-pause: --filters, --kernel and --batches must be positive');
const backend = await prepareBackendFlags({ backend: 'wasm', threads: argValue('threads', '2') });
const base = FF_PRESETS['paper']!;
const n = base.batch * (2 * batches + 2);
const config = { ...base, name: 'pause', trainLimit: n, architecture: { arch: 'conv' as const, layers: [0, 1, 2].map(() => ({ channels: filters, kernel })) } };
const trainer = new FFTrainer(config, backend);
const train = loadMnist({ split: 'train', limit: n });
const resets: number[] = [];
const reset = trainer.sim.reset.bind(trainer.sim);
trainer.sim.reset = () => {
  const t0 = performance.now();
  reset();
  resets.push(performance.now() - t0);
};
const net = `3 × ${filters} ${kernel}×${kernel}, batch ${base.batch}`;
console.log(`ff-pause: ${net}, ${batches} batches each way, backend ${backend}`);
// warm-up: the first batch (the kernels' first calls) belongs to neither half
trainer.trainEpoch(train, undefined, { every: 1, at: () => true });
let t0 = performance.now();
for (let b = 0; b < batches; b++) trainer.trainEpoch(train, undefined, { every: 1, at: () => true });
const paused = (performance.now() - t0) / 1000 / batches;
const loadPaused = loadavg()[0]!;
console.log(`  a pause after every batch: ${paused.toFixed(2)} s a batch`);
t0 = performance.now();
trainer.trainEpoch(train, undefined, { every: batches, at: () => true });
const straight = (performance.now() - t0) / 1000 / batches;
const loadStraight = loadavg()[0]!;
console.log(`  no pause: ${straight.toFixed(2)} s a batch; ratio ${(paused / straight).toFixed(3)}; a reset ${(resets.reduce((a, b) => a + b, 0) / resets.length).toFixed(0)} ms (mean of ${resets.length})`);
const rows: BenchRow[] = [
  { name: `FF training, ${net}: a pause (trainEpoch call) after every batch`, value: paused, unit: 's a batch', higherIsBetter: false, load: loadPaused },
  { name: `FF training, ${net}: ${batches} batches in one call`, value: straight, unit: 's a batch', higherIsBetter: false, load: loadStraight },
  { name: `FF training, ${net}: one simulator reset (each pause makes one)`, value: resets.reduce((a, b) => a + b, 0) / resets.length / 1000, unit: 's', higherIsBetter: false },
];
atomicWriteFile(out, `${JSON.stringify({ benchmark: 'ff-pause', command: `npx tsx bench/ff-pause.ts ${process.argv.slice(2).join(' ')}`.trim(), date: new Date().toISOString(), machine: machineDescription(), backend, rows }, null, 2)}\n`);
console.log(`wrote ${out}`);
