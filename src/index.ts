/**
 * neurostream: simulate and train neuromorphic circuits. Compose populations and
 * projections, stream them on an RxJS clock, learn with local plasticity rules, and
 * measure with monitors and analyses.
 */
export * from './core/index.js';
export * from './sim/index.js';
export * from './neurons/index.js';
export * from './synapses/index.js';
export * from './plasticity/index.js';
export * from './circuits/index.js';
export * from './analysis/index.js';
export * from './math/index.js';
export * from './stimuli/index.js';
export * from './nir/index.js';
