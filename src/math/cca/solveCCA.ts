import { SpecError, requireNonNegativeInt } from '../../core/errors.js';
import type { PastFutureCovariance } from './lagCovariance.js';
import { gemm } from '../gemm.js';
import { inverseSqrtSymmetric, meanDiagonal } from '../symmetric.js';
import { symmetricEigen } from '../symmetricEigen.js';

/**
 * How a filter's sign is fixed (the SVD leaves it arbitrary):
 * - 'largest': its coefficient of largest magnitude is positive;
 * - 'step': its response to a step increase of every channel is positive at its extreme
 *   (ON = positive response to a contrast increment).
 */
export type FilterSign = 'largest' | 'step';

/** Options of `solveCCA`. */
export interface CCASolveOptions {
  /** Number of canonical pairs k whose filters are returned (default 1). */
  components?: number;
  /** Added to the diagonals of Cpp and Cff, relative to their mean diagonal (default 1e−9). */
  ridge?: number;
  /** Sign convention of the filters (default 'largest'). */
  sign?: FilterSign;
  /** Lags per channel of the past vectors (for the 'step' sign; default: pastSize / channels). */
  memory?: number;
}

/** A past–future CCA solution: filters, correlations and the information they keep. */
export interface CCAResult {
  /** Past filters w_i (rows of U_kᵀ Cpp^{−1/2}): z_i = w_i · (p − mean) has unit variance. */
  readonly filters: Float64Array[];
  /** Future filters v_i (rows of V_kᵀ Cff^{−1/2}). */
  readonly futureFilters: Float64Array[];
  /** All canonical correlations σ, descending. */
  readonly correlations: Float64Array;
  /** −½ Σ_{i<k} log(1 − σ_i²), nats: past–future information kept by the k-dimensional code. */
  readonly mutualInformation: number;
  /** Mean past vector the filters are applied after (zeros when not centred). */
  readonly meanPast: Float64Array;
}

/**
 * Past–future CCA from covariances: M = Cpp^{−1/2} Cpf Cff^{−1/2} = U Σ Vᵀ (SVD), past
 * filters = rows of U_kᵀ Cpp^{−1/2}, canonical correlations = Σ. The SVD comes from the
 * eigen-decomposition of the smaller of MᵀM and MMᵀ, faster than a general SVD at these
 * sizes; σ² carries an absolute rounding error near 1e−16 (σ ≤ 1), so σ stays accurate to
 * about 1e−8 even for vanishing correlations.
 */
export function solveCCA(cov: PastFutureCovariance, options: CCASolveOptions = {}): CCAResult {
  const P = cov.pastSize;
  const F = cov.futureSize;
  const k = requireNonNegativeInt('cca.components', options.components ?? 1);
  if (k < 1 || k > Math.min(P, F)) throw new SpecError('cca.components', `must be between 1 and ${Math.min(P, F)} (past ${P}, future ${F}), got ${k}`);
  const ridge = options.ridge ?? 1e-9;
  if (!(ridge >= 0) || !Number.isFinite(ridge)) throw new SpecError('cca.ridge', `must be a finite number ≥ 0, got ${ridge}`);
  const Wp = inverseSqrtSymmetric(cov.Cpp, P, ridge * meanDiagonal(cov.Cpp, P));
  const Wf = inverseSqrtSymmetric(cov.Cff, F, ridge * meanDiagonal(cov.Cff, F));
  // M = Wp · Cpf · Wf (P × F), the whitened cross-covariance.
  const T = new Float64Array(P * F);
  gemm(false, false, P, F, P, 1, Wp, P, cov.Cpf, F, 0, T, F);
  const M = new Float64Array(P * F);
  gemm(false, false, P, F, F, 1, T, F, Wf, F, 0, M, F);
  // SVD of M through the eigen-decomposition of its smaller Gram matrix.
  const byFuture = F <= P;
  const r = byFuture ? F : P;
  const gram = new Float64Array(r * r);
  if (byFuture) gemm(true, false, F, F, P, 1, M, F, M, F, 0, gram, F);
  else gemm(false, true, P, P, F, 1, M, F, M, F, 0, gram, P);
  const eig = symmetricEigen(gram, r);
  const correlations = Float64Array.from(eig.values, (l) => Math.min(1, Math.sqrt(Math.max(0, l))));
  const memory = options.memory ?? P / cov.channels;
  const filters: Float64Array[] = [];
  const futureFilters: Float64Array[] = [];
  let mi = 0;
  for (let c = 0; c < k; c++) {
    const sigma = Math.sqrt(Math.max(0, eig.values[c]!));
    const inv = sigma > 0 ? 1 / sigma : 0;
    // Singular vectors u (length P) and v (length F) of M for this σ.
    const u = new Float64Array(P);
    const v = new Float64Array(F);
    if (byFuture) {
      v.set(eig.vectors.subarray(c * F, c * F + F));
      for (let i = 0; i < P; i++) {
        let acc = 0;
        for (let j = 0; j < F; j++) acc += M[i * F + j]! * v[j]!;
        u[i] = acc * inv;
      }
    } else {
      u.set(eig.vectors.subarray(c * P, c * P + P));
      for (let j = 0; j < F; j++) {
        let acc = 0;
        for (let i = 0; i < P; i++) acc += M[i * F + j]! * u[i]!;
        v[j] = acc * inv;
      }
    }
    // Filters: uᵀ Wp and vᵀ Wf (Wp, Wf symmetric).
    const w = new Float64Array(P);
    gemm(false, false, 1, P, P, 1, u, P, Wp, P, 0, w, P);
    const wf = new Float64Array(F);
    gemm(false, false, 1, F, F, 1, v, F, Wf, F, 0, wf, F);
    if (filterSign(w, options.sign ?? 'largest', cov.channels, memory) < 0) {
      for (let j = 0; j < P; j++) w[j] = -w[j]!;
      for (let j = 0; j < F; j++) wf[j] = -wf[j]!;
    }
    filters.push(w);
    futureFilters.push(wf);
    const s = Math.min(correlations[c]!, 1 - 1e-15);
    mi += -0.5 * Math.log(1 - s * s);
  }
  return { filters, futureFilters, correlations, mutualInformation: mi, meanPast: cov.meanPast };
}

/** +1 or −1: the sign that puts a filter in the given convention. */
export function filterSign(w: ArrayLike<number>, convention: FilterSign, channels = 1, memory = w.length / channels): number {
  if (convention === 'largest') {
    let best = 0;
    for (let j = 0; j < w.length; j++) if (Math.abs(w[j]!) > Math.abs(best)) best = w[j]!;
    return best < 0 ? -1 : 1;
  }
  // Step response after j samples: Σ_c Σ_{lag ≤ j} w[c·m + lag]; take its extreme.
  let acc = 0;
  let best = 0;
  for (let lag = 0; lag < memory; lag++) {
    for (let c = 0; c < channels; c++) acc += w[c * memory + lag]!;
    if (Math.abs(acc) > Math.abs(best)) best = acc;
  }
  return best < 0 ? -1 : 1;
}
