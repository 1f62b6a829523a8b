import { SpecError, requirePositiveInt } from '../core/errors.js';
import type { InputArrays, NeuronModel, StateArrays, StepContext } from './NeuronModel.js';

/** One output variable of a ReSU population: a component's projection, unrectified or rectified. */
export interface ResuOutput {
  /** Which filter (1-based) it reads. */
  readonly component: number;
  /** 'linear': z − θ; 'on': max(0, z − θ); 'off': max(0, −z − θ). */
  readonly mode: 'linear' | 'on' | 'off';
  /** Initial threshold θ (default 0); the live value is `parameters.threshold[index]`. */
  readonly threshold?: number;
}

/** Options of `resu`. */
export interface ResuOptions {
  /** Names of the input channels, each fed by its own projections (default ['I']). */
  channels?: readonly string[];
  /**
   * Past lags m kept per channel: the lag vector p_t = (x_t … x_{t−m+1}) per channel. A count of
   * samples (steps), the ReSU papers' memory m, not a time: the vector spans m·dt seconds.
   */
  memory: number;
  /**
   * Steps between the lags a filter reads (default 1): with stride k the lag vector is
   * (x_t, x_{t−k}, …, x_{t−(m−1)k}) per channel — the same m taps spread over a k-times longer
   * past. The unit keeps the (m − 1)k + 1 newest samples and updates every step. Train it with a
   * `PastFutureCCARule` of the same `stride`.
   */
  lagStride?: number;
  /** Number of filters k (default 1). */
  components?: number;
  /** Output variables by name (default: on1/off1 … onk/offk). `z1 … zk` always exist. */
  outputs?: Readonly<Record<string, ResuOutput>>;
  /** The variable projections read by default (default: the first output). */
  output?: string;
  /** Initial filters: k rows of channels·memory (index c·m + lag, lag 0 newest), flat or per row. Default 0. */
  filters?: ArrayLike<number> | readonly ArrayLike<number>[];
}

/** The parameters a ReSU population owns (shared by all its units); rules change them in place. */
export interface ResuParameters {
  [name: string]: Float64Array;
  /** k × (channels·memory), row-major. */
  filters: Float64Array;
  /** Per component, subtracted from the projection: z_i = w_i·p − bias_i (a centred fit sets w_i·mean). */
  bias: Float64Array;
  /** Per output (in `outputNames` order), subtracted before rectification. */
  threshold: Float64Array;
}

export interface ResuModel extends NeuronModel {
  readonly kind: 'resu';
  /** Names of the input channels. */
  readonly channels: readonly string[];
  /** Past lags m per channel. */
  readonly memory: number;
  /** Steps between consecutive lags (1: every step). */
  readonly lagStride: number;
  /** Canonical components k computed. */
  readonly components: number;
  /** Output variables in the order of `parameters.threshold`. */
  readonly outputNames: readonly string[];
  /** How each output variable is formed from the components. */
  readonly outputSpecs: Readonly<Record<string, ResuOutput>>;
  readonly parameters: ResuParameters;
}

const MODES = ['linear', 'on', 'off'] as const;

/**
 * Rectified Spectral Unit population. Each unit keeps a lag vector of its last `memory`
 * inputs per channel (state `lag`, width channels·memory), projects it on k filters shared
 * by the whole population — z_i = w_i·p_t − bias_i, the unrectified outputs `z1 … zk` —
 * and rectifies: ON = max(0, z − θ), OFF = max(0, −z − θ). The filters come from
 * past–future CCA (the `PastFutureCCARule` rule) or are given.
 *
 * @example
 * const t4 = resu({ channels: ['L3l', 'L1l', 'L3c', 'L1c', 'L3r', 'L1r'], memory: 1,
 *                   outputs: { T4: { component: 1, mode: 'on' } } });
 */
