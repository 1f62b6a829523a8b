import { describe, expect, it } from '@jest/globals';
import { Network, dense, hebbOja, linearRate, lif, source, spikeSource, sparse, stdp } from '../../src/index.js';

describe('attaching rules: mistakes that used to run silently now throw, naming what is wrong', () => {
  it('one rule object on two projections throws, naming both projections', () => {
    const net = new Network();
    const a = net.population('a', 20, spikeSource());
    const b = net.population('b', 10, lif());
    const p1 = net.connect(a, b, sparse({ p: 0.5, weights: 0.5 }), { name: 'p1' });
    const p2 = net.connect(a, b, sparse({ p: 0.5, weights: 0.5 }), { name: 'p2' });
    const r = stdp();
    net.learn(p1, r);
    expect(() => net.learn(p2, r)).toThrow(/rule 'stdp' is already attached to projection 'p1'.*projection 'p2'/);
    // A fresh rule object is fine, and so is the same rule on another network only once.
    const fresh = stdp();
    const attached = net.learn(p2, fresh);
    expect(attached.rule).toBe(fresh);
    expect(attached.target).toBe(p2);
  });

  it('a spike-only rule (STDP) on graded populations throws at learn(), naming rule, projection and why', () => {
    const net = new Network();
    const x = net.population('x', 4, source());
    const y = net.population('y', 3, linearRate());
    const p = net.connect(x, y, dense({ weights: 0.1 }), { name: 'xy' });
    expect(() => net.learn(p, stdp())).toThrow(/learn\(xy\)\.rule: rule 'stdp' learns only from spikes.*projection 'xy'.*population 'x'.*graded/);
    // A rate rule on the same projection is accepted.
    const oja = hebbOja({ rate: 0.01 });
    expect(net.learn(p, oja)).toMatchObject({ rule: oja, target: p, enabled: true });
  });
});
