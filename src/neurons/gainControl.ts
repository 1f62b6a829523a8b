import { requireFinite, SpecError } from '../core/errors.js';
import { toSI, type QuantityInput } from '../core/quantity.js';
import type { InitContext, InputArrays, NeuronModel, StateArrays, StepContext } from './NeuronModel.js';

/** Options of `gainControl`. */
export interface GainControlOptions {
  /** Time constant of the running mean of |I| the unit divides by (a duration: '1 s', or seconds). */
  tau: QuantityInput;
  /** Added to that mean before dividing, in the input's units (> 0): below it the gain stops rising. */
  floor: number;
}

/**
 * Divisive gain control: x = I / (floor + a), with a the unit's running mean of |I| over `tau`.
 * A slow envelope, so the waveform within `tau` keeps its shape while a weak input and a strong
 * one end up at similar amplitudes (contrast adaptation, local to the unit).
 */
export function gainControl(options: GainControlOptions): NeuronModel {
  const tau = toSI('gainControl.tau', options.tau, 'time', { min: 1e-4, max: 100, what: 'a gain-control time constant' });
  if (!(tau > 0)) throw new SpecError('gainControl.tau', `must be > 0, got ${tau}`);
  const floor = requireFinite('gainControl.floor', options.floor);
  if (!(floor > 0)) throw new SpecError('gainControl.floor', `must be > 0, got ${floor}`);
  let cachedDt = Number.NaN;
  let decay = 0;
  return {
    kind: 'gainControl',
    variables: ['x', 'a'],
    inputs: ['I'],
    output: 'x',
    spiking: false,
    init(state: StateArrays, ctx: InitContext) {
      state.x!.fill(0);
      state.a!.fill(0);
      cachedDt = ctx.dt;
      decay = Math.exp(-ctx.dt / tau);
    },
    step(state: StateArrays, inputs: InputArrays, ctx: StepContext): number {
      if (ctx.dt !== cachedDt) {
        cachedDt = ctx.dt;
        decay = Math.exp(-ctx.dt / tau);
      }
      const x = state.x!;
      const a = state.a!;
      const I = inputs.I!;
      for (let k = 0; k < x.length; k++) {
        const v = I[k]!;
        const na = Math.abs(v) + (a[k]! - Math.abs(v)) * decay;
        a[k] = na;
        x[k] = v / (floor + na);
      }
      return 0;
    },
    describe() {
      return { kind: 'gainControl', tau, floor };
    },
  };
}
