// The ReSU step of src/neurons/resu.ts in WebAssembly. Per unit: shift each channel's lag
// vector one place older and put the new sample at lag 0, project the lag vector on the k
// filters (z_i = w_i·p − bias_i), rectify into the outputs. Two filters share one f64x2
// (lane = filter), so each z is summed in float64 over j = 0 … width−1 in the cpu kernel's
// order on float32 values promoted exactly: results are bit-identical to the cpu backend.
// The shift is fused into the first filter pair's pass (read old, write new, use new), four
// lags at a time (one 128-bit load and store per unit, the samples promoted two by two), and
// four units run side by side so four independent sums keep the float64 adders busy.
//
// One or two filters (the fly's lamina and detectors) put units in the lanes instead
// (`unitsInLanes`): lane = unit, four units at a time, so a sample is promoted once for both
// filters and no lane is a splat of one sample; each z is still one float64 sum per unit in
// the same order. The caller then writes the filters splatted: (j) → [w_1[j], w_1[j], w_2[j], w_2[j]].
//
// Scratch the caller fills every step (the model's parameters live in JS and rules change
// them in place): `wp` the filters as pairs, (pair q, j) → [w_2q[j], w_2q+1[j]] (lane 1 is 0
// for an odd k); `negBias` −bias in the same pairs; `theta` one float64 per output; `ptrs`
// int32 byte offsets: C input channels, k z arrays, nOut output arrays, then nOut
// component indices (0-based) and nOut modes (0 linear, 1 on, 2 off).

@inline function fma2(acc: v128, w: v128, x: f32): v128 {
  return f64x2.add(acc, f64x2.mul(w, f64x2.splat(<f64>x)));
}

/** Four terms in order: acc + w0·n[0] + w1·n[1] + w2·n[2] + w3·n[3], each product and sum rounded in float64. */
@inline function fma4(acc: v128, w0: v128, w1: v128, w2: v128, w3: v128, n: v128): v128 {
  const lo = f64x2.promote_low_f32x4(n);
  const hi = f64x2.promote_low_f32x4(v128.shuffle<f32>(n, n, 2, 3, 2, 3));
  acc = f64x2.add(acc, f64x2.mul(w0, v128.shuffle<f64>(lo, lo, 0, 0)));
  acc = f64x2.add(acc, f64x2.mul(w1, v128.shuffle<f64>(lo, lo, 1, 1)));
  acc = f64x2.add(acc, f64x2.mul(w2, v128.shuffle<f64>(hi, hi, 0, 0)));
  return f64x2.add(acc, f64x2.mul(w3, v128.shuffle<f64>(hi, hi, 1, 1)));
}

/** Store the two lanes of a filter pair's sums as z of unit `uo` (lane 1 only when that filter exists). */
@inline function storePair(zPtrs: usize, q: i32, k: i32, uo: usize, a: v128): void {
  store<f32>(load<u32>(zPtrs + (<usize>(2 * q) << 2)) + uo, <f32>f64x2.extract_lane(a, 0));
  if (2 * q + 1 < k) store<f32>(load<u32>(zPtrs + (<usize>(2 * q + 1) << 2)) + uo, <f32>f64x2.extract_lane(a, 1));
}

