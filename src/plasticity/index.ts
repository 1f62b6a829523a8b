export * from './PlasticityRule.js';
export * from './stdp.js';
export * from './hebbOja.js';
export * from './bspSignals.js';
export * from './bspConnection.js';
export * from './bspFixedPoint.js';
