/**
 * Options with a dimension (time constants, dt, delays, rates, speeds, thresholds,
 * conductances) go through here. The convention, everywhere in the API:
 *
 * - a bare number is in SI base units: seconds, hertz, volts, amperes, siemens, farads;
 * - a string carries its unit: `'20 ms'`, `'-65 mV'`, `'3 nS'`, `'40 Hz'`;
 * - a mathjs `Unit` (`unit(20, 'ms')`) is read the same way.
 *
 * The dimension is checked (a time constant given in mV is an error naming the field). A value
 * outside the plausible range for its field (a membrane time constant of 20 s: almost surely
 * `20` meant ms) warns, naming the field and the unit assumed; with `setStrictUnits(true)` that
 * warning is a `SpecError` instead.
 */
import { isUnit, type Unit } from 'mathjs';
import { SpecError } from './errors.js';
import { parseValueString } from './quantityGrammar.js';
import { warn } from './warnings.js';

/** What a dimensioned option accepts: an SI number, a string with a unit, or a mathjs Unit. */
export type QuantityInput = number | string | Unit;

/** SI base exponents (mass, length, time, current, temperature, luminosity, amount, angle, bit). */
export type Dims = readonly number[];

/** A value in SI units with its dimensions. */
export interface Quantity {
  /** The magnitude in SI units. */
  readonly value: number;
  /** Its dimensions as SI base exponents. */
  readonly dims: Dims;
}

/** The dimensions options can have, each with the SI unit a bare number is read in. */
export const DIMENSIONS = {
  dimensionless: { si: '1', dims: [0, 0, 0, 0, 0, 0, 0, 0, 0] },
  time: { si: 's', dims: [0, 0, 1, 0, 0, 0, 0, 0, 0] },
  frequency: { si: 'Hz', dims: [0, 0, -1, 0, 0, 0, 0, 0, 0] },
  voltage: { si: 'V', dims: [1, 2, -3, -1, 0, 0, 0, 0, 0] },
  current: { si: 'A', dims: [0, 0, 0, 1, 0, 0, 0, 0, 0] },
  conductance: { si: 'S', dims: [-1, -2, 3, 2, 0, 0, 0, 0, 0] },
  capacitance: { si: 'F', dims: [-1, -2, 4, 2, 0, 0, 0, 0, 0] },
  resistance: { si: 'ohm', dims: [1, 2, -3, -2, 0, 0, 0, 0, 0] },
  angle: { si: 'rad', dims: [0, 0, 0, 0, 0, 0, 0, 1, 0] },
  angularVelocity: { si: 'rad/s', dims: [0, 0, -1, 0, 0, 0, 0, 1, 0] },
} as const satisfies Record<string, { si: string; dims: Dims }>;

/**
 * A physical dimension an option can have: 'time', 'voltage', ….
 * @useDeclaredType
 */
export type Dimension = keyof typeof DIMENSIONS;

let strict = false;

/** Strict mode: an implausible magnitude is a `SpecError` instead of a warning. Returns the previous setting. */
export function setStrictUnits(on: boolean): boolean {
  const previous = strict;
  strict = on;
  return previous;
}

/** Whether strict units are on (see `setStrictUnits`). */
export function strictUnits(): boolean {
  return strict;
}

export function sameDims(a: Dims, b: Dims): boolean {
  for (let k = 0; k < 9; k++) if (Math.abs((a[k] ?? 0) - (b[k] ?? 0)) > 1e-12) return false;
  return true;
}

// Dimensions no option has, named only so that messages about a wrong unit read as words.
const OTHER_DIMENSIONS = {
  length: { si: 'm', dims: [0, 1, 0, 0, 0, 0, 0, 0, 0] },
  mass: { si: 'kg', dims: [1, 0, 0, 0, 0, 0, 0, 0, 0] },
  speed: { si: 'm/s', dims: [0, 1, -1, 0, 0, 0, 0, 0, 0] },
  temperature: { si: 'K', dims: [0, 0, 0, 0, 1, 0, 0, 0, 0] },
  amount: { si: 'mol', dims: [0, 0, 0, 0, 0, 0, 1, 0, 0] },
} as const satisfies Record<string, { si: string; dims: Dims }>;

/** The name of a dimension for messages ('time (s)', 'length (m)'), or its SI exponents when it has none. */
export function describeDims(d: Dims): string {
  for (const [name, { si, dims }] of [...Object.entries(DIMENSIONS), ...Object.entries(OTHER_DIMENSIONS)]) {
    if (sameDims(d, dims)) return name === 'dimensionless' ? 'dimensionless' : `${name} (${si})`;
  }
  const base = ['kg', 'm', 's', 'A', 'K', 'cd', 'mol', 'rad', 'bit'];
  return d.flatMap((p, k) => (Math.abs(p) > 1e-12 ? [p === 1 ? base[k]! : `${base[k]}^${+p.toFixed(6)}`] : [])).join(' ');
}

/**
 * Read `value` for a field of dimension `want`: its quantity, and whether it was a bare number
 * (which takes the field's unit). A written unit of another dimension is a `SpecError` naming
 * both; 'm' for a time adds that minutes are 'min'.
 */
function readForDimension(field: string, value: unknown, want: Dims): { q: Quantity; bare: boolean } {
  const q = readQuantity(field, value);
  const bare = !isUnit(value) && sameDims(q.dims, DIMENSIONS.dimensionless.dims) && (typeof value === 'number' || Number.isFinite(Number(String(value).trim())));
  if (!bare && !sameDims(q.dims, want)) {
    const minutes = sameDims(want, DIMENSIONS.time.dims) && sameDims(q.dims, OTHER_DIMENSIONS.length.dims) ? " (m is metres; minutes are 'min')" : '';
    throw new SpecError(field, `'${String(value)}' is ${describeDims(q.dims)}, expected ${describeDims(want)}${minutes}`);
  }
  return { q, bare };
}

