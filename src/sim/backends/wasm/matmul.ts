import type * as TF from '@tensorflow/tfjs-core';
import type { MatmulKernel } from '../../../math/productKernels.js';
import { matmul as cpuMatmul } from '../cpu/matmul.js';
import { xnnpack } from './xnnpack.js';

/**
 * `matmul` on the wasm backend: TensorFlow.js's WebAssembly backend (XNNPACK, SIMD), operands
 * copied into its heap and the result back (O(n²) beside the O(n³) product); float64 calls
 * (gradient checks), and every call before `prepareBackend('wasm')`, run the cpu reference.
 */
export const matmul: MatmulKernel = (transA, transB, m, n, k, A, B, C) => {
  const tf = A instanceof Float32Array && B instanceof Float32Array && C instanceof Float32Array ? xnnpack('matmul') : null;
  if (!tf) {
    cpuMatmul(transA, transB, m, n, k, A, B, C);
    return;
  }
  // XNNPACK serves only the untransposed product; a transpose first is O(n²) beside O(n³)
  const r = tf.tidy(() => {
    let a: TF.Tensor2D = tf.tensor2d(A.subarray(0, m * k) as Float32Array, transA ? [k, m] : [m, k]);
    let b: TF.Tensor2D = tf.tensor2d(B.subarray(0, k * n) as Float32Array, transB ? [n, k] : [k, n]);
    if (transA) a = tf.transpose(a);
    if (transB) b = tf.transpose(b);
    return tf.matMul(a, b);
  });
  C.set(r.dataSync() as Float32Array);
  r.dispose();
};
