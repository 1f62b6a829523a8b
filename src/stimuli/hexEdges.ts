import { SpecError, requireFinite, requirePositive } from '../core/errors.js';
import type { Stimulus } from '../sim/Stimulus.js';
import type { HexEye } from './hexEye.js';
import { checkFrame, directionList } from './hexStimulus.js';

/** Options of `hexEdges`. */
export interface HexEdgeOptions {
  /** The eye the edge moves across. */
  eye: HexEye;
  /** 'on': a brighter region sweeps in; 'off': a darker one. */
  polarity: 'on' | 'off';
  /** Speed in column spacings per second; or give `speedDeg` (degrees per second). */
  speed?: number;
  /** Speed in degrees per second (instead of `speed`). */
  speedDeg?: number;
  /** Direction of motion in degrees (0° = +x, 90° = up); one value per batch copy runs several at once. */
  direction?: number | readonly number[];
  /** Step height (default 1). */
  contrast?: number;
  /** Level before the edge arrives (default 0). */
  background?: number;
  /** Seconds before the edge reaches the first column (default 0). */
  delay?: number;
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
  if (options.speed !== undefined) speed = requirePositive('hexEdges.speed', options.speed);
  else if (options.speedDeg !== undefined) speed = requirePositive('hexEdges.speedDeg', options.speedDeg) / eye.spacingDeg;
  else throw new SpecError('hexEdges.speed', 'give speed (column spacings per second) or speedDeg');
  const contrast = requireFinite('hexEdges.contrast', options.contrast ?? 1) * (options.polarity === 'on' ? 1 : -1);
  const background = requireFinite('hexEdges.background', options.background ?? 0);
  const delay = requireFinite('hexEdges.delay', options.delay ?? 0);
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
