import { describe, expect, it } from '@jest/globals';
import { argmaxStandardised } from '../../../src/circuits/ff/ffEvaluation.js';

describe('goodness inference with each layer standardised over the labels', () => {
  it('a layer with a small scale but a clear preference is not outvoted by a large, flatter one', () => {
    // image 0 (offset 0) and image 1 (offset 3), 3 labels each
    const big = Float64Array.from([10, 9, 0, /* image 1 */ 1, 2, 3]);
    const small = Float64Array.from([0, 0.3, 0, /* image 1 */ 5, 5, 5]);
    // raw sums pick label 0 for image 0 (10 vs 9.3); standardised, small's label 1 (z = 1.41) beats big's margin (0.82 vs 0.59)
    expect(argmaxStandardised([big, small], 0, 3)).toBe(1);
    expect(argmaxStandardised([big], 0, 3)).toBe(0);
    // a layer that gives every label the same goodness adds nothing
    expect(argmaxStandardised([big, small], 3, 3)).toBe(2);
  });

  it('is unchanged by a positive scale or an offset of one layer', () => {
    const a = Float64Array.from([3, 1, 4, 1, 5]);
    const b = Float64Array.from([2, 7, 1, 8, 2]);
    const a2 = a.map((v) => 1000 * v + 17);
    expect(argmaxStandardised([a2, b], 0, 5)).toBe(argmaxStandardised([a, b], 0, 5));
    // and differs from the raw sum here (raw: label 3, 1 + 8; standardised: label 4, a's clear maximum)
    expect(argmaxStandardised([a, b], 0, 5)).toBe(4);
    const raw = a.map((v, i) => v + b[i]!);
    expect(raw.indexOf(Math.max(...raw))).toBe(3);
  });
});
