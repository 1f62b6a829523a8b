import type { NeuronModel } from './NeuronModel.js';

/**
 * An input population: its output `x` is written by the stimulus each step
 * (photoreceptors, pixels, an external signal). It has no dynamics of its own.
 */
export function source(): NeuronModel {
  return {
    kind: 'source',
    variables: ['x'],
    inputs: [],
    output: 'x',
    spiking: false,
    source: true,
    init(state) {
      state.x!.fill(0);
    },
    step() {
      return 0;
    },
    describe() {
      return { kind: 'source' };
    },
  };
}

/**
 * A spiking input population: the stimulus writes 1 (spike) or 0 per unit and step;
 * units with a 1 are reported as fired, so projections propagate them as events.
 */
export function spikeSource(): NeuronModel {
  return {
    kind: 'spikeSource',
    variables: ['x'],
    inputs: [],
    output: 'x',
    spiking: true,
    source: true,
    init(state) {
      state.x!.fill(0);
    },
    step(state, _inputs, ctx) {
      const x = state.x!;
      let count = 0;
      for (let k = 0; k < x.length; k++) if (x[k]! !== 0) ctx.fired[count++] = k;
      return count;
    },
    describe() {
      return { kind: 'spikeSource' };
    },
  };
}
