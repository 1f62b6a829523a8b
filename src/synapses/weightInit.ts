import { SpecError, requireFinite } from '../core/errors.js';
import type { SeededRandom } from '../core/random.js';

/**
 * How a projection's initial weights are drawn: a constant, a distribution, or a
 * function of (pre, post) and the projection's random stream.
 */
export type WeightInit =
  | number
  | {
      /** Gaussian weights. */
      normal: {
        /** Mean (default 0). */
        mean?: number;
        /** Standard deviation. */
        std: number;
      };
    }
  | {
      /** Uniform weights between low and high. */
      uniform: {
        /** Lower bound. */
        low: number;
        /** Upper bound. */
        high: number;
      };
    }
  | ((pre: number, post: number, random: SeededRandom) => number);

/** Validate a WeightInit early (at spec time), naming the field. */
export function checkWeightInit(field: string, init: WeightInit): void {
  if (typeof init === 'number') requireFinite(field, init);
  else if (typeof init === 'function') return;
  else if ('normal' in init) {
    requireFinite(`${field}.normal.mean`, init.normal.mean ?? 0);
    const s = requireFinite(`${field}.normal.std`, init.normal.std);
    if (s < 0) throw new SpecError(`${field}.normal.std`, `must be >= 0, got ${s}`);
  } else if ('uniform' in init) {
    requireFinite(`${field}.uniform.low`, init.uniform.low);
    requireFinite(`${field}.uniform.high`, init.uniform.high);
  } else throw new SpecError(field, 'expected a number, {normal}, {uniform} or a function');
}

/**
 * Draw one weight. A weight function must return a finite number: anything else (NaN, a
 * string) is a SpecError naming the synapse as `weights(pre i, post j)`; the network adds the
 * projection's name.
 */
export function drawWeight(init: WeightInit, pre: number, post: number, random: SeededRandom): number {
  if (typeof init === 'number') return init;
  if (typeof init === 'function') {
    const w: unknown = init(pre, post, random);
    if (typeof w !== 'number' || !Number.isFinite(w)) {
      const shown = typeof w === 'string' ? `'${w}'` : typeof w === 'number' ? String(w) : `a ${w === null ? 'null' : typeof w}`;
      throw new SpecError(`weights(pre ${pre}, post ${post})`, `the weight function returned ${shown}; expected a finite number`);
    }
    return w;
  }
  if ('normal' in init) return (init.normal.mean ?? 0) + init.normal.std * random.normal();
  return random.range(init.uniform.low, init.uniform.high);
}
