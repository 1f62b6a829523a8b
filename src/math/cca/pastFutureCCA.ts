import { solveCCA, type CCAResult, type FilterSign } from './solveCCA.js';
import { LagCovariance } from './lagCovariance.js';

/** A time series: one value per sample (several channels come as an array of these). */
export type Signal = Float32Array | Float64Array | readonly number[];

/** Options of `pastFutureCCA`. */
export interface PastFutureCCAOptions {
  /** Past lags m (per channel). */
  memory: number;
  /** Future lags h (per channel). Give this or `offset`. */
  horizon?: number;
  /** Future = the single sample x_{t+offset} (per channel), instead of a lag vector. */
  offset?: number;
  /** Number of filters k (default 1). */
  components?: number;
  /** Subtract the means (default true). */
  centred?: boolean;
  /** Ridge on Cpp and Cff, relative to their mean diagonal (default 1e−9). */
  ridge?: number;
  /** Sign convention of the filters (default 'largest': largest-magnitude coefficient positive). */
  sign?: FilterSign;
}

/** What `pastFutureCCA` returns: the CCA solution and how many windows it came from. */
export interface PastFutureCCAResult extends CCAResult {
  /** Number of (past, future) windows the statistics came from. */
  readonly windows: number;
}

/**
 * Past–future canonical correlation analysis of a time series: the k past filters whose
 * outputs z_i = w_i·p_t are maximally correlated with the future, with unit variance.
 *
 * `signal` is one channel, or several channels of the same length (their lag vectors are
 * stacked: index c·m + lag, lag 0 = newest sample x_t). To pool independent series (image
 * rows, trials), use `LagCovariance.addSeries` and `solveCCA`.
 *
 * @example
 * const { filters, correlations } = pastFutureCCA(x, { memory: 10, horizon: 10, components: 2 });
 */
export function pastFutureCCA(signal: Signal | readonly Signal[], options: PastFutureCCAOptions): PastFutureCCAResult {
  const channels = isChannelList(signal) ? signal : [signal];
  const window = {
    channels: channels.length,
    memory: options.memory,
    ...(options.horizon !== undefined ? { horizon: options.horizon } : {}),
    ...(options.offset !== undefined ? { offset: options.offset } : {}),
  };
  const acc = new LagCovariance(window);
  acc.addSeries(channels);
  const cov = acc.covariance(options.centred ?? true);
  return { ...solveCCA(cov, options), windows: cov.count };
}

function isChannelList(x: Signal | readonly Signal[]): x is readonly Signal[] {
  return Array.isArray(x) && x.length > 0 && typeof x[0] !== 'number';
}
