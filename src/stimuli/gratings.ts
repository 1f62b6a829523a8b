import { SpecError, requireFinite, requirePositive } from '../core/errors.js';
import { toSI, type QuantityInput } from '../core/quantity.js';
import type { Stimulus } from '../sim/Stimulus.js';

/** Options of `gratings`. */
export interface GratingOptions {
  /** Spatial period in receptors (pixels); or give `wavelengthDeg` with `spacingDeg`. */
  wavelength?: number;
  /** Spatial period in degrees of visual angle. */
  wavelengthDeg?: number;
  /** Angle between adjacent receptors in degrees (default 5, the fly's ommatidium spacing). */
  spacingDeg?: number;
  /** Temporal frequency (cycles per second passing one receptor): hertz or a quantity ('2 Hz'). */
  temporalFrequency: QuantityInput;
  /**
   * +1: the pattern moves towards higher receptor indices; −1: towards lower. One value
   * per batch element runs several directions at once.
   */
  direction?: number | readonly number[];
  /**
   * Amplitude of the sinusoid (default √2: unit variance, the z-scored contrast the fly is
   * trained on, and the default of `movingEdge`; at amplitude 1 the trained detectors respond
   * far more weakly, ~80× less for T4a).
   */
  contrast?: number;
  /** Value the sinusoid oscillates around (default 0: contrast units). */
  mean?: number;
  /** Phase at receptor 0 and time 0, radians (default 0). */
  phase?: number;
}

/**
 * A drifting sine grating over a 1-D row of receptors:
 * `mean + contrast · sin(2π (x/λ − direction · f · t) + phase)`, x in receptors, t = step·dt.
 */
export function gratings(options: GratingOptions): Stimulus {
  let lambda: number;
  if (options.wavelength !== undefined) lambda = requirePositive('gratings.wavelength', options.wavelength);
  else if (options.wavelengthDeg !== undefined) {
    lambda = requirePositive('gratings.wavelengthDeg', options.wavelengthDeg) / requirePositive('gratings.spacingDeg', options.spacingDeg ?? 5);
  } else throw new SpecError('gratings.wavelength', 'give wavelength (receptors) or wavelengthDeg');
  const f = toSI('gratings.temporalFrequency', options.temporalFrequency, 'frequency', { max: 1000, what: 'a grating temporal frequency' });
  if (f < 0) throw new SpecError('gratings.temporalFrequency', `must be >= 0, got ${f}`);
  const contrast = requireFinite('gratings.contrast', options.contrast ?? Math.SQRT2);
  const mean = requireFinite('gratings.mean', options.mean ?? 0);
  const phase = requireFinite('gratings.phase', options.phase ?? 0);
  const dirs = typeof options.direction === 'object' ? [...options.direction] : [options.direction ?? 1];
  dirs.forEach((d, k) => requireFinite(`gratings.direction[${k}]`, d));
  const k = (2 * Math.PI) / lambda;
  // sin(kx + phase − ω) = sin(kx + phase)·cos ω − cos(kx + phase)·sin ω: the receptors' phases
  // are computed once per row width, so a frame costs two sines per direction, not one per
  // receptor (the fly bench spent 11 % of a step in Math.sin). Within one float32 rounding of
  // the direct formula (test/stimuli/gratingsEdges.test.ts): at λ 7.3 px, 1.7 Hz over 1,000 s
  // about 2 values in 10^5 differ from it by one unit in the last place; none at λ 8 px, 2 Hz.
  let sinX = new Float64Array(0);
  let cosX = new Float64Array(0);
  return {
    label: `grating λ=${lambda.toFixed(2)} px, f=${f} Hz, direction ${dirs.join('/')}`,
    frame(step, dt, out, width, batch) {
      if (dirs.length !== 1 && dirs.length !== batch) {
        throw new SpecError('gratings.direction', `has ${dirs.length} values for a batch of ${batch}`);
      }
      if (sinX.length !== width) {
        sinX = Float64Array.from({ length: width }, (_, i) => Math.sin(k * i + phase));
        cosX = Float64Array.from({ length: width }, (_, i) => Math.cos(k * i + phase));
      }
      const t = step * dt;
      // One direction for the whole batch: every row is the first (same values, computed once).
      const rows = dirs.length === 1 ? 1 : batch;
      for (let b = 0; b < rows; b++) {
        const w = 2 * Math.PI * f * t * dirs[dirs.length === 1 ? 0 : b]!;
        const cw = contrast * Math.cos(w);
        const sw = contrast * Math.sin(w);
        const o = b * width;
        for (let i = 0; i < width; i++) out[o + i] = mean + (sinX[i]! * cw - cosX[i]! * sw);
      }
      for (let b = rows; b < batch; b++) out.copyWithin(b * width, 0, width);
    },
  };
}
