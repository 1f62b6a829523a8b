/**
 * BSP method 2 on the dense network {784, 300, 300, 10} (the CLI's default recipe: Euler dt 0.2,
 * window 10, batch 50, rate 0.1) on the wasm backend (one thread, then two: `useKernelThreads`,
 * a worker taking half of each big product and cell step) and the cpu backend, against the
 * numpy peer of the same model (bench/peers/bsp_numpy.py: pixels a held source, their product
 * once a batch, the forward chain not stepped in the backward window — as ours; its weights
 * follow ours within 10⁻⁵, bench/bsp-peer-agreement.ts) on one and on two BLAS threads, and
 * the earlier peer (the prototype's reading: 784 input cells, their 784 × 300 product every
 * step, the forward chain stepped twice) on one, in the same invocation: CPU and wall seconds
 * for the same `--images` training images, medians of `--repeats` runs, the 1-minute load
 * average beside each figure, and the epoch (60,000 images) extrapolated linearly from it —
 * every batch is two windows of 50 steps, so the time scales with images. `-f32` runs the cells
 * in float32 arithmetic (`cellArithmetic: 'float32'`, the peer's arithmetic; the wasm kernel
 * then steps four cells per instruction instead of two).
 * The two-thread runs (`wasm2`, `wasm2-f32`) must come last: the worker serves every wasm
 * simulator built after it.
 *   npx tsx bench/bsp-epoch.ts [--images 500] [--repeats 3] [--backends wasm,wasm-f32,cpu,wasm2,wasm2-f32]
 */
import { loadavg } from 'node:os';
import { BspClassifier } from '../src/circuits/bsp/BspClassifier.js';
import { prepareBackend } from '../src/sim/backends/registry.js';
import '../src/sim/backends/wasm/registerWasm.js';
import { useKernelThreads } from '../src/sim/backends/wasm/kernelThreads.js';
import { loadMnist } from '../src/data/mnist.js';
import { argValue } from './lib/args.js';
import { findPython, report, runPython, type BenchRow } from './lib/report.js';

const images = Number(argValue('images', '500'));
const repeats = Number(argValue('repeats', '3'));
const EPOCH = 60_000;
const perEpoch = EPOCH / images;
const med = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

const KNOWN = ['wasm', 'wasm-f32', 'cpu', 'cpu-f32', 'wasm2', 'wasm2-f32'];
const backends = argValue('backends', 'wasm,wasm-f32,cpu,wasm2,wasm2-f32').split(',');
for (const b of backends) if (!KNOWN.includes(b)) throw new Error(`--backends: unknown '${b}' (known: ${KNOWN.join(', ')})`);
const twoThreads = (b: string) => b.startsWith('wasm2');
const f32 = (b: string) => b.endsWith('-f32');
const firstTwo = backends.findIndex(twoThreads);
if (firstTwo >= 0 && backends.slice(firstTwo).some((b) => !twoThreads(b))) throw new Error('--backends: wasm2 and wasm2-f32 must come last (the worker serves every later wasm simulator)');
const label = (b: string) => `${b.startsWith('cpu') ? 'cpu' : 'wasm'} backend, ${twoThreads(b) ? '2 threads' : '1 thread'}${f32(b) ? ', float32 cells' : ''}`;

const train = loadMnist({ split: 'train', limit: images });
type Run = { cpu: number; wall: number; load: number; accuracy: number };
const ours = new Map<string, Run[]>();
for (const backend of backends) {
  const name = backend.startsWith('cpu') ? 'cpu' : 'wasm';
  await prepareBackend(name);
  if (twoThreads(backend)) await useKernelThreads();
  const runs: Run[] = [];
  for (let r = 0; r < repeats; r++) {
    const bsp = new BspClassifier({ layers: [784, 300, 300, 10], method: 2, integrator: 'euler', seed: r + 1, cellArithmetic: f32(backend) ? 'float32' : 'float64' }, name);
    const load = loadavg()[0]!;
    const c0 = process.cpuUsage();
    const w0 = performance.now();
    const accuracy = bsp.trainEpoch(train, { epoch: 0, batch: 0, correct: 0, seen: 0, seconds: 0 });
    const wall = (performance.now() - w0) / 1000;
    const c = process.cpuUsage(c0);
    runs.push({ cpu: (c.user + c.system) / 1e6, wall, load, accuracy });
    console.log(`neurostream ${label(backend)}: ${runs.at(-1)!.cpu.toFixed(2)} CPU s, ${wall.toFixed(2)} wall s for ${images} images (load ${load.toFixed(1)}), training accuracy ${(100 * accuracy).toFixed(1)} %`);
  }
  ours.set(backend, runs);
}

