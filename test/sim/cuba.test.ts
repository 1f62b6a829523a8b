import { describe, expect, it } from '@jest/globals';
import { Simulator, cubaNetwork } from '../../src/index.js';

describe('CUBA (Brian2 example)', () => {
  it("runs 1 s of 4000 LIF at dt 0.1 ms with a mean rate inside Brian2's band", () => {
    // Brian2 2.5.1, numpy target, 12 seeds of examples/CUBA.py: 5.28–6.15 Hz (mean 5.67).
    const rates: number[] = [];
    for (const seed of [1, 2]) {
      const sim = new Simulator(cubaNetwork({ seed }), { dt: 1e-4, seed });
      const r = sim.run(null, 1);
      const spikes = [...r.spikeCounts.values()].reduce((s, c) => s + c.reduce((a, b) => a + b, 0), 0);
      rates.push(spikes / 4000 / r.duration);
    }
    for (const rate of rates) {
      expect(rate).toBeGreaterThan(5.0);
      expect(rate).toBeLessThan(6.5);
    }
  });
});
