import { describe, expect, it } from '@jest/globals';
import { Network, SeededRandom, Simulator, oneToOne, prepareBackend, source, wuxing, wuxingReversed } from '../../../src/index.js';
import type { NeuronModel } from '../../../src/neurons/NeuronModel.js';

/** Index of the first value whose bits differ (−0 and +0 differ), or −1. */
function firstDifference(a: Float32Array, b: Float32Array): number {
  const x = new Uint32Array(a.buffer, a.byteOffset, a.length);
  const y = new Uint32Array(b.buffer, b.byteOffset, b.length);
  for (let k = 0; k < x.length; k++) if (x[k] !== y[k]) return k;
  return a.length === b.length ? -1 : Math.min(a.length, b.length);
}

/**
 * Forward cells driven hard enough (weights up to ±6) that many states sit on the floor,
 * reversed twins gated by a second source, per-cell parameters; a quarter of the cells get no
 * input and stay at rest (the skipped path), and an odd `size` sends the last cell of every
 * row through the kernel's scalar tail.
 */
function network(size: number, integrator: 'rk4' | 'euler', floor: number | null, uniform: boolean, arithmetic: 'float64' | 'float32' = 'float64') {
  const rng = new SeededRandom(11, `wuxing-${size}`);
  // cells [0, size/4) (all of them when `uniform`): k = (2, 1, 1), exactly still at B0 = 1;
  // the others drawn per cell and state
  const per = (k: number, lo: number, hi: number) => Float32Array.from({ length: size * 5 }, (_, i) => (uniform || i / 5 < size / 4 ? k : rng.range(lo, hi)));
  const net = new Network();
  const x = net.population('X', size, source());
  const g = net.population('G', size, source());
  const F = net.population('F', size, wuxing({ size, integrator, floor, arithmetic, k1: per(2, 1.8, 2.2), k2: per(1, 0.8, 1.1), k3: per(1, 0.9, 1.2) }));
  const R = net.population('R', size, wuxingReversed({ size, integrator, floor, arithmetic, gate: true, shareParameters: F.model.parameters! }));
  // one-to-one projections (the cpu delivery on every backend), so only the cell step differs;
  // cells [0, size/4) get no input at all: they stay at rest (the skipped path)
  const w = (scale: number) => Float32Array.from({ length: size }, (_, k) => (k < size / 4 ? 0 : rng.range(-scale, scale)));
  net.connect(x, F, oneToOne({ weights: w(6) }));
  net.connect(F, R, oneToOne({ weights: w(2) }));
  net.connect(g, R, oneToOne({ weights: 1 }), { target: 'gate' });
  return net;
}

function run(size: number, integrator: 'rk4' | 'euler', floor: number | null, uniform: boolean, backend: string, arithmetic: 'float64' | 'float32' = 'float64') {
  const net = network(size, integrator, floor, uniform, arithmetic);
  const sim = new Simulator(net, { backend, dt: integrator === 'rk4' ? 0.2 : 0.1, batch: 3, checkFinite: 0 });
  if (backend === 'wasm') {
    for (const name of ['F', 'R']) {
      const m = net.getPopulation(name).model as { step: NeuronModel['step'] };
      m.step = () => {
        throw new Error(`cpu step of '${name}' ran on wasm`);
      };
    }
  }
  const stim = {
    X: (s: number, _dt: number, out: Float32Array) => {
      for (let k = 0; k < out.length; k++) out[k] = s < 5 ? 0 : Math.sin(0.3 * s + k) + (k % 3 === 0 ? -0 : 0.2);
    },
    G: (s: number, _dt: number, out: Float32Array) => {
      for (let k = 0; k < out.length; k++) out[k] = 0.5 + 0.5 * Math.cos(0.1 * s + k);
    },
  };
  sim.runSteps(stim, 60);
  const state: Record<string, Float32Array> = {};
  for (const p of ['F', 'R']) for (const v of ['J', 'S', 'M', 'H', 'T', 'D']) state[`${p}.${v}`] = net.getPopulation(p).state[v]!.slice();
  return state;
}

