/**
 * BSP method 2 on the dense network {784, 300, 300, 10} (the CLI's default recipe: Euler dt 0.2,
 * window 10, batch 50, rate 0.1) against the numpy reference of the same rule
 * (bench/peers/bsp_numpy.py, BLAS on one thread) in the same invocation: CPU seconds for the
 * same `--images` training images, medians of `--repeats` runs, the 1-minute load average beside
 * each figure, and the epoch (60,000 images) extrapolated linearly from it — both sides do the
 * same work per image (every batch is two windows of 50 steps), so the time scales with images.
 *   npx tsx bench/bsp-epoch.ts [--images 500] [--repeats 3]
 */
import { loadavg } from 'node:os';
import { BspClassifier } from '../src/circuits/bsp/BspClassifier.js';
import { loadMnist } from '../src/data/mnist.js';
import { argValue } from './lib/args.js';
import { findPython, report, runPython, type BenchRow } from './lib/report.js';

const images = Number(argValue('images', '500'));
const repeats = Number(argValue('repeats', '3'));
const EPOCH = 60_000;
const med = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

const train = loadMnist({ split: 'train', limit: images });
const ours: { cpu: number; load: number; accuracy: number }[] = [];
for (let r = 0; r < repeats; r++) {
  const bsp = new BspClassifier({ layers: [784, 300, 300, 10], method: 2, integrator: 'euler', seed: r + 1 });
  const load = loadavg()[0]!;
  const c0 = process.cpuUsage();
  const accuracy = bsp.trainEpoch(train, { epoch: 0, batch: 0, correct: 0, seen: 0, seconds: 0 });
  const c = process.cpuUsage(c0);
  ours.push({ cpu: (c.user + c.system) / 1e6, load, accuracy });
  console.log(`neurostream: ${ours.at(-1)!.cpu.toFixed(2)} CPU s for ${images} images (load ${load.toFixed(1)}), training accuracy ${(100 * accuracy).toFixed(1)} %`);
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

const oursCpu = med(ours.map((o) => o.cpu));
const peerCpu = peer.length ? med(peer.map((p) => p.cpu)) : undefined;
const oursLoad = med(ours.map((o) => o.load)).toFixed(1);
const peerLoad = peer.length ? med(peer.map((p) => p.load)).toFixed(1) : '—';
const rows: Omit<BenchRow, 'speedup'>[] = [
  {
    name: `BSP MNIST epoch {784,300,300,10}, method 2, extrapolated from ${images} images (load ${oursLoad}) vs numpy reference, 1 thread (load ${peerLoad})`,
    value: (oursCpu * EPOCH) / images,
    unit: 'CPU s/epoch',
    higherIsBetter: false,
    ...(peerCpu !== undefined ? { peer: 'numpy BSP reference (bench/peers/bsp_numpy.py)', peerValue: (peerCpu * EPOCH) / images } : { note: 'peer not present' }),
  },
  {
    name: `BSP training accuracy over the first ${images} images, seen before each update (ours; peer: numpy reference)`,
    value: 100 * med(ours.map((o) => o.accuracy)),
    unit: '%',
    higherIsBetter: true,
    ...(peer.length ? { peer: 'numpy BSP reference', peerValue: 100 * med(peer.map((p) => p.accuracy)) } : {}),
  },
];
report('bsp-epoch', rows, notes);
