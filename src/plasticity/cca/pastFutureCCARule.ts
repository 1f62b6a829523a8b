import { filterSign, solveCCA, type FilterSign } from '../../math/cca/solveCCA.js';
import { LagCovariance, type PastFutureCovariance } from '../../math/cca/lagCovariance.js';
import { SpecError, requirePositive, requirePositiveInt } from '../../core/errors.js';
import type { PopulationRule, PopulationView } from '../PlasticityRule.js';

/** Which past and future a CCA rule fits, and where in a ReSU population its filters go. */
export interface CCAFilterTarget {
  /** Past lags m per channel; must match the population's filters (channels·memory per row). */
  memory: number;
  /** Future = the lag vector x_{t+1} … x_{t+h} per channel. Give this or `offset`. */
  horizon?: number;
  /** Future = the single sample x_{t+offset} per channel (e.g. T4: offset 5, memory 1). */
  offset?: number;
  /** Input channels, in the order of the filters' channel blocks (default: all of the population's). */
  channels?: readonly string[];
  /** CCA component (1-based) written into each filter row of the population (default 1, 2, … k). */
  assign?: readonly number[];
  /** Subtract the means (default true); a centred fit also sets `bias` = w·mean so outputs are zero-mean. */
  centred?: boolean;
  /**
   * Steps between lags, past and future (default 1); must equal the population's `lagStride`
   * (`resu({ lagStride })`), whose lag vector the filters are applied to.
   */
  stride?: number;
  /** The channels whose future is predicted (default all of `channels`); e.g. not a unit's delayed copies of its inputs. */
  futureChannels?: readonly string[];
}

export interface PastFutureCCARuleOptions extends CCAFilterTarget {
  /** Ridge on Cpp and Cff relative to their mean diagonal (default 1e−9). */
  ridge?: number;
  /** Exponential forgetting time constant in samples; omitted = batch mode (all windows weigh 1). */
  forgetting?: number;
  /**
   * Refit every n steps (also at the end of every run; 0 = only there). Default: only at the
   * end of runs in batch mode; every memory + horizon steps in forgetting mode.
   */
  refitEvery?: number;
  /**
   * Sign of each learned filter: 'step' (default; ON = positive response to an increment of
   * the input), 'largest', or a function returning ±1 for (filter, component).
   */
  sign?: FilterSign | ((filter: Float64Array, component: number) => number);
  /** Skip refits until this many windows were seen (default: past size + future size). */
  minWindows?: number;
  /**
   * Pick each row's component by a score of its own filters instead of `assign`: the
   * component with the highest `score(pastFilter, futureFilter)` among the first `among`
   * (the filters as solved, before the sign is fixed). The pick is in `lastFit.chosen`.
   */
  choose?: {
    /** How many leading components compete. */
    readonly among: number;
    /** Higher is better; sees only this rule's own filters and the statistics they were fitted to. */
    readonly score: (past: Float64Array, future: Float64Array, component: number, statistics: PastFutureCovariance) => number;
  };
}

/** What the last refit found. */
export interface CCAFit {
  /** The step of the refit. */
  readonly step: number;
  /** Windows the statistics held (weighted by the forgetting factor). */
  readonly windows: number;
  /** All canonical correlations, descending. */
  readonly correlations: Float64Array;
  /** Information (nats) kept by the assigned components. */
  readonly mutualInformation: number;
  /** The component (1-based) each filter row holds. */
  readonly chosen: readonly number[];
}

/**
 * Past–future CCA as a population rule: it watches the population's own input channels,
 * accumulates the covariances of (past, future) lag vectors pooled over all units and
 * batch copies (the units share their filters), and refits the filters. A window's future
 * is only complete `horizon` (or `offset`) steps after its past, so learning lags by that
 * much: nothing looks ahead. A simulator reset (the step count going back) closes the
 * streams, so no window spans it.
 *
 * Batch mode keeps every window; with `forgetting` = τ the statistics decay with time
 * constant τ samples, so the filters follow changes in the input statistics (SNR).
 *
 * @example
 * const L = net.population('L', 16, resuBank({ memory: 50 }));
 * net.learn(L, new PastFutureCCARule({ memory: 50, horizon: 50 }));
 */
