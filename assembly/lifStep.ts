// The LIF membrane update of src/neurons/lif.ts (lifKernel) in WebAssembly SIMD, in float32
// throughout: four units per instruction, eight per iteration (two independent blocks keep
// the adders busy: ~20 % faster than one), no promotion to float64 and back — about twice
// the speed of the float64 kernel this replaced. It computes the cpu kernel's expression in
// the cpu kernel's order with the coefficients rounded to float32 once a call, so a stored
// value differs from the cpu backend's (float64 intermediates, one rounding on store) by a
// few float32 roundings of its terms: the bound test/sim/backends/wasmLifBound.test.ts holds
// one step to, and the parity suite states for whole runs.
//
// Subnormals: WebAssembly has no flush-to-zero, and a float32 subnormal costs ~100× an
// ordinary multiply on x86. A synaptic variable with no input decays geometrically into that
// range (and v does when its resting drive is 0), so every `flush` call also zeroes |x| < 2⁻¹⁰⁰
// in what it writes; the caller makes such a call often enough that nothing decays from
// 2⁻¹⁰⁰ to 2⁻¹²⁶ in between (src/sim/backends/wasm/lifStep.ts). Zeroing moves a value by
// under 10⁻³⁰.
//
// It also adds every value it writes into one sum whose x·0 is 0 exactly when all were
// finite (a finite sum that overflows only sends the simulator to its own scan), so the
// simulator's NaN check for this population costs nothing extra.

/** Coefficient slots, as in lif.ts (float64, rounded to float32 here). */
const C_DRIVE = 0;
const C_R = 1;
const C_EM = 2;
const C_THRESH = 3;
const C_RESET = 4;
const C_A1 = 5;
const C_E1 = 6;
const C_A2 = 7;
const C_E2 = 8;

/** Below this magnitude a `flush` call writes zero (2⁻¹⁰⁰). */
const TINY: f32 = 7.888609052210118e-31;

let finite: i32 = 1;
/** Whether every value the last lifStep wrote was finite. */
export function lifStepFinite(): i32 {
  return finite;
}

@inline function coef32(coef: usize, slot: i32): f32 {
  return <f32>load<f64>(coef + (<usize>slot << 3));
}

// The kernel is compiled twice, with and without the flush: a type argument selects the copy
// at compile time (a bool argument was merged into one loop with a runtime select).
type FlushTiny = u8;
type KeepTiny = u16;

/** x with |x| < TINY replaced by 0 in the FlushTiny copy; x in the other. */
@inline function tidy<M>(x: v128): v128 {
  if (sizeof<M>() == sizeof<FlushTiny>()) return v128.andnot(x, f32x4.lt(f32x4.abs(x), f32x4.splat(TINY)));
  return x;
}

@inline function tidy1<M>(x: f32): f32 {
  if (sizeof<M>() == sizeof<FlushTiny>()) return Mathf.abs(x) < TINY ? 0 : x;
  return x;
}

