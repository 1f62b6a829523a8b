/**
 * Gain |Σ_j w_j e^{−iωj}| of a filter at `points` frequencies ω evenly spaced over
 * [0, π] (radians per sample); index 0 is zero frequency.
 */
export function frequencyGain(w: ArrayLike<number>, points = 256): Float64Array {
  const out = new Float64Array(points);
  for (let f = 0; f < points; f++) {
    const omega = (Math.PI * f) / (points - 1);
    let re = 0;
    let im = 0;
    for (let j = 0; j < w.length; j++) {
      re += w[j]! * Math.cos(omega * j);
      im -= w[j]! * Math.sin(omega * j);
    }
    out[f] = Math.hypot(re, im);
  }
  return out;
}

/** Gain at zero frequency divided by the peak gain: ≈ 1 for a low-pass filter, ≈ 0 for a derivative. */
export function zeroFrequencyRatio(w: ArrayLike<number>, points = 512): number {
  const g = frequencyGain(w, points);
  let peak = 0;
  for (const v of g) peak = Math.max(peak, v);
  return peak > 0 ? g[0]! / peak : 0;
}

/** Σ|w| over the filter's weaker sign / Σ|w|: 0 for a single-signed filter, up to ½. */
export function minoritySignShare(w: ArrayLike<number>): number {
  let pos = 0;
  let neg = 0;
  for (let j = 0; j < w.length; j++) {
    if (w[j]! > 0) pos += w[j]!;
    else neg -= w[j]!;
  }
  const total = pos + neg;
  return total > 0 ? Math.min(pos, neg) / total : 0;
}

/** Cosine of the angle between two filters. */
export function cosine(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let ab = 0;
  let aa = 0;
  let bb = 0;
  for (let j = 0; j < a.length; j++) {
    ab += a[j]! * b[j]!;
    aa += a[j]! * a[j]!;
    bb += b[j]! * b[j]!;
  }
  return aa > 0 && bb > 0 ? ab / Math.sqrt(aa * bb) : 0;
}
