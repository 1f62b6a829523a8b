export * from './cuba.js';
export * from './bsp/index.js';
