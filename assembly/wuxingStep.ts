// The Wuxing ring step of src/neurons/wuxing/ringStep.ts (RingKernel.stepCell) in WebAssembly
// SIMD, two cells per instruction in float64 (f64x2): every value is promoted from float32,
// every expression is the cpu kernel's in the cpu kernel's order, and each stored value is
// rounded to float32 once, as the cpu kernel's JavaScript numbers are — so the result is
// bit-identical (test/sim/backends/wasmWuxing.test.ts). WebAssembly has no implicit fused
// multiply-add, so the order of roundings is the written one.
//
// Forward form (both directions): F_j' = a_j F_{j−1} − c_j F_j − q_j F_j F_{j−2} + u_j with
// u_j = w_j·uin (w_j = 1 on the input state, else 0, multiplied as the cpu kernel does, so a
// −0 input keeps its sign), Euler or classical RK4, each state clamped at the floor `lo`
// (compare and select, as `if (n < lo) n = lo`: a NaN or a −0 passes unchanged), output
// D = F_jOut − b0.
//
// Cells [u0, u0 + cells) of a population of `size` cells × `batch` copies (index b·size + u).
// The caller fills `table` for those cells, float64 rows of `stride` values: k1 ×5, k2 ×5,
// k3 ×5 of the forward form, then b0, then the rest state r (NaN where the ring is not exactly
// still at r). A pair of copies both exactly at r with no input only gets D = r − b0, as the
// cpu kernel skips them (integrating would give the same). Cells are the outer loop and the
// batch copies the inner one, so a pair's 17 table values are loaded once per call.

@inline function ld(p: usize): v128 {
  return f64x2.promote_low_f32x4(v128.load64_zero(p));
}

@inline function st(p: usize, v: v128): void {
  v128.store64_lane(p, f32x4.demote_f64x2_zero(v), 0);
}

/** a·yp − c·y − q·y·y2 + u, in that order. */
@inline function der(a: v128, yp: v128, c: v128, y: v128, q: v128, y2: v128, u: v128): v128 {
  return f64x2.add(f64x2.sub(f64x2.sub(f64x2.mul(a, yp), f64x2.mul(c, y)), f64x2.mul(f64x2.mul(q, y), y2)), u);
}

@inline function der1(a: f64, yp: f64, c: f64, y: f64, q: f64, y2: f64, u: f64): f64 {
  return a * yp - c * y - q * y * y2 + u;
}

@inline function floorV(n: v128, lo: v128): v128 {
  return v128.bitselect(lo, n, f64x2.lt(n, lo));
}

@inline function par(table: usize, row: i32, stride: i32, c: i32): v128 {
  return v128.load(table + ((<usize>(row * stride + c)) << 3));
}

@inline function par1(table: usize, row: i32, stride: i32, c: i32): f64 {
  return load<f64>(table + ((<usize>(row * stride + c)) << 3));
}

/**
 * `mode`: bit 0 RK4 (else Euler), bit 1 the float32 step (`wuxingStep32`, a model built with
 * `arithmetic: 'float32'`), else the float64 one below.
 */