export function resu(options: ResuOptions): ResuModel {
  const channels = [...(options.channels ?? ['I'])];
  if (channels.length === 0) throw new SpecError('resu.channels', 'needs at least one input channel');
  if (new Set(channels).size !== channels.length) throw new SpecError('resu.channels', `names repeat: ${channels.join(', ')}`);
  const m = requirePositiveInt('resu.memory', options.memory);
  const k = requirePositiveInt('resu.components', options.components ?? 1);
  const stride = requirePositiveInt('resu.lagStride', options.lagStride ?? 1);
  const C = channels.length;
  const width = C * m;
  // Samples kept per channel: the span of the lags (m when every step is a lag).
  const hist = (m - 1) * stride + 1;
  const lagWidth = C * hist;
  const zNames = Array.from({ length: k }, (_, i) => `z${i + 1}`);
  const specs: Record<string, ResuOutput> = {};
  if (options.outputs) Object.assign(specs, options.outputs);
  else for (let i = 1; i <= k; i++) Object.assign(specs, { [`on${i}`]: { component: i, mode: 'on' }, [`off${i}`]: { component: i, mode: 'off' } });
  const outputNames = Object.keys(specs);
  for (const name of outputNames) {
    const s = specs[name]!;
    if (name === 'lag' || zNames.includes(name) || channels.includes(name)) {
      throw new SpecError(`resu.outputs.${name}`, `the name is taken (lag, z1…z${k} and the input channels are reserved)`);
    }
    if (!Number.isInteger(s.component) || s.component < 1 || s.component > k) {
      throw new SpecError(`resu.outputs.${name}.component`, `must be an integer in 1…${k}, got ${s.component}`);
    }
    if (!MODES.includes(s.mode)) throw new SpecError(`resu.outputs.${name}.mode`, `must be one of ${MODES.join(', ')}, got '${String(s.mode)}'`);
  }
  const output = options.output ?? outputNames[0] ?? zNames[0]!;
  if (!outputNames.includes(output) && !zNames.includes(output)) {
    throw new SpecError('resu.output', `'${output}' is not an output (${[...zNames, ...outputNames].join(', ')})`);
  }
  const parameters: ResuParameters = {
    filters: new Float64Array(k * width),
    bias: new Float64Array(k),
    threshold: Float64Array.from(outputNames, (n) => specs[n]!.threshold ?? 0),
  };
  if (options.filters) setFilters(parameters.filters, options.filters, k, width, 'resu.filters');
  const comp = Int32Array.from(outputNames, (n) => specs[n]!.component - 1);
  const mode = Int8Array.from(outputNames, (n) => MODES.indexOf(specs[n]!.mode));
  let boundState: StateArrays | null = null;
  let boundInputs: InputArrays | null = null;
  let zArrays: Float32Array[] = [];
  let outArrays: Float32Array[] = [];
  let inArrays: Float32Array[] = [];

  return {
    kind: 'resu',
    variables: ['lag', ...zNames, ...outputNames],
    widths: { lag: lagWidth },
    inputs: channels,
    output,
    spiking: false,
    parameters,
    channels,
    memory: m,
    lagStride: stride,
    components: k,
    outputNames,
    outputSpecs: specs,
    init(state: StateArrays) {
      for (const v of ['lag', ...zNames, ...outputNames]) state[v]!.fill(0);
    },
    step(state: StateArrays, inputs: InputArrays, ctx: StepContext): number {
      // Resolve the arrays once per simulator (the state and input records are stable).
      if (state !== boundState || inputs !== boundInputs) {
        boundState = state;
        boundInputs = inputs;
        zArrays = zNames.map((v) => state[v]!);
        outArrays = outputNames.map((v) => state[v]!);
        inArrays = channels.map((c) => inputs[c]!);
      }
      const lag = state.lag!;
      const n = ctx.size * ctx.batch;
      const w = parameters.filters;
      const bias = parameters.bias;
      const theta = parameters.threshold;
      if (stride !== 1) {
        stridedProject(lag, inArrays, zArrays, w, bias, n, C, m, stride, k);
        rectify(outArrays, zArrays, comp, mode, theta, n);
        return 0;
      }
      // Shift each channel's lag vector one place older and put the new sample at lag 0
      // (channel by channel over all units: one input array at a time).
      for (let c = 0; c < C; c++) {
        const x = inArrays[c]!;
        if (m === 1) {
          for (let u = 0, o = c; u < n; u++, o += width) lag[o] = x[u]!;
        } else {
          for (let u = 0, o = c * m; u < n; u++, o += width) {
            if (m > 8) lag.copyWithin(o + 1, o, o + m - 1);
            else for (let j = o + m - 1; j > o; j--) lag[j] = lag[j - 1]!;
            lag[o] = x[u]!;
          }
        }
      }
      // z_i = w_i·p − bias_i, summed from lag index 0 up (the order fixes the rounding);
      // two components share one pass over the lag vector.
      if (k === 2) {
        const z1 = zArrays[0]!;
        const z2 = zArrays[1]!;
        const b1 = bias[0]!;
        const b2 = bias[1]!;
        for (let u = 0, base = 0; u < n; u++, base += width) {
          let a = -b1;
          let b = -b2;
          for (let j = 0; j < width; j++) {
            const v = lag[base + j]!;
            a += w[j]! * v;
            b += w[width + j]! * v;
          }
          z1[u] = a;
          z2[u] = b;
        }
      } else {
        for (let i = 0; i < k; i++) {
          const zi = zArrays[i]!;
          const row = i * width;
          const bi = bias[i]!;
          for (let u = 0, base = 0; u < n; u++, base += width) {
            let z = -bi;
            for (let j = 0; j < width; j++) z += w[row + j]! * lag[base + j]!;
            zi[u] = z;
          }
        }
      }
      rectify(outArrays, zArrays, comp, mode, theta, n);
      return 0;
    },
    describe() {
      return { kind: 'resu', channels, memory: m, ...(stride !== 1 ? { lagStride: stride } : {}), components: k, outputs: specs, output };
    },
  };
}

