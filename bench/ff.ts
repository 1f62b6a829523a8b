/**
 * Forward-Forward conv stack: milliseconds per training batch (B positives + B negatives
 * through every layer, each layer's local loss, filter gradient and Adam step), ours (the FF
 * populations and rules run by the Simulator on the wasm backend, on 1 and on 2 threads) against
 * PyTorch CPU doing the same (bench/peers/ff_cnn.py) with the same number of threads, in the same
 * invocation: medians of `--runs` runs (each `reps` batches after `warmup` untimed ones, the same on both sides) of CPU
 * ms per batch (the process, all threads) and of wall ms per batch, with the 1-minute load
 * average beside each. The cpu backend's typed-array loops run the smallest stack only.
 *
 *   npx tsx bench/ff.ts [--runs 3] [--quick] [--large]
 * `--quick`: the 3×16 stack only. `--large`: also the paper's 3×128 7×7 stack (~15 s a batch).
 */
import { buildFFNetwork } from '../src/circuits/ff/ffNetwork.js';
import { prepareBackend } from '../src/sim/backends/registry.js';
import { useKernelThreads } from '../src/sim/backends/wasm/kernelThreads.js';
import { SeededRandom } from '../src/core/random.js';
import { Simulator } from '../src/sim/Simulator.js';
import { argFlag, argValue } from './lib/args.js';
import { findPython, loadNow, median, report, runPython, type BenchRow } from './lib/report.js';

interface Case {
  readonly layers: number;
  readonly channels: number;
  readonly kernel: number;
  readonly batch: number;
  /** Batches per timed run. */
  readonly reps: number;
  /** Untimed batches first (both sides). */
  readonly warmup: number;
}

/** One side's figures: medians over the runs of wall and CPU ms per batch, and of the load. */
interface Timing {
  readonly ms: number;
  readonly cpuMs: number;
  readonly load: number;
  readonly runsMs: readonly number[];
}

const runs = Number(argValue('runs', '3'));
if (!Number.isInteger(runs) || runs < 3) throw new Error(`--runs ${argValue('runs', '3')}: medians need at least 3 runs`);

/** Ours: the FF stack in a Simulator on `backend`, `runs` timed runs of `c.reps` batches. */
function ours(c: Case, backend: string): Timing {
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
  sim.runSteps(stim, c.warmup, { record: 'none' });
  const wall: number[] = [];
  const cpu: number[] = [];
  const loads: number[] = [];
  for (let r = 0; r < runs; r++) {
    const c0 = process.cpuUsage();
    const t0 = performance.now();
    sim.runSteps(stim, c.reps, { record: 'none' });
    wall.push((performance.now() - t0) / c.reps);
    const u = process.cpuUsage(c0);
    cpu.push((u.user + u.system) / 1000 / c.reps);
    loads.push(loadNow());
  }
  return { ms: median(wall), cpuMs: median(cpu), load: median(loads), runsMs: wall };
}

/** PyTorch CPU on `threads` threads, the same runs and batches. */
function pytorch(python: string, c: Case, threads: number): Timing {
  const r = runPython(python, 'bench/peers/ff_cnn.py', [
    '--layers', `${c.layers}`, '--channels', `${c.channels}`, '--kernel', `${c.kernel}`, '--batch', `${c.batch}`,
    '--reps', `${c.reps}`, '--runs', `${runs}`, '--warmup', `${c.warmup}`, '--threads', `${threads}`,
  ], 1_800_000)[0]!;
  return { ms: r.ms_per_batch as number, cpuMs: r.cpu_ms_per_batch as number, load: r.load as number, runsMs: r.runs_ms as number[] };
}

