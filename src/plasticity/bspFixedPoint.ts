import { SizeMismatchError, SpecError, requireFinite, requirePositive } from '../core/errors.js';
import type { PopulationRule } from './PlasticityRule.js';
import { BspWindowSums, bspG2, checkKt, checkWindows, type BspSignalOptions } from './bspSignals.js';

/** The Wuxing rate constants a fixed-point rule adjusts. */
export type WuxingParameterGroup = 'K1' | 'K2' | 'K3';

/** Options of `bspFixedPoint`. */
export interface BspFixedPointOptions extends BspSignalOptions {
  /** η in K ← K·exp(η·G2) (default 1, the paper's Eq. 19). */
  rate?: number;
  /** Which parameter group moves (default 'K3', the paper's example). */
  parameter?: WuxingParameterGroup;
  /** +1 applies Eq. 19 as written; −1 moves the other way (default +1). */
  sign?: 1 | -1;
}

function cellGroup(parameters: Record<string, Float32Array | Float64Array>, name: string, group: string, cells: number): Float32Array | Float64Array {
  const a = parameters[group];
  if (!a || a.length !== cells * 5) {
    throw new SpecError(`${name}.parameter`, `the population's model has no per-cell ${group} of ${cells} × 5 values (a Wuxing cell has K1, K2, K3)`);
  }
  return a;
}

/**
 * Per-cell modulation G2_u = atan(kt·G1_u)/kt with G1_u = ⟨(∫D_u)(∫D̂_u)⟩ over the batch: the
 * cell's forward signal and its reversed twin's backward signal (the routed modulator).
 * Shared by the fixed-point rules; returns false until both windows have been seen.
 */
function cellModulation(sums: BspWindowSums, dt: number, cells: number, batch: number, kt: number, out: Float64Array): boolean {
  if (!sums.complete(dt)) {
    if (sums.backwardSteps > 0) sums.clear();
    return false;
  }
  const x = sums.forward;
  const y = sums.backward;
  for (let u = 0; u < cells; u++) {
    let g = 0;
    for (let b = 0; b < batch; b++) g += x[b * cells + u]! * y[b * cells + u]!;
    out[u] = bspG2(g / batch, kt);
  }
  sums.clear();
  return true;
}

function bindSums(name: string, view: Parameters<NonNullable<PopulationRule['init']>>[0], windows: BspSignalOptions['windows'], integral: boolean): BspWindowSums {
  const m = view.modulator;
  if (!m) throw new SpecError(`${name}.modulator`, 'route the backward signal of the reversed twin population here (net.learn(pop, rule, { modulator }))');
  const n = view.self.size * view.self.batch;
  if (m.length !== n) throw new SizeMismatchError(`${name}.modulator`, `has ${m.length} values, expected size × batch = ${n}`);
  return new BspWindowSums(n, n, windows, integral, view);
}

/**
 * BSP method 1 (Jiang & Fu 2025, Eq. 17–19): move each cell's fixed point through one
 * parameter group, K ← K·exp(±η·G2), with G1 = (∫D)(∫D̂) of the cell and its reversed twin.
 */
export function bspFixedPoint(options: BspFixedPointOptions): PopulationRule {
  const windows = checkWindows('bspFixedPoint', options.windows);
  const kt = checkKt('bspFixedPoint', options.kt);
  const eta = requirePositive('bspFixedPoint.rate', options.rate ?? 1);
  const group = options.parameter ?? 'K3';
  if (!['K1', 'K2', 'K3'].includes(group)) throw new SpecError('bspFixedPoint.parameter', `expected 'K1', 'K2' or 'K3', got '${String(group)}'`);
  const sign = options.sign ?? 1;
  if (sign !== 1 && sign !== -1) throw new SpecError('bspFixedPoint.sign', `expected 1 or -1, got ${String(sign)}`);
  const integral = options.integral ?? false;
  let sums: BspWindowSums | null = null;
  let g2 = new Float64Array(0);
  let K: Float32Array | Float64Array = new Float32Array(0);
  return {
    attach: 'population',
    name: 'bspFixedPoint',
    // onStep only sums D and D̂; the weights or rate constants move in onBatch
    onStepReadsOnly: true,
    init(view) {
      K = cellGroup(view.parameters, 'bspFixedPoint', group, view.self.size);
      sums = bindSums('bspFixedPoint', view, windows, integral);
      g2 = new Float64Array(view.self.size);
    },
    onStep(view) {
      sums!.accumulate(view.step, view.self.output, view.modulator);
    },
    onBatch(view) {
      const cells = view.self.size;
      if (!cellModulation(sums!, view.dt, cells, view.self.batch, kt, g2)) return;
      for (let u = 0; u < cells; u++) {
        const f = Math.exp(sign * eta * g2[u]!);
        for (let s = 0; s < 5; s++) K[u * 5 + s] = K[u * 5 + s]! * f;
      }
    },
    describe() {
      return { rule: 'bspFixedPoint', rate: eta, kt, parameter: group, sign, integral, windows };
    },
  };
}

