import { describe, expect, it } from '@jest/globals';
import { Network, Simulator, dense, sparse, spikeSource, stdp } from '../../src/index.js';

/** Two spike sources wired pre → post through one plastic synapse; spikes at chosen steps. */
function pairing(preStep: number, postStep: number, kind: 'dense' | 'sparse') {
  const net = new Network();
  const pre = net.population('pre', 1, spikeSource());
  const post = net.population('post', 1, spikeSource());
  const proj = net.connect(pre, post, kind === 'dense' ? dense({ weights: 0.5 }) : sparse({ pairs: [[0, 0]], weights: 0.5 }), { target: 'x' });
  const rule = stdp({ aPlus: 0.01, aMinus: 0.012, tauPlus: 0.02, tauMinus: 0.03, wMin: 0, wMax: 1 });
  net.learn(proj, rule);
  const dt = 1e-4;
  const sim = new Simulator(net, { dt });
  // The post source is driven by the stimulus, not by the synapse (its 'x' is overwritten each step).
  sim.runSteps({
    pre: (s, _dt, out) => out.fill(s === preStep ? 1 : 0),
    post: (s, _dt, out) => out.fill(s === postStep ? 1 : 0),
  }, Math.max(preStep, postStep) + 5);
  return { dw: proj.weights[0]! - 0.5, dt };
}

describe('STDP', () => {
  for (const kind of ['dense', 'sparse'] as const) {
    it(`pre before post potentiates by aPlus·exp(-Δt/τ+) (${kind})`, () => {
      const { dw, dt } = pairing(100, 150, kind);
      expect(dw).toBeGreaterThan(0);
      expect(dw).toBeCloseTo(0.01 * Math.exp((-50 * dt) / 0.02), 6);
    });

    it(`post before pre depresses by aMinus·exp(-Δt/τ-) (${kind})`, () => {
      const { dw, dt } = pairing(180, 100, kind);
      expect(dw).toBeLessThan(0);
      expect(dw).toBeCloseTo(-0.012 * Math.exp((-80 * dt) / 0.03), 6);
    });
  }

  it('leaves weights alone when learning is off', () => {
    const net = new Network();
    const pre = net.population('pre', 1, spikeSource());
    const post = net.population('post', 1, spikeSource());
    const proj = net.connect(pre, post, dense({ weights: 0.5 }), { target: 'x' });
    net.learn(proj, stdp());
    const sim = new Simulator(net, { dt: 1e-4 });
    sim.runSteps({ pre: (s, _d, o) => o.fill(s === 3 ? 1 : 0), post: (s, _d, o) => o.fill(s === 5 ? 1 : 0) }, 10, { learn: false });
    expect(proj.weights[0]).toBe(0.5);
  });
});

describe('switching one rule off', () => {
  it('freezes only that attachment', () => {
    const net = new Network();
    const pre = net.population('pre', 1, spikeSource());
    const post = net.population('post', 1, spikeSource());
    const a = net.connect(pre, post, dense({ weights: 0.5 }), { target: 'x', name: 'a' });
    const b = net.connect(pre, post, dense({ weights: 0.5 }), { target: 'x', name: 'b' });
    net.learn(a, stdp());
    const frozen = net.learn(b, stdp());
    frozen.enabled = false;
    const sim = new Simulator(net, { dt: 1e-4 });
    sim.runSteps({ pre: (s, _d, o) => o.fill(s === 3 ? 1 : 0), post: (s, _d, o) => o.fill(s === 5 ? 1 : 0) }, 10);
    expect(a.weights[0]).toBeGreaterThan(0.5);
    expect(b.weights[0]).toBe(0.5);
  });
});
