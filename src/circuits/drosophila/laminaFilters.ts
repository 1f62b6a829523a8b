import { solveCCA } from '../../math/cca/solveCCA.js';
import { zeroFrequencyRatio } from '../../math/cca/filterShape.js';
import { LagCovariance } from '../../math/cca/lagCovariance.js';
import { requirePositiveInt } from '../../core/errors.js';
import { sceneRowSeries, type Scene } from '../../stimuli/naturalScene.js';

/** Options of `fitLaminaFilters`. */
export interface LaminaFitOptions {
  /** Past and future lags (the reference: 50 and 50). */
  memory?: number;
  /** Future lags (the reference: 50). */
  horizon?: number;
  /** White noise std on the z-scored contrast (the reference: 0.05). */
  noiseStd?: number;
  /** Scan speed in px/step (default 1). */
  speed?: number;
  /** Use every n-th row of each scene (default 1: all rows). */
  rowStep?: number;
  /** Ridge of the CCA, relative to the mean diagonal (default 1e-9). */
  ridge?: number;
  /** Seed of the noise (default 1). */
  seed?: number;
}

/** Lamina filters learned from scene scans, in the ReSU bank's conventions. */
export interface LaminaFilters {
  /** Filter 1 → L3 (unrectified). Lag 0 = newest sample. */
  readonly L3: Float64Array;
  /** Filter 2 → L1 = max(0, L1·p) (ON: positive response to a contrast increment); L2 = max(0, −L1·p). */
  readonly L1: Float64Array;
  /** All canonical correlations, descending. */
  readonly correlations: Float64Array;
  /** Past–future information of the 2-dimensional code, nats. */
  readonly mutualInformation: number;
  /** Gain at zero frequency / peak gain of filters 1 and 2. */
  readonly zeroFrequencyRatio: readonly [number, number];
  /** Number of (past, future) windows pooled. */
  readonly windows: number;
}

/**
 * Past–future CCA on row scans of scenes (each row one series, statistics pooled over all
 * rows and scenes before whitening), as for the L1–L3 filters of the ReSU paper's Fig. 4.
 * Use the result as `resuBank({ memory, filters: [f.L3, f.L1] })`.
 */
export function fitLaminaFilters(scenes: readonly Scene[], options: LaminaFitOptions = {}): LaminaFilters {
  const memory = requirePositiveInt('fitLaminaFilters.memory', options.memory ?? 50);
  const horizon = requirePositiveInt('fitLaminaFilters.horizon', options.horizon ?? 50);
  const acc = new LagCovariance({ memory, horizon });
  scenes.forEach((scene, k) => {
    const rows = sceneRowSeries(scene, {
      speed: options.speed ?? 1,
      noiseStd: options.noiseStd ?? 0.05,
      seed: (options.seed ?? 1) * 7919 + k,
      rowStep: options.rowStep ?? 1,
    });
    for (const r of rows) acc.addSeries(r);
  });
  const cov = acc.covariance(true);
  const fit = solveCCA(cov, { components: 2, sign: 'step', memory, ridge: options.ridge ?? 1e-9 });
  return {
    L3: fit.filters[0]!,
    L1: fit.filters[1]!,
    correlations: fit.correlations,
    mutualInformation: fit.mutualInformation,
    zeroFrequencyRatio: [zeroFrequencyRatio(fit.filters[0]!), zeroFrequencyRatio(fit.filters[1]!)],
    windows: cov.count,
  };
}
