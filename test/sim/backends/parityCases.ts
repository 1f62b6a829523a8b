/**
 * The one table of backend parity cases, run over every backend × gpu.js mode in Node
 * (parity.test.ts) and in Chromium (browserParity.ts, from browser.test.ts). A case is a
 * network builder, a stimulus, a number of steps, a tolerance per kind of arithmetic and a
 * guard that something happened. The cpu backend is the reference.
 *
 * Tolerances: 'exact' where the arithmetic is the same (the wasm backend's ReSU, sparse-rate
 * and NaN-check kernels; the kernels it does not replace are the cpu ones), else
 * |got − ref| ≤ abs + rel·|ref| for every recorded output at every step, every final state and
 * every final parameter. The wasm LIF step computes in float32 (a few roundings a step off
 * the cpu step: test/sim/backends/wasmLifBound.test.ts), so LIF cases hold wasm to float32
 * bounds; its arithmetic is IEEE float32 without fused multiply-adds, the same on every
 * machine, so the wasm bounds are the measured ones: equal spike trains except CUBA's, where
 * one spike lands a step later (its count must stay within 1 %). `gpu32`: gpu.js in float32 (webasm in Node, WebGL2 in Chromium);
 * `gpu64`: gpu.js's own 'cpu' mode, float64 like the reference.
 */
import modelJson from '../../../models/drosophila-motion.json' with { type: 'json' };
import { buildFFNetwork, type FFNetworkOptions } from '../../../src/circuits/ff/ffNetwork.js';
import { cubaNetwork } from '../../../src/circuits/cuba.js';
import { DrosophilaMotion } from '../../../src/circuits/drosophila/DrosophilaMotion.js';
import { SUBTYPES } from '../../../src/circuits/drosophila/subtypes.js';
import { SeededRandom } from '../../../src/core/random.js';
import { lif } from '../../../src/neurons/lif.js';
import { linearRate } from '../../../src/neurons/linearRate.js';
import { resu } from '../../../src/neurons/resu.js';
import { source } from '../../../src/neurons/source.js';
import { wuxing, wuxingReversed } from '../../../src/neurons/wuxing.js';
import type { PopulationRule, ProjectionRule } from '../../../src/plasticity/PlasticityRule.js';
import { Network } from '../../../src/sim/Network.js';
import { Simulator } from '../../../src/sim/Simulator.js';
import { SpikeMonitor } from '../../../src/sim/monitors/SpikeMonitor.js';
import { constant, type StimulusInput } from '../../../src/sim/Stimulus.js';
import { gratings } from '../../../src/stimuli/gratings.js';
import { dense } from '../../../src/synapses/dense.js';
import { oneToOne } from '../../../src/synapses/oneToOne.js';
import { sparse } from '../../../src/synapses/sparse.js';
import { adex, wuxingCell } from '../../neurons/equations/models.js';
import { everyKindNetwork, noisyWave, resuNetwork, wave } from './networks.js';

/** Bit-identical, or within abs + rel·|x|; `spikes`: equal trains, or (chaotic nets in float32) total counts within this share. */
export type Bound = 'exact' | { abs: number; rel: number; spikes?: 'equal' | number; values?: boolean };

export interface ParityCase {
  name: string;
  build: () => Network;
  stimulus: StimulusInput | null;
  steps: number;
  dt: number;
  batch: number;
  /** Populations whose outputs are recorded at every step and compared. */
  record: string[];
  /** Populations whose spike trains are compared. */
  spiking: string[];
  learn?: boolean;
  /** gpu.js option for this case (kernel maps on or off). */
  kernelMaps?: boolean;
  wasm: Bound;
  gpu32: Bound;
  gpu64: Bound;
  /** Something happened in the reference run: null, or what did not. */
  guard: (ref: ParityRun) => string | null;
}

export interface ParityRun {
  backend: string;
  spikes: Record<string, { steps: number[]; units: number[] }>;
  /** Recorded outputs, final state and final parameters, by name. */
  values: Record<string, Float32Array | Float64Array>;
}