export function resuStep(lag: usize, n: i32, C: i32, m: i32, k: i32, nOut: i32, wp: usize, negBias: usize, theta: usize, ptrs: usize): void {
  const width = C * m;
  const zPtrs = ptrs + (<usize>C << 2);
  const outPtrs = zPtrs + (<usize>k << 2);
  const comps = outPtrs + (<usize>nOut << 2);
  const modes = comps + (<usize>nOut << 2);
  const pairs = (k + 1) >> 1;
  const rowBytes = <usize>width << 4;
  const stride = <usize>width << 2;
  // Inlined twice, so `two` is a constant in each copy.
  if (k == 2) {
    unitsInLanes(lag, n, C, m, nOut, wp, negBias, theta, ptrs, true);
    return;
  }
  if (k == 1) {
    unitsInLanes(lag, n, C, m, nOut, wp, negBias, theta, ptrs, false);
    return;
  }
  let u = 0;
  for (; u + 4 <= n; u += 4) {
    const b0 = lag + <usize>u * stride;
    const b1 = b0 + stride;
    const b2 = b1 + stride;
    const b3 = b2 + stride;
    const uo = <usize>u << 2;
    const nb = v128.load(negBias);
    let a0 = nb, a1 = nb, a2 = nb, a3 = nb;
    for (let c = 0; c < C; c++) {
      const o = <usize>(c * m) << 2;
      const row = wp + (<usize>(c * m) << 4);
      const inp = <usize>load<u32>(ptrs + (<usize>c << 2)) + uo;
      if (m == 1) {
        // One lag (the detectors): the lag vector is the input itself.
        const w = v128.load(row);
        const x0 = load<f32>(inp), x1 = load<f32>(inp, 4), x2 = load<f32>(inp, 8), x3 = load<f32>(inp, 12);
        store<f32>(b0 + o, x0);
        store<f32>(b1 + o, x1);
        store<f32>(b2 + o, x2);
        store<f32>(b3 + o, x3);
        a0 = fma2(a0, w, x0);
        a1 = fma2(a1, w, x1);
        a2 = fma2(a2, w, x2);
        a3 = fma2(a3, w, x3);
        continue;
      }
      // Four lags at a time: load a unit's four old samples, shift them one lane (lane 0 takes
      // the sample carried from the block before: the new input first), store, and add the
      // four new samples' terms in order. `k*` carries the old block (its lane 3 moves on).
      let k0 = f32x4.splat(load<f32>(inp)), k1 = f32x4.splat(load<f32>(inp, 4)), k2 = f32x4.splat(load<f32>(inp, 8)), k3 = f32x4.splat(load<f32>(inp, 12));
      let j = 0;
      for (; j + 4 <= m; j += 4) {
        const q = o + (<usize>j << 2);
        const wr = row + (<usize>j << 4);
        const w0 = v128.load(wr), w1 = v128.load(wr, 16), w2 = v128.load(wr, 32), w3 = v128.load(wr, 48);
        const o0 = v128.load(b0 + q), o1 = v128.load(b1 + q), o2 = v128.load(b2 + q), o3 = v128.load(b3 + q);
        const n0 = v128.shuffle<f32>(k0, o0, 3, 4, 5, 6);
        const n1 = v128.shuffle<f32>(k1, o1, 3, 4, 5, 6);
        const n2 = v128.shuffle<f32>(k2, o2, 3, 4, 5, 6);
        const n3 = v128.shuffle<f32>(k3, o3, 3, 4, 5, 6);
        v128.store(b0 + q, n0);
        v128.store(b1 + q, n1);
        v128.store(b2 + q, n2);
        v128.store(b3 + q, n3);
        a0 = fma4(a0, w0, w1, w2, w3, n0);
        a1 = fma4(a1, w0, w1, w2, w3, n1);
        a2 = fma4(a2, w0, w1, w2, w3, n2);
        a3 = fma4(a3, w0, w1, w2, w3, n3);
        k0 = o0;
        k1 = o1;
        k2 = o2;
        k3 = o3;
      }
      let x0 = f32x4.extract_lane(k0, 3), x1 = f32x4.extract_lane(k1, 3), x2 = f32x4.extract_lane(k2, 3), x3 = f32x4.extract_lane(k3, 3);
      for (; j < m; j++) {
        const q = o + (<usize>j << 2);
        const w = v128.load(row + (<usize>j << 4));
        const o0 = load<f32>(b0 + q), o1 = load<f32>(b1 + q), o2 = load<f32>(b2 + q), o3 = load<f32>(b3 + q);
        store<f32>(b0 + q, x0);
        store<f32>(b1 + q, x1);
        store<f32>(b2 + q, x2);
        store<f32>(b3 + q, x3);
        a0 = fma2(a0, w, x0);
        a1 = fma2(a1, w, x1);
        a2 = fma2(a2, w, x2);
        a3 = fma2(a3, w, x3);
        x0 = o0;
        x1 = o1;
        x2 = o2;
        x3 = o3;
      }
    }
    storePair(zPtrs, 0, k, uo, a0);
    storePair(zPtrs, 0, k, uo + 4, a1);
    storePair(zPtrs, 0, k, uo + 8, a2);
    storePair(zPtrs, 0, k, uo + 12, a3);
    for (let p = 1; p < pairs; p++) {
      const nbp = v128.load(negBias + (<usize>p << 4));
      a0 = nbp;
      a1 = nbp;
      a2 = nbp;
      a3 = nbp;
      const row = wp + <usize>p * rowBytes;
      for (let j = 0; j < width; j++) {
        const w = v128.load(row + (<usize>j << 4));
        const q = <usize>j << 2;
        a0 = fma2(a0, w, load<f32>(b0 + q));
        a1 = fma2(a1, w, load<f32>(b1 + q));
        a2 = fma2(a2, w, load<f32>(b2 + q));
        a3 = fma2(a3, w, load<f32>(b3 + q));
      }
      storePair(zPtrs, p, k, uo, a0);
      storePair(zPtrs, p, k, uo + 4, a1);
      storePair(zPtrs, p, k, uo + 8, a2);
      storePair(zPtrs, p, k, uo + 12, a3);
    }
    rectify4(zPtrs, outPtrs, comps, modes, theta, nOut, uo);
  }
  for (; u < n; u++) {
    const base = lag + <usize>u * stride;
    const uo = <usize>u << 2;
    let acc = v128.load(negBias);
    for (let c = 0; c < C; c++) {
      const o = base + (<usize>(c * m) << 2);
      const row = wp + (<usize>(c * m) << 4);
      let x = load<f32>(load<u32>(ptrs + (<usize>c << 2)) + uo);
      for (let j = 0; j < m; j++) {
        const p = o + (<usize>j << 2);
        const old = load<f32>(p);
        store<f32>(p, x);
        acc = fma2(acc, v128.load(row + (<usize>j << 4)), x);
        x = old;
      }
    }
    storePair(zPtrs, 0, k, uo, acc);
    for (let p = 1; p < pairs; p++) {
      let a = v128.load(negBias + (<usize>p << 4));
      const row = wp + <usize>p * rowBytes;
      for (let j = 0; j < width; j++) a = fma2(a, v128.load(row + (<usize>j << 4)), load<f32>(base + (<usize>j << 2)));
      storePair(zPtrs, p, k, uo, a);
    }
    rectify(zPtrs, outPtrs, comps, modes, theta, nOut, uo);
  }
}

