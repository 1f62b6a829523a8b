// Every undelayed graded projection into one population in one call (src/sim/backends/wasm/
// gradedGroup.ts): first zero the input channels they target, then, projection by projection
// in wiring order, out[b·post + cols[k]] += x[b·pre + i] · w[k] over the synapses in row order —
// the cpu kernels' additions in their order (each output sees its terms in the same sequence;
// batch copies never share an output), each sum formed in float64 and rounded once on store
// as the cpu kernels' JavaScript numbers are, so results are bit-identical to the cpu backend.
//
// `plan`: one 48-byte record per projection, int32 fields: rowPtr, cols, flags, w, x, out,
// pre, post, rows, nnz (two unused). Flags: bit 0, 16-bit columns; bit 1, skip terms whose x
// is 0, as the sparse cpu kernel does (one-to-one adds every term); bit 2, walk the synapses
// by their 16-bit row index `rows` (one per synapse, columns 16-bit too) instead of the row
// pointers — for projections whose rows hold a synapse or two, where a row's loop costs more
// than its terms; bit 3, walk diagonal runs: `rows` then holds nRuns (in the nnz field)
// records of int32 (k0, length, i0, j0), synapses k0 + t joining pre i0 + t to post j0 + t
// (one-to-one maps, the fly's shifted maps), four terms at a time in 128-bit lanes: each
// output appears once in a run, so the terms keep their order. Bit 4 (with bit 3): every
// output of this projection is a channel cleared above that no earlier projection wrote and
// appears in one run only, so each gets its first term: 0 + x·w, whose float64 product of two
// floats is exact, so rounding it to float32 is the float32 product (+0 added, as 0 + (−0) is
// +0): four float32 products instead of float64 sums.
// `clear`: nClear pairs (byte offset, byte length).

const NARROW = 1;
const SKIP_ZERO = 2;
const BY_SYNAPSE = 4;
const BY_RUN = 8;
const FIRST = 16;
const RECORD = 48;

export function gradedGroup(plan: usize, count: i32, clear: usize, nClear: i32, batch: i32): void {
  for (let c = 0; c < nClear; c++) {
    const at = clear + (<usize>c << 3);
    memory.fill(<usize>load<u32>(at), 0, <usize>load<u32>(at, 4));
  }
  for (let p = 0; p < count; p++) {
    const r = plan + <usize>(p * RECORD);
    const rowPtr = <usize>load<u32>(r);
    const cols = <usize>load<u32>(r, 4);
    const flags = load<i32>(r, 8);
    const w = <usize>load<u32>(r, 12);
    const x = <usize>load<u32>(r, 16);
    const out = <usize>load<u32>(r, 20);
    const pre = load<i32>(r, 24);
    const post = load<i32>(r, 28);
    const skipZero = flags & SKIP_ZERO;
    if (flags & BY_RUN) {
      runs(<usize>load<u32>(r, 32), load<i32>(r, 36), w, x, out, pre, post, batch, skipZero, flags & FIRST);
    } else if (flags & BY_SYNAPSE) {
      const rows = <usize>load<u32>(r, 32);
      const nnz = load<i32>(r, 36);
      if (batch == 1) synapses(rows, cols, w, x, out, nnz, skipZero);
      else synapsesBatched(rows, cols, skipZero, w, x, out, nnz, pre, post, batch);
    } else if (batch == 1) {
      if (flags & NARROW) rowsNarrow(rowPtr, cols, w, x, out, pre, skipZero);
      else rowsWide(rowPtr, cols, w, x, out, pre, skipZero);
    } else {
      rowsBatched(rowPtr, cols, flags, w, x, out, pre, post, batch);
    }
  }
}

@inline function addTerm(p: usize, xd: f64, w: usize, k: i32): void {
  store<f32>(p, <f32>(<f64>load<f32>(p) + xd * <f64>load<f32>(w + (<usize>k << 2))));
}

function rowsNarrow(rowPtr: usize, cols: usize, w: usize, x: usize, out: usize, pre: i32, skipZero: i32): void {
  let start = load<i32>(rowPtr);
  for (let i = 0; i < pre; i++) {
    const end = load<i32>(rowPtr + (<usize>(i + 1) << 2));
    const xi = load<f32>(x + (<usize>i << 2));
    if (xi != 0 || !skipZero) {
      const xd = <f64>xi;
      for (let k = start; k < end; k++) addTerm(out + (<usize>load<u16>(cols + (<usize>k << 1)) << 2), xd, w, k);
    }
    start = end;
  }
}

function rowsWide(rowPtr: usize, cols: usize, w: usize, x: usize, out: usize, pre: i32, skipZero: i32): void {
  let start = load<i32>(rowPtr);
  for (let i = 0; i < pre; i++) {
    const end = load<i32>(rowPtr + (<usize>(i + 1) << 2));
    const xi = load<f32>(x + (<usize>i << 2));
    if (xi != 0 || !skipZero) {
      const xd = <f64>xi;
      for (let k = start; k < end; k++) addTerm(out + (<usize>load<i32>(cols + (<usize>k << 2)) << 2), xd, w, k);
    }
    start = end;
  }
}

