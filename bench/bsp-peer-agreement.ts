/**
 * Does the numpy peer of bench/bsp-epoch.ts compute our model? Both start from our initial
 * weights (seed 1, written as raw float32 for bench/peers/bsp_numpy.py --init) and train on the
 * first `--images` MNIST training images in their file order (trainBatch without the epoch's
 * shuffle), float32 cells on both sides; we compare the first batch's weight change per
 * connection, the weights after all images, and the training accuracy seen before each update.
 * The prototype's reading (--model prototype: 784 input cells, D_pre over the second window)
 * runs from the same weights for contrast.
 *   npx tsx bench/bsp-peer-agreement.ts [--images 1000] [--backend wasm]
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BspClassifier } from '../src/circuits/bsp/BspClassifier.js';
import { prepareBackend } from '../src/sim/backends/registry.js';
import '../src/sim/backends/wasm/registerWasm.js';
import { loadMnist } from '../src/data/mnist.js';
import { argValue } from './lib/args.js';
import { findPython, loadNow, report, runPython, type BenchRow } from './lib/report.js';

const images = Number(argValue('images', '1000'));
const backend = argValue('backend', 'wasm');
if (backend !== 'wasm' && backend !== 'cpu') throw new Error(`--backend: expected wasm or cpu, got '${backend}'`);
const python = findPython(['numpy']);
if (!python) throw new Error('python3 with numpy not found: the agreement check needs the peer');

const train = loadMnist({ split: 'train', limit: images });
await prepareBackend(backend);
const bsp = new BspClassifier({ layers: [784, 300, 300, 10], method: 2, integrator: 'euler', seed: 1, cellArithmetic: 'float32' }, backend);
const C = bsp.net.connections.map((p) => p.weights as Float32Array);
const dir = mkdtempSync(join(tmpdir(), 'bsp-agree-'));
const save = (sub: string, ws: readonly Float32Array[]) => ws.forEach((w, l) => writeFileSync(join(dir, sub, `C${l + 1}.f32`), new Uint8Array(w.buffer, w.byteOffset, w.byteLength)));
const load = (sub: string) => C.map((w, l) => new Float32Array(new Uint8Array(readFileSync(join(dir, sub, `C${l + 1}.f32`))).buffer, 0, w.length));
mkdirSync(join(dir, 'init'));
save('init', C);
const init = C.map((w) => w.slice());

const load0 = loadNow();
let correct = 0;
const batch = 50;
let afterFirst: Float32Array[] = [];
for (let from = 0; from < images; from += batch) {
  correct += bsp.trainBatch(train, null, from).correct;
  if (from === 0) afterFirst = C.map((w) => w.slice());
}
const ours = { first: afterFirst, last: C.map((w) => w.slice()), accuracy: correct / images };

function peer(model: string, n: number): { w: Float32Array[]; accuracy: number } {
  const sub = `${model}-${n}`;
  const rows = runPython(python!, 'bench/peers/bsp_numpy.py', ['--images', `${n}`, '--model', model, '--init', join(dir, 'init'), '--dump', join(dir, sub)], 600_000);
  return { w: load(sub), accuracy: Number(rows[0]!.train_accuracy) };
}
/** max |a − b| over the weights' change from init, relative to the largest change of `b`. */
function relChange(a: Float32Array, b: Float32Array, w0: Float32Array): number {
  let num = 0;
  let den = 0;
  for (let k = 0; k < w0.length; k++) {
    num = Math.max(num, Math.abs(a[k]! - b[k]!));
    den = Math.max(den, Math.abs(b[k]! - w0[k]!));
  }
  return num / den;
}
const rows: Omit<BenchRow, 'speedup'>[] = [];
const notes = [
  `ours: BspClassifier, ${backend} backend, float32 cells, seed 1, images in file order (no epoch shuffle); the peer starts from the same weights`,
  'relative difference = max over weights of |ours − peer| / max over weights of |peer − initial| (the change the training made)',
  `load ${load0.toFixed(1)} at the start`,
];
for (const model of ['ours', 'prototype']) {
  const first = peer(model, batch);
  const last = peer(model, images);
  const label = model === 'ours' ? 'numpy peer (--model ours)' : "numpy prototype's reading (--model prototype)";
  for (let l = 0; l < C.length; l++) {
    rows.push({ name: `first batch's change of C${l + 1}: relative difference, ours vs ${label}`, value: relChange(ours.first[l]!, first.w[l]!, init[l]!), unit: '', higherIsBetter: false });
  }
  for (let l = 0; l < C.length; l++) {
    rows.push({ name: `C${l + 1} after ${images} images: relative difference, ours vs ${label}`, value: relChange(ours.last[l]!, last.w[l]!, init[l]!), unit: '', higherIsBetter: false });
  }
  rows.push({ name: `training accuracy over ${images} images, seen before each update: ours vs ${label}`, value: 100 * ours.accuracy, unit: '%', higherIsBetter: true, peer: label, peerValue: 100 * last.accuracy });
}
rmSync(dir, { recursive: true, force: true });
report('bsp-peer-agreement', rows, notes);
