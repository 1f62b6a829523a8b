import { SpecError, requireFinite } from '../core/errors.js';
import type { SeededRandom } from '../core/random.js';

/** Additive white observation noise: an absolute std, or a signal-to-noise power ratio. */
export interface NoiseLevel {
  /** Standard deviation of the added Gaussian white noise. */
  noiseStd?: number;
  /** Signal variance / noise variance (used when `noiseStd` is not given). */
  snr?: number;
}

/** The noise std a `NoiseLevel` asks for, given the clean signal's variance. */
export function noiseStdOf(level: NoiseLevel, signalVariance: number, field = 'noise'): number {
  if (level.noiseStd !== undefined) {
    const s = requireFinite(`${field}.noiseStd`, level.noiseStd);
    if (s < 0) throw new SpecError(`${field}.noiseStd`, `must be ≥ 0, got ${s}`);
    if (level.snr !== undefined) throw new SpecError(`${field}.snr`, 'give noiseStd or snr, not both');
    return s;
  }
  if (level.snr !== undefined) {
    const snr = requireFinite(`${field}.snr`, level.snr);
    if (snr <= 0) throw new SpecError(`${field}.snr`, `must be > 0, got ${snr}`);
    return Math.sqrt(signalVariance / snr);
  }
  return 0;
}

/** Add Gaussian white noise of standard deviation `std` in place. */
export function addWhiteNoise<T extends Float64Array | Float32Array>(x: T, std: number, random: SeededRandom): T {
  if (std > 0) for (let i = 0; i < x.length; i++) x[i] = x[i]! + std * random.normal();
  return x;
}
