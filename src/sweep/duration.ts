import { SpecError } from '../core/errors.js';
import { math } from '../neurons/equations/units.js';

/** A duration with its unit ('90 s', '5 min', '250 ms', '1 h') → milliseconds; a bare number is refused. */
export function durationMs(field: string, value: string): number {
  let ms: number;
  try {
    ms = math.unit(value.trim()).toNumber('ms');
  } catch {
    throw new SpecError(field, `expected a duration with its unit (e.g. '90 s', '5 min'), got '${value}'`);
  }
  if (!(ms > 0) || !Number.isFinite(ms)) throw new SpecError(field, `must be a positive duration, got '${value}'`);
  return ms;
}