/** Options of `bspFixedPointPid`. */
export interface BspPidOptions extends BspSignalOptions {
  /** Gain of the proportional term (acts on K1, which raises B0). Default 0.5. */
  kp?: number;
  /** Gain of the integral term (acts on K2, which lowers B0). Default 0.1. */
  ki?: number;
  /** Gain of the derivative term (acts on K3, which lowers B0). Default 0.1. */
  kd?: number;
}

/**
 * A reading of method 1 as distributed PID control (arXiv 2411.14468): every cell is its own
 * controller whose error is G2_u of each batch; the three terms act on the three parameter
 * groups, each in the direction that moves the fixed point the same way (B0 rises with K1,
 * falls with K2 and K3): log K1 = log K1⁰ + kp·e, log K2 = log K2⁰ − ki·Σe,
 * log K3 = log K3⁰ − kd·Δe. Only the integral term keeps what it learned.
 */
export function bspFixedPointPid(options: BspPidOptions): PopulationRule {
  const windows = checkWindows('bspFixedPointPid', options.windows);
  const kt = checkKt('bspFixedPointPid', options.kt);
  const kp = requireFinite('bspFixedPointPid.kp', options.kp ?? 0.5);
  const ki = requireFinite('bspFixedPointPid.ki', options.ki ?? 0.1);
  const kd = requireFinite('bspFixedPointPid.kd', options.kd ?? 0.1);
  const integral = options.integral ?? false;
  let sums: BspWindowSums | null = null;
  let e = new Float64Array(0);
  let ePrev = new Float64Array(0);
  let eSum = new Float64Array(0);
  let K1: Float32Array | Float64Array = new Float32Array(0);
  let K2: Float32Array | Float64Array = new Float32Array(0);
  let K3: Float32Array | Float64Array = new Float32Array(0);
  let K10 = new Float32Array(0);
  let K20 = new Float32Array(0);
  let K30 = new Float32Array(0);
  return {
    attach: 'population',
    name: 'bspFixedPointPid',
    // onStep only sums D and D̂; the weights or rate constants move in onBatch
    onStepReadsOnly: true,
    init(view) {
      const n = view.self.size;
      K1 = cellGroup(view.parameters, 'bspFixedPointPid', 'K1', n);
      K2 = cellGroup(view.parameters, 'bspFixedPointPid', 'K2', n);
      K3 = cellGroup(view.parameters, 'bspFixedPointPid', 'K3', n);
      K10 = Float32Array.from(K1);
      K20 = Float32Array.from(K2);
      K30 = Float32Array.from(K3);
      sums = bindSums('bspFixedPointPid', view, windows, integral);
      e = new Float64Array(n);
      ePrev = new Float64Array(n);
      eSum = new Float64Array(n);
    },
    onStep(view) {
      sums!.accumulate(view.step, view.self.output, view.modulator);
    },
    onBatch(view) {
      const cells = view.self.size;
      if (!cellModulation(sums!, view.dt, cells, view.self.batch, kt, e)) return;
      for (let u = 0; u < cells; u++) {
        const eu = e[u]!;
        eSum[u] = eSum[u]! + eu;
        const f1 = Math.exp(kp * eu);
        const f2 = Math.exp(-ki * eSum[u]!);
        const f3 = Math.exp(-kd * (eu - ePrev[u]!));
        ePrev[u] = eu;
        for (let s = 0; s < 5; s++) {
          const k = u * 5 + s;
          K1[k] = K10[k]! * f1;
          K2[k] = K20[k]! * f2;
          K3[k] = K30[k]! * f3;
        }
      }
    },
    describe() {
      return { rule: 'bspFixedPointPid', kp, ki, kd, kt, integral, windows };
    },
  };
}
