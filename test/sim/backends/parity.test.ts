import { afterAll, describe, expect, it } from '@jest/globals';
import { Simulator, SpikeMonitor, StateMonitor, configureGpu, gpuMode, type GpuMode } from '../../../src/index.js';
import { everyKindNetwork, wave } from './networks.js';

/**
 * cpu is the reference. The gpu backend runs gpu.js kernels in float32 (WebAssembly here,
 * WebGL on a GPU; gpu.js's own 'cpu' mode computes in float64 like the reference). Over
 * 1,000 steps of a network with every built-in model and projection kind, spike trains
 * must be identical and every state value within ABS + REL·|x| of the reference.
 *
 * A recurrent spiking network is chaotic: float32 and float64 drift apart by ~1e-6 per
 * unit, and once a membrane lands within that of threshold one spike moves by a step and
 * the trains diverge. So the exact-parity network is feedforward (a race cannot
 * cascade), and the recurrent one is held to exact parity in float64 and to its
 * population statistics in float32.
 */
const ABS = 1e-4;
const REL = 1e-4;
const STEPS = 1000;

interface Trace {
  spikes: Map<string, { steps: Int32Array; units: Int32Array }>;
  state: Map<string, Float32Array>;
  recorded: Float32Array;
  monitored: Float64Array;
}

function simulate(backend: string, recurrent = false): Trace {
  const net = everyKindNetwork({ recurrent, seed: 11 });
  const sim = new Simulator(net, { backend, dt: 1e-4, seed: 11, batch: 2 });
  const mons = ['E', 'E2'].map((p) => sim.add(new SpikeMonitor(p)));
  const vmon = sim.add(new StateMonitor('E2', 'v', { units: [0, 61, 119], everySteps: 7 }));
  const res = sim.run(wave, STEPS * 1e-4, { record: ['R3'] });
  const state = new Map<string, Float32Array>();
  for (const pop of net.populations) for (const v of pop.model.variables) state.set(`${pop.name}.${v}`, Float32Array.from(pop.state[v]!));
  return {
    spikes: new Map(mons.map((m) => [m.target, m.spikes])),
    state,
    recorded: res.output('R3').data,
    monitored: vmon.trace(1),
  };
}

function maxExcess(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let worst = 0;
  for (let k = 0; k < a.length; k++) worst = Math.max(worst, Math.abs(a[k]! - b[k]!) - (ABS + REL * Math.abs(a[k]!)));
  return worst;
}

const reference = simulate('cpu');
const recurrentReference = simulate('cpu', true);

function spikeCount(t: Trace): number {
  let n = 0;
  for (const s of t.spikes.values()) n += s.steps.length;
  return n;
}

describe.each<GpuMode>(['gpu', 'cpu'])("gpu backend (gpu.js mode '%s') against the cpu backend", (mode) => {
  configureGpu({ mode });
  const trace = simulate('gpu');
  afterAll(() => configureGpu({ mode: 'gpu' }));

  it(`runs in the mode asked for (${mode === 'gpu' ? 'gpu.js picks' : mode})`, () => {
    configureGpu({ mode });
    const actual = gpuMode();
    if (mode === 'cpu') expect(actual).toBe('cpu');
    else expect(['webasm', 'headlessgl', 'webgl', 'webgl2']).toContain(actual);
  });

  it('fires the same spikes at the same steps over 1,000 steps', () => {
    for (const [pop, ref] of reference.spikes) {
      const got = trace.spikes.get(pop)!;
      expect(ref.steps.length).toBeGreaterThan(100);
      expect(Array.from(got.steps)).toEqual(Array.from(ref.steps));
      expect(Array.from(got.units)).toEqual(Array.from(ref.units));
    }
  });

  it(`keeps every state variable within ${ABS} + ${REL}·|x| after 1,000 steps`, () => {
    for (const [name, ref] of reference.state) {
      const got = trace.state.get(name)!;
      expect(got.length).toBe(ref.length);
      expect({ name, excess: maxExcess(ref, got) }).toEqual({ name, excess: 0 });
    }
  });

  it('matches the recurrent network: exactly in float64, in spike count within 2% in float32', () => {
    configureGpu({ mode });
    const rec = simulate('gpu', true);
    if (mode === 'cpu') {
      for (const [pop, ref] of recurrentReference.spikes) {
        expect(Array.from(rec.spikes.get(pop)!.steps)).toEqual(Array.from(ref.steps));
        expect(Array.from(rec.spikes.get(pop)!.units)).toEqual(Array.from(ref.units));
      }
    }
    const ref = spikeCount(recurrentReference);
    expect(ref).toBeGreaterThan(1000);
    expect(Math.abs(spikeCount(rec) - ref) / ref).toBeLessThan(0.02);
  });

  it('records the same outputs and state samples along the way', () => {
    expect(trace.recorded.length).toBe(reference.recorded.length);
    expect(maxExcess(reference.recorded, trace.recorded)).toBe(0);
    expect(trace.monitored.length).toBe(Math.ceil(STEPS / 7));
    expect(maxExcess(reference.monitored, trace.monitored)).toBe(0);
  });
});
