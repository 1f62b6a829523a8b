/**
 * Geometry of a 2-D convolution on HWC images (height × width × channels, channels fastest):
 * square kernel, equal stride and zero padding on both axes.
 */
export interface ConvGeometry {
  /** Input height, in pixels. */
  readonly inH: number;
  /** Input width, in pixels. */
  readonly inW: number;
  /** Input channels. */
  readonly inC: number;
  /** Output channels (filters). */
  readonly outC: number;
  /** Kernel side, in pixels. */
  readonly kernel: number;
  /** Stride, in pixels. */
  readonly stride: number;
  /** Zero padding on each side, in pixels. */
  readonly pad: number;
  /** Output height: ⌊(inH + 2·pad − kernel) / stride⌋ + 1. */
  readonly outH: number;
  /** Output width: ⌊(inW + 2·pad − kernel) / stride⌋ + 1. */
  readonly outW: number;
}

/** Output size of a convolution: ⌊(in + 2·pad − kernel) / stride⌋ + 1. */
export function convOutSize(inSize: number, kernel: number, stride: number, pad: number): number {
  return Math.floor((inSize + 2 * pad - kernel) / stride) + 1;
}

/** Values per patch (the GEMM's inner dimension): kernel² · inC. */
export function patchSize(g: ConvGeometry): number {
  return g.kernel * g.kernel * g.inC;
}

/**
 * Unfold one HWC image into patches: `cols[p · K + k]` with p = oy·outW + ox and
 * k = (ky·kernel + kx)·inC + c, zero outside the image. With weights laid out [K][outC]
 * (the HWIO filter order), the convolution is the product cols · W.
 */
export function im2col(
  g: ConvGeometry,
  x: Float32Array | Float64Array,
  xOffset: number,
  cols: Float32Array | Float64Array,
): void {
  const { inH, inW, inC, kernel, stride, pad, outH, outW } = g;
  const K = kernel * kernel * inC;
  for (let oy = 0; oy < outH; oy++) {
    for (let ox = 0; ox < outW; ox++) {
      let o = (oy * outW + ox) * K;
      for (let ky = 0; ky < kernel; ky++) {
        const iy = oy * stride - pad + ky;
        const rowInside = iy >= 0 && iy < inH;
        for (let kx = 0; kx < kernel; kx++) {
          const ix = ox * stride - pad + kx;
          if (rowInside && ix >= 0 && ix < inW) {
            const src = xOffset + (iy * inW + ix) * inC;
            for (let c = 0; c < inC; c++) cols[o + c] = x[src + c]!;
          } else {
            for (let c = 0; c < inC; c++) cols[o + c] = 0;
          }
          o += inC;
        }
      }
    }
  }
}
