import { describe, expect, it } from '@jest/globals';
import { readFileSync } from 'node:fs';
import { DrosophilaMotion, Network, NonFiniteError, Simulator, cubaNetwork, dense, gratings, lif, linearRate, resu, source, sparse, type Stimulus } from '../../../src/index.js';
import type { NeuronModel } from '../../../src/neurons/NeuronModel.js';
import { sparseKernels } from '../../../src/synapses/sparse.js';
import { getKernel, registerKernel, type KernelFunc } from '../../../src/sim/backends/registry.js';
import { oneToOne } from '../../../src/index.js';
import { noisyWave } from './networks.js';

/**
 * The wasm backend beyond parity (parityCases.ts): state in its memory, its fused NaN check,
 * where `auto` picks it, and that its ReSU and sparse rate kernels really run (no silent fallback).
 */
describe('wasm backend checks', () => {
  it('keeps population state in its WebAssembly memory', () => {
    const net = cubaNetwork({ n: 100 });
    const sim = new Simulator(net, { backend: 'wasm' });
    expect(sim.backend.name).toBe('wasm');
    const E = net.getPopulation('E');
    expect(E.state.v!.buffer).toBe(net.getPopulation('I').state.v!.buffer);
    expect(E.state.v!.buffer.constructor.name).toBe('ArrayBuffer');
    expect(E.state.v!.buffer.byteLength % 65536).toBe(0);
  });

  it('names the population, variable and unit of a NaN the fused check sees', () => {
    const net = new Network();
    const s = net.population('S', 8, source());
    const a = net.population('A', 9, lif({ synapses: { ge: 0.005 } }));
    net.connect(s, a, dense({ weights: 10 }), { target: 'ge' }); // 8 × 10 × 1e38 overflows float32
    const sim = new Simulator(net, { backend: 'wasm', dt: 1e-4 });
    const bad: Stimulus = { label: 'bad', frame: (step, _dt, out) => out.fill(step === 5 ? 1e38 : 0.1) };
    expect(() => sim.run(bad, 20e-4)).toThrow(NonFiniteError);
    expect(() => {
      sim.reset();
      sim.run(bad, 20e-4);
    }).toThrow(/population 'A', variable 'ge', unit 0, step 5/);
  });

  it('is what auto picks from the measured crossover on, and not below it', () => {
    expect(new Simulator(cubaNetwork({ n: 2000 }), { backend: 'auto' }).backend.name).toBe('wasm');
    expect(new Simulator(cubaNetwork({ n: 200 }), { backend: 'auto' }).backend.name).toBe('cpu');
  });
});

/** Index of the first value whose bits differ (or -1); fast on long recordings. */
function firstDifference(a: Float32Array, b: Float32Array): number {
  if (a.length !== b.length) return Math.min(a.length, b.length);
  const x = new Uint32Array(a.buffer, a.byteOffset, a.length);
  const y = new Uint32Array(b.buffer, b.byteOffset, b.length);
  for (let k = 0; k < x.length; k++) if (x[k] !== y[k]) return k;
  return -1;
}

/** ReSU outputs read through sparse graded projections whose post population needs 32-bit columns (> 65,536 units). */
function wideColumnsNetwork(): Network {
  const net = new Network({ seed: 3 });
  const s = net.population('S', 20, source());
  const a = net.population('A', 20, resu({ memory: 5, components: 3, filters: Array.from({ length: 15 }, (_, j) => Math.sin(j + 1)) }));
  const wide = net.population('W', 70_000, linearRate({ tau: 0.004 }));
  net.connect(s, a, sparse({ p: 0.5, weights: { normal: { mean: 0.5, std: 0.3 } } }));
  net.connect(a, wide, sparse({ pairs: Array.from({ length: 60 }, (_, k) => [k % 20, 65_000 + 83 * k] as [number, number]), weights: 0.7 }), { source: 'on2' });
  net.connect(a, wide, sparse({ p: 0.01, weights: -0.2 }), { source: 'off1' });
  return net;
}

/**
 * The kernels the fly runs per step (ReSU lamina and detectors, graded sparse delivery) must
 * really run in wasm: the cpu versions are made to throw in the wasm simulation, so a silent
 * fallback fails the test instead of passing it trivially.
 */