export function wuxingStep(
  F0: usize, F1: usize, F2: usize, F3: usize, F4: usize, D: usize, I: usize, gate: usize,
  table: usize, stride: i32, u0: i32, cells: i32, size: i32, batch: i32, dt: f64, mode: i32, lo: f64, jIn: i32, jOut: i32,
): void {
  if (mode & 2) {
    // one specialised loop per input state and integrator (see wuxingStep32)
    const d = <f32>dt, l = <f32>lo, rk = mode & 1;
    if (jIn == 0) wuxingStep32(F0, F1, F2, F3, F4, D, I, gate, table, stride, u0, cells, size, batch, d, rk, l, 0, jOut);
    else if (jIn == 1) wuxingStep32(F0, F1, F2, F3, F4, D, I, gate, table, stride, u0, cells, size, batch, d, rk, l, 1, jOut);
    else if (jIn == 2) wuxingStep32(F0, F1, F2, F3, F4, D, I, gate, table, stride, u0, cells, size, batch, d, rk, l, 2, jOut);
    else if (jIn == 3) wuxingStep32(F0, F1, F2, F3, F4, D, I, gate, table, stride, u0, cells, size, batch, d, rk, l, 3, jOut);
    else wuxingStep32(F0, F1, F2, F3, F4, D, I, gate, table, stride, u0, cells, size, batch, d, rk, l, 4, jOut);
    return;
  }
  const rk4 = mode & 1;
  const rowBytes = <usize>(size) << 2;
  const h2 = dt / 2;
  const h6 = dt / 6;
  const w0 = jIn == 0 ? 1.0 : 0.0, w1 = jIn == 1 ? 1.0 : 0.0, w2 = jIn == 2 ? 1.0 : 0.0, w3 = jIn == 3 ? 1.0 : 0.0, w4 = jIn == 4 ? 1.0 : 0.0;
  const W0 = f64x2.splat(w0), W1 = f64x2.splat(w1), W2 = f64x2.splat(w2), W3 = f64x2.splat(w3), W4 = f64x2.splat(w4);
  const DT = f64x2.splat(dt), H2 = f64x2.splat(h2), H6 = f64x2.splat(h6), TWO = f64x2.splat(2.0), LO = f64x2.splat(lo);
  const zero = f64x2.splat(0.0);
  const pairs = cells & ~1;
  let c = 0;
  for (; c < pairs; c += 2) {
    const a0 = par(table, 0, stride, c), a1 = par(table, 1, stride, c), a2 = par(table, 2, stride, c), a3 = par(table, 3, stride, c), a4 = par(table, 4, stride, c);
    const c0 = par(table, 5, stride, c), c1 = par(table, 6, stride, c), c2 = par(table, 7, stride, c), c3 = par(table, 8, stride, c), c4 = par(table, 9, stride, c);
    const q0 = par(table, 10, stride, c), q1 = par(table, 11, stride, c), q2 = par(table, 12, stride, c), q3 = par(table, 13, stride, c), q4 = par(table, 14, stride, c);
    const b0 = par(table, 15, stride, c);
    const r = par(table, 16, stride, c);
    let o = (<usize>(u0 + c)) << 2;
    for (let b = 0; b < batch; b++, o += rowBytes) {
      let uin = ld(I + o);
      if (gate) uin = f64x2.mul(uin, ld(gate + o));
      const y0 = ld(F0 + o), y1 = ld(F1 + o), y2 = ld(F2 + o), y3 = ld(F3 + o), y4 = ld(F4 + o);
      const still = v128.and(
        v128.and(f64x2.eq(uin, zero), v128.and(f64x2.eq(y0, r), f64x2.eq(y1, r))),
        v128.and(f64x2.eq(y2, r), v128.and(f64x2.eq(y3, r), f64x2.eq(y4, r))),
      );
      if (i64x2.all_true(still)) {
        st(D + o, f64x2.sub(r, b0));
        continue;
      }
      const u0v = f64x2.mul(W0, uin), u1 = f64x2.mul(W1, uin), u2 = f64x2.mul(W2, uin), u3 = f64x2.mul(W3, uin), u4 = f64x2.mul(W4, uin);
      const f0 = der(a0, y4, c0, y0, q0, y3, u0v);
      const f1 = der(a1, y0, c1, y1, q1, y4, u1);
      const f2 = der(a2, y1, c2, y2, q2, y0, u2);
      const f3 = der(a3, y2, c3, y3, q3, y1, u3);
      const f4 = der(a4, y3, c4, y4, q4, y2, u4);
      let n0: v128, n1: v128, n2: v128, n3: v128, n4: v128;
      if (rk4) {
        let z0 = f64x2.add(y0, f64x2.mul(H2, f0)), z1 = f64x2.add(y1, f64x2.mul(H2, f1)), z2 = f64x2.add(y2, f64x2.mul(H2, f2)), z3 = f64x2.add(y3, f64x2.mul(H2, f3)), z4 = f64x2.add(y4, f64x2.mul(H2, f4));
        const g0 = der(a0, z4, c0, z0, q0, z3, u0v);
        const g1 = der(a1, z0, c1, z1, q1, z4, u1);
        const g2 = der(a2, z1, c2, z2, q2, z0, u2);
        const g3 = der(a3, z2, c3, z3, q3, z1, u3);
        const g4 = der(a4, z3, c4, z4, q4, z2, u4);
        z0 = f64x2.add(y0, f64x2.mul(H2, g0)); z1 = f64x2.add(y1, f64x2.mul(H2, g1)); z2 = f64x2.add(y2, f64x2.mul(H2, g2)); z3 = f64x2.add(y3, f64x2.mul(H2, g3)); z4 = f64x2.add(y4, f64x2.mul(H2, g4));
        const r0 = der(a0, z4, c0, z0, q0, z3, u0v);
        const r1 = der(a1, z0, c1, z1, q1, z4, u1);
        const r2 = der(a2, z1, c2, z2, q2, z0, u2);
        const r3 = der(a3, z2, c3, z3, q3, z1, u3);
        const r4 = der(a4, z3, c4, z4, q4, z2, u4);
        z0 = f64x2.add(y0, f64x2.mul(DT, r0)); z1 = f64x2.add(y1, f64x2.mul(DT, r1)); z2 = f64x2.add(y2, f64x2.mul(DT, r2)); z3 = f64x2.add(y3, f64x2.mul(DT, r3)); z4 = f64x2.add(y4, f64x2.mul(DT, r4));
        const s0 = der(a0, z4, c0, z0, q0, z3, u0v);
        const s1 = der(a1, z0, c1, z1, q1, z4, u1);
        const s2 = der(a2, z1, c2, z2, q2, z0, u2);
        const s3 = der(a3, z2, c3, z3, q3, z1, u3);
        const s4 = der(a4, z3, c4, z4, q4, z2, u4);
        // y + h6·(f + 2·(g + r) + s)
        n0 = f64x2.add(y0, f64x2.mul(H6, f64x2.add(f64x2.add(f0, f64x2.mul(TWO, f64x2.add(g0, r0))), s0)));
        n1 = f64x2.add(y1, f64x2.mul(H6, f64x2.add(f64x2.add(f1, f64x2.mul(TWO, f64x2.add(g1, r1))), s1)));
        n2 = f64x2.add(y2, f64x2.mul(H6, f64x2.add(f64x2.add(f2, f64x2.mul(TWO, f64x2.add(g2, r2))), s2)));
        n3 = f64x2.add(y3, f64x2.mul(H6, f64x2.add(f64x2.add(f3, f64x2.mul(TWO, f64x2.add(g3, r3))), s3)));
        n4 = f64x2.add(y4, f64x2.mul(H6, f64x2.add(f64x2.add(f4, f64x2.mul(TWO, f64x2.add(g4, r4))), s4)));
      } else {
        n0 = f64x2.add(y0, f64x2.mul(DT, f0));
        n1 = f64x2.add(y1, f64x2.mul(DT, f1));
        n2 = f64x2.add(y2, f64x2.mul(DT, f2));
        n3 = f64x2.add(y3, f64x2.mul(DT, f3));
        n4 = f64x2.add(y4, f64x2.mul(DT, f4));
      }
      n0 = floorV(n0, LO);
      n1 = floorV(n1, LO);
      n2 = floorV(n2, LO);
      n3 = floorV(n3, LO);
      n4 = floorV(n4, LO);
      st(F0 + o, n0);
      st(F1 + o, n1);
      st(F2 + o, n2);
      st(F3 + o, n3);
      st(F4 + o, n4);
      const out = jOut == 0 ? n0 : jOut == 1 ? n1 : jOut == 2 ? n2 : jOut == 3 ? n3 : n4;
      st(D + o, f64x2.sub(out, b0));
    }
  }
  for (; c < cells; c++) {
    const a0 = par1(table, 0, stride, c), a1 = par1(table, 1, stride, c), a2 = par1(table, 2, stride, c), a3 = par1(table, 3, stride, c), a4 = par1(table, 4, stride, c);
    const c0 = par1(table, 5, stride, c), c1 = par1(table, 6, stride, c), c2 = par1(table, 7, stride, c), c3 = par1(table, 8, stride, c), c4 = par1(table, 9, stride, c);
    const q0 = par1(table, 10, stride, c), q1 = par1(table, 11, stride, c), q2 = par1(table, 12, stride, c), q3 = par1(table, 13, stride, c), q4 = par1(table, 14, stride, c);
    const b0 = par1(table, 15, stride, c);
    const r = par1(table, 16, stride, c);
    let o = (<usize>(u0 + c)) << 2;
    for (let b = 0; b < batch; b++, o += rowBytes) {
      let uin = <f64>load<f32>(I + o);
      if (gate) uin = uin * <f64>load<f32>(gate + o);
      const y0 = <f64>load<f32>(F0 + o), y1 = <f64>load<f32>(F1 + o), y2 = <f64>load<f32>(F2 + o), y3 = <f64>load<f32>(F3 + o), y4 = <f64>load<f32>(F4 + o);
      if (uin == 0 && y0 == r && y1 == r && y2 == r && y3 == r && y4 == r) {
        store<f32>(D + o, <f32>(r - b0));
        continue;
      }
      const u0s = w0 * uin, u1 = w1 * uin, u2 = w2 * uin, u3 = w3 * uin, u4 = w4 * uin;
      const f0 = der1(a0, y4, c0, y0, q0, y3, u0s);
      const f1 = der1(a1, y0, c1, y1, q1, y4, u1);
      const f2 = der1(a2, y1, c2, y2, q2, y0, u2);
      const f3 = der1(a3, y2, c3, y3, q3, y1, u3);
      const f4 = der1(a4, y3, c4, y4, q4, y2, u4);
      let n0: f64, n1: f64, n2: f64, n3: f64, n4: f64;
      if (rk4) {
        let z0 = y0 + h2 * f0, z1 = y1 + h2 * f1, z2 = y2 + h2 * f2, z3 = y3 + h2 * f3, z4 = y4 + h2 * f4;
        const g0 = der1(a0, z4, c0, z0, q0, z3, u0s);
        const g1 = der1(a1, z0, c1, z1, q1, z4, u1);
        const g2 = der1(a2, z1, c2, z2, q2, z0, u2);
        const g3 = der1(a3, z2, c3, z3, q3, z1, u3);
        const g4 = der1(a4, z3, c4, z4, q4, z2, u4);
        z0 = y0 + h2 * g0; z1 = y1 + h2 * g1; z2 = y2 + h2 * g2; z3 = y3 + h2 * g3; z4 = y4 + h2 * g4;
        const r0 = der1(a0, z4, c0, z0, q0, z3, u0s);
        const r1 = der1(a1, z0, c1, z1, q1, z4, u1);
        const r2 = der1(a2, z1, c2, z2, q2, z0, u2);
        const r3 = der1(a3, z2, c3, z3, q3, z1, u3);
        const r4 = der1(a4, z3, c4, z4, q4, z2, u4);
        z0 = y0 + dt * r0; z1 = y1 + dt * r1; z2 = y2 + dt * r2; z3 = y3 + dt * r3; z4 = y4 + dt * r4;
        const s0 = der1(a0, z4, c0, z0, q0, z3, u0s);
        const s1 = der1(a1, z0, c1, z1, q1, z4, u1);
        const s2 = der1(a2, z1, c2, z2, q2, z0, u2);
        const s3 = der1(a3, z2, c3, z3, q3, z1, u3);
        const s4 = der1(a4, z3, c4, z4, q4, z2, u4);
        n0 = y0 + h6 * (f0 + 2 * (g0 + r0) + s0);
        n1 = y1 + h6 * (f1 + 2 * (g1 + r1) + s1);
        n2 = y2 + h6 * (f2 + 2 * (g2 + r2) + s2);
        n3 = y3 + h6 * (f3 + 2 * (g3 + r3) + s3);
        n4 = y4 + h6 * (f4 + 2 * (g4 + r4) + s4);
      } else {
        n0 = y0 + dt * f0;
        n1 = y1 + dt * f1;
        n2 = y2 + dt * f2;
        n3 = y3 + dt * f3;
        n4 = y4 + dt * f4;
      }
      if (n0 < lo) n0 = lo;
      if (n1 < lo) n1 = lo;
      if (n2 < lo) n2 = lo;
      if (n3 < lo) n3 = lo;
      if (n4 < lo) n4 = lo;
      store<f32>(F0 + o, <f32>n0);
      store<f32>(F1 + o, <f32>n1);
      store<f32>(F2 + o, <f32>n2);
      store<f32>(F3 + o, <f32>n3);
      store<f32>(F4 + o, <f32>n4);
      const out = jOut == 0 ? n0 : jOut == 1 ? n1 : jOut == 2 ? n2 : jOut == 3 ? n3 : n4;
      store<f32>(D + o, <f32>(out - b0));
    }
  }
}

