import { SpecError, requireFinite } from '../core/errors.js';
import type { HexEye } from './hexEye.js';

/** Directions in degrees, one or one per batch copy, checked once. */
export function directionList(field: string, direction: number | readonly number[] | undefined): number[] {
  const dirs = typeof direction === 'object' ? [...direction] : [direction ?? 0];
  if (dirs.length === 0) throw new SpecError(field, 'is empty');
  dirs.forEach((d, k) => requireFinite(`${field}[${k}]`, d));
  return dirs;
}

/** The direction of batch copy b, and a check that the list fits the batch and the eye the population. */
export function checkFrame(name: string, eye: HexEye, dirs: readonly number[], width: number, batch: number): void {
  if (width !== eye.size) throw new SpecError(`${name}.eye`, `an eye of ${eye.size} columns, but the population fed has ${width} units`);
  if (dirs.length !== 1 && dirs.length !== batch) throw new SpecError(`${name}.direction`, `has ${dirs.length} values for a batch of ${batch}`);
}