export class PastFutureCCARule implements PopulationRule {
  /** A population rule. */
  readonly attach = 'population' as const;
  readonly name = 'pastFutureCCA';
  readonly batchSteps: number;
  /** onStep only pushes the inputs into the lag covariances; the filters move in onBatch (refit). */
  readonly onStepReadsOnly = true;
  /** The latest refit (null before the first). */
  lastFit: CCAFit | null = null;
  /** Number of refits done. */
  fits = 0;

  private readonly memory: number;
  private readonly assign: number[] | null;
  private readonly centred: boolean;
  private readonly ridge: number;
  private readonly sign: NonNullable<PastFutureCCARuleOptions['sign']>;
  private readonly window: { memory: number; horizon?: number; offset?: number; forgetting?: number; stride?: number };
  private channels: string[] = [];
  private acc: LagCovariance | null = null;
  private rows = 0;
  private lastStep = Number.NaN;
  private readonly frame: Float32Array[] = [];
  private readonly minWindows: number | undefined;

  constructor(private readonly options: PastFutureCCARuleOptions) {
    this.memory = requirePositiveInt('PastFutureCCARule.memory', options.memory);
    if ((options.horizon === undefined) === (options.offset === undefined)) {
      throw new SpecError('PastFutureCCARule.horizon', 'give exactly one of horizon (future lag vector) or offset (one future sample)');
    }
    const ahead = options.horizon !== undefined ? requirePositiveInt('PastFutureCCARule.horizon', options.horizon) : requirePositiveInt('PastFutureCCARule.offset', options.offset);
    this.window = {
      memory: this.memory,
      ...(options.horizon !== undefined ? { horizon: ahead } : { offset: ahead }),
      ...(options.forgetting !== undefined ? { forgetting: requirePositive('PastFutureCCARule.forgetting', options.forgetting) } : {}),
      ...(options.stride !== undefined ? { stride: requirePositiveInt('PastFutureCCARule.stride', options.stride) } : {}),
    };
    const every = options.refitEvery ?? (options.forgetting !== undefined ? this.memory + ahead : 0);
    this.batchSteps = every === 0 ? 0 : requirePositiveInt('PastFutureCCARule.refitEvery', every);
    this.assign = options.assign ? [...options.assign] : null;
    this.assign?.forEach((a, i) => requirePositiveInt(`PastFutureCCARule.assign[${i}]`, a));
    this.centred = options.centred ?? true;
    this.ridge = options.ridge ?? 1e-9;
    this.sign = options.sign ?? 'step';
    this.minWindows = options.minWindows;
    if (options.choose) requirePositiveInt('PastFutureCCARule.choose.among', options.choose.among);
  }

  init(view: PopulationView): void {
    const available = Object.keys(view.self.input);
    this.channels = this.options.channels ? [...this.options.channels] : available;
    for (const c of this.channels) {
      if (!available.includes(c)) throw new SpecError('PastFutureCCARule.channels', `'${c}' is not an input channel of the population (${available.join(', ') || 'none'})`);
    }
    if (this.channels.length === 0) throw new SpecError('PastFutureCCARule.channels', 'the population has no input channels to learn from');
    const filters = view.parameters.filters;
    if (!filters) throw new SpecError('PastFutureCCARule', "the population's model has no 'filters' parameter (use a resu model)");
    const width = this.channels.length * this.memory;
    if (filters.length % width !== 0) {
      throw new SpecError('PastFutureCCARule.memory', `filters of ${filters.length} values are not rows of ${this.channels.length} channel(s) × memory ${this.memory}`);
    }
    this.rows = filters.length / width;
    const assign = this.assign ?? Array.from({ length: this.rows }, (_, i) => i + 1);
    if (assign.length !== this.rows) throw new SpecError('PastFutureCCARule.assign', `has ${assign.length} entries for ${this.rows} filter row(s)`);
    const future = this.options.futureChannels;
    future?.forEach((c, i) => {
      if (!this.channels.includes(c)) throw new SpecError(`PastFutureCCARule.futureChannels[${i}]`, `'${c}' is not one of the rule's channels (${this.channels.join(', ')})`);
    });
    this.acc = new LagCovariance({ channels: this.channels.length, ...this.window, ...(future ? { futureChannels: future.map((c) => this.channels.indexOf(c)) } : {}) });
    const most = Math.max(...assign, this.options.choose?.among ?? 0);
    if (most > Math.min(this.acc.pastSize, this.acc.futureSize)) {
      throw new SpecError(this.options.choose && most === this.options.choose.among ? 'PastFutureCCARule.choose.among' : 'PastFutureCCARule.assign', `component ${most} does not exist: past ${this.acc.pastSize}, future ${this.acc.futureSize} values`);
    }
    this.frame.length = 0;
    this.lastStep = Number.NaN;
  }

