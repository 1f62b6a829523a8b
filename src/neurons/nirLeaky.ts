import { isUnit } from 'mathjs';
import { SpecError } from '../core/errors.js';
import { toSI, type Dimension, type Plausible, type QuantityInput } from '../core/quantity.js';
import type { InitContext, InputArrays, NeuronModel, StateArrays, StepContext } from './NeuronModel.js';

/** The NIR neuron nodes this model runs. */
export type NirNeuronType = 'LI' | 'CubaLI' | 'I' | 'IF' | 'LIF' | 'CubaLIF';

/**
 * Reset convention of the spiking types. 'exact': the threshold crossing is located inside the
 * step, v is set to v_reset at that instant and integration continues for the rest of the step
 * (the event-driven solution NIR's equations define for input held over the step).
 * 'step': v is compared with the threshold at the end of the step and set to v_reset there
 * (what Norse, snnTorch and our `lif` do).
 */
export type NirReset = 'exact' | 'step';

/** Options of `nirNeuron`. */
export interface NirNeuronOptions {
  /** Which NIR neuron node this is (LI, CubaLI, I, IF, LIF, CubaLIF). */
  readonly type: NirNeuronType;
  /**
   * NIR's parameters by field name, one value or one per unit. Time constants (tau, tau_mem,
   * tau_syn) are seconds or quantities ('20 ms'); v_leak, v_threshold, v_reset are volts or
   * quantities ('-65 mV'); r and w_in are plain numbers. A time constant outside 10 µs … 1 s warns.
   */
  readonly params: Readonly<Record<string, NirParameter>>;
  /** Default 'exact'. */
  readonly reset?: NirReset;
  /** Initial v, one value or one per unit (default: v_leak, the resting potential; 0 for I and IF). */
  readonly vInit?: ArrayLike<number>;
}

/** One NIR parameter: one value or one per unit; a value may carry a unit ('20 ms'). */
export type NirParameter = QuantityInput | ArrayLike<number> | readonly QuantityInput[];

/** The dimension of each NIR field (the rest are plain numbers). */
const DIMENSION_OF: Readonly<Record<string, Dimension>> = { tau: 'time', tau_mem: 'time', tau_syn: 'time', v_leak: 'voltage', v_threshold: 'voltage', v_reset: 'voltage' };
const NIR_TAU: Plausible = { min: 1e-5, max: 1, what: 'a time constant' };

/**
 * A parameter's values in SI units. Each value's dimension is checked; the plausibility of a time
 * constant is judged on its smallest and largest value only (one warning per field, not per unit).
 */
function readParameter(field: string, given: NirParameter): Float64Array {
  const list = typeof given === 'number' || typeof given === 'string' || isUnit(given) ? [given] : Array.from(given as ArrayLike<unknown>);
  const dimension = DIMENSION_OF[field.slice(field.lastIndexOf('.') + 1)] ?? 'dimensionless';
  const out = Float64Array.from(list, (v, k) => toSI(`${field}[${k}]`, v, dimension));
  if (dimension === 'time' && out.length > 0) {
    let lo = 0;
    let hi = 0;
    out.forEach((x, k) => {
      if (Math.abs(x) < Math.abs(out[lo]!)) lo = k;
      if (Math.abs(x) > Math.abs(out[hi]!)) hi = k;
    });
    for (const k of new Set([lo, hi])) toSI(`${field}[${k}]`, list[k], dimension, NIR_TAU);
  }
  return out;
}

const FIELDS: Record<NirNeuronType, readonly string[]> = {
  LI: ['tau', 'r', 'v_leak'],
  CubaLI: ['tau_syn', 'tau_mem', 'r', 'v_leak', 'w_in'],
  I: ['r'],
  IF: ['r', 'v_threshold', 'v_reset'],
  LIF: ['tau', 'r', 'v_leak', 'v_threshold', 'v_reset'],
  CubaLIF: ['tau_syn', 'tau_mem', 'r', 'v_leak', 'v_threshold', 'v_reset', 'w_in'],
};

/** Most threshold crossings followed inside one step (a guard against a drive that never lets v settle). */
const MAX_CROSSINGS = 1000;

