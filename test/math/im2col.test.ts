import { describe, expect, it } from '@jest/globals';
import { SeededRandom } from '../../src/core/random.js';
import { convOutSize, type ConvGeometry } from '../../src/math/im2col.js';
import { cpuProducts as typedArrayKernels } from '../../src/sim/backends/cpu/referenceProducts.js';

/** Direct convolution (HWC, HWIO) for comparison. */
function directConv(g: ConvGeometry, x: Float64Array, batch: number, w: Float64Array): Float64Array {
  const out = new Float64Array(batch * g.outH * g.outW * g.outC);
  for (let b = 0; b < batch; b++)
    for (let oy = 0; oy < g.outH; oy++)
      for (let ox = 0; ox < g.outW; ox++)
        for (let co = 0; co < g.outC; co++) {
          let s = 0;
          for (let ky = 0; ky < g.kernel; ky++)
            for (let kx = 0; kx < g.kernel; kx++)
              for (let c = 0; c < g.inC; c++) {
                const iy = oy * g.stride - g.pad + ky;
                const ix = ox * g.stride - g.pad + kx;
                if (iy < 0 || ix < 0 || iy >= g.inH || ix >= g.inW) continue;
                s += x[((b * g.inH + iy) * g.inW + ix) * g.inC + c]! * w[((ky * g.kernel + kx) * g.inC + c) * g.outC + co]!;
              }
          out[((b * g.outH + oy) * g.outW + ox) * g.outC + co] = s;
        }
  return out;
}

describe('im2col convolution', () => {
  it.each([
    [7, 3, 2, 3, 1, 1],
    [8, 2, 3, 3, 2, 1],
    [6, 1, 4, 5, 1, 2],
    [9, 2, 2, 4, 3, 0],
  ])('matches a direct convolution (size %i, inC %i, outC %i, kernel %i, stride %i, pad %i)', (size, inC, outC, kernel, stride, pad) => {
    const r = new SeededRandom(3);
    const outH = convOutSize(size, kernel, stride, pad);
    const g: ConvGeometry = { inH: size, inW: size, inC, outC, kernel, stride, pad, outH, outW: outH };
    const batch = 2;
    const x = r.fillNormal(new Float64Array(batch * size * size * inC));
    const w = r.fillNormal(new Float64Array(kernel * kernel * inC * outC));
    const out = new Float64Array(batch * outH * outH * outC);
    typedArrayKernels.conv2d(g, x, batch, w, out);
    const ref = directConv(g, x, batch, w);
    for (let i = 0; i < out.length; i++) expect(out[i]).toBeCloseTo(ref[i]!, 10);
    // the filter gradient is the adjoint: <conv(x, w), dz> = <w, filterGrad(x, dz)>
    const dz = r.fillNormal(new Float64Array(out.length));
    const dW = new Float64Array(w.length);
    typedArrayKernels.conv2dFilterGrad(g, x, dz, batch, dW);
    for (let k = 0; k < 5; k++) {
      const e = new Float64Array(w.length);
      const j = r.int(w.length);
      e[j] = 1;
      const y = directConv(g, x, batch, e);
      let s = 0;
      for (let i = 0; i < y.length; i++) s += y[i]! * dz[i]!;
      expect(dW[j]).toBeCloseTo(s, 10);
    }
  });
});
