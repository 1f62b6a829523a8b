export * from './transposeOf.js';
export * from './windowMean.js';
export * from './bspNetwork.js';