/**
 * `rectify` for the four units from `uo` on, two units per float64 pair: z − θ, −z − θ, and
 * max(0, ·) as a mask of y > 0 (a NaN or −0 gives +0, as the cpu kernel's `y > 0 ? y : 0`).
 */
@inline function rectify4(zPtrs: usize, outPtrs: usize, comps: usize, modes: usize, theta: usize, nOut: i32, uo: usize): void {
  const zero = f64x2.splat(0);
  for (let o = 0; o < nOut; o++) {
    const oo = <usize>o << 2;
    const z = v128.load(<usize>load<u32>(zPtrs + (<usize>load<i32>(comps + oo) << 2)) + uo);
    const md = load<i32>(modes + oo);
    const t = f64x2.splat(load<f64>(theta + (<usize>o << 3)));
    let lo = f64x2.promote_low_f32x4(z);
    let hi = f64x2.promote_low_f32x4(v128.shuffle<f32>(z, z, 2, 3, 2, 3));
    if (md == 2) {
      lo = f64x2.neg(lo);
      hi = f64x2.neg(hi);
    }
    lo = f64x2.sub(lo, t);
    hi = f64x2.sub(hi, t);
    if (md != 0) {
      lo = v128.and(lo, f64x2.gt(lo, zero));
      hi = v128.and(hi, f64x2.gt(hi, zero));
    }
    v128.store(<usize>load<u32>(outPtrs + oo) + uo, four(lo, hi));
  }
}

