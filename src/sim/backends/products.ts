import type { ProductKernels } from '../../math/productKernels.js';
import { getKernel } from './registry.js';

/**
 * The product kernels (`matmul`, `conv2d`, `conv2dFilterGrad`, `windowProduct`, `windowSum`) of a backend,
 * each its registered kernel or the cpu reference: what the simulator hands to model steps
 * (`StepContext.kernels`) and to rule views (`view.kernels`).
 */
export function productKernels(backend: string): ProductKernels {
  const k = <F>(name: string): F => {
    const f = getKernel(name, backend);
    if (!f) throw new Error(`no '${name}' kernel registered, not even on cpu`);
    return f as F;
  };
  return Object.freeze({
    backend,
    matmul: k<ProductKernels['matmul']>('matmul'),
    conv2d: k<ProductKernels['conv2d']>('conv2d'),
    conv2dFilterGrad: k<ProductKernels['conv2dFilterGrad']>('conv2dFilterGrad'),
    windowProduct: k<ProductKernels['windowProduct']>('windowProduct'),
    windowSum: k<ProductKernels['windowSum']>('windowSum'),
  });
}
