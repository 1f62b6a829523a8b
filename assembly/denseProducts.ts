// Dense graded delivery products of the wasm backend (src/sim/backends/wasm/denseRates.ts), in
// float32 SIMD (f32x4): Y = X · Wᵀ for a batch of rows — a projection read transposed (BSP's
// backward chain) directly, a dense projection X · W through its transposed weights
// (`transpose`), so both walk contiguous rows. Sums are float32 in the
// kernel's order, not the cpu kernels' float64 blocks, so results differ from cpu by a few
// float32 roundings of the sum (bound and test: test/sim/backends/wasmDenseRates.test.ts).

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

/** dst[j][i] = src[i][j] for i < rows, j < cols (src rows × cols, row-major), in 8 × 8 tiles. */
export function transpose(src: usize, dst: usize, rows: i32, cols: i32): void {
  for (let i0 = 0; i0 < rows; i0 += 8) {
    const i1 = min(rows, i0 + 8);
    for (let j0 = 0; j0 < cols; j0 += 8) {
      const j1 = min(cols, j0 + 8);
      for (let i = i0; i < i1; i++) {
        const s = src + (<usize>(i * cols) << 2);
        for (let j = j0; j < j1; j++) store<f32>(dst + (<usize>(j * rows + i) << 2), load<f32>(s + (<usize>j << 2)));
      }
    }
  }
}
