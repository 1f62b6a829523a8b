import { describe, expect, it } from '@jest/globals';
import { Network, Simulator, lif, sparse, spikeSource } from '../../src/index.js';

function build(seed?: number) {
  const net = new Network(seed === undefined ? {} : { seed });
  net.population('a', 40, spikeSource());
  net.population('b', 30, lif());
  const p = net.connect('a', 'b', sparse({ p: 0.2, weights: { uniform: { low: 0, high: 1 } } }));
  return { net, p };
}

const layout = (p: ReturnType<typeof build>['p']) => {
  const s = p.synapses as unknown as { cols: Int32Array; weights: Float32Array };
  return [Array.from(s.cols), Array.from(s.weights)];
};

describe('seeds: connectivity comes from the Network seed, the same whichever Simulator runs first', () => {
  it('does not depend on the seed of the Simulator that happened to build it', () => {
    const first = build(7);
    new Simulator(first.net, { seed: 1 });
    new Simulator(first.net, { seed: 2 });
    const other = build(7);
    new Simulator(other.net, { seed: 2 });
    expect(layout(first.p)).toEqual(layout(other.p));
  });

  it('another Network seed draws other connectivity; the same one draws the same', () => {
    const a = build(1);
    const b = build(2);
    const c = build(1);
    a.net.build();
    b.net.build();
    c.net.build();
    expect(layout(a.p)).not.toEqual(layout(b.p));
    expect(layout(a.p)).toEqual(layout(c.p));
    expect(a.net.seed).toBe(1);
    expect(build().net.seed).toBe(0);
  });
});
