import { convOutSize, type ConvGeometry } from '../../math/im2col.js';
import { SpecError, requireNonNegativeInt, requirePositive, requirePositiveInt } from '../../core/errors.js';
import { SeededRandom } from '../../core/random.js';
import { layerOrder, type FFLayerOrder } from './ffLayerNorm.js';
import { addBias, ffLayerModel, sumRows, type FFLayer } from './ffLayer.js';

/** Options of `ffConv`. */
export interface FFConvOptions {
  /** Input image: height, width, channels (HWC layout, channels fastest). */
  inputShape: readonly [number, number, number];
  /** Output channels (filters). */
  channels: number;
  /** Square kernel size. */
  kernel: number;
  /** Stride in pixels (default 1). */
  stride?: number;
  /** Zero padding on each side (default: (kernel − 1) / 2, "same" for odd kernels at stride 1). */
  pad?: number;
  /** Goodness threshold θ (default: the number of units, channels × outH × outW). */
  theta?: number;
  /** Seed of the initial weights (He-normal, std sqrt(2 / (kernel² · inC))); default 0. */
  seed?: number;
  /** 'relu-norm' (default) or 'norm-relu': the paper's order, with a learned gain and shift per channel (see ffLayerNorm.ts). */
  order?: FFLayerOrder;
}

/** A convolutional Forward-Forward layer; filters [kernel][kernel][inC][channels] (HWIO). */
export function ffConv(options: FFConvOptions): FFLayer & {
  /** The convolution's geometry (input, output, kernel, stride, padding). */
  readonly geometry: ConvGeometry;
} {
  const [inH, inW, inC] = options.inputShape.map((v, i) => requirePositiveInt(`ffConv.inputShape[${i}]`, v)) as [number, number, number];
  const outC = requirePositiveInt('ffConv.channels', options.channels);
  const kernel = requirePositiveInt('ffConv.kernel', options.kernel);
  const stride = requirePositiveInt('ffConv.stride', options.stride ?? 1);
  const pad = requireNonNegativeInt('ffConv.pad', options.pad ?? Math.floor((kernel - 1) / 2));
  const outH = convOutSize(inH, kernel, stride, pad);
  const outW = convOutSize(inW, kernel, stride, pad);
  if (outH < 1 || outW < 1) throw new SpecError('ffConv.kernel', `kernel ${kernel} with pad ${pad} does not fit a ${inH}×${inW} input`);
  const geometry: ConvGeometry = { inH, inW, inC, outC, kernel, stride, pad, outH, outW };
  const units = outH * outW * outC;
  const K = kernel * kernel * inC;
  const theta = requirePositive('ffConv.theta', options.theta ?? units);
  const weights = new SeededRandom(options.seed ?? 0, 'ffConv').fillNormal(new Float32Array(K * outC), 0, Math.sqrt(2 / K));
  const bias = new Float32Array(outC);
  const order = layerOrder('ffConv.order', options.order);
  const affine = order === 'norm-relu' ? { gain: new Float32Array(outC).fill(1), shift: new Float32Array(outC) } : {};
  const layer: FFLayer & { readonly geometry: ConvGeometry } = ffLayerModel({
    kind: 'ffConv',
    units,
    positionSize: outC,
    inputSize: inH * inW * inC,
    theta,
    geometry,
    order,
    parameters: { weights, bias, ...affine },
    linear(x, batch, w, b, z, kernels) {
      kernels.conv2d(geometry, x, batch, w, z);
      addBias(z, b, batch * outH * outW, outC);
    },
    weightGrad(x, dz, batch, dW, db, kernels) {
      kernels.conv2dFilterGrad(geometry, x, dz, batch, dW);
      sumRows(dz, batch * outH * outW, outC, db);
    },
    describe() {
      return { kind: 'ffConv', inputShape: [inH, inW, inC], channels: outC, kernel, stride, pad, theta, order };
    },
  });
  return layer;
}
