import { SpecError } from '../../core/errors.js';
import { EquationError } from './errors.js';

/**
 * Splitting equations into lines and one line into its parts, by hand rather than by
 * regular expressions over the whole line: every step here is linear in the length of the
 * line (a backtracking pattern took minutes on a line of spaces), and lines are capped.
 */

/** Longest equation, threshold or reset line accepted (Brian2's Hodgkin–Huxley lines are < 200). */
export const MAX_LINE = 2000;
/** Most equation lines in one model. */
export const MAX_LINES = 500;

export interface EquationLine {
  /** Where it is, as written: `defineModel.equations[0]` is the first line with text. */
  readonly field: string;
  /** The line without its comment, trimmed. */
  readonly text: string;
}

export interface ParsedLine {
  readonly name: string;
  readonly rhs: string;
  readonly unit: string;
  readonly flags: readonly string[];
  readonly differential: boolean;
}

const NAME = /^[A-Za-z][A-Za-z0-9_]*$/;

/** Throw when a user string is too long to be a line of a model. */
export function capLine(field: string, text: string): void {
  if (text.length > MAX_LINE) throw new SpecError(field, `line is ${text.length} characters long; at most ${MAX_LINE} are accepted`);
}

/**
 * The lines that hold an equation. A string counts lines as written, except the blank
 * lines before the first equation (a template literal's leading newline); an array counts
 * its elements (`equations[2]`), and lines inside an element as `equations[2] line 2`.
 */
export function equationLines(equations: string | readonly string[]): EquationLine[] {
  const out: EquationLine[] = [];
  const add = (raw: readonly string[], field: (k: number) => string) => {
    let first = raw.findIndex((l) => l.trim() !== '');
    if (first < 0) first = raw.length;
    for (let k = first; k < raw.length; k++) {
      const at = field(k - first);
      const line = raw[k]!;
      capLine(at, line);
      const hash = line.indexOf('#');
      const text = (hash < 0 ? line : line.slice(0, hash)).trim();
      if (text !== '') out.push({ field: at, text });
      if (out.length > MAX_LINES) throw new SpecError('defineModel.equations', `more than ${MAX_LINES} equations`);
    }
  };
  if (typeof equations === 'string') {
    add(equations.split('\n'), (k) => `defineModel.equations[${k}]`);
  } else {
    if (equations.length > MAX_LINES) throw new SpecError('defineModel.equations', `${equations.length} lines; at most ${MAX_LINES} are accepted`);
    equations.forEach((element, i) => {
      if (typeof element !== 'string') throw new SpecError(`defineModel.equations[${i}]`, `expected a string, got ${typeof element}`);
      const raw = element.split('\n');
      add(raw, (k) => (raw.length === 1 ? `defineModel.equations[${i}]` : `defineModel.equations[${i}] line ${k + 1}`));
    });
  }
  return out;
}

/** `dx/dt = rhs : unit (flags)` or `x = rhs : unit (flags)`. */
export function parseLine(line: EquationLine): ParsedLine {
  const { field, text } = line;
  const expected = "expected 'dx/dt = expression : unit' or 'x = expression : unit'";
  const eq = text.indexOf('=');
  const colon = text.lastIndexOf(':');
  if (eq < 0) throw new EquationError(field, text, `${expected} (no '=')`);
  if (colon < eq) throw new EquationError(field, text, `${expected} (no ': unit' after the expression; write ': 1' for a dimensionless variable)`);
  const lhs = text.slice(0, eq).trim();
  const rhs = text.slice(eq + 1, colon).trim();
  let annotation = text.slice(colon + 1).trim();
  if (rhs === '') throw new EquationError(field, text, `${expected} (the expression is empty)`);
  let flags: string[] = [];
  if (annotation.endsWith(')')) {
    const open = annotation.lastIndexOf('(');
    if (open < 0) throw new EquationError(field, text, `unbalanced ')' in the unit '${annotation}'`);
    flags = annotation.slice(open + 1, -1).split(',').map((f) => f.trim()).filter(Boolean);
    annotation = annotation.slice(0, open).trim();
  }
  if (annotation.includes('(') || annotation.includes(')')) throw new EquationError(field, text, `'${annotation}' is not a unit (flags go last, in one pair of parentheses)`);
  const differential = lhs.startsWith('d') && lhs.endsWith('dt') && lhs.includes('/');
  let name = lhs;
  if (differential) {
    const slash = lhs.indexOf('/');
    name = lhs.slice(1, slash).trim();
    if (lhs.slice(slash + 1).trim() !== 'dt') throw new EquationError(field, text, `'${lhs}' is not a derivative (write 'd${name}/dt')`);
  }
  if (!NAME.test(name)) throw new EquationError(field, text, `'${lhs}' is not ${differential ? 'd<name>/dt' : 'a name'} (letters, digits, _; start with a letter)`);
  return { name, rhs, unit: annotation, flags, differential };
}
