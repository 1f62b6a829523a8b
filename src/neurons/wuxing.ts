import { SpecError, requireFinite, requirePositiveInt } from '../core/errors.js';
import type { InitContext, InputArrays, NeuronModel, ParameterArrays, StateArrays, StepContext } from './NeuronModel.js';

/** The `gain` variable is clipped to this multiple of the cell's gain at rest. */
const GAIN_CLIP = 4;

/** The five elements on the ring, in order: E0..E4 = J, S, M, H, T. */
export const WUXING_STATES = ['J', 'S', 'M', 'H', 'T'] as const;

/** How a Wuxing cell integrates over a step: fourth-order Runge–Kutta or Euler. */
export type WuxingIntegrator = 'rk4' | 'euler';
/** A Wuxing cell's equations as written ('forward') or with the ring's direction reversed (BSP's backward chain). */
export type WuxingDirection = 'forward' | 'reversed';

/** One value for every cell and state, five (one per state, k·1 … k·5), or size × 5 (cell-major). */
export type WuxingParameter = number | ArrayLike<number>;

/** Options of `wuxing` and `wuxingReversed`. */
export interface WuxingOptions {
  /** Number of cells; per-cell parameters are sized from it (must equal the population's size). */
  size: number;
  /** Generation coefficients K1 (default 2). */
  k1?: WuxingParameter;
  /** Self-decay coefficients K2 (default 1). */
  k2?: WuxingParameter;
  /** Inhibition coefficients K3 (default 1). */
  k3?: WuxingParameter;
  /** Fixed-step integrator: classical RK4 (default) or explicit Euler. Input is held over a step. */
  integrator?: WuxingIntegrator;
  /**
   * Lower bound of every state after each step (default 0: the elements are amounts, and
   * without a floor an input below −B0 drives a cell to −∞). null turns the clamp off.
   */
  floor?: number | null;
  /** Ring index of the state that receives the input channel (forward default 0 = J, reversed 1 = S). */
  inputState?: number;
  /** Ring index of the state read as output D (forward default 1 = S, reversed 0 = J). */
  outputState?: number;
  /**
   * Also keep the variable `gain`, the cell's small-signal sensitivity at its operating point,
   * 0 when it sits on the floor (it cannot follow a small input there). 'steady' (or true):
   * the steady-state gain dD/du from the 5×5 Jacobian at the current state, a 5×5 solve per
   * cell and step, clipped to [0, 4 × the gain at rest] because it diverges near the fold where
   * the cell collapses onto the floor and is meaningless mid-transient. 'alive': the gain at
   * rest while no state is on the floor, else 0 (a ReLU-like on/off gate, no solve).
   * A projection may read it to gate another population's input (see `gate`).
   */
  gain?: boolean | 'steady' | 'alive';
  /**
   * Refresh `gain` only on steps that are multiples of this (default 1: every step); in
   * between it holds its last value. The steady gain costs a 5×5 solve per cell, and an
   * operating point near steady state moves slowly.
   */
  gainEvery?: number;
  /**
   * What D is measured from: the cell's current fixed point (default, the paper's Eq. 14), or
   * its fixed point at construction ('initial'), so a rule that moves the fixed point shifts
   * the cell's output like a bias.
   */
  reference?: 'fixedPoint' | 'initial';
  /** Add an input channel `gate` that multiplies the input `I` (a twin's `gain` feeds it). */
  gate?: boolean;
  /**
   * Use these parameter arrays instead of owning new ones (the reversed twin of a forward
   * cell shares its K1, K2, K3, so a rule that moves one moves both).
   */
  shareParameters?: ParameterArrays;
}

/** Fixed point of a cell whose parameters are equal per state: B0 = (k1 − k2)/k3 (the paper's Eq. 15). */
export function wuxingFixedPoint(k1: number, k2: number, k3: number): number {
  return (k1 - k2) / k3;
}

