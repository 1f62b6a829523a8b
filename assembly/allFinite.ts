// Whether n float32 values are all finite: x·0 is 0 for finite x and NaN for NaN or ±Inf,
// so the sum of x·0 is 0 exactly when every value is finite. Two f32x4 accumulators keep
// the adds independent.

export function allFinite(a: usize, n: i32): i32 {
  const zero = f32x4.splat(0);
  let s0 = f32x4.splat(0);
  let s1 = f32x4.splat(0);
  const n8 = n & ~7;
  let k = 0;
  for (; k < n8; k += 8) {
    const p = a + (<usize>k << 2);
    s0 = f32x4.add(s0, f32x4.mul(v128.load(p), zero));
    s1 = f32x4.add(s1, f32x4.mul(v128.load(p, 16), zero));
  }
  const s = f32x4.add(s0, s1);
  let t: f32 = f32x4.extract_lane(s, 0) + f32x4.extract_lane(s, 1) + f32x4.extract_lane(s, 2) + f32x4.extract_lane(s, 3);
  for (; k < n; k++) t += load<f32>(a + (<usize>k << 2)) * 0;
  return t == 0 ? 1 : 0;
}
