import { SpecError, requireFinite, requirePositive } from '../core/errors.js';
import { DEGREES, toNamedUnit, toSI, type QuantityInput } from '../core/quantity.js';
import type { Stimulus } from '../sim/Stimulus.js';
import type { HexEye } from './hexEye.js';
import { checkFrame, directionList } from './hexStimulus.js';

/** Options of `hexGratings`. */
export interface HexGratingOptions {
  /** The eye the grating moves across. */
  eye: HexEye;
  /** Spatial period in column spacings; or give `wavelengthDeg` (degrees, via `eye.spacingDeg`). */
  wavelength?: number;
  /** Spatial period in degrees (instead of `wavelength`): a bare number is degrees; `'0.8 rad'` works. */
  wavelengthDeg?: QuantityInput;
  /** Temporal frequency (cycles per second passing one column): hertz or a quantity ('2 Hz'). */
  temporalFrequency: QuantityInput;
  /** Direction of motion in degrees (0° = +x, 90° = up); one value per batch copy runs several at once. */
  direction?: number | readonly number[];
  /**
   * Amplitude (default √2: unit variance, like the z-scored contrast the fly is trained on; the
   * same default as `gratings` and `movingEdge`).
   */
  contrast?: number;
  /** Value the sinusoid oscillates around (default 0: contrast units). */
  mean?: number;
  /** Phase at the centre column and time 0, radians (default 0). */
  phase?: number;
}

/**
 * A sine grating drifting across a hexagonal eye in any direction θ:
 * `mean + contrast · sin(2π ((x cos θ + y sin θ)/λ − f t) + phase)`, (x, y) in column
 * spacings. Along the eye's middle row at θ = 0° it is the 1-D `gratings` stimulus.
 */
export function hexGratings(options: HexGratingOptions): Stimulus {
  const eye = options.eye;
  let lambda: number;
  if (options.wavelength !== undefined) lambda = requirePositive('hexGratings.wavelength', options.wavelength);
  else if (options.wavelengthDeg !== undefined) {
    lambda = requirePositive('hexGratings.wavelengthDeg', toNamedUnit('hexGratings.wavelengthDeg', options.wavelengthDeg, DEGREES, { max: 3600, what: 'a grating period' })) / eye.spacingDeg;
  } else throw new SpecError('hexGratings.wavelength', 'give wavelength (column spacings) or wavelengthDeg');
  const f = toSI('hexGratings.temporalFrequency', options.temporalFrequency, 'frequency', { max: 1000, what: 'a grating temporal frequency' });
  if (f < 0) throw new SpecError('hexGratings.temporalFrequency', `must be >= 0, got ${f}`);
  const contrast = requireFinite('hexGratings.contrast', options.contrast ?? Math.SQRT2);
  const mean = requireFinite('hexGratings.mean', options.mean ?? 0);
  const phase = requireFinite('hexGratings.phase', options.phase ?? 0);
  const dirs = directionList('hexGratings.direction', options.direction);
  const k = (2 * Math.PI) / lambda;
  // Per direction, the phase of every column (cos/sin of the direction folded in once).
  const spatial = dirs.map((d) => {
    const c = Math.cos((d * Math.PI) / 180);
    const s = Math.sin((d * Math.PI) / 180);
    return Float64Array.from(eye.x, (x, i) => k * (x * c + eye.y[i]! * s) + phase);
  });
  return {
    label: `hex grating λ=${lambda.toFixed(2)} columns, f=${f} Hz, direction ${dirs.join('/')}°`,
    frame(step, dt, out, width, batch) {
      checkFrame('hexGratings', eye, dirs, width, batch);
      const w = 2 * Math.PI * f * step * dt;
      for (let b = 0; b < batch; b++) {
        const sp = spatial[dirs.length === 1 ? 0 : b]!;
        const o = b * width;
        for (let i = 0; i < width; i++) out[o + i] = mean + contrast * Math.sin(sp[i]! - w);
      }
    },
  };
}
