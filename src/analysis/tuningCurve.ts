import type { DirectionSelectivity } from './directionSelectivity.js';

/** One grid point of `tuningCurve`: a grating condition and the selectivity measured at it. */
export interface TuningPoint {
  /** Temporal frequency of the grating, in the unit the caller's grid uses (Hz in the fly's measures). */
  readonly temporalFrequency: number;
  /** Wavelength of the grating, in the unit the caller's grid uses. */
  readonly wavelength: number;
  /** Direction selectivity at this condition. */
  readonly selectivity: DirectionSelectivity;
}

/**
 * Direction selectivity over a grid of temporal frequencies and wavelengths. `measure`
 * simulates one grating condition (both directions) and returns its selectivity; the
 * grid is walked in a fixed order so results are reproducible.
 */
export function tuningCurve(
  grid: { readonly temporalFrequencies: readonly number[]; readonly wavelengths: readonly number[] },
  measure: (temporalFrequency: number, wavelength: number) => DirectionSelectivity,
): TuningPoint[] {
  const points: TuningPoint[] = [];
  for (const wavelength of grid.wavelengths) {
    for (const temporalFrequency of grid.temporalFrequencies) {
      points.push({ temporalFrequency, wavelength, selectivity: measure(temporalFrequency, wavelength) });
    }
  }
  return points;
}

/** The grid point with the largest |DSI| (ties: the first). */
export function bestPoint(points: readonly TuningPoint[], by: (p: TuningPoint) => number = (p) => Math.abs(p.selectivity.dsi)): TuningPoint {
  return points.reduce((best, p) => (by(p) > by(best) ? p : best));
}
