import { gemm } from '../../../math/gemm.js';
import { convGeometryOf } from '../../../math/convGeometryOf.js';
import { im2col } from '../../../math/im2col.js';
import type { Conv2dFilterGradKernel } from '../../../math/productKernels.js';
import { workspace } from './workspace.js';

/** `conv2dFilterGrad` on the cpu backend (the reference): im2col per image, patchesᵀ · dz accumulated over the batch. */
export const conv2dFilterGrad: Conv2dFilterGradKernel = (g, x, dz, batch, dW) => {
  const { patch: K, positions: P, inSize } = convGeometryOf(g);
  const cols = workspace('cols', x, P * K);
  const d = workspace('dz', x, P * g.outC);
  dW.fill(0);
  for (let b = 0; b < batch; b++) {
    im2col(g, x, b * inSize, cols);
    for (let i = 0; i < P * g.outC; i++) d[i] = dz[b * P * g.outC + i]!;
    gemm(true, false, K, g.outC, P, 1, cols, K, d, g.outC, 1, dW, g.outC);
  }
};
