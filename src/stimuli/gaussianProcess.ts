import { choleskyWithJitter } from '../math/cholesky.js';
import { fft, nextPow2 } from '../math/fft.js';
import { SpecError, requirePositive, requirePositiveInt } from '../core/errors.js';
import { SeededRandom } from '../core/random.js';
import { addWhiteNoise, noiseStdOf, type NoiseLevel } from './noise.js';

// Module-level alias: kernels are evaluated n² times, and global lookups are slow in some hosts (vm contexts).
const pow = Math.pow;

/** A stationary covariance kernel k(d) of the time difference d. */
export type StationaryKernel = (d: number) => number;

/**
 * Rational quadratic kernel k(d) = variance · (1 + d² / (2αl²))^(−α): a scale mixture of
 * squared exponentials whose correlations decay as a power law, like natural-image contrast.
 */
export function rationalQuadratic(options: { lengthScale?: number; alpha?: number; variance?: number } = {}): StationaryKernel {
  const l = requirePositive('rationalQuadratic.lengthScale', options.lengthScale ?? 1);
  const alpha = requirePositive('rationalQuadratic.alpha', options.alpha ?? 1);
  const variance = requirePositive('rationalQuadratic.variance', options.variance ?? 1);
  return (d: number) => variance * pow(1 + (d * d) / (2 * alpha * l * l), -alpha);
}

export interface GaussianProcessOptions extends NoiseLevel {
  /** The covariance as a function of the time difference. */
  kernel: StationaryKernel;
  /** Grid step between samples, in the kernel's time unit (default 0.02). */
  step?: number;
  /** Samples per series (default 1000). */
  length?: number;
  /** Seed of the samples (default 0). */
  seed?: number;
}

/**
 * Independent sample functions of a zero-mean GP on an equispaced grid (exact: Cholesky of
 * the n×n covariance, with the smallest diagonal jitter that makes it succeed), each with
 * its own white observation noise. The ReSU reference: RQ kernel l = α = 1, step 0.02,
 * 1000 points, 200 functions.
 */
export function gaussianProcessSamples(options: GaussianProcessOptions & { count?: number }): Float64Array[] {
  const n = requirePositiveInt('gaussianProcessSamples.length', options.length ?? 1000);
  const count = requirePositiveInt('gaussianProcessSamples.count', options.count ?? 1);
  const step = requirePositive('gaussianProcessSamples.step', options.step ?? 0.02);
  const K = new Float64Array(n * n);
  for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) K[i * n + j] = options.kernel((i - j) * step);
  const { factor: Lf } = choleskyWithJitter(K, n);
  const noise = noiseStdOf(options, options.kernel(0), 'gaussianProcessSamples');
  const random = new SeededRandom(options.seed ?? 0, 'gaussianProcessSamples');
  const xi = new Float64Array(n);
  const out: Float64Array[] = [];
  for (let s = 0; s < count; s++) {
    random.fillNormal(xi);
    const x = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      let acc = 0;
      const row = i * n;
      for (let k = 0; k <= i; k++) acc += Lf[row + k]! * xi[k]!;
      x[i] = acc;
    }
    out.push(x);
  }
  const noiseRandom = random.fork('noise');
  for (const x of out) addWhiteNoise(x, noise, noiseRandom);
  return out;
}

/**
 * One long stationary GP series by circulant embedding: the kernel on a circle of 2n (or
 * more) points has a real spectrum (FFT); colouring white noise with its square root gives
 * a periodic GP whose first n samples have the kernel's covariance up to the small negative
 * eigenvalues clipped to zero. O(n log n), for streams far longer than Cholesky allows.
 */
export function gaussianProcessSeries(options: GaussianProcessOptions): Float64Array {
  const n = requirePositiveInt('gaussianProcessSeries.length', options.length ?? 1000);
  const step = requirePositive('gaussianProcessSeries.step', options.step ?? 0.02);
  const M = nextPow2(2 * n);
  const re = new Float64Array(M);
  const im = new Float64Array(M);
  for (let j = 0; j < M; j++) re[j] = options.kernel(Math.min(j, M - j) * step);
  fft(re, im);
  const amp = new Float64Array(M);
  for (let j = 0; j < M; j++) amp[j] = Math.sqrt(Math.max(0, re[j]!) / M);
  const random = new SeededRandom(options.seed ?? 0, 'gaussianProcessSeries');
  for (let j = 0; j < M; j++) {
    re[j] = amp[j]! * random.normal();
    im[j] = amp[j]! * random.normal();
  }
  fft(re, im);
  if (!re.every(Number.isFinite)) throw new SpecError('gaussianProcessSeries.kernel', 'produced a non-finite spectrum');
  const x = re.slice(0, n);
  return addWhiteNoise(x, noiseStdOf(options, options.kernel(0), 'gaussianProcessSeries'), random.fork('noise'));
}
