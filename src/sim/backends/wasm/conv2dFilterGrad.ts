import type * as TF from '@tensorflow/tfjs-core';
import { convGeometryOf } from '../../../math/convGeometryOf.js';
import type { Conv2dFilterGradKernel } from '../../../math/productKernels.js';
import { conv2dFilterGrad as cpuConv2dFilterGrad } from '../cpu/conv2dFilterGrad.js';
import { xnnpack } from './xnnpack.js';

/**
 * `conv2dFilterGrad` on the wasm backend: XNNPACK's convolution with the roles swapped (images
 * as channels, output gradients as a filter dilated by the stride); float64 calls, and calls
 * before `prepareBackend('wasm')`, run the cpu reference.
 */
export const conv2dFilterGrad: Conv2dFilterGradKernel = (g, x, dz, batch, dW) => {
  const tf = x instanceof Float32Array && dz instanceof Float32Array && dW instanceof Float32Array ? xnnpack('conv2dFilterGrad') : null;
  if (!tf) {
    cpuConv2dFilterGrad(g, x, dz, batch, dW);
    return;
  }
  const { inSize, outSize } = convGeometryOf(g);
  const n = batch * inSize;
  const m = batch * outSize;
  const r = tf.tidy(() => {
    // images become channels (N = inC, C = batch); output gradients become the filter
    const xt = tf.transpose(tf.tensor4d(x.subarray(0, n) as Float32Array, [batch, g.inH, g.inW, g.inC]), [3, 1, 2, 0]);
    const dt = tf.transpose(tf.tensor4d(dz.subarray(0, m) as Float32Array, [batch, g.outH, g.outW, g.outC]), [1, 2, 0, 3]);
    let c = tf.conv2d(xt as TF.Tensor4D, dt as TF.Tensor4D, 1, g.pad, 'NHWC', g.stride);
    if (c.shape[1] !== g.kernel || c.shape[2] !== g.kernel) c = tf.slice(c, [0, 0, 0, 0], [g.inC, g.kernel, g.kernel, g.outC]);
    return tf.transpose(c, [1, 2, 0, 3]);
  });
  dW.set(r.dataSync() as Float32Array);
  r.dispose();
};
