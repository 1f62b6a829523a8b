import { EigenvalueDecomposition, Matrix } from 'ml-matrix';

/** Row-major n×n Float64Array → ml-matrix Matrix. */
export function toMatrix(a: Float64Array, rows: number, cols = rows): Matrix {
  const m = new Matrix(rows, cols);
  for (let i = 0; i < rows; i++) for (let j = 0; j < cols; j++) m.set(i, j, a[i * cols + j]!);
  return m;
}

/** ml-matrix Matrix → row-major Float64Array. */
export function fromMatrix(m: Matrix): Float64Array {
  const out = new Float64Array(m.rows * m.columns);
  for (let i = 0; i < m.rows; i++) for (let j = 0; j < m.columns; j++) out[i * m.columns + j] = m.get(i, j);
  return out;
}

/**
 * Symmetric inverse square root C^{−1/2} = V diag(λ^{−1/2}) Vᵀ of a symmetric positive
 * (semi)definite n×n matrix, with `ridge` added to the diagonal first. Eigenvalues are
 * floored at 1e−15 of the largest so rounding cannot make them negative.
 */
export function inverseSqrtSymmetric(c: Float64Array, n: number, ridge = 0): Float64Array {
  const m = toMatrix(c, n);
  // Symmetrise: accumulated covariances can differ from symmetric in the last bit.
  for (let i = 0; i < n; i++) {
    for (let j = i + 1; j < n; j++) {
      const v = 0.5 * (m.get(i, j) + m.get(j, i));
      m.set(i, j, v);
      m.set(j, i, v);
    }
    m.set(i, i, m.get(i, i) + ridge);
  }
  const evd = new EigenvalueDecomposition(m, { assumeSymmetric: true });
  const lam = evd.realEigenvalues;
  const V = evd.eigenvectorMatrix;
  let top = 0;
  for (const l of lam) top = Math.max(top, l);
  const floor = Math.max(top * 1e-15, Number.MIN_VALUE);
  const scale = lam.map((l) => 1 / Math.sqrt(Math.max(l, floor)));
  const out = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    for (let j = i; j < n; j++) {
      let acc = 0;
      for (let k = 0; k < n; k++) acc += V.get(i, k) * scale[k]! * V.get(j, k);
      out[i * n + j] = acc;
      out[j * n + i] = acc;
    }
  }
  return out;
}

/** Mean of the diagonal of a row-major n×n matrix (the scale a relative ridge refers to). */
export function meanDiagonal(c: Float64Array, n: number): number {
  let s = 0;
  for (let i = 0; i < n; i++) s += c[i * n + i]!;
  return s / n;
}
