import { afterAll, describe, expect, it } from '@jest/globals';
import { Network, SeededRandom, Simulator, configureGpu, dense, oneToOne, source, wuxing, wuxingReversed, type GpuMode, type PopulationRule } from '../../../src/index.js';
import { deviceStorage } from '../../../src/sim/backends/gpu/deviceState.js';
import { wave } from './networks.js';

/**
 * The built-in Wuxing cell on the gpu backend against the cpu step, over 1,000 steps with
 * batch 3: forward and reversed cells, RK4 and Euler, per-cell parameters, an input gate,
 * and a rule that moves K3 every step (the kernel must see parameters change between steps).
 * The cells are stable (they decay to their fixed point), so float32 rounding does not
 * grow: every state within ABS + REL·|x| of the float64 reference after 1,000 steps.
 */
const ABS = 1e-4;
const REL = 1e-4;
const STEPS = 1000;

/** Multiplies every cell's K3 by a small, step-dependent factor: B0 moves every step. One rule object per attachment. */
const nudgeK3 = (): PopulationRule => ({
  attach: 'population',
  name: 'nudgeK3',
  onStep(view) {
    const k3 = view.parameters.K3!;
    const s = 1 + 1e-4 * Math.sin(view.step / 50);
    for (let k = 0; k < k3.length; k++) k3[k] = k3[k]! * s;
  },
});

function network(integrator: 'rk4' | 'euler'): Network {
  const rng = new SeededRandom(5);
  const size = 7;
  const per = (lo: number, hi: number) => Float32Array.from({ length: size * 5 }, () => rng.range(lo, hi));
  const net = new Network();
  const x = net.population('X', 4, source());
  const g = net.population('G', size, source());
  const F = net.population('F', size, wuxing({ size, integrator, k1: per(1.8, 2.2), k2: per(0.8, 1.1), k3: per(0.9, 1.2) }));
  const R = net.population('R', size, wuxingReversed({ size, integrator, gate: true, shareParameters: F.model.parameters! }));
  net.connect(x, F, dense({ weights: Float32Array.from({ length: size * 4 }, () => rng.range(-0.4, 0.4)) }));
  net.connect(F, R, dense({ weights: Float32Array.from({ length: size * size }, () => rng.range(-0.5, 0.5)) }));
  net.connect(g, R, oneToOne({ weights: 1 }), { target: 'gate' });
  net.learn(F, nudgeK3());
  return net;
}

function simulate(backend: string, integrator: 'rk4' | 'euler') {
  const net = network(integrator);
  const sim = new Simulator(net, { backend, dt: 0.05, seed: 3, batch: 3 });
  const res = sim.run({ X: wave, G: wave }, STEPS * 0.05, { record: ['F', 'R'] });
  const state: Record<string, Float32Array> = {};
  for (const pop of net.populations) for (const v of pop.model.variables) state[`${pop.name}.${v}`] = Float32Array.from(pop.state[v]!);
  return { state, F: res.output('F').data, R: res.output('R').data, K3: Float32Array.from(net.getPopulation('F').model.parameters!.K3!), net };
}

function maxExcess(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let worst = 0;
  for (let k = 0; k < a.length; k++) worst = Math.max(worst, Math.abs(a[k]! - b[k]!) - (ABS + REL * Math.abs(a[k]!)));
  return worst;
}

describe.each<GpuMode>(['gpu', 'cpu'])("built-in Wuxing cells on the gpu backend (gpu.js mode '%s')", (mode) => {
  afterAll(() => configureGpu({ mode: 'gpu' }));
  for (const integrator of ['rk4', 'euler'] as const) {
    it(`${integrator}: forward and reversed cells, gated, per-cell and moving K3 match the cpu over 1,000 steps`, () => {
      const ref = simulate('cpu', integrator);
      configureGpu({ mode });
      const got = simulate('gpu', integrator);
      // The gpu really ran it, holding the state on the device.
      expect(deviceStorage(got.net.getPopulation('F').state)).not.toBeNull();
      expect(deviceStorage(got.net.getPopulation('R').state)).not.toBeNull();
      // Something happened: the cells left their fixed points, K3 moved.
      expect(Math.max(...Array.from(ref.F, Math.abs))).toBeGreaterThan(0.05);
      expect(Math.max(...Array.from(ref.R, Math.abs))).toBeGreaterThan(0.01);
      expect(maxExcess(ref.K3, got.K3)).toBeLessThanOrEqual(0);
      for (const key of Object.keys(ref.state)) expect({ key, excess: maxExcess(ref.state[key]!, got.state[key]!) <= 0 }).toEqual({ key, excess: true });
      expect(maxExcess(ref.F, got.F)).toBeLessThanOrEqual(0);
      expect(maxExcess(ref.R, got.R)).toBeLessThanOrEqual(0);
    });
  }

  it('a cell with the gain variable stays on the host (cpu step) and still matches exactly', () => {
    const build = () => {
      const net = new Network();
      const x = net.population('X', 3, source());
      const F = net.population('F', 3, wuxing({ size: 3, gain: 'alive' }));
      net.connect(x, F, oneToOne({ weights: 1 }));
      return net;
    };
    const run = (backend: string) => {
      const net = build();
      const sim = new Simulator(net, { backend, dt: 0.05, seed: 1 });
      return { out: sim.run({ X: wave }, 10, { record: ['F'] }).output('F').data, net };
    };
    const ref = run('cpu');
    configureGpu({ mode });
    const got = run('gpu');
    expect(deviceStorage(got.net.getPopulation('F').state)).toBeNull();
    expect(Array.from(got.out)).toEqual(Array.from(ref.out));
  });
});