/**
 * NIR's continuous-time neurons, integrated exactly for input held constant over each step
 * (zero-order hold), at whatever dt the simulator uses:
 * - LI: `τ dv/dt = (v_leak − v) + r·I`;  I: `dv/dt = r·I`
 * - LIF / IF: the same plus `v > v_threshold → spike, v = v_reset`
 * - CubaLI / CubaLIF: `τ_syn di/dt = −i + w_in·I`, `τ_mem dv/dt = (v_leak − v) + r·i` (+ threshold)
 * v starts at v_leak (0 for I and IF) unless `vInit` says otherwise.
 * Input `I` is the summed value arriving this step (a spike counts 1). State: `v`, `i` (Cuba
 * types), and for spiking types `tf`, the time into the step of its first spike (−1: none).
 * A unit reports at most one spike per step; more crossings inside a step are integrated but
 * counted in `n` only.
 */
export function nirNeuron(options: NirNeuronOptions): NeuronModel {
  const type = options.type;
  const fields = FIELDS[type];
  if (!fields) throw new SpecError('nirNeuron.type', `'${String(type)}' is not one of ${Object.keys(FIELDS).join(', ')}`);
  const reset = options.reset ?? 'exact';
  if (reset !== 'exact' && reset !== 'step') throw new SpecError('nirNeuron.reset', `expected 'exact' or 'step', got '${String(reset)}'`);
  const spiking = type === 'IF' || type === 'LIF' || type === 'CubaLIF';
  const cuba = type === 'CubaLI' || type === 'CubaLIF';
  const defaults: Record<string, number> = { v_reset: 0, w_in: 1, v_leak: 0 };
  const p: Record<string, Float64Array> = {};
  for (const f of fields) {
    const v = options.params[f] ?? (f in defaults ? [defaults[f]!] : undefined);
    if (v === undefined || (typeof v === 'object' && !isUnit(v) && (v as ArrayLike<unknown>).length === 0)) throw new SpecError(`nirNeuron(${type}).${f}`, 'missing');
    const arr = readParameter(`nirNeuron(${type}).${f}`, v);
    arr.forEach((x, k) => {
      if (f.startsWith('tau') && x <= 0) throw new SpecError(`nirNeuron(${type}).${f}[${k}]`, `time constants must be > 0 s, got ${x}`);
    });
    p[f] = arr;
  }
  const get = (f: string, k: number): number => {
    const a = p[f]!;
    return a.length === 1 ? a[0]! : a[k]!;
  };
  const vInit = options.vInit === undefined ? null : Float64Array.from(options.vInit);
  vInit?.forEach((x, k) => {
    if (!Number.isFinite(x)) throw new SpecError(`nirNeuron(${type}).vInit[${k}]`, `not finite: ${x}`);
  });
  const variables = ['v', ...(cuba ? ['i'] : []), ...(spiking ? ['tf', 'n'] : [])];

  // Per-unit coefficients for the simulator's dt, made at init (never in step).
  let size = 0;
  let dtCached = Number.NaN;
  let eM = new Float64Array(0); // exp(−dt/τ_mem)
  let eS = new Float64Array(0); // exp(−dt/τ_syn)

  function coefficients(n: number, dt: number): void {
    for (let k = 0; k < n; k++) {
      if (type === 'LI' || type === 'LIF') eM[k] = Math.exp(-dt / get('tau', k));
      if (cuba) {
        eM[k] = Math.exp(-dt / get('tau_mem', k));
        eS[k] = Math.exp(-dt / get('tau_syn', k));
      }
    }
    dtCached = dt;
  }

  /** v after time t from v0 with the synaptic current starting at i0 towards iInf (Cuba types). */
  function cubaV(k: number, v0: number, i0: number, iInf: number, t: number): number {
    const tm = get('tau_mem', k);
    const ts = get('tau_syn', k);
    const r = get('r', k);
    const vInf = get('v_leak', k) + r * iInf;
    const em = Math.exp(-t / tm);
    const coupling = Math.abs(ts - tm) < 1e-12 * tm ? (t / tm) * em : (ts / (ts - tm)) * (Math.exp(-t / ts) - em);
    return vInf + (v0 - vInf) * em + r * (i0 - iInf) * coupling;
  }

  return {
    kind: `nir.${type}`,
    variables,
    inputs: ['I'],
    output: 'v',
    spiking,
    init(state: StateArrays, ctx: InitContext) {
      for (const f of fields) {
        const a = p[f]!;
        if (a.length !== 1 && a.length !== ctx.size) {
          throw new SpecError(`nirNeuron(${type}).${f}`, `has ${a.length} values for a population of ${ctx.size} units`);
        }
      }
      size = ctx.size;
      eM = new Float64Array(size);
      eS = new Float64Array(size);
      coefficients(size, ctx.dt);
      if (vInit && vInit.length !== 1 && vInit.length !== size) throw new SpecError(`nirNeuron(${type}).vInit`, `has ${vInit.length} values for a population of ${size} units`);
      const v = state.v!;
      for (let flat = 0; flat < v.length; flat++) {
        const k = flat % size;
        v[flat] = vInit ? vInit[vInit.length === 1 ? 0 : k]! : p.v_leak ? get('v_leak', k) : 0;
      }
      if (cuba) state.i!.fill(0);
      if (spiking) {
        state.tf!.fill(-1);
        state.n!.fill(0);
      }
    },
    step(state: StateArrays, inputs: InputArrays, ctx: StepContext): number {
      const dt = ctx.dt;
      if (dt !== dtCached) coefficients(size, dt);
      const v = state.v!;
      const I = inputs.I!;
      const total = v.length;
      let count = 0;
      for (let flat = 0; flat < total; flat++) {
        const k = flat % size;
        const x = I[flat]!;
        const v0 = v[flat]!;
        let v1: number;
        let i0 = 0;
        let iInf = 0;
        if (type === 'I' || type === 'IF') v1 = v0 + get('r', k) * x * dt;
        else if (type === 'LI' || type === 'LIF') {
          const vInf = get('v_leak', k) + get('r', k) * x;
          v1 = vInf + (v0 - vInf) * eM[k]!;
        } else {
          i0 = state.i![flat]!;
          iInf = get('w_in', k) * x;
          v1 = cubaV(k, v0, i0, iInf, dt);
          state.i![flat] = iInf + (i0 - iInf) * eS[k]!;
        }
        if (!spiking) {
          v[flat] = v1;
          continue;
        }
        const thr = get('v_threshold', k);
        state.tf![flat] = -1;
        state.n![flat] = 0;
        if (!(v1 > thr)) {
          v[flat] = v1;
          continue;
        }
        const vReset = get('v_reset', k);
        if (reset === 'step') {
          v[flat] = vReset;
          state.tf![flat] = dt;
          state.n![flat] = 1;
          ctx.fired[count++] = flat;
          continue;
        }
        // Event-driven inside the step: find each crossing, reset there, integrate the rest.
        let t = 0;
        let vs = v0;
        let is = i0;
        let crossings = 0;
        let vEnd = v1;
        while (vEnd > thr && crossings < MAX_CROSSINGS) {
          const tc = t + crossingTime(k, vs, is, iInf, x, dt - t, thr);
          if (crossings === 0) state.tf![flat] = tc;
          crossings++;
          if (cuba) is = iInf + (is - iInf) * Math.exp(-(tc - t) / get('tau_syn', k));
          t = tc;
          vs = vReset;
          const rest = dt - t;
          if (type === 'IF') vEnd = vs + get('r', k) * x * rest;
          else if (type === 'LIF') {
            const vInf = get('v_leak', k) + get('r', k) * x;
            vEnd = vInf + (vs - vInf) * Math.exp(-rest / get('tau', k));
          } else vEnd = cubaV(k, vs, is, iInf, rest);
        }
        v[flat] = vEnd > thr ? vReset : vEnd;
        state.n![flat] = crossings;
        ctx.fired[count++] = flat;
      }
      return count;
    },
    describe() {
      const params: Record<string, number[]> = {};
      for (const f of fields) params[f] = Array.from(p[f]!);
      return { kind: `nir.${type}`, type, reset, params, ...(vInit ? { vInit: Array.from(vInit) } : {}) };
    },
  };

  /** Time from the start of an interval of length `span` until v first exceeds the threshold. */
  function crossingTime(k: number, v0: number, i0: number, iInf: number, x: number, span: number, thr: number): number {
    if (v0 >= thr) return 0;
    if (type === 'IF') return (thr - v0) / (get('r', k) * x);
    if (type === 'LIF') {
      const vInf = get('v_leak', k) + get('r', k) * x;
      return Math.min(span, -get('tau', k) * Math.log((thr - vInf) / (v0 - vInf)));
    }
    // CubaLIF: no closed form; bisection on the interval, which ends above threshold.
    let lo = 0;
    let hi = span;
    for (let it = 0; it < 60; it++) {
      const mid = 0.5 * (lo + hi);
      if (cubaV(k, v0, i0, iInf, mid) > thr) hi = mid;
      else lo = mid;
    }
    return hi;
  }
}

/** The NIR neuron types, with the fields each one takes. */
export const NIR_NEURON_FIELDS: Readonly<Record<NirNeuronType, readonly string[]>> = FIELDS;