/**
 * When every copy of cells [u0, u0 + cells) sits exactly at its rest state r with no input
 * (`rest`: float32 per cell, NaN where the ring is not still at r; an ungated population), set
 * D to `dRest` (float32 of r − b0 per cell, as the step writes it) and return 1 — what the step
 * would do, copy by copy — else write nothing and return 0. Four cells per comparison, no
 * promotion: a reversed chain waiting for its error (BSP's forward window) costs a scan.
 */
export function wuxingAtRest(
  F0: usize, F1: usize, F2: usize, F3: usize, F4: usize, D: usize, I: usize,
  rest: usize, dRest: usize, u0: i32, cells: i32, size: i32, batch: i32,
): i32 {
  const rowBytes = <usize>(size) << 2;
  const quads = cells & ~3;
  const zero = f32x4.splat(0);
  for (let b = 0; b < batch; b++) {
    const base = (<usize>(b * size + u0)) << 2;
    let c = 0;
    for (; c < quads; c += 4) {
      const o = base + (<usize>c << 2);
      const r = v128.load(rest + (<usize>c << 2));
      const ok = v128.and(
        v128.and(f32x4.eq(v128.load(I + o), zero), v128.and(f32x4.eq(v128.load(F0 + o), r), f32x4.eq(v128.load(F1 + o), r))),
        v128.and(f32x4.eq(v128.load(F2 + o), r), v128.and(f32x4.eq(v128.load(F3 + o), r), f32x4.eq(v128.load(F4 + o), r))),
      );
      if (!i32x4.all_true(ok)) return 0;
    }
    for (; c < cells; c++) {
      const o = base + (<usize>c << 2);
      const r = load<f32>(rest + (<usize>c << 2));
      if (!(load<f32>(I + o) == 0 && load<f32>(F0 + o) == r && load<f32>(F1 + o) == r && load<f32>(F2 + o) == r && load<f32>(F3 + o) == r && load<f32>(F4 + o) == r)) return 0;
    }
  }
  for (let b = 0; b < batch; b++) memory.copy(D + (<usize>(b * size + u0) << 2), dRest, <usize>cells << 2);
  return 1;
}


