import { SpecError, requireFinite, requirePositive } from '../core/errors.js';
import { optionalSI, toSI, type QuantityInput } from '../core/quantity.js';
import type { Stimulus } from '../sim/Stimulus.js';

/** Options of `movingEdge`. */
export interface EdgeOptions {
  /** 'on': a brighter region sweeps in; 'off': a darker one. */
  polarity: 'on' | 'off';
  /** Speed in receptors per second: a number, or a quantity with dimension 1/time ('20 Hz', '20 / s'). */
  speed: QuantityInput;
  /** +1 sweeps towards higher receptor indices, −1 towards lower (per batch element if an array). */
  direction?: number | readonly number[];
  /**
   * Step height (default √2, the unit-variance contrast the fly is trained on and that the
   * gratings in its evaluation use; an edge of height 1 stays under the trained detectors'
   * thresholds and gives no response at all).
   */
  contrast?: number;
  /** Level before the edge arrives (default 0). */
  background?: number;
  /** Time before the edge enters the row: seconds or a quantity ('50 ms'); default 0. */
  delay?: QuantityInput;
  /** Width in receptors over which the edge rises (default 1: a sharp step blurred by one receptor). */
  softness?: number;
}

/**
 * A moving luminance edge: receptors the edge has passed sit at background ± contrast,
 * the others at background. The edge enters at the row's first receptor in its direction
 * of motion `delay` seconds after the start.
 */
export function movingEdge(options: EdgeOptions): Stimulus {
  if (options.polarity !== 'on' && options.polarity !== 'off') {
    throw new SpecError('movingEdge.polarity', `expected 'on' or 'off', got '${String(options.polarity)}'`);
  }
  const speed = requirePositive('movingEdge.speed', toSI('movingEdge.speed', options.speed, 'frequency', { max: 1e5, what: 'an edge speed in receptors per second' }));
  const contrast = requireFinite('movingEdge.contrast', options.contrast ?? Math.SQRT2) * (options.polarity === 'on' ? 1 : -1);
  const background = requireFinite('movingEdge.background', options.background ?? 0);
  const delay = optionalSI('movingEdge.delay', options.delay, 'time', 0, { max: 3600, what: 'an edge delay' });
  const softness = requirePositive('movingEdge.softness', options.softness ?? 1);
  const dirs = typeof options.direction === 'object' ? [...options.direction] : [options.direction ?? 1];
  return {
    label: `${options.polarity.toUpperCase()} edge ${speed} px/s direction ${dirs.join('/')}`,
    frame(step, dt, out, width, batch) {
      if (dirs.length !== 1 && dirs.length !== batch) {
        throw new SpecError('movingEdge.direction', `has ${dirs.length} values for a batch of ${batch}`);
      }
      const travelled = (step * dt - delay) * speed; // receptors covered so far
      for (let b = 0; b < batch; b++) {
        const d = dirs[dirs.length === 1 ? 0 : b]!;
        const o = b * width;
        for (let i = 0; i < width; i++) {
          const depth = d >= 0 ? travelled - i : travelled - (width - 1 - i); // > 0: edge has passed i
          const covered = Math.min(1, Math.max(0, depth / softness + 0.5));
          out[o + i] = background + contrast * covered;
        }
      }
    },
  };
}
