import { solveCCA } from '../math/cca/solveCCA.js';
import { cosine, minoritySignShare } from '../math/cca/filterShape.js';
import { LagCovariance } from '../math/cca/lagCovariance.js';
import { resuBank } from '../neurons/resu.js';
import { SpecError, requirePositive, requirePositiveInt } from '../core/errors.js';
import { Network } from '../sim/Network.js';
import { SeededRandom } from '../core/random.js';
import { Simulator } from '../sim/Simulator.js';
import { oneToOne } from '../synapses/oneToOne.js';
import { source } from '../neurons/source.js';
import { gaussianProcessSamples, gaussianProcessSeries, rationalQuadratic, type StationaryKernel } from '../stimuli/gaussianProcess.js';
import { PastFutureCCARule } from '../plasticity/cca/pastFutureCCARule.js';

/** The Gaussian-process recipe of the ReSU paper's Fig. 3 (RESU-REFERENCE.md). */
export interface GPRecipe {
  /** Default: rational quadratic, l = 1, α = 1. */
  kernel?: StationaryKernel;
  /** Grid step (default 0.02). */
  step?: number;
  /** Past lags (default 75) and future lags (default 25). */
  memory?: number;
  /** Future lags (default 25). */
  horizon?: number;
  /** Seed of the GP samples and the noise (default 1). */
  seed?: number;
}

/** One noise level of `snrSweep`: what batch CCA found at it. */
export interface SNRSweepPoint {
  /** Observation noise std. */
  readonly noiseStd: number;
  /** All canonical correlations, descending. */
  readonly correlations: Float64Array;
  /** Filters 1 and 2 (largest-magnitude coefficient positive). */
  readonly filters: Float64Array[];
  /** Minority-sign share of filters 1 and 2. */
  readonly minorityShare: number[];
}

/**
 * Static SNR adaptation: batch past–future CCA on `count` GP sample functions with white
 * observation noise of each std; as noise grows the filters lose their opposite-sign lobes.
 */
export function snrSweep(options: GPRecipe & { noiseStds?: readonly number[]; count?: number; length?: number } = {}): SNRSweepPoint[] {
  const memory = options.memory ?? 75;
  const horizon = options.horizon ?? 25;
  const kernel = options.kernel ?? rationalQuadratic({ lengthScale: 1, alpha: 1 });
  const clean = gaussianProcessSamples({ kernel, step: options.step ?? 0.02, length: options.length ?? 1000, count: options.count ?? 200, seed: options.seed ?? 1 });
  return (options.noiseStds ?? [0.01, 0.1, 0.4, 1.0]).map((sd) => {
    const random = new SeededRandom(options.seed ?? 1, `snrSweep:${sd}`);
    const acc = new LagCovariance({ memory, horizon });
    for (const x of clean) acc.addSeries(x.map((v) => v + sd * random.normal()));
    const fit = solveCCA(acc.covariance(), { components: 2 });
    return { noiseStd: sd, correlations: fit.correlations, filters: fit.filters, minorityShare: fit.filters.map(minoritySignShare) };
  });
}

export interface SNRSwitchOptions extends GPRecipe {
  /** Observation noise std before and after the switch. */
  from: number;
  /** Observation noise std after the switch. */
  to: number;
  /** Forgetting time constant in samples (default 2·(memory + horizon)). */
  forgetting?: number;
  /** Independent streams (units of the ReSU population) pooled by the rule (default 8). */
  streams?: number;
  /** Steps before and after the switch (defaults 2000 and 2000). */
  before?: number;
  /** Steps after the switch (default 2000). */
  after?: number;
  /** Steps between refits (default 25). */
  refitEvery?: number;
  /** Cosine that counts as adapted (default 0.95). */
  target?: number;
  /** Long independent streams behind each regime's batch filter (default 8 of 20,000 samples). */
  reference?: {
    /** Number of streams. */
    series: number;
    /** Samples per stream. */
    length: number;
  };
}

/** What `snrSwitch` measured: how the live filter follows a change of noise. */
export interface SNRSwitchResult {
  /** Step (relative to the switch) of each refit, and the cosine of the live filter 1 with the new batch filter 1. */
  readonly steps: number[];
  /** Cosine of the live filter 1 with the new batch filter 1, at each of `steps`. */
  readonly cosine: number[];
  /** Cosine of the old and new batch filters (how much there is to adapt). */
  readonly cosineOldNew: number;
  /** Steps after the switch until the cosine first reaches `target` (NaN if never). */
  readonly adaptationSteps: number;
  /** Steps after the switch from which the cosine stays ≥ target to the end (NaN if never). */
  readonly settledSteps: number;
  /** Past lags used. */
  readonly memory: number;
  /** Future lags used. */
  readonly horizon: number;
}

