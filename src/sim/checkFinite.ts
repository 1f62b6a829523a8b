import { NonFiniteError } from '../core/errors.js';
import type { AllFiniteKernel } from './backends/cpu/allFinite.js';
import type { Population } from './Population.js';

/**
 * Throw a NonFiniteError naming the population, variable, unit, step (and batch element)
 * of the first NaN or ±Inf in `variables`; `allFinite` (the backend's fast scan) lets a
 * finite array skip the search for the culprit.
 */
export function checkFinite(pop: Population, variables: readonly (readonly [string, Float32Array])[], step: number, batch: number, allFinite: AllFiniteKernel): void {
  for (let v = 0; v < variables.length; v++) {
    const a = variables[v]![1];
    if (allFinite(a)) continue;
    const name = variables[v]![0];
    for (let k = 0; k < a.length; k++) {
      if (!Number.isFinite(a[k]!)) {
        const size = pop.size;
        throw new NonFiniteError(pop.name, name, k % size, step, a[k]!, batch > 1 ? Math.floor(k / size) : undefined);
      }
    }
  }
}
