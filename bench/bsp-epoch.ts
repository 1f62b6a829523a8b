/**
 * BSP method 2 on the dense network {784, 300, 300, 10} (the CLI's default recipe: Euler dt 0.2,
 * window 10, batch 50, rate 0.1) on the wasm and the cpu backend against the numpy reference of
 * the same rule (bench/peers/bsp_numpy.py, BLAS on one thread) in the same invocation: CPU
 * seconds for the same `--images` training images, medians of `--repeats` runs, the 1-minute
 * load average beside each figure, and the epoch (60,000 images) extrapolated linearly from it —
 * every batch is two windows of 50 steps, so the time scales with images. (Ungated, we skip the
 * forward chain in the backward window, which nothing reads; the peer steps it.)
 *   npx tsx bench/bsp-epoch.ts [--images 500] [--repeats 3] [--backends wasm,cpu]
 */
import { loadavg } from 'node:os';
import { BspClassifier } from '../src/circuits/bsp/BspClassifier.js';
import { prepareBackend } from '../src/sim/backends/registry.js';
import '../src/sim/backends/wasm/registerWasm.js';
import { loadMnist } from '../src/data/mnist.js';
import { argValue } from './lib/args.js';
import { findPython, report, runPython, type BenchRow } from './lib/report.js';

const images = Number(argValue('images', '500'));
const repeats = Number(argValue('repeats', '3'));
const EPOCH = 60_000;
const med = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

const backends = argValue('backends', 'wasm,cpu').split(',');

const train = loadMnist({ split: 'train', limit: images });
type Run = { cpu: number; load: number; accuracy: number };
const ours = new Map<string, Run[]>();
for (const backend of backends) {
  await prepareBackend(backend);
  const runs: Run[] = [];
  for (let r = 0; r < repeats; r++) {
    const bsp = new BspClassifier({ layers: [784, 300, 300, 10], method: 2, integrator: 'euler', seed: r + 1 }, backend);
    const load = loadavg()[0]!;
    const c0 = process.cpuUsage();
    const accuracy = bsp.trainEpoch(train, { epoch: 0, batch: 0, correct: 0, seen: 0, seconds: 0 });
    const c = process.cpuUsage(c0);
    runs.push({ cpu: (c.user + c.system) / 1e6, load, accuracy });
    console.log(`neurostream ${backend}: ${runs.at(-1)!.cpu.toFixed(2)} CPU s for ${images} images (load ${load.toFixed(1)}), training accuracy ${(100 * accuracy).toFixed(1)} %`);
  }
  ours.set(backend, runs);
}

const notes = [
  `${images} MNIST training images per run, ${repeats} runs (seeds 1…${repeats}), medians; epoch = × ${EPOCH / images} (linear: the same two 50-step windows per batch of 50)`,
  'CPU seconds of each process (process.cpuUsage / time.process_time): the 2-core machine is shared, wall time is not comparable',
];
const python = findPython(['numpy']);
let peer: { cpu: number; load: number; accuracy: number }[] = [];
if (python) {
  try {
    peer = runPython(python, 'bench/peers/bsp_numpy.py', ['--images', `${images}`, '--seeds', Array.from({ length: repeats }, (_, k) => k + 1).join(','), '--threads', '1'], 1_800_000).map((r) => ({ cpu: Number(r.cpu_s), load: Number(r.load1), accuracy: Number(r.train_accuracy) }));
    for (const p of peer) console.log(`numpy: ${p.cpu.toFixed(2)} CPU s (load ${p.load.toFixed(1)}), training accuracy ${(100 * p.accuracy).toFixed(1)} %`);
  } catch (e) {
    notes.push(`numpy reference did not run: ${(e as Error).message.split('\n')[0]}`);
  }
} else notes.push('peer not present: python3 with numpy not found');

const peerCpu = peer.length ? med(peer.map((p) => p.cpu)) : undefined;
const peerLoad = peer.length ? med(peer.map((p) => p.load)).toFixed(1) : '—';
const rows: Omit<BenchRow, 'speedup'>[] = [];
for (const [backend, runs] of ours) {
  const runsText = runs.map((o) => o.cpu.toFixed(2)).join('/');
  const peerText = peer.length ? `; numpy runs ${peer.map((p) => p.cpu.toFixed(2)).join('/')} s` : '';
  rows.push({
    name: `BSP MNIST epoch {784,300,300,10}, method 2, ${backend} backend, extrapolated from ${images} images (runs ${runsText} s, load ${med(runs.map((o) => o.load)).toFixed(1)}${peerText}) vs numpy reference, 1 thread (load ${peerLoad})`,
    value: (med(runs.map((o) => o.cpu)) * EPOCH) / images,
    unit: 'CPU s/epoch',
    higherIsBetter: false,
    ...(peerCpu !== undefined ? { peer: 'numpy BSP reference (bench/peers/bsp_numpy.py)', peerValue: (peerCpu * EPOCH) / images } : { note: 'peer not present' }),
  });
}
for (const [backend, runs] of ours) {
  rows.push({
    name: `BSP training accuracy over the first ${images} images, seen before each update (ours, ${backend}; peer: numpy reference)`,
    value: 100 * med(runs.map((o) => o.accuracy)),
    unit: '%',
    higherIsBetter: true,
    ...(peer.length ? { peer: 'numpy BSP reference', peerValue: 100 * med(peer.map((p) => p.accuracy)) } : {}),
  });
}
report('bsp-epoch', rows, notes);