/** The outputs of unit `uo`: z − θ (linear), max(0, z − θ) (on), max(0, −z − θ) (off), z read back as stored. */
@inline function rectify(zPtrs: usize, outPtrs: usize, comps: usize, modes: usize, theta: usize, nOut: i32, uo: usize): void {
  for (let o = 0; o < nOut; o++) {
    const oo = <usize>o << 2;
    const z = <f64>load<f32>(load<u32>(zPtrs + (<usize>load<i32>(comps + oo) << 2)) + uo);
    const md = load<i32>(modes + oo);
    const t = load<f64>(theta + (<usize>o << 3));
    const y = md == 2 ? -z - t : z - t;
    store<f32>(load<u32>(outPtrs + oo) + uo, md == 0 || y > 0 ? <f32>y : 0);
  }
}

/** [x, y] promoted to float64 (units in lanes). */
@inline function pair(x: f32, y: f32): v128 {
  return f64x2.replace_lane(f64x2.splat(<f64>x), 1, <f64>y);
}

/** Lanes 0 and 1 of two f64x2 sums, rounded to float32, as four consecutive floats [a0, a1, b0, b1]. */
@inline function four(a: v128, b: v128): v128 {
  return v128.shuffle<f32>(f32x4.demote_f64x2_zero(a), f32x4.demote_f64x2_zero(b), 0, 1, 4, 5);
}

/**
 * The ReSU step for k ≤ 2 with units in the lanes: `ws` holds per lag index j the filters
 * splatted, [w_1[j], w_1[j]] and (k = 2) [w_2[j], w_2[j]]. Four units at a time: a01/a23 sum
 * filter 1 of units (0, 1) and (2, 3), b01/b23 filter 2; each lane adds w·x for j = 0 … width−1
 * in the cpu kernel's order, so every z is bit-identical.
 */
