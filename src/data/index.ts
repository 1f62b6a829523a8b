export * from './idx.js';
export * from './mnist.js';
export * from './png.js';
export * from './bundledImages.js';
export * from './npy.js';