  onStep(view: PopulationView): void {
    const acc = this.acc!;
    // A step that does not follow the last one is a reset or a pause: close the streams.
    if (view.step !== this.lastStep + 1) acc.endSegment();
    this.lastStep = view.step;
    const input = view.self.input;
    for (let c = 0; c < this.channels.length; c++) this.frame[c] = input[this.channels[c]!]!;
    acc.push(this.frame);
  }

  onBatch(view: PopulationView): void {
    this.refit(view);
  }

  /** Refit now from the statistics gathered so far (also done by onBatch). Returns false if too few windows. */
  refit(view: Pick<PopulationView, 'parameters' | 'step'>): boolean {
    const acc = this.acc;
    if (!acc) throw new SpecError('PastFutureCCARule', 'the rule is not bound to a population yet');
    const need = this.minWindows ?? acc.pastSize + acc.futureSize;
    if (acc.count < need || acc.count === 0) return false;
    const choose = this.options.choose;
    const cov = acc.covariance(this.centred);
    const solveCount = Math.max(...(this.assign ?? [this.rows]), choose?.among ?? 0);
    const fit = solveCCA(cov, { components: solveCount, ridge: this.ridge, sign: typeof this.sign === 'string' ? this.sign : 'largest', memory: this.memory });
    let assign = this.assign ?? Array.from({ length: this.rows }, (_, i) => i + 1);
    if (choose) {
      const scores = Array.from({ length: choose.among }, (_, c) => choose.score(fit.filters[c]!, fit.futureFilters[c]!, c + 1, cov));
      const best = 1 + scores.indexOf(Math.max(...scores));
      assign = assign.map(() => best);
    }
    const width = acc.pastSize;
    const { filters, bias } = view.parameters;
    let mi = 0;
    assign.forEach((comp, row) => {
      const w = fit.filters[comp - 1]!;
      const s = typeof this.sign === 'function' ? Math.sign(this.sign(w, comp)) || 1 : filterSign(w, this.sign, this.channels.length, this.memory);
      let b = 0;
      for (let j = 0; j < width; j++) {
        filters![row * width + j] = s * w[j]!;
        b += s * w[j]! * cov.meanPast[j]!;
      }
      if (bias && row < bias.length) bias[row] = this.centred ? b : 0;
      const sigma = Math.min(fit.correlations[comp - 1]!, 1 - 1e-15);
      mi += -0.5 * Math.log(1 - sigma * sigma);
    });
    this.fits++;
    this.lastFit = { step: view.step, windows: cov.count, correlations: fit.correlations, mutualInformation: mi, chosen: assign };
    return true;
  }

  describe(): Record<string, unknown> {
    return { rule: 'pastFutureCCA', ...this.options, sign: typeof this.sign === 'string' ? this.sign : 'custom' };
  }
}

/** @deprecated The old name of {@link PastFutureCCARule}, kept for 0.1 code; `pastFutureCCA` is the batch function. */
export const PastFutureCCA = PastFutureCCARule;
/** @deprecated The old name of {@link PastFutureCCARule}. */
export type PastFutureCCA = PastFutureCCARule;
