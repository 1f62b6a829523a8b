export * from './NeuronModel.js';
export * from './lif.js';
export * from './linearRate.js';
export * from './source.js';
export * from './wuxing.js';
