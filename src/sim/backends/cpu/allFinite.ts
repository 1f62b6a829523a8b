/** `state.allFinite`: whether every value of a state array is finite (no NaN, no ±Inf). */
export type AllFiniteKernel = (a: Float32Array) => boolean;

/**
 * x·0 is 0 for finite x and NaN for NaN or ±Inf, so a sum of them is 0 exactly when all
 * are finite. Four partial sums keep the adds independent, which roughly quadruples the
 * speed of this scan.
 */
export const allFinite: AllFiniteKernel = (a) => {
  let s0 = 0;
  let s1 = 0;
  let s2 = 0;
  let s3 = 0;
  const n4 = a.length - (a.length % 4);
  for (let k = 0; k < n4; k += 4) {
    s0 += a[k]! * 0;
    s1 += a[k + 1]! * 0;
    s2 += a[k + 2]! * 0;
    s3 += a[k + 3]! * 0;
  }
  for (let k = n4; k < a.length; k++) s0 += a[k]! * 0;
  return s0 + s1 + s2 + s3 === 0;
};
