export * from './grayImage.js';
export * from './gratings.js';
export * from './edges.js';
export * from './noise.js';
export * from './ou.js';
export * from './gaussianProcess.js';
export * from './naturalScene.js';
export * from './deadLeaves.js';
