import { denseKernels } from '../../../synapses/dense.js';
import { oneToOneKernels } from '../../../synapses/oneToOne.js';
import { sparseKernels } from '../../../synapses/sparse.js';
import { transposedKernels } from '../../../synapses/transposeOf.js';
import type { DeliveryKernels, Synapses } from '../../../synapses/Connectivity.js';
import { registerBackend, registerKernel } from '../registry.js';
import { allFinite } from './allFinite.js';
import { conv2d } from './conv2d.js';
import { conv2dFilterGrad } from './conv2dFilterGrad.js';
import { matmul } from './matmul.js';
import { windowProduct } from './windowProduct.js';
import { windowSum } from './windowSum.js';

/** Register a synapse kind's delivery kernels for a backend. */
export function registerDelivery(kind: string, backend: string, k: DeliveryKernels<never>): void {
  registerKernel({ kernel: `${kind}.spikes`, backend, run: k.spikes as DeliveryKernels<Synapses>['spikes'] });
  registerKernel({ kernel: `${kind}.rates`, backend, run: k.rates as DeliveryKernels<Synapses>['rates'] });
}

registerBackend({
  name: 'cpu',
  priority: 0,
  isAvailable: () => true,
  describe: () => 'cpu: typed-array loops in the main thread (reference)',
});
registerDelivery('dense', 'cpu', denseKernels as DeliveryKernels<never>);
registerDelivery('sparse', 'cpu', sparseKernels as DeliveryKernels<never>);
registerDelivery('oneToOne', 'cpu', oneToOneKernels as DeliveryKernels<never>);
registerDelivery('transposed', 'cpu', transposedKernels as DeliveryKernels<never>);
registerKernel({ kernel: 'state.allFinite', backend: 'cpu', run: allFinite });
registerKernel({ kernel: 'matmul', backend: 'cpu', run: matmul });
registerKernel({ kernel: 'conv2d', backend: 'cpu', run: conv2d });
registerKernel({ kernel: 'conv2dFilterGrad', backend: 'cpu', run: conv2dFilterGrad });
registerKernel({ kernel: 'windowProduct', backend: 'cpu', run: windowProduct });
registerKernel({ kernel: 'windowSum', backend: 'cpu', run: windowSum });