/** Run a case on a backend. */
export function runCase(c: ParityCase, backend: string): ParityRun {
  const net = c.build();
  const sim = new Simulator(net, { backend, dt: c.dt, seed: 7, batch: c.batch });
  const mons = c.spiking.map((p) => sim.add(new SpikeMonitor(p)));
  const r = sim.runSteps(c.stimulus, c.steps, { record: c.record, learn: c.learn ?? true });
  const values: ParityRun['values'] = {};
  for (const p of c.record) values[`${p} (recorded)`] = r.output(p).data;
  for (const pop of net.populations) {
    for (const v of pop.model.variables) values[`${pop.name}.${v}`] = Float32Array.from(pop.state[v]!);
    for (const [k, a] of Object.entries(pop.model.parameters ?? {})) if (a) values[`${pop.name}.parameters.${k}`] = a.slice();
  }
  for (const proj of net.projections) values[`${proj.name}.weights`] = proj.synapses.weights.slice();
  const spikes: ParityRun['spikes'] = {};
  for (const m of mons) spikes[m.target] = { steps: Array.from(m.spikes.steps), units: Array.from(m.spikes.units) };
  return { backend: sim.backend.name, spikes, values };
}

export interface ParityComparison {
  /** Every spike train equal. */
  spikesEqual: boolean;
  /** |count − reference count| / reference count over every compared population. */
  countGap: number;
  /** Every value bit for bit. */
  bitIdentical: boolean;
  /** Worst excess of |got − ref| over abs + rel·|ref| (0: within), and where; NaN counts as over. */
  excess: number;
  worstAt: string;
  /** Largest |got − ref| anywhere. */
  largest: number;
}

/** Compare a run with the reference under `bound` (its abs and rel; 'exact' compares with 0, 0). */
export function compareRuns(ref: ParityRun, got: ParityRun, bound: Bound): ParityComparison {
  const abs = bound === 'exact' ? 0 : bound.abs;
  const rel = bound === 'exact' ? 0 : bound.rel;
  let refCount = 0;
  let gotCount = 0;
  let spikesEqual = true;
  for (const [pop, s] of Object.entries(ref.spikes)) {
    const g = got.spikes[pop]!;
    refCount += s.steps.length;
    gotCount += g.steps.length;
    if (JSON.stringify(s) !== JSON.stringify(g)) spikesEqual = false;
  }
  let bitIdentical = true;
  let excess = 0;
  let worstAt = '';
  let largest = 0;
  for (const [name, a] of Object.entries(ref.values)) {
    const b = got.values[name];
    if (!b || b.length !== a.length) {
      return { spikesEqual, countGap: NaN, bitIdentical: false, excess: Infinity, worstAt: `${name}: ${b?.length ?? 'no'} values, expected ${a.length}`, largest: Infinity };
    }
    for (let k = 0; k < a.length; k++) {
      const x = a[k]!;
      const y = b[k]!;
      if (!Object.is(x, y)) bitIdentical = false;
      const d = Math.abs(y - x);
      if (d > largest || Number.isNaN(d)) largest = d;
      const e = d - (abs + rel * Math.abs(x));
      if (e > excess || Number.isNaN(e)) {
        excess = Number.isNaN(e) ? Infinity : e;
        worstAt = `${name}[${k}]`;
      }
    }
  }
  return { spikesEqual, countGap: refCount === 0 ? 0 : Math.abs(gotCount - refCount) / refCount, bitIdentical, excess, worstAt, largest };
}

/** Whether a comparison meets the bound: the failures as text (empty: passes). */
export function verdict(cmp: ParityComparison, bound: Bound): string[] {
  if (bound === 'exact') {
    const f: string[] = [];
    if (!cmp.spikesEqual) f.push('spike trains differ');
    if (!cmp.bitIdentical) f.push(`values differ (largest ${cmp.largest} at ${cmp.worstAt})`);
    return f;
  }
  const f: string[] = [];
  const spikes = bound.spikes ?? 'equal';
  if (spikes === 'equal' && !cmp.spikesEqual) f.push('spike trains differ');
  if (typeof spikes === 'number' && !(cmp.countGap <= spikes)) f.push(`spike counts differ by ${cmp.countGap}, over ${spikes}`);
  if ((bound.values ?? true) && cmp.excess > 0) f.push(`${cmp.worstAt} is ${cmp.excess} past ${bound.abs} + ${bound.rel}·|x|`);
  return f;
}

// ---- guards ----