function expand(field: string, p: WuxingParameter, size: number): Float32Array {
  const out = new Float32Array(size * 5);
  if (typeof p === 'number') {
    out.fill(requireFinite(field, p));
    return out;
  }
  if (p.length === 5) {
    for (let s = 0; s < 5; s++) requireFinite(`${field}[${s}]`, p[s]);
    for (let u = 0; u < size; u++) for (let s = 0; s < 5; s++) out[u * 5 + s] = p[s]!;
    return out;
  }
  if (p.length === size * 5) {
    for (let k = 0; k < out.length; k++) out[k] = requireFinite(`${field}[${k}]`, p[k]);
    return out;
  }
  throw new SpecError(field, `expected a number, 5 values (one per state) or size × 5 = ${size * 5} values, got ${p.length}`);
}

/**
 * The reversed ring is the forward ring read backwards: with F_j = E_{−j} (indices mod 5),
 * dF_j/dt = k1_{1−j}·F_{j−1} − k2_{−j}·F_j − k3_{2−j}·F_j·F_{j−2}, the forward form with
 * permuted parameters. So one kernel integrates both; these maps say where F_j lives.
 */
const MIRROR = [0, 4, 3, 2, 1] as const;
/** Forward form's k1, k2, k3 of state j, as indices into the cell's own K1, K2, K3 (per direction). */
const PARAM_INDEX: Record<WuxingDirection, readonly (readonly number[])[]> = {
  forward: [
    [0, 1, 2, 3, 4],
    [0, 1, 2, 3, 4],
    [0, 1, 2, 3, 4],
  ],
  reversed: [
    [1, 0, 4, 3, 2],
    [0, 4, 3, 2, 1],
    [2, 1, 0, 4, 3],
  ],
};

/**
 * Jacobian of one cell at state e into `A` (5×5 row-major). Forward: ∂f_i/∂E_{i−1} = k1_i,
 * ∂f_i/∂E_i = −k2_i − k3_i·E_{i−2}, ∂f_i/∂E_{i−2} = −k3_i·E_i; reversed likewise with i+1, i+2.
 */
export function wuxingJacobian(direction: WuxingDirection, e: ArrayLike<number>, p: ArrayLike<number>, A: Float64Array): void {
  A.fill(0);
  for (let i = 0; i < 5; i++) {
    if (direction === 'forward') {
      const a = (i + 4) % 5;
      const c = (i + 3) % 5;
      A[i * 5 + a] = A[i * 5 + a]! + p[i]!;
      A[i * 5 + i] = A[i * 5 + i]! - p[5 + i]! - p[10 + i]! * e[c]!;
      A[i * 5 + c] = A[i * 5 + c]! - p[10 + i]! * e[i]!;
    } else {
      const a = (i + 1) % 5;
      const c = (i + 2) % 5;
      A[i * 5 + a] = A[i * 5 + a]! + p[a]!;
      A[i * 5 + i] = A[i * 5 + i]! - p[5 + i]! - p[10 + c]! * e[c]!;
      A[i * 5 + c] = A[i * 5 + c]! - p[10 + c]! * e[i]!;
    }
  }
}

/**
 * Steady-state small-signal gain from a constant input at state `inp` to state `out`:
 * −(A⁻¹)[out][inp], by Gaussian elimination with partial pivoting on the scratch `A`
 * (overwritten) and `x`. Returns 0 for a singular Jacobian.
 */
function steadyGain(A: Float64Array, x: Float64Array, inp: number, out: number): number {
  for (let i = 0; i < 5; i++) x[i] = i === inp ? -1 : 0;
  for (let c = 0; c < 5; c++) {
    let piv = c;
    let best = Math.abs(A[c * 5 + c]!);
    for (let r = c + 1; r < 5; r++) {
      const v = Math.abs(A[r * 5 + c]!);
      if (v > best) {
        best = v;
        piv = r;
      }
    }
    if (best < 1e-12) return 0;
    if (piv !== c) {
      for (let k = 0; k < 5; k++) {
        const t = A[c * 5 + k]!;
        A[c * 5 + k] = A[piv * 5 + k]!;
        A[piv * 5 + k] = t;
      }
      const t = x[c]!;
      x[c] = x[piv]!;
      x[piv] = t;
    }
    const d = A[c * 5 + c]!;
    for (let r = c + 1; r < 5; r++) {
      const f = A[r * 5 + c]! / d;
      if (f === 0) continue;
      for (let k = c; k < 5; k++) A[r * 5 + k] = A[r * 5 + k]! - f * A[c * 5 + k]!;
      x[r] = x[r]! - f * x[c]!;
    }
  }
  for (let r = 4; r >= 0; r--) {
    let s = x[r]!;
    for (let k = r + 1; k < 5; k++) s -= A[r * 5 + k]! * x[k]!;
    x[r] = s / A[r * 5 + r]!;
  }
  return x[out]!;
}