/** out = z − θ ('linear'), max(0, z − θ) ('on') or max(0, −z − θ) ('off'), per output. */
function rectify(outArrays: Float32Array[], zArrays: Float32Array[], comp: Int32Array, mode: Int8Array, theta: Float64Array, n: number): void {
  for (let o = 0; o < outArrays.length; o++) {
    const out = outArrays[o]!;
    const zc = zArrays[comp[o]!]!;
    const md = mode[o]!;
    const t = theta[o]!;
    if (md === 0) for (let u = 0; u < n; u++) out[u] = zc[u]! - t;
    else if (md === 1) {
      for (let u = 0; u < n; u++) {
        const y = zc[u]! - t;
        out[u] = y > 0 ? y : 0;
      }
    } else {
      for (let u = 0; u < n; u++) {
        const y = -zc[u]! - t;
        out[u] = y > 0 ? y : 0;
      }
    }
  }
}

/**
 * The step with lags `stride` steps apart: each channel keeps its (m − 1)·stride + 1 newest
 * samples (shifted one place per step) and filter tap i reads sample i·stride.
 */
function stridedProject(lag: Float32Array, inArrays: Float32Array[], zArrays: Float32Array[], w: Float64Array, bias: Float64Array, n: number, C: number, m: number, stride: number, k: number): void {
  const hist = (m - 1) * stride + 1;
  const lagWidth = C * hist;
  const width = C * m;
  for (let c = 0; c < C; c++) {
    const x = inArrays[c]!;
    for (let u = 0, o = c * hist; u < n; u++, o += lagWidth) {
      lag.copyWithin(o + 1, o, o + hist - 1);
      lag[o] = x[u]!;
    }
  }
  for (let i = 0; i < k; i++) {
    const zi = zArrays[i]!;
    const row = i * width;
    const bi = bias[i]!;
    for (let u = 0, base = 0; u < n; u++, base += lagWidth) {
      let z = -bi;
      for (let c = 0; c < C; c++) {
        const wc = row + c * m;
        const lc = base + c * hist;
        for (let j = 0; j < m; j++) z += w[wc + j]! * lag[lc + j * stride]!;
      }
      zi[u] = z;
    }
  }
}

/** Copy filters given flat (k·width) or per row (k rows of width) into `dst`. */
export function setFilters(dst: Float64Array, filters: ArrayLike<number> | readonly ArrayLike<number>[], k: number, width: number, field = 'filters'): void {
  const rows = filters as readonly ArrayLike<number>[];
  if (typeof (filters as ArrayLike<number>)[0] === 'number' || (filters as ArrayLike<number>).length === 0) {
    const flat = filters as ArrayLike<number>;
    if (flat.length !== k * width) throw new SpecError(field, `has ${flat.length} values, expected ${k} × ${width} = ${k * width}`);
    for (let j = 0; j < flat.length; j++) dst[j] = flat[j]!;
    return;
  }
  if (rows.length !== k) throw new SpecError(field, `has ${rows.length} rows, expected ${k}`);
  rows.forEach((row, i) => {
    if (row.length !== width) throw new SpecError(`${field}[${i}]`, `has ${row.length} values, expected ${width}`);
    for (let j = 0; j < width; j++) dst[i * width + j] = row[j]!;
  });
}

/** Options of `resuBank`, the lamina's three-output ReSU bank. */
export interface ResuBankOptions {
  /** Past lags m of each pixel's contrast history. */
  memory: number;
  /** Steps between those lags (default 1; see `ResuOptions.lagStride`). */
  lagStride?: number;
  /** Initial filters: [filter 1 (→ L3), filter 2 (→ L1/L2)], each of `memory` values. */
  filters?: readonly ArrayLike<number>[];
  /** Thresholds of L1 and L2 (default 0). */
  threshold?: {
    /** L1's threshold. */
    L1?: number;
    /** L2's threshold. */
    L2?: number;
  };
}

/**
 * The fly lamina as ReSUs, one unit per pixel fed by one channel 'I': L3 = z1 (filter 1,
 * unrectified, low-pass), L1 = max(0, z2 − θ) (ON) and L2 = max(0, −z2 − θ) (OFF) of
 * filter 2. Projections pick one with `net.connect(L, T4, spec, { source: 'L1' })`.
 * Train with `new PastFutureCCARule({ memory, horizon, sign: 'step' })`: ON then means a
 * positive response to a contrast increment.
 */
export function resuBank(options: ResuBankOptions): ResuModel {
  return resu({
    channels: ['I'],
    memory: options.memory,
    components: 2,
    outputs: {
      L3: { component: 1, mode: 'linear' },
      L1: { component: 2, mode: 'on', threshold: options.threshold?.L1 ?? 0 },
      L2: { component: 2, mode: 'off', threshold: options.threshold?.L2 ?? 0 },
    },
    output: 'L1',
    ...(options.lagStride !== undefined ? { lagStride: options.lagStride } : {}),
    ...(options.filters ? { filters: options.filters } : {}),
  });
}
