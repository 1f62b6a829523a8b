/**
 * Forward-Forward conv stack: milliseconds per training batch (B positives + B negatives
 * through every layer, each layer's local loss, filter gradient and Adam step), ours
 * (the FF populations and rules run by the Simulator on the chosen backend) against
 * PyTorch CPU doing the same (bench/peers/ff_cnn.py).
 *
 *   npx tsx bench/ff.ts [--quick]
 */
import { buildFFNetwork } from '../src/circuits/ff/ffNetwork.js';
import { prepareBackend } from '../src/sim/backends/registry.js';
import { useKernelThreads } from '../src/sim/backends/wasm/kernelThreads.js';
import { SeededRandom } from '../src/core/random.js';
import { Simulator } from '../src/sim/Simulator.js';
import { findPython, report, runPython, type BenchRow } from './lib/report.js';

interface Case {
  layers: number;
  channels: number;
  kernel: number;
  batch: number;
  reps: number;
}

function ours(c: Case, backend: string): number {
  const B = c.batch;
  const ff = buildFFNetwork(
    {
      inputShape: [28, 28, 1],
      architecture: { arch: 'conv', layers: Array.from({ length: c.layers }, () => ({ channels: c.channels, kernel: c.kernel })) },
      lr: 1e-3,
      logitScale: 1 / Math.sqrt(28 * 28 * c.channels),
      seed: 1,
    },
    2 * B,
  );
  ff.signs.fill(1, 0, B).fill(-1, B, 2 * B);
  const data = new SeededRandom(2).fillUniform(new Float32Array(2 * B * 784));
  const sim = new Simulator(ff.network, { backend, batch: 2 * B, dt: 1, checkFinite: 0 });
  const stim = (_t: number, _dt: number, out: Float32Array) => out.set(data);
  sim.runSteps(stim, 2, { record: 'none' });
  const t0 = performance.now();
  sim.runSteps(stim, c.reps, { record: 'none' });
  return (performance.now() - t0) / c.reps;
}

const quick = process.argv.includes('--quick');
const cases: Case[] = [
  { layers: 3, channels: 16, kernel: 5, batch: 50, reps: quick ? 3 : 10 },
  { layers: 3, channels: 32, kernel: 5, batch: 50, reps: quick ? 2 : 5 },
  ...(quick ? [] : [{ layers: 3, channels: 128, kernel: 7, batch: 50, reps: 2 }]),
];
const wasm = await prepareBackend('wasm').then(() => true, () => false);
const python = findPython(['torch']);
const rows: Omit<BenchRow, 'speedup'>[] = [];
const peers = new Map<Case, Record<number, number>>();
for (const c of cases) {
  const name = `FF conv ${c.layers}×${c.channels} ${c.kernel}×${c.kernel}, batch ${c.batch}+${c.batch}`;
  const peer: Record<number, number> = {};
  if (python) {
    for (const threads of [1, 2]) {
      const r = runPython(python, 'bench/peers/ff_cnn.py', ['--layers', `${c.layers}`, '--channels', `${c.channels}`, '--kernel', `${c.kernel}`, '--batch', `${c.batch}`, '--reps', `${c.reps}`, '--threads', `${threads}`], 1_800_000);
      peer[threads] = r[0]!.ms_per_batch as number;
    }
  }
  if (wasm) {
    const ms = ours(c, 'wasm');
    rows.push({ name: `${name}, wasm kernels (1 thread)`, value: ms, unit: 'ms/batch', higherIsBetter: false, peer: 'PyTorch CPU, 1 thread', peerValue: peer[1] });
    if (peer[2] !== undefined) rows.push({ name: `${name}, wasm kernels (1 thread)`, value: ms, unit: 'ms/batch', higherIsBetter: false, peer: 'PyTorch CPU, 2 threads', peerValue: peer[2] });
  }
  if (c.channels <= 16) {
    const ms = ours({ ...c, reps: 1 }, 'cpu');
    rows.push({ name: `${name}, typed-array loops`, value: ms, unit: 'ms/batch', higherIsBetter: false, peer: 'PyTorch CPU, 1 thread', peerValue: peer[1] });
  }
  peers.set(c, peer);
}
// two threads last: useKernelThreads replaces the wasm backend's conv kernels for the rest of the process
const peers2 = wasm && (await useKernelThreads().then(() => true, () => false));
if (peers2) {
  for (const c of cases) {
    const name = `FF conv ${c.layers}×${c.channels} ${c.kernel}×${c.kernel}, batch ${c.batch}+${c.batch}`;
    rows.push({ name: `${name}, wasm kernels on 2 threads`, value: ours(c, 'wasm'), unit: 'ms/batch', higherIsBetter: false, peer: 'PyTorch CPU, 2 threads', peerValue: peers.get(c)![2] });
  }
}
report('ff', rows, [
  'ours: FF populations + forwardForward rules stepped by the Simulator (batch 2B) on the wasm or cpu backend; peer: bench/peers/ff_cnn.py (torch, same layer math, local losses, Adam)',
  'wasm = TensorFlow.js 4.22 WebAssembly backend (XNNPACK, SIMD, single thread in Node); 2 threads = batch split with a worker thread (useKernelThreads, src/sim/backends/wasm/kernelThreads.ts)',
  'timings on a shared 2-core machine are noisy',
]);
process.exit(0);