/**
 * A Wuxing cell (Jiang & Fu 2025): five elements J, S, M, H, T on a ring, each generated by
 * its predecessor, decaying, and inhibited by the element two steps back. The cell rests at
 * its fixed point B0 = (k̄1 − k̄2)/k̄3; input enters one state's derivative, and the cell's
 * signal is the deviation D = E_out − B0 of another. `wuxing` is the forward cell (input J,
 * output S); `wuxingReversed` its twin with every causal arrow reversed (input S, output J),
 * which carries error signals backwards. With equal parameters both have the same
 * input→output transfer function.
 */
export function wuxing(options: WuxingOptions): NeuronModel {
  return wuxingCell('forward', options);
}

/** The reversed twin of the Wuxing cell (the paper's Eq. 12): see `wuxing`. */
export function wuxingReversed(options: WuxingOptions): NeuronModel {
  return wuxingCell('reversed', options);
}

function ringIndex(field: string, v: number): number {
  if (!Number.isInteger(v) || v < 0 || v > 4) throw new SpecError(field, `must be a ring index 0..4 (J, S, M, H, T), got ${v}`);
  return v;
}

/**
 * Where a cell's forward form lives (what `step` integrates, and what a device kernel needs
 * to integrate the same ring): the state names of F0..F4, the forward-form positions of the
 * input and output states, and for each of K1, K2, K3 which of the cell's five values is the
 * forward form's k of state j.
 */
export interface WuxingForwardForm {
  readonly stateOrder: readonly string[];
  readonly jIn: number;
  readonly jOut: number;
  readonly paramIndex: readonly [readonly number[], readonly number[], readonly number[]];
}

export function wuxingForwardForm(direction: WuxingDirection, inputState: number, outputState: number): WuxingForwardForm {
  const mirror = direction === 'reversed';
  return {
    stateOrder: [0, 1, 2, 3, 4].map((j) => WUXING_STATES[mirror ? MIRROR[j]! : j]!),
    jIn: mirror ? MIRROR[inputState]! : inputState,
    jOut: mirror ? MIRROR[outputState]! : outputState,
    paramIndex: PARAM_INDEX[direction] as [readonly number[], readonly number[], readonly number[]],
  };
}

