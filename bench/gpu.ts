/**
 * gpu backend vs cpu backend on this machine: batched ODE updates (a five-state Wuxing
 * cell written as equations, RK4) and the built-in LIF for 10^4–10^6 units, a dense
 * rate projection, Brian2's CUBA network (4,000 LIF), and the trained fly motion circuit
 * (ReSU lamina and T4/T5) on a 64-pixel row with batch 256. Each figure is milliseconds per
 * simulation step (median of repeats, after warm-up), except the fly circuit's, which is
 * simulated seconds per wall second summed over the batch. The ratio is the gpu backend's
 * speed-up over the cpu backend (> 1: the gpu backend is faster). Prints which gpu.js mode ran: without a GPU that is a fallback mode,
 * and the figures say so.
 *
 * Also measures gpu.js's other fallbacks: its 'cpu' mode (JavaScript), and WebGL2 in
 * headless Chromium on SwiftShader (a software GPU) when Chromium is installed.
 *
 * Usage: npx tsx bench/gpu.ts [--mode=webasm|cpu|gpu] [--quick] [--no-browser] [--only=<text>]
 * `--only=wuxing` runs only the per-unit model rows whose label contains the text (case
 * ignored) and writes bench/results/gpu-<text>.json instead of gpu.json.
 */
import { readFileSync } from 'node:fs';
import {
  DrosophilaMotion, Network, Simulator, configureGpu, cubaNetwork, dense, describeGpu, gpuMode, gratings, lif, linearRate,
  wuxing as builtinWuxing, type GpuMode, type NeuronModel, type Stimulus,
} from '../src/index.js';
import { findChromium, runInChromium } from '../test/sim/backends/chromium.js';
import { wuxing } from './_gpuBrowser.js';
import { loadNow, median, report, type BenchRow } from './lib/report.js';

const arg = (name: string) => process.argv.find((a) => a.startsWith(`--${name}=`))?.split('=')[1];
const quick = process.argv.includes('--quick');
const only = arg('only')?.toLowerCase();
if (arg('mode')) configureGpu({ mode: arg('mode') as GpuMode });

/** Milliseconds per step: warm-up, then the median of `reps` timed runs of `steps`. */
function msPerStep(sim: Simulator, steps: number, reps = 3, stimulus: Stimulus | null = null): number {
  sim.runSteps(stimulus, 3, { record: 'none', learn: false });
  const t: number[] = [];
  for (let r = 0; r < reps; r++) {
    const t0 = performance.now();
    sim.runSteps(stimulus, steps, { record: 'none', learn: false });
    t.push((performance.now() - t0) / steps);
  }
  return median(t);
}

function single(model: (n: number) => NeuronModel, n: number, backend: string): Simulator {
  const net = new Network();
  net.population('P', n, model(n));
  // checkFinite 0: time the state update itself (a finiteness scan would read state back every step).
  return new Simulator(net, { dt: 1e-4, backend, checkFinite: 0 });
}

const mode = gpuMode();
console.log(describeGpu());
const rows: Omit<BenchRow, 'speedup'>[] = [];
/** Per model: the smallest size from which gpu beat cpu at every larger size measured too. */
const crossover: Record<string, number | null> = {};
const wins: Record<string, [number, boolean][]> = {};
/** A figure and the 1-minute load average right after it was measured. */
const withLoad = (x: number): [number, number] => [x, loadNow()];
const add = (name: string, [gpuMs, gpuLoad]: [number, number], [cpuMs, cpuLoad]: [number, number], note?: string) =>
  rows.push({ name: `${name} [gpu.js ${mode}]`, value: gpuMs, unit: 'ms/step', higherIsBetter: false, peer: 'cpu backend', peerValue: cpuMs, load: gpuLoad, peerLoad: cpuLoad, ...(note ? { note } : {}) });

const sizes = quick ? [1e4, 1e5] : [1e4, 1e5, 3e5, 1e6];
const unitModels: [string, (n: number) => NeuronModel][] = [
  ['Wuxing cell, 5 states, RK4 (equations)', wuxing],
  ['Wuxing cell (built-in), RK4', (n) => builtinWuxing({ size: n })],
  ['LIF (built-in, exact)', () => lif({ tau: 0.02, bias: 1.2, tRef: 0.002 })],
];
for (const [label, model] of unitModels) {
  if (only && !label.toLowerCase().includes(only)) continue;
  wins[label] = [];
  for (const n of sizes) {
    const steps = Math.max(5, Math.round(2e6 / n));
    const cpu = withLoad(msPerStep(single(model, n, 'cpu'), steps));
    const gpu = withLoad(msPerStep(single(model, n, 'gpu'), steps));
    add(`${label}, ${n.toExponential(0)} units`, gpu, cpu);
    wins[label]!.push([n, gpu[0] < cpu[0]]);
  }
  const w = wins[label]!;
  let from: number | null = null;
  for (let k = w.length - 1; k >= 0 && w[k]![1]; k--) from = w[k]![0];
  crossover[label] = from;
}

if (!only) {
  // A dense graded projection over a batch: the GEMM a Forward-Forward layer does.
  const build = (backend: string) => {
    const net = new Network();
    const a = net.population('A', 1000, linearRate({ bias: 0.5 }));
    net.population('B', 1000, linearRate({ tau: 0.01 }));
    net.connect(a, 'B', dense({ weights: { uniform: { low: -0.01, high: 0.01 } } }));
    return new Simulator(net, { dt: 1e-4, backend, batch: 16, checkFinite: 0 });
  };
  add('dense 1000→1000 rate projection, batch 16', withLoad(msPerStep(build('gpu'), 10)), withLoad(msPerStep(build('cpu'), 10)));
}

