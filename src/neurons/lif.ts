import { SpecError, requireFinite, requirePositive, requireNonNegativeInt } from '../sim/errors.js';
import type { InitContext, InputArrays, NeuronModel, StateArrays, StepContext } from './NeuronModel.js';

export interface LIFOptions {
  /** Membrane time constant in seconds (default 20 ms). */
  tau?: number;
  /** Resting potential E_l (default 0). */
  vRest?: number;
  /** Threshold: the unit fires when v > vThresh (default 1). */
  vThresh?: number;
  /** Potential after a spike (default 0). */
  vReset?: number;
  /** Refractory period in seconds: v is held at vReset this long after a spike (default 0). */
  tRef?: number;
  /** Membrane resistance: input current I moves the target potential by R·I (default 1). */
  R?: number;
  /** Constant current added to the input every step (default 0). */
  bias?: number;
  /**
   * Exponentially decaying synaptic variables, name → time constant (s), each added to
   * dv/dt like Brian2's `dv/dt = (ge + gi - (v - El))/tau`. Projections target them by name.
   */
  synapses?: Record<string, number>;
  /** Initial v: a number, or [lo, hi) for uniform draws from the population's stream. */
  vInit?: number | readonly [number, number];
}

/**
 * Leaky integrate-and-fire neuron, integrated exactly for piecewise-constant input:
 * `tau dv/dt = E_l − v + R·(I + bias) + Σ_s g_s`, `dg_s/dt = −g_s/τ_s`,
 * spike when v > vThresh, then v = vReset for tRef.
 */
export function lif(options: LIFOptions = {}): NeuronModel {
  const tau = requirePositive('lif.tau', options.tau ?? 0.02);
  const vRest = requireFinite('lif.vRest', options.vRest ?? 0);
  const vThresh = requireFinite('lif.vThresh', options.vThresh ?? 1);
  const vReset = requireFinite('lif.vReset', options.vReset ?? 0);
  const tRef = requireFinite('lif.tRef', options.tRef ?? 0);
  if (tRef < 0) throw new SpecError('lif.tRef', `must be >= 0, got ${tRef}`);
  const R = requireFinite('lif.R', options.R ?? 1);
  const bias = requireFinite('lif.bias', options.bias ?? 0);
  const synapses = Object.entries(options.synapses ?? {});
  for (const [name, ts] of synapses) {
    requirePositive(`lif.synapses.${name}`, ts);
    if (name === 'v' || name === 'ref' || name === 'I') {
      throw new SpecError(`lif.synapses.${name}`, `'${name}' is reserved`);
    }
  }
  const vInit = options.vInit ?? vReset;
  if (typeof vInit !== 'number') {
    if (!Array.isArray(vInit) || vInit.length !== 2) {
      throw new SpecError('lif.vInit', 'expected a number or a [lo, hi] pair');
    }
    requireFinite('lif.vInit[0]', vInit[0]);
    requireFinite('lif.vInit[1]', vInit[1]);
  } else requireFinite('lif.vInit', vInit);

  const synNames = synapses.map(([n]) => n);
  const synTaus = synapses.map(([, t]) => t);

  // Coefficients depend on dt; cached for the last dt seen (the simulator's dt is fixed).
  let cachedDt = Number.NaN;
  let eM = 0;
  let refSteps = 0;
  const eS = new Float64Array(synNames.length);
  const aS = new Float64Array(synNames.length);
  const synArrays: Float32Array[] = new Array(synNames.length);

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
  }

  return {
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
      const ref = state.ref!;
      const I = inputs.I!;
      const nSyn = synNames.length;
      for (let s = 0; s < nSyn; s++) synArrays[s] = state[synNames[s]!]!;
      const fired = ctx.fired;
      const n = v.length;
      let count = 0;
      for (let k = 0; k < n; k++) {
        let syn = 0;
        for (let s = 0; s < nSyn; s++) {
          const g = synArrays[s]!;
          syn += g[k]! * aS[s]!;
          g[k] = g[k]! * eS[s]!;
        }
        if (ref[k]! > 0) {
          ref[k] = ref[k]! - 1;
          v[k] = vReset;
          continue;
        }
        const vInf = vRest + R * (I[k]! + bias);
        const vNew = vInf + (v[k]! - vInf) * eM + syn;
        if (vNew > vThresh) {
          v[k] = vReset;
          ref[k] = refSteps;
          fired[count++] = k;
        } else v[k] = vNew;
      }
      return count;
    },
    describe() {
      return { kind: 'lif', tau, vRest, vThresh, vReset, tRef, R, bias, synapses: Object.fromEntries(synapses), vInit };
    },
  };
}