function wuxingCell(direction: WuxingDirection, options: WuxingOptions): NeuronModel {
  const name = direction === 'forward' ? 'wuxing' : 'wuxingReversed';
  const size = requirePositiveInt(`${name}.size`, options.size);
  const integrator = options.integrator ?? 'rk4';
  if (integrator !== 'rk4' && integrator !== 'euler') {
    throw new SpecError(`${name}.integrator`, `expected 'rk4' or 'euler', got '${String(integrator)}'`);
  }
  const floor = options.floor === undefined ? 0 : options.floor;
  if (floor !== null) requireFinite(`${name}.floor`, floor);
  const inState = ringIndex(`${name}.inputState`, options.inputState ?? (direction === 'forward' ? 0 : 1));
  const outState = ringIndex(`${name}.outputState`, options.outputState ?? (direction === 'forward' ? 1 : 0));
  if (inState === outState) throw new SpecError(`${name}.outputState`, 'must differ from inputState (a node either receives input or gives output)');
  const gainMode = options.gain === true ? 'steady' : options.gain === false || options.gain === undefined ? null : options.gain;
  if (gainMode !== null && gainMode !== 'steady' && gainMode !== 'alive') {
    throw new SpecError(`${name}.gain`, `expected true, 'steady' or 'alive', got '${String(options.gain)}'`);
  }
  const withGain = gainMode !== null;
  const gainEvery = requirePositiveInt(`${name}.gainEvery`, options.gainEvery ?? 1);
  const reference = options.reference ?? 'fixedPoint';
  if (reference !== 'fixedPoint' && reference !== 'initial') {
    throw new SpecError(`${name}.reference`, `expected 'fixedPoint' or 'initial', got '${String(reference)}'`);
  }
  const gated = options.gate ?? false;

  let parameters: ParameterArrays;
  if (options.shareParameters) {
    const sh = options.shareParameters;
    for (const k of ['K1', 'K2', 'K3']) {
      const a = sh[k];
      if (!a || a.length !== size * 5) throw new SpecError(`${name}.shareParameters.${k}`, `expected ${size * 5} values (size × 5), got ${a?.length ?? 'none'}`);
    }
    parameters = { K1: sh.K1!, K2: sh.K2!, K3: sh.K3! };
  } else {
    parameters = {
      K1: expand(`${name}.k1`, options.k1 ?? 2, size),
      K2: expand(`${name}.k2`, options.k2 ?? 1, size),
      K3: expand(`${name}.k3`, options.k3 ?? 1, size),
    };
  }
  const K1 = parameters.K1!;
  const K2 = parameters.K2!;
  const K3 = parameters.K3!;
  // Forward-form positions of the input and output states, and of the parameters.
  const { jIn, jOut, stateOrder, paramIndex } = wuxingForwardForm(direction, inState, outState);
  const [i1, i2, i3] = paramIndex;

  // Scratch for the gain (the hot loop allocates nothing).
  const p = new Float64Array(15);
  const e = new Float64Array(5);
  const A = new Float64Array(25);
  const xs = new Float64Array(5);

  /** Cell u's parameters in forward form into p; returns its fixed point B0 (Eq. 15). */
  function load(u: number): number {
    const o = u * 5;
    let s1 = 0;
    let s2 = 0;
    let s3 = 0;
    for (let j = 0; j < 5; j++) {
      p[j] = K1[o + i1[j]!]!;
      p[5 + j] = K2[o + i2[j]!]!;
      p[10 + j] = K3[o + i3[j]!]!;
      s1 += p[j]!;
      s2 += p[5 + j]!;
      s3 += p[10 + j]!;
    }
    return (s1 - s2) / s3;
  }

  /** Steady-state gain of cell u (parameters loaded in p) at forward-form state e. */
  function gainAt(): number {
    wuxingJacobian('forward', e, p, A);
    return steadyGain(A, xs, jIn, jOut);
  }

  // Fixed points at construction, for reference 'initial'.
  const initialB0 = new Float64Array(size);
  for (let u = 0; u < size; u++) initialB0[u] = load(u);
  const fromInitial = reference === 'initial';

  const variables = [...WUXING_STATES, 'D', ...(withGain ? ['gain'] : [])];
  return {
    kind: name,
    variables,
    inputs: gated ? ['I', 'gate'] : ['I'],
    output: 'D',
    spiking: false,
    parameters,
    init(state: StateArrays, ctx: InitContext) {
      if (ctx.size !== size) throw new SpecError(`${name}.size`, `model was built for ${size} cells but its population has ${ctx.size}`);
      const st = WUXING_STATES.map((v) => state[v]!);
      for (let u = 0; u < size; u++) {
        const b0 = load(u);
        e.fill(b0);
        const g = withGain ? gainAt() : 0;
        for (let b = 0; b < ctx.batch; b++) {
          const k = b * size + u;
          for (let s = 0; s < 5; s++) st[s]![k] = b0;
          state.D![k] = fromInitial ? b0 - initialB0[u]! : 0;
          if (withGain) state.gain![k] = g;
        }
      }
    },
    step(state: StateArrays, inputs: InputArrays, ctx: StepContext): number {
      const F0 = state[stateOrder[0]!]!;
      const F1 = state[stateOrder[1]!]!;
      const F2 = state[stateOrder[2]!]!;
      const F3 = state[stateOrder[3]!]!;
      const F4 = state[stateOrder[4]!]!;
      const D = state.D!;
      const G = withGain && ctx.step % gainEvery === 0 ? state.gain! : null;
      const I = inputs.I!;
      const gate = gated ? inputs.gate! : null;
      const batch = ctx.batch;
      const dt = ctx.dt;
      const h2 = dt / 2;
      const h6 = dt / 6;
      const lo = floor === null ? -Infinity : floor;
      const rk4 = integrator === 'rk4';
      const w0 = jIn === 0 ? 1 : 0;
      const w1 = jIn === 1 ? 1 : 0;
      const w2 = jIn === 2 ? 1 : 0;
      const w3 = jIn === 3 ? 1 : 0;
      const w4 = jIn === 4 ? 1 : 0;
      for (let u = 0; u < size; u++) {
        const rest = load(u);
        const b0 = fromInitial ? initialB0[u]! : rest;
        const a0 = p[0]!, a1 = p[1]!, a2 = p[2]!, a3 = p[3]!, a4 = p[4]!;
        const c0 = p[5]!, c1 = p[6]!, c2 = p[7]!, c3 = p[8]!, c4 = p[9]!;
        const q0 = p[10]!, q1 = p[11]!, q2 = p[12]!, q3 = p[13]!, q4 = p[14]!;
        let restGain = 0;
        if (G) {
          e.fill(rest);
          restGain = gainAt();
        }
        // A cell exactly at rest with no input stays there when the ring's derivatives vanish
        // at the stored (float32) rest state: then the step can be skipped without changing a bit.
        const r = Math.fround(rest);
        const still =
          a0 * r - c0 * r - q0 * r * r === 0 && a1 * r - c1 * r - q1 * r * r === 0 && a2 * r - c2 * r - q2 * r * r === 0 &&
          a3 * r - c3 * r - q3 * r * r === 0 && a4 * r - c4 * r - q4 * r * r === 0;
        for (let k = u; k < size * batch; k += size) {
          const uin = gate ? I[k]! * gate[k]! : I[k]!;
          if (still && uin === 0 && F0[k] === r && F1[k] === r && F2[k] === r && F3[k] === r && F4[k] === r) {
            D[k] = r - b0;
            continue;
          }
          const u0 = w0 * uin, u1 = w1 * uin, u2 = w2 * uin, u3 = w3 * uin, u4 = w4 * uin;
          const y0 = F0[k]!, y1 = F1[k]!, y2 = F2[k]!, y3 = F3[k]!, y4 = F4[k]!;
          // dF_j = a_j F_{j−1} − c_j F_j − q_j F_j F_{j−2} + input
          const f0 = a0 * y4 - c0 * y0 - q0 * y0 * y3 + u0;
          const f1 = a1 * y0 - c1 * y1 - q1 * y1 * y4 + u1;
          const f2 = a2 * y1 - c2 * y2 - q2 * y2 * y0 + u2;
          const f3 = a3 * y2 - c3 * y3 - q3 * y3 * y1 + u3;
          const f4 = a4 * y3 - c4 * y4 - q4 * y4 * y2 + u4;
          let n0: number, n1: number, n2: number, n3: number, n4: number;
          if (rk4) {
            let z0 = y0 + h2 * f0, z1 = y1 + h2 * f1, z2 = y2 + h2 * f2, z3 = y3 + h2 * f3, z4 = y4 + h2 * f4;
            const g0 = a0 * z4 - c0 * z0 - q0 * z0 * z3 + u0;
            const g1 = a1 * z0 - c1 * z1 - q1 * z1 * z4 + u1;
            const g2 = a2 * z1 - c2 * z2 - q2 * z2 * z0 + u2;
            const g3 = a3 * z2 - c3 * z3 - q3 * z3 * z1 + u3;
            const g4 = a4 * z3 - c4 * z4 - q4 * z4 * z2 + u4;
            z0 = y0 + h2 * g0; z1 = y1 + h2 * g1; z2 = y2 + h2 * g2; z3 = y3 + h2 * g3; z4 = y4 + h2 * g4;
            const r0 = a0 * z4 - c0 * z0 - q0 * z0 * z3 + u0;
            const r1 = a1 * z0 - c1 * z1 - q1 * z1 * z4 + u1;
            const r2 = a2 * z1 - c2 * z2 - q2 * z2 * z0 + u2;
            const r3 = a3 * z2 - c3 * z3 - q3 * z3 * z1 + u3;
            const r4 = a4 * z3 - c4 * z4 - q4 * z4 * z2 + u4;
            z0 = y0 + dt * r0; z1 = y1 + dt * r1; z2 = y2 + dt * r2; z3 = y3 + dt * r3; z4 = y4 + dt * r4;
            const s0 = a0 * z4 - c0 * z0 - q0 * z0 * z3 + u0;
            const s1 = a1 * z0 - c1 * z1 - q1 * z1 * z4 + u1;
            const s2 = a2 * z1 - c2 * z2 - q2 * z2 * z0 + u2;
            const s3 = a3 * z2 - c3 * z3 - q3 * z3 * z1 + u3;
            const s4 = a4 * z3 - c4 * z4 - q4 * z4 * z2 + u4;
            n0 = y0 + h6 * (f0 + 2 * (g0 + r0) + s0);
            n1 = y1 + h6 * (f1 + 2 * (g1 + r1) + s1);
            n2 = y2 + h6 * (f2 + 2 * (g2 + r2) + s2);
            n3 = y3 + h6 * (f3 + 2 * (g3 + r3) + s3);
            n4 = y4 + h6 * (f4 + 2 * (g4 + r4) + s4);
          } else {
            n0 = y0 + dt * f0;
            n1 = y1 + dt * f1;
            n2 = y2 + dt * f2;
            n3 = y3 + dt * f3;
            n4 = y4 + dt * f4;
          }
          if (n0 < lo) n0 = lo;
          if (n1 < lo) n1 = lo;
          if (n2 < lo) n2 = lo;
          if (n3 < lo) n3 = lo;
          if (n4 < lo) n4 = lo;
          F0[k] = n0;
          F1[k] = n1;
          F2[k] = n2;
          F3[k] = n3;
          F4[k] = n4;
          D[k] = (jOut === 0 ? n0 : jOut === 1 ? n1 : jOut === 2 ? n2 : jOut === 3 ? n3 : n4) - b0;
          if (G) {
            // On the floor the cell cannot follow a small input: no gain.
            if (n0 <= lo || n1 <= lo || n2 <= lo || n3 <= lo || n4 <= lo) G[k] = 0;
            else if (gainMode === 'alive') G[k] = restGain;
            else {
              e[0] = n0;
              e[1] = n1;
              e[2] = n2;
              e[3] = n3;
              e[4] = n4;
              const g = gainAt();
              G[k] = g > 0 ? Math.min(g, GAIN_CLIP * restGain) : 0;
            }
          }
        }
      }
      return 0;
    },
    describe() {
      const uniform = (a: Float32Array | Float64Array) => (a.every((v) => v === a[0]) ? a[0] : `per cell (${a.length} values)`);
      return {
        kind: name,
        size,
        k1: uniform(K1),
        k2: uniform(K2),
        k3: uniform(K3),
        integrator,
        floor,
        inputState: inState,
        outputState: outState,
        gain: gainMode ?? undefined,
        gainEvery: withGain && gainEvery > 1 ? gainEvery : undefined,
        reference: fromInitial ? reference : undefined,
        gate: gated || undefined,
      };
    },
  };
}

/**
 * Steady-state small-signal gain dD/du of a cell at rest (equal parameters per state), the
 * value the `gain` variable starts from: a gate fed by `gain / wuxingRestGain(...)` is 1 at rest.
 */
export function wuxingRestGain(k1: number, k2: number, k3: number, direction: WuxingDirection = 'forward'): number {
  const b0 = wuxingFixedPoint(k1, k2, k3);
  const p = new Float64Array(15);
  p.fill(k1, 0, 5);
  p.fill(k2, 5, 10);
  p.fill(k3, 10, 15);
  const A = new Float64Array(25);
  wuxingJacobian(direction, new Float64Array(5).fill(b0), p, A);
  return direction === 'forward' ? steadyGain(A, new Float64Array(5), 0, 1) : steadyGain(A, new Float64Array(5), 1, 0);
}
