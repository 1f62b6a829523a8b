export * from './subtypes2d.js';
export * from './circuit2d.js';
export * from './train2d.js';
export * from './measure2d.js';
export * from './meanOutputMonitor.js';
export * from './modelFile2d.js';
export * from './DrosophilaMotion2d.js';
