export * from './NeuronModel.js';
export * from './lif.js';
export * from './linearRate.js';
export * from './source.js';
export * from './equations/index.js';
export * from './resu.js';
export * from './ff/index.js';
export * from './wuxing.js';
