import { SingularValueDecomposition } from 'ml-matrix';
import { SpecError, requireNonNegativeInt } from '../sim/errors.js';
import type { PastFutureCovariance } from './lagCovariance.js';
import { inverseSqrtSymmetric, meanDiagonal, toMatrix } from './symmetric.js';

/**
 * How a filter's sign is fixed (the SVD leaves it arbitrary):
 * - 'largest': its coefficient of largest magnitude is positive;
 * - 'step': its response to a step increase of every channel is positive at its extreme
 *   (ON = positive response to a contrast increment).
 */
export type FilterSign = 'largest' | 'step';

export interface CCASolveOptions {
  /** Number of canonical pairs k whose filters are returned (default 1). */
  components?: number;
  /** Added to the diagonals of Cpp and Cff, relative to their mean diagonal (default 1e−9). */
  ridge?: number;
  sign?: FilterSign;
  /** Lags per channel of the past vectors (for the 'step' sign; default: pastSize / channels). */
  memory?: number;
}

export interface CCAResult {
  /** Past filters w_i (rows of U_kᵀ Cpp^{−1/2}): z_i = w_i · (p − mean) has unit variance. */
  readonly filters: Float64Array[];
  /** Future filters v_i (rows of V_kᵀ Cff^{−1/2}). */
  readonly futureFilters: Float64Array[];
  /** All canonical correlations σ, descending. */
  readonly correlations: Float64Array;
  /** −½ Σ_{i<k} log(1 − σ_i²), nats: past–future information kept by the k-dimensional code. */
  readonly mutualInformation: number;
  readonly meanPast: Float64Array;
}

/**
 * Past–future CCA from covariances: M = Cpp^{−1/2} Cpf Cff^{−1/2} = U Σ Vᵀ (SVD), past
 * filters = rows of U_kᵀ Cpp^{−1/2}, canonical correlations = Σ.
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
  // M = Wp · Cpf · Wf  (P × F)
  const T = new Float64Array(P * F);
  for (let i = 0; i < P; i++) {
    for (let q = 0; q < P; q++) {
      const a = Wp[i * P + q]!;
      if (a === 0) continue;
      for (let j = 0; j < F; j++) T[i * F + j] = T[i * F + j]! + a * cov.Cpf[q * F + j]!;
    }
  }
  const M = new Float64Array(P * F);
  for (let i = 0; i < P; i++) {
    for (let q = 0; q < F; q++) {
      const a = T[i * F + q]!;
      if (a === 0) continue;
      for (let j = 0; j < F; j++) M[i * F + j] = M[i * F + j]! + a * Wf[q * F + j]!;
    }
  }
  const svd = new SingularValueDecomposition(toMatrix(M, P, F), { autoTranspose: true });
  const sigma = svd.diagonal;
  const order = sigma.map((_, i) => i).sort((a, b) => sigma[b]! - sigma[a]!);
  const U = svd.leftSingularVectors;
  const V = svd.rightSingularVectors;
  const correlations = Float64Array.from(order.map((i) => Math.min(1, Math.max(0, sigma[i]!))));
  const memory = options.memory ?? P / cov.channels;
  const filters: Float64Array[] = [];
  const futureFilters: Float64Array[] = [];
  let mi = 0;
  for (let c = 0; c < k; c++) {
    const col = order[c]!;
    const w = new Float64Array(P);
    for (let j = 0; j < P; j++) {
      let acc = 0;
      for (let i = 0; i < P; i++) acc += U.get(i, col) * Wp[i * P + j]!;
      w[j] = acc;
    }
    const v = new Float64Array(F);
    for (let j = 0; j < F; j++) {
      let acc = 0;
      for (let i = 0; i < F; i++) acc += V.get(i, col) * Wf[i * F + j]!;
      v[j] = acc;
    }
    if (filterSign(w, options.sign ?? 'largest', cov.channels, memory) < 0) {
      for (let j = 0; j < P; j++) w[j] = -w[j]!;
      for (let j = 0; j < F; j++) v[j] = -v[j]!;
    }
    filters.push(w);
    futureFilters.push(v);
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
