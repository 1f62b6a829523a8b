import { SpecError, requireFinite, requirePositive } from '../core/errors.js';
import { DEGREES_PER_SECOND, optionalSI, toNamedUnit, toSI, type QuantityInput } from '../core/quantity.js';
import type { Stimulus } from '../sim/Stimulus.js';
import type { HexEye } from './hexEye.js';
import { checkFrame, directionList } from './hexStimulus.js';

/** Options of `hexEdges`. */
export interface HexEdgeOptions {
  /** The eye the edge moves across. */
  eye: HexEye;
  /** 'on': a brighter region sweeps in; 'off': a darker one. */
  polarity: 'on' | 'off';
  /**
   * Speed in column spacings per second: a number, or a quantity with dimension 1/time
   * ('20 Hz', '20 / s'); or give `speedDeg`.
   */
  speed?: QuantityInput;
  /** Speed in degrees per second (instead of `speed`): a bare number is deg/s; `'50 deg/s'` works. */
  speedDeg?: QuantityInput;
  /** Direction of motion in degrees (0° = +x, 90° = up); one value per batch copy runs several at once. */
  direction?: number | readonly number[];
  /** Step height (default √2, like `movingEdge`: an edge of the trained fly's unit-variance contrast). */
  contrast?: number;
  /** Level before the edge arrives (default 0). */
  background?: number;
  /** Time before the edge reaches the first column: seconds or a quantity ('50 ms'); default 0. */
  delay?: QuantityInput;
  /** Width in column spacings over which the edge rises (default 1). */
  softness?: number;
}

/**
 * A straight luminance edge sweeping across a hexagonal eye in direction θ (flyvis's moving
 * edges): columns it has passed sit at background ± contrast. It reaches the rearmost
 * column `delay` seconds after the start, whatever the direction.
 */
export function hexEdges(options: HexEdgeOptions): Stimulus {
  if (options.polarity !== 'on' && options.polarity !== 'off') {
    throw new SpecError('hexEdges.polarity', `expected 'on' or 'off', got '${String(options.polarity)}'`);
  }
  const eye = options.eye;
  let speed: number;
  if (options.speed !== undefined) speed = requirePositive('hexEdges.speed', toSI('hexEdges.speed', options.speed, 'frequency', { max: 1e4, what: 'an edge speed in column spacings per second' }));
  else if (options.speedDeg !== undefined) speed = requirePositive('hexEdges.speedDeg', toNamedUnit('hexEdges.speedDeg', options.speedDeg, DEGREES_PER_SECOND, { max: 1e5, what: 'an edge speed' })) / eye.spacingDeg;
  else throw new SpecError('hexEdges.speed', 'give speed (column spacings per second) or speedDeg');
  const contrast = requireFinite('hexEdges.contrast', options.contrast ?? Math.SQRT2) * (options.polarity === 'on' ? 1 : -1);
  const background = requireFinite('hexEdges.background', options.background ?? 0);
  const delay = optionalSI('hexEdges.delay', options.delay, 'time', 0, { max: 3600, what: 'an edge delay' });
  const softness = requirePositive('hexEdges.softness', options.softness ?? 1);
  const dirs = directionList('hexEdges.direction', options.direction);
  // Per direction, how far along the motion each column lies behind the rearmost one.
  const depth = dirs.map((d) => {
    const c = Math.cos((d * Math.PI) / 180);
    const s = Math.sin((d * Math.PI) / 180);
    const along = Float64Array.from(eye.x, (x, i) => x * c + eye.y[i]! * s);
    let min = Infinity;
    for (const a of along) min = Math.min(min, a);
    return along.map((a) => a - min);
  });
  return {
    label: `${options.polarity.toUpperCase()} edge ${speed.toFixed(2)} columns/s direction ${dirs.join('/')}°`,
    frame(step, dt, out, width, batch) {
      checkFrame('hexEdges', eye, dirs, width, batch);
      const travelled = (step * dt - delay) * speed;
      for (let b = 0; b < batch; b++) {
        const dp = depth[dirs.length === 1 ? 0 : b]!;
        const o = b * width;
        for (let i = 0; i < width; i++) {
          const covered = Math.min(1, Math.max(0, (travelled - dp[i]!) / softness + 0.5));
          out[o + i] = background + contrast * covered;
        }
      }
    },
  };
}
