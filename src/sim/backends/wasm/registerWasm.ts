import { registerBackend, registerKernel } from '../registry.js';
import { wasmAllFinite } from './allFinite.js';
import { conv2d } from './conv2d.js';
import { conv2dFilterGrad } from './conv2dFilterGrad.js';
import { matmul } from './matmul.js';
import { loadXnnpack } from './xnnpack.js';
import { WasmArena } from './arena.js';
import { arenaThread } from './arenaThread.js';
import { WASM_CROSSOVER } from './crossover.js';
import { wasmLifStep } from './lifStep.js';
import { resuParameterBytes, wasmResuStep } from './resuStep.js';
import type { ResuModel } from '../../../neurons/resu.js';
import { wasmSparseKernels } from './sparseDelivery.js';
import { wasmGradedGroup, wasmSynapseBytes } from './gradedGroup.js';
import { registerDelivery } from '../cpu/registerCpu.js';
import type { DeliveryKernels } from '../../../synapses/Connectivity.js';
import { kernelModule } from './wasmModule.js';
import { wasmWuxingStep, wuxingTableBytes } from './wuxingStep.js';
import { windowProduct } from './windowProduct.js';
import { windowSum } from './windowSum.js';
import { denseMirrorBytes, wasmDenseKernels, wasmTransposedKernels } from './denseRates.js';

registerBackend({
  name: 'wasm',
  priority: 0.5,
  isAvailable: () => kernelModule() !== null,
  minProblemSize: WASM_CROSSOVER,
  describe: () =>
    kernelModule() !== null
      ? 'wasm: WebAssembly SIMD kernels (AssemblyScript, built at npm ci) over state in a WebAssembly memory; other kernels as cpu'
      : 'wasm: unavailable (this runtime lacks WebAssembly SIMD)',
  allocator: (bytes, hostEdits) => new WasmArena(bytes, hostEdits, arenaThread()),
  synapseBytes: (syn, graded, delay, batch) => wasmSynapseBytes(syn, graded, delay) + denseMirrorBytes(syn, graded, delay, batch),
  modelBytes: (model) => (model.kind === 'resu' ? resuParameterBytes(model as ResuModel) : wuxingTableBytes(model)),
  // the products (matmul, conv2d, its filter gradient) run on TensorFlow.js's XNNPACK once loaded
  prepare: async () => {
    await loadXnnpack();
  },
});
registerKernel({ kernel: 'lif.step', backend: 'wasm', run: wasmLifStep });
registerDelivery('sparse', 'wasm', wasmSparseKernels as DeliveryKernels<never>);
registerDelivery('dense', 'wasm', wasmDenseKernels as DeliveryKernels<never>);
registerDelivery('transposed', 'wasm', wasmTransposedKernels as DeliveryKernels<never>);
registerKernel({ kernel: 'graded.group', backend: 'wasm', run: wasmGradedGroup });
registerKernel({ kernel: 'resu.step', backend: 'wasm', run: wasmResuStep });
registerKernel({ kernel: 'wuxing.step', backend: 'wasm', run: wasmWuxingStep });
registerKernel({ kernel: 'wuxingReversed.step', backend: 'wasm', run: wasmWuxingStep });
registerKernel({ kernel: 'state.allFinite', backend: 'wasm', run: wasmAllFinite });
registerKernel({ kernel: 'matmul', backend: 'wasm', run: matmul });
registerKernel({ kernel: 'conv2d', backend: 'wasm', run: conv2d });
registerKernel({ kernel: 'conv2dFilterGrad', backend: 'wasm', run: conv2dFilterGrad });
registerKernel({ kernel: 'windowProduct', backend: 'wasm', run: windowProduct });
registerKernel({ kernel: 'windowSum', backend: 'wasm', run: windowSum });
