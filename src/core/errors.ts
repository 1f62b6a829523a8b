/**
 * Typed errors. Every error a user can cause says what was wrong and where:
 * the field of a spec, the projection whose sizes disagree, the population,
 * variable, unit and step of a non-finite value, the file and byte of bad data.
 */

/** Base class: catch this to catch everything neurostream throws on purpose. */
export class NeurostreamError extends Error {
  constructor(message: string) {
    super(message);
    this.name = new.target.name;
  }
}

/** A specification (options object, model file, CLI flag) has a bad field. */
export class SpecError extends NeurostreamError {
  constructor(readonly field: string, problem: string) {
    super(`${field}: ${problem}`);
  }
}

/** Pre and post sizes (or a weight array) do not fit a projection. */
export class SizeMismatchError extends NeurostreamError {
  constructor(readonly projection: string, problem: string) {
    super(`projection '${projection}': ${problem}`);
  }
}

/** The graph cannot be scheduled: a cycle made only of zero-delay projections. */
export class CycleError extends NeurostreamError {
  constructor(readonly cycle: readonly string[]) {
    super(
      `cycle without delay: ${cycle.join(' -> ')}; give one projection in it a delay of at least 1 step`,
    );
  }
}

/** A state variable became NaN or infinite. */
export class NonFiniteError extends NeurostreamError {
  constructor(
    readonly population: string,
    readonly variable: string,
    readonly unit: number,
    readonly step: number,
    readonly value: number,
    readonly batchIndex?: number,
  ) {
    super(
      `population '${population}', variable '${variable}', unit ${unit}${batchIndex === undefined ? '' : ` (batch ${batchIndex})`}, step ${step}: value is ${value}`,
    );
  }
}

/** A plasticity rule threw: names the rule, what it is attached to and the step; `error` is what the rule threw. */
export class RuleError extends NeurostreamError {
  constructor(
    readonly rule: string,
    readonly attachment: string,
    readonly step: number,
    readonly error: unknown,
  ) {
    super(`rule '${rule}' on ${attachment} threw at step ${step}: ${error instanceof Error ? error.message : String(error)}`);
  }
}

/** The simulator stopped mid-step (a rule threw), so its state is half-updated: call reset() before running again. */
export class SimulatorHaltedError extends NeurostreamError {
  constructor(readonly reason: string) {
    super(`this simulator halted (${reason}); its state is half-stepped, so call reset() before running it again`);
  }
}

/** A data or model file could not be read: names the file and where in it. */
export class FileFormatError extends NeurostreamError {
  constructor(readonly file: string, readonly where: string, problem: string) {
    super(`${file} (${where}): ${problem}`);
  }
}

/** Trained parameters are NaN or infinite, so a save refuses to write (the previous file stays as it was). */
export class NonFiniteParametersError extends NeurostreamError {
  constructor(readonly field: string, readonly index: number, readonly value: number) {
    super(`refusing to save: ${field}[${index}] is ${value} (training diverged; the previous file is kept)`);
  }
}

/** Format a finite-number check failure for an option value. */
export function requireFinite(field: string, value: unknown): number {
  if (typeof value !== 'number' || !Number.isFinite(value)) {
    throw new SpecError(field, `expected a finite number, got ${String(value)}`);
  }
  return value;
}

export function requirePositive(field: string, value: unknown): number {
  const v = requireFinite(field, value);
  if (v <= 0) throw new SpecError(field, `must be > 0, got ${v}`);
  return v;
}

export function requireNonNegativeInt(field: string, value: unknown): number {
  const v = requireFinite(field, value);
  if (!Number.isInteger(v) || v < 0) {
    throw new SpecError(field, `must be a non-negative integer, got ${v}`);
  }
  return v;
}

export function requirePositiveInt(field: string, value: unknown): number {
  const v = requireNonNegativeInt(field, value);
  if (v === 0) throw new SpecError(field, 'must be a positive integer, got 0');
  return v;
}
