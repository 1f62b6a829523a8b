import { patchSize, type ConvGeometry } from './im2col.js';

/** The sizes every convolution kernel derives from its geometry (per image; values, not bytes). */
export interface ConvSizes {
  /** Values per patch, kernel² · inC: the GEMM's inner dimension. */
  readonly patch: number;
  /** Output positions, outH · outW. */
  readonly positions: number;
  /** Values of one input image, inH · inW · inC. */
  readonly inSize: number;
  /** Values of one output image, outH · outW · outC. */
  readonly outSize: number;
  /** Filter entries, patch · outC. */
  readonly filterSize: number;
}

/** The per-image sizes of a convolution, so each backend's conv2d and conv2dFilterGrad share one preamble. */
export function convGeometryOf(g: ConvGeometry): ConvSizes {
  const patch = patchSize(g);
  const positions = g.outH * g.outW;
  return { patch, positions, inSize: g.inH * g.inW * g.inC, outSize: positions * g.outC, filterSize: patch * g.outC };
}
