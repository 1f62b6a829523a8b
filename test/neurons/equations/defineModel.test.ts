import { describe, expect, it } from '@jest/globals';
import {
  EquationError, Network, Simulator, SpecError, SpikeMonitor, StateMonitor, UnitMismatchError, constant, defineModel, lif, oneToOne, source, sparse,
  type NeuronModel,
} from '../../../src/index.js';
import { adex, cubaEquations, wuxingCell } from './models.js';

/** CUBA-style recurrent network of 1,000 units of a model (80% excitatory). */
function cuba(model: () => NeuronModel, backend = 'cpu') {
  const net = new Network();
  const E = net.population('E', 800, model());
  const I = net.population('I', 200, model());
  for (const post of [E, I]) {
    net.connect(E, post, sparse({ p: 0.08, weights: 1.62e-3 }), { delaySteps: 1, target: 'ge', name: `E->${post.name}` });
    net.connect(I, post, sparse({ p: 0.08, weights: -9e-3 }), { delaySteps: 1, target: 'gi', name: `I->${post.name}` });
  }
  const sim = new Simulator(net, { dt: 1e-4, seed: 4, backend });
  const mon = sim.add(new SpikeMonitor('E'));
  sim.runSteps(null, 1000);
  return { spikes: mon.spikes, v: Float32Array.from(E.state.v!), ge: Float32Array.from(E.state.ge!) };
}

function maxDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let d = 0;
  for (let k = 0; k < a.length; k++) d = Math.max(d, Math.abs(a[k]! - b[k]!));
  return d;
}

describe('defineModel', () => {
  it('integrates the CUBA LIF written as equations exactly, like the built-in LIF (to 1e-6 over 1,000 steps)', () => {
    const eq = cubaEquations();
    expect(eq.method).toBe('exact');
    const builtin = cuba(() => lif({ tau: 20e-3, vRest: -49e-3, vThresh: -50e-3, vReset: -60e-3, tRef: 5e-3, synapses: { ge: 5e-3, gi: 10e-3 }, vInit: [-60e-3, -50e-3] }));
    const equations = cuba(cubaEquations);
    expect(builtin.spikes.steps.length).toBeGreaterThan(200);
    expect(Array.from(equations.spikes.steps)).toEqual(Array.from(builtin.spikes.steps));
    expect(Array.from(equations.spikes.units)).toEqual(Array.from(builtin.spikes.units));
    expect(maxDiff(equations.v, builtin.v)).toBeLessThanOrEqual(1e-6);
    expect(maxDiff(equations.ge, builtin.ge)).toBeLessThanOrEqual(1e-6);
  });

  it('picks RK4 for nonlinear equations and converges to the exact solution of a linear one', () => {
    expect(adex().method).toBe('rk4');
    expect(wuxingCell().method).toBe('rk4');
    const decay = (method: 'exact' | 'rk4' | 'euler') => {
      const net = new Network();
      net.population('X', 1, defineModel({ equations: 'dx/dt = -x/tau : 1', parameters: { tau: '10 ms' }, init: { x: 1 }, method }));
      const sim = new Simulator(net, { dt: 1e-3 });
      sim.runSteps(null, 20);
      return net.getPopulation('X').state.x![0]!;
    };
    expect(decay('exact')).toBeCloseTo(Math.exp(-2), 6);
    expect(Math.abs(decay('rk4') - Math.exp(-2))).toBeLessThan(1e-5);
    // Euler: (1 − dt/τ)^20 exactly.
    expect(decay('euler')).toBeCloseTo(0.9 ** 20, 6);
  });

  it('fires an adaptive exponential IF neuron with spike-frequency adaptation', () => {
    const net = new Network();
    const s = net.population('S', 1, source());
    net.population('N', 1, adex());
    net.connect(s, 'N', oneToOne({ weights: 1 }));
    const sim = new Simulator(net, { dt: 1e-4 });
    const mon = sim.add(new SpikeMonitor('N'));
    sim.runSteps(constant(1e-9), 5000);
    const steps = Array.from(mon.spikes.steps);
    expect(steps.length).toBeGreaterThan(5);
    const isi = steps.slice(1).map((t, k) => t - steps[k]!);
    expect(isi[isi.length - 1]!).toBeGreaterThan(1.5 * isi[0]!);
  });

  it('keeps the Wuxing ring on its fixed point B0 = (k1 − k2)/k3 when started there', () => {
    const m = defineModel({
      equations: [0, 1, 2, 3, 4].map((i) => `dE${i}/dt = k1*E${(i + 4) % 5} - k2*E${i} - k3*E${i}*E${(i + 3) % 5} : 1`),
      parameters: { k1: '3 Hz', k2: '1 Hz', k3: '1 Hz' },
      init: { E0: 2, E1: 2, E2: 2, E3: 2, E4: 2 },
    });
    const net = new Network();
    net.population('W', 3, m);
    const sim = new Simulator(net, { dt: 1e-3 });
    const mon = sim.add(new StateMonitor('W', 'E3', { units: [1] }));
    sim.runSteps(null, 500);
    expect(mon.trace(0)[499]).toBeCloseTo(2, 6);
  });

  // the same models on every backend: the parity table (test/sim/backends/parityCases.ts)

  describe('errors', () => {
    const base = { parameters: { El: '-49 mV', tau: '20 ms' }, inputs: { I: 'volt' } };

    it('names the equation and both units on a dimension mismatch', () => {
      let err: unknown;
      try {
        defineModel({ ...base, equations: 'dv/dt = (El - v + I)/tau : volt\ndw/dt = (v - w)/tau + El : volt' });
      } catch (e) {
        err = e;
      }
      expect(err).toBeInstanceOf(UnitMismatchError);
      const e = err as UnitMismatchError;
      expect(e.field).toBe('defineModel.equations[1]');
      expect(e.equation).toBe('dw/dt = (v - w)/tau + El : volt');
      expect([e.left, e.right]).toEqual(['volt/second', 'volt']);
      expect(e.message).toContain("in 'dw/dt = (v - w)/tau + El : volt'");
    });

    it('checks the right-hand side against the unit per second', () => {
      expect(() => defineModel({ ...base, equations: 'dv/dt = El - v : volt' })).toThrow(/dv\/dt must have the units of v per second: volt vs volt\/second/);
    });

    it('rejects unknown names, functions of dimensioned arguments, and bad resets and thresholds', () => {
      expect(() => defineModel({ ...base, equations: 'dv/dt = (El - v + Isyn)/tau : volt' })).toThrow(/unknown name 'Isyn'/);
      expect(() => defineModel({ ...base, equations: 'dv/dt = exp(v)/tau : volt' })).toThrow(UnitMismatchError);
      expect(() => defineModel({ ...base, equations: 'dv/dt = (El - v)/tau : volt', threshold: 'v > 1' })).toThrow(UnitMismatchError);
      expect(() => defineModel({ ...base, equations: 'dv/dt = (El - v)/tau : volt', threshold: 'v + El' })).toThrow(EquationError);
      expect(() => defineModel({ ...base, equations: 'dv/dt = (El - v)/tau : volt', threshold: 'v > El', reset: 'v = tau' })).toThrow(UnitMismatchError);
      expect(() => defineModel({ ...base, equations: 'dv/dt = (El - v)/tau : volt (unless refractory)' })).toThrow(SpecError);
      expect(() => defineModel({ ...base, equations: 'dv/dt = v*v/tau/El : volt', method: 'exact' })).toThrow(/method 'exact' needs equations linear/);
    });
  });
});
