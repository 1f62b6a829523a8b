import { Network } from '../../sim/Network.js';
import type { Scene } from '../../stimuli/naturalScene.js';
import { drosophilaSettings } from './circuit.js';
import { addLamina, trainLamina } from './lamina.js';
import { trainDefaults, type TrainOptions } from './train.js';

/** How the lamina is built and its scenes scanned: the fly's settings and training options that bear on it. */
export interface LaminaFilterOptions extends Pick<TrainOptions, 'steps' | 'rows' | 'speed' | 'spacing' | 'noiseStd' | 'dt' | 'seed' | 'progress'> {
  /** Photoreceptors in the row (default 16, the fly's). */
  pixels?: number;
  /** Past and future lags (default 50 and 50, the fly's). */
  memory?: number;
  /** Future lags (the reference: 50). */
  horizon?: number;
}

/** Lamina filters learned from scene scans, in the ReSU bank's conventions. */
export interface LaminaFilters {
  /** Filter 1 → L3 (unrectified). Lag 0 = newest sample. */
  readonly L3: Float64Array;
  /** Filter 2 → L1 = max(0, L1·p) (ON: positive response to a contrast increment); L2 = max(0, −L1·p). */
  readonly L1: Float64Array;
  /** The first six canonical correlations, descending. */
  readonly correlations: readonly number[];
  /** Past–future information of the 2-dimensional code, nats. */
  readonly mutualInformation: number;
  /** Gain at zero frequency / peak gain of filters 1 and 2. */
  readonly zeroFrequencyRatio: readonly [number, number];
  /** Number of (past, future) windows pooled. */
  readonly windows: number;
}

/**
 * The fly's lamina filters (L1–L3 of the ReSU paper's Fig. 4), learned the way `fly.train`
 * learns them: a network of photoreceptors and lamina ReSUs is simulated while the scenes
 * scan by, and the lamina's `PastFutureCCARule` fits its filters from every pixel's own
 * contrast history. With the same scenes and options the filters are the ones
 * `drosophilaMotion().train(scenes)` puts in its lamina (before they are stored as float32).
 * Use the result as `resuBank({ memory, filters: [f.L3, f.L1] })`.
 */
export function learnLaminaFilters(scenes: readonly Scene[], options: LaminaFilterOptions = {}): LaminaFilters {
  const { pixels, memory, horizon } = drosophilaSettings({
    ...(options.pixels !== undefined ? { pixels: options.pixels } : {}),
    ...(options.memory !== undefined ? { memory: options.memory } : {}),
    ...(options.horizon !== undefined ? { horizon: options.horizon } : {}),
  });
  const scan = trainDefaults(options, 'learnLaminaFilters');
  const net = new Network();
  const stage = addLamina(net, pixels, memory, horizon);
  const report = trainLamina(net, stage, scenes, scan, options.progress);
  const filters = stage.laminaModel.parameters.filters;
  return {
    L3: Float64Array.from(filters.subarray(0, memory)),
    L1: Float64Array.from(filters.subarray(memory, 2 * memory)),
    ...report,
  };
}
