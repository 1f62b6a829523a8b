/**
 * Node-only parts of neurostream (files and data sets): import from 'neurostream/node'.
 * The root entry 'neurostream' stays free of Node built-ins so it bundles for browsers.
 */
export * from './data/index.js';
export { atomicWriteFile, checkWritable, removeStaleTemporaries, WriteTargetError } from './sim/serialize.js';
export { loadNetwork, saveNetwork } from './sim/saveNetwork.js';
export * from './circuits/ff/ffTrainer.js';
export { evaluateFF, type FFClassifierParts, type FFEvaluation } from './circuits/ff/ffEvaluation.js';
export { FF_CHECKPOINT_FORMAT, FF_FILE_VERSION, FF_MODEL_FORMAT, ffFileSchema, ffFromJSON, ffToJSON, type FFFile } from './circuits/ff/ffModelFile.js';
export { loadFFTrainer, resumeOrStartFF, saveFFCheckpoint, saveFFModel } from './circuits/ff/ffFiles.js';
export * from './math/parallelKernels.js';
export * from './circuits/bsp/BspClassifier.js';
export * from './sweep/index.js';
