import { SpecError } from '../core/errors.js';

/** Direction tuning from responses at several directions of motion, as flyvis measures it. */
export interface VectorSelectivity {
  /** |Σ r(θ) e^{iθ}| / Σ r(θ): 0 = untuned, 1 = responds to one direction only. */
  readonly dsi: number;
  /** Preferred direction: the angle of Σ r(θ) e^{iθ}, degrees in [0, 360). */
  readonly pd: number;
  /** (R_pd − R_nd)/(R_pd + R_nd), R_pd at the tested direction nearest `pd`, R_nd opposite it. */
  readonly twoDirection: number;
  /** The tested directions used as preferred and null. */
  readonly pdTested: number;
  /** The tested direction opposite `pdTested`, degrees. */
  readonly ndTested: number;
}

/** Signed difference a − b of two angles in degrees, in (−180, 180]. */
export function angleDifference(a: number, b: number): number {
  const d = (((a - b) % 360) + 360) % 360;
  return d > 180 ? d - 360 : d;
}

/**
 * Vector-sum direction selectivity over directions θ_k (degrees) with non-negative
 * responses r_k (e.g. mean rectified outputs). The two-direction index compares the tested
 * direction closest to the vector's angle with the tested direction opposite it, which
 * must be in the list (use evenly spaced directions). All-zero responses give dsi 0, pd NaN.
 */
export function vectorSelectivity(directionsDeg: readonly number[], responses: readonly number[]): VectorSelectivity {
  if (directionsDeg.length !== responses.length) {
    throw new SpecError('vectorSelectivity.responses', `${responses.length} responses for ${directionsDeg.length} directions`);
  }
  if (directionsDeg.length < 2) throw new SpecError('vectorSelectivity.directions', 'needs at least two directions');
  let sx = 0;
  let sy = 0;
  let sum = 0;
  responses.forEach((r, k) => {
    if (!(r >= 0)) throw new SpecError(`vectorSelectivity.responses[${k}]`, `must be a number ≥ 0 (rectified), got ${r}`);
    const a = (directionsDeg[k]! * Math.PI) / 180;
    sx += r * Math.cos(a);
    sy += r * Math.sin(a);
    sum += r;
  });
  if (sum === 0) return { dsi: 0, pd: Number.NaN, twoDirection: 0, pdTested: Number.NaN, ndTested: Number.NaN };
  const pd = (((Math.atan2(sy, sx) * 180) / Math.PI) % 360 + 360) % 360;
  const nearest = (target: number) => {
    let best = 0;
    directionsDeg.forEach((d, k) => {
      if (Math.abs(angleDifference(d, target)) < Math.abs(angleDifference(directionsDeg[best]!, target))) best = k;
    });
    return best;
  };
  const ip = nearest(pd);
  const inull = nearest(directionsDeg[ip]! + 180);
  if (Math.abs(angleDifference(directionsDeg[inull]!, directionsDeg[ip]! + 180)) > 1e-6) {
    throw new SpecError('vectorSelectivity.directions', `no tested direction opposite ${directionsDeg[ip]}°; use evenly spaced directions`);
  }
  const rp = responses[ip]!;
  const rn = responses[inull]!;
  return {
    dsi: Math.hypot(sx, sy) / sum,
    pd,
    twoDirection: rp + rn > 0 ? (rp - rn) / (rp + rn) : 0,
    pdTested: directionsDeg[ip]!,
    ndTested: directionsDeg[inull]!,
  };
}

/** n evenly spaced directions from 0°: 12 gives flyvis's 0°, 30°, …, 330°. */
export function evenDirections(n = 12): number[] {
  return Array.from({ length: n }, (_, k) => (360 * k) / n);
}

/**
 * The direction of a population vector Σ_k r_k e^{iθ_k} (degrees in [0, 360)), e.g. the
 * decoded direction of motion from subtypes with cardinal preferred directions θ_k; NaN if
 * the vector is zero.
 */
export function populationVector(
  preferredDeg: readonly number[],
  responses: readonly number[],
): {
  /** Direction of the summed vector r·e^{iθ}, degrees in [0, 360) (NaN when it has no length). */
  angle: number;
  /** Its length. */
  length: number;
} {
  if (preferredDeg.length !== responses.length) throw new SpecError('populationVector.responses', `${responses.length} responses for ${preferredDeg.length} directions`);
  let sx = 0;
  let sy = 0;
  let total = 0;
  responses.forEach((r, k) => {
    const a = (preferredDeg[k]! * Math.PI) / 180;
    sx += r * Math.cos(a);
    sy += r * Math.sin(a);
    total += Math.abs(r);
  });
  const length = Math.hypot(sx, sy);
  // Cancellation leaves rounding noise (cos 180° ≠ −1 exactly): that is a zero vector.
  return { angle: length > 1e-12 * total ? (((Math.atan2(sy, sx) * 180) / Math.PI) % 360 + 360) % 360 : Number.NaN, length };
}
