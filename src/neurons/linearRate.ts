import { requireFinite, requirePositive } from '../core/errors.js';
import { toSI, type QuantityInput } from '../core/quantity.js';
import type { InitContext, InputArrays, NeuronModel, StateArrays, StepContext } from './NeuronModel.js';

/** Options of `linearRate`. */
export interface LinearRateOptions {
  /** Time constant: seconds or a quantity ('10 ms'); omitted = instantaneous (x = gain·I + bias). */
  tau?: QuantityInput;
  /** Multiplies the input (default 1). */
  gain?: number;
  /** Added to the scaled input (default 0). */
  bias?: number;
  /** Clip negative rates to zero (a rectified-linear rate unit). */
  rectify?: boolean;
}

/**
 * Linear rate unit: `tau dx/dt = −x + gain·I + bias` (exact for piecewise-constant I),
 * or `x = gain·I + bias` without tau; optionally rectified.
 */
export function linearRate(options: LinearRateOptions = {}): NeuronModel {
  const tau = options.tau === undefined ? 0 : requirePositive('linearRate.tau', toSI('linearRate.tau', options.tau, 'time', { min: 1e-5, max: 10, what: 'a rate time constant' }));
  const gain = requireFinite('linearRate.gain', options.gain ?? 1);
  const bias = requireFinite('linearRate.bias', options.bias ?? 0);
  const rectify = options.rectify ?? false;
  let cachedDt = Number.NaN;
  let decay = 0;
  return {
    kind: 'linearRate',
    variables: ['x'],
    inputs: ['I'],
    output: 'x',
    spiking: false,
    init(state: StateArrays, ctx: InitContext) {
      state.x!.fill(rectify ? Math.max(0, bias) : bias);
      cachedDt = ctx.dt;
      decay = tau > 0 ? Math.exp(-ctx.dt / tau) : 0;
    },
    step(state: StateArrays, inputs: InputArrays, ctx: StepContext): number {
      if (ctx.dt !== cachedDt) {
        cachedDt = ctx.dt;
        decay = tau > 0 ? Math.exp(-ctx.dt / tau) : 0;
      }
      const x = state.x!;
      const I = inputs.I!;
      for (let k = 0; k < x.length; k++) {
        const target = gain * I[k]! + bias;
        let nx = target + (x[k]! - target) * decay;
        if (rectify && nx < 0) nx = 0;
        x[k] = nx;
      }
      return 0;
    },
    describe() {
      return { kind: 'linearRate', tau: tau || undefined, gain, bias, rectify };
    },
  };
}
