import { describe, expect, it } from '@jest/globals';
import { BspClassifier, type ImageSet } from '../../../src/node.js';
import { sparseImages } from '../../fixtures/sparseImages.js';

const images = (n: number, seed: number): ImageSet => sparseImages(n, seed, 'bsp-hold', 4, 0.5);

/** The classifier's list of populations held in the backward window (a private field: checked to exist before it is replaced). */
function holdOf(c: BspClassifier): { holdBackward: readonly string[] } {
  const h = c as unknown as { holdBackward: readonly string[] };
  expect(Array.isArray(h.holdBackward)).toBe(true);
  return h;
}

describe('BSP backward window', () => {
  it('holding the ungated forward chain gives the same weights to the bit as stepping it (method 2, Euler and RK4)', () => {
    const set = images(40, 1);
    for (const integrator of ['euler', 'rk4'] as const) {
      const make = () => new BspClassifier({ layers: [16, 12, 8, 3], integrator, window: 3, batch: 10, rate: 0.3, seed: 5 });
      const held = make();
      const stepped = make();
      expect(holdOf(held).holdBackward).toEqual(['F1', 'F2', 'F3']);
      holdOf(stepped).holdBackward = [];
      for (let from = 0; from < set.count; from += 10) {
        expect(held.trainBatch(set, null, from)).toEqual(stepped.trainBatch(set, null, from));
      }
      held.net.connections.forEach((p, l) => {
        expect(Array.from(p.weights)).toEqual(Array.from(stepped.net.connections[l]!.weights));
        expect(p.weights.some((w, k) => w !== make().net.connections[l]!.weights[k])).toBe(true); // it learned
      });
    }
  });

  it('does not hold a gated network (the twins read the forward cells’ gain)', () => {
    const c = new BspClassifier({ layers: [16, 12, 3], integrator: 'euler', window: 3, batch: 10, gate: true, seed: 5 });
    expect(holdOf(c).holdBackward).toEqual([]);
  });
});
