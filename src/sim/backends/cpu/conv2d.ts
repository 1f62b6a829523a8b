import { gemm } from '../../../math/gemm.js';
import { convGeometryOf } from '../../../math/convGeometryOf.js';
import { im2col } from '../../../math/im2col.js';
import type { Conv2dKernel } from '../../../math/productKernels.js';
import { workspace } from './workspace.js';

/** `conv2d` on the cpu backend (the reference): im2col one image at a time, then the typed-array GEMM. */
export const conv2d: Conv2dKernel = (g, x, batch, w, out) => {
  const { patch: K, positions: P, inSize } = convGeometryOf(g);
  const cols = workspace('cols', x, P * K);
  const z = workspace('z', x, P * g.outC);
  for (let b = 0; b < batch; b++) {
    im2col(g, x, b * inSize, cols);
    gemm(false, false, P, g.outC, K, 1, cols, K, w, g.outC, 0, z, g.outC);
    out.set(z, b * P * g.outC);
  }
};
