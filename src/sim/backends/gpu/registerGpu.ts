import type { NeuronModel } from '../../../neurons/NeuronModel.js';
import { registerDelivery } from '../cpu/registerCpu.js';
import { hasKernel, registerBackend, registerKernel, type BackendConfig } from '../registry.js';
import { crossoverFor } from './crossover.js';
import { equationStep } from './equationStep.js';
import { gpuResidency } from './deviceState.js';
import { gpuDenseKernels } from './denseDelivery.js';
import { describeGpu, gpuAvailable, gpuMode } from './gpuContext.js';
import { HOST_RESIDENT_KINDS, ffStep } from './ffStep.js';
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
  residency: gpuResidency((model: NeuronModel) => hasKernel(`${model.stepKernel ?? model.kind}.step`, 'gpu') && !HOST_RESIDENT_KINDS.has(model.kind) && wuxingOnDevice(model)),
};

registerBackend(backend);
registerKernel({ kernel: 'lif.step', backend: 'gpu', run: lifStep });
registerKernel({ kernel: 'linearRate.step', backend: 'gpu', run: linearRateStep });
registerKernel({ kernel: 'resu.step', backend: 'gpu', run: resuStep });
registerKernel({ kernel: 'wuxing.step', backend: 'gpu', run: wuxingStep });
registerKernel({ kernel: 'wuxingReversed.step', backend: 'gpu', run: wuxingStep });
registerKernel({ kernel: 'ffDense.step', backend: 'gpu', run: ffStep });
registerKernel({ kernel: 'ffConv.step', backend: 'gpu', run: ffStep });
registerKernel({ kernel: 'equation.step', backend: 'gpu', run: equationStep });
registerDelivery('dense', 'gpu', gpuDenseKernels as DeliveryKernels<never>);
registerDelivery('sparse', 'gpu', gpuSparseKernels as DeliveryKernels<never>);
registerDelivery('oneToOne', 'gpu', gpuOneToOneKernels as DeliveryKernels<never>);
