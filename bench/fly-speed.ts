/**
 * The fly motion pathway's simulation speed: a trained 64-pixel row (lamina ReSUs with 50
 * lags, T4a/b and T5a/b detectors, 24 sparse graded projections) watching a grating with
 * learning off, on the wasm backend against the cpu backend in the same run: simulated
 * seconds per CPU second (× batch), medians of `--repeats` runs, the 1-minute load average
 * beside each figure. Issue 17's goal: ≥ 500× real time.
 * Each run first simulates `--warmup` seconds unmeasured: V8 optimises the step loop and tiers
 * the wasm kernels up over the first ~1,000 steps (200 steps measured 18–22 µs a step where the
 * steady state is 13), so a short warm-up understated the wasm backend.
 *   npx tsx bench/fly-speed.ts [--seconds 100] [--warmup 5] [--repeats 3]
 */
import { loadavg } from 'node:os';
import { DrosophilaMotion, Simulator, gratings } from '../src/index.js';
import { bundledImages } from '../src/data/bundledImages.js';
import { loadScene } from '../src/node.js';
import { argValue } from './lib/args.js';
import { report, type BenchRow } from './lib/report.js';

const seconds = Number(argValue('seconds', '100'));
const warmup = Number(argValue('warmup', '5'));
const repeats = Number(argValue('repeats', '3'));
const med = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

const scenes = bundledImages().map((p) => loadScene(p));
const fly = new DrosophilaMotion({ pixels: 64 }).train(scenes.slice(0, 2), { steps: 600, rows: 8 });
const stim = gratings({ wavelength: 4, temporalFrequency: 4 });

/** Simulated seconds (× batch) per CPU second of one run, and the load when it ended. */
function speed(backend: string, batch: number, simulated: number): { x: number; load: number } {
  const sim = new Simulator(fly.network, { dt: fly.dt, batch, checkFinite: 0, backend });
  sim.run(stim, warmup, { record: 'none', learn: false }); // warm up (JIT, wasm tier-up)
  const c0 = process.cpuUsage();
  sim.run(stim, simulated, { record: 'none', learn: false });
  const c = process.cpuUsage(c0);
  return { x: (simulated * batch) / ((c.user + c.system) / 1e6), load: loadavg()[0]! };
}

const rows: Omit<BenchRow, 'speedup'>[] = [];
for (const batch of [1, 16]) {
  const simulated = batch === 1 ? seconds : seconds / 4;
  const runs: Record<string, { x: number; load: number }[]> = { wasm: [], cpu: [] };
  for (let r = 0; r < repeats; r++) for (const b of ['wasm', 'cpu']) runs[b]!.push(speed(b, batch, simulated));
  const fig = (b: string) => ({ x: med(runs[b]!.map((r) => r.x)), load: med(runs[b]!.map((r) => r.load)) });
  const wasm = fig('wasm');
  const cpu = fig('cpu');
  console.log(`batch ${batch}: wasm ${runs.wasm!.map((r) => r.x.toFixed(0)).join(', ')}; cpu ${runs.cpu!.map((r) => r.x.toFixed(0)).join(', ')} × real time per CPU s`);
  rows.push({
    name: `fly 64-pixel row, all subtypes, batch ${batch}: wasm backend (load ${wasm.load.toFixed(1)}) vs cpu backend (load ${cpu.load.toFixed(1)}); goal ≥ 500`,
    value: wasm.x,
    unit: '× real time per CPU s (× batch)',
    higherIsBetter: true,
    peer: 'neurostream cpu backend',
    peerValue: cpu.x,
  });
}
report('fly-speed', rows, [
  `${seconds} s simulated at batch 1 (${seconds / 4} s at batch 16) after ${warmup} s of warm-up, dt ${fly.dt * 1000} ms, ${repeats} runs each, medians; the circuit trained on two bundled images (600 steps, 8 rows)`,
  'CPU seconds of the process (process.cpuUsage): the 2-core machine is shared, wall time is inflated by other jobs',
]);
