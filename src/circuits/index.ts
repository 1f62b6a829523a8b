export * from './cuba.js';
