import { SpecError, requireFinite, requirePositive } from '../core/errors.js';
import type { SparseSynapses, Synapses } from '../synapses/Connectivity.js';
import { optionalSI, type Plausible, type QuantityInput } from '../core/quantity.js';
import type { ProjectionRule, ProjectionView } from './PlasticityRule.js';

/** STDP windows are milliseconds to about a second; 20 (meant: ms) would be 20 s. */
const TRACE_TAU: Plausible = { min: 1e-4, max: 2, what: 'an STDP trace time constant' };

/** Options of `stdp`. */
export interface STDPOptions {
  /** Potentiation amplitude (pre before post), default 0.01. */
  aPlus?: number;
  /** Depression amplitude (post before pre), default 0.0105. */
  aMinus?: number;
  /** Pre trace time constant: seconds or a quantity ('20 ms'); default 20 ms. */
  tauPlus?: QuantityInput;
  /** Post trace time constant: seconds or a quantity ('20 ms'); default 20 ms. */
  tauMinus?: QuantityInput;
  /** Lower weight bound (default 0). */
  wMin?: number;
  /** Upper weight bound (default 1). */
  wMax?: number;
}

/**
 * Pair-based STDP with all-to-all pairing through traces, as in Brian2's example:
 * a post spike adds aPlus·x_pre(i) to w_ij, a pre spike adds −aMinus·x_post(j), with
 * x the exponential traces of each side (before this step's own spikes), clipped to
 * [wMin, wMax]. Works on dense, sparse and one-to-one projections.
 */
export function stdp(options: STDPOptions = {}): ProjectionRule {
  const aPlus = requireFinite('stdp.aPlus', options.aPlus ?? 0.01);
  const aMinus = requireFinite('stdp.aMinus', options.aMinus ?? 0.0105);
  const tauPlus = requirePositive('stdp.tauPlus', optionalSI('stdp.tauPlus', options.tauPlus, 'time', 0.02, TRACE_TAU));
  const tauMinus = requirePositive('stdp.tauMinus', optionalSI('stdp.tauMinus', options.tauMinus, 'time', 0.02, TRACE_TAU));
  const wMin = requireFinite('stdp.wMin', options.wMin ?? 0);
  const wMax = requireFinite('stdp.wMax', options.wMax ?? 1);
  if (wMin > wMax) throw new SpecError('stdp.wMin', `must not exceed wMax (${wMin} > ${wMax})`);

  // Column index of a CSR matrix (synapses into each post unit), built once.
  let colPtr = new Int32Array(0);
  let colSyn = new Int32Array(0);
  let colPre = new Int32Array(0);

  const clip = (w: number) => (w < wMin ? wMin : w > wMax ? wMax : w);

  function indexColumns(syn: SparseSynapses): void {
    const { rowPtr, cols, preSize, postSize } = syn;
    colPtr = new Int32Array(postSize + 1);
    for (let k = 0; k < cols.length; k++) colPtr[cols[k]! + 1]!++;
    for (let j = 0; j < postSize; j++) colPtr[j + 1] = colPtr[j + 1]! + colPtr[j]!;
    const fill = colPtr.slice(0, postSize);
    colSyn = new Int32Array(cols.length);
    colPre = new Int32Array(cols.length);
    for (let i = 0; i < preSize; i++) {
      for (let k = rowPtr[i]!; k < rowPtr[i + 1]!; k++) {
        const at = fill[cols[k]!]!++;
        colSyn[at] = k;
        colPre[at] = i;
      }
    }
  }

  function check(syn: Synapses): void {
    if (syn.kind !== 'dense' && syn.kind !== 'sparse' && syn.kind !== 'oneToOne') {
      throw new SpecError('stdp', `unsupported synapse kind '${syn.kind}'`);
    }
  }

  return {
    attach: 'projection',
    name: 'stdp',
    traces: { pre: [tauPlus], post: [tauMinus] },
    init(view: ProjectionView) {
      check(view.synapses);
      if (view.synapses.kind === 'sparse') indexColumns(view.synapses as SparseSynapses);
    },
    onPreSpikes(view, fired, count) {
      const syn = view.synapses;
      const w = syn.weights;
      const xPost = view.post.traces[0]!;
      const pre = syn.preSize;
      const post = syn.postSize;
      for (let s = 0; s < count; s++) {
        const flat = fired[s]!;
        const b = (flat / pre) | 0;
        const i = flat - b * pre;
        const o = b * post;
        if (syn.kind === 'dense') {
          for (let j = 0; j < post; j++) w[i * post + j] = clip(w[i * post + j]! - aMinus * xPost[o + j]!);
        } else if (syn.kind === 'sparse') {
          const { rowPtr, cols } = syn as SparseSynapses;
          for (let k = rowPtr[i]!; k < rowPtr[i + 1]!; k++) w[k] = clip(w[k]! - aMinus * xPost[o + cols[k]!]!);
        } else w[i] = clip(w[i]! - aMinus * xPost[o + i]!);
      }
    },
    onPostSpikes(view, fired, count) {
      const syn = view.synapses;
      const w = syn.weights;
      const xPre = view.pre.traces[0]!;
      const pre = syn.preSize;
      const post = syn.postSize;
      for (let s = 0; s < count; s++) {
        const flat = fired[s]!;
        const b = (flat / post) | 0;
        const j = flat - b * post;
        const o = b * pre;
        if (syn.kind === 'dense') {
          for (let i = 0; i < pre; i++) w[i * post + j] = clip(w[i * post + j]! + aPlus * xPre[o + i]!);
        } else if (syn.kind === 'sparse') {
          for (let c = colPtr[j]!; c < colPtr[j + 1]!; c++) {
            const k = colSyn[c]!;
            w[k] = clip(w[k]! + aPlus * xPre[o + colPre[c]!]!);
          }
        } else w[j] = clip(w[j]! + aPlus * xPre[o + j]!);
      }
    },
    describe() {
      return { rule: 'stdp', aPlus, aMinus, tauPlus, tauMinus, wMin, wMax };
    },
  };
}
