import type { DeliveryKernels, DenseSynapses } from '../../../synapses/Connectivity.js';
import { createKernel, type GpuKernel } from './gpuContext.js';
import { cached, viaFlags } from './spikeFlags.js';

const kernels = new WeakMap<object, Map<number, GpuKernel>>();

/** out[b, j] += Σ_i x[b, i] · W[i, j]: one thread per (batch element, post unit), a GEMV each. */
function gemvKernel(syn: DenseSynapses, batch: number): GpuKernel {
  return cached(kernels, syn, batch, () =>
    createKernel(
      `function (o, x, w) {
        const post = this.constants.post;
        const pre = this.constants.pre;
        const b = Math.floor(this.thread.x / post);
        const j = this.thread.x - b * post;
        let sum = o[this.thread.x];
        for (let i = 0; i < this.constants.pre; i++) {
          sum = sum + x[b * pre + i] * w[i * post + j];
        }
        return sum;
      }`,
      { output: [batch * syn.postSize], constants: { pre: syn.preSize, post: syn.postSize }, loopMaxIterations: syn.preSize + 1 },
      syn,
    ),
  );
}

/** Dense projections on the gpu backend: graded input is a GEMM over the batch; spikes are 0/1 rows of it. */
export const gpuDenseKernels: DeliveryKernels<DenseSynapses> = viaFlags<DenseSynapses>((syn, x, out, batch) => {
  out.set(gemvKernel(syn, batch)(out, x, syn.weights) as Float32Array);
});
