import { afterAll, describe, expect, it } from '@jest/globals';
import { readFileSync } from 'node:fs';
import { DrosophilaMotion, SUBTYPES, Simulator, configureGpu, gpuMode, gratings, type GpuMode, type Network } from '../../../src/index.js';
import { noisyWave, resuNetwork } from './networks.js';

/**
 * The ReSU gpu kernel against the cpu step. Its arithmetic: the cpu step accumulates
 * w·p in float64 from float64 filters and stores float32; the gpu kernel accumulates in
 * float32 (gpu.js 'cpu' mode: float64) from float32 copies of the filters. A ReSU is a
 * finite filter of its inputs (no state feeds back except the lag copy, which is exact),
 * so the difference does not grow with time: one float32 rounding per multiply-add
 * (measured ≤ 1.2e-6 in the fly circuit's T4/T5 outputs of magnitude ≤ 2, ≤ 7.2e-7 in the
 * lamina). Held to ABS + REL·|x| at every step of 1,000.
 */
const ABS = 1e-5;
const REL = 1e-5;
const STEPS = 1000;

interface Trace {
  /** Every output recorded at every step, by population. */
  recorded: Map<string, Float32Array>;
  /** Every state variable after the last step. */
  state: Map<string, Float32Array>;
  /** The filters the rule learnt while running (they must not depend on the backend). */
  filters: Float64Array;
}

function simulate(make: () => Network, backend: string, options: { dt: number; batch: number; stimulus: Parameters<Simulator['runSteps']>[0]; record: string[]; learn?: boolean }): Trace {
  const net = make();
  const sim = new Simulator(net, { backend, dt: options.dt, seed: 7, batch: options.batch, checkFinite: 0 });
  const res = sim.runSteps(options.stimulus, STEPS, { record: options.record, learn: options.learn ?? true });
  const recorded = new Map(options.record.map((p) => [p, res.output(p).data]));
  const state = new Map<string, Float32Array>();
  for (const pop of net.populations) for (const v of pop.model.variables) state.set(`${pop.name}.${v}`, Float32Array.from(pop.state[v]!));
  const first = net.populations.find((p) => p.model.kind === 'resu')!;
  return { recorded, state, filters: Float64Array.from(first.model.parameters!.filters!) };
}

/** How far b goes past ABS + REL·|a| at worst (0: within), and where. */
function excess(a: ArrayLike<number>, b: ArrayLike<number>): { excess: number; at: number } {
  let worst = 0;
  let at = -1;
  for (let k = 0; k < a.length; k++) {
    const e = Math.abs(a[k]! - b[k]!) - (ABS + REL * Math.abs(a[k]!));
    if (e > worst) {
      worst = e;
      at = k;
    }
  }
  return { excess: worst, at };
}

function expectClose(reference: Map<string, Float32Array>, got: Map<string, Float32Array>): void {
  for (const [name, ref] of reference) {
    const g = got.get(name)!;
    expect(g.length).toBe(ref.length);
    expect({ name, ...excess(ref, g) }).toEqual({ name, excess: 0, at: -1 });
  }
}

const network = { dt: 1e-3, batch: 2, stimulus: noisyWave, record: ['A', 'B', 'C', 'R'] };

// The trained fly circuit (16 pixels) watching a grating drift both ways (batch copies ±1).
const flyJson = JSON.parse(readFileSync(new URL('../../../models/drosophila-motion.json', import.meta.url), 'utf8')) as unknown;
const flyDt = DrosophilaMotion.fromJSON(flyJson).dt;
const fly = {
  dt: flyDt,
  batch: 2,
  stimulus: gratings({ wavelength: 4, temporalFrequency: 4, direction: [1, -1], contrast: Math.SQRT2 }),
  record: ['L', ...SUBTYPES],
  learn: false,
};
const flyNetwork = () => DrosophilaMotion.fromJSON(flyJson).network;

const reference = simulate(resuNetwork, 'cpu', network);
const flyReference = simulate(flyNetwork, 'cpu', fly);

describe.each<GpuMode>(['gpu', 'cpu'])("ReSU on the gpu backend (gpu.js mode '%s') against the cpu backend", (mode) => {
  configureGpu({ mode });
  const trace = simulate(resuNetwork, 'gpu', network);
  const flyTrace = simulate(flyNetwork, 'gpu', fly);
  afterAll(() => configureGpu({ mode: 'gpu' }));

  it(`runs in the mode asked for (${mode === 'gpu' ? 'gpu.js picks' : mode})`, () => {
    configureGpu({ mode });
    if (mode === 'cpu') expect(gpuMode()).toBe('cpu');
    else expect(['webasm', 'headlessgl', 'webgl', 'webgl2']).toContain(gpuMode());
  });

  it(`gives every ReSU output within ${ABS} + ${REL}·|x| at every one of 1,000 steps, and the same final state`, () => {
    // Filters and bias come from a rule fed by the (backend-independent) inputs: equal
    // filters on both sides while the outputs differ would mean stale device parameters.
    expect(Array.from(trace.filters)).toEqual(Array.from(reference.filters));
    expect(reference.filters.some((w, j) => w !== resuNetwork().populations[1]!.model.parameters!.filters![j])).toBe(true);
    expectClose(reference.recorded, trace.recorded);
    expectClose(reference.state, trace.state);
  });

  it('gives the trained fly circuit the same T4/T5 (and lamina) responses to a grating over 1,000 steps', () => {
    for (const s of SUBTYPES) {
      // A response worth comparing: each detector is above threshold for a good share of steps.
      const active = flyReference.recorded.get(s)!.filter((y) => y > 0).length;
      expect(active).toBeGreaterThan(0.05 * STEPS * 2 * 14);
    }
    expectClose(flyReference.recorded, flyTrace.recorded);
    expectClose(flyReference.state, flyTrace.state);
  });
});
