/**
 * Node-only parts of neurostream (files and data sets): import from 'neurostream/node'.
 * The root entry 'neurostream' stays free of Node built-ins so it bundles for browsers.
 */
export * from './data/index.js';
export { atomicWriteFile, checkWritable, removeStaleTemporaries, WriteTargetError } from './sim/serialize.js';
export { loadNetwork, saveNetwork } from './sim/saveNetwork.js';
export * from './circuits/ff/ffTrainer.js';
export { useKernelThreads } from './sim/backends/wasm/kernelThreads.js';
export * from './circuits/bsp/BspClassifier.js';
export * from './sweep/index.js';
