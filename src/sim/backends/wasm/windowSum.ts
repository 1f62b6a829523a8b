import type { WindowSumKernel } from '../../../math/productKernels.js';
import { windowSum as cpuWindowSum } from '../cpu/windowSum.js';
import { arenaOf } from './arena.js';

/**
 * `windowSum` on the wasm backend: acc += x four values an instruction (assembly `addInto`,
 * f32x4.add: the same float32 sums as the cpu loop) when both arrays live in the same arena —
 * a rule's `view.floats` and a population's output do; otherwise the cpu loop.
 */
export const windowSum: WindowSumKernel = (acc, x) => {
  const arena = arenaOf(acc);
  if (arena === undefined || arenaOf(x) !== arena || x.length < acc.length) {
    cpuWindowSum(acc, x);
    return;
  }
  arena.kernels.addInto(acc.byteOffset, x.byteOffset, acc.length);
};
