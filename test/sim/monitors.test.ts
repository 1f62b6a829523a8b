import { describe, expect, it } from '@jest/globals';
import { Network, RateMonitor, Simulator, SpikeMonitor, StateMonitor, linearRate, lif, source, oneToOne } from '../../src/index.js';
import { SampleBuffer } from '../../src/sim/monitors/SampleBuffer.js';

describe('SampleBuffer', () => {
  it('grows to hold every row, or keeps the newest rows in ring mode', () => {
    const b = new SampleBuffer(2, 2);
    b.reserve(3);
    for (let r = 0; r < 5; r++) {
      const off = b.claim();
      b.array[off] = r;
      b.array[off + 1] = 10 * r;
    }
    expect(Array.from(b.toArray())).toEqual([0, 0, 1, 10, 2, 20, 3, 30, 4, 40]);
    b.ring(3);
    for (let r = 5; r < 9; r++) {
      const off = b.claim();
      b.array[off] = r;
      b.array[off + 1] = 10 * r;
    }
    expect(Array.from(b.toArray())).toEqual([6, 60, 7, 70, 8, 80]);
    expect(b.get(0, 1)).toBe(60);
  });
});

describe('monitors', () => {
  function net(): Network {
    const n = new Network();
    n.population('in', 3, source());
    n.population('x', 3, linearRate());
    n.connect('in', 'x', oneToOne({ weights: [1, 2, 3] }));
    return n;
  }

  it('StateMonitor records chosen units every n-th step, across runs', () => {
    const sim = new Simulator(net(), { dt: 1e-3 });
    const m = sim.add(new StateMonitor('x', 'x', { units: [2, 0], everySteps: 3 }));
    sim.runSteps((s, _d, o) => o.fill(s), 7);
    sim.runSteps((s, _d, o) => o.fill(s), 3);
    expect(Array.from(m.trace(0))).toEqual([0, 9, 18, 27]);
    expect(Array.from(m.trace(1))).toEqual([0, 3, 6, 9]);
    expect(Array.from(m.times)).toEqual([1, 4, 7, 10].map((s) => s * 1e-3));
  });

  it('StateMonitor names a bad variable or unit', () => {
    const sim = new Simulator(net());
    expect(() => sim.add(new StateMonitor('x', 'nope'))).toThrow(/StateMonitor\(x\)\.variable.*'nope'/);
    expect(() => sim.add(new StateMonitor('x', 'x', { units: [5] }))).toThrow(/units\[0\].*5/);
    expect(() => sim.add(new StateMonitor('zzz', 'x'))).toThrow(/no population named 'zzz'/);
  });

  it('SpikeMonitor and RateMonitor agree with the run result', () => {
    const n = new Network();
    n.population('p', 20, lif({ bias: 1.5, tau: 0.01, vInit: [0, 1] }));
    const sim = new Simulator(n, { dt: 1e-4, seed: 3 });
    const spikes = sim.add(new SpikeMonitor('p'));
    const rate = sim.add(new RateMonitor('p', { everySteps: 100 }));
    const r = sim.run(null, 0.5);
    const total = r.spikeCounts.get('p')!.reduce((a, b) => a + b, 0);
    expect(spikes.count).toBe(total);
    expect(rate.mean).toBeCloseTo(r.meanRate('p'), 6);
    expect(spikes.trainOf(4).length).toBe(r.spikeCounts.get('p')![4]);
  });
});
