import type * as TF from '@tensorflow/tfjs-core';
import type { ConvGeometry } from './im2col.js';
import { typedArrayKernels, type Floats, type LayerKernels } from './layerKernels.js';

/**
 * Layer kernels on TensorFlow.js's WebAssembly backend (XNNPACK, SIMD): the convolution is
 * XNNPACK's, and the filter gradient is the same convolution with the roles swapped
 * (images as channels, output gradients as a filter dilated by the stride). Float64 input
 * (gradient checks) goes to the typed-array reference. Each call copies its operands into the
 * WebAssembly heap and the result back: O(n²) work beside the O(n³) product.
 */
class WasmKernels implements LayerKernels {
  readonly name = 'wasm';
  constructor(private readonly tf: typeof TF) {}

  conv2d(g: ConvGeometry, x: Floats, batch: number, w: Floats, out: Floats): void {
    if (!(x instanceof Float32Array) || !(w instanceof Float32Array) || !(out instanceof Float32Array)) {
      typedArrayKernels.conv2d(g, x, batch, w, out);
      return;
    }
    const tf = this.tf;
    const n = batch * g.inH * g.inW * g.inC;
    const r = tf.tidy(() =>
      tf.conv2d(
        tf.tensor4d(x.subarray(0, n), [batch, g.inH, g.inW, g.inC]),
        tf.tensor4d(w, [g.kernel, g.kernel, g.inC, g.outC]),
        g.stride,
        g.pad,
      ),
    );
    out.set(r.dataSync() as Float32Array);
    r.dispose();
  }

  conv2dFilterGrad(g: ConvGeometry, x: Floats, dz: Floats, batch: number, dW: Floats): void {
    if (!(x instanceof Float32Array) || !(dz instanceof Float32Array) || !(dW instanceof Float32Array)) {
      typedArrayKernels.conv2dFilterGrad(g, x, dz, batch, dW);
      return;
    }
    const tf = this.tf;
    const n = batch * g.inH * g.inW * g.inC;
    const m = batch * g.outH * g.outW * g.outC;
    const r = tf.tidy(() => {
      // images become channels (N = inC, C = batch); output gradients become the filter
      const xt = tf.transpose(tf.tensor4d(x.subarray(0, n), [batch, g.inH, g.inW, g.inC]), [3, 1, 2, 0]);
      const dt = tf.transpose(tf.tensor4d(dz.subarray(0, m), [batch, g.outH, g.outW, g.outC]), [1, 2, 0, 3]);
      let c = tf.conv2d(xt as TF.Tensor4D, dt as TF.Tensor4D, 1, g.pad, 'NHWC', g.stride);
      if (c.shape[1] !== g.kernel || c.shape[2] !== g.kernel) c = tf.slice(c, [0, 0, 0, 0], [g.inC, g.kernel, g.kernel, g.outC]);
      return tf.transpose(c, [1, 2, 0, 3]);
    });
    dW.set(r.dataSync() as Float32Array);
    r.dispose();
  }

  matmul(transA: boolean, transB: boolean, m: number, n: number, k: number, A: Floats, B: Floats, C: Floats): void {
    if (!(A instanceof Float32Array) || !(B instanceof Float32Array) || !(C instanceof Float32Array)) {
      typedArrayKernels.matmul(transA, transB, m, n, k, A, B, C);
      return;
    }
    const tf = this.tf;
    // XNNPACK serves only the untransposed product; a transpose first is O(n²) beside O(n³)
    const r = tf.tidy(() => {
      let a: TF.Tensor2D = tf.tensor2d(A.subarray(0, m * k), transA ? [k, m] : [m, k]);
      let b: TF.Tensor2D = tf.tensor2d(B.subarray(0, k * n), transB ? [n, k] : [k, n]);
      if (transA) a = tf.transpose(a);
      if (transB) b = tf.transpose(b);
      return tf.matMul(a, b);
    });
    C.set(r.dataSync() as Float32Array);
    r.dispose();
  }
}

let loading: Promise<LayerKernels> | null = null;

/**
 * Load TensorFlow.js's WebAssembly backend once and return kernels on it. Rejects when the
 * packages or WebAssembly SIMD are missing; callers fall back to `typedArrayKernels`.
 */
export function wasmKernels(): Promise<LayerKernels> {
  loading ??= (async () => {
    const before = { ex: process.listeners('uncaughtException'), rej: process.listeners('unhandledRejection') };
    const tf = await import('@tensorflow/tfjs-core');
    await import('@tensorflow/tfjs-backend-wasm');
    tf.env().set('IS_TEST', true); // silences the "install tfjs-node" banner
    if (!(await tf.setBackend('wasm'))) throw new Error('TensorFlow.js could not start its wasm backend');
    await tf.ready();
    // the Emscripten module rethrows every uncaught error from a handler of its own, which
    // prints its whole minified source; leave error reporting to Node
    for (const l of process.listeners('uncaughtException')) if (!before.ex.includes(l)) process.removeListener('uncaughtException', l);
    for (const l of process.listeners('unhandledRejection')) if (!before.rej.includes(l)) process.removeListener('unhandledRejection', l);
    return new WasmKernels(tf);
  })();
  return loading;
}
