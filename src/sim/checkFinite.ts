import { NonFiniteError } from '../core/errors.js';
import type { Population } from './Population.js';

/**
 * Throw a NonFiniteError naming the population, variable, unit, step (and batch element)
 * of the first NaN or ±Inf in `variables`. x·0 is 0 for finite x and NaN for NaN or ±Inf,
 * so a sum of them is 0 exactly when all are finite; only then is the scan for the culprit
 * skipped. Four partial sums keep the adds independent, which roughly quadruples the speed.
 */
export function checkFinite(pop: Population, variables: readonly (readonly [string, Float32Array])[], step: number, batch: number): void {
  for (let v = 0; v < variables.length; v++) {
    const a = variables[v]![1];
    let s0 = 0;
    let s1 = 0;
    let s2 = 0;
    let s3 = 0;
    const n4 = a.length - (a.length % 4);
    for (let k = 0; k < n4; k += 4) {
      s0 += a[k]! * 0;
      s1 += a[k + 1]! * 0;
      s2 += a[k + 2]! * 0;
      s3 += a[k + 3]! * 0;
    }
    for (let k = n4; k < a.length; k++) s0 += a[k]! * 0;
    if (s0 + s1 + s2 + s3 === 0) continue;
    const name = variables[v]![0];
    for (let k = 0; k < a.length; k++) {
      if (!Number.isFinite(a[k]!)) {
        const size = pop.size;
        throw new NonFiniteError(pop.name, name, k % size, step, a[k]!, batch > 1 ? Math.floor(k / size) : undefined);
      }
    }
  }
}
