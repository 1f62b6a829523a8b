export * from './ffNetwork.js';
export * from './linearReadout.js';
export * from './presets.js';
