import type { Floats } from '../../../math/productKernels.js';

const buffers = new Map<string, Floats>();

/**
 * A scratch array of `n` values in the precision of `like`, kept per name, precision and size,
 * so after the first call of a shape the cpu products allocate nothing.
 */
export function workspace(name: string, like: Floats, n: number): Floats {
  const id = `${name}:${like instanceof Float64Array ? 64 : 32}:${n}`;
  let b = buffers.get(id);
  if (!b) {
    b = like instanceof Float64Array ? new Float64Array(n) : new Float32Array(n);
    buffers.set(id, b);
  }
  return b;
}