describe('wasm ReSU and sparse rate kernels against cpu', () => {
  const flyJson = JSON.parse(readFileSync('models/drosophila-motion.json', 'utf8')) as unknown;
  const setups: { name: string; build: () => { net: Network; dt: number }; stimulus: Stimulus; steps: number; batch: number }[] = [
    { name: 'the fly circuit of models/drosophila-motion.json watching a grating, batch 2', build: () => { const fly = DrosophilaMotion.fromJSON(flyJson); return { net: fly.network, dt: fly.dt }; }, stimulus: gratings({ wavelength: 4, temporalFrequency: 4 }), steps: 400, batch: 2 },
    { name: '32-bit columns, 3 filters (odd: half a pair), 5 lags, batch 3', build: () => ({ net: wideColumnsNetwork(), dt: 1e-3 }), stimulus: noisyWave, steps: 60, batch: 3 },
    { name: '32-bit columns, 3 filters (odd: half a pair), 5 lags, batch 1', build: () => ({ net: wideColumnsNetwork(), dt: 1e-3 }), stimulus: noisyWave, steps: 60, batch: 1 },
  ];

  function run(build: () => { net: Network; dt: number }, stimulus: Stimulus, steps: number, batch: number, backend: string) {
    const { net, dt } = build();
    const sim = new Simulator(net, { backend, dt, batch });
    if (backend === 'wasm') {
      for (const pop of net.populations) {
        if (pop.model.kind === 'resu') (pop.model as { step: NeuronModel['step'] }).step = () => { throw new Error(`cpu step of '${pop.name}' ran on wasm`); };
      }
    }
    const result = sim.run(stimulus, steps * dt, { record: 'all' });
    const state: Record<string, Float32Array> = {};
    for (const pop of net.populations) for (const v of pop.model.variables) state[`${pop.name}.${v}`] = pop.state[v]!.slice();
    return { net, state, outputs: Object.fromEntries(net.populations.map((p) => [p.name, result.output(p.name).data])) };
  }

  it.each(setups)('$name: bit-identical state and outputs, kernels run in wasm, projections as one group per population', ({ build, stimulus, steps, batch }) => {
    const cpu = run(build, stimulus, steps, batch, 'cpu');
    const original = sparseKernels.rates;
    let cpuRates = 0;
    sparseKernels.rates = (...a) => {
      cpuRates++;
      original(...a);
    };
    // every projection here is graded and undelayed: `graded.group` delivers them, no per-projection kernel runs
    let perProjection = 0;
    const kernels = ['wasm/sparse.rates', 'wasm/oneToOne.rates', 'cpu/oneToOne.rates'].map((k) => k.split('/') as [string, string]);
    const saved = kernels.map(([backend, kernel]) => getKernel<KernelFunc>(kernel, backend)!);
    for (const [backend, kernel] of kernels) registerKernel({ kernel, backend, run: () => perProjection++ });
    let wasm;
    try {
      wasm = run(build, stimulus, steps, batch, 'wasm');
    } finally {
      sparseKernels.rates = original;
      kernels.forEach(([backend, kernel], k) => registerKernel({ kernel, backend, run: saved[k]! }));
    }
    expect(cpuRates).toBe(0);
    expect(perProjection).toBe(0);
    const active = Object.entries(cpu.state).filter(([, a]) => a.some((x) => x !== 0)).length;
    expect(active).toBeGreaterThan(Object.keys(cpu.state).length / 2);
    for (const [name, a] of Object.entries(cpu.state)) expect({ name, firstDifference: firstDifference(a, wasm.state[name]!) }).toEqual({ name, firstDifference: -1 });
    for (const [name, a] of Object.entries(cpu.outputs)) expect({ name, firstDifference: firstDifference(a, wasm.outputs[name]!) }).toEqual({ name, firstDifference: -1 });
  });

  it('stores 16-bit columns up to 65,536 post units and 32-bit beyond', () => {
    const net = wideColumnsNetwork();
    new Simulator(net, { dt: 1e-3 });
    const [toA, toWide] = net.projections;
    expect((toA!.synapses as unknown as { cols: unknown }).cols).toBeInstanceOf(Uint16Array);
    expect((toWide!.synapses as unknown as { cols: unknown }).cols).toBeInstanceOf(Int32Array);
  });
});

/**
 * The wasm backend keeps copies of graded weights and ReSU parameters in its memory and copies
 * them again only when host code may have changed them (HostEdits). Every way host code can
 * change them must reach the next step: between runs, in a rule, in tick$ and output$
 * callbacks, between stream frames is the same path as between runs.
 */
describe('wasm copies of weights and parameters are never stale', () => {
  function net(): Network {
    const n = new Network({ seed: 9 });
    const s = n.population('S', 8, source());
    const a = n.population('A', 8, resu({ channels: ['x', 'y'], memory: 2, components: 2, filters: Array.from({ length: 8 }, (_, j) => 0.3 * Math.sin(j + 1)) }));
    n.connect(s, a, sparse({ p: 0.5, weights: 0.5 }), { target: 'x', name: 'S->A.x' });
    n.connect(s, a, oneToOne({ weights: 0.7 }), { target: 'y', name: 'S->A.y' });
    return n;
  }

  /** Runs in four pieces; between and during them host code rewrites weights and filters. */
  function edited(backend: string, edit: boolean): Float32Array[] {
    const n = net();
    const sim = new Simulator(n, { backend, dt: 1e-3, batch: 2 });
    const a = n.getPopulation('A');
    const filters = (a.model.parameters as { filters: Float64Array }).filters;
    const sparseW = n.getProjection('S->A.x').synapses.weights;
    const oneW = n.getProjection('S->A.y').synapses.weights;
    const out: Float32Array[] = [];
    const piece = () => out.push(sim.run(noisyWave, 0.02, { record: ['A'] }).output('A').data);
    piece();
    if (edit) {
      sparseW.fill(-0.4); // between runs
      filters[1] = 2;
    }
    piece();
    const tick = sim.tick$.subscribe((t) => {
      if (edit) oneW[t.step % 8] = -1; // in a tick$ subscriber
    });
    piece();
    tick.unsubscribe();
    const view = a.outputView$.subscribe(() => {
      if (edit) filters[0] = filters[0]! * 0.9; // in an output$ subscriber, mid-step
    });
    piece();
    view.unsubscribe();
    return out;
  }

  it('sees weights and filters changed between runs and in tick$ and output$ callbacks (bit-identical to cpu)', () => {
    const cpu = edited('cpu', true);
    const wasm = edited('wasm', true);
    const untouched = edited('cpu', false);
    for (let k = 1; k < 4; k++) {
      expect({ piece: k, firstDifference: firstDifference(cpu[k]!, wasm[k]!) }).toEqual({ piece: k, firstDifference: -1 });
      // the edits mattered: without them the run is different
      expect(firstDifference(cpu[k]!, untouched[k]!)).toBeGreaterThanOrEqual(0);
    }
  });
});
