/**
 * The Wuxing cell, in four files under wuxing/: `ring.ts` (the ring's equations, parameters,
 * forward form and Jacobian), `ringStep.ts` (the RK4/Euler step kernel), `gain.ts` (the
 * steady-state small-signal gain) and `model.ts` (the neuron model built from them).
 */
export { wuxing, wuxingReversed, type WuxingOptions } from './wuxing/model.js';
export { WUXING_STATES, wuxingFixedPoint, wuxingForwardForm, wuxingJacobian, type WuxingDirection, type WuxingForwardForm, type WuxingIntegrator, type WuxingParameter } from './wuxing/ring.js';
export { wuxingRestGain } from './wuxing/gain.js';