function totalSpikes(r: ParityRun, pops: string[]): number {
  return pops.reduce((n, p) => n + (r.spikes[p]?.steps.length ?? 0), 0);
}

const atLeastSpikes = (n: number, pops: string[]) => (r: ParityRun) => {
  const got = totalSpikes(r, pops);
  return got >= n ? null : `only ${got} spikes in ${pops.join(', ')} (want ≥ ${n})`;
};

/** Some recorded output is non-zero in at least `share` of its values. */
const active = (pop: string, share: number) => (r: ParityRun) => {
  const a = r.values[`${pop} (recorded)`]!;
  const on = a.filter((y) => y !== 0).length;
  return on >= share * a.length ? null : `${pop} active in ${on} of ${a.length} values (want ≥ ${share})`;
};

/** A parameter array moved from what a fresh build holds (a rule ran). */
const moved = (build: () => Network, pop: string, parameter: string) => (r: ParityRun) => {
  const before = build().getPopulation(pop).model.parameters![parameter]!;
  const after = r.values[`${pop}.parameters.${parameter}`]!;
  return before.some((w, k) => w !== after[k]) ? null : `${pop}.${parameter} did not change: the rule did nothing`;
};

const all = (...gs: ((r: ParityRun) => string | null)[]) => (r: ParityRun) => gs.map((g) => g(r)).find((m) => m !== null) ?? null;

// ---- networks only this table uses ----

/** LIF units with no synaptic variable, one, and three (more than the wasm kernel fuses), sizes not a multiple of 4. */
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

/** Multiplies every cell's K3 by a small, step-dependent factor: B0 moves every step (kernels must see parameters change). */
const nudgeK3 = (): PopulationRule => ({
  attach: 'population',
  name: 'nudgeK3',
  onStep(view) {
    const k3 = view.parameters.K3!;
    const s = 1 + 1e-4 * Math.sin(view.step / 50);
    for (let k = 0; k < k3.length; k++) k3[k] = k3[k]! * s;
  },
});

/** Forward and reversed Wuxing cells, per-cell parameters, an input gate, K3 moved by a rule. */
function wuxingNetwork(integrator: 'rk4' | 'euler', arithmetic: 'float64' | 'float32' = 'float64'): Network {
  const rng = new SeededRandom(5);
  const size = 7;
  const per = (lo: number, hi: number) => Float32Array.from({ length: size * 5 }, () => rng.range(lo, hi));
  const net = new Network();
  const x = net.population('X', 4, source());
  const g = net.population('G', size, source());
  const F = net.population('F', size, wuxing({ size, integrator, arithmetic, k1: per(1.8, 2.2), k2: per(0.8, 1.1), k3: per(0.9, 1.2) }));
  const R = net.population('R', size, wuxingReversed({ size, integrator, arithmetic, gate: true, shareParameters: F.model.parameters! }));
  net.connect(x, F, dense({ weights: Float32Array.from({ length: size * 4 }, () => rng.range(-0.4, 0.4)) }));
  net.connect(F, R, dense({ weights: Float32Array.from({ length: size * size }, () => rng.range(-0.5, 0.5)) }));
  net.connect(g, R, oneToOne({ weights: 1 }), { target: 'gate' });
  net.learn(F, nudgeK3());
  return net;
}

/** A Wuxing cell with the `gain` variable: its step kernel says it is not on the device (`onDevice`), so it runs on the host. */
function wuxingGainNetwork(): Network {
  const net = new Network();
  const x = net.population('X', 3, source());
  const F = net.population('F', 3, wuxing({ size: 3, gain: 'alive' }));
  net.connect(x, F, oneToOne({ weights: 1 }));
  return net;
}

/** Equation models (AdEx: spiking, RK4; a five-state Wuxing cell, RK4) and the built-in Wuxing cell with per-cell K3. */
function equationNetwork(): Network {
  const net = new Network();
  const s = net.population('S', 40, source());
  const ad = net.population('A', 40, adex());
  const wx = net.population('W', 40, wuxingCell());
  net.connect(s, ad, oneToOne({ weights: { uniform: { low: 0.5e-9, high: 1.5e-9 } } }));
  net.connect(s, wx, oneToOne({ weights: { uniform: { low: 0, high: 0.5 } } }));
  const bw = net.population('B', 40, wuxing({ size: 40, k3: Array.from({ length: 200 }, (_, k) => 0.8 + 0.002 * k) }));
  net.connect(s, bw, oneToOne({ weights: { uniform: { low: 0, high: 0.5 } } }));
  return net;
}

