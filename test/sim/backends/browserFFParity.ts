import { gpuMode, gpuProductClasses, productKernels } from '../../../src/index.js';
import { kernelErrors, trainTrajectory, trajectoryGap, relError } from './ffGpu.js';

/**
 * Runs in Chromium (WebGL2 on SwiftShader): the gpu backend's product kernels against float64, and
 * FF training on a fixed batch on the gpu backend against the cpu backend in the same page.
 */
export default function browserFFParity() {
  const t0 = performance.now();
  const kernels = kernelErrors(productKernels('gpu'));
  const classes = gpuProductClasses();
  const stacks = (['dense', 'conv'] as const).map((stack) => {
    const cpu = trainTrajectory(stack, 'cpu');
    const gpu = trainTrajectory(stack, 'gpu');
    return {
      stack,
      ranOn: gpu.ranOn,
      gap: trajectoryGap(gpu, cpu),
      weights: Math.max(...cpu.weights.map((w, i) => relError(gpu.weights[i]!, w))),
      first: cpu.losses[0]!,
      last: cpu.losses.at(-1)!,
    };
  });
  return { mode: gpuMode(), classes, kernels, stacks, ms: performance.now() - t0 };
}
