import { describe, expect, it } from '@jest/globals';
import { argmaxCentred, labelMeans } from '../../../src/circuits/ff/labelOffsets.js';

describe('per-label goodness offsets', () => {
  it('labelMeans averages each label over the images', () => {
    // 2 images × 3 labels
    const t = Float64Array.from([1, 10, 100, 3, 20, 300]);
    expect(Array.from(labelMeans(t, 2, 3))).toEqual([2, 15, 200]);
    expect(Array.from(labelMeans(t, 1, 3))).toEqual([1, 10, 100]);
    expect(() => labelMeans(t, 3, 3)).toThrow(/3 images × 3 labels/);
  });

  it('an offset shared by every image no longer decides the argmax once removed', () => {
    // label 2 gets +50 for every image; each image's own preference is label 0 or 1
    const t = Float64Array.from([60, 52, 51, /* image 1 */ 51, 60, 52, /* image 2 */ 55, 50, 55.5]);
    const raw = [0, 1, 2].map((i) => t.subarray(i * 3, i * 3 + 3).indexOf(Math.max(...t.subarray(i * 3, i * 3 + 3))));
    expect(raw).toEqual([0, 1, 2]);
    const offsets = [Float64Array.from([0, 0, 50])];
    // 55 − 0 > 55.5 − 50: image 2 prefers label 0 once label 2's offset is gone
    expect([0, 3, 6].map((o) => argmaxCentred([t], offsets, o, 3))).toEqual([0, 1, 0]);
    // without offsets it is the plain argmax
    expect(argmaxCentred([t], [new Float64Array(3)], 6, 3)).toBe(2);
  });

  it('sums the layers after removing each layer its own offsets', () => {
    const a = Float64Array.from([5, 1]);
    const b = Float64Array.from([0, 10]);
    // raw sum: label 1 (5 vs 11); b's offset of 8 on label 1 turns it to label 0 (5 vs 3)
    expect(argmaxCentred([a, b], [new Float64Array(2), Float64Array.from([0, 8])], 0, 2)).toBe(0);
    expect(argmaxCentred([a, b], [new Float64Array(2), new Float64Array(2)], 0, 2)).toBe(1);
    expect(() => argmaxCentred([a, b], [new Float64Array(2)], 0, 2)).toThrow(/2 layers but 1/);
  });
});
