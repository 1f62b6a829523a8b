import type { DeliveryKernels, OneToOneSynapses } from '../../../synapses/Connectivity.js';
import { createKernel, type GpuKernel } from './gpuContext.js';
import { cached, viaFlags } from './spikeFlags.js';

const kernels = new WeakMap<object, Map<number, GpuKernel>>();

function scaleKernel(syn: OneToOneSynapses, batch: number): GpuKernel {
  return cached(kernels, syn, batch, () =>
    createKernel(
      `function (o, x, w) {
        const n = this.constants.n;
        const b = Math.floor(this.thread.x / n);
        return o[this.thread.x] + w[this.thread.x - b * n] * x[this.thread.x];
      }`,
      { output: [batch * syn.preSize], constants: { n: syn.preSize } },
      syn,
    ),
  );
}

/** One-to-one projections on the gpu backend: an elementwise multiply-add. */
export const gpuOneToOneKernels: DeliveryKernels<OneToOneSynapses> = viaFlags<OneToOneSynapses>((syn, x, out, batch) => {
  out.set(scaleKernel(syn, batch)(out, x, syn.weights) as Float32Array);
});
