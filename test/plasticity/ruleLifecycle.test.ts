import { describe, expect, it } from '@jest/globals';
import { Network, Simulator, dense, lif, sparse, spikeSource, type DenseRule, type SparseRule } from '../../src/index.js';
import { DT, eligibilityRule, inputSpikes, plasticNetwork } from '../sim/fixtures/plasticNetwork.js';

/**
 * Issue 14, plasticity API: rule state used to live in closures with no reset hook, and
 * `view.synapses` was a generic `Synapses`. Now `Simulator.reset()` zeroes every per-synapse
 * array and calls the rule's `onReset`, and a rule typed for one connectivity kind is refused on
 * another, naming the rule, the projection and both kinds.
 */
describe('rule lifecycle and typed views', () => {
  it('reset() zeroes the per-synapse state arrays and calls onReset, so closure state starts over', () => {
    const net = plasticNetwork();
    const sim = new Simulator(net, { dt: DT, seed: 5 });
    sim.runSteps(inputSpikes, 800);
    const att = net.attachments.find((a) => a.rule.name === 'eligibility')!;
    const e = att.synapseState.get('e')!;
    const closure = () => Array.from((att.rule.state!() as { spikesPerPost: Float64Array }).spikesPerPost);
    // Something accumulated, so the reset has something to undo.
    expect(e.some((x) => x !== 0)).toBe(true);
    expect(closure().some((x) => x !== 0)).toBe(true);
    sim.reset();
    expect(e.every((x) => x === 0)).toBe(true);
    expect(closure().every((x) => x === 0)).toBe(true);
  });

  it('after reset() a rule learns from the new run exactly as a fresh copy of it does', () => {
    // Two networks with the same learned weights: one reset after learning, one rebuilt with them.
    const a = plasticNetwork();
    const simA = new Simulator(a, { dt: DT, seed: 5 });
    simA.runSteps(inputSpikes, 600);
    const learned = { ff: Float32Array.from(a.getProjection('ff').weights), rec: Float32Array.from(a.getProjection('rec').weights) };
    simA.reset();
    const b = plasticNetwork();
    const simB = new Simulator(b, { dt: DT, seed: 5 });
    b.getProjection('ff').weights.set(learned.ff);
    b.getProjection('rec').weights.set(learned.rec);
    simA.runSteps(inputSpikes, 600);
    simB.runSteps(inputSpikes, 600);
    expect(Array.from(a.getProjection('rec').weights)).toEqual(Array.from(b.getProjection('rec').weights));
    expect(a.getProjection('rec').weights.some((w, k) => w !== learned.rec[k])).toBe(true);
  });

  it('a rule typed for sparse synapses is refused on a dense projection, naming rule, projection and kinds', () => {
    const net = new Network({ seed: 1 });
    net.population('in', 6, spikeSource());
    net.population('out', 4, lif());
    const p = net.connect('in', 'out', dense({ weights: 0.1 }), { name: 'dense-in' });
    const rule: SparseRule = eligibilityRule();
    net.learn(p, rule);
    expect(() => new Simulator(net, { dt: DT })).toThrow(/learn\(dense-in\)\.rule: rule 'eligibility' handles sparse synapses, but projection 'dense-in' is dense/);
  });

  it('a DenseRule reads its view.synapses as dense without a cast', () => {
    const net = new Network({ seed: 1 });
    net.population('in', 6, spikeSource());
    net.population('out', 4, lif());
    const p = net.connect('in', 'out', dense({ weights: 0.1 }), { name: 'd' });
    let shape: [number, number] = [0, 0];
    const rule: DenseRule = {
      attach: 'projection',
      name: 'shape',
      kinds: ['dense'],
      init(view) {
        shape = [view.synapses.preSize, view.synapses.postSize]; // typed DenseSynapses
      },
    };
    net.learn(p, rule);
    new Simulator(net, { dt: DT });
    expect(shape).toEqual([6, 4]);
    // And the sparse rule on a sparse projection is accepted.
    const s = new Network({ seed: 1 });
    s.population('in', 6, spikeSource());
    s.population('out', 4, lif());
    s.learn(s.connect('in', 'out', sparse({ p: 0.5, weights: 0.1 })), eligibilityRule());
    expect(() => new Simulator(s, { dt: DT })).not.toThrow();
  });
});
