import { describe, expect, it } from '@jest/globals';
import { Network, NonFiniteError, Simulator, SpikeMonitor, cubaNetwork, lif, source, sparse, dense, type Stimulus } from '../../../src/index.js';
import { readFileSync } from 'node:fs';
import { DrosophilaMotion, gratings, linearRate, resu } from '../../../src/index.js';
import { sparseKernels } from '../../../src/synapses/sparse.js';
import type { NeuronModel } from '../../../src/neurons/NeuronModel.js';
import { everyKindNetwork, noisyWave, resuNetwork, wave } from './networks.js';

/**
 * The wasm backend against the cpu reference. Its LIF kernel computes in float64 in the cpu
 * kernel's order and rounds to float32 on store, and every other kernel is the cpu one on
 * state in the WebAssembly memory, so everything must be bit-identical: spike trains, every
 * state value, recorded outputs. Each case has a guard that something happened.
 */
interface Case {
  name: string;
  build: () => Network;
  stimulus: Stimulus | null;
  steps: number;
  batch: number;
  /** Populations whose spikes are compared; the guard asks for at least `minSpikes` in all. */
  spiking: string[];
  minSpikes: number;
}

/** LIF units with no synaptic variable, one, and three (more than the kernel fuses), sizes not a multiple of 4. */
function synapseCountNetwork(): Network {
  const net = new Network();
  const s = net.population('S', 13, source());
  const a = net.population('A', 37, lif({ tau: 0.01, vThresh: 0.6, tRef: 0.003, vInit: [0, 0.6] }));
  const b = net.population('B', 41, lif({ tau: 0.015, synapses: { ge: 0.004 }, vThresh: 0.4, vReset: -0.2 }));
  const c = net.population('C', 23, lif({ tau: 0.02, synapses: { x: 0.003, y: 0.006, z: 0.012 }, vThresh: 0.3, tRef: 0.002 }));
  net.connect(s, a, dense({ weights: { uniform: { low: 0, high: 0.1 } } }));
  net.connect(a, b, sparse({ p: 0.3, weights: { normal: { mean: 0.2, std: 0.2 } } }), { target: 'ge', delaySteps: 1 });
  for (const [t, w] of [['x', 0.3], ['y', -0.1], ['z', 0.2]] as const) net.connect(b, c, sparse({ p: 0.4, weights: w }), { target: t, delaySteps: 1 });
  net.connect(c, a, sparse({ p: 0.2, weights: -0.05 }), { delaySteps: 2 });
  return net;
}

const cases: Case[] = [
  { name: 'every model and projection kind, feedforward, batch 2', build: () => everyKindNetwork({ recurrent: false }), stimulus: wave, steps: 600, batch: 2, spiking: ['E', 'E2'], minSpikes: 50 },
  { name: 'every model and projection kind, recurrent', build: () => everyKindNetwork({ recurrent: true }), stimulus: wave, steps: 600, batch: 1, spiking: ['E', 'E2'], minSpikes: 50 },
  { name: 'CUBA, 1000 units', build: () => cubaNetwork({ n: 1000 }), stimulus: null, steps: 1500, batch: 1, spiking: ['E', 'I'], minSpikes: 100 },
  { name: 'LIF with 0, 1 and 3 synaptic variables, odd sizes, batch 3', build: synapseCountNetwork, stimulus: noisyWave, steps: 800, batch: 3, spiking: ['A', 'B', 'C'], minSpikes: 20 },
  { name: 'ReSU populations with online CCA', build: resuNetwork, stimulus: noisyWave, steps: 300, batch: 1, spiking: [], minSpikes: 0 },
];

function simulate(c: Case, backend: string) {
  const net = c.build();
  const sim = new Simulator(net, { backend, dt: 1e-4, seed: 7, batch: c.batch });
  const monitors = c.spiking.map((p) => sim.add(new SpikeMonitor(p)));
  const result = sim.run(c.stimulus, c.steps * 1e-4, { record: 'all' });
  const state: Record<string, number[]> = {};
  for (const pop of net.populations) for (const v of pop.model.variables) state[`${pop.name}.${v}`] = Array.from(pop.state[v]!);
  const outputs: Record<string, Float32Array> = {};
  for (const pop of net.populations) outputs[pop.name] = result.output(pop.name).data;
  const spikes = monitors.map((m) => ({ pop: m.target, steps: Array.from(m.spikes.steps), units: Array.from(m.spikes.units) }));
  return { sim, state, outputs, spikes };
}

/** Index of the first value whose bits differ (or -1); fast on long recordings. */
function firstDifference(a: Float32Array, b: Float32Array): number {
  if (a.length !== b.length) return Math.min(a.length, b.length);
  const x = new Uint32Array(a.buffer, a.byteOffset, a.length);
  const y = new Uint32Array(b.buffer, b.byteOffset, b.length);
  for (let k = 0; k < x.length; k++) if (x[k] !== y[k]) return k;
  return -1;
}

describe.each(cases)('wasm backend against cpu: $name', (c) => {
  const cpu = simulate(c, 'cpu');
  const wasm = simulate(c, 'wasm');

  it('runs on the wasm backend, with state in WebAssembly memory', () => {
    expect(wasm.sim.backend.name).toBe('wasm');
    const first = wasm.sim.network.populations[0]!;
    expect(first.state[first.model.variables[0]!]!.buffer).not.toBe(cpu.sim.network.populations[0]!.state[first.model.variables[0]!]!.buffer);
    expect(Object.prototype.toString.call(first.fired.buffer)).toBe('[object ArrayBuffer]');
  });

  it('fires the same spikes at the same steps', () => {
    for (const s of cpu.spikes) expect(s.steps.length).toBeGreaterThanOrEqual(c.minSpikes);
    expect(wasm.spikes).toEqual(cpu.spikes);
  });

  it('ends in bit-identical state and recorded identical outputs', () => {
    const changed = Object.values(cpu.state).some((a) => a.some((x) => x !== 0));
    expect(changed).toBe(true);
    expect(wasm.state).toEqual(cpu.state);
    for (const [name, a] of Object.entries(cpu.outputs)) expect({ name, firstDifference: firstDifference(a, wasm.outputs[name]!) }).toEqual({ name, firstDifference: -1 });
  });
});

describe('wasm backend checks', () => {
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
