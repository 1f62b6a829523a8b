import { describe, expect, it } from '@jest/globals';
import { SeededRandom } from '../../src/index.js';
import { argmax } from '../../src/math/argmax.js';

describe('SeededRandom.permutation', () => {
  it('is an order of 0…n−1, the same for the same seed and stream, different for another', () => {
    const p = new SeededRandom(7, 'epoch-1').permutation(1000);
    expect([...p].sort((a, b) => a - b)).toEqual(Array.from({ length: 1000 }, (_, i) => i));
    expect(new SeededRandom(7, 'epoch-1').permutation(1000)).toEqual(p);
    expect(new SeededRandom(7, 'epoch-2').permutation(1000)).not.toEqual(p);
    expect(new SeededRandom(7).permutation(0)).toEqual(new Uint32Array(0));
  });

  it('puts each value in each place about equally often (n = 4, 24,000 draws)', () => {
    const r = new SeededRandom(3);
    const counts = new Float64Array(16);
    for (let k = 0; k < 24_000; k++) {
      const p = r.permutation(4);
      for (let i = 0; i < 4; i++) counts[i * 4 + p[i]!]!++;
    }
    for (const c of counts) expect(Math.abs(c - 6000)).toBeLessThan(300); // ≈ 4.6 σ of a binomial(24000, 1/4)
  });
});

describe('argmax', () => {
  it('finds the largest in a slice, the first one on ties', () => {
    const v = [5, 1, 9, 9, 2, 7, 7, 0];
    expect(argmax(v)).toBe(2);
    expect(argmax(v, 4, 4)).toBe(1);
    expect(argmax(Float64Array.of(-3, -1, -1))).toBe(1);
  });
});
