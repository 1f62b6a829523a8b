export * from './cuba.js';
export * from './drosophila/index.js';
