import { requirePositive } from '../core/errors.js';

/** Normalised Gaussian taps of standard deviation `sigma` (in samples), truncated at 4σ. */
export function gaussianTaps(sigma: number): Float64Array {
  requirePositive('gaussian.sigma', sigma);
  const r = Math.max(1, Math.ceil(4 * sigma));
  const taps = new Float64Array(2 * r + 1);
  let s = 0;
  for (let k = -r; k <= r; k++) {
    const v = Math.exp((-0.5 * k * k) / (sigma * sigma));
    taps[k + r] = v;
    s += v;
  }
  for (let k = 0; k < taps.length; k++) taps[k] = taps[k]! / s;
  return taps;
}

/**
 * Blur `n` samples read at `src[off + i·stride]` into `dst` (same layout) with a Gaussian,
 * reflecting at the ends (so edges keep their level).
 */
export function blurLine(src: Float64Array, dst: Float64Array, off: number, stride: number, n: number, taps: Float64Array): void {
  const r = (taps.length - 1) / 2;
  for (let i = 0; i < n; i++) {
    let acc = 0;
    for (let k = -r; k <= r; k++) {
      let j = i + k;
      // Reflect (…2 1 0 | 0 1 2…); repeat for taps wider than the line.
      while (j < 0 || j >= n) j = j < 0 ? -1 - j : 2 * n - 1 - j;
      acc += taps[k + r]! * src[off + j * stride]!;
    }
    dst[off + i * stride] = acc;
  }
}

/** Separable 2-D Gaussian blur of a row-major width×height image (σ in pixels). */
export function gaussianBlur2d(data: Float64Array, width: number, height: number, sigma: number): Float64Array {
  const taps = gaussianTaps(sigma);
  const tmp = new Float64Array(data.length);
  const out = new Float64Array(data.length);
  for (let y = 0; y < height; y++) blurLine(data, tmp, y * width, 1, width, taps);
  for (let x = 0; x < width; x++) blurLine(tmp, out, x, width, height, taps);
  return out;
}
