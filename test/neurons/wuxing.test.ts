import { describe, expect, it } from '@jest/globals';
import { EigenvalueDecomposition, Matrix } from 'ml-matrix';
import {
  Network,
  SeededRandom,
  Simulator,
  SpecError,
  WUXING_STATES,
  oneToOne,
  source,
  wuxing,
  wuxingFixedPoint,
  wuxingJacobian,
  wuxingRestGain,
  wuxingReversed,
  type StateArrays,
  type WuxingOptions,
} from '../../src/index.js';

type Dir = 'forward' | 'reversed';

/** One population of `size` cells driven by a source through unit weights. */
function cell(dir: Dir, options: WuxingOptions, dt: number, batch = 1) {
  const net = new Network();
  const x = net.population('x', options.size, source());
  const c = net.population('c', options.size, dir === 'forward' ? wuxing(options) : wuxingReversed(options));
  net.connect(x, c, oneToOne());
  const sim = new Simulator(net, { dt, batch });
  return { sim, c };
}

function states(pop: { state: Record<string, Float32Array> }, k = 0): number[] {
  return WUXING_STATES.map((v) => pop.state[v]![k]!);
}

/** exp(A t) for a small dense matrix: scaling and squaring of a Taylor series. */
function expm(A: number[][], t: number): number[][] {
  const norm = Math.max(...A.map((r) => r.reduce((s, v) => s + Math.abs(v * t), 0)));
  const sq = Math.max(0, Math.ceil(Math.log2(norm)) + 4);
  const M = A.map((r) => r.map((v) => (v * t) / 2 ** sq));
  const mul = (X: number[][], Y: number[][]) => X.map((r, i) => Y[0]!.map((_, j) => r.reduce((s, _v, k) => s + X[i]![k]! * Y[k]![j]!, 0)));
  let E: number[][] = A.map((r, i) => r.map((_, j) => (i === j ? 1 : 0)));
  let term: number[][] = E;
  for (let k = 1; k < 20; k++) {
    term = mul(term, M).map((r) => r.map((v) => v / k));
    E = E.map((r, i) => r.map((v, j) => v + term[i]![j]!));
  }
  for (let s = 0; s < sq; s++) E = mul(E, E);
  return E;
}