function synapses(rows: usize, cols: usize, w: usize, x: usize, out: usize, nnz: i32, skipZero: i32): void {
  for (let k = 0; k < nnz; k++) {
    const xi = load<f32>(x + (<usize>load<u16>(rows + (<usize>k << 1)) << 2));
    if (xi != 0 || !skipZero) addTerm(out + (<usize>load<u16>(cols + (<usize>k << 1)) << 2), <f64>xi, w, k);
  }
}

/** One synapse's term for every batch copy: its column and weight are read once. */
@inline function termBatched(xp: usize, op: usize, wk: f64, skipZero: i32, xStride: usize, oStride: usize, batch: i32): void {
  for (let b = 0; b < batch; b++) {
    const xi = load<f32>(xp);
    if (xi != 0 || !skipZero) store<f32>(op, <f32>(<f64>load<f32>(op) + <f64>xi * wk));
    xp += xStride;
    op += oStride;
  }
}

/** Batch innermost, row by row. */
function rowsBatched(rowPtr: usize, cols: usize, flags: i32, w: usize, x: usize, out: usize, pre: i32, post: i32, batch: i32): void {
  const skipZero = flags & SKIP_ZERO;
  const xStride = <usize>pre << 2;
  const oStride = <usize>post << 2;
  let start = load<i32>(rowPtr);
  for (let i = 0; i < pre; i++) {
    const end = load<i32>(rowPtr + (<usize>(i + 1) << 2));
    const xi0 = x + (<usize>i << 2);
    for (let k = start; k < end; k++) {
      const col = flags & NARROW ? <usize>load<u16>(cols + (<usize>k << 1)) : <usize>load<i32>(cols + (<usize>k << 2));
      termBatched(xi0, out + (col << 2), <f64>load<f32>(w + (<usize>k << 2)), skipZero, xStride, oStride, batch);
    }
    start = end;
  }
}

/** Batch innermost, synapse by synapse. */
function synapsesBatched(rows: usize, cols: usize, skipZero: i32, w: usize, x: usize, out: usize, nnz: i32, pre: i32, post: i32, batch: i32): void {
  const xStride = <usize>pre << 2;
  const oStride = <usize>post << 2;
  for (let k = 0; k < nnz; k++) {
    const i = <usize>load<u16>(rows + (<usize>k << 1));
    const col = <usize>load<u16>(cols + (<usize>k << 1));
    termBatched(x + (i << 2), out + (col << 2), <f64>load<f32>(w + (<usize>k << 2)), skipZero, xStride, oStride, batch);
  }
}

/** Diagonal runs of synapses, for every batch copy: four terms at a time, then one at a time. */
function runs(runList: usize, nRuns: i32, w: usize, x: usize, out: usize, pre: i32, post: i32, batch: i32, skipZero: i32, first: i32): void {
  const zero = f32x4.splat(0);
  for (let q = 0; q < nRuns; q++) {
    const rr = runList + (<usize>q << 4);
    const k0 = load<i32>(rr);
    const len = load<i32>(rr, 4);
    const i0 = load<i32>(rr, 8);
    const j0 = load<i32>(rr, 12);
    const wr = w + (<usize>k0 << 2);
    for (let b = 0; b < batch; b++) {
      const xr = x + (<usize>(b * pre + i0) << 2);
      const orow = out + (<usize>(b * post + j0) << 2);
      let t = 0;
      if (first) {
        for (; t + 4 <= len; t += 4) {
          const at = <usize>t << 2;
          const xv = v128.load(xr + at);
          let nv = f32x4.add(f32x4.mul(xv, v128.load(wr + at)), zero);
          if (skipZero) nv = v128.and(nv, f32x4.ne(xv, zero));
          v128.store(orow + at, nv);
        }
      }
      for (; t + 4 <= len; t += 4) {
        const at = <usize>t << 2;
        const xv = v128.load(xr + at);
        const ov = v128.load(orow + at);
        const wv = v128.load(wr + at);
        const lo = f64x2.add(f64x2.promote_low_f32x4(ov), f64x2.mul(f64x2.promote_low_f32x4(xv), f64x2.promote_low_f32x4(wv)));
        const hi = f64x2.add(
          f64x2.promote_low_f32x4(v128.shuffle<f32>(ov, ov, 2, 3, 2, 3)),
          f64x2.mul(f64x2.promote_low_f32x4(v128.shuffle<f32>(xv, xv, 2, 3, 2, 3)), f64x2.promote_low_f32x4(v128.shuffle<f32>(wv, wv, 2, 3, 2, 3))),
        );
        let nv = v128.shuffle<f32>(f32x4.demote_f64x2_zero(lo), f32x4.demote_f64x2_zero(hi), 0, 1, 4, 5);
        // a term whose x is 0 is skipped (sparse): keep the old value in that lane
        if (skipZero) nv = v128.bitselect(nv, ov, f32x4.ne(xv, zero));
        v128.store(orow + at, nv);
      }
      for (; t < len; t++) {
        const at = <usize>t << 2;
        const xi = load<f32>(xr + at);
        if (xi != 0 || !skipZero) store<f32>(orow + at, <f32>(<f64>load<f32>(orow + at) + <f64>xi * <f64>load<f32>(wr + at)));
      }
    }
  }
}
