import type { DeliveryKernels, SparseSynapses } from '../../../synapses/Connectivity.js';
import { SpecError } from '../../../core/errors.js';
import { createKernel, type GpuKernel } from './gpuContext.js';
import { cached, viaFlags } from './spikeFlags.js';

/**
 * Column-major (post-major) copy of a CSR projection, so each post unit gathers its own
 * inputs: rows of a column ascend, which keeps the cpu kernels' order of additions.
 * Indices travel as float32, exact below 2^24.
 */
interface Csc {
  colPtr: Float32Array;
  rowIdx: Float32Array;
  /** CSC position → CSR weight index, to gather current (learned) weights. */
  perm: Int32Array;
  weights: Float32Array;
  maxFanIn: number;
}

const cscs = new WeakMap<SparseSynapses, Csc>();
const kernels = new WeakMap<object, Map<number, GpuKernel>>();

function cscOf(syn: SparseSynapses): Csc {
  let c = cscs.get(syn);
  if (c) return c;
  const { preSize: pre, postSize: post, rowPtr, cols } = syn;
  const nnz = cols.length;
  if (nnz >= 2 ** 24 || pre >= 2 ** 24) {
    throw new SpecError('gpu sparse projection', `${nnz} synapses: the gpu gather indexes in float32, exact only below 2^24`);
  }
  const counts = new Int32Array(post + 1);
  for (let k = 0; k < nnz; k++) counts[cols[k]! + 1]!++;
  let maxFanIn = 0;
  for (let j = 0; j < post; j++) {
    maxFanIn = Math.max(maxFanIn, counts[j + 1]!);
    counts[j + 1] = counts[j + 1]! + counts[j]!;
  }
  const next = counts.slice(0, post);
  const rowIdx = new Float32Array(nnz);
  const perm = new Int32Array(nnz);
  for (let i = 0; i < pre; i++) {
    for (let k = rowPtr[i]!; k < rowPtr[i + 1]!; k++) {
      const at = next[cols[k]!]!++;
      rowIdx[at] = i;
      perm[at] = k;
    }
  }
  c = { colPtr: Float32Array.from(counts), rowIdx, perm, weights: new Float32Array(Math.max(1, nnz)), maxFanIn };
  cscs.set(syn, c);
  return c;
}

function gatherKernel(syn: SparseSynapses, batch: number, csc: Csc): GpuKernel {
  return cached(kernels, syn, batch, () =>
    createKernel(
      `function (o, x, w, rowIdx, colPtr) {
        const post = this.constants.post;
        const pre = this.constants.pre;
        const b = Math.floor(this.thread.x / post);
        const j = this.thread.x - b * post;
        let sum = o[this.thread.x];
        const start = colPtr[j];
        const end = colPtr[j + 1];
        for (let k = start; k < end; k++) {
          sum = sum + w[k] * x[b * pre + rowIdx[k]];
        }
        return sum;
      }`,
      { output: [batch * syn.postSize], constants: { pre: syn.preSize, post: syn.postSize }, loopMaxIterations: csc.maxFanIn + 1 },
      syn,
    ),
  );
}

function gather(syn: SparseSynapses, x: Float32Array, out: Float32Array, batch: number): void {
  const csc = cscOf(syn);
  const w = syn.weights;
  const perm = csc.perm;
  for (let k = 0; k < perm.length; k++) csc.weights[k] = w[perm[k]!]!;
  out.set(gatherKernel(syn, batch, csc)(out, x, csc.weights, csc.rowIdx, csc.colPtr) as Float32Array);
}

/**
 * Sparse projections on the gpu backend: every post unit gathers over its incoming
 * synapses (CSC), for graded input and for spikes (as 0/1 flags). The gather touches
 * every synapse each step, where the cpu kernel touches only the rows that fired.
 */
export const gpuSparseKernels: DeliveryKernels<SparseSynapses> = viaFlags<SparseSynapses>(gather);