const quick = argFlag('quick');
const cases: Case[] = [
  { layers: 3, channels: 16, kernel: 5, batch: 50, reps: 8, warmup: 4 },
  ...(quick ? [] : [{ layers: 3, channels: 32, kernel: 5, batch: 50, reps: 4, warmup: 4 }]),
  ...(argFlag('large') ? [{ layers: 3, channels: 128, kernel: 7, batch: 50, reps: 1, warmup: 2 }] : []),
];
const label = (c: Case) => `FF conv ${c.layers}×${c.channels} ${c.kernel}×${c.kernel}, batch ${c.batch}+${c.batch}`;
const runsText = (t: Timing) => t.runsMs.map((x) => x.toFixed(0)).join('/');
const wasm = await prepareBackend('wasm').then(() => true, () => false);
const python = findPython(['torch']);
const rows: Omit<BenchRow, 'speedup'>[] = [];
const peer = new Map<Case, Partial<Record<1 | 2, Timing>>>();

/** Two rows per side and thread count: CPU ms per batch (the fair figure on a shared machine) and wall ms per batch. */
function rowsOf(c: Case, side: string, t: Timing, threads: 1 | 2): Omit<BenchRow, 'speedup'>[] {
  const p = peer.get(c)?.[threads];
  const torch = `PyTorch CPU, ${threads} thread${threads > 1 ? 's' : ''}`;
  return (['CPU', 'wall'] as const).map((measure) => {
    const figure = (x: Timing) => (measure === 'CPU' ? x.cpuMs : x.ms);
    const name = `${label(c)}, ${side}, ${measure} ms per batch (wall runs ${runsText(t)} ms, CPU ${t.cpuMs.toFixed(0)} ms)` +
      (p ? ` vs ${torch} (wall runs ${runsText(p)} ms, CPU ${p.cpuMs.toFixed(0)} ms)` : '');
    return {
      name, value: figure(t), unit: `${measure} ms/batch`, higherIsBetter: false, load: t.load,
      ...(p ? { peer: torch, peerValue: figure(p), peerLoad: p.load } : {}),
    };
  });
}

for (const c of cases) {
  const p: Partial<Record<1 | 2, Timing>> = {};
  if (python) for (const threads of [1, 2] as const) p[threads] = pytorch(python, c, threads);
  peer.set(c, p);
  if (wasm) rows.push(...rowsOf(c, 'wasm backend, 1 thread', ours(c, 'wasm'), 1));
}
{
  // the cpu backend's typed-array loops: ~15× slower, so one batch a run and the smallest stack only
  const c = { ...cases[0]!, reps: 1, warmup: 1 };
  peer.set(c, peer.get(cases[0]!)!);
  rows.push(...rowsOf(c, 'cpu backend (typed-array loops), 1 thread', ours(c, 'cpu'), 1));
}
// two threads last: useKernelThreads replaces the wasm backend's conv kernels for the rest of the process
if (wasm && (await useKernelThreads().then(() => true, () => false))) {
  for (const c of cases) rows.push(...rowsOf(c, 'wasm backend, 2 threads', ours(c, 'wasm'), 2));
}
const notes = [
  `ours: FF populations + forwardForward rules stepped by the Simulator (batch 2B) on the wasm or cpu backend; peer: bench/peers/ff_cnn.py (torch, same layer math, local losses, Adam); medians of ${runs} runs each of CPU ms per batch (the process, all its threads: the fair figure on a shared machine) and of wall ms per batch (what two threads are for), with the 1-minute load average beside each`,
  'wasm = TensorFlow.js 4.22 WebAssembly backend (XNNPACK, SIMD128 without FMA); 2 threads = batch split with a worker thread (useKernelThreads, src/sim/backends/wasm/kernelThreads.ts); PyTorch: torch.set_num_threads(n), oneDNN',
  'the 2-core machine is shared with other jobs: under load, wall time exceeds CPU time and two threads can be slower than one',
];
if (!python) notes.push('peer missing: no Python with torch found (python3, /usr/bin/python3): rows have no peer figure');
if (!wasm) notes.push('wasm backend unavailable here: only the cpu backend ran');
report('ff', rows, notes);
process.exit(0);