if (!only) {
  const steps = quick ? 200 : 1000;
  const build = (backend: string) => new Simulator(cubaNetwork({ seed: 1 }), { dt: 1e-4, seed: 1, backend, checkFinite: 0 });
  add('CUBA 4000 LIF (sparse, ~80 synapses each), per 0.1 ms step, median of 3 runs', withLoad(msPerStep(build('gpu'), steps)), withLoad(msPerStep(build('cpu'), steps)),
    'gpu gathers over every synapse each step; cpu touches only rows that fired');
}

if (!only) {
  // The trained fly circuit of models/drosophila-motion.json (trained on a 16-pixel row; its
  // filters are shared along the row, so the same file builds a 64-pixel one) watching a
  // drifting grating, learning off, batch 256.
  const json = JSON.parse(readFileSync(new URL('../models/drosophila-motion.json', import.meta.url), 'utf8')) as { settings: { pixels: number } };
  json.settings.pixels = 64;
  const batch = 256;
  const stim = gratings({ wavelength: 4, temporalFrequency: 4 });
  const speed = (backend: string) => {
    const fly = DrosophilaMotion.fromJSON(json);
    const sim = new Simulator(fly.network, { dt: fly.dt, batch, backend, checkFinite: 0 });
    return (fly.dt * batch * 1000) / msPerStep(sim, quick ? 20 : 100, 3, stim);
  };
  const [gpu, gpuLoad] = withLoad(speed('gpu'));
  const [cpu, cpuLoad] = withLoad(speed('cpu'));
  rows.push({
    name: `fly circuit (trained; ReSU lamina + T4/T5), 64 pixels, batch 256, grating: simulated s per wall s (× batch) [gpu.js ${mode}]`,
    value: gpu, unit: '× real time', higherIsBetter: true, peer: 'cpu backend', peerValue: cpu, load: gpuLoad, peerLoad: cpuLoad,
    note: 'every population is read back each step (graded projections and attached rules read host state)',
  });
}

// gpu.js's JavaScript mode, for comparison with its WebAssembly mode.
if (mode !== 'cpu' && !quick) {
  configureGpu({ mode: 'cpu' });
  for (const [label, model] of unitModels) {
    if (only && !label.toLowerCase().includes(only)) continue;
    const n = 1e5;
    const [gpu, gpuLoad] = withLoad(msPerStep(single(model, n, 'gpu'), 10));
    const [cpu, cpuLoad] = withLoad(msPerStep(single(model, n, 'cpu'), 10));
    rows.push({ name: `${label}, 1e+5 units [gpu.js cpu]`, value: gpu, unit: 'ms/step', higherIsBetter: false, peer: 'cpu backend', peerValue: cpu, load: gpuLoad, peerLoad: cpuLoad });
  }
  configureGpu({ mode: (arg('mode') as GpuMode | undefined) ?? 'gpu' });
}

let browserNote = only ? 'WebGL not measured (--only)' : 'no Chromium here: WebGL not measured';
if (findChromium() && !process.argv.includes('--no-browser') && !only) {
  const b = await runInChromium<{ mode: string; renderer: string; rows: { name: string; gpu: number; cpu: number; unit?: string }[] }>(
    new URL('./_gpuBrowser.ts', import.meta.url).pathname,
    { timeoutMs: 300_000 },
  );
  for (const r of b.rows) {
    const name = `${r.name} [gpu.js ${b.mode}, Chromium, SwiftShader]`;
    // the page cannot read the load: the load after the browser part stands beside both
    const load = loadNow();
    if (r.unit === '× real time') rows.push({ name, value: r.gpu, unit: r.unit, higherIsBetter: true, peer: 'cpu backend (same page)', peerValue: r.cpu, load, peerLoad: load });
    else rows.push({ name, value: r.gpu, unit: 'ms/step', higherIsBetter: false, peer: 'cpu backend (same page)', peerValue: r.cpu, load, peerLoad: load });
  }
  browserNote = `WebGL rows: headless Chromium, renderer '${b.renderer}' — a CPU rasteriser, so they measure the GL code path's overhead, not a GPU. ` +
    "'kernel map' rows run each step as one thread per unit writing every variable (the default on GL); 'packed one-output kernel' rows are the same step before kernel maps (configureGpu({ kernelMaps: false })): one thread per (variable, unit), each integrating the whole step";
}

const gpuHere = mode === 'webgl' || mode === 'webgl2' || mode === 'headlessgl';
const notes = [
  `gpu backend: ${describeGpu()}`,
  gpuHere ? 'a GL device ran the gpu kernels' : `no GPU here: these are gpu.js's fallback '${mode}' figures (WebAssembly SIMD on the CPU, single thread under the simulator's synchronous contract), not GPU figures`,
  `crossover (smallest size from which gpu beat cpu at every larger size): ${Object.entries(crossover).map(([k, v]) => `${k}: ${v === null ? 'none in the sizes measured' : v}`).join('; ')}`,
  browserNote,
  'the fly circuit runs its ReSU lamina and detectors as packed kernels on every mode (the lag vectors are too wide for a kernel map) and its 24 one-synapse-per-unit sparse projections as gathers',
  'timed with checkFinite: 0 and no monitors, medians of 3 timed runs after a warm-up; the 1-minute load average after each side stands beside its figure; other processes shared the 2-core machine, so figures are noisy',
];
report(only ? `gpu-${only.replace(/[^a-z0-9]+/g, '-')}` : 'gpu', rows, notes);
