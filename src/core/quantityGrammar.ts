/**
 * Value strings ('-65 mV', '20 ms', '0.5 mV/ms', '2*(10 ms)', '1e-3 s') are read by this tiny
 * grammar, never by mathjs `evaluate`: a value string can only be numbers, unit names,
 * + - * / ^ and parentheses, so no function (createUnit, config, import, zeros, …) is reachable,
 * nothing outside this module changes, and the work is linear in the length, which is capped.
 *
 *   sum     := product (('+' | '-') product)*
 *   product := juxt (('*' | '/') juxt)*
 *   juxt    := unary unary*              (a number followed by a unit: '20 ms')
 *   unary   := ('-' | '+') unary | power
 *   power   := atom ('^' unary)?         (the exponent a plain number)
 *   atom    := number | unit name | '(' sum ')'
 *
 * Unit names resolve in a private mathjs instance (units only) that nothing else can reach.
 */
import { create, unitDependencies } from 'mathjs';
import { SpecError } from './errors.js';
import { didYouMean } from './suggest.js';

/** Longest value string accepted. */
export const MAX_VALUE_LENGTH = 200;
/** Deepest nesting of parentheses (and unary signs) in a value string. */
export const MAX_VALUE_DEPTH = 20;

/** SI base exponents (mass, length, time, current, temperature, luminosity, amount, angle, bit). */
type Dims = number[];
interface Value {
  value: number;
  dims: Dims;
}

const units = create({ unitDependencies });
const ZERO: Dims = [0, 0, 0, 0, 0, 0, 0, 0, 0];

const COMMON_UNITS = [
  'V', 'mV', 'uV', 'volt', 'A', 'mA', 'uA', 'nA', 'pA', 'amp', 's', 'ms', 'us', 'ns', 'second',
  'Hz', 'kHz', 'hertz', 'S', 'mS', 'uS', 'nS', 'pS', 'siemens', 'F', 'uF', 'nF', 'pF', 'farad',
  'ohm', 'kohm', 'Mohm', 'm', 'mm', 'um', 'cm', 'meter', 'mol', 'mmol',
];

/** Unit names for "did you mean": common ones first, then every unit the grammar knows. */
export function knownUnitNames(): string[] {
  return [...COMMON_UNITS, ...Object.keys((units.Unit as unknown as { UNITS: Record<string, unknown> }).UNITS)];
}

/** A unit name ('mV') → 1 of it in SI, or null when it is not a unit. */
function unitValue(name: string): Value | null {
  if (!units.Unit.isValuelessUnit(name)) return null;
  const u = units.unit(1, name) as unknown as { value: number; dimensions: number[] };
  return { value: u.value, dims: u.dimensions.slice(0, 9) };
}

function sameDims(a: Dims, b: Dims): boolean {
  for (let k = 0; k < 9; k++) if (Math.abs(a[k]! - b[k]!) > 1e-12) return false;
  return true;
}

/** Parse a value string into its SI value and dimensions; a SpecError names `field` otherwise. */
export function parseValueString(field: string, text: string): { value: number; dims: readonly number[] } {
  if (text.length > MAX_VALUE_LENGTH) throw new SpecError(field, `a value string of ${text.length} characters; at most ${MAX_VALUE_LENGTH} are accepted`);
  let pos = 0;
  let depth = 0;
  const fail = (problem: string): never => {
    throw new SpecError(field, `cannot read '${text}' as a quantity: ${problem}; write a number and a unit, like '20 ms'`);
  };
  const skip = () => {
    while (pos < text.length && (text[pos] === ' ' || text[pos] === '\t')) pos++;
  };
  const peek = () => {
    skip();
    return pos < text.length ? text[pos]! : '';
  };
  const isDigit = (c: string) => c >= '0' && c <= '9';
  const isLetter = (c: string) => (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c === '_';

  const atom = (): Value => {
    const c = peek();
    if (c === '(') {
      pos++;
      if (++depth > MAX_VALUE_DEPTH) fail(`nested more than ${MAX_VALUE_DEPTH} deep`);
      const v = sum();
      if (peek() !== ')') fail(`expected ')' at character ${pos + 1}`);
      pos++;
      depth--;
      return v;
    }
    if (isDigit(c) || c === '.') {
      const start = pos;
      while (pos < text.length && (isDigit(text[pos]!) || text[pos] === '.')) pos++;
      if ((text[pos] === 'e' || text[pos] === 'E') && (isDigit(text[pos + 1] ?? '') || ((text[pos + 1] === '-' || text[pos + 1] === '+') && isDigit(text[pos + 2] ?? '')))) {
        pos += 2;
        while (pos < text.length && isDigit(text[pos]!)) pos++;
      }
      const s = text.slice(start, pos);
      const value = Number(s);
      if (!Number.isFinite(value)) fail(`'${s}' is not a finite number`);
      return { value, dims: [...ZERO] };
    }
    if (isLetter(c)) {
      const start = pos;
      while (pos < text.length && (isLetter(text[pos]!) || isDigit(text[pos]!))) pos++;
      const name = text.slice(start, pos);
      if (peek() === '(') fail(`'${name}(' is a function call; only numbers, units and + - * / ^ are accepted`);
      const u = unitValue(name);
      if (!u) fail(`'${name}' is not a unit${didYouMean(name, knownUnitNames())}`);
      return u!;
    }
    return fail(c === '' ? 'it ends too early' : `unexpected '${c}' at character ${pos + 1}`);
  };
  const unary = (): Value => {
    const c = peek();
    if (c === '-' || c === '+') {
      pos++;
      if (++depth > MAX_VALUE_DEPTH) fail(`more than ${MAX_VALUE_DEPTH} signs in a row`);
      const v = unary();
      depth--;
      return c === '-' ? { value: -v.value, dims: v.dims } : v;
    }
    const base = atom();
    if (peek() !== '^') return base;
    pos++;
    const exp = unary();
    if (!sameDims(exp.dims, ZERO)) fail('an exponent must be a plain number');
    return { value: base.value ** exp.value, dims: base.dims.map((d) => d * exp.value) };
  };
  const startsAtom = (c: string) => c === '(' || c === '.' || isDigit(c) || isLetter(c);
  const juxt = (): Value => {
    let v = unary();
    while (startsAtom(peek())) {
      const w = unary();
      v = { value: v.value * w.value, dims: v.dims.map((d, k) => d + w.dims[k]!) };
    }
    return v;
  };
  const product = (): Value => {
    let v = juxt();
    for (let c = peek(); c === '*' || c === '/'; c = peek()) {
      pos++;
      const w = juxt();
      const s = c === '*' ? 1 : -1;
      v = { value: c === '*' ? v.value * w.value : v.value / w.value, dims: v.dims.map((d, k) => d + s * w.dims[k]!) };
    }
    return v;
  };
  const sum = (): Value => {
    let v = product();
    for (let c = peek(); c === '+' || c === '-'; c = peek()) {
      pos++;
      const w = product();
      if (!sameDims(v.dims, w.dims)) fail(`the terms around '${c}' have different units`);
      v = { value: c === '+' ? v.value + w.value : v.value - w.value, dims: v.dims };
    }
    return v;
  };

  if (text.trim() === '') fail('it is empty');
  const v = sum();
  if (peek() !== '') fail(`unexpected '${text[pos]}' at character ${pos + 1}`);
  if (!Number.isFinite(v.value)) fail(`its value is ${v.value}`);
  return v;
}
