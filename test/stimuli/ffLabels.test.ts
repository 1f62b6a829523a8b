import { describe, expect, it } from '@jest/globals';
import { SeededRandom } from '../../src/core/random.js';
import { SpecError } from '../../src/core/errors.js';
import { fourierLabels, labelEncoding, morphologyLabels, wrongLabel, type LabelEncodingKind } from '../../src/stimuli/ffLabels.js';

/** A digit-like test image: a thick off-centre stroke and a blob, values in [0, 1]. */
function digitLike(): Float32Array {
  const img = new Float32Array(28 * 28);
  for (let y = 5; y < 23; y++) for (let x = 12; x < 15; x++) img[y * 28 + x + (y >> 3)] = 1;
  for (let y = 6; y < 11; y++) for (let x = 15; x < 21; x++) img[y * 28 + x] = 0.6;
  return img;
}

describe.each(['onehot', 'fourier', 'morphology'] as LabelEncodingKind[])('%s labels', (kind) => {
  const img = digitLike();
  const encode = (label: number) => {
    const out = new Float32Array(784);
    labelEncoding(kind).apply(img, 0, label, out, 0);
    return out;
  };

  it('are deterministic and in [0, 1]', () => {
    for (let c = -1; c < 10; c++) {
      const a = encode(c);
      const b = encode(c);
      expect(Array.from(a)).toEqual(Array.from(b));
      expect(Math.min(...a)).toBeGreaterThanOrEqual(0);
      expect(Math.max(...a)).toBeLessThanOrEqual(1);
    }
  });

  it('give 10 pairwise distinct class patterns', () => {
    const outs = Array.from({ length: 10 }, (_, c) => encode(c));
    for (let a = 0; a < 10; a++)
      for (let b = a + 1; b < 10; b++) {
        let d = 0;
        for (let i = 0; i < 784; i++) d += Math.abs(outs[a]![i]! - outs[b]![i]!);
        expect(d / 784).toBeGreaterThan(kind === 'onehot' ? 1e-3 : 0.02);
      }
  });

  it('reject a label outside the classes', () => {
    expect(() => encode(10)).toThrow(SpecError);
  });
});

describe('spatial labels', () => {
  it('Fourier patterns are weakly correlated (|r| < 0.1 for every pair)', () => {
    const enc = fourierLabels();
    const pats = Array.from({ length: 10 }, (_, c) => enc.pattern(c));
    const centred = pats.map((p) => {
      const m = p.reduce((s, v) => s + v, 0) / p.length;
      return Array.from(p, (v) => v - m);
    });
    for (let a = 0; a < 10; a++)
      for (let b = a + 1; b < 10; b++) {
        let ab = 0;
        let aa = 0;
        let bb = 0;
        for (let i = 0; i < 784; i++) {
          ab += centred[a]![i]! * centred[b]![i]!;
          aa += centred[a]![i]! ** 2;
          bb += centred[b]![i]! ** 2;
        }
        expect(Math.abs(ab / Math.sqrt(aa * bb))).toBeLessThan(0.1);
      }
  });

  it('morphology labels transform the image itself (a blank image stays blank)', () => {
    const out = new Float32Array(784);
    morphologyLabels().apply(new Float32Array(784), 0, 3, out, 0);
    expect(Math.max(...out)).toBe(0);
  });

  it('wrong labels are uniform over the other classes and seeded', () => {
    const r = new SeededRandom(4);
    const counts = new Array(10).fill(0);
    for (let i = 0; i < 9000; i++) counts[wrongLabel(3, 10, r)]++;
    expect(counts[3]).toBe(0);
    for (let c = 0; c < 10; c++) if (c !== 3) expect(Math.abs(counts[c] - 1000)).toBeLessThan(150);
    const a = new SeededRandom(9);
    const b = new SeededRandom(9);
    for (let i = 0; i < 20; i++) expect(wrongLabel(i % 10, 10, a)).toBe(wrongLabel(i % 10, 10, b));
  });
});