function run<M>(v: usize, ref: usize, I: usize, g1: usize, g2: usize, extra: usize, n: i32, coef: usize, refSteps: f32, fired: usize): i32 {
  const baseS = coef32(coef, C_DRIVE);
  const RS = coef32(coef, C_R);
  const eMS = coef32(coef, C_EM);
  const threshS = coef32(coef, C_THRESH);
  const resetS = coef32(coef, C_RESET);
  const a1S = coef32(coef, C_A1);
  const e1S = coef32(coef, C_E1);
  const a2S = coef32(coef, C_A2);
  const e2S = coef32(coef, C_E2);
  const base = f32x4.splat(baseS);
  const R = f32x4.splat(RS);
  const eM = f32x4.splat(eMS);
  const thresh = f32x4.splat(threshS);
  const reset = f32x4.splat(resetS);
  const a1 = f32x4.splat(a1S);
  const e1 = f32x4.splat(e1S);
  const a2 = f32x4.splat(a2S);
  const e2 = f32x4.splat(e2S);
  const refSet = f32x4.splat(refSteps);
  const zero = f32x4.splat(0);
  const one = f32x4.splat(1);
  let acc = f32x4.splat(0);
  let count = 0;
  const n8 = n & ~7;
  let k = 0;
  for (; k < n8; k += 8) {
    // two blocks of four units (L: k…k+3, H: k+4…k+7), written out so their chains interleave
    const oL = <usize>k << 2;
    const oH = oL + 16;
    const rL = v128.load(ref + oL);
    const rH = v128.load(ref + oH);
    const infL = I ? f32x4.add(base, f32x4.mul(R, v128.load(I + oL))) : base;
    const infH = I ? f32x4.add(base, f32x4.mul(R, v128.load(I + oH))) : base;
    let nL = f32x4.add(infL, f32x4.mul(f32x4.sub(v128.load(v + oL), infL), eM));
    let nH = f32x4.add(infH, f32x4.mul(f32x4.sub(v128.load(v + oH), infH), eM));
    if (g1) {
      const sL = v128.load(g1 + oL);
      const sH = v128.load(g1 + oH);
      nL = f32x4.add(nL, f32x4.mul(sL, a1));
      nH = f32x4.add(nH, f32x4.mul(sH, a1));
      const dL = tidy<M>(f32x4.mul(sL, e1));
      const dH = tidy<M>(f32x4.mul(sH, e1));
      v128.store(g1 + oL, dL);
      v128.store(g1 + oH, dH);
      acc = f32x4.add(acc, f32x4.add(dL, dH));
    }
    if (g2) {
      const sL = v128.load(g2 + oL);
      const sH = v128.load(g2 + oH);
      nL = f32x4.add(nL, f32x4.mul(sL, a2));
      nH = f32x4.add(nH, f32x4.mul(sH, a2));
      const dL = tidy<M>(f32x4.mul(sL, e2));
      const dH = tidy<M>(f32x4.mul(sH, e2));
      v128.store(g2 + oL, dL);
      v128.store(g2 + oH, dH);
      acc = f32x4.add(acc, f32x4.add(dL, dH));
    }
    if (extra) {
      nL = f32x4.add(nL, v128.load(extra + oL));
      nH = f32x4.add(nH, v128.load(extra + oH));
    }
    const refL = f32x4.gt(rL, zero);
    const refH = f32x4.gt(rH, zero);
    const fireL = v128.andnot(f32x4.gt(nL, thresh), refL);
    const fireH = v128.andnot(f32x4.gt(nH, thresh), refH);
    const vL = v128.bitselect(reset, tidy<M>(nL), v128.or(fireL, refL));
    const vH = v128.bitselect(reset, tidy<M>(nH), v128.or(fireH, refH));
    const qL = v128.bitselect(f32x4.sub(rL, one), v128.bitselect(refSet, rL, fireL), refL);
    const qH = v128.bitselect(f32x4.sub(rH, one), v128.bitselect(refSet, rH, fireH), refH);
    v128.store(v + oL, vL);
    v128.store(v + oH, vH);
    v128.store(ref + oL, qL);
    v128.store(ref + oH, qH);
    acc = f32x4.add(acc, f32x4.add(f32x4.add(vL, qL), f32x4.add(vH, qH)));
    let bits = i32x4.bitmask(fireL) | (i32x4.bitmask(fireH) << 4);
    while (bits) {
      store<i32>(fired + (<usize>count << 2), k + ctz(bits));
      count++;
      bits &= bits - 1;
    }
  }
  let tail: f32 = 0;
  for (; k < n; k++) {
    const o = <usize>k << 2;
    const s1: f32 = g1 ? load<f32>(g1 + o) : 0;
    const s2: f32 = g2 ? load<f32>(g2 + o) : 0;
    if (g1) {
      const d = tidy1<M>(s1 * e1S);
      store<f32>(g1 + o, d);
      tail += d;
    }
    if (g2) {
      const d = tidy1<M>(s2 * e2S);
      store<f32>(g2 + o, d);
      tail += d;
    }
    const r = load<f32>(ref + o);
    if (r > 0) {
      store<f32>(ref + o, r - 1);
      store<f32>(v + o, resetS);
      tail += r - 1;
      continue;
    }
    const vInf = I ? baseS + RS * load<f32>(I + o) : baseS;
    let vNew = vInf + (load<f32>(v + o) - vInf) * eMS;
    if (g1) vNew += s1 * a1S;
    if (g2) vNew += s2 * a2S;
    if (extra) vNew += load<f32>(extra + o);
    if (vNew > threshS) {
      store<f32>(v + o, resetS);
      store<f32>(ref + o, refSteps);
      store<i32>(fired + (<usize>count << 2), k);
      count++;
    } else {
      const vOut = tidy1<M>(vNew);
      store<f32>(v + o, vOut);
      tail += vOut;
    }
  }
  const sum = f32x4.extract_lane(acc, 0) + f32x4.extract_lane(acc, 1) + f32x4.extract_lane(acc, 2) + f32x4.extract_lane(acc, 3) + tail;
  finite = sum * 0 == 0 ? 1 : 0;
  return count;
}

/**
 * v, ref, fired: pointers to n values; I, g1, g2, extra: pointers, or 0 when absent (an I
 * no projection writes is 0 every step: the kernel then skips reading it);
 * coef: nine float64 coefficients; flush: 1 to zero tiny values this call (see above).
 * Returns the number of units that fired.
 */
export function lifStep(v: usize, ref: usize, I: usize, g1: usize, g2: usize, extra: usize, n: i32, coef: usize, refSteps: f32, fired: usize, flush: i32): i32 {
  return flush
    ? run<FlushTiny>(v, ref, I, g1, g2, extra, n, coef, refSteps, fired)
    : run<KeepTiny>(v, ref, I, g1, g2, extra, n, coef, refSteps, fired);
}
