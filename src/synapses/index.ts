export * from './Connectivity.js';
export * from './weightInit.js';
export * from './dense.js';
export * from './sparse.js';
export * from './oneToOne.js';
export * from './delayRing.js';
export * from './transposeOf.js';
