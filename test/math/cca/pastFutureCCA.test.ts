import { describe, expect, it } from '@jest/globals';
import { RESU_OU_EXAMPLE, SeededRandom, SpecError, ouSeries, pastFutureCCA } from '../../../src/index.js';
import { directCovariance } from './directCovariance.js';

/** Lower Cholesky factor of a symmetric positive definite matrix (test reference). */
function cholesky(a: Float64Array, n: number): Float64Array {
  const L = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j <= i; j++) {
      let s = a[i * n + j]!;
      for (let k = 0; k < j; k++) s -= L[i * n + k]! * L[j * n + k]!;
      L[i * n + j] = i === j ? Math.sqrt(s) : s / L[j * n + j]!;
    }
  }
  return L;
}

/** Solve L X = B (L lower triangular), B with `cols` columns, row-major. */
function forward(L: Float64Array, B: Float64Array, n: number, cols: number): Float64Array {
  const X = new Float64Array(n * cols);
  for (let c = 0; c < cols; c++) {
    for (let i = 0; i < n; i++) {
      let s = B[i * cols + c]!;
      for (let k = 0; k < i; k++) s -= L[i * n + k]! * X[k * cols + c]!;
      X[i * cols + c] = s / L[i * n + i]!;
    }
  }
  return X;
}

/** Cyclic Jacobi eigen-decomposition of a symmetric matrix: eigenvalues and column eigenvectors. */
function jacobi(a0: Float64Array, n: number): { values: Float64Array; vectors: Float64Array } {
  const a = Float64Array.from(a0);
  const v = new Float64Array(n * n);
  for (let i = 0; i < n; i++) v[i * n + i] = 1;
  for (let sweep = 0; sweep < 100; sweep++) {
    let off = 0;
    for (let p = 0; p < n; p++) for (let q = p + 1; q < n; q++) off += a[p * n + q]! ** 2;
    if (off < 1e-30) break;
    for (let p = 0; p < n; p++) {
      for (let q = p + 1; q < n; q++) {
        const apq = a[p * n + q]!;
        if (Math.abs(apq) < 1e-300) continue;
        const theta = (a[q * n + q]! - a[p * n + p]!) / (2 * apq);
        const t = Math.sign(theta || 1) / (Math.abs(theta) + Math.sqrt(theta * theta + 1));
        const c = 1 / Math.sqrt(t * t + 1);
        const s = t * c;
        for (let k = 0; k < n; k++) {
          const akp = a[k * n + p]!;
          const akq = a[k * n + q]!;
          a[k * n + p] = c * akp - s * akq;
          a[k * n + q] = s * akp + c * akq;
        }
        for (let k = 0; k < n; k++) {
          const apk = a[p * n + k]!;
          const aqk = a[q * n + k]!;
          a[p * n + k] = c * apk - s * aqk;
          a[q * n + k] = s * apk + c * aqk;
        }
        for (let k = 0; k < n; k++) {
          const vkp = v[k * n + p]!;
          const vkq = v[k * n + q]!;
          v[k * n + p] = c * vkp - s * vkq;
          v[k * n + q] = s * vkp + c * vkq;
        }
      }
    }
  }
  return { values: Float64Array.from({ length: n }, (_, i) => a[i * n + i]!), vectors: v };
}

/**
 * Reference CCA as a generalized eigenproblem: Cpf Cff⁻¹ Cfp w = σ² Cpp w, reduced to a
 * symmetric one with Cpp = L Lᵀ: (L⁻¹ Cpf Cff⁻¹ Cfp L⁻ᵀ) v = σ² v, w = L⁻ᵀ v.
 */
function referenceCCA(Cpp: Float64Array, Cff: Float64Array, Cpf: Float64Array, P: number, F: number, k: number) {
  const Lp = cholesky(Cpp, P);
  const Lf = cholesky(Cff, F);
  // B = L⁻¹ Cpf Lf⁻ᵀ  (P × F): solve Lp X = Cpf, then Lf Yᵀ = Xᵀ.
  const X = forward(Lp, Cpf, P, F);
  const Xt = new Float64Array(F * P);
  for (let i = 0; i < P; i++) for (let j = 0; j < F; j++) Xt[j * P + i] = X[i * F + j]!;
  const Yt = forward(Lf, Xt, F, P); // F × P = (X Lf⁻ᵀ)ᵀ
  const A = new Float64Array(P * P);
  for (let i = 0; i < P; i++) for (let j = 0; j < P; j++) {
    let s = 0;
    for (let q = 0; q < F; q++) s += Yt[q * P + i]! * Yt[q * P + j]!;
    A[i * P + j] = s;
  }
  const { values, vectors } = jacobi(A, P);
  const order = Array.from(values.keys()).sort((a, b) => values[b]! - values[a]!);
  const correlations = order.map((i) => Math.sqrt(Math.max(0, values[i]!)));
  const filters = order.slice(0, k).map((col) => {
    // w = L⁻ᵀ v: back substitution with Lᵀ.
    const w = new Float64Array(P);
    for (let i = P - 1; i >= 0; i--) {
      let s = vectors[i * P + col]!;
      for (let r = i + 1; r < P; r++) s -= Lp[r * P + i]! * w[r]!;
      w[i] = s / Lp[i * P + i]!;
    }
    let big = 0;
    for (const x of w) if (Math.abs(x) > Math.abs(big)) big = x;
    return big < 0 ? w.map((x) => -x) : w;
  });
  return { correlations, filters };
}

