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
// than its terms.
// `clear`: nClear pairs (byte offset, byte length).

const NARROW = 1;
const SKIP_ZERO = 2;
const BY_SYNAPSE = 4;
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
    if (flags & BY_SYNAPSE) {
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
