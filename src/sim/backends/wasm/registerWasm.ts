import { registerBackend, registerKernel } from '../registry.js';
import { wasmAllFinite } from './allFinite.js';
import { WasmArena } from './arena.js';
import { WASM_CROSSOVER } from './crossover.js';
import { wasmLifStep } from './lifStep.js';
import { wasmResuStep } from './resuStep.js';
import { wasmSparseKernels, wasmSynapseBytes } from './sparseDelivery.js';
import { registerDelivery } from '../cpu/registerCpu.js';
import type { DeliveryKernels } from '../../../synapses/Connectivity.js';
import { kernelModule } from './wasmModule.js';

registerBackend({
  name: 'wasm',
  priority: 0.5,
  isAvailable: () => kernelModule() !== null,
  minProblemSize: WASM_CROSSOVER,
  describe: () =>
    kernelModule() !== null
      ? 'wasm: WebAssembly SIMD kernels (AssemblyScript, built at npm ci) over state in a WebAssembly memory; other kernels as cpu'
      : 'wasm: unavailable (this runtime lacks WebAssembly SIMD)',
  allocator: (bytes) => new WasmArena(bytes),
  synapseBytes: wasmSynapseBytes,
});
registerKernel({ kernel: 'lif.step', backend: 'wasm', run: wasmLifStep });
registerDelivery('sparse', 'wasm', wasmSparseKernels as DeliveryKernels<never>);
registerKernel({ kernel: 'resu.step', backend: 'wasm', run: wasmResuStep });
registerKernel({ kernel: 'state.allFinite', backend: 'wasm', run: wasmAllFinite });
