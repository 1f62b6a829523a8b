import { convGeometryOf } from '../../../math/convGeometryOf.js';
import type { Conv2dKernel } from '../../../math/productKernels.js';
import { conv2d as cpuConv2d } from '../cpu/conv2d.js';
import { xnnpack } from './xnnpack.js';

/**
 * `conv2d` on the wasm backend: XNNPACK's convolution (TensorFlow.js WebAssembly backend);
 * float64 calls, and calls before `prepareBackend('wasm')`, run the cpu reference.
 */
export const conv2d: Conv2dKernel = (g, x, batch, w, out) => {
  const tf = x instanceof Float32Array && w instanceof Float32Array && out instanceof Float32Array ? xnnpack('conv2d') : null;
  if (!tf) {
    cpuConv2d(g, x, batch, w, out);
    return;
  }
  const n = batch * convGeometryOf(g).inSize;
  const r = tf.tidy(() =>
    tf.conv2d(
      tf.tensor4d(x.subarray(0, n) as Float32Array, [batch, g.inH, g.inW, g.inC]),
      tf.tensor4d(w as Float32Array, [g.kernel, g.kernel, g.inC, g.outC]),
      g.stride,
      g.pad,
    ),
  );
  out.set(r.dataSync() as Float32Array);
  r.dispose();
};
