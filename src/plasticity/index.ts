export * from './PlasticityRule.js';
export * from './stdp.js';
export * from './hebbOja.js';
export * from './pastFutureCCARule.js';
export * from './pastFutureCCAAdaptation.js';
export * from './pastFutureCCALamina.js';
export * from './onlineCCA.js';
export * from './forwardForward.js';
