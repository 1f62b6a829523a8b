export * from './bspNetwork.js';
