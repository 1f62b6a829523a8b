import { all, create, type MathNode, type Unit } from 'mathjs';
import { SpecError } from '../../core/errors.js';
import { parseValueString } from '../../core/quantityGrammar.js';
import { didYouMean } from '../../core/suggest.js';
import { EquationError } from './errors.js';

/** One mathjs instance for parsing equations and units. */
export const math = create(all);

import type { Dims, Quantity } from '../../core/quantity.js';
export type { Dims, Quantity };

export const DIMENSIONLESS: Dims = [0, 0, 0, 0, 0, 0, 0, 0, 0];


export function sameDims(a: Dims, b: Dims): boolean {
  for (let k = 0; k < 9; k++) if (Math.abs(a[k]! - b[k]!) > 1e-12) return false;
  return true;
}

export function mulDims(a: Dims, b: Dims, sign = 1): Dims {
  return a.map((x, k) => x + sign * b[k]!);
}

export function scaleDims(a: Dims, p: number): Dims {
  return a.map((x) => x * p);
}

export function isDimensionless(a: Dims): boolean {
  return sameDims(a, DIMENSIONLESS);
}

const NAMED: [string, Dims][] = [
  ['volt', [1, 2, -3, -1, 0, 0, 0, 0, 0]],
  ['amp', [0, 0, 0, 1, 0, 0, 0, 0, 0]],
  ['second', [0, 0, 1, 0, 0, 0, 0, 0, 0]],
  ['siemens', [-1, -2, 3, 2, 0, 0, 0, 0, 0]],
  ['farad', [-1, -2, 4, 2, 0, 0, 0, 0, 0]],
  ['ohm', [1, 2, -3, -2, 0, 0, 0, 0, 0]],
  ['hertz', [0, 0, -1, 0, 0, 0, 0, 0, 0]],
  ['coulomb', [0, 0, 1, 1, 0, 0, 0, 0, 0]],
  ['joule', [1, 2, -2, 0, 0, 0, 0, 0, 0]],
  ['watt', [1, 2, -3, 0, 0, 0, 0, 0, 0]],
  ['volt/second', [1, 2, -4, -1, 0, 0, 0, 0, 0]],
  ['amp/second', [0, 0, -1, 1, 0, 0, 0, 0, 0]],
  ['siemens/second', [-1, -2, 2, 2, 0, 0, 0, 0, 0]],
];
const BASE = ['kg', 'm', 's', 'A', 'K', 'cd', 'mol', 'rad', 'bit'];

/** Dimensions in words, Brian2 style: 'volt', 'volt/second', '1', or SI base units. */
export function formatDims(d: Dims): string {
  if (isDimensionless(d)) return '1 (dimensionless)';
  for (const [name, dims] of NAMED) if (sameDims(d, dims)) return name;
  const parts: string[] = [];
  d.forEach((p, k) => {
    if (Math.abs(p) > 1e-12) parts.push(p === 1 ? BASE[k]! : `${BASE[k]}^${+p.toFixed(6)}`);
  });
  return parts.join(' ');
}

function unitDims(u: Unit): Dims {
  return (u as unknown as { dimensions: number[] }).dimensions.slice(0, 9);
}

/** A unit name (`volt`, `mV/ms`, `1`) → its dimensions; throws SpecError naming `field`. */
export function parseUnit(field: string, text: string): Dims {
  const t = text.trim();
  if (t === '1' || t === '') return DIMENSIONLESS;
  try {
    const u = math.unit(`1 ${t}`);
    return unitDims(u);
  } catch (e) {
    const word = /^[A-Za-z]+$/.test(t) ? didYouMean(t, unitNames()) : '';
    throw new SpecError(field, `'${t}' is not a unit${word || ` (${(e as Error).message})`}`);
  }
}

/** Units a neuroscientist writes most, offered first in suggestions. */
const COMMON_UNITS = [
  'volt', 'V', 'mV', 'uV', 'amp', 'A', 'mA', 'uA', 'nA', 'pA', 'second', 's', 'ms', 'us', 'ns',
  'hertz', 'Hz', 'kHz', 'siemens', 'S', 'mS', 'uS', 'nS', 'pS', 'farad', 'F', 'uF', 'nF', 'pF',
  'ohm', 'kohm', 'Mohm', 'meter', 'm', 'mm', 'um', 'cm', 'mol', 'mmol', 'coulomb', 'joule', 'watt',
];
let allUnits: string[] | null = null;

/** Unit names for "did you mean": the common ones first, then every unit mathjs knows. */
export function unitNames(): string[] {
  allUnits ??= [...COMMON_UNITS, ...Object.keys((math.Unit as unknown as { UNITS: Record<string, unknown> }).UNITS)];
  return allUnits;
}

/**
 * A number (dimensionless) or a quantity string like '-49 mV' → SI value and dimensions.
 * Strings are read by the value-string grammar (core/quantityGrammar), never evaluated.
 */
export function parseQuantity(field: string, value: number | string): Quantity {
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw new SpecError(field, `expected a finite number, got ${value}`);
    return { value, dims: DIMENSIONLESS };
  }
  if (typeof value !== 'string') throw new SpecError(field, `expected a number or a quantity string like '20 ms', got ${value === null ? 'null' : typeof value}`);
  return parseValueString(field, value);
}

/** A symbol that mathjs knows as a unit (mV, ms, nS) → its SI value of 1 of it, else null. */
export function unitSymbol(name: string): Quantity | null {
  if (!math.Unit.isValuelessUnit(name)) return null;
  const u = math.unit(`1 ${name}`);
  return { value: (u as unknown as { value: number }).value, dims: unitDims(u) };
}

/** Deepest nesting of parentheses accepted in an expression. */
export const MAX_NESTING = 100;

/**
 * Parse an expression with mathjs (which only builds a tree here; nothing is evaluated).
 * Brian2's `**` is read as `^`.
 */
export function parseExpression(field: string, source: string, text: string): MathNode {
  let depth = 0;
  for (let k = 0; k < text.length; k++) {
    const c = text[k];
    if (c === '(' || c === '[') depth++;
    else if (c === ')' || c === ']') depth--;
    if (depth > MAX_NESTING) throw new EquationError(field, source, `parentheses nested more than ${MAX_NESTING} deep`);
  }
  try {
    return math.parse(text.replaceAll('**', '^'));
  } catch (e) {
    const why = e instanceof RangeError ? 'too deeply nested' : (e as Error).message;
    throw new EquationError(field, source, `cannot parse '${text}' (${why})`);
  }
}