/** Scales every weight of a projection by a small, step-dependent factor: the weights move every step (kernels keeping copies must see it). */
const nudgeWeights = (): ProjectionRule => ({
  attach: 'projection',
  name: 'nudgeWeights',
  onStep(view) {
    const w = view.synapses.weights;
    const s = 1 + 0.02 * Math.sin(view.step / 7);
    for (let k = 0; k < w.length; k++) w[k] = w[k]! * s;
  },
});

/**
 * Populations whose every projection is graded and undelayed (the wasm backend delivers them
 * as one group per population): sparse (rows of many synapses; rows of about one; diagonal
 * runs) and one-to-one, several into one channel, one into a state variable, rectified rates
 * (rows of x = 0 skipped by sparse, not by one-to-one), weights moved by a rule every step, and
 * a population fed by a dense projection (not grouped).
 */
function gradedGroupNetwork(): Network {
  const net = new Network({ seed: 4 });
  const s = net.population('S', 10, source());
  const a = net.population('A', 10, linearRate({ tau: 0.005, rectify: true, bias: -0.3 }));
  const b = net.population('B', 17, linearRate({ tau: 0.01 }));
  const c = net.population('C', 10, resu({ channels: ['x', 'y'], memory: 3, components: 2, filters: Array.from({ length: 12 }, (_, j) => Math.cos(j)), outputs: { on: { component: 1, mode: 'on' }, lin: { component: 2, mode: 'linear' } } }));
  const d = net.population('D', 17, linearRate({ tau: 0.02, gain: 0.5 }));
  net.connect(s, a, oneToOne({ weights: { normal: { mean: 0.5, std: 0.5 } } }));
  net.connect(a, b, sparse({ p: 0.4, weights: { normal: { mean: 0.3, std: 0.4 } } }));
  net.connect(s, b, sparse({ p: 0.3, weights: { normal: { mean: -0.1, std: 0.3 } } }));
  net.connect(a, c, oneToOne({ weights: 0.8 }), { target: 'x' });
  net.connect(b, c, sparse({ p: 0.3, weights: { normal: { mean: 0, std: 0.5 } } }), { target: 'x', name: 'B->C.x' });
  net.connect(s, c, sparse({ p: 0.5, weights: 0.4 }), { target: 'y' });
  // a shifted one-to-one map (as the fly's): one diagonal run, four terms at a time
  net.connect(a, c, sparse({ pairs: Array.from({ length: 8 }, (_, i) => [i + 2, i] as [number, number]), weights: { normal: { mean: 0.5, std: 0.5 } } }), { target: 'y' });
  // rows of about one synapse, no diagonal: walked synapse by synapse
  net.connect(b, c, sparse({ p: 0.1, weights: { normal: { mean: 0, std: 0.5 } } }), { target: 'y' });
  net.connect(b, d, oneToOne({ weights: 0.3 }), { target: 'x' }); // into the state: a jump
  net.connect(c, d, dense({ weights: { uniform: { low: -0.2, high: 0.2 } } }), { source: 'lin' });
  net.learn('B->C.x', nudgeWeights());
  return net;
}

const flyNetwork = () => DrosophilaMotion.fromJSON(modelJson, 'models/drosophila-motion.json').network;

/** FF stacks trained on one fixed batch (4 positives, 4 negatives, 2 neutral samples). */
const FF_STACKS: Record<'dense' | 'conv', Pick<FFNetworkOptions, 'inputShape' | 'architecture'>> = {
  dense: { inputShape: [8, 8, 1], architecture: { arch: 'dense', units: [24, 16] } },
  conv: { inputShape: [10, 10, 2], architecture: { arch: 'conv', layers: [{ channels: 4, kernel: 3 }, { channels: 6, kernel: 3, stride: 2, pad: 0 }] } },
};

function ffNetwork(stack: 'dense' | 'conv'): Network {
  const ff = buildFFNetwork({ ...FF_STACKS[stack], lr: 3e-3, logitScale: 0.1, seed: 5 }, 10);
  ff.signs.fill(1, 0, 4).fill(-1, 4, 8).fill(0, 8);
  return ff.network;
}

