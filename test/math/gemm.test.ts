import { describe, expect, it } from '@jest/globals';
import { SeededRandom } from '../../src/index.js';
import { gemm } from '../../src/math/gemm.js';

function naive(tA: boolean, tB: boolean, m: number, n: number, k: number, A: Float64Array, B: Float64Array): Float64Array {
  const C = new Float64Array(m * n);
  for (let i = 0; i < m; i++)
    for (let j = 0; j < n; j++) {
      let s = 0;
      for (let p = 0; p < k; p++) s += (tA ? A[p * m + i]! : A[i * k + p]!) * (tB ? B[j * k + p]! : B[p * n + j]!);
      C[i * n + j] = s;
    }
  return C;
}

describe('gemm', () => {
  it('matches a naive product for every transpose combination, with alpha and beta', () => {
    const r = new SeededRandom(5);
    const [m, n, k] = [7, 5, 9];
    for (const tA of [false, true])
      for (const tB of [false, true]) {
        const A = r.fillNormal(new Float64Array(m * k));
        const B = r.fillNormal(new Float64Array(k * n));
        const C0 = r.fillNormal(new Float64Array(m * n));
        const C = C0.slice();
        gemm(tA, tB, m, n, k, 0.5, A, tA ? m : k, B, tB ? k : n, 2, C, n);
        const ref = naive(tA, tB, m, n, k, A, B);
        for (let x = 0; x < m * n; x++) expect(C[x]).toBeCloseTo(0.5 * ref[x]! + 2 * C0[x]!, 10);
      }
  });
});
