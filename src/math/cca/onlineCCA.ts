import { requirePositive, requirePositiveInt } from '../../core/errors.js';
import { SeededRandom } from '../../core/random.js';

/** Options of `new OnlineCCA`. */
export interface OnlineCCAOptions {
  /** Length of the past and future vectors. */
  pastSize: number;
  /** Length of the future vectors. */
  futureSize: number;
  /** Canonical pairs learned (default 1). */
  components?: number;
  /** Learning rate of the whitening synapses (default 0.2 / size, i.e. stable for unit-variance inputs). */
  whiteningRate?: number;
  /** Learning rate of the canonical synapses (default 0.5 / (pastSize + futureSize)). */
  rate?: number;
  /** Rates decay as 1 / (1 + t / decay) after `decay` samples (default: never), for exact convergence. */
  decay?: number;
  /** Running-mean rate for centring (default 1e−3; 0 = uncentred). */
  meanRate?: number;
  /** Seed of the small random initial canonical synapses. */
  seed?: number;
}

/**
 * Online past–future CCA with local Hebbian and anti-Hebbian updates, no matrix inversion
 * and no SVD: two layers of synapses learned sample by sample.
 *
 * 1. Whitening: u = Q p and s = R f; Q ← Q + η_w (Q − u (uᵀQ)) (a Hebbian term and an
 *    anti-Hebbian term fed back through the same synapses) drives Q Cpp Qᵀ → I, at a rate
 *    independent of how ill-conditioned Cpp is (it is a relative gradient).
 * 2. Canonical pairs: the whitened past and future together, x = (u, s), have covariance
 *    [[I, M], [Mᵀ, I]] with M = E[u sᵀ], whose leading eigenvectors are (u_i, v_i)/√2 with
 *    eigenvalues 1 + σ_i (u_i, v_i the singular pairs of M). Neuron i sums its past and
 *    future compartments, y_i = a_i·u + b_i·s, and learns by Sanger's generalized Hebbian
 *    rule: c_i ← c_i + η y_i (x − Σ_{j≤i} y_j c_j), c_i = (a_i, b_i) — Hebbian growth and
 *    anti-Hebbian lateral deflation, whose stable fixed points are those eigenvectors in order.
 *
 * The past filters are w_i = √2 Qᵀ a_i (unit-variance outputs): the batch solution
 * U_kᵀ Cpp^{−1/2} up to sign once both layers have converged.
 */
export class OnlineCCA {
  /** Length of the past vectors. */
  readonly pastSize: number;
  /** Length of the future vectors. */
  readonly futureSize: number;
  /** Canonical pairs learned. */
  readonly components: number;
  /** Samples seen. */
  samples = 0;
  private readonly Q: Float64Array;
  private readonly R: Float64Array;
  /** Canonical synapses c_i = (a_i, b_i), k × (P + F). */
  private readonly C: Float64Array;
  private readonly meanP: Float64Array;
  private readonly meanF: Float64Array;
  private readonly etaW: number;
  private readonly eta: number;
  private readonly decay: number;
  private readonly meanRate: number;
  // Scratch (the update allocates nothing).
  private readonly pc: Float64Array;
  private readonly fc: Float64Array;
  /** x = (u, s): the whitened past followed by the whitened future. */
  private readonly x: Float64Array;
  private readonly u: Float64Array;
  private readonly s: Float64Array;
  private readonly uQ: Float64Array;
  private readonly sR: Float64Array;
  private readonly y: Float64Array;
  private readonly back: Float64Array;

  constructor(options: OnlineCCAOptions) {
    const P = requirePositiveInt('OnlineCCA.pastSize', options.pastSize);
    const F = requirePositiveInt('OnlineCCA.futureSize', options.futureSize);
    const k = requirePositiveInt('OnlineCCA.components', options.components ?? 1);
    this.pastSize = P;
    this.futureSize = F;
    this.components = k;
    this.etaW = requirePositive('OnlineCCA.whiteningRate', options.whiteningRate ?? 0.2 / Math.max(P, F));
    this.eta = requirePositive('OnlineCCA.rate', options.rate ?? 0.5 / (P + F));
    this.decay = options.decay === undefined ? Infinity : requirePositive('OnlineCCA.decay', options.decay);
    this.meanRate = options.meanRate ?? 1e-3;
    this.Q = identity(P);
    this.R = identity(F);
    this.C = new Float64Array(k * (P + F));
    // Small random initial synapses (seeded), so the deflation can order the components.
    new SeededRandom(options.seed ?? 1, 'OnlineCCA').fillUniform(this.C, -0.1, 0.1);
    this.meanP = new Float64Array(P);
    this.meanF = new Float64Array(F);
    this.pc = new Float64Array(P);
    this.fc = new Float64Array(F);
    this.x = new Float64Array(P + F);
    this.u = this.x.subarray(0, P);
    this.s = this.x.subarray(P);
    this.uQ = new Float64Array(P);
    this.sR = new Float64Array(F);
    this.y = new Float64Array(k);
    this.back = new Float64Array(P + F);
  }

