export * from './PlasticityRule.js';
export * from './stdp.js';
export * from './hebbOja.js';
export * from './forwardForward.js';
