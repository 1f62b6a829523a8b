/**
 * Single-precision general matrix multiply on row-major typed arrays, BLAS-style:
 * C[m×n] = alpha · op(A) · op(B) + beta · C, where op(X) is X or Xᵀ, and lda/ldb/ldc are
 * row strides. Loop orders keep the innermost loop on contiguous memory; nothing is
 * allocated, so it is safe in hot loops.
 */
export function gemm(
  transA: boolean,
  transB: boolean,
  m: number,
  n: number,
  k: number,
  alpha: number,
  A: Float32Array | Float64Array,
  lda: number,
  B: Float32Array | Float64Array,
  ldb: number,
  beta: number,
  C: Float32Array | Float64Array,
  ldc: number,
): void {
  if (beta !== 1) {
    for (let i = 0; i < m; i++) {
      const row = i * ldc;
      if (beta === 0) for (let j = 0; j < n; j++) C[row + j] = 0;
      else for (let j = 0; j < n; j++) C[row + j] = beta * C[row + j]!;
    }
  }
  if (alpha === 0 || k === 0) return;
  if (!transA && !transB) {
    // C[i,:] += alpha A[i,p] B[p,:]
    for (let i = 0; i < m; i++) {
      const ci = i * ldc;
      for (let p = 0; p < k; p++) {
        const a = alpha * A[i * lda + p]!;
        if (a === 0) continue;
        const bp = p * ldb;
        for (let j = 0; j < n; j++) C[ci + j] = C[ci + j]! + a * B[bp + j]!;
      }
    }
  } else if (!transA && transB) {
    // C[i,j] += alpha dot(A[i,:], B[j,:])
    for (let i = 0; i < m; i++) {
      const ai = i * lda;
      const ci = i * ldc;
      for (let j = 0; j < n; j++) {
        const bj = j * ldb;
        let s = 0;
        for (let p = 0; p < k; p++) s += A[ai + p]! * B[bj + p]!;
        C[ci + j] = C[ci + j]! + alpha * s;
      }
    }
  } else if (transA && !transB) {
    // C[i,:] += alpha A[p,i] B[p,:]
    for (let p = 0; p < k; p++) {
      const ap = p * lda;
      const bp = p * ldb;
      for (let i = 0; i < m; i++) {
        const a = alpha * A[ap + i]!;
        if (a === 0) continue;
        const ci = i * ldc;
        for (let j = 0; j < n; j++) C[ci + j] = C[ci + j]! + a * B[bp + j]!;
      }
    }
  } else {
    for (let i = 0; i < m; i++) {
      const ci = i * ldc;
      for (let j = 0; j < n; j++) {
        let s = 0;
        for (let p = 0; p < k; p++) s += A[p * lda + i]! * B[j * ldb + p]!;
        C[ci + j] = C[ci + j]! + alpha * s;
      }
    }
  }
}
