import { SpecError, requireFinite, requirePositive } from '../core/errors.js';
import type { Stimulus } from '../sim/Stimulus.js';
import type { HexEye } from './hexEye.js';
import { checkFrame, directionList } from './hexStimulus.js';

/** Options of `hexGratings`. */
export interface HexGratingOptions {
  /** The eye the grating moves across. */
  eye: HexEye;
  /** Spatial period in column spacings; or give `wavelengthDeg` (degrees, via `eye.spacingDeg`). */
  wavelength?: number;
  /** Spatial period in degrees (instead of `wavelength`). */
  wavelengthDeg?: number;
  /** Temporal frequency in Hz (cycles per second passing one column). */
  temporalFrequency: number;
  /** Direction of motion in degrees (0° = +x, 90° = up); one value per batch copy runs several at once. */
  direction?: number | readonly number[];
  /** Amplitude (default 1). */
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
  else if (options.wavelengthDeg !== undefined) lambda = requirePositive('hexGratings.wavelengthDeg', options.wavelengthDeg) / eye.spacingDeg;
  else throw new SpecError('hexGratings.wavelength', 'give wavelength (column spacings) or wavelengthDeg');
  const f = requireFinite('hexGratings.temporalFrequency', options.temporalFrequency);
  if (f < 0) throw new SpecError('hexGratings.temporalFrequency', `must be >= 0, got ${f}`);
  const contrast = requireFinite('hexGratings.contrast', options.contrast ?? 1);
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
