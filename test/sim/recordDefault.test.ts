import { describe, expect, it } from '@jest/globals';
import { collectWarnings, MemoryBudgetError, Network, Simulator, linearRate, oneToOne, setMemoryBudget, source } from '../../src/index.js';

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

  it('a record over the memory budget fails before allocating: one budget, one error, saying how much and how to record less', () => {
    const sim = new Simulator(net(1000), { dt: 1e-3 });
    // 2 × 1000 units × 50 000 steps × 4 bytes = 381.5 MiB > 256 MiB.
    const previous = setMemoryBudget(256 * 2 ** 20);
    try {
      expect(() => sim.run(null, 50, { record: 'all' })).toThrow(MemoryBudgetError);
      expect(() => sim.run(null, 50, { record: 'all' })).toThrow(/run\.record: recording in, out for 50000 steps would need 381 MiB, more than the memory budget of 256 MiB; record fewer populations.*NEUROSTREAM_MEMORY_BUDGET/);
    } finally {
      setMemoryBudget(previous);
    }
    // The same budget per run, by the same name.
    expect(() => sim.run(null, 50, { record: 'all', memoryBudget: 256 * 2 ** 20 })).toThrow(MemoryBudgetError);
    expect(sim.step).toBe(0); // nothing ran
    expect(sim.run(null, 0.01, { record: ['out'] }).output('out').data.length).toBe(10 * 1000);
  });

  it('the old recordBudget still works, with a warning naming memoryBudget', () => {
    const sim = new Simulator(net(1000), { dt: 1e-3 });
    const { warnings } = collectWarnings(() => expect(() => sim.run(null, 50, { record: 'all', recordBudget: 2 ** 20 })).toThrow(MemoryBudgetError));
    expect(warnings.map((w) => [w.code, w.field])).toEqual([['deprecated-option', 'run.recordBudget']]);
    expect(warnings[0]!.message).toMatch(/use run\.memoryBudget/);
  });
});
