import { describe, expect, it } from '@jest/globals';
import {
  Network,
  Simulator,
  SpecError,
  bspConnection,
  bspFixedPoint,
  bspFixedPointPid,
  bspG1,
  bspG2,
  dense,
  linearRate,
  oneToOne,
  source,
  sparse,
  type NeuronModel,
  type StimulusFn,
} from '../../src/index.js';

/** A stimulus that plays one row of values per step (then holds the last). */
function play(rows: number[][]): StimulusFn {
  return (step, _dt, out) => out.set(rows[Math.min(step, rows.length - 1)]!);
}

describe('BSP signals', () => {
  it('G1 is the product of the window integrals and G2 = atan(kt·G1)/kt', () => {
    expect(bspG1(2, -0.5)).toBe(-1);
    expect(bspG2(-1, 1)).toBeCloseTo(-Math.PI / 4, 12);
    expect(bspG2(0.3, 2)).toBeCloseTo(Math.atan(0.6) / 2, 12);
    // Small G1: G2 ≈ G1; large G1: bounded by π/(2kt).
    expect(bspG2(1e-4, 1)).toBeCloseTo(1e-4, 9);
    expect(bspG2(1e6, 4)).toBeLessThan(Math.PI / 8);
  });
});

describe('BSP method 2 (connections)', () => {
  /**
   * Two cells: pre (a source standing for a forward cell's D) → post, and the post cell's
   * reversed twin standing as a source 'back' whose output is the routed D̂. Forward window
   * steps 0–1, backward window steps 2–3.
   */
  function twoCells(kind: 'dense' | 'sparse' | 'oneToOne', options: { dt: number; integral?: boolean; kt?: number; batch?: number }) {
    const net = new Network();
    const pre = net.population('pre', 1, source());
    const post = net.population('post', 1, linearRate());
    const back = net.population('back', 1, source());
    const spec = kind === 'dense' ? dense({ weights: [0.5] }) : kind === 'sparse' ? sparse({ pairs: [[0, 0]], weights: 0.5 }) : oneToOne({ weights: 0.5 });
    const proj = net.connect(pre, post, spec);
    net.learn(proj, bspConnection({ windows: { forward: 2, backward: 2 }, rate: 0.1, kt: options.kt ?? 1, integral: options.integral }), { modulator: back });
    const sim = new Simulator(net, { dt: options.dt, batch: options.batch ?? 1 });
    return { sim, proj };
  }

  it('moves C by η·atan(kt·G1)/kt with G1 from window means (hand example)', () => {
    for (const kind of ['dense', 'sparse', 'oneToOne'] as const) {
      const { sim, proj } = twoCells(kind, { dt: 0.25 });
      // Forward: D = 1, 3 (mean 2). Backward: D̂ = 0.5, 1.5 (mean 1). G1 = 2, G2 = atan 2.
      sim.runSteps({ pre: play([[1], [3], [9], [9]]), back: play([[7], [7], [0.5], [1.5]]) }, 4);
      expect(proj.weights[0]).toBeCloseTo(0.5 + 0.1 * Math.atan(2), 6);
    }
  });

  it('uses the integrals ∫D dt·∫D̂ dt when asked (the paper’s Eq. 22) and kt limits the step', () => {
    const { sim, proj } = twoCells('dense', { dt: 0.25, integral: true, kt: 3 });
    // ∫D = (1 + 3)·0.25 = 1, ∫D̂ = (0.5 + 1.5)·0.25 = 0.5 → G1 = 0.5, G2 = atan(1.5)/3.
    sim.runSteps({ pre: play([[1], [3], [0], [0]]), back: play([[0], [0], [0.5], [1.5]]) }, 4);
    expect(proj.weights[0]).toBeCloseTo(0.5 + (0.1 * Math.atan(1.5)) / 3, 6);
  });

  it('averages G1 over the batch, and waits for the backward window when the windows run separately', () => {
    const { sim, proj } = twoCells('dense', { dt: 0.5, batch: 2 });
    // Sample 0: means 2 and 1 → 2; sample 1: means −1 and 3 → −3. ⟨G1⟩ = −0.5.
    const pre = play([[1, -1], [3, -1]]);
    sim.runSteps({ pre, back: play([[0, 0]]) }, 2);
    expect(proj.weights[0]).toBe(0.5);
    sim.runSteps({ pre, back: play([[0, 0], [0, 0], [0.5, 2], [1.5, 4]]) }, 2);
    expect(proj.weights[0]).toBeCloseTo(0.5 + 0.1 * Math.atan(-0.5), 6);
  });

  it('refuses a rule without the routed backward signal or with one of the wrong size', () => {
    const net = new Network();
    const a = net.population('a', 2, source());
    const b = net.population('b', 3, linearRate());
    net.population('m', 2, source()); // a modulator population exists but is not routed
    const p = net.connect(a, b, dense());
    net.learn(p, bspConnection({ windows: { forward: 1, backward: 1 } }));
    expect(() => new Simulator(net)).toThrow(/bspConnection\.modulator/);
    const net2 = new Network();
    const a2 = net2.population('a', 2, source());
    const b2 = net2.population('b', 3, linearRate());
    const m2 = net2.population('m', 2, source());
    net2.learn(net2.connect(a2, b2, dense()), bspConnection({ windows: { forward: 1, backward: 1 } }), { modulator: m2 });
    expect(() => new Simulator(net2)).toThrow(/has 2 values, expected post size × batch = 3 × 1/);
    expect(() => bspConnection({ windows: { forward: 0, backward: 1 } })).toThrow(SpecError);
  });
});