describe('pastFutureCCA', () => {
  it('AR(1): σ1 = a, the other correlations vanish, filter 1 is a delta at lag 0', () => {
    const a = 0.9;
    const x = ouSeries({ length: 100_000, a, seed: 7 });
    const r = pastFutureCCA(x, { memory: 10, horizon: 10, components: 2 });
    expect(r.correlations[0]).toBeGreaterThan(a - 0.01);
    expect(r.correlations[0]).toBeLessThan(a + 0.01);
    for (let i = 1; i < r.correlations.length; i++) expect(r.correlations[i]).toBeLessThan(0.05);
    const w = r.filters[0]!;
    const total = w.reduce((s, v) => s + Math.abs(v), 0);
    expect(Math.abs(w[0]!) / total).toBeGreaterThanOrEqual(0.9);
    expect(w[0]).toBeGreaterThan(0);
    expect(r.mutualInformation).toBeCloseTo(-0.5 * (Math.log(1 - r.correlations[0]! ** 2) + Math.log(1 - r.correlations[1]! ** 2)), 12);
  });

  it('agrees with an independent generalized-eigenproblem solve to 1e-6', () => {
    const y = ouSeries({ length: 20_000, latent: RESU_OU_EXAMPLE, noiseStd: Math.sqrt(RESU_OU_EXAMPLE.noiseVariance), seed: 3 });
    const w = { memory: 6, horizon: 5 };
    const k = 3;
    const got = pastFutureCCA(y, { ...w, components: k, ridge: 0 });
    const cov = directCovariance([[y]], w, true);
    const ref = referenceCCA(cov.Cpp, cov.Cff, cov.Cpf, 6, 5, k);
    for (let i = 0; i < 5; i++) expect(Math.abs(got.correlations[i]! - ref.correlations[i]!)).toBeLessThan(1e-6);
    for (let c = 0; c < k; c++) {
      const scale = Math.max(...ref.filters[c]!.map(Math.abs));
      for (let j = 0; j < 6; j++) expect(Math.abs(got.filters[c]![j]! - ref.filters[c]![j]!) / scale).toBeLessThan(1e-6);
    }
    // The filters give unit-variance, mutually uncorrelated outputs: W Cpp Wᵀ = I.
    for (let a = 0; a < k; a++) for (let b = 0; b < k; b++) {
      let s = 0;
      for (let i = 0; i < 6; i++) for (let j = 0; j < 6; j++) s += got.filters[a]![i]! * cov.Cpp[i * 6 + j]! * got.filters[b]![j]!;
      expect(s).toBeCloseTo(a === b ? 1 : 0, 8);
    }
  });

  it('several channels stack into one lag vector (index c·m + lag)', () => {
    // Two independent AR(1) channels: σ1 = 0.9 from channel 0's newest sample, σ2 = 0.5
    // from channel 1's newest sample (index m).
    const x0 = ouSeries({ length: 100_000, a: 0.9, seed: 2 });
    const x1 = ouSeries({ length: 100_000, a: 0.5, seed: 3 });
    const m = 3;
    const r = pastFutureCCA([x0, x1], { memory: m, horizon: 2, components: 2 });
    expect(r.filters[0]!.length).toBe(2 * m);
    expect(r.correlations[0]).toBeCloseTo(0.9, 2);
    expect(r.correlations[1]).toBeCloseTo(0.5, 1);
    const share = (w: Float64Array, j: number) => Math.abs(w[j]!) / w.reduce((s, v) => s + Math.abs(v), 0);
    expect(share(r.filters[0]!, 0)).toBeGreaterThan(0.9);
    expect(share(r.filters[1]!, m)).toBeGreaterThan(0.9);
  });

  it('stays accurate when Cpp is nearly singular (a smooth signal with tiny noise)', () => {
    const random = new SeededRandom(4, 'smooth');
    const n = 50_000;
    const x = new Float64Array(n);
    for (let u = 0; u < n; u++) x[u] = Math.sin(0.01 * u) + 0.5 * Math.sin(0.023 * u + 1) + 1e-4 * random.normal();
    const r = pastFutureCCA(x, { memory: 20, horizon: 20, components: 2 });
    const cov = directCovariance([[x]], { memory: 20, horizon: 20 }, true);
    for (const w of r.filters) {
      expect(w.every(Number.isFinite)).toBe(true);
      let v = 0;
      for (let i = 0; i < 20; i++) for (let j = 0; j < 20; j++) v += w[i]! * cov.Cpp[i * 20 + j]! * w[j]!;
      expect(v).toBeCloseTo(1, 3);
    }
    expect(r.correlations[0]).toBeGreaterThan(0.999);
  });

  it('rejects bad options with typed errors', () => {
    const x = ouSeries({ length: 1000, seed: 1 });
    expect(() => pastFutureCCA(x, { memory: 3, horizon: 2, components: 3 })).toThrow(SpecError);
    expect(() => pastFutureCCA(x, { memory: 3, horizon: 2, ridge: -1 })).toThrow(/ridge/);
    expect(() => pastFutureCCA(x, { memory: 3 })).toThrow(/exactly one/);
  });
});