describe('Wuxing cell', () => {
  it('rests at its fixed point B0 = (k1 − k2)/k3 (both directions, both integrators, per-cell parameters)', () => {
    const k1 = [2, 3, 2.5];
    const k2 = [1, 1, 0.8];
    const k3 = [1, 2, 0.5];
    const per = (k: number[]) => k.flatMap((v) => [v, v, v, v, v]);
    for (const dir of ['forward', 'reversed'] as const) {
      for (const integrator of ['rk4', 'euler'] as const) {
        const { sim, c } = cell(dir, { size: 3, k1: per(k1), k2: per(k2), k3: per(k3), integrator }, 0.2, 2);
        sim.runSteps(() => {}, 500, { record: 'none' });
        for (let b = 0; b < 2; b++) {
          for (let u = 0; u < 3; u++) {
            const b0 = wuxingFixedPoint(k1[u]!, k2[u]!, k3[u]!);
            for (const v of states(c, b * 3 + u)) expect(Math.abs(v - b0)).toBeLessThan(1e-5);
            expect(Math.abs(c.state.D![b * 3 + u]!)).toBeLessThan(1e-5);
          }
        }
      }
    }
  });

  it('has the circulant Jacobian at B0 whose eigenvalues are −k1 + k1·ω^−j − (k1 − k2)·ω^−2j', () => {
    for (const [k1, k2, k3] of [[2, 1, 1], [3, 1, 1], [2, 0.2, 1], [1.5, 1, 0.5]] as const) {
      const b0 = wuxingFixedPoint(k1, k2, k3);
      const p = [...Array(5).fill(k1), ...Array(5).fill(k2), ...Array(5).fill(k3)];
      for (const dir of ['forward', 'reversed'] as const) {
        const A = new Float64Array(25);
        wuxingJacobian(dir, new Float64Array(5).fill(b0), p, A);
        const m = new Matrix(5, 5);
        for (let i = 0; i < 5; i++) for (let j = 0; j < 5; j++) m.set(i, j, A[i * 5 + j]!);
        const evd = new EigenvalueDecomposition(m);
        const got = evd.realEigenvalues.map((re, i) => [re, evd.imaginaryEigenvalues[i]!] as const);
        for (let j = 0; j < 5; j++) {
          const w = (-2 * Math.PI * j) / 5;
          const re = -k1 + k1 * Math.cos(w) - (k1 - k2) * Math.cos(2 * w);
          const im = k1 * Math.sin(w) - (k1 - k2) * Math.sin(2 * w);
          const nearest = Math.min(...got.map(([a, b]) => Math.hypot(a - re, Math.abs(b) - Math.abs(im))));
          expect(nearest).toBeLessThan(1e-9);
        }
      }
    }
  });

  it('lets a small deviation from B0 evolve as exp(A t) of the 5×5 Jacobian: decays for k = (2, 1, 1), grows for k2/k1 = 0.05 < 0.146', () => {
    for (const [k1, k2, k3, expectDecay, amp, times] of [[2, 1, 1, true, 1, [1, 2, 4, 6]], [2, 0.1, 1, false, 0.1, [1, 2, 6, 20]]] as const) {
      for (const dir of ['forward', 'reversed'] as const) {
        const b0 = wuxingFixedPoint(k1, k2, k3);
        const p = [...Array(5).fill(k1), ...Array(5).fill(k2), ...Array(5).fill(k3)];
        const Af = new Float64Array(25);
        wuxingJacobian(dir, new Float64Array(5).fill(b0), p, Af);
        const A: number[][] = Array.from({ length: 5 }, (_, i) => Array.from(Af.slice(i * 5, i * 5 + 5)));
        const dt = 0.01;
        const { sim, c } = cell(dir, { size: 1, k1, k2, k3, floor: null }, dt);
        const delta = [3e-3, -1e-3, 2e-3, 0, -2e-3].map((v) => v * amp);
        WUXING_STATES.forEach((v, s) => (c.state[v]![0] = b0 + delta[s]!));
        let t = 0;
        const norms: number[] = [];
        for (const tNext of times) {
          sim.runSteps(() => {}, Math.round((tNext - t) / dt), { record: 'none' });
          t = tNext;
          const E = expm(A, t);
          const predicted = E.map((r) => r.reduce((s, v, j) => s + v * delta[j]!, 0));
          const got = states(c).map((v) => v - b0);
          const scale = Math.hypot(...predicted);
          const err = Math.hypot(...got.map((g, s) => g - predicted[s]!));
          // Linearisation error is O(δ²) ~ 1e-5 against deviations of ~1e-3.
          expect(err / scale).toBeLessThan(0.03);
          norms.push(scale);
        }
        if (expectDecay) expect(norms[3]!).toBeLessThan(0.1 * Math.hypot(...delta));
        else expect(norms[3]!).toBeGreaterThan(Math.hypot(...delta));
      }
    }
  });

  it('oscillates with the period 2π/|Im λ| and decays at |Re λ| of the slowest eigenvalue (k = 2, 1, 1)', () => {
    // λ = −k1 + k1 ω^−1 − (k1 − k2) ω^−2: Re ≈ −0.573, Im ≈ ±1.314 (period ≈ 4.78).
    const w = (-2 * Math.PI) / 5;
    const re = -2 + 2 * Math.cos(w) - Math.cos(2 * w);
    const im = Math.abs(2 * Math.sin(w) - Math.sin(2 * w));
    const dt = 0.01;
    const { sim, c } = cell('forward', { size: 1, floor: null }, dt);
    WUXING_STATES.forEach((v, s) => (c.state[v]![0] = 1 + 0.02 * Math.cos((2 * Math.PI * s) / 5)));
    const r = sim.runSteps(() => {}, 1200, { record: ['c'] });
    const d = r.output('c').data;
    const up: number[] = [];
    for (let k = 100; k < d.length; k++) if (d[k - 1]! < 0 !== d[k]! < 0) up.push(k - d[k]! / (d[k]! - d[k - 1]!));
    expect(up.length).toBeGreaterThanOrEqual(4);
    // Zero crossings come every half period.
    const period = ((2 * (up[up.length - 1]! - up[0]!)) / (up.length - 1)) * dt;
    expect(Math.abs(period - (2 * Math.PI) / im) / ((2 * Math.PI) / im)).toBeLessThan(0.01);
    // Peak amplitude one period apart shrinks by exp(Re λ · period).
    const peak = (from: number) => Math.max(...Array.from(d.slice(from, from + Math.round(period / dt)), Math.abs));
    const ratio = peak(Math.round(up[2]!)) / peak(Math.round(up[0]!));
    expect(Math.abs(Math.log(ratio) / period - re)).toBeLessThan(0.02);
  });

  it('reversed cell follows the paper’s Eq. 12 term by term (distinct k per state)', () => {
    const rnd = new SeededRandom(5);
    const k1 = Array.from({ length: 5 }, () => rnd.range(1.5, 2.5));
    const k2 = Array.from({ length: 5 }, () => rnd.range(0.5, 1.2));
    const k3 = Array.from({ length: 5 }, () => rnd.range(0.5, 1.5));
    const E0 = Array.from({ length: 5 }, () => rnd.range(0.5, 1.5));
    const u = 0.3;
    const [J, S, M, H, T] = E0 as [number, number, number, number, number];
    const [k11, k12, k13, k14, k15] = k1 as [number, number, number, number, number];
    const [k21, k22, k23, k24, k25] = k2 as [number, number, number, number, number];
    const [k31, k32, k33, k34, k35] = k3 as [number, number, number, number, number];
    // Eq. 12 (input into S, the reversed cell's input node)
    const eq12 = [k12 * S - k21 * J - k33 * J * M, k13 * M - k22 * S - k34 * S * H + u, k14 * H - k23 * M - k35 * M * T, k15 * T - k24 * H - k31 * H * J, k11 * J - k25 * T - k32 * T * S];
    // Eq. 8 (input into J)
    const eq8 = [k11 * T - k21 * J - k31 * J * H + u, k12 * J - k22 * S - k32 * S * T, k13 * S - k23 * M - k33 * M * J, k14 * M - k24 * H - k34 * H * S, k15 * H - k25 * T - k35 * T * M];
    for (const [dir, expected] of [['reversed', eq12], ['forward', eq8]] as const) {
      const dt = 1e-3;
      const { sim, c } = cell(dir, { size: 1, k1, k2, k3, integrator: 'euler', floor: null }, dt);
      WUXING_STATES.forEach((v, s) => (c.state[v]![0] = E0[s]!));
      sim.runSteps(() => {}, 0);
      sim.runSteps((_s, _d, out) => out.fill(u), 1, { record: 'none' });
      const rate = states(c).map((v, s) => (v - Math.fround(E0[s]!)) / dt);
      for (let s = 0; s < 5; s++) expect(Math.abs(rate[s]! - expected[s]!)).toBeLessThan(2e-3);
    }
  });

  it('has the same input→output response forward (J→S) and reversed (S→J) with equal parameters', () => {
    const drive = (t: number) => 0.8 * Math.sin(t) + 0.3;
    const dt = 0.05;
    const traces = (['forward', 'reversed'] as const).map((dir) => {
      const { sim } = cell(dir, { size: 1 }, dt);
      return sim.runSteps((s, _d, out) => out.fill(drive(s * dt)), 400, { record: ['c'] }).output('c').data;
    });
    for (let k = 0; k < 400; k++) expect(Math.abs(traces[0]![k]! - traces[1]![k]!)).toBeLessThan(1e-5);
    expect(Math.max(...Array.from(traces[0]!, Math.abs))).toBeGreaterThan(0.1);
  });

  it('converges at 4th order with RK4 (error ratio ≈ 16 when dt halves) and 1st order with Euler', () => {
    // Float64 state arrays (the model only indexes them), so float32 rounding does not
    // hide the truncation error the test is about.
    const run = (integrator: 'rk4' | 'euler', dt: number) => {
      const m = wuxing({ size: 1, integrator, floor: null });
      const st: Record<string, Float64Array> = {};
      for (const v of m.variables) st[v] = new Float64Array(1);
      const state = st as unknown as StateArrays;
      m.init(state, { size: 1, batch: 1, dt, random: new SeededRandom(0) });
      const I = new Float64Array([1.5]) as unknown as Float32Array;
      const ctx = { size: 1, batch: 1, dt, step: 0, seed: 0, stream: 0, fired: new Int32Array(1) };
      for (let s = 0; s < Math.round(4 / dt); s++) m.step(state, { I }, ctx);
      return WUXING_STATES.map((v) => st[v]![0]!);
    };
    const reference = run('rk4', 1 / 1024);
    const err = (integrator: 'rk4' | 'euler', dt: number) => Math.hypot(...run(integrator, dt).map((v, s) => v - reference[s]!));
    const rk = [0.1, 0.05, 0.025].map((dt) => err('rk4', dt));
    for (const ratio of [rk[0]! / rk[1]!, rk[1]! / rk[2]!]) {
      expect(ratio).toBeGreaterThan(15);
      expect(ratio).toBeLessThan(17.5);
    }
    const eu = [0.02, 0.01].map((dt) => err('euler', dt));
    expect(eu[0]! / eu[1]!).toBeGreaterThan(1.9);
    expect(eu[0]! / eu[1]!).toBeLessThan(2.1);
  });

  it('keeps states at or above the floor and reports gain 0 there; its gain matches the slope of the steady state', () => {
    const { sim, c } = cell('forward', { size: 1, gain: true }, 0.1);
    sim.runSteps((_s, _d, out) => out.fill(-4), 400, { record: 'none' });
    for (const v of states(c)) expect(v).toBeGreaterThanOrEqual(0);
    expect(c.state.D![0]).toBeCloseTo(-1, 5);
    expect(c.state.gain![0]).toBe(0);
    const steady = (u: number) => {
      const s = cell('forward', { size: 1, gain: true }, 0.1);
      s.sim.runSteps((_s, _d, out) => out.fill(u), 3000, { record: 'none' });
      return { D: s.c.state.D![0]!, gain: s.c.state.gain![0]! };
    };
    for (const u of [-0.8, 0, 1, 3]) {
      const h = 0.05;
      const slope = (steady(u + h).D - steady(u - h).D) / (2 * h);
      expect(Math.abs(steady(u).gain - slope)).toBeLessThan(0.01);
    }
  });

  it("'alive' gain is the rest gain off the floor and 0 on it; the steady gain is clipped near the fold", () => {
    const g0 = wuxingRestGain(2, 1, 1);
    expect(g0).toBeCloseTo(0.439, 3);
    const { sim, c } = cell('forward', { size: 3, gain: 'alive' }, 0.1);
    sim.runSteps((_s, _d, out) => out.set([-4, 0.5, 3]), 300, { record: 'none' });
    expect(Array.from(c.state.gain!, (v) => +v.toFixed(5))).toEqual([0, +g0.toFixed(5), +g0.toFixed(5)]);
    const steady = cell('forward', { size: 1, gain: 'steady' }, 0.05);
    let most = 0;
    for (let s = 0; s < 400; s++) {
      steady.sim.runSteps((_s, _d, out) => out.fill(-1.45), 1, { record: 'none' });
      most = Math.max(most, steady.c.state.gain![0]!);
    }
    expect(most).toBeLessThanOrEqual(4 * g0 + 1e-6);
  });

  it('refreshes the gain only every gainEverySteps steps when asked', () => {
    const { sim, c } = cell('forward', { size: 1, gain: 'steady', gainEverySteps: 5 }, 0.1);
    const seen: number[] = [];
    for (let s = 0; s < 10; s++) {
      sim.runSteps((_s, _d, out) => out.fill(2), 1, { record: 'none' });
      seen.push(c.state.gain![0]!);
    }
    expect(seen.slice(0, 5).every((g) => g === seen[0])).toBe(true);
    expect(seen.slice(5).every((g) => g === seen[5])).toBe(true);
    expect(seen[5]).not.toBe(seen[0]);
  });

  it('rejects bad settings with the field named', () => {
    expect(() => wuxing({ size: 2, k1: [1, 2, 3] })).toThrow(/wuxing\.k1/);
    expect(() => wuxing({ size: 0 })).toThrow(SpecError);
    expect(() => wuxingReversed({ size: 2, integrator: 'rk5' as 'rk4' })).toThrow(/wuxingReversed\.integrator/);
    expect(() => wuxing({ size: 2, inputState: 1, outputState: 1 })).toThrow(/outputState/);
    expect(() => wuxing({ size: 2, gain: 'fast' as 'alive' })).toThrow(/wuxing\.gain/);
    const net = new Network();
    net.population('c', 3, wuxing({ size: 2 }));
    expect(() => new Simulator(net)).toThrow(/wuxing\.size.*2 cells.*3/);
  });
});
