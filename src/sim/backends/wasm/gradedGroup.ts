import type { SparseSynapses, Synapses } from '../../../synapses/Connectivity.js';
import type { GradedGroup } from '../gradedGroup.js';
import { arenaOf, type WasmArena } from './arena.js';
import { csrMirror, csrMirrorBytes, mirrorsAsCsr, type CsrMirror } from './csrMirror.js';

/** Bytes of the plan (48 per projection) and of the clear list (8 per channel), with alignment, per projection. */
const PLAN_BYTES = 80;
const RECORD_INTS = 12;
const NARROW = 1;
const SKIP_ZERO = 2;
const BY_SYNAPSE = 4;
const BY_RUN = 8;
const FIRST = 16;

/**
 * Walk these synapses one by one (a 16-bit row index each) rather than row by row: rows of
 * about one synapse (the fly's shifted one-to-one maps), pre and post both within 16 bits.
 */
function bySynapse(syn: Synapses): boolean {
  return syn.kind === 'sparse' && syn.weights.length <= 2 * syn.preSize && syn.preSize <= 65536 && syn.postSize <= 65536;
}

/**
 * The synapses as maximal diagonal runs (k0, length, i0, j0): synapse k0 + t joins pre
 * i0 + t to post j0 + t. Null unless the runs average four synapses or more (one-to-one: one
 * run; the fly's shifted maps: one run each).
 */
function diagonalRuns(syn: Synapses): Int32Array | null {
  let found = runCache.get(syn);
  if (found !== undefined) return found;
  const n = syn.weights.length;
  const runs: number[] = [];
  if (syn.kind === 'oneToOne') runs.push(0, n, 0, 0);
  else if (syn.kind === 'sparse') {
    const { rowPtr, cols } = syn as SparseSynapses;
    for (let i = 0; i < syn.preSize; i++) {
      for (let k = rowPtr[i]!; k < rowPtr[i + 1]!; k++) {
        const last = runs.length - 4;
        if (last >= 0 && runs[last]! + runs[last + 1]! === k && runs[last + 2]! + runs[last + 1]! === i && runs[last + 3]! + runs[last + 1]! === cols[k]!) runs[last + 1]!++;
        else runs.push(k, 1, i, cols[k]!);
      }
    }
  }
  found = runs.length > 0 && (runs.length / 4) * 4 <= n ? Int32Array.from(runs) : null;
  runCache.set(syn, found);
  return found;
}
const runCache = new WeakMap<Synapses, Int32Array | null>();

/** Whether no post unit appears in two runs (then each output gets one term from the projection). */
function distinctTargets(runs: Int32Array, postSize: number): boolean {
  const seen = new Uint8Array(postSize);
  for (let q = 0; q < runs.length; q += 4) {
    for (let t = 0, j = runs[q + 3]!; t < runs[q + 1]!; t++, j++) {
      if (seen[j]) return false;
      seen[j] = 1;
    }
  }
  return true;
}

/** Bytes of what the group keeps besides the CSR mirror: diagonal runs, or 16-bit row indices (aligned). */
function layoutBytes(syn: Synapses): number {
  const runs = diagonalRuns(syn);
  if (runs) return Math.ceil(runs.byteLength / 16) * 16;
  return bySynapse(syn) ? Math.ceil((syn.weights.length * 2) / 16) * 16 : 0;
}

/**
 * Whether two arrays share memory. Never today (an undelayed projection from a population into
 * itself is a cycle the network refuses), but runs would break the cpu order there: a term
 * reading what an earlier term of the same projection wrote.
 */
function overlap(a: Float32Array, b: Float32Array): boolean {
  return a.buffer === b.buffer && a.byteOffset < b.byteOffset + b.byteLength && b.byteOffset < a.byteOffset + a.byteLength;
}

/** Row index of every synapse of a CSR mirror, 16-bit, in the arena. */
function rowIndices(arena: WasmArena, m: CsrMirror): Uint16Array {
  const nnz = m.weights.length;
  const rows = new Uint16Array(arena.memory.buffer, arena.reserve(Math.max(2, nnz * 2)), nnz);
  for (let i = 0; i + 1 < m.rowPtr.length; i++) rows.fill(i, m.rowPtr[i]!, m.rowPtr[i + 1]!);
  return rows;
}

