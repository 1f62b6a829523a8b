export * from './ffLayer.js';
export * from './ffDense.js';
export * from './ffConv.js';
export * from './ffLayerNorm.js';
