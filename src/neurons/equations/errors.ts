import { SpecError } from '../../core/errors.js';

/** An equation, threshold or reset that cannot be read or makes no sense: names where. */
export class EquationError extends SpecError {
  constructor(
    field: string,
    /** The equation, threshold or reset as written. */
    readonly equation: string,
    problem: string,
  ) {
    super(field, `in '${equation}': ${problem}`);
  }
}

/**
 * Two sides that must share a dimension do not, as Brian2 reports it: the equation and
 * both units.
 */
export class UnitMismatchError extends EquationError {
  constructor(
    field: string,
    equation: string,
    /** What had to agree: 'the two sides', 'the argument of exp'. */
    readonly what: string,
    /** The left side's unit. */
    readonly left: string,
    /** The right side's unit. */
    readonly right: string,
  ) {
    super(field, equation, `${what}: ${left} vs ${right}`);
  }
}
