export * from './cuba.js';
export * from './drosophila/index.js';
export * from './ff/index.js';
export * from './bsp/index.js';
export * from './drosophila2d/index.js';