/**
 * Dynamic SNR adaptation: a ReSU population watches long GP streams whose observation noise
 * jumps from `from` to `to`; its `PastFutureCCARule` rule forgets with time constant `forgetting`.
 * Measures how long its first filter takes to line up with the batch filter of the new noise.
 */
export function snrSwitch(options: SNRSwitchOptions): SNRSwitchResult {
  const memory = options.memory ?? 75;
  const horizon = options.horizon ?? 25;
  const step = options.step ?? 0.02;
  const kernel = options.kernel ?? rationalQuadratic({ lengthScale: 1, alpha: 1 });
  const S = requirePositiveInt('snrSwitch.streams', options.streams ?? 8);
  const before = requirePositiveInt('snrSwitch.before', options.before ?? 2000);
  const after = requirePositiveInt('snrSwitch.after', options.after ?? 2000);
  const every = requirePositiveInt('snrSwitch.refitEvery', options.refitEvery ?? 25);
  const tau = requirePositive('snrSwitch.forgetting', options.forgetting ?? 2 * (memory + horizon));
  const target = options.target ?? 0.95;
  const seed = options.seed ?? 1;
  if (!(options.from >= 0 && options.to >= 0)) throw new SpecError('snrSwitch.from', 'noise stds must be ≥ 0');

  // Batch filters of each regime, from long independent streams.
  const batchFilter = (sd: number) => {
    const acc = new LagCovariance({ memory, horizon });
    const ref = options.reference ?? { series: 8, length: 20_000 };
    for (let k = 0; k < requirePositiveInt('snrSwitch.reference.series', ref.series); k++) {
      const random = new SeededRandom(seed, `snrSwitch:batch:${sd}:${k}`);
      const x = gaussianProcessSeries({ kernel, step, length: requirePositiveInt('snrSwitch.reference.length', ref.length), seed: seed * 1000 + 100 + k });
      acc.addSeries(x.map((v) => v + sd * random.normal()));
    }
    return solveCCA(acc.covariance(), { components: 1 }).filters[0]!;
  };
  const oldFilter = batchFilter(options.from);
  const newFilter = batchFilter(options.to);

  const n = before + after;
  const noise = new SeededRandom(seed, 'snrSwitch:stream-noise');
  const streams = Array.from({ length: S }, (_, k) => {
    const x = gaussianProcessSeries({ kernel, step, length: n, seed: seed * 1000 + k });
    for (let t = 0; t < n; t++) x[t] = x[t]! + (t < before ? options.from : options.to) * noise.normal();
    return x;
  });
  const net = new Network();
  const R = net.population('R', S, source());
  const L = net.population('L', S, resuBank({ memory }));
  net.connect(R, L, oneToOne());
  const rule = new PastFutureCCARule({ memory, horizon, forgetting: tau, refitEvery: 0, sign: 'largest' });
  net.learn(L, rule);
  const sim = new Simulator(net, { dt: 1, seed });
  const filters = L.model.parameters!.filters!;
  const steps: number[] = [];
  const cos: number[] = [];
  for (let t0 = 0; t0 < n; t0 += every) {
    const len = Math.min(every, n - t0);
    sim.runSteps((s, _dt, out) => {
      for (let k = 0; k < S; k++) out[k] = streams[k]![s]!;
    }, len, { record: 'none' });
    if (rule.fits === 0) continue;
    steps.push(t0 + len - before);
    cos.push(cosine(filters.subarray(0, memory), newFilter));
  }
  let adaptation = Number.NaN;
  let settled = Number.NaN;
  for (let i = 0; i < steps.length; i++) {
    if (steps[i]! <= 0) continue;
    if (Number.isNaN(adaptation) && cos[i]! >= target) adaptation = steps[i]!;
    if (cos[i]! >= target) {
      if (Number.isNaN(settled)) settled = steps[i]!;
    } else settled = Number.NaN;
  }
  return { steps, cosine: cos, cosineOldNew: cosine(oldFilter, newFilter), adaptationSteps: adaptation, settledSteps: settled, memory, horizon };
}
