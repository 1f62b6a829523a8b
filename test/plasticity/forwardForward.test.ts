import { describe, expect, it } from '@jest/globals';
import { ffDense } from '../../src/neurons/ff/ffDense.js';
import { ffConv } from '../../src/neurons/ff/ffConv.js';
import type { FFLayer } from '../../src/neurons/ff/ffLayer.js';
import { source } from '../../src/neurons/source.js';
import { forwardForward } from '../../src/plasticity/forwardForward.js';
import { Network } from '../../src/sim/Network.js';
import { SeededRandom } from '../../src/core/random.js';
import { Simulator } from '../../src/sim/Simulator.js';
import { SpecError } from '../../src/core/errors.js';
import { oneToOne } from '../../src/synapses/oneToOne.js';

/** One layer as a population fed by a source, trained on one fixed batch; returns the loss per step. */
function trainFixedBatch(layer: FFLayer, steps: number, withSigns = true): number[] {
  const net = new Network();
  const input = net.population('in', layer.inputSize, source());
  const pop = net.population('L', layer.units, layer);
  net.connect(input, pop, oneToOne());
  const batch = 8;
  const signs = new Float32Array(batch).map((_, b) => (b < 4 ? 1 : -1));
  const rule = forwardForward(layer, { lr: 3e-3, logitScale: 4 / layer.units });
  net.learn(pop, rule, withSigns ? { modulator: signs } : {});
  // positives carry stripes along one axis, negatives along the other, both with noise
  const data = new SeededRandom(8).fillUniform(new Float32Array(batch * layer.inputSize), 0, 0.3);
  const side = Math.round(Math.sqrt(layer.inputSize));
  for (let b = 0; b < batch; b++)
    for (let i = 0; i < layer.inputSize; i++) {
      const [row, col] = [Math.floor(i / side), i % side];
      if ((b < 4 ? col : row) % 2 === 0) data[b * layer.inputSize + i] += 1;
    }
  const sim = new Simulator(net, { batch, seed: 1, dt: 1 });
  const losses: number[] = [];
  sim.tick$.subscribe(() => losses.push(rule.stats.loss));
  sim.runSteps((_t, _dt, out) => out.set(data), steps);
  if (process.env.FF_DEBUG) console.log(losses.map((l) => l.toFixed(3)).join(' '));
  return losses;
}

describe('forwardForward rule', () => {
  it('lowers the FF loss of a dense layer on a fixed batch', () => {
    const losses = trainFixedBatch(ffDense({ inputs: 36, units: 20, seed: 1 }), 60);
    expect(losses.at(-1)!).toBeLessThan(0.5 * losses[0]!);
  });

  it('lowers the FF loss of a conv layer on a fixed batch', () => {
    const losses = trainFixedBatch(ffConv({ inputShape: [8, 8, 1], channels: 4, kernel: 3, seed: 1 }), 60);
    expect(losses.at(-1)!).toBeLessThan(0.5 * losses[0]!);
  });

  it('needs the routed sign of each sample', () => {
    expect(() => trainFixedBatch(ffDense({ inputs: 5, units: 3 }), 1, false)).toThrow(SpecError);
  });

  it('changes only its own layer: the weights of a layer without the rule stay put', () => {
    const a = ffDense({ inputs: 6, units: 5, seed: 1 });
    const b = ffDense({ inputs: 5, units: 4, seed: 2 });
    const net = new Network();
    const input = net.population('in', 6, source());
    const pa = net.population('A', 5, a);
    const pb = net.population('B', 4, b);
    net.connect(input, pa, oneToOne());
    net.connect(pa, pb, oneToOne(), { source: 'h' });
    net.learn(pb, forwardForward(b, { lr: 1e-2 }), { modulator: new Float32Array([1, -1]) });
    const before = a.parameters.weights.slice();
    const beforeB = b.parameters.weights.slice();
    new Simulator(net, { batch: 2, dt: 1 }).runSteps((_t, _dt, out) => out.fill(0.5).fill(0.1, 0, 3), 5);
    expect(Array.from(a.parameters.weights)).toEqual(Array.from(before));
    expect(Array.from(b.parameters.weights)).not.toEqual(Array.from(beforeB));
  });
});
