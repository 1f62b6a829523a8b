import { SpecError, requirePositive, requireNonNegativeInt } from '../core/errors.js';
import { optionalSI, toSI, type Plausible, type QuantityInput } from '../core/quantity.js';
import type { InitContext, InputArrays, NeuronModel, StateArrays, StepContext } from './NeuronModel.js';

/** Options of `lif`: a leaky integrate-and-fire neuron. */
export interface LIFOptions {
  /** Membrane time constant (default 20 ms). A bare number is seconds: `0.02` or `'20 ms'`. */
  tau?: QuantityInput;
  /** Resting potential E_l (default 0). A bare number is volts; `'-65 mV'` works. */
  vRest?: QuantityInput;
  /** Threshold: the unit fires when v > vThresh (default 1). Volts, like vRest. */
  vThresh?: QuantityInput;
  /** Potential after a spike (default 0). Volts, like vRest. */
  vReset?: QuantityInput;
  /** Refractory period: v is held at vReset this long after a spike (default 0 s). */
  tRef?: QuantityInput;
  /** Membrane resistance: input current I moves the target potential by R·I (default 1 Ω). */
  R?: QuantityInput;
  /** Constant current added to the input every step (default 0 A). */
  bias?: QuantityInput;
  /**
   * Exponentially decaying synaptic variables, name → time constant (a bare number is seconds),
   * each added to dv/dt like Brian2's `dv/dt = (ge + gi - (v - El))/tau`. Projections target them by name.
   */
  synapses?: Record<string, QuantityInput>;
  /** Initial v: a number, or [lo, hi) for uniform draws from the population's stream (volts). */
  vInit?: QuantityInput | readonly [QuantityInput, QuantityInput];
}

/** Membrane and synaptic time constants outside this range are almost surely a unit slip. */
const MEMBRANE_TAU: Plausible = { min: 1e-4, max: 1, what: 'a membrane time constant' };
const SYNAPTIC_TAU: Plausible = { min: 1e-5, max: 1, what: 'a synaptic time constant' };
const REFRACTORY: Plausible = { max: 0.1, what: 'a refractory period' };

/**
 * Leaky integrate-and-fire neuron, integrated exactly for piecewise-constant input:
 * `tau dv/dt = E_l − v + R·(I + bias) + Σ_s g_s`, `dg_s/dt = −g_s/τ_s`,
 * spike when v > vThresh, then v = vReset for tRef. Options with a dimension take units
 * (`'20 ms'`); bare numbers are SI (see `toSI`).
 */
export function lif(options: LIFOptions = {}): NeuronModel {
  const tau = requirePositive('lif.tau', optionalSI('lif.tau', options.tau, 'time', 0.02, MEMBRANE_TAU));
  const vRest = optionalSI('lif.vRest', options.vRest, 'voltage', 0);
  const vThresh = optionalSI('lif.vThresh', options.vThresh, 'voltage', 1);
  const vReset = optionalSI('lif.vReset', options.vReset, 'voltage', 0);
  const tRef = optionalSI('lif.tRef', options.tRef, 'time', 0, REFRACTORY);
  if (tRef < 0) throw new SpecError('lif.tRef', `must be >= 0, got ${tRef}`);
  const R = optionalSI('lif.R', options.R, 'resistance', 1);
  const bias = optionalSI('lif.bias', options.bias, 'current', 0);
  const synapses = Object.entries(options.synapses ?? {}).map(([name, ts]): [string, number] => {
    if (name === 'v' || name === 'ref' || name === 'I') {
      throw new SpecError(`lif.synapses.${name}`, `'${name}' is reserved`);
    }
    return [name, requirePositive(`lif.synapses.${name}`, toSI(`lif.synapses.${name}`, ts, 'time', SYNAPTIC_TAU))];
  });
  const rawInit = options.vInit ?? vReset;
  let vInit: number | readonly [number, number];
  if (Array.isArray(rawInit)) {
    if (rawInit.length !== 2) throw new SpecError('lif.vInit', 'expected a number or a [lo, hi] pair');
    vInit = [toSI('lif.vInit[0]', rawInit[0], 'voltage'), toSI('lif.vInit[1]', rawInit[1], 'voltage')];
  } else vInit = toSI('lif.vInit', rawInit, 'voltage');

  const synNames = synapses.map(([n]) => n);
  const synTaus = synapses.map(([, t]) => t);

  // Coefficients depend on dt; cached for the last dt seen (the simulator's dt is fixed).
  let cachedDt = Number.NaN;
  let eM = 0;
  let refSteps = 0;
  const eS = new Float64Array(synNames.length);
  const aS = new Float64Array(synNames.length);
  let zeros = new Float32Array(0);
  let extra = new Float32Array(0);
  // The kernel's coefficients travel in one typed array: doubles computed per step and passed
  // as arguments to a kernel V8 does not inline would be boxed, 16 bytes each, every step.
  const nSyn = synNames.length;
  const coef = new Float64Array(LIF_COEFFICIENTS);
  coef[C_DRIVE] = vRest + R * bias;
  coef[C_R] = R;
  coef[C_THRESH] = vThresh;
  coef[C_RESET] = vReset;

  function coefficients(dt: number): void {
    cachedDt = dt;
    eM = Math.exp(-dt / tau);
    refSteps = requireNonNegativeInt('lif.tRef/dt', Math.round(tRef / dt));
    for (let s = 0; s < synTaus.length; s++) {
      const ts = synTaus[s]!;
      eS[s] = Math.exp(-dt / ts);
      // Exact response of v over one step to g decaying from g0: g0 · aS.
      aS[s] = Math.abs(ts - tau) < 1e-12 * tau ? (dt / tau) * eM : (ts / (ts - tau)) * (eS[s]! - eM);
    }
    coef[C_EM] = eM;
    coef[C_A1] = nSyn > 0 ? aS[0]! : 0;
    coef[C_A2] = nSyn > 1 ? aS[1]! : 0;
    coef[C_E1] = nSyn > 0 ? eS[0]! : 1;
    coef[C_E2] = nSyn > 1 ? eS[1]! : 1;
  }

  const model: NeuronModel = {
    kind: 'lif',
    variables: ['v', 'ref', ...synNames],
    inputs: ['I'],
    output: 'v',
    spiking: true,
    init(state: StateArrays, ctx: InitContext) {
      coefficients(ctx.dt);
      const v = state.v!;
      if (typeof vInit === 'number') v.fill(vInit);
      else for (let k = 0; k < v.length; k++) v[k] = ctx.random.range(vInit[0], vInit[1]);
      state.ref!.fill(0);
      for (const n of synNames) state[n]!.fill(0);
    },
    step(state: StateArrays, inputs: InputArrays, ctx: StepContext): number {
      if (ctx.dt !== cachedDt) coefficients(ctx.dt);
      const v = state.v!;
      const n = v.length;
      if (zeros.length !== n) {
        zeros = new Float32Array(n); // once per population size
        extra = new Float32Array(n);
      }
      // Up to two synaptic variables are fused into the membrane loop; any more are folded
      // into `extra` (their exact effect on v over the step) in a pass of their own first.
      const g1: Float32Array = nSyn > 0 ? state[synNames[0]!]! : zeros;
      const g2: Float32Array = nSyn > 1 ? state[synNames[1]!]! : zeros;
      if (nSyn > 2) foldExtraSynapses(state, synNames, aS, eS, extra);
      return lifKernel(v, state.ref!, inputs.I!, g1, g2, extra, nSyn > 2, n, coef, refSteps, ctx.fired);
    },
    describe() {
      return { kind: 'lif', tau, vRest, vThresh, vReset, tRef, R, bias, synapses: Object.fromEntries(synapses), vInit };
    },
  };
  lifModels.set(model, {
    synapses: synNames,
    coefficients(dt: number) {
      if (dt !== cachedDt) coefficients(dt);
      return coef;
    },
    refSteps: () => refSteps,
  });
  return model;
}

