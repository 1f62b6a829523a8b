import { describe, expect, it } from '@jest/globals';
import { RESU_OU_EXAMPLE, SpecError, gaussianProcessSamples, gaussianProcessSeries, ouSeries, rationalQuadratic } from '../../src/index.js';

function autocov(x: Float64Array, lag: number): number {
  let m = 0;
  for (const v of x) m += v;
  m /= x.length;
  let s = 0;
  for (let t = lag; t < x.length; t++) s += (x[t]! - m) * (x[t - lag]! - m);
  return s / (x.length - lag);
}

describe('Ornstein–Uhlenbeck series', () => {
  it('AR(1): unit variance and lag-1 correlation a; same seed, same numbers', () => {
    const x = ouSeries({ length: 100_000, a: 0.8, seed: 1 });
    expect(autocov(x, 0)).toBeCloseTo(1, 1);
    expect(autocov(x, 1) / autocov(x, 0)).toBeCloseTo(0.8, 2);
    expect(ouSeries({ length: 50, a: 0.8, seed: 1 })).toEqual(x.subarray(0, 50));
    expect(ouSeries({ length: 50, a: 0.8, seed: 2 })).not.toEqual(x.subarray(0, 50));
  });

  it('adds white noise at a given std or SNR', () => {
    const clean = ouSeries({ length: 50_000, a: 0.9, seed: 3 });
    const noisy = ouSeries({ length: 50_000, a: 0.9, seed: 3, snr: 4 });
    let v = 0;
    for (let t = 0; t < clean.length; t++) v += (noisy[t]! - clean[t]!) ** 2;
    expect(v / clean.length / autocov(clean, 0)).toBeCloseTo(0.25, 2);
    expect(() => ouSeries({ length: 10, noiseStd: 1, snr: 2 })).toThrow(SpecError);
    expect(() => ouSeries({ length: 10, a: 1 })).toThrow(/stationary/);
  });

  it('the partially observed 3-D example oscillates (complex eigenvalues)', () => {
    const y = ouSeries({ length: 50_000, latent: RESU_OU_EXAMPLE, seed: 4 });
    // A rotation by 45° per step (eigenvalues 0.6 ± 0.6i): the autocovariance changes sign.
    const c = [1, 2, 3, 4, 5].map((l) => autocov(y, l));
    expect(Math.min(...c)).toBeLessThan(0);
    expect(() => ouSeries({ length: 10, latent: { A: [[0.5]], inputGains: [1, 2], readout: [1] } })).toThrow(/latent/);
  });
});

describe('Gaussian-process series (rational quadratic kernel)', () => {
  const kernel = rationalQuadratic({ lengthScale: 1, alpha: 1 });

  it('sample functions have the kernel as covariance', () => {
    const xs = gaussianProcessSamples({ kernel, step: 0.02, length: 200, count: 400, seed: 1 });
    for (const [i, j] of [[0, 0], [10, 60], [100, 199]] as const) {
      let s = 0;
      for (const x of xs) s += x[i]! * x[j]!;
      expect(s / xs.length).toBeCloseTo(kernel((j - i) * 0.02), 0);
      expect(Math.abs(s / xs.length - kernel((j - i) * 0.02))).toBeLessThan(0.2);
    }
  });

  it('long stationary series (circulant embedding) have the kernel as covariance', () => {
    const xs = Array.from({ length: 300 }, (_, k) => gaussianProcessSeries({ kernel, step: 0.02, length: 1000, seed: 100 + k }));
    for (const [i, j] of [[0, 0], [100, 150], [200, 350], [500, 999]] as const) {
      let s = 0;
      for (const x of xs) s += x[i]! * x[j]!;
      expect(Math.abs(s / xs.length - kernel((j - i) * 0.02))).toBeLessThan(0.2);
    }
    expect(gaussianProcessSeries({ kernel, length: 100, seed: 2 })).toEqual(gaussianProcessSeries({ kernel, length: 100, seed: 2 }));
  });

  it('rejects bad kernel parameters', () => {
    expect(() => rationalQuadratic({ lengthScale: 0 })).toThrow(/lengthScale/);
  });
});