describe('BSP method 1 (fixed points)', () => {
  /** A stand-in for a Wuxing layer: its D is written by the stimulus, it owns K1–K3. */
  function cells(size: number): NeuronModel {
    return {
      ...source(),
      kind: 'fakeCell',
      parameters: { K1: new Float32Array(size * 5).fill(2), K2: new Float32Array(size * 5).fill(1), K3: new Float32Array(size * 5).fill(1) },
    };
  }

  it('scales each cell’s K3 by exp(η·G2) with G1 = (mean D)(mean D̂) of the cell and its twin', () => {
    const net = new Network();
    const f = net.population('f', 2, cells(2));
    const r = net.population('r', 2, source());
    net.learn(f, bspFixedPoint({ windows: { forward: 2, backward: 2 }, rate: 0.5 }), { modulator: r });
    const sim = new Simulator(net, { dt: 0.1 });
    // Cell 0: means 2 and 0.5 → G1 = 1; cell 1: means −1 and 0.25 → G1 = −0.25.
    sim.runSteps({ f: play([[1, -1], [3, -1], [0, 0], [0, 0]]), r: play([[0, 0], [0, 0], [0.5, 0.25], [0.5, 0.25]]) }, 4);
    const K3 = f.model.parameters!.K3!;
    for (let s = 0; s < 5; s++) {
      expect(K3[s]).toBeCloseTo(Math.exp(0.5 * Math.atan(1)), 5);
      expect(K3[5 + s]).toBeCloseTo(Math.exp(0.5 * Math.atan(-0.25)), 5);
    }
    expect(f.model.parameters!.K1![0]).toBe(2);
  });

  it('as distributed PID: P on K1, I on K2, D on K3, each relative to its initial value', () => {
    const net = new Network();
    const f = net.population('f', 1, cells(1));
    const r = net.population('r', 1, source());
    net.learn(f, bspFixedPointPid({ windows: { forward: 1, backward: 1 }, kp: 0.3, ki: 0.2, kd: 0.1 }), { modulator: r });
    const sim = new Simulator(net, { dt: 0.1 });
    const e1 = Math.atan(1 * 0.5);
    sim.reset();
    sim.runSteps({ f: play([[1], [0]]), r: play([[0], [0.5]]) }, 2);
    const e2 = Math.atan(2 * -0.5);
    sim.reset();
    sim.runSteps({ f: play([[2], [0]]), r: play([[0], [-0.5]]) }, 2);
    const p = f.model.parameters!;
    expect(p.K1![0]).toBeCloseTo(2 * Math.exp(0.3 * e2), 5);
    expect(p.K2![0]).toBeCloseTo(1 * Math.exp(-0.2 * (e1 + e2)), 5);
    expect(p.K3![0]).toBeCloseTo(1 * Math.exp(-0.1 * (e2 - e1)), 5);
  });

  it('names the missing parameter group', () => {
    const net = new Network();
    const f = net.population('f', 1, linearRate());
    const r = net.population('r', 1, source());
    net.learn(f, bspFixedPoint({ windows: { forward: 1, backward: 1 } }), { modulator: r });
    expect(() => new Simulator(net)).toThrow(/bspFixedPoint\.parameter.*K3/);
  });
});