// The float32 step (a model built with `arithmetic: 'float32'`): the same expressions in the
// same order, every operation in float32 (f32x4, four cells per instruction), as the cpu
// kernel's `stepCell32` does with Math.fround after each operation, so the two are
// bit-identical (test/sim/backends/wasmWuxing.test.ts). The caller fills the table in float32
// (17 rows of `stride` float32: k1 ×5, k2 ×5, k3 ×5, b0, rest state). There is no per-copy rest
// check: the rest state r is NaN unless the float32 derivatives vanish there and r is not
// below the floor (`ringStillAt32`), so integrating a copy at r with no input writes what the
// cpu kernel's skip writes. Written for V8's 16 vector registers: one loop per integrator with
// the input state a constant (inlined per jIn), the parameters read from the table inside the
// batch loop (L1-resident operands) rather than held, D re-read from the stored output state.

@inline function der4(a: v128, yp: v128, c: v128, y: v128, q: v128, y2: v128, u: v128): v128 {
  return f32x4.add(f32x4.sub(f32x4.sub(f32x4.mul(a, yp), f32x4.mul(c, y)), f32x4.mul(f32x4.mul(q, y), y2)), u);
}

@inline function der1f(a: f32, yp: f32, c: f32, y: f32, q: f32, y2: f32, u: f32): f32 {
  return a * yp - c * y - q * y * y2 + u;
}

