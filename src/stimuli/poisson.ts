import { SpecError, requireFinite } from '../core/errors.js';
import { counterUniform, hashString } from '../core/random.js';
import { toSI, type QuantityInput } from '../core/quantity.js';
import type { Stimulus } from '../sim/Stimulus.js';

/**
 * Independent Poisson spike trains for a spike-source population: each unit fires in a
 * step with probability rate·dt. Draws are counter-based, keyed by (seed, step, unit), so
 * a run is reproducible whatever else the simulation draws.
 */
export function poissonInput(options: { rate: QuantityInput; seed?: number }): Stimulus {
  const rate = toSI('poissonInput.rate', options.rate, 'frequency', { max: 1e4, what: 'a firing rate' });
  if (rate < 0) throw new SpecError('poissonInput.rate', `must be >= 0 Hz, got ${rate}`);
  const seed = options.seed ?? 0;
  const stream = hashString('poissonInput');
  return {
    label: `Poisson ${rate} Hz`,
    frame(step, dt, out) {
      const p = rate * dt;
      for (let k = 0; k < out.length; k++) out[k] = counterUniform(seed, stream, step, k) < p ? 1 : 0;
    },
  };
}
