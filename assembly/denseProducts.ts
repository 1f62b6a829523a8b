// Dense graded delivery products of the wasm backend (src/sim/backends/wasm/denseRates.ts), in
// float32 SIMD (f32x4): the multiply-adds of a dense projection, X · W, and of one read
// transposed (BSP's backward chain), X · Wᵀ, for a batch of rows. Sums are float32 in the
// kernel's order, not the cpu kernels' float64 blocks, so results differ from cpu by a few
// float32 roundings of the sum (bound and test: test/sim/backends/wasmDenseRates.test.ts).

/**
 * Y[r][j] = Σ_k X[r][k] · W[k][j] for r < m, j < n, k < kd (all row-major, Y overwritten).
 * Four rows × eight columns per block (eight accumulators); a k whose four X values are all 0
 * is skipped (sparse inputs such as image pixels).
 */
export function rowsTimes(X: usize, W: usize, Y: usize, m: i32, n: i32, kd: i32): void {
  const rowX = <usize>kd << 2;
  const rowW = <usize>n << 2;
  let r = 0;
  for (; r + 4 <= m; r += 4) {
    const x0 = X + <usize>r * rowX;
    const x1 = x0 + rowX;
    const x2 = x1 + rowX;
    const x3 = x2 + rowX;
    const y0 = Y + <usize>r * rowW;
    const y1 = y0 + rowW;
    const y2 = y1 + rowW;
    const y3 = y2 + rowW;
    let j = 0;
    for (; j + 8 <= n; j += 8) {
      const jo = <usize>j << 2;
      let c00 = f32x4.splat(0), c01 = f32x4.splat(0), c10 = f32x4.splat(0), c11 = f32x4.splat(0);
      let c20 = f32x4.splat(0), c21 = f32x4.splat(0), c30 = f32x4.splat(0), c31 = f32x4.splat(0);
      let w = W + jo;
      for (let k = 0; k < kd; k++, w += rowW) {
        const ko = <usize>k << 2;
        const a0 = load<f32>(x0 + ko), a1 = load<f32>(x1 + ko), a2 = load<f32>(x2 + ko), a3 = load<f32>(x3 + ko);
        if (a0 == 0 && a1 == 0 && a2 == 0 && a3 == 0) continue;
        const w0 = v128.load(w);
        const w1 = v128.load(w, 16);
        const s0 = f32x4.splat(a0), s1 = f32x4.splat(a1), s2 = f32x4.splat(a2), s3 = f32x4.splat(a3);
        c00 = f32x4.add(c00, f32x4.mul(s0, w0));
        c01 = f32x4.add(c01, f32x4.mul(s0, w1));
        c10 = f32x4.add(c10, f32x4.mul(s1, w0));
        c11 = f32x4.add(c11, f32x4.mul(s1, w1));
        c20 = f32x4.add(c20, f32x4.mul(s2, w0));
        c21 = f32x4.add(c21, f32x4.mul(s2, w1));
        c30 = f32x4.add(c30, f32x4.mul(s3, w0));
        c31 = f32x4.add(c31, f32x4.mul(s3, w1));
      }
      v128.store(y0 + jo, c00);
      v128.store(y0 + jo, c01, 16);
      v128.store(y1 + jo, c10);
      v128.store(y1 + jo, c11, 16);
      v128.store(y2 + jo, c20);
      v128.store(y2 + jo, c21, 16);
      v128.store(y3 + jo, c30);
      v128.store(y3 + jo, c31, 16);
    }
    for (; j < n; j++) {
      const jo = <usize>j << 2;
      let s0: f32 = 0, s1: f32 = 0, s2: f32 = 0, s3: f32 = 0;
      let w = W + jo;
      for (let k = 0; k < kd; k++, w += rowW) {
        const ko = <usize>k << 2;
        const wk = load<f32>(w);
        s0 += load<f32>(x0 + ko) * wk;
        s1 += load<f32>(x1 + ko) * wk;
        s2 += load<f32>(x2 + ko) * wk;
        s3 += load<f32>(x3 + ko) * wk;
      }
      store<f32>(y0 + jo, s0);
      store<f32>(y1 + jo, s1);
      store<f32>(y2 + jo, s2);
      store<f32>(y3 + jo, s3);
    }
  }
  for (; r < m; r++) {
    const x0 = X + <usize>r * rowX;
    const y0 = Y + <usize>r * rowW;
    let j = 0;
    for (; j + 8 <= n; j += 8) {
      const jo = <usize>j << 2;
      let c0 = f32x4.splat(0), c1 = f32x4.splat(0);
      let w = W + jo;
      for (let k = 0; k < kd; k++, w += rowW) {
        const a = load<f32>(x0 + (<usize>k << 2));
        if (a == 0) continue;
        const s = f32x4.splat(a);
        c0 = f32x4.add(c0, f32x4.mul(s, v128.load(w)));
        c1 = f32x4.add(c1, f32x4.mul(s, v128.load(w, 16)));
      }
      v128.store(y0 + jo, c0);
      v128.store(y0 + jo, c1, 16);
    }
    for (; j < n; j++) {
      let s: f32 = 0;
      let w = W + (<usize>j << 2);
      for (let k = 0; k < kd; k++, w += rowW) s += load<f32>(x0 + (<usize>k << 2)) * load<f32>(w);
      store<f32>(y0 + (<usize>j << 2), s);
    }
  }
}

