import { SpecError } from '../core/errors.js';
import { toSI } from '../core/quantity.js';

/** A duration ('90 s', '5 min', '250 ms'; a bare number is seconds) → milliseconds, > 0. */
export function durationMs(field: string, value: string | number): number {
  const s = toSI(field, value, 'time');
  if (!(s > 0) || !Number.isFinite(s)) throw new SpecError(field, `must be a positive duration, got '${value}'`);
  return s * 1000;
}
