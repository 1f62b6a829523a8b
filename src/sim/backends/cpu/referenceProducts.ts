import type { ProductKernels } from '../../../math/productKernels.js';
import { conv2d } from './conv2d.js';
import { conv2dFilterGrad } from './conv2dFilterGrad.js';
import { matmul } from './matmul.js';
import { windowProduct } from './windowProduct.js';
import { windowSum } from './windowSum.js';

/**
 * The cpu backend's product kernels as one object, for products computed outside a simulator
 * (a read-out trained on features, gradient checks in float64). Inside a simulator, steps and
 * rules get the products of the simulator's backend instead.
 */
export const cpuProducts: ProductKernels = Object.freeze({ backend: 'cpu', matmul, conv2d, conv2dFilterGrad, windowProduct, windowSum });
