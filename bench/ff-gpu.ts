/**
 * Forward-Forward on gpu.js: milliseconds per training batch (B positives + B negatives
 * through the stack, each layer's loss, weight gradient and Adam step, stepped by the
 * Simulator) on the gpu backend (the FF layers' products as gpu.js kernels), against the
 * same stack on the wasm backend (TensorFlow.js XNNPACK products, 1 thread) and on the cpu
 * backend (typed-array products); and the single products (conv forward, filter gradient,
 * dense forward and weight gradient) per call. Prints which gpu.js mode ran: on a machine
 * without a GPU that is a fallback mode (webasm in Node), and the figures are its.
 * With Chromium installed, the single products also run on WebGL2 in headless Chromium
 * (SwiftShader, a CPU rasteriser: the GL path's cost, not a GPU's speed).
 *
 *   npx tsx bench/ff-gpu.ts [--quick] [--no-browser]
 */
import { buildFFNetwork, type FFNetworkOptions } from '../src/circuits/ff/ffNetwork.js';
import { cpuProducts } from '../src/sim/backends/cpu/referenceProducts.js';
import { describeGpu, gpuMode } from '../src/sim/backends/gpu/gpuContext.js';
import { productKernels } from '../src/sim/backends/products.js';
import { prepareBackend } from '../src/sim/backends/registry.js';
import { SeededRandom } from '../src/core/random.js';
import { Simulator } from '../src/sim/Simulator.js';
import { findChromium, runInChromium } from '../test/sim/backends/chromium.js';
import { productCases, timeProducts } from './_ffGpuProducts.js';
import { median, report, type BenchRow } from './lib/report.js';

const quick = process.argv.includes('--quick');

interface Stack {
  name: string;
  options: Pick<FFNetworkOptions, 'inputShape' | 'architecture' | 'logitScale'>;
  batch: number;
  reps: number;
  /** Whether to time the typed-array kernels too (slow for wide conv stacks). */
  js: boolean;
}

/** ms per training batch: the stack on `backend` (its models, products and rules). */
function msPerBatch(s: Stack, backend: string, reps = s.reps): number {
  const B = s.batch;
  const ff = buildFFNetwork({ ...s.options, lr: 1e-3, seed: 1 }, 2 * B);
  ff.signs.fill(1, 0, B).fill(-1, B, 2 * B);
  const data = new SeededRandom(2).fillUniform(new Float32Array(2 * B * 784));
  const sim = new Simulator(ff.network, { batch: 2 * B, dt: 1, checkFinite: 0, backend });
  const stim = (_t: number, _dt: number, out: Float32Array) => out.set(data);
  sim.runSteps(stim, 1, { record: 'none' });
  const t: number[] = [];
  for (let r = 0; r < reps; r++) {
    const t0 = performance.now();
    sim.runSteps(stim, 1, { record: 'none' });
    t.push(performance.now() - t0);
  }
  if (sim.kernels.backend !== backend) throw new Error(`asked for '${backend}', the FF products ran on '${sim.kernels.backend}'`);
  return median(t);
}

const mode = gpuMode();
console.log(describeGpu());
const wasm = await prepareBackend('wasm').then(() => productKernels('wasm'), () => null);
const rows: Omit<BenchRow, 'speedup'>[] = [];
const stacks: Stack[] = [
  { name: 'FF conv 3×16 5×5', options: { inputShape: [28, 28, 1], architecture: { arch: 'conv', layers: [0, 1, 2].map(() => ({ channels: 16, kernel: 5 })) }, logitScale: 1 / 112 }, batch: 50, reps: quick ? 2 : 5, js: true },
  { name: 'FF dense 784-500-500', options: { inputShape: [28, 28, 1], architecture: { arch: 'dense', units: [500, 500] }, logitScale: 1 }, batch: 50, reps: quick ? 3 : 7, js: true },
  ...(quick ? [] : [{ name: 'FF conv 3×32 5×5', options: { inputShape: [28, 28, 1], architecture: { arch: 'conv', layers: [0, 1, 2].map(() => ({ channels: 32, kernel: 5 })) }, logitScale: 1 / 158 }, batch: 50, reps: 3, js: false } satisfies Stack]),
];
for (const s of stacks) {
  const name = `${s.name}, batch ${s.batch}+${s.batch}, training step on the gpu backend [gpu.js ${mode}]`;
  const gpu = msPerBatch(s, 'gpu');
  if (wasm) rows.push({ name, value: gpu, unit: 'ms/batch', higherIsBetter: false, peer: 'wasm backend (XNNPACK products, 1 thread)', peerValue: msPerBatch(s, 'wasm') });
  if (s.js) rows.push({ name, value: gpu, unit: 'ms/batch', higherIsBetter: false, peer: 'cpu backend (typed-array products)', peerValue: msPerBatch(s, 'cpu', 1) });
}

// The single products, per call: gpu.js against the wasm kernels (and the typed arrays).
for (const r of timeProducts(productKernels('gpu'), quick ? 3 : 5)) {
  const ref = wasm ? timeProducts(wasm, quick ? 3 : 5, r.name) : [];
  const js = timeProducts(cpuProducts, 1, r.name);
  const name = `${r.name} [gpu.js ${mode}]`;
  if (ref[0]) rows.push({ name, value: r.ms, unit: 'ms/call', higherIsBetter: false, peer: 'wasm kernels (XNNPACK, 1 thread)', peerValue: ref[0].ms });
  rows.push({ name, value: r.ms, unit: 'ms/call', higherIsBetter: false, peer: 'typed-array kernels', peerValue: js[0]!.ms });
}

let browserNote = 'no Chromium here: WebGL2 not measured';
if (findChromium() && !process.argv.includes('--no-browser')) {
  const b = await runInChromium<{ mode: string; renderer: string; rows: { name: string; gpu: number; js: number }[] }>(
    new URL('./_ffGpuBrowser.ts', import.meta.url).pathname,
    { timeoutMs: 300_000 },
  );
  for (const r of b.rows) {
    rows.push({ name: `${r.name} [gpu.js ${b.mode}, Chromium, SwiftShader]`, value: r.gpu, unit: 'ms/call', higherIsBetter: false, peer: 'typed-array kernels (same page)', peerValue: r.js });
  }
  browserNote = `WebGL2 rows: headless Chromium, renderer '${b.renderer}' — a CPU rasteriser, so they measure the GL path's cost, not a GPU`;
}

report('ff-gpu', rows, [
  `${describeGpu()}. There is NO GPU on this machine: the gpu.js figures are its fallback modes' (webasm: WebAssembly f32x4 SIMD on one CPU thread), not a GPU's`,
  'training step: buildFFNetwork + forwardForward rules stepped by the Simulator with batch 2B; on the gpu backend the layers\' forward products and their rules\' gradients run as gpu.js kernels (the simulator\'s product kernels, reached through the step context and the rule\'s view); peers: the same on the wasm backend (TensorFlow.js 4.22 XNNPACK products) and the cpu backend (typed-array products)',
  `single products (${productCases.map((c) => c.name.split(':')[0]).join('; ')}): median of repeated calls after a warm-up, operands uploaded and results read back every call`,
  browserNote,
  'timings on a shared 2-core machine (other sessions running) are noisy',
]);
process.exit(0);
