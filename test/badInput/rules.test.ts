import { describe, expect, it } from '@jest/globals';
import { dense, lif, Network, RuleError, Simulator, SimulatorHaltedError, SpecError } from '../../src/index.js';
import type { PopulationRule, ProjectionRule } from '../../src/index.js';
import { caught } from './fixtures.js';

/**
 * Issue 15, item 3, as quoted: a rule throws once in `onStep` at step 5, the caller catches
 * and continues. That continued run used to give other results than a clean run (0.1394 vs
 * 0.1307) from a half-done step. Now the error names rule, attachment and step, and the
 * simulator refuses to go on until `reset()`.
 */
function network(rule: 'projection' | 'population', throws: () => unknown) {
  const net = new Network({ seed: 3 });
  net.population('A', 4, lif({ bias: 1.5 }));
  net.population('B', 3, lif());
  const p = net.connect('A', 'B', dense({ weights: 0.3 }), { name: 'A-to-B' });
  let thrown = false;
  // throws once, at step 5, then behaves (the quoted case)
  const onceAt5 = (step: number) => {
    if (step === 5 && !thrown) {
      thrown = true;
      throw throws();
    }
  };
  if (rule === 'projection') net.learn(p, { name: 'flaky', attach: 'projection', onStep: (v) => onceAt5(v.step) } satisfies ProjectionRule);
  else net.learn('B', { name: 'flaky', attach: 'population', onStep: (v) => onceAt5(v.step) } satisfies PopulationRule);
  return new Simulator(net, { dt: 1e-3, seed: 1 });
}

describe('a rule that throws once at step 5, caught, then continued', () => {
  it.each([
    ['projection', /^rule 'flaky' on projection 'A-to-B' threw at step 5: boom/],
    ['population', /^rule 'flaky' on population 'B' threw at step 5: boom/],
  ] as const)('on a %s: a RuleError naming rule, attachment and step; continuing is refused until reset()', (kind, message) => {
    const sim = network(kind, () => new Error('boom'));
    const e = caught(() => sim.runSteps(null, 20));
    expect(e).toBeInstanceOf(RuleError);
    expect((e as Error).message).toMatch(message);
    expect(e).toMatchObject({ rule: 'flaky', step: 5 });
    // "catch, continue": no half-stepped results, whichever way the caller continues
    expect(() => sim.runSteps(null, 15)).toThrow(SimulatorHaltedError);
    expect(() => sim.run(null, 0.015)).toThrow(/threw at step 5: boom.*reset\(\)/);
    sim.reset();
    expect(sim.runSteps(null, 20).steps).toBe(20);
  });

  it('passes our own typed error through as it is (it already names its field), and still halts', () => {
    const sim = network('projection', () => new SpecError('flaky.rate', 'must be positive'));
    expect(caught(() => sim.runSteps(null, 20))).toBeInstanceOf(SpecError);
    expect(() => sim.runSteps(null, 1)).toThrow(SimulatorHaltedError);
  });
});
