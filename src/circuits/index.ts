export * from './cuba.js';
export * from './ff/index.js';
