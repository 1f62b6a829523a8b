import { describe, expect, it } from '@jest/globals';
import { Network, NonFiniteError, Simulator, SpikeMonitor, lif, sparse, type NeuronModel } from '../../src/index.js';

function randomNetwork(): Network {
  const net = new Network();
  const e = net.population('E', 400, lif({ tau: 0.02, vRest: 1.2, vThresh: 1, vReset: 0, tRef: 0.002, synapses: { g: 0.005 }, vInit: [0, 1] }));
  net.connect(e, e, sparse({ p: 0.05, weights: { normal: { mean: -0.05, std: 0.05 } } }), { delaySteps: 2, target: 'g' });
  return net;
}

function spikeTrain(seed: number): { steps: Int32Array; units: Int32Array } {
  const sim = new Simulator(randomNetwork(), { seed, dt: 1e-4 });
  const mon = sim.add(new SpikeMonitor('E'));
  sim.run(null, 0.2);
  return mon.spikes;
}

describe('determinism', () => {
  it('gives bit-identical spike trains for the same seed and different ones for another seed', () => {
    const a = spikeTrain(7);
    const b = spikeTrain(7);
    const c = spikeTrain(8);
    expect(a.steps.length).toBeGreaterThan(100);
    expect(Buffer.from(a.steps.buffer).equals(Buffer.from(b.steps.buffer))).toBe(true);
    expect(Buffer.from(a.units.buffer).equals(Buffer.from(b.units.buffer))).toBe(true);
    const same = a.steps.length === c.steps.length && a.units.every((u, k) => u === c.units[k] && a.steps[k] === c.steps[k]);
    expect(same).toBe(false);
  });
});

describe('non-finite state', () => {
  it('names population, variable, unit and step', () => {
    const base = lif({ bias: 0.5 });
    // A model that lets a NaN into unit 3's synaptic variable at step 42.
    const poisoned: NeuronModel = {
      ...base,
      kind: 'poisonedLif',
      variables: [...base.variables, 'g'],
      step(state, inputs, ctx) {
        if (ctx.step === 42) state.g![3] = Number.NaN;
        return base.step(state, inputs, ctx);
      },
    };
    const net = new Network();
    net.population('cortex', 8, poisoned);
    const sim = new Simulator(net, { dt: 1e-4 });
    let err: unknown;
    try {
      sim.run(null, 0.01);
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(NonFiniteError);
    const e = err as NonFiniteError;
    expect([e.population, e.variable, e.unit, e.step]).toEqual(['cortex', 'g', 3, 42]);
    expect(e.message).toBe("population 'cortex', variable 'g', unit 3, step 42: value is NaN");
  });
});