/**
 * `graded.group` on the wasm backend (assembly/gradedGroup.ts): a population's sparse and
 * one-to-one graded projections and the clearing of the channels they feed in one call per
 * step — one JS→wasm crossing instead of one per projection — bit-identical to the cpu
 * kernels. The weights stay in the arena and are copied again only when `hostEdits` says
 * they may have changed (a rule ran, a new run or frame began, a user callback ran). Null
 * (one projection at a time) for other synapse kinds, arrays outside the arena, or no room.
 */
export function wasmGradedGroup(group: GradedGroup): ((step: number) => void) | null {
  const { deliveries, clear, batch, hostEdits } = group;
  const arena = arenaOf(deliveries[0]!.out);
  if (arena === undefined) return null;
  if (!deliveries.every((d) => mirrorsAsCsr(d.synapses) && arenaOf(d.x) === arena && arenaOf(d.out) === arena)) return null;
  if (!clear.every((c) => arenaOf(c) === arena)) return null;
  const mirrors: CsrMirror[] = [];
  for (const d of deliveries) {
    const m = csrMirror(arena, d.synapses);
    if (m === null) return null;
    mirrors.push(m);
  }
  let plan: Int32Array;
  let clearList: Int32Array;
  // How each projection is walked: diagonal runs (four terms at a time; not when it reads
  // what it writes, where the cpu order lets a term see an earlier one), synapse by synapse, or row by row.
  const layouts: { flag: number; at: number; count: number }[] = [];
  // Outputs written so far in delivery order: a run-walked projection into a cleared channel
  // none of them wrote, each output in one run, gives every output its first term (FIRST).
  const written: Float32Array[] = [];
  try {
    plan = arena.i32(RECORD_INTS * deliveries.length);
    clearList = arena.i32(Math.max(2, 2 * clear.length));
    deliveries.forEach((d, p) => {
      const runs = overlap(d.x, d.out) ? null : diagonalRuns(d.synapses);
      if (runs) {
        const copy = arena.i32(runs.length);
        copy.set(runs);
        const first = clear.includes(d.out) && !written.some((o) => overlap(o, d.out)) && distinctTargets(runs, d.synapses.postSize);
        layouts.push({ flag: BY_RUN | (first ? FIRST : 0), at: copy.byteOffset, count: runs.length / 4 });
      } else if (bySynapse(d.synapses)) {
        layouts.push({ flag: BY_SYNAPSE, at: rowIndices(arena, mirrors[p]!).byteOffset, count: d.synapses.weights.length });
      } else layouts.push({ flag: 0, at: 0, count: 0 });
      written.push(d.out);
    });
  } catch (e) {
    if (!(e instanceof RangeError)) throw e;
    return null;
  }
  deliveries.forEach((d, p) => {
    const m = mirrors[p]!;
    const { flag, at, count } = layouts[p]!;
    const flags = (m.cols instanceof Uint16Array ? NARROW : 0) | (d.synapses.kind === 'sparse' ? SKIP_ZERO : 0) | flag;
    plan.set([m.rowPtr.byteOffset, m.cols.byteOffset, flags, m.weights.byteOffset, d.x.byteOffset, d.out.byteOffset, d.synapses.preSize, d.synapses.postSize, at, count], RECORD_INTS * p);
  });
  clear.forEach((c, k) => clearList.set([c.byteOffset, c.byteLength], 2 * k));
  const synapses: Synapses[] = deliveries.map((d) => d.synapses);
  const count = deliveries.length;
  const nClear = clear.length;
  const kernels = arena.kernels;
  let copied = -1;
  return () => {
    if (copied !== hostEdits.count) {
      for (let p = 0; p < count; p++) mirrors[p]!.weights.set(synapses[p]!.weights);
      copied = hostEdits.count;
    }
    kernels.gradedGroup(plan.byteOffset, count, clearList.byteOffset, nClear, batch);
  };
}

/** What the wasm backend keeps in its memory for a projection: the CSR mirror and plan of graded, undelayed sparse and one-to-one projections. */
export function wasmSynapseBytes(syn: Synapses, graded: boolean, delay: number): number {
  return graded && delay === 0 && mirrorsAsCsr(syn) ? csrMirrorBytes(syn) + layoutBytes(syn) + PLAN_BYTES : 0;
}
