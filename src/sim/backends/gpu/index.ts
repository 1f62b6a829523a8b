export { configureGpu, describeGpu, gpuAvailable, gpuMode, isDeviceMode, type GpuMode } from './gpuContext.js';
export { crossoverFor } from './crossover.js';
export { packedSource, packedStep, type PackedKernel, type PackedKernelBuilder } from './deviceState.js';
export { GpuLayerKernels, gpuLayerKernels } from './layerKernels.js';
