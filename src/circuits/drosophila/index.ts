export * from './subtypes.js';
export * from './circuit.js';
export * from './train.js';
export * from './measure.js';
export * from './modelFile.js';
export * from './DrosophilaMotion.js';
export * from './plots.js';
export * from './evaluate.js';
