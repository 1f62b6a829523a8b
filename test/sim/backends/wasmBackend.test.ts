import { describe, expect, it } from '@jest/globals';
import { readFileSync } from 'node:fs';
import { DrosophilaMotion, Network, NonFiniteError, Simulator, cubaNetwork, dense, gratings, lif, linearRate, resu, source, sparse, type Stimulus } from '../../../src/index.js';
import type { NeuronModel } from '../../../src/neurons/NeuronModel.js';
import { sparseKernels } from '../../../src/synapses/sparse.js';
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

  it.each(setups)('$name: bit-identical state and outputs, kernels run in wasm', ({ build, stimulus, steps, batch }) => {
    const cpu = run(build, stimulus, steps, batch, 'cpu');
    const original = sparseKernels.rates;
    let cpuRates = 0;
    sparseKernels.rates = (...a) => {
      cpuRates++;
      original(...a);
    };
    let wasm;
    try {
      wasm = run(build, stimulus, steps, batch, 'wasm');
    } finally {
      sparseKernels.rates = original;
    }
    expect(cpuRates).toBe(0);
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