/**
 * What a backend's LIF kernel needs of a model made by `lif()`: its synaptic variables and
 * the coefficient array `lifKernel` reads (slots C_DRIVE…C_E2), for the simulator's dt.
 */
export interface LIFKernelArgs {
  readonly synapses: readonly string[];
  coefficients(dt: number): Float64Array;
  /** Refractory steps for the dt of the last `coefficients` call. */
  refSteps(): number;
}

const lifModels = new WeakMap<NeuronModel, LIFKernelArgs>();

/** The kernel arguments of a model made by `lif()`, or undefined for any other model. */
export function lifKernelArgs(model: NeuronModel): LIFKernelArgs | undefined {
  return lifModels.get(model);
}

/** Synaptic variables beyond the second: decay them and sum their effect on v into `out`. */
function foldExtraSynapses(state: StateArrays, names: readonly string[], aS: Float64Array, eS: Float64Array, out: Float32Array): void {
  out.fill(0);
  for (let s = 2; s < names.length; s++) {
    const g = state[names[s]!]!;
    const a = aS[s]!;
    const e = eS[s]!;
    for (let k = 0; k < g.length; k++) {
      const gk = g[k]!;
      out[k] = out[k]! + gk * a;
      g[k] = gk * e;
    }
  }
}

/** Slots of the coefficient array `lifKernel` reads. */
const C_DRIVE = 0; // vRest + R·bias
const C_R = 1;
const C_EM = 2; // exp(−dt/τ)
const C_THRESH = 3;
const C_RESET = 4;
const C_A1 = 5; // exact effect of the first two synaptic variables on v over a step
const C_E1 = 6; // and their decay per step
const C_A2 = 7;
const C_E2 = 8;
const LIF_COEFFICIENTS = 9;

/**
 * The membrane loop with every coefficient copied into a local first (not read from a
 * closure in the loop), which lets V8 keep them in registers: about 3× faster than the
 * closure form.
 */
function lifKernel(
  v: Float32Array, ref: Float32Array, I: Float32Array, g1: Float32Array, g2: Float32Array, extra: Float32Array, useExtra: boolean,
  n: number, coef: Float64Array, refSteps: number, fired: Int32Array,
): number {
  const base = coef[C_DRIVE]!;
  const R = coef[C_R]!;
  const eM = coef[C_EM]!;
  const vThresh = coef[C_THRESH]!;
  const vReset = coef[C_RESET]!;
  const a1 = coef[C_A1]!;
  const e1 = coef[C_E1]!;
  const a2 = coef[C_A2]!;
  const e2 = coef[C_E2]!;
  let count = 0;
  for (let k = 0; k < n; k++) {
    const s1 = g1[k]!;
    const s2 = g2[k]!;
    g1[k] = s1 * e1;
    g2[k] = s2 * e2;
    const r = ref[k]!;
    if (r > 0) {
      ref[k] = r - 1;
      v[k] = vReset;
      continue;
    }
    const vInf = base + R * I[k]!;
    let vNew = vInf + (v[k]! - vInf) * eM + s1 * a1 + s2 * a2;
    if (useExtra) vNew += extra[k]!;
    if (vNew > vThresh) {
      v[k] = vReset;
      ref[k] = refSteps;
      fired[count++] = k;
    } else v[k] = vNew;
  }
  return count;
}
