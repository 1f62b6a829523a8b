import { filterSign, type FilterSign } from '../../math/cca/solveCCA.js';
import { OnlineCCA } from '../../math/cca/onlineCCA.js';
import { SpecError, requirePositive, requirePositiveInt } from '../../core/errors.js';
import type { PopulationRule, PopulationView } from '../PlasticityRule.js';
import type { CCAFilterTarget } from './pastFutureCCARule.js';

/** Same target fields as `PastFutureCCARule` (running means instead of exact ones when centred). */
export interface OnlineHebbianCCAOptions extends CCAFilterTarget {
  /** Learning rates (defaults: see `OnlineCCA`) and their 1/(1 + t/decay) schedule, t in windows. */
  rate?: number;
  /** Learning rate of the whitening synapses (default: see `OnlineCCA`). */
  whiteningRate?: number;
  /** Windows after which the rates decay as 1/(1 + t/decay) (default: never). */
  decay?: number;
  /** Write the filters into the population every n steps (default 10). */
  writeEvery?: number;
  /** Sign convention of the filters (default 'step'). */
  sign?: FilterSign;
  /** Seed of the small random initial synapses (default 1). */
  seed?: number;
}

/**
 * Online Hebbian/anti-Hebbian past–future CCA: each complete (past, future) window of every
 * unit's input updates the synapses of an `OnlineCCA` network once (no covariance matrices,
 * no inversion, no SVD), and its past filters are written into the population's shared
 * filters. Like `PastFutureCCARule` it learns from the population's own inputs with a delay of
 * the horizon, and a reset closes the windows. Its filters converge to the batch solution.
 */
export class OnlineHebbianCCA implements PopulationRule {
  /** A population rule. */
  readonly attach = 'population' as const;
  readonly name = 'onlineHebbianCCA';
  /** The learning network (inspect its filters, or its sample count). */
  network: OnlineCCA | null = null;

  private readonly memory: number;
  private readonly ahead: number;
  private readonly lagVector: boolean;
  private readonly writeEvery: number;
  private channels: string[] = [];
  private assign: number[] = [];
  private rows = 0;
  private streams = 0;
  private ring = new Float64Array(0);
  private filled = 0;
  private lastStep = Number.NaN;
  private p = new Float64Array(0);
  private f = new Float64Array(0);
  private w = new Float64Array(0);

  constructor(private readonly options: OnlineHebbianCCAOptions) {
    this.memory = requirePositiveInt('OnlineHebbianCCA.memory', options.memory);
    if ((options.horizon === undefined) === (options.offset === undefined)) {
      throw new SpecError('OnlineHebbianCCA.horizon', 'give exactly one of horizon (future lag vector) or offset (one future sample)');
    }
    this.lagVector = options.horizon !== undefined;
    this.ahead = requirePositiveInt(this.lagVector ? 'OnlineHebbianCCA.horizon' : 'OnlineHebbianCCA.offset', options.horizon ?? options.offset);
    this.writeEvery = requirePositiveInt('OnlineHebbianCCA.writeEvery', options.writeEvery ?? 10);
    if (options.decay !== undefined) requirePositive('OnlineHebbianCCA.decay', options.decay);
  }

  init(view: PopulationView): void {
    const available = Object.keys(view.self.input);
    this.channels = this.options.channels ? [...this.options.channels] : available;
    for (const c of this.channels) {
      if (!available.includes(c)) throw new SpecError('OnlineHebbianCCA.channels', `'${c}' is not an input channel of the population (${available.join(', ') || 'none'})`);
    }
    const filters = view.parameters.filters;
    if (!filters) throw new SpecError('OnlineHebbianCCA', "the population's model has no 'filters' parameter (use a resu model)");
    const C = this.channels.length;
    const P = C * this.memory;
    if (filters.length % P !== 0) throw new SpecError('OnlineHebbianCCA.memory', `filters of ${filters.length} values are not rows of ${C} channel(s) × memory ${this.memory}`);
    this.rows = filters.length / P;
    this.assign = this.options.assign ? [...this.options.assign] : Array.from({ length: this.rows }, (_, i) => i + 1);
    if (this.assign.length !== this.rows) throw new SpecError('OnlineHebbianCCA.assign', `has ${this.assign.length} entries for ${this.rows} filter row(s)`);
    const F = this.lagVector ? C * this.ahead : C;
    this.network = new OnlineCCA({
      pastSize: P,
      futureSize: F,
      components: Math.max(...this.assign),
      ...(this.options.rate !== undefined ? { rate: this.options.rate } : {}),
      ...(this.options.whiteningRate !== undefined ? { whiteningRate: this.options.whiteningRate } : {}),
      ...(this.options.decay !== undefined ? { decay: this.options.decay } : {}),
      meanRate: this.options.centred === false ? 0 : 1e-3,
      seed: this.options.seed ?? 1,
    });
    this.p = new Float64Array(P);
    this.f = new Float64Array(F);
    this.w = new Float64Array(P);
    this.streams = 0;
    this.filled = 0;
    this.lastStep = Number.NaN;
  }

  onStep(view: PopulationView): void {
    const C = this.channels.length;
    const L = this.memory + this.ahead;
    const input = view.self.input;
    const S = input[this.channels[0]!]!.length;
    if (S !== this.streams) {
      this.streams = S;
      this.ring = new Float64Array(S * C * L);
      this.filled = 0;
    }
    if (view.step !== this.lastStep + 1) this.filled = 0; // a reset or a pause: no window spans it
    this.lastStep = view.step;
    const pos = view.step % L;
    for (let c = 0; c < C; c++) {
      const x = input[this.channels[c]!]!;
      for (let k = 0; k < S; k++) this.ring[(k * C + c) * L + pos] = x[k]!;
    }
    if (this.filled < L) this.filled++;
    if (this.filled < L) return;
    const net = this.network!;
    const m = this.memory;
    const h = this.ahead;
    // The newest sample is x_{t+h}: the past ends h samples earlier.
    for (let k = 0; k < S; k++) {
      for (let c = 0; c < C; c++) {
        const base = (k * C + c) * L;
        for (let i = 0; i < m; i++) this.p[c * m + i] = this.ring[base + ((pos - h - i + 2 * L) % L)]!;
        if (this.lagVector) for (let e = 0; e < h; e++) this.f[c * h + e] = this.ring[base + ((pos - h + 1 + e + 2 * L) % L)]!;
        else this.f[c] = this.ring[base + pos]!;
      }
      net.update(this.p, this.f);
    }
    if (view.step % this.writeEvery === 0) this.write(view);
  }

  onBatch(view: PopulationView): void {
    if (this.network && this.network.samples > 0) this.write(view);
  }

  /** Copy the network's past filters (and biases) into the population's parameters. */
  private write(view: PopulationView): void {
    const net = this.network!;
    const P = this.p.length;
    const { filters, bias } = view.parameters;
    const mean = net.meanPast;
    this.assign.forEach((comp, row) => {
      const w = net.filter(comp - 1, this.w);
      const s = filterSign(w, this.options.sign ?? 'step', this.channels.length, this.memory);
      let b = 0;
      for (let j = 0; j < P; j++) {
        filters![row * P + j] = s * w[j]!;
        b += s * w[j]! * mean[j]!;
      }
      if (bias && row < bias.length) bias[row] = this.options.centred === false ? 0 : b;
    });
  }

  describe(): Record<string, unknown> {
    return { rule: 'onlineHebbianCCA', ...this.options };
  }
}