describe('wasm Wuxing step (assembly/wuxingStep.ts)', () => {
  it.each([
    { size: 37, integrator: 'euler' as const, floor: 0, uniform: false, arithmetic: 'float64' as const },
    { size: 37, integrator: 'rk4' as const, floor: 0, uniform: false, arithmetic: 'float64' as const },
    { size: 36, integrator: 'euler' as const, floor: null, uniform: false, arithmetic: 'float64' as const },
    { size: 1001, integrator: 'euler' as const, floor: 0.25, uniform: false, arithmetic: 'float64' as const }, // more cells than one table chunk
    // every forward cell still at rest for the first steps (no input yet): the whole-chunk rest path
    { size: 41, integrator: 'euler' as const, floor: 0, uniform: true, arithmetic: 'float64' as const },
    // the float32 step (four cells a lane group, a scalar tail of one to three cells)
    { size: 37, integrator: 'euler' as const, floor: 0, uniform: false, arithmetic: 'float32' as const },
    { size: 38, integrator: 'rk4' as const, floor: 0, uniform: false, arithmetic: 'float32' as const },
    { size: 39, integrator: 'euler' as const, floor: null, uniform: false, arithmetic: 'float32' as const },
    { size: 1001, integrator: 'euler' as const, floor: 0.25, uniform: false, arithmetic: 'float32' as const },
    { size: 41, integrator: 'euler' as const, floor: 0, uniform: true, arithmetic: 'float32' as const },
  ])('is bit-identical to the cpu step: $size cells, $integrator, floor $floor, uniform k $uniform, $arithmetic', async ({ size, integrator, floor, uniform, arithmetic }) => {
    await prepareBackend('wasm');
    const cpu = run(size, integrator, floor, uniform, 'cpu', arithmetic);
    const wasm = run(size, integrator, floor, uniform, 'wasm', arithmetic);
    const lo = floor ?? -Infinity;
    const onFloor = cpu['F.J']!.filter((v) => v === lo).length + cpu['F.S']!.filter((v) => v === lo).length;
    if (floor !== null) expect(onFloor).toBeGreaterThan(0); // the clamp was exercised
    expect(cpu['R.D']!.some((v) => v !== 0)).toBe(true); // the twins moved
    expect([cpu['F.J']![0], cpu['F.D']![0]]).toEqual([1, 0]); // a silent cell stayed at rest
    for (const [name, a] of Object.entries(cpu)) expect({ name, firstDifference: firstDifference(a, wasm[name]!) }).toEqual({ name, firstDifference: -1 });
  });
});

/**
 * The float32 step (`arithmetic: 'float32'`) against the float64 one: the same network, inputs
 * and parameters. The cells contract towards their fixed points, so the roundings do not grow:
 * the stated bound is |D32 − D64| ≤ 1e-6 at every step (about eight float32 ulps at 1; measured
 * 2.8e-7 to 4.5e-7 over 200 steps), for both integrators, with and without a floor.
 */
describe('float32 Wuxing arithmetic', () => {
  it.each([
    { integrator: 'euler' as const, floor: 0 },
    { integrator: 'rk4' as const, floor: 0 },
    { integrator: 'euler' as const, floor: null },
  ])('stays within 1e-6 of the float64 step over 200 steps ($integrator, floor $floor), and differs from it', ({ integrator, floor }) => {
    const steps = 200;
    const runWith = (arithmetic: 'float64' | 'float32') => {
      const size = 64;
      const rng = new SeededRandom(11, 'float32-bound');
      const per = (k: number, lo: number, hi: number) => Float32Array.from({ length: size * 5 }, (_, i) => (i / 5 < size / 4 ? k : rng.range(lo, hi)));
      const net = new Network();
      const x = net.population('X', size, source());
      const F = net.population('F', size, wuxing({ size, integrator, floor, arithmetic, k1: per(2, 1.8, 2.2), k2: per(1, 0.8, 1.1), k3: per(1, 0.9, 1.2) }));
      const R = net.population('R', size, wuxingReversed({ size, integrator, floor, arithmetic, shareParameters: F.model.parameters! }));
      const w = () => Float32Array.from({ length: size }, () => rng.range(-1, 1));
      net.connect(x, F, oneToOne({ weights: w() }));
      net.connect(F, R, oneToOne({ weights: w() }));
      const sim = new Simulator(net, { backend: 'cpu', dt: integrator === 'rk4' ? 0.5 : 0.2, batch: 4, checkFinite: 0 });
      const r = sim.runSteps({ X: (s: number, _dt: number, out: Float32Array) => out.forEach((_, k) => (out[k] = Math.sin(0.05 * s + k))) }, steps, { record: ['F', 'R'] });
      return [r.output('F').data, r.output('R').data];
    };
    const d64 = runWith('float64');
    const d32 = runWith('float32');
    let gap = 0;
    let differing = 0;
    let largest = 0;
    d64.forEach((a, p) =>
      a.forEach((v, k) => {
        const e = Math.abs(v - d32[p]![k]!);
        gap = Math.max(gap, e);
        if (e > 0) differing++;
        largest = Math.max(largest, Math.abs(v));
      }),
    );
    expect(largest).toBeGreaterThan(0.3); // the cells were driven
    expect(differing).toBeGreaterThan(0); // the arithmetic does differ
    expect(gap).toBeLessThanOrEqual(1e-6);
  });
});
