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
  constructor(
    /** The field at fault, as the user wrote it: `lif.tau`, `train.steps`, a file path and field. */
    readonly field: string,
    problem: string,
  ) {
    super(`${field}: ${problem}`);
  }
}

/** Pre and post sizes (or a weight array) do not fit a projection. */
export class SizeMismatchError extends NeurostreamError {
  constructor(
    /** The projection's name. */
    readonly projection: string,
    problem: string,
  ) {
    super(`projection '${projection}': ${problem}`);
  }
}

/** The graph cannot be scheduled: a cycle made only of zero-delay projections. */
export class CycleError extends NeurostreamError {
  constructor(
    /** The population names around the cycle, in order. */
    readonly cycle: readonly string[],
  ) {
    super(
      `cycle without delay: ${cycle.join(' -> ')}; give one projection in it a delay of at least 1 step`,
    );
  }
}

/** A state variable became NaN or infinite. */
export class NonFiniteError extends NeurostreamError {
  constructor(
    /** The population's name. */
    readonly population: string,
    /** The state variable that became non-finite. */
    readonly variable: string,
    /** The unit's index in the population. */
    readonly unit: number,
    /** The step it happened at. */
    readonly step: number,
    /** The value found (NaN or ±Infinity). */
    readonly value: number,
    /** The sample in the batch, when the simulator runs a batch. */
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
    /** The rule's name. */
    readonly rule: string,
    /** What the rule is attached to, in words: `projection 'A->B'`. */
    readonly attachment: string,
    /** The step it threw at. */
    readonly step: number,
    /** What the rule threw. */
    readonly error: unknown,
  ) {
    super(`rule '${rule}' on ${attachment} threw at step ${step}: ${error instanceof Error ? error.message : String(error)}`);
  }
}

/** The simulator stopped mid-step (a rule threw), so its state is half-updated: call reset() before running again. */
export class SimulatorHaltedError extends NeurostreamError {
  constructor(
    /** Why it halted (the error that stopped it). */
    readonly reason: string,
  ) {
    super(`this simulator halted (${reason}); its state is half-stepped, so call reset() before running it again`);
  }
}

/** A data or model file could not be read: names the file and where in it. */
export class FileFormatError extends NeurostreamError {
  constructor(
    /** The file's path (or a name for data not read from a file). */
    readonly file: string,
    /** Where in it: `field detectors.T4a.bias`, a byte offset. */
    readonly where: string,
    problem: string,
  ) {
    super(`${file} (${where}): ${problem}`);
  }
}

/** Trained parameters are NaN or infinite, so a save refuses to write (the previous file stays as it was). */
export class NonFiniteParametersError extends NeurostreamError {
  constructor(
    /** The parameter array, by name. */
    readonly field: string,
    /** The index of the first bad value. */
    readonly index: number,
    /** That value (NaN or ±Infinity). */
    readonly value: number,
  ) {
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

export function requireNonNegative(field: string, value: unknown): number {
  const v = requireFinite(field, value);
  if (v < 0) throw new SpecError(field, `must be ≥ 0, got ${v}`);
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
