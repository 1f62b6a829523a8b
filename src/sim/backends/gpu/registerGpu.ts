import { registerDelivery } from '../cpu/registerCpu.js';
import { registerBackend, registerKernel, stepsOnDevice, type BackendConfig } from '../registry.js';
import { conv2d } from './conv2d.js';
import { conv2dFilterGrad } from './conv2dFilterGrad.js';
import { matmul } from './matmul.js';
import { windowProduct } from './windowProduct.js';
import { crossoverFor } from './crossover.js';
import { equationStep } from './equationStep.js';
import { gpuResidency } from './deviceState.js';
import { gpuDenseKernels } from './denseDelivery.js';
import { describeGpu, gpuAvailable, gpuMode } from './gpuContext.js';
import { lifStep } from './lifStep.js';
import { linearRateStep } from './linearRateStep.js';
import { resuStep } from './resuStep.js';
import { gpuOneToOneKernels } from './oneToOneDelivery.js';
import { gpuSparseKernels } from './sparseDelivery.js';
import { wuxingOnDevice, wuxingStep } from './wuxingStep.js';
import type { DeliveryKernels } from '../../../synapses/Connectivity.js';

const backend: BackendConfig = {
  name: 'gpu',
  priority: 1,
  isAvailable: () => gpuAvailable(),
  get minProblemSize() {
    return gpuAvailable() ? crossoverFor(gpuMode()) : Infinity;
  },
  describe: () => describeGpu(),
  residency: gpuResidency((model) => stepsOnDevice('gpu', model)),
};

registerBackend(backend);
registerKernel({ kernel: 'lif.step', backend: 'gpu', run: lifStep });
registerKernel({ kernel: 'linearRate.step', backend: 'gpu', run: linearRateStep });
registerKernel({ kernel: 'resu.step', backend: 'gpu', run: resuStep });
registerKernel({ kernel: 'wuxing.step', backend: 'gpu', run: wuxingStep, onDevice: wuxingOnDevice });
registerKernel({ kernel: 'wuxingReversed.step', backend: 'gpu', run: wuxingStep, onDevice: wuxingOnDevice });
registerKernel({ kernel: 'equation.step', backend: 'gpu', run: equationStep });
registerDelivery('dense', 'gpu', gpuDenseKernels as DeliveryKernels<never>);
registerDelivery('sparse', 'gpu', gpuSparseKernels as DeliveryKernels<never>);
registerDelivery('oneToOne', 'gpu', gpuOneToOneKernels as DeliveryKernels<never>);
// FF layers have no gpu step kernel: their cpu step runs on the host with its products here
registerKernel({ kernel: 'matmul', backend: 'gpu', run: matmul });
registerKernel({ kernel: 'conv2d', backend: 'gpu', run: conv2d });
registerKernel({ kernel: 'conv2dFilterGrad', backend: 'gpu', run: conv2dFilterGrad });
registerKernel({ kernel: 'windowProduct', backend: 'gpu', run: windowProduct });
