/**
 * Copy a gpu.js kernel result (a typed array, or rows / layers of rows of one) into `out` at
 * `at`; returns the index after the last value copied.
 */
export function copyResult(r: unknown, out: Float32Array, at: number): number {
  if (ArrayBuffer.isView(r)) {
    out.set(r as Float32Array, at);
    return at + (r as Float32Array).length;
  }
  const rows = r as unknown[];
  // webasm and GL results are views over one contiguous array: copy it in one go when so
  const first = leaf(rows, 0);
  const last = leaf(rows, -1);
  if (first && last && first.buffer === last.buffer) {
    const total = (last.byteOffset - first.byteOffset) / 4 + last.length;
    if (total === countValues(rows)) {
      out.set(new Float32Array(first.buffer, first.byteOffset, total), at);
      return at + total;
    }
  }
  for (const row of rows) at = copyResult(row, out, at);
  return at;
}

function leaf(x: unknown, end: 0 | -1): Float32Array | null {
  while (Array.isArray(x)) x = end === 0 ? x[0] : x[x.length - 1];
  return x instanceof Float32Array ? x : null;
}

function countValues(x: unknown): number {
  if (ArrayBuffer.isView(x)) return (x as Float32Array).length;
  const rows = x as unknown[];
  return rows.length * countValues(rows[0]);
}
