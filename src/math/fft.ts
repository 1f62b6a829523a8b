import { SpecError } from '../core/errors.js';

/**
 * In-place radix-2 complex FFT of (re, im), length a power of two.
 * `inverse` computes the unnormalised inverse transform (divide by n yourself).
 */
export function fft(re: Float64Array, im: Float64Array, inverse = false): void {
  const n = re.length;
  if (im.length !== n) throw new SpecError('fft.im', `length ${im.length} differs from re (${n})`);
  if (n === 0 || (n & (n - 1)) !== 0) throw new SpecError('fft.re', `length must be a power of two, got ${n}`);
  // Bit-reversal permutation.
  for (let i = 1, j = 0; i < n; i++) {
    let bit = n >> 1;
    for (; j & bit; bit >>= 1) j ^= bit;
    j ^= bit;
    if (i < j) {
      let t = re[i]!;
      re[i] = re[j]!;
      re[j] = t;
      t = im[i]!;
      im[i] = im[j]!;
      im[j] = t;
    }
  }
  // Twiddles from a table (a running product would drift for long transforms).
  const [cosT, sinT] = twiddles(n);
  const sign = inverse ? -1 : 1;
  for (let size = 2; size <= n; size <<= 1) {
    const half = size >> 1;
    const stride = n / size;
    for (let start = 0; start < n; start += size) {
      for (let k = 0; k < half; k++) {
        const cr = cosT[k * stride]!;
        const ci = sign * sinT[k * stride]!;
        const a = start + k;
        const b = a + half;
        const tr = re[b]! * cr - im[b]! * ci;
        const ti = re[b]! * ci + im[b]! * cr;
        re[b] = re[a]! - tr;
        im[b] = im[a]! - ti;
        re[a] = re[a]! + tr;
        im[a] = im[a]! + ti;
      }
    }
  }
}

const tables = new Map<number, [Float64Array, Float64Array]>();

/** cos and −sin of 2πk/n for k < n/2, computed once per size. */
function twiddles(n: number): [Float64Array, Float64Array] {
  let t = tables.get(n);
  if (!t) {
    const half = n >> 1;
    t = [new Float64Array(half), new Float64Array(half)];
    for (let k = 0; k < half; k++) {
      t[0][k] = Math.cos((2 * Math.PI * k) / n);
      t[1][k] = -Math.sin((2 * Math.PI * k) / n);
    }
    if (tables.size > 32) tables.clear();
    tables.set(n, t);
  }
  return t;
}

/** Smallest power of two ≥ n. */
export function nextPow2(n: number): number {
  let p = 1;
  while (p < n) p <<= 1;
  return p;
}