@inline function unitsInLanes(lag: usize, n: i32, C: i32, m: i32, nOut: i32, ws: usize, negBias: usize, theta: usize, ptrs: usize, two: bool): void {
  const k = two ? 2 : 1;
  const width = C * m;
  const zPtrs = ptrs + (<usize>C << 2);
  const outPtrs = zPtrs + (<usize>k << 2);
  const comps = outPtrs + (<usize>nOut << 2);
  const modes = comps + (<usize>nOut << 2);
  const stride = <usize>width << 2;
  const wStep: usize = two ? 32 : 16;
  const nb1 = f64x2.splat(load<f64>(negBias));
  const nb2 = f64x2.splat(load<f64>(negBias, 8));
  const z1 = <usize>load<u32>(zPtrs);
  const z2 = two ? <usize>load<u32>(zPtrs, 4) : 0;
  let u = 0;
  for (; u + 4 <= n; u += 4) {
    const b0 = lag + <usize>u * stride;
    const b1 = b0 + stride;
    const b2 = b1 + stride;
    const b3 = b2 + stride;
    const uo = <usize>u << 2;
    let a01 = nb1, a23 = nb1, c01 = nb2, c23 = nb2;
    for (let c = 0; c < C; c++) {
      const o = <usize>(c * m) << 2;
      const row = ws + <usize>(c * m) * wStep;
      const inp = <usize>load<u32>(ptrs + (<usize>c << 2)) + uo;
      if (m == 1) {
        // One lag (the detectors): the lag vector is the input, four units in one load; two
        // channels at a time their samples interleave into each unit's two lag slots.
        const x = v128.load(inp);
        const x01 = f64x2.promote_low_f32x4(x);
        const x23 = f64x2.promote_low_f32x4(v128.shuffle<f32>(x, x, 2, 3, 2, 3));
        const w1 = v128.load(row);
        a01 = f64x2.add(a01, f64x2.mul(w1, x01));
        a23 = f64x2.add(a23, f64x2.mul(w1, x23));
        if (two) {
          const w2 = v128.load(row, 16);
          c01 = f64x2.add(c01, f64x2.mul(w2, x01));
          c23 = f64x2.add(c23, f64x2.mul(w2, x23));
        }
        if (c + 1 < C) {
          c++;
          const y = v128.load(<usize>load<u32>(ptrs + (<usize>c << 2)) + uo);
          const lo = v128.shuffle<f32>(x, y, 0, 4, 1, 5);
          const hi = v128.shuffle<f32>(x, y, 2, 6, 3, 7);
          v128.store64_lane(b0 + o, lo, 0);
          v128.store64_lane(b1 + o, lo, 1);
          v128.store64_lane(b2 + o, hi, 0);
          v128.store64_lane(b3 + o, hi, 1);
          const y01 = f64x2.promote_low_f32x4(y);
          const y23 = f64x2.promote_low_f32x4(v128.shuffle<f32>(y, y, 2, 3, 2, 3));
          const v1 = v128.load(row + wStep);
          a01 = f64x2.add(a01, f64x2.mul(v1, y01));
          a23 = f64x2.add(a23, f64x2.mul(v1, y23));
          if (two) {
            const v2 = v128.load(row + wStep, 16);
            c01 = f64x2.add(c01, f64x2.mul(v2, y01));
            c23 = f64x2.add(c23, f64x2.mul(v2, y23));
          }
        } else {
          store<f32>(b0 + o, f32x4.extract_lane(x, 0));
          store<f32>(b1 + o, f32x4.extract_lane(x, 1));
          store<f32>(b2 + o, f32x4.extract_lane(x, 2));
          store<f32>(b3 + o, f32x4.extract_lane(x, 3));
        }
        continue;
      }
      // Four lags at a time: shift each unit's block one lane older (lane 0 takes the sample
      // carried from the block before: the new input first), store, then regroup the four
      // units' new samples by lag (two units per float64 pair) and add their terms in order.
      let k0 = f32x4.splat(load<f32>(inp)), k1 = f32x4.splat(load<f32>(inp, 4)), k2 = f32x4.splat(load<f32>(inp, 8)), k3 = f32x4.splat(load<f32>(inp, 12));
      let j = 0;
      for (; j + 4 <= m; j += 4) {
        const q = o + (<usize>j << 2);
        const o0 = v128.load(b0 + q), o1 = v128.load(b1 + q), o2 = v128.load(b2 + q), o3 = v128.load(b3 + q);
        const n0 = v128.shuffle<f32>(k0, o0, 3, 4, 5, 6);
        const n1 = v128.shuffle<f32>(k1, o1, 3, 4, 5, 6);
        const n2 = v128.shuffle<f32>(k2, o2, 3, 4, 5, 6);
        const n3 = v128.shuffle<f32>(k3, o3, 3, 4, 5, 6);
        v128.store(b0 + q, n0);
        v128.store(b1 + q, n1);
        v128.store(b2 + q, n2);
        v128.store(b3 + q, n3);
        k0 = o0;
        k1 = o1;
        k2 = o2;
        k3 = o3;
        // [u0 j, u1 j, u0 j+1, u1 j+1] and [u0 j+2, u1 j+2, u0 j+3, u1 j+3]; the same for units 2, 3.
        const l01 = v128.shuffle<f32>(n0, n1, 0, 4, 1, 5);
        const h01 = v128.shuffle<f32>(n0, n1, 2, 6, 3, 7);
        const l23 = v128.shuffle<f32>(n2, n3, 0, 4, 1, 5);
        const h23 = v128.shuffle<f32>(n2, n3, 2, 6, 3, 7);
        const wr = row + <usize>j * wStep;
        const x01_0 = f64x2.promote_low_f32x4(l01);
        const x23_0 = f64x2.promote_low_f32x4(l23);
        const w1_0 = v128.load(wr);
        a01 = f64x2.add(a01, f64x2.mul(w1_0, x01_0));
        a23 = f64x2.add(a23, f64x2.mul(w1_0, x23_0));
        if (two) {
          const w2 = v128.load(wr, 16);
          c01 = f64x2.add(c01, f64x2.mul(w2, x01_0));
          c23 = f64x2.add(c23, f64x2.mul(w2, x23_0));
        }
        const x01_1 = f64x2.promote_low_f32x4(v128.shuffle<f32>(l01, l01, 2, 3, 2, 3));
        const x23_1 = f64x2.promote_low_f32x4(v128.shuffle<f32>(l23, l23, 2, 3, 2, 3));
        const w1_1 = v128.load(wr + <usize>1 * wStep);
        a01 = f64x2.add(a01, f64x2.mul(w1_1, x01_1));
        a23 = f64x2.add(a23, f64x2.mul(w1_1, x23_1));
        if (two) {
          const w2 = v128.load(wr + <usize>1 * wStep, 16);
          c01 = f64x2.add(c01, f64x2.mul(w2, x01_1));
          c23 = f64x2.add(c23, f64x2.mul(w2, x23_1));
        }
        const x01_2 = f64x2.promote_low_f32x4(h01);
        const x23_2 = f64x2.promote_low_f32x4(h23);
        const w1_2 = v128.load(wr + <usize>2 * wStep);
        a01 = f64x2.add(a01, f64x2.mul(w1_2, x01_2));
        a23 = f64x2.add(a23, f64x2.mul(w1_2, x23_2));
        if (two) {
          const w2 = v128.load(wr + <usize>2 * wStep, 16);
          c01 = f64x2.add(c01, f64x2.mul(w2, x01_2));
          c23 = f64x2.add(c23, f64x2.mul(w2, x23_2));
        }
        const x01_3 = f64x2.promote_low_f32x4(v128.shuffle<f32>(h01, h01, 2, 3, 2, 3));
        const x23_3 = f64x2.promote_low_f32x4(v128.shuffle<f32>(h23, h23, 2, 3, 2, 3));
        const w1_3 = v128.load(wr + <usize>3 * wStep);
        a01 = f64x2.add(a01, f64x2.mul(w1_3, x01_3));
        a23 = f64x2.add(a23, f64x2.mul(w1_3, x23_3));
        if (two) {
          const w2 = v128.load(wr + <usize>3 * wStep, 16);
          c01 = f64x2.add(c01, f64x2.mul(w2, x01_3));
          c23 = f64x2.add(c23, f64x2.mul(w2, x23_3));
        }
      }
      let x0 = f32x4.extract_lane(k0, 3), x1 = f32x4.extract_lane(k1, 3), x2 = f32x4.extract_lane(k2, 3), x3 = f32x4.extract_lane(k3, 3);
      for (; j < m; j++) {
        const q = o + (<usize>j << 2);
        const o0 = load<f32>(b0 + q), o1 = load<f32>(b1 + q), o2 = load<f32>(b2 + q), o3 = load<f32>(b3 + q);
        store<f32>(b0 + q, x0);
        store<f32>(b1 + q, x1);
        store<f32>(b2 + q, x2);
        store<f32>(b3 + q, x3);
        const x01 = pair(x0, x1);
        const x23 = pair(x2, x3);
        const w1 = v128.load(row + <usize>j * wStep);
        a01 = f64x2.add(a01, f64x2.mul(w1, x01));
        a23 = f64x2.add(a23, f64x2.mul(w1, x23));
        if (two) {
          const w2 = v128.load(row + <usize>j * wStep, 16);
          c01 = f64x2.add(c01, f64x2.mul(w2, x01));
          c23 = f64x2.add(c23, f64x2.mul(w2, x23));
        }
        x0 = o0;
        x1 = o1;
        x2 = o2;
        x3 = o3;
      }
    }
    v128.store(z1 + uo, four(a01, a23));
    if (two) v128.store(z2 + uo, four(c01, c23));
    rectify4(zPtrs, outPtrs, comps, modes, theta, nOut, uo);
  }
  // The last n mod 4 units one at a time, in float64 scalars.
  const bias1 = load<f64>(negBias);
  const bias2 = load<f64>(negBias, 8);
  for (; u < n; u++) {
    const base = lag + <usize>u * stride;
    const uo = <usize>u << 2;
    let a = bias1, b = bias2;
    for (let c = 0; c < C; c++) {
      const o = base + (<usize>(c * m) << 2);
      const row = ws + <usize>(c * m) * wStep;
      let x = load<f32>(load<u32>(ptrs + (<usize>c << 2)) + uo);
      for (let j = 0; j < m; j++) {
        const p = o + (<usize>j << 2);
        const old = load<f32>(p);
        store<f32>(p, x);
        const w = row + <usize>j * wStep;
        a += load<f64>(w) * <f64>x;
        if (two) b += load<f64>(w, 16) * <f64>x;
        x = old;
      }
    }
    store<f32>(z1 + uo, <f32>a);
    if (two) store<f32>(z2 + uo, <f32>b);
    rectify(zPtrs, outPtrs, comps, modes, theta, nOut, uo);
  }
}