const notes = [
  `${images} MNIST training images per run, ${repeats} runs (seeds 1…${repeats}), medians; epoch = × ${perEpoch} (linear: the same two 50-step windows per batch of 50)`,
  'CPU seconds of the whole process, every thread (process.cpuUsage / time.process_time), and wall seconds (performance.now / perf_counter): the 2-core machine is shared, so wall time depends on what else runs (load average beside each figure)',
  'threads: our 1-thread rows run one thread of computation; "2 threads" adds the arena worker (useKernelThreads). numpy runs with OMP/OPENBLAS/MKL_NUM_THREADS = 1 or 2 (its element-wise cell steps stay on one thread either way)',
  'peer: bench/peers/bsp_numpy.py --model ours computes our model (pixels a held source whose product with C1 runs once a batch, cells 300/300/10 stepped in our order, the forward chain not stepped in the backward window, G1 from D over the forward window); started from our weights it follows them within 1e-5 of the training’s change (first batch 3e-6; training accuracy the same to the image) (bench/bsp-peer-agreement.ts, bench/results/bsp-peer-agreement.json). Our images come in the epoch’s seeded shuffle, the peer’s in file order: the same work',
  'float32 cells: cellArithmetic float32, every operation of the Wuxing step in float32 as in the numpy peer (within 1e-6 of the float64 step per state, test/sim/backends/wasmWuxing.test.ts); rows without it: the default float64 cells, each state rounded to float32 once per step. The products are float32 SIMD on wasm either way',
];
type Peer = { cpu: number; wall: number; load: number; accuracy: number };
const python = findPython(['numpy']);
const peers = new Map<number, Peer[]>();
let prototype: Peer[] = [];
/** The numpy peer's runs: `model` 'ours' (the same model) or 'prototype' (the earlier peer). */
function numpy(model: 'ours' | 'prototype', threads: number): Peer[] {
  try {
    const rows = runPython(python!, 'bench/peers/bsp_numpy.py', ['--images', `${images}`, '--seeds', Array.from({ length: repeats }, (_, k) => k + 1).join(','), '--threads', `${threads}`, '--model', model], 1_800_000);
    const ps = rows.map((r) => ({ cpu: Number(r.cpu_s), wall: Number(r.wall_s), load: Number(r.load1), accuracy: Number(r.train_accuracy) }));
    for (const p of ps) console.log(`numpy --model ${model}, ${threads} thread${threads > 1 ? 's' : ''}: ${p.cpu.toFixed(2)} CPU s, ${p.wall.toFixed(2)} wall s (load ${p.load.toFixed(1)}), training accuracy ${(100 * p.accuracy).toFixed(1)} %`);
    return ps;
  } catch (e) {
    notes.push(`numpy peer --model ${model} (${threads} threads) did not run: ${(e as Error).message.split('\n')[0]}`);
    return [];
  }
}
if (python) {
  for (const threads of backends.some(twoThreads) ? [1, 2] : [1]) {
    const ps = numpy('ours', threads);
    if (ps.length) peers.set(threads, ps);
  }
  prototype = numpy('prototype', 1);
} else notes.push('peer not present: python3 with numpy not found');

