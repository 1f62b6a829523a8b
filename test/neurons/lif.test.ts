import { describe, expect, it } from '@jest/globals';
import { Network, Simulator, SpikeMonitor, lif, SpecError } from '../../src/index.js';

describe('LIF', () => {
  it('fires at the analytic period T = t_ref + tau ln((RI - Vr)/(RI - Vt)) under constant current', () => {
    const tau = 0.02;
    const tRef = 0.002;
    const R = 1;
    const vReset = 0;
    const vThresh = 1;
    for (const I of [1.2, 1.5, 3]) {
      const net = new Network();
      net.population('n', 1, lif({ tau, tRef, R, vReset, vThresh, bias: I }));
      const dt = 1e-5;
      const sim = new Simulator(net, { dt });
      const mon = sim.add(new SpikeMonitor('n'));
      sim.run(null, 0.3);
      const t = mon.spikes.times;
      expect(t.length).toBeGreaterThan(3);
      const periods = Array.from(t.slice(1), (x, k) => x - t[k]!);
      const measured = periods.reduce((a, b) => a + b, 0) / periods.length;
      const analytic = tRef + tau * Math.log((R * I - vReset) / (R * I - vThresh));
      expect(Math.abs(measured - analytic) / analytic).toBeLessThan(0.01);
    }
  });

  it('does not fire below rheobase', () => {
    const net = new Network();
    net.population('n', 1, lif({ bias: 0.99 }));
    const sim = new Simulator(net, { dt: 1e-4 });
    const r = sim.run(null, 0.5);
    expect(r.spikeCounts.get('n')![0]).toBe(0);
  });

  it('rejects bad options naming the field', () => {
    expect(() => lif({ tau: -1 })).toThrow(SpecError);
    expect(() => lif({ tau: -1 })).toThrow(/lif\.tau/);
    expect(() => lif({ synapses: { v: 0.005 } })).toThrow(/lif\.synapses\.v/);
  });
});
