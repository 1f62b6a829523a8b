export * from './gemm.js';
export * from './adam.js';
export * from './softplus.js';
export * from './im2col.js';
export * from './layerKernels.js';
export * from './wasmKernels.js';
export * from './parallelKernels.js';