@inline function floor4(n: v128, lo: v128): v128 {
  return v128.bitselect(lo, n, f32x4.lt(n, lo));
}

/** Row `row` of the float32 table at column pointer tp (rowT bytes a row). */
@inline function t4(tp: usize, rowT: usize, row: i32): v128 {
  return v128.load(tp + <usize>row * rowT);
}

@inline function wuxingStep32(
  F0: usize, F1: usize, F2: usize, F3: usize, F4: usize, D: usize, I: usize, gate: usize,
  table: usize, stride: i32, u0: i32, cells: i32, size: i32, batch: i32, dt: f32, rk4: i32, lo: f32, jIn: i32, jOut: i32,
): void {
  const rowBytes = <usize>(size) << 2;
  const rowT = <usize>(stride) << 2;
  const Fo = jOut == 0 ? F0 : jOut == 1 ? F1 : jOut == 2 ? F2 : jOut == 3 ? F3 : F4;
  const h2: f32 = dt / 2;
  const h6: f32 = dt / 6;
  const DT = f32x4.splat(dt), LO = f32x4.splat(lo);
  const ZERO = f32x4.splat(0);
  const quads = cells & ~3;
  let c = 0;
  for (; c < quads; c += 4) {
    const tp = table + (<usize>c << 2);
    let o = (<usize>(u0 + c)) << 2;
    if (!rk4) {
      for (let b = 0; b < batch; b++, o += rowBytes) {
        let uin = v128.load(I + o);
        if (gate) uin = f32x4.mul(uin, v128.load(gate + o));
        // w·uin: uin on the input state (1·uin), 0·uin (±0) on the others
        const z = f32x4.mul(ZERO, uin);
        const y0 = v128.load(F0 + o), y1 = v128.load(F1 + o), y2 = v128.load(F2 + o), y3 = v128.load(F3 + o), y4 = v128.load(F4 + o);
        const f0 = der4(t4(tp, rowT, 0), y4, t4(tp, rowT, 5), y0, t4(tp, rowT, 10), y3, jIn == 0 ? uin : z);
        const f1 = der4(t4(tp, rowT, 1), y0, t4(tp, rowT, 6), y1, t4(tp, rowT, 11), y4, jIn == 1 ? uin : z);
        const f2 = der4(t4(tp, rowT, 2), y1, t4(tp, rowT, 7), y2, t4(tp, rowT, 12), y0, jIn == 2 ? uin : z);
        const f3 = der4(t4(tp, rowT, 3), y2, t4(tp, rowT, 8), y3, t4(tp, rowT, 13), y1, jIn == 3 ? uin : z);
        const f4 = der4(t4(tp, rowT, 4), y3, t4(tp, rowT, 9), y4, t4(tp, rowT, 14), y2, jIn == 4 ? uin : z);
        v128.store(F0 + o, floor4(f32x4.add(y0, f32x4.mul(DT, f0)), LO));
        v128.store(F1 + o, floor4(f32x4.add(y1, f32x4.mul(DT, f1)), LO));
        v128.store(F2 + o, floor4(f32x4.add(y2, f32x4.mul(DT, f2)), LO));
        v128.store(F3 + o, floor4(f32x4.add(y3, f32x4.mul(DT, f3)), LO));
        v128.store(F4 + o, floor4(f32x4.add(y4, f32x4.mul(DT, f4)), LO));
        v128.store(D + o, f32x4.sub(v128.load(Fo + o), t4(tp, rowT, 15)));
      }
    } else {
      const H2 = f32x4.splat(h2), H6 = f32x4.splat(h6), TWO = f32x4.splat(2);
      for (let b = 0; b < batch; b++, o += rowBytes) {
        let uin = v128.load(I + o);
        if (gate) uin = f32x4.mul(uin, v128.load(gate + o));
        const z = f32x4.mul(ZERO, uin);
        const u0v = jIn == 0 ? uin : z, u1 = jIn == 1 ? uin : z, u2 = jIn == 2 ? uin : z, u3 = jIn == 3 ? uin : z, u4 = jIn == 4 ? uin : z;
        const y0 = v128.load(F0 + o), y1 = v128.load(F1 + o), y2 = v128.load(F2 + o), y3 = v128.load(F3 + o), y4 = v128.load(F4 + o);
        const f0 = der4(t4(tp, rowT, 0), y4, t4(tp, rowT, 5), y0, t4(tp, rowT, 10), y3, u0v);
        const f1 = der4(t4(tp, rowT, 1), y0, t4(tp, rowT, 6), y1, t4(tp, rowT, 11), y4, u1);
        const f2 = der4(t4(tp, rowT, 2), y1, t4(tp, rowT, 7), y2, t4(tp, rowT, 12), y0, u2);
        const f3 = der4(t4(tp, rowT, 3), y2, t4(tp, rowT, 8), y3, t4(tp, rowT, 13), y1, u3);
        const f4 = der4(t4(tp, rowT, 4), y3, t4(tp, rowT, 9), y4, t4(tp, rowT, 14), y2, u4);
        let z0 = f32x4.add(y0, f32x4.mul(H2, f0)), z1 = f32x4.add(y1, f32x4.mul(H2, f1)), z2 = f32x4.add(y2, f32x4.mul(H2, f2)), z3 = f32x4.add(y3, f32x4.mul(H2, f3)), z4 = f32x4.add(y4, f32x4.mul(H2, f4));
        const g0 = der4(t4(tp, rowT, 0), z4, t4(tp, rowT, 5), z0, t4(tp, rowT, 10), z3, u0v);
        const g1 = der4(t4(tp, rowT, 1), z0, t4(tp, rowT, 6), z1, t4(tp, rowT, 11), z4, u1);
        const g2 = der4(t4(tp, rowT, 2), z1, t4(tp, rowT, 7), z2, t4(tp, rowT, 12), z0, u2);
        const g3 = der4(t4(tp, rowT, 3), z2, t4(tp, rowT, 8), z3, t4(tp, rowT, 13), z1, u3);
        const g4 = der4(t4(tp, rowT, 4), z3, t4(tp, rowT, 9), z4, t4(tp, rowT, 14), z2, u4);
        z0 = f32x4.add(y0, f32x4.mul(H2, g0)); z1 = f32x4.add(y1, f32x4.mul(H2, g1)); z2 = f32x4.add(y2, f32x4.mul(H2, g2)); z3 = f32x4.add(y3, f32x4.mul(H2, g3)); z4 = f32x4.add(y4, f32x4.mul(H2, g4));
        const r0 = der4(t4(tp, rowT, 0), z4, t4(tp, rowT, 5), z0, t4(tp, rowT, 10), z3, u0v);
        const r1 = der4(t4(tp, rowT, 1), z0, t4(tp, rowT, 6), z1, t4(tp, rowT, 11), z4, u1);
        const r2 = der4(t4(tp, rowT, 2), z1, t4(tp, rowT, 7), z2, t4(tp, rowT, 12), z0, u2);
        const r3 = der4(t4(tp, rowT, 3), z2, t4(tp, rowT, 8), z3, t4(tp, rowT, 13), z1, u3);
        const r4 = der4(t4(tp, rowT, 4), z3, t4(tp, rowT, 9), z4, t4(tp, rowT, 14), z2, u4);
        z0 = f32x4.add(y0, f32x4.mul(DT, r0)); z1 = f32x4.add(y1, f32x4.mul(DT, r1)); z2 = f32x4.add(y2, f32x4.mul(DT, r2)); z3 = f32x4.add(y3, f32x4.mul(DT, r3)); z4 = f32x4.add(y4, f32x4.mul(DT, r4));
        const s0 = der4(t4(tp, rowT, 0), z4, t4(tp, rowT, 5), z0, t4(tp, rowT, 10), z3, u0v);
        const s1 = der4(t4(tp, rowT, 1), z0, t4(tp, rowT, 6), z1, t4(tp, rowT, 11), z4, u1);
        const s2 = der4(t4(tp, rowT, 2), z1, t4(tp, rowT, 7), z2, t4(tp, rowT, 12), z0, u2);
        const s3 = der4(t4(tp, rowT, 3), z2, t4(tp, rowT, 8), z3, t4(tp, rowT, 13), z1, u3);
        const s4 = der4(t4(tp, rowT, 4), z3, t4(tp, rowT, 9), z4, t4(tp, rowT, 14), z2, u4);
        v128.store(F0 + o, floor4(f32x4.add(y0, f32x4.mul(H6, f32x4.add(f32x4.add(f0, f32x4.mul(TWO, f32x4.add(g0, r0))), s0))), LO));
        v128.store(F1 + o, floor4(f32x4.add(y1, f32x4.mul(H6, f32x4.add(f32x4.add(f1, f32x4.mul(TWO, f32x4.add(g1, r1))), s1))), LO));
        v128.store(F2 + o, floor4(f32x4.add(y2, f32x4.mul(H6, f32x4.add(f32x4.add(f2, f32x4.mul(TWO, f32x4.add(g2, r2))), s2))), LO));
        v128.store(F3 + o, floor4(f32x4.add(y3, f32x4.mul(H6, f32x4.add(f32x4.add(f3, f32x4.mul(TWO, f32x4.add(g3, r3))), s3))), LO));
        v128.store(F4 + o, floor4(f32x4.add(y4, f32x4.mul(H6, f32x4.add(f32x4.add(f4, f32x4.mul(TWO, f32x4.add(g4, r4))), s4))), LO));
        v128.store(D + o, f32x4.sub(v128.load(Fo + o), t4(tp, rowT, 15)));
      }
    }
  }
  // the last one to three cells, one at a time (the same operations)
  for (; c < cells; c++) {
    const tp = table + (<usize>c << 2);
    const a0 = load<f32>(tp), a1 = load<f32>(tp + rowT), a2 = load<f32>(tp + 2 * rowT), a3 = load<f32>(tp + 3 * rowT), a4 = load<f32>(tp + 4 * rowT);
    const c0 = load<f32>(tp + 5 * rowT), c1 = load<f32>(tp + 6 * rowT), c2 = load<f32>(tp + 7 * rowT), c3 = load<f32>(tp + 8 * rowT), c4 = load<f32>(tp + 9 * rowT);
    const q0 = load<f32>(tp + 10 * rowT), q1 = load<f32>(tp + 11 * rowT), q2 = load<f32>(tp + 12 * rowT), q3 = load<f32>(tp + 13 * rowT), q4 = load<f32>(tp + 14 * rowT);
    const b0 = load<f32>(tp + 15 * rowT);
    let o = (<usize>(u0 + c)) << 2;
    for (let b = 0; b < batch; b++, o += rowBytes) {
      let uin = load<f32>(I + o);
      if (gate) uin = uin * load<f32>(gate + o);
      const z: f32 = <f32>0 * uin;
      const u0s = jIn == 0 ? uin : z, u1 = jIn == 1 ? uin : z, u2 = jIn == 2 ? uin : z, u3 = jIn == 3 ? uin : z, u4 = jIn == 4 ? uin : z;
      const y0 = load<f32>(F0 + o), y1 = load<f32>(F1 + o), y2 = load<f32>(F2 + o), y3 = load<f32>(F3 + o), y4 = load<f32>(F4 + o);
      const f0 = der1f(a0, y4, c0, y0, q0, y3, u0s);
      const f1 = der1f(a1, y0, c1, y1, q1, y4, u1);
      const f2 = der1f(a2, y1, c2, y2, q2, y0, u2);
      const f3 = der1f(a3, y2, c3, y3, q3, y1, u3);
      const f4 = der1f(a4, y3, c4, y4, q4, y2, u4);
      let n0: f32, n1: f32, n2: f32, n3: f32, n4: f32;
      if (rk4) {
        let z0 = y0 + h2 * f0, z1 = y1 + h2 * f1, z2 = y2 + h2 * f2, z3 = y3 + h2 * f3, z4 = y4 + h2 * f4;
        const g0 = der1f(a0, z4, c0, z0, q0, z3, u0s);
        const g1 = der1f(a1, z0, c1, z1, q1, z4, u1);
        const g2 = der1f(a2, z1, c2, z2, q2, z0, u2);
        const g3 = der1f(a3, z2, c3, z3, q3, z1, u3);
        const g4 = der1f(a4, z3, c4, z4, q4, z2, u4);
        z0 = y0 + h2 * g0; z1 = y1 + h2 * g1; z2 = y2 + h2 * g2; z3 = y3 + h2 * g3; z4 = y4 + h2 * g4;
        const r0 = der1f(a0, z4, c0, z0, q0, z3, u0s);
        const r1 = der1f(a1, z0, c1, z1, q1, z4, u1);
        const r2 = der1f(a2, z1, c2, z2, q2, z0, u2);
        const r3 = der1f(a3, z2, c3, z3, q3, z1, u3);
        const r4 = der1f(a4, z3, c4, z4, q4, z2, u4);
        z0 = y0 + dt * r0; z1 = y1 + dt * r1; z2 = y2 + dt * r2; z3 = y3 + dt * r3; z4 = y4 + dt * r4;
        const s0 = der1f(a0, z4, c0, z0, q0, z3, u0s);
        const s1 = der1f(a1, z0, c1, z1, q1, z4, u1);
        const s2 = der1f(a2, z1, c2, z2, q2, z0, u2);
        const s3 = der1f(a3, z2, c3, z3, q3, z1, u3);
        const s4 = der1f(a4, z3, c4, z4, q4, z2, u4);
        n0 = y0 + h6 * (f0 + <f32>2 * (g0 + r0) + s0);
        n1 = y1 + h6 * (f1 + <f32>2 * (g1 + r1) + s1);
        n2 = y2 + h6 * (f2 + <f32>2 * (g2 + r2) + s2);
        n3 = y3 + h6 * (f3 + <f32>2 * (g3 + r3) + s3);
        n4 = y4 + h6 * (f4 + <f32>2 * (g4 + r4) + s4);
      } else {
        n0 = y0 + dt * f0;
        n1 = y1 + dt * f1;
        n2 = y2 + dt * f2;
        n3 = y3 + dt * f3;
        n4 = y4 + dt * f4;
      }
      if (n0 < lo) n0 = lo;
      if (n1 < lo) n1 = lo;
      if (n2 < lo) n2 = lo;
      if (n3 < lo) n3 = lo;
      if (n4 < lo) n4 = lo;
      store<f32>(F0 + o, n0);
      store<f32>(F1 + o, n1);
      store<f32>(F2 + o, n2);
      store<f32>(F3 + o, n3);
      store<f32>(F4 + o, n4);
      const out = jOut == 0 ? n0 : jOut == 1 ? n1 : jOut == 2 ? n2 : jOut == 3 ? n3 : n4;
      store<f32>(D + o, out - b0);
    }
  }
}
