export { configureGpu, describeGpu, gpuAvailable, gpuMode, isDeviceMode, type GpuMode } from './gpuContext.js';
export { crossoverFor } from './crossover.js';
export { packedSource, packedStep, type PackedKernel, type PackedKernelBuilder } from './deviceState.js';
export { gpuProductClasses, releaseGpuProducts } from './productCache.js';
export { gpuConv2d } from './conv2d.js';
export { gpuConv2dFilterGrad } from './conv2dFilterGrad.js';
