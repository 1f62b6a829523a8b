import { SpecError } from '../core/errors.js';
import type { SparseSynapses, Synapses } from './Connectivity.js';
import type { TransposedSynapses } from './transposeOf.js';

/** Called once per synapse: the unit at the other end and `k`, the synapse's index in `weights`. */
export type SynapseVisitor = (other: number, k: number) => void;

/**
 * Post-major index of a CSR matrix (built once per synapse object, O(synapses), then reused):
 * the synapses onto post unit j are `byPost[colPtr[j] .. colPtr[j+1]-1]`, as weight indices.
 */
interface ColumnIndex {
  readonly colPtr: Int32Array;
  readonly byPost: Int32Array;
  readonly preOf: Int32Array;
}
const columnIndexes = new WeakMap<SparseSynapses, ColumnIndex>();

function columnIndex(s: SparseSynapses): ColumnIndex {
  let c = columnIndexes.get(s);
  if (c) return c;
  const n = s.cols.length;
  const colPtr = new Int32Array(s.postSize + 1);
  for (let k = 0; k < n; k++) colPtr[s.cols[k]! + 1]!++;
  for (let j = 0; j < s.postSize; j++) colPtr[j + 1] = colPtr[j + 1]! + colPtr[j]!;
  const fill = colPtr.slice(0, s.postSize);
  const byPost = new Int32Array(n);
  const preOf = new Int32Array(n);
  for (let i = 0; i < s.preSize; i++) {
    for (let k = s.rowPtr[i]!; k < s.rowPtr[i + 1]!; k++) {
      const at = fill[s.cols[k]!]!++;
      byPost[at] = k;
      preOf[at] = i;
    }
  }
  c = { colPtr, byPost, preOf };
  columnIndexes.set(s, c);
  return c;
}

function checkUnit(field: string, unit: number, size: number): void {
  if (!Number.isInteger(unit) || unit < 0 || unit >= size) throw new SpecError(field, `${unit} is outside [0, ${size})`);
}

function unreadable(field: string, kind: string): SpecError {
  return new SpecError(field, `cannot visit the synapses of a '${kind}' projection (dense, sparse, oneToOne and transposed ones can be visited)`);
}

/**
 * Visit every synapse onto post unit `post`: `visit(pre, k)` with `weights[k]` its weight, in
 * increasing pre order. Works for dense, sparse (CSR: a post-major index is built on the first
 * call and cached), oneToOne and transposed synapses, so a rule needs no layout of its own.
 *
 * @example
 * // Normalise the incoming weights of post unit j to sum 1.
 * let sum = 0;
 * forEachSynapseOnto(view.synapses, j, (_i, k) => (sum += w[k]!));
 * forEachSynapseOnto(view.synapses, j, (_i, k) => (w[k] = w[k]! / sum));
 */
export function forEachSynapseOnto(syn: Synapses, post: number, visit: SynapseVisitor): void {
  checkUnit('forEachSynapseOnto.post', post, syn.postSize);
  switch (syn.kind) {
    case 'dense':
      for (let i = 0; i < syn.preSize; i++) visit(i, i * syn.postSize + post);
      return;
    case 'sparse': {
      const c = columnIndex(syn as SparseSynapses);
      for (let a = c.colPtr[post]!; a < c.colPtr[post + 1]!; a++) visit(c.preOf[a]!, c.byPost[a]!);
      return;
    }
    case 'oneToOne':
      visit(post, post);
      return;
    case 'transposed': {
      const fwd = (syn as TransposedSynapses).forward;
      if (fwd.kind === 'transposed') throw unreadable('forEachSynapseOnto', 'transposed transposed');
      forEachSynapseFrom(fwd, post, visit);
      return;
    }
    default:
      throw unreadable('forEachSynapseOnto', syn.kind);
  }
}

/**
 * Visit every synapse from pre unit `pre`: `visit(post, k)` with `weights[k]` its weight, in
 * storage order (dense and sparse: increasing post). The counterpart of `forEachSynapseOnto`.
 */
export function forEachSynapseFrom(syn: Synapses, pre: number, visit: SynapseVisitor): void {
  checkUnit('forEachSynapseFrom.pre', pre, syn.preSize);
  switch (syn.kind) {
    case 'dense':
      for (let j = 0; j < syn.postSize; j++) visit(j, pre * syn.postSize + j);
      return;
    case 'sparse': {
      const s = syn as SparseSynapses;
      for (let k = s.rowPtr[pre]!; k < s.rowPtr[pre + 1]!; k++) visit(s.cols[k]!, k);
      return;
    }
    case 'oneToOne':
      visit(pre, pre);
      return;
    case 'transposed': {
      const fwd = (syn as TransposedSynapses).forward;
      if (fwd.kind === 'transposed') throw unreadable('forEachSynapseFrom', 'transposed transposed');
      forEachSynapseOnto(fwd, pre, visit);
      return;
    }
    default:
      throw unreadable('forEachSynapseFrom', syn.kind);
  }
}
