import { SeededRandom } from '../../core/random.js';
import { requirePositive, requirePositiveInt } from '../../core/errors.js';
import { layerOrder, type FFLayerOrder } from './ffLayerNorm.js';
import { addBias, ffLayerModel, sumRows, type FFLayer } from './ffLayer.js';

/** Options of `ffDense`. */
export interface FFDenseOptions {
  /** Inputs per sample. */
  inputs: number;
  /** Units (outputs) per sample. */
  units: number;
  /** Goodness threshold θ (default: units). */
  theta?: number;
  /** Seed of the initial weights (He-normal, std sqrt(2 / inputs)); default 0. */
  seed?: number;
  /** 'relu-norm' (default) or 'norm-relu': the paper's order, with a learned gain and shift per channel (see ffLayerNorm.ts). */
  order?: FFLayerOrder;
}

/** A fully connected Forward-Forward layer; weights [inputs][units], row-major. */
export function ffDense(options: FFDenseOptions): FFLayer {
  const nIn = requirePositiveInt('ffDense.inputs', options.inputs);
  const units = requirePositiveInt('ffDense.units', options.units);
  const theta = requirePositive('ffDense.theta', options.theta ?? units);
  const weights = new SeededRandom(options.seed ?? 0, 'ffDense').fillNormal(new Float32Array(nIn * units), 0, Math.sqrt(2 / nIn));
  const bias = new Float32Array(units);
  const order = layerOrder('ffDense.order', options.order);
  const affine = order === 'norm-relu' ? { gain: new Float32Array(units).fill(1), shift: new Float32Array(units) } : {};
  const layer: FFLayer = ffLayerModel({
    kind: 'ffDense',
    units,
    positionSize: units,
    inputSize: nIn,
    theta,
    order,
    parameters: { weights, bias, ...affine },
    linear(x, batch, w, b, z, kernels) {
      kernels.matmul(false, false, batch, units, nIn, x, w, z);
      addBias(z, b, batch, units);
    },
    weightGrad(x, dz, batch, dW, db, kernels) {
      kernels.matmul(true, false, nIn, units, batch, x, dz, dW);
      sumRows(dz, batch, units, db);
    },
    describe() {
      return { kind: 'ffDense', inputs: nIn, units, theta, order };
    },
  });
  return layer;
}
