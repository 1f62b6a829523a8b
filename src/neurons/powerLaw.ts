import { requireFinite, SpecError } from '../core/errors.js';
import type { InputArrays, NeuronModel, StateArrays, StepContext } from './NeuronModel.js';

/** Options of `powerLaw`. */
export interface PowerLawOptions {
  /** The exponent p of x = sign(I)·|I|^p (0 < p ≤ 1 compresses: weak inputs gain relative to strong ones). */
  exponent: number;
}

/**
 * A stateless compressive unit: x = sign(I)·|I|^p. A power law changes the ratio of two input
 * levels from r to r^p whatever the input's scale, so it needs no scale parameter.
 */
export function powerLaw(options: PowerLawOptions): NeuronModel {
  const p = requireFinite('powerLaw.exponent', options.exponent);
  if (!(p > 0)) throw new SpecError('powerLaw.exponent', `must be > 0, got ${p}`);
  return {
    kind: 'powerLaw',
    variables: ['x'],
    inputs: ['I'],
    output: 'x',
    spiking: false,
    init(state: StateArrays) {
      state.x!.fill(0);
    },
    step(state: StateArrays, inputs: InputArrays, _ctx: StepContext): number {
      const x = state.x!;
      const I = inputs.I!;
      for (let k = 0; k < x.length; k++) {
        const v = I[k]!;
        x[k] = v >= 0 ? v ** p : -((-v) ** p);
      }
      return 0;
    },
    describe() {
      return { kind: 'powerLaw', exponent: p };
    },
  };
}
