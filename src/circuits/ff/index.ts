export * from './ffNetwork.js';
export * from './ffTrainer.js';
export * from './linearReadout.js';
export * from './presets.js';