  /** Learn from one (past, future) pair. */
  update(p: ArrayLike<number>, f: ArrayLike<number>): void {
    const P = this.pastSize;
    const F = this.futureSize;
    const k = this.components;
    const slow = 1 / (1 + this.samples / this.decay);
    const etaW = this.etaW * slow;
    const eta = this.eta * slow;
    const mr = this.meanRate;
    this.samples++;
    for (let i = 0; i < P; i++) {
      if (mr > 0) this.meanP[i] = this.meanP[i]! + mr * (p[i]! - this.meanP[i]!);
      this.pc[i] = p[i]! - this.meanP[i]!;
    }
    for (let i = 0; i < F; i++) {
      if (mr > 0) this.meanF[i] = this.meanF[i]! + mr * (f[i]! - this.meanF[i]!);
      this.fc[i] = f[i]! - this.meanF[i]!;
    }
    whiten(this.Q, this.pc, this.u, this.uQ, P, etaW);
    whiten(this.R, this.fc, this.s, this.sR, F, etaW);
    generalizedHebbian(this.C, this.x, this.y, this.back, k, P + F, eta);
  }

  /** Past filter i: w_i = √2 Qᵀ a_i (unit variance on centred past vectors once converged). */
  filter(i: number, out = new Float64Array(this.pastSize)): Float64Array {
    const P = this.pastSize;
    const n = P + this.futureSize;
    out.fill(0);
    for (let r = 0; r < P; r++) {
      const a = Math.SQRT2 * this.C[i * n + r]!;
      for (let c = 0; c < P; c++) out[c] = out[c]! + a * this.Q[r * P + c]!;
    }
    return out;
  }

  /** Running mean of the past vectors (for the bias w·mean). */
  get meanPast(): Float64Array {
    return this.meanP;
  }
}

function identity(n: number): Float64Array {
  const m = new Float64Array(n * n);
  for (let i = 0; i < n; i++) m[i * n + i] = 1;
  return m;
}

/** u = Q x, then Q ← Q + η (Q − u (uᵀ Q)). */
function whiten(Q: Float64Array, x: Float64Array, u: Float64Array, uQ: Float64Array, n: number, eta: number): void {
  for (let r = 0; r < n; r++) {
    let acc = 0;
    const row = r * n;
    for (let c = 0; c < n; c++) acc += Q[row + c]! * x[c]!;
    u[r] = acc;
  }
  uQ.fill(0);
  for (let r = 0; r < n; r++) {
    const ur = u[r]!;
    const row = r * n;
    for (let c = 0; c < n; c++) uQ[c] = uQ[c]! + ur * Q[row + c]!;
  }
  // A rare huge sample (an edge in a natural scene) would overshoot: cap the step at 1/|u|².
  let norm = 0;
  for (let r = 0; r < n; r++) norm += u[r]! * u[r]!;
  const step = eta * norm > 0.5 ? 0.5 / norm : eta;
  for (let r = 0; r < n; r++) {
    const g = step * u[r]!;
    const row = r * n;
    for (let c = 0; c < n; c++) Q[row + c] = Q[row + c]! * (1 + step) - g * uQ[c]!;
  }
}

/** Sanger's rule: y = C x, then c_i ← c_i + η y_i (x − Σ_{j≤i} y_j c_j), row by row from the top. */
function generalizedHebbian(C: Float64Array, x: Float64Array, y: Float64Array, back: Float64Array, k: number, n: number, eta: number): void {
  for (let i = 0; i < k; i++) {
    let acc = 0;
    for (let c = 0; c < n; c++) acc += C[i * n + c]! * x[c]!;
    y[i] = acc;
  }
  back.fill(0);
  let norm = 0;
  for (let c = 0; c < n; c++) norm += x[c]! * x[c]!;
  const step = eta * norm > 0.5 ? 0.5 / norm : eta; // as in whiten(): no overshoot on outliers
  for (let i = 0; i < k; i++) {
    const yi = y[i]!;
    const row = i * n;
    // back = Σ_{j≤i} y_j c_j (old c_j for j < i, then c_i itself).
    for (let c = 0; c < n; c++) back[c] = back[c]! + yi * C[row + c]!;
    const g = step * yi;
    for (let c = 0; c < n; c++) C[row + c] = C[row + c]! + g * (x[c]! - back[c]!);
  }
}