@inline function hsum(v: v128): f32 {
  return f32x4.extract_lane(v, 0) + f32x4.extract_lane(v, 1) + (f32x4.extract_lane(v, 2) + f32x4.extract_lane(v, 3));
}

/**
 * Y[r][i] = Σ_k X[r][k] · W[i][k] for r < m, i < n, k < kd (W read transposed: its rows are
 * contiguous in k). Four rows × two outputs per block, eight f32x4 accumulators over k.
 */
export function rowsTimesTransposed(X: usize, W: usize, Y: usize, m: i32, n: i32, kd: i32): void {
  const rowX = <usize>kd << 2;
  const rowY = <usize>n << 2;
  const k4 = kd & ~3;
  let r = 0;
  for (; r + 4 <= m; r += 4) {
    const x0 = X + <usize>r * rowX;
    const x1 = x0 + rowX;
    const x2 = x1 + rowX;
    const x3 = x2 + rowX;
    const y0 = Y + <usize>r * rowY;
    let i = 0;
    for (; i + 2 <= n; i += 2) {
      const w0 = W + <usize>i * rowX;
      const w1 = w0 + rowX;
      let c00 = f32x4.splat(0), c01 = f32x4.splat(0), c10 = f32x4.splat(0), c11 = f32x4.splat(0);
      let c20 = f32x4.splat(0), c21 = f32x4.splat(0), c30 = f32x4.splat(0), c31 = f32x4.splat(0);
      for (let k = 0; k < k4; k += 4) {
        const ko = <usize>k << 2;
        const v0 = v128.load(w0 + ko), v1 = v128.load(w1 + ko);
        const a0 = v128.load(x0 + ko), a1 = v128.load(x1 + ko), a2 = v128.load(x2 + ko), a3 = v128.load(x3 + ko);
        c00 = f32x4.add(c00, f32x4.mul(a0, v0));
        c01 = f32x4.add(c01, f32x4.mul(a0, v1));
        c10 = f32x4.add(c10, f32x4.mul(a1, v0));
        c11 = f32x4.add(c11, f32x4.mul(a1, v1));
        c20 = f32x4.add(c20, f32x4.mul(a2, v0));
        c21 = f32x4.add(c21, f32x4.mul(a2, v1));
        c30 = f32x4.add(c30, f32x4.mul(a3, v0));
        c31 = f32x4.add(c31, f32x4.mul(a3, v1));
      }
      let s00 = hsum(c00), s01 = hsum(c01), s10 = hsum(c10), s11 = hsum(c11);
      let s20 = hsum(c20), s21 = hsum(c21), s30 = hsum(c30), s31 = hsum(c31);
      for (let k = k4; k < kd; k++) {
        const ko = <usize>k << 2;
        const v0 = load<f32>(w0 + ko), v1 = load<f32>(w1 + ko);
        const a0 = load<f32>(x0 + ko), a1 = load<f32>(x1 + ko), a2 = load<f32>(x2 + ko), a3 = load<f32>(x3 + ko);
        s00 += a0 * v0; s01 += a0 * v1;
        s10 += a1 * v0; s11 += a1 * v1;
        s20 += a2 * v0; s21 += a2 * v1;
        s30 += a3 * v0; s31 += a3 * v1;
      }
      const io = <usize>i << 2;
      store<f32>(y0 + io, s00);
      store<f32>(y0 + io, s01, 4);
      store<f32>(y0 + rowY + io, s10);
      store<f32>(y0 + rowY + io, s11, 4);
      store<f32>(y0 + 2 * rowY + io, s20);
      store<f32>(y0 + 2 * rowY + io, s21, 4);
      store<f32>(y0 + 3 * rowY + io, s30);
      store<f32>(y0 + 3 * rowY + io, s31, 4);
    }
    for (; i < n; i++) {
      for (let q = 0; q < 4; q++) store<f32>(Y + <usize>(r + q) * rowY + (<usize>i << 2), dot(X + <usize>(r + q) * rowX, W + <usize>i * rowX, kd));
    }
  }
  for (; r < m; r++) {
    for (let i = 0; i < n; i++) store<f32>(Y + <usize>r * rowY + (<usize>i << 2), dot(X + <usize>r * rowX, W + <usize>i * rowX, kd));
  }
}

