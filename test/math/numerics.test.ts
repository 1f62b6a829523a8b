import { describe, expect, it } from '@jest/globals';
import {
  SeededRandom,
  SpecError,
  cosine,
  fft,
  frequencyGain,
  minoritySignShare,
  zeroFrequencyRatio,
} from '../../src/index.js';
import { choleskyInPlace, choleskyWithJitter } from '../../src/math/cholesky.js';
import { inverseSqrtSymmetric } from '../../src/math/symmetric.js';
import { symmetricEigen } from '../../src/math/symmetricEigen.js';
import { gaussianBlur2d } from '../../src/stimuli/gaussianBlur.js';

describe('fft', () => {
  it('matches a direct DFT and inverts', () => {
    const r = new SeededRandom(1);
    const n = 64;
    const re = r.fillNormal(new Float64Array(n));
    const im = r.fillNormal(new Float64Array(n));
    const [r0, i0] = [re.slice(), im.slice()];
    fft(re, im);
    for (let k = 0; k < n; k += 7) {
      let sr = 0;
      let si = 0;
      for (let j = 0; j < n; j++) {
        const a = (-2 * Math.PI * j * k) / n;
        sr += r0[j]! * Math.cos(a) - i0[j]! * Math.sin(a);
        si += r0[j]! * Math.sin(a) + i0[j]! * Math.cos(a);
      }
      expect(re[k]).toBeCloseTo(sr, 10);
      expect(im[k]).toBeCloseTo(si, 10);
    }
    fft(re, im, true);
    for (let j = 0; j < n; j++) expect(re[j]! / n).toBeCloseTo(r0[j]!, 12);
    expect(() => fft(new Float64Array(6), new Float64Array(6))).toThrow(SpecError);
  });
});

describe('symmetric matrices', () => {
  it('inverse square root: X·C·X = I', () => {
    const r = new SeededRandom(2);
    const n = 8;
    const A = r.fillNormal(new Float64Array(n * n));
    const C = new Float64Array(n * n);
    for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) for (let k = 0; k < n; k++) C[i * n + j] += A[i * n + k]! * A[j * n + k]!;
    const X = inverseSqrtSymmetric(C, n);
    for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) {
      let s = 0;
      for (let a = 0; a < n; a++) for (let b = 0; b < n; b++) s += X[i * n + a]! * C[a * n + b]! * X[b * n + j]!;
      expect(s).toBeCloseTo(i === j ? 1 : 0, 8);
    }
  });

  it.each([1, 2, 5, 40])('symmetric eigen-decomposition of a random %i×%i matrix: A v = λ v, orthonormal, descending', (n) => {
    const r = new SeededRandom(10 + n);
    const A = r.fillNormal(new Float64Array(n * n));
    for (let i = 0; i < n; i++) for (let j = 0; j < i; j++) A[j * n + i] = A[i * n + j]!;
    const { values, vectors } = symmetricEigen(A, n);
    for (let k = 1; k < n; k++) expect(values[k]!).toBeLessThanOrEqual(values[k - 1]!);
    for (let k = 0; k < n; k++) {
      for (let i = 0; i < n; i++) {
        let s = 0;
        for (let j = 0; j < n; j++) s += A[i * n + j]! * vectors[k * n + j]!;
        expect(s).toBeCloseTo(values[k]! * vectors[k * n + i]!, 10);
      }
      for (let q = 0; q < n; q++) {
        let dot = 0;
        for (let j = 0; j < n; j++) dot += vectors[k * n + j]! * vectors[q * n + j]!;
        expect(dot).toBeCloseTo(k === q ? 1 : 0, 10);
      }
    }
  });

  it('symmetric eigen-decomposition handles repeated eigenvalues and diagonal input', () => {
    const { values, vectors } = symmetricEigen(Float64Array.from([2, 0, 0, 0, 3, 0, 0, 0, 2]), 3);
    expect(Array.from(values)).toEqual([3, 2, 2]);
    expect(Math.abs(vectors[1]!)).toBeCloseTo(1, 12);
  });

  it('Cholesky factors positive definite matrices and adds jitter only when needed', () => {
    const a = Float64Array.from([4, 2, 2, 3]);
    expect(choleskyInPlace(a, 2)).toBe(true);
    expect(Array.from(a)).toEqual([2, 0, 1, Math.sqrt(2)]);
    expect(choleskyInPlace(Float64Array.from([1, 2, 2, 1]), 2)).toBe(false);
    const singular = Float64Array.from([1, 1, 1, 1]);
    const { factor, jitter } = choleskyWithJitter(singular, 2);
    expect(jitter).toBeGreaterThan(0);
    expect(jitter).toBeLessThan(1e-6);
    expect(factor[0]).toBeCloseTo(1, 6);
  });
});

describe('filter shape measures', () => {
  it('zero-frequency ratio: 1 for a moving average, 0 for a difference', () => {
    expect(zeroFrequencyRatio([0.25, 0.25, 0.25, 0.25])).toBeCloseTo(1, 12);
    expect(zeroFrequencyRatio([1, -1])).toBeCloseTo(0, 12);
    const g = frequencyGain([1, -1], 3);
    expect(g[2]).toBeCloseTo(2, 12); // gain 2 at Nyquist
  });

  it('minority-sign share and cosine', () => {
    expect(minoritySignShare([3, 1, -1])).toBeCloseTo(0.2, 12);
    expect(minoritySignShare([1, 2])).toBe(0);
    expect(cosine([1, 0], [0, 2])).toBe(0);
    expect(cosine([1, 1], [2, 2])).toBeCloseTo(1, 12);
  });

  it('Gaussian blur keeps the mean and smooths an impulse', () => {
    const img = new Float64Array(21 * 21);
    img[10 * 21 + 10] = 1;
    const out = gaussianBlur2d(img, 21, 21, 1.5);
    const sum = out.reduce((s, v) => s + v, 0);
    expect(sum).toBeCloseTo(1, 10);
    expect(out[10 * 21 + 10]).toBeCloseTo(1 / (2 * Math.PI * 1.5 * 1.5), 2);
    expect(out[10 * 21 + 11]).toBeCloseTo(out[11 * 21 + 10]!, 12);
  });
});
