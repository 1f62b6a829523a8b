import { describe, expect, it } from '@jest/globals';
import { RuleError, SimulatorHaltedError } from '../../src/core/errors.js';
import { Network } from '../../src/sim/Network.js';
import { Simulator } from '../../src/sim/Simulator.js';
import { lif } from '../../src/neurons/lif.js';
import { dense } from '../../src/synapses/dense.js';
import type { ProjectionRule, ProjectionView } from '../../src/plasticity/PlasticityRule.js';

function build(throwAt: number | null) {
  const net = new Network({ seed: 3 });
  net.population('A', 4, lif({ bias: 1.5 }));
  net.population('B', 3, lif());
  const p = net.connect('A', 'B', dense({ weights: 0.3 }));
  const grow: ProjectionRule = {
    name: 'grow',
    attach: 'projection',
    onStep(view: ProjectionView) {
      if (view.step === throwAt) throw new Error('boom');
      const w = view.synapses.weights;
      for (let i = 0; i < w.length; i++) w[i] = w[i]! + 1e-3;
    },
  };
  net.learn(p, grow);
  return { net, sim: new Simulator(net, { dt: 1e-3, seed: 1 }), p };
}

describe('a rule that throws', () => {
  it('is wrapped in a RuleError naming rule, projection and step, and the simulator refuses to run until reset()', () => {
    const { sim } = build(5);
    let err: unknown;
    try {
      sim.runSteps(null, 20);
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(RuleError);
    expect((err as RuleError).message).toMatch(/rule 'grow' on projection '.*' threw at step 5: boom/);
    expect((err as RuleError).step).toBe(5);
    expect(() => sim.runSteps(null, 1)).toThrow(SimulatorHaltedError);
    expect(() => sim.runSteps(null, 1)).toThrow(/call reset\(\)/);
    sim.reset();
    expect(sim.runSteps(null, 3).steps).toBe(3);
    expect(sim.step).toBe(3);
  });
});
