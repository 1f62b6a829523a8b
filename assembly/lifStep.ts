// The LIF membrane update of src/neurons/lif.ts (lifKernel) in WebAssembly SIMD, four units
// per iteration. Arithmetic is float64, in the cpu kernel's order, on values promoted from
// float32 and rounded back on store, so results are bit-identical to the cpu backend. The
// kernel also sums x·0 over every value it writes, which is 0 exactly when all are finite:
// the simulator's NaN check for this population then costs nothing extra.

/** Coefficient slots, as in lif.ts. */
const C_DRIVE = 0;
const C_R = 1;
const C_EM = 2;
const C_THRESH = 3;
const C_RESET = 4;
const C_A1 = 5;
const C_E1 = 6;
const C_A2 = 7;
const C_E2 = 8;

let finite: i32 = 1;

/** Whether every value the last lifStep wrote was finite. */
export function lifStepFinite(): i32 {
  return finite;
}

@inline function lo(x: v128): v128 {
  return f64x2.promote_low_f32x4(x);
}
@inline function hi(x: v128): v128 {
  return f64x2.promote_low_f32x4(i32x4.shuffle(x, x, 2, 3, 2, 3));
}
/** Two f64x2 halves → one f32x4 (round to nearest, as a Float32Array store). */
@inline function demote(a: v128, b: v128): v128 {
  return i32x4.shuffle(f32x4.demote_f64x2_zero(a), f32x4.demote_f64x2_zero(b), 0, 1, 4, 5);
}
/** Two f64x2 lane masks → one i32x4 mask. */
@inline function narrowMask(a: v128, b: v128): v128 {
  return i32x4.shuffle(a, b, 0, 2, 4, 6);
}

/**
 * v, ref, I, fired: pointers to n values; g1, g2, extra: pointers or 0 when absent;
 * coef: nine float64 coefficients. Returns the number of units that fired.
 */
export function lifStep(v: usize, ref: usize, I: usize, g1: usize, g2: usize, extra: usize, n: i32, coef: usize, refSteps: f32, fired: usize): i32 {
  const base = f64x2.splat(load<f64>(coef + (C_DRIVE << 3)));
  const R = f64x2.splat(load<f64>(coef + (C_R << 3)));
  const eM = f64x2.splat(load<f64>(coef + (C_EM << 3)));
  const thresh = f64x2.splat(load<f64>(coef + (C_THRESH << 3)));
  const reset = f32x4.splat(<f32>load<f64>(coef + (C_RESET << 3)));
  const a1 = f64x2.splat(load<f64>(coef + (C_A1 << 3)));
  const e1 = f64x2.splat(load<f64>(coef + (C_E1 << 3)));
  const a2 = f64x2.splat(load<f64>(coef + (C_A2 << 3)));
  const e2 = f64x2.splat(load<f64>(coef + (C_E2 << 3)));
  const refSet = f32x4.splat(refSteps);
  const one = f32x4.splat(1);
  const zero = f32x4.splat(0);
  let acc = f32x4.splat(0);
  let count = 0;
  const n4 = n & ~3;
  let k = 0;
  for (; k < n4; k += 4) {
    const o = <usize>k << 2;
    const s1 = g1 ? v128.load(g1 + o) : zero;
    const s2 = g2 ? v128.load(g2 + o) : zero;
    const s1l = lo(s1), s1h = hi(s1), s2l = lo(s2), s2h = hi(s2);
    if (g1) {
      const d = demote(f64x2.mul(s1l, e1), f64x2.mul(s1h, e1));
      v128.store(g1 + o, d);
      acc = f32x4.add(acc, f32x4.mul(d, zero));
    }
    if (g2) {
      const d = demote(f64x2.mul(s2l, e2), f64x2.mul(s2h, e2));
      v128.store(g2 + o, d);
      acc = f32x4.add(acc, f32x4.mul(d, zero));
    }
    const r = v128.load(ref + o);
    const refractory = f32x4.gt(r, zero);
    const i = v128.load(I + o);
    const vOld = v128.load(v + o);
    const infL = f64x2.add(base, f64x2.mul(R, lo(i)));
    const infH = f64x2.add(base, f64x2.mul(R, hi(i)));
    let nL = f64x2.add(f64x2.add(f64x2.add(infL, f64x2.mul(f64x2.sub(lo(vOld), infL), eM)), f64x2.mul(s1l, a1)), f64x2.mul(s2l, a2));
    let nH = f64x2.add(f64x2.add(f64x2.add(infH, f64x2.mul(f64x2.sub(hi(vOld), infH), eM)), f64x2.mul(s1h, a1)), f64x2.mul(s2h, a2));
    if (extra) {
      const x = v128.load(extra + o);
      nL = f64x2.add(nL, lo(x));
      nH = f64x2.add(nH, hi(x));
    }
    const fire = v128.andnot(narrowMask(f64x2.gt(nL, thresh), f64x2.gt(nH, thresh)), refractory);
    const vNew = v128.bitselect(reset, demote(nL, nH), v128.or(fire, refractory));
    const rNew = v128.bitselect(f32x4.sub(r, one), v128.bitselect(refSet, r, fire), refractory);
    v128.store(v + o, vNew);
    v128.store(ref + o, rNew);
    acc = f32x4.add(acc, f32x4.add(f32x4.mul(vNew, zero), f32x4.mul(rNew, zero)));
    let bits = i32x4.bitmask(fire);
    while (bits) {
      const lane = ctz(bits);
      store<i32>(fired + (<usize>count << 2), k + lane);
      count++;
      bits &= bits - 1;
    }
  }
  let tail: f32 = 0;
  for (; k < n; k++) {
    const o = <usize>k << 2;
    const s1: f64 = g1 ? <f64>load<f32>(g1 + o) : 0;
    const s2: f64 = g2 ? <f64>load<f32>(g2 + o) : 0;
    if (g1) {
      const d = <f32>(s1 * load<f64>(coef + (C_E1 << 3)));
      store<f32>(g1 + o, d);
      tail += d * 0;
    }
    if (g2) {
      const d = <f32>(s2 * load<f64>(coef + (C_E2 << 3)));
      store<f32>(g2 + o, d);
      tail += d * 0;
    }
    const r = load<f32>(ref + o);
    const vReset = <f32>load<f64>(coef + (C_RESET << 3));
    if (r > 0) {
      store<f32>(ref + o, r - 1);
      store<f32>(v + o, vReset);
      tail += (r - 1) * 0;
      continue;
    }
    const vInf = load<f64>(coef + (C_DRIVE << 3)) + load<f64>(coef + (C_R << 3)) * <f64>load<f32>(I + o);
    let vNew = vInf + (<f64>load<f32>(v + o) - vInf) * load<f64>(coef + (C_EM << 3)) + s1 * load<f64>(coef + (C_A1 << 3)) + s2 * load<f64>(coef + (C_A2 << 3));
    if (extra) vNew += <f64>load<f32>(extra + o);
    if (vNew > load<f64>(coef + (C_THRESH << 3))) {
      store<f32>(v + o, vReset);
      store<f32>(ref + o, refSteps);
      store<i32>(fired + (<usize>count << 2), k);
      count++;
    } else {
      const vf = <f32>vNew;
      store<f32>(v + o, vf);
      tail += vf * 0;
    }
  }
  const sum = f32x4.extract_lane(acc, 0) + f32x4.extract_lane(acc, 1) + f32x4.extract_lane(acc, 2) + f32x4.extract_lane(acc, 3) + tail;
  finite = sum == 0 ? 1 : 0;
  return count;
}