function fromUnit(field: string, u: Unit, shown: string): Quantity {
  const v = (u as unknown as { value: number | null }).value;
  if (typeof v !== 'number' || !Number.isFinite(v)) throw new SpecError(field, `'${shown}' has no finite value; write a number with its unit, like '20 ms'`);
  return { value: v, dims: (u as unknown as { dimensions: number[] }).dimensions.slice(0, 9) };
}

/**
 * Read a number, a quantity string ('20 ms', '-65 mV') or a mathjs Unit into its SI value and
 * dimensions. A bare number (or a numeric string) is dimensionless here; `toSI` gives it the
 * field's dimension. Throws a `SpecError` naming `field` when the value cannot be read.
 */
export function readQuantity(field: string, value: unknown): Quantity {
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw new SpecError(field, `expected a finite number, got ${value}`);
    return { value, dims: DIMENSIONS.dimensionless.dims };
  }
  if (isUnit(value)) return fromUnit(field, value, String(value));
  if (typeof value !== 'string') {
    throw new SpecError(field, `expected a number (SI) or a quantity with a unit like '20 ms', got ${value === null ? 'null' : typeof value}`);
  }
  const text = value.trim();
  if (text !== '' && Number.isFinite(Number(text))) return { value: Number(text), dims: DIMENSIONS.dimensionless.dims };
  // Never mathjs evaluate: the value-string grammar reaches no function and no shared state.
  return parseValueString(field, text);
}

/** A plausible range in SI units for a field, with what the field is (for the warning). */
export interface Plausible {
  /** Smallest plausible magnitude, in SI units. */
  readonly min?: number;
  /** Largest plausible magnitude, in SI units. */
  readonly max?: number;
  /** What the field is, in words: 'a membrane time constant'. */
  readonly what?: string;
}

/**
 * An option's value in SI units. `dimension` is the option's dimension; a bare number is read in
 * its SI unit. A value with another dimension is a `SpecError` naming the field and both
 * dimensions. A magnitude outside `plausible` warns (or throws in strict mode), naming the field
 * and the unit that was assumed.
 */
export function toSI(field: string, value: unknown, dimension: Dimension, plausible?: Plausible): number {
  const want = DIMENSIONS[dimension];
  // A bare number ('20' or 20) takes the field's SI unit; only a written unit can disagree.
  const { q, bare } = readForDimension(field, value, want.dims);
  if (plausible) checkPlausible(field, q.value, want.si, bare ? 'in SI units' : null, value, suggestUnit(dimension), plausible);
  return q.value;
}

/** A unit that is not SI, for options whose name says it (`speedDeg`: degrees per second). */
export interface NamedUnit {
  /** How messages write it: 'deg/s'. */
  readonly name: string;
  /** The option's dimension. */
  readonly dimension: Dimension;
  /** One of it in SI units (deg/s: π/180 rad/s). */
  readonly si: number;
}

/** Degrees, the unit of options named `…Deg`. */
export const DEGREES: NamedUnit = { name: 'deg', dimension: 'angle', si: Math.PI / 180 };
/** Degrees per second, the unit of speeds named `speedDeg`. */
export const DEGREES_PER_SECOND: NamedUnit = { name: 'deg/s', dimension: 'angularVelocity', si: Math.PI / 180 };

/**
 * An option whose name carries a non-SI unit (`speedDeg`, `wavelengthDeg`): a bare number is in
 * that unit; a quantity (`'50 deg/s'`, `'0.9 rad/s'`) is converted to it after its dimension is
 * checked. `plausible` is in the named unit. Returns the value in the named unit.
 */
export function toNamedUnit(field: string, value: unknown, unit: NamedUnit, plausible?: Plausible): number {
  const { q, bare } = readForDimension(field, value, DIMENSIONS[unit.dimension].dims);
  const v = bare ? q.value : q.value / unit.si;
  if (plausible) checkPlausible(field, v, unit.name, bare ? `in ${unit.name}, the unit the name says` : null, value, unit.name, plausible);
  return v;
}

/** `toSI` for an optional option: `fallback` (already SI) when the value is undefined. */
export function optionalSI(field: string, value: unknown, dimension: Dimension, fallback: number, plausible?: Plausible): number {
  return value === undefined ? fallback : toSI(field, value, dimension, plausible);
}

/** `readAs`: how a bare number was read ('in SI units'), null when the value had a unit. */
function checkPlausible(field: string, v: number, unit: string, readAs: string | null, given: unknown, example: string, p: Plausible): void {
  const mag = Math.abs(v);
  const low = p.min !== undefined && mag !== 0 && mag < p.min;
  const high = p.max !== undefined && mag > p.max;
  if (!low && !high) return;
  const range = `${p.min ?? 0} ${unit} to ${p.max ?? '∞'} ${unit}`;
  const assumed = readAs ? ` The bare number ${String(given)} was read ${readAs}, as ${v} ${unit}; give a unit (e.g. '${String(given)} ${example}') if you meant another.` : '';
  const message = `${field} = ${v} ${unit} is implausible${p.what ? ` for ${p.what}` : ''} (expected ${range}).${assumed} setStrictUnits(true) makes this an error.`;
  if (strict) throw new SpecError(field, message.slice(field.length + 1).trim());
  warn({ code: 'implausible-magnitude', field, message });
}

function suggestUnit(dimension: Dimension): string {
  return { dimensionless: '', time: 'ms', frequency: 'Hz', voltage: 'mV', current: 'nA', conductance: 'nS', capacitance: 'pF', resistance: 'Mohm', angle: 'deg', angularVelocity: 'deg/s' }[dimension];
}
