export * from './gratings.js';
export * from './edges.js';