/** Positives carry stripes along one axis, negatives along the other; noise on both. */
function ffStimulus(stack: 'dense' | 'conv'): StimulusInput {
  const [rows, cols, chans] = FF_STACKS[stack].inputShape;
  const n = rows * cols * chans;
  const data = new SeededRandom(8).fillUniform(new Float32Array(10 * n), 0, 0.3);
  for (let b = 0; b < 10; b++)
    for (let i = 0; i < n; i++) {
      const p = Math.floor(i / chans);
      if ((b < 4 ? p % cols : Math.floor(p / cols)) % 2 === 0) data[b * n + i]! += 1;
    }
  return (_t: number, _dt: number, out: Float32Array) => out.set(data);
}

// ---- the table ----

const SPIKING_F32 = { abs: 1e-4, rel: 1e-4 } as const;

export const PARITY_CASES: ParityCase[] = [
  {
    name: 'every model and projection kind, feedforward, batch 2',
    build: () => everyKindNetwork({ recurrent: false, seed: 11 }),
    stimulus: wave, steps: 1000, dt: 1e-4, batch: 2, record: ['R3', 'E2'], spiking: ['E', 'E2'],
    wasm: SPIKING_F32, gpu32: SPIKING_F32, gpu64: SPIKING_F32,
    guard: atLeastSpikes(1000, ['E', 'E2']),
  },
  {
    // chaotic: float32 and float64 part after a spike lands on a different step, so float32 is held to the spike count
    name: 'every model and projection kind, recurrent',
    build: () => everyKindNetwork({ recurrent: true, seed: 11 }),
    stimulus: wave, steps: 1000, dt: 1e-4, batch: 2, record: [], spiking: ['E', 'E2'],
    wasm: SPIKING_F32, gpu32: { ...SPIKING_F32, spikes: 0.02, values: false }, gpu64: SPIKING_F32,
    guard: atLeastSpikes(1000, ['E', 'E2']),
  },
  {
    name: 'CUBA, 1000 units',
    build: () => cubaNetwork({ n: 1000 }),
    stimulus: null, steps: 1500, dt: 1e-4, batch: 1, record: [], spiking: ['E', 'I'],
    // float32 moves one unit near threshold: it fires a step later (step 257 of 1,500), the rest of the train is as cpu's
    wasm: { ...SPIKING_F32, spikes: 0.01 }, gpu32: { ...SPIKING_F32, spikes: 0.05, values: false }, gpu64: { ...SPIKING_F32, spikes: 0.05, values: false },
    guard: atLeastSpikes(100, ['E', 'I']),
  },
  {
    name: 'LIF with 0, 1 and 3 synaptic variables, odd sizes, batch 3',
    build: synapseCountNetwork,
    stimulus: noisyWave, steps: 800, dt: 1e-4, batch: 3, record: [], spiking: ['A', 'B', 'C'],
    wasm: SPIKING_F32, gpu32: { ...SPIKING_F32, spikes: 0.05, values: false }, gpu64: SPIKING_F32,
    guard: atLeastSpikes(60, ['A', 'B', 'C']),
  },
  {
    // float32 sums of w·p against float64: one rounding per multiply-add, not growing (a ReSU is a finite filter)
    name: 'ReSU populations of every shape, filters rewritten by online CCA',
    build: () => resuNetwork(),
    stimulus: noisyWave, steps: 1000, dt: 1e-3, batch: 2, record: ['A', 'B', 'C', 'R'], spiking: [],
    wasm: 'exact', gpu32: { abs: 1e-5, rel: 1e-5 }, gpu64: { abs: 1e-5, rel: 1e-5 },
    guard: all(active('B', 0.05), moved(() => resuNetwork(), 'A', 'filters')),
  },
  ...[3, 1].map((batch): ParityCase => ({
    // batch 1 and batched copies take different loops in the wasm kernel
    name: `graded projections grouped per population: sparse (long rows, short rows, diagonal runs), one-to-one, one channel fed twice, a jump, weights moved every step, batch ${batch}`,
    build: gradedGroupNetwork,
    stimulus: noisyWave, steps: 400, dt: 1e-3, batch, record: ['A', 'B', 'C', 'D'], spiking: [],
    wasm: 'exact', gpu32: { abs: 1e-4, rel: 1e-4 }, gpu64: { abs: 1e-5, rel: 1e-5 },
    guard: (r) => {
      const zeros = r.values['A (recorded)']!.filter((y) => y === 0).length;
      const w = r.values['B->C.x.weights']!;
      const fresh = gradedGroupNetwork();
      fresh.build();
      const w0 = fresh.getProjection('B->C.x').synapses.weights;
      if (zeros < 0.1 * r.values['A (recorded)']!.length) return `A is 0 in only ${zeros} values: sparse rows with x = 0 are not exercised`;
      if (!w.some((v, k) => v !== w0[k])) return 'the B->C.x weights did not move: the rule did nothing';
      return active('D', 0.5)(r) ?? active('C', 0.1)(r);
    },
  })),
  {
    name: 'the trained 16-pixel fly circuit watching a grating both ways',
    build: flyNetwork,
    stimulus: gratings({ wavelength: 4, temporalFrequency: 4, direction: [1, -1], contrast: Math.SQRT2 }),
    steps: 1000, dt: 0.005, batch: 2, record: ['L', ...SUBTYPES], spiking: [], learn: false,
    wasm: 'exact', gpu32: { abs: 1e-5, rel: 1e-5 }, gpu64: { abs: 1e-5, rel: 1e-5 },
    guard: all(...SUBTYPES.map((s) => active(s, 0.05))),
  },
  ...(['rk4', 'euler'] as const).flatMap((integrator) =>
    (['float64', 'float32'] as const).map((arithmetic): ParityCase => ({
      // the cells decay to their fixed point, so float32 rounding does not grow
      name: `Wuxing cells (${integrator}${arithmetic === 'float32' ? ', float32 arithmetic' : ''}): forward and reversed, gated, per-cell K3 moved by a rule, batch 3`,
      build: () => wuxingNetwork(integrator, arithmetic),
      stimulus: { X: wave, G: wave }, steps: 1000, dt: 0.05, batch: 3, record: ['F', 'R'], spiking: [],
      wasm: 'exact', gpu32: { abs: 1e-4, rel: 1e-4 }, gpu64: { abs: 1e-4, rel: 1e-4 },
      guard: all(active('F', 0.5), moved(() => wuxingNetwork(integrator, arithmetic), 'F', 'K3')),
    })),
  ),
  {
    name: 'a Wuxing cell with the gain variable (host-resident on gpu: same arithmetic)',
    build: wuxingGainNetwork,
    stimulus: { X: wave }, steps: 200, dt: 0.05, batch: 1, record: ['F'], spiking: [],
    wasm: 'exact', gpu32: 'exact', gpu64: 'exact',
    guard: active('F', 0.5),
  },
  ...[true, false].map((kernelMaps): ParityCase => ({
    name: `equation models (AdEx, a five-state cell) and the built-in Wuxing cell, ${kernelMaps ? 'kernel maps' : 'packed kernels'}`,
    build: equationNetwork, kernelMaps,
    stimulus: constant(1), steps: 1000, dt: 1e-4, batch: 1, record: [], spiking: ['A'],
    wasm: 'exact', gpu32: { abs: 1e-4, rel: 1e-4 }, gpu64: { abs: 1e-4, rel: 1e-4 },
    guard: atLeastSpikes(40, ['A']),
  })),
  ...(['dense', 'conv'] as const).map((stack): ParityCase => ({
    // products in float32 on XNNPACK / gpu.js against the typed-array GEMM; 12 Adam steps
    name: `Forward-Forward ${stack} stack, 12 training steps on a fixed batch`,
    build: () => ffNetwork(stack),
    stimulus: ffStimulus(stack), steps: 12, dt: 1, batch: 10, record: ['L1', 'L2'], spiking: [],
    wasm: { abs: 1e-5, rel: 1e-4 }, gpu32: { abs: 1e-5, rel: 1e-4 }, gpu64: { abs: 1e-5, rel: 1e-4 },
    guard: all(active('L2', 0.2), moved(() => ffNetwork(stack), 'L1', 'weights'), moved(() => ffNetwork(stack), 'L2', 'weights')),
  })),
];
