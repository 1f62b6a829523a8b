import { describe, expect, it } from '@jest/globals';
import { Network, Simulator, linearRate, oneToOne, source } from '../../src/index.js';

function net(n: number): Network {
  const net = new Network();
  net.population('in', n, source());
  net.population('out', n, linearRate({ tau: 0.01 }));
  net.connect('in', 'out', oneToOne());
  return net;
}

describe('recording is opt-in and bounded', () => {
  it('run() records nothing unless asked (asking names the fix)', () => {
    const r = new Simulator(net(1000), { dt: 1e-3 }).run(null, 0.01);
    expect(r.recorded).toEqual([]);
    expect(() => r.output('out')).toThrow(/not recorded; pass \{ record: \['out'\] \}/);
  });

  it('a record that would exceed the budget fails before allocating, saying how much and how to record less', () => {
    const sim = new Simulator(net(1000), { dt: 1e-3 });
    // 2 × 1000 units × 50 000 steps × 4 bytes = 381.5 MiB > 256 MiB.
    expect(() => sim.run(null, 50, { record: 'all' })).toThrow(/run\.record: recording in, out for 50000 steps needs 381\.5 MiB, over the budget of 256\.0 MiB; record fewer populations.*recordBudget/);
    expect(sim.step).toBe(0); // nothing ran
    expect(sim.run(null, 0.01, { record: ['out'] }).output('out').data.length).toBe(10 * 1000);
  });
});