const rows: Omit<BenchRow, 'speedup'>[] = [];
const loadOf = (xs: { load: number }[]) => med(xs.map((x) => x.load)).toFixed(1);
function row(backend: string, measure: 'cpu' | 'wall', peerThreads: number): void {
  const runs = ours.get(backend);
  if (!runs) return;
  const peer = peers.get(peerThreads) ?? [];
  const text = (xs: { cpu: number; wall: number }[]) => xs.map((o) => o[measure].toFixed(2)).join('/');
  const peerText = peer.length ? `; numpy runs ${text(peer)} s` : '';
  rows.push({
    name: `BSP MNIST epoch {784,300,300,10}, method 2, ${label(backend)}, ${measure === 'cpu' ? 'CPU' : 'wall'} time, extrapolated from ${images} images (runs ${text(runs)} s, load ${loadOf(runs)}${peerText}) vs numpy peer of the same model, ${peerThreads} BLAS thread${peerThreads > 1 ? 's' : ''} (load ${peer.length ? loadOf(peer) : '—'})`,
    value: med(runs.map((o) => o[measure])) * perEpoch,
    unit: `${measure === 'cpu' ? 'CPU' : 'wall'} s/epoch`,
    higherIsBetter: false,
    ...(peer.length ? { peer: 'numpy BSP, same model (bench/peers/bsp_numpy.py --model ours)', peerValue: med(peer.map((p) => p[measure])) * perEpoch } : { note: 'peer not present' }),
  });
}
/** The numpy configuration (1 or 2 BLAS threads) with the lower median of `measure`: the peer's best. */
function bestPeer(measure: 'cpu' | 'wall'): number {
  const m = (t: number) => (peers.get(t)?.length ? med(peers.get(t)!.map((p) => p[measure])) : Infinity);
  return m(2) < m(1) ? 2 : 1;
}
for (const b of backends) {
  if (twoThreads(b)) {
    row(b, 'wall', bestPeer('wall'));
    row(b, 'cpu', bestPeer('cpu'));
  } else {
    row(b, 'cpu', 1);
    if (!b.startsWith('cpu')) row(b, 'wall', 1);
  }
}
// The earlier peer, for the record: the prototype's reading does more work than our model (784
// input cells and their 784 × 300 product every step, the forward chain through both windows)
// and computes a different G1 for C1 (input cells' D over the second window).
const wasm1 = ours.get('wasm');
if (prototype.length && wasm1) {
  for (const measure of ['cpu', 'wall'] as const) {
    rows.push({
      name: `Earlier peer (not the same model): BSP epoch, wasm backend, 1 thread, ${measure === 'cpu' ? 'CPU' : 'wall'} time vs the prototype's reading in numpy (784 input cells, 784 × 300 product every step, forward chain stepped in both windows; bsp_numpy.py --model prototype, 1 BLAS thread, runs ${prototype.map((p) => p[measure].toFixed(2)).join('/')} s, load ${loadOf(prototype)})`,
      value: med(wasm1.map((o) => o[measure])) * perEpoch,
      unit: `${measure === 'cpu' ? 'CPU' : 'wall'} s/epoch`,
      higherIsBetter: false,
      peer: 'numpy prototype reading (bsp_numpy.py --model prototype)',
      peerValue: med(prototype.map((p) => p[measure])) * perEpoch,
    });
  }
}
if (peers.has(2)) {
  const p2 = peers.get(2)!;
  notes.push(`numpy with 2 BLAS threads: runs ${p2.map((p) => p.cpu.toFixed(2)).join('/')} CPU s, ${p2.map((p) => p.wall.toFixed(2)).join('/')} wall s (load ${loadOf(p2)}); the 2-thread rows compare with numpy's faster configuration of the two`);
}
const peer1 = peers.get(1) ?? [];
for (const [backend, runs] of ours) {
  rows.push({
    name: `BSP training accuracy over the first ${images} images, seen before each update (ours, ${label(backend)}, images in the epoch's seeded shuffle; peer: numpy, same model, images in file order)`,
    value: 100 * med(runs.map((o) => o.accuracy)),
    unit: '%',
    higherIsBetter: true,
    ...(peer1.length ? { peer: 'numpy BSP, same model', peerValue: 100 * med(peer1.map((p) => p.accuracy)) } : {}),
  });
}
report('bsp-epoch', rows, notes);
