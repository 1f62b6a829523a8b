import type { GPU } from 'gpu.js';
import type { ConvGeometry } from '../../../math/im2col.js';
import { SpecError } from '../../../core/errors.js';
import { gpu, type GpuKernel } from './gpuContext.js';

/** Built product kernels kept (one per shape and operation); the least recently used is destroyed beyond. */
const CACHE = 32;
const kernels = new Map<string, GpuKernel>();
let instance: GPU | null = null;

/**
 * The gpu.js kernel for `key` (operation and shape), built on the current gpu.js instance
 * (all are rebuilt after `configureGpu` replaces it).
 */
export function productKernel(key: string, make: () => GpuKernel): GpuKernel {
  const g = gpu();
  if (g !== instance) {
    releaseGpuProducts();
    instance = g;
  }
  let k = kernels.get(key);
  if (k) {
    kernels.delete(key);
    kernels.set(key, k);
    return k;
  }
  k = make();
  kernels.set(key, k);
  if (kernels.size > CACHE) {
    const [oldKey, old] = kernels.entries().next().value as [string, GpuKernel];
    kernels.delete(oldKey);
    old.destroy();
  }
  return k;
}

/**
 * The gpu.js kernel classes the built product kernels run as ('WebAssemblyKernel',
 * 'WebGL2Kernel', 'CPUKernel', …): what really executed, after any fallback.
 */
export function gpuProductClasses(): string[] {
  const names = new Set<string>();
  for (const k of kernels.values()) names.add((k as unknown as { kernel?: object }).kernel?.constructor.name ?? 'unknown');
  return [...names];
}

/** Destroy every built product kernel (their WebAssembly memory or GL programs). */
export function releaseGpuProducts(): void {
  for (const k of kernels.values()) {
    try {
      k.destroy();
    } catch {
      // a kernel of a replaced gpu.js instance may have nothing left to free
    }
  }
  kernels.clear();
}

/** A cache key part for a conv geometry. */
export function geometryKey(g: ConvGeometry): string {
  return `${g.inH}x${g.inW}x${g.inC}>${g.outH}x${g.outW}x${g.outC}:k${g.kernel}s${g.stride}p${g.pad}`;
}

/** A conv geometry as gpu.js kernel constants. */
export const geometryConstants = (g: ConvGeometry) => ({
  inH: g.inH, inW: g.inW, inC: g.inC, outH: g.outH, outW: g.outW, outC: g.outC, kernel: g.kernel, stride: g.stride, pad: g.pad,
});

/**
 * Values one conv call may produce or read per array (2^22); calls are split by images to
 * stay under it. Beyond 2^24 GL modes index arrays in float32 and lose exactness.
 */
export const MAX_VALUES_PER_CALL = 2 ** 22;

/** Images per kernel call so that its input and output stay within `max` values each (throws naming `what` when one image is over). */
export function imagesPerCall(what: string, inN: number, outN: number, max: number): number {
  const n = Math.floor(max / Math.max(inN, outN));
  if (n < 1) throw new SpecError(what, `one image is ${Math.max(inN, outN)} values, over the ${max} a gpu product kernel takes per call`);
  return n;
}