function dot(a: usize, b: usize, kd: i32): f32 {
  const k4 = kd & ~3;
  let c = f32x4.splat(0);
  for (let k = 0; k < k4; k += 4) c = f32x4.add(c, f32x4.mul(v128.load(a + (<usize>k << 2)), v128.load(b + (<usize>k << 2))));
  let s = hsum(c);
  for (let k = k4; k < kd; k++) s += load<f32>(a + (<usize>k << 2)) * load<f32>(b + (<usize>k << 2));
  return s;
}

/** 1 when the n float32 values at a and b have the same bits (so a repeated input is recognised exactly), else 0. */
export function sameBits(a: usize, b: usize, n: i32): i32 {
  const n4 = n & ~3;
  for (let k = 0; k < n4; k += 4) {
    if (!i32x4.all_true(i32x4.eq(v128.load(a + (<usize>k << 2)), v128.load(b + (<usize>k << 2))))) return 0;
  }
  for (let k = n4; k < n; k++) if (load<i32>(a + (<usize>k << 2)) != load<i32>(b + (<usize>k << 2))) return 0;
  return 1;
}

/** 1 when all n float32 values at a are ±0, else 0. */
export function allZero(a: usize, n: i32): i32 {
  const n4 = n & ~3;
  const mask = i32x4.splat(0x7fffffff);
  for (let k = 0; k < n4; k += 4) if (v128.any_true(v128.and(v128.load(a + (<usize>k << 2)), mask))) return 0;
  for (let k = n4; k < n; k++) if ((load<i32>(a + (<usize>k << 2)) & 0x7fffffff) != 0) return 0;
  return 1;
}

/** out[k] += y[k] for k < n. */
export function addInto(out: usize, y: usize, n: i32): void {
  const n4 = n & ~3;
  for (let k = 0; k < n4; k += 4) {
    const p = out + (<usize>k << 2);
    v128.store(p, f32x4.add(v128.load(p), v128.load(y + (<usize>k << 2))));
  }
  for (let k = n4; k < n; k++) {
    const p = out + (<usize>k << 2);
    store<f32>(p, load<f32>(p) + load<f32>(y + (<usize>k << 2)));
  }
}
