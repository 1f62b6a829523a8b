import type { MathNode } from 'mathjs';
import { didYouMean } from '../../core/suggest.js';
import { EquationError, UnitMismatchError } from './errors.js';
import { DIMENSIONLESS, formatDims, isDimensionless, mulDims, sameDims, scaleDims, unitNames, unitSymbol, type Dims, type Quantity } from './units.js';

/**
 * Equations are parsed by mathjs and turned into this small tree: every symbol resolved
 * (state variable, input, parameter value or unit), every node's dimension checked.
 */
export type Expr =
  | { readonly k: 'num'; readonly value: number }
  | { readonly k: 'var'; readonly name: string }
  | { readonly k: 'input'; readonly name: string }
  | { readonly k: 'op'; readonly op: Op; readonly args: readonly Expr[] }
  | { readonly k: 'fn'; readonly name: FnName; readonly args: readonly Expr[] };

type Op = '+' | '-' | '*' | '/' | '^' | 'neg' | '>' | '<' | '>=' | '<=' | '==' | '!=' | 'and' | 'or' | 'not';
type FnName = 'exp' | 'log' | 'sqrt' | 'abs' | 'sin' | 'cos' | 'tanh' | 'min' | 'max';

const OPS: Record<string, Op> = {
  add: '+', subtract: '-', multiply: '*', divide: '/', pow: '^', unaryMinus: 'neg',
  larger: '>', smaller: '<', largerEq: '>=', smallerEq: '<=', equal: '==', unequal: '!=',
  and: 'and', or: 'or', not: 'not',
};
const DIMENSIONLESS_FNS = new Set(['exp', 'log', 'sin', 'cos', 'tanh']);
const ALL_FNS = new Set(['exp', 'log', 'sqrt', 'abs', 'sin', 'cos', 'tanh', 'min', 'max']);

/** What a name in an equation may refer to. */
export interface Scope {
  readonly vars: ReadonlyMap<string, Dims>;
  readonly inputs: ReadonlyMap<string, Dims>;
  readonly params: ReadonlyMap<string, Quantity>;
  /** Subexpressions defined earlier (`x = … : unit`), inlined where used. */
  readonly subs: ReadonlyMap<string, Typed>;
  /** Names looked up so far (to warn on parameters nothing uses). */
  readonly used?: Set<string>;
}

export interface Typed {
  readonly expr: Expr;
  readonly dims: Dims;
  /** Booleans come from comparisons and logic; they only appear in thresholds. */
  readonly bool?: boolean;
}

interface Where {
  readonly field: string;
  readonly source: string;
}

function num(value: number): Typed {
  return { expr: { k: 'num', value }, dims: DIMENSIONLESS };
}

/** Resolve and dimension-check a mathjs node. */
export function typed(node: MathNode, scope: Scope, at: Where): Typed {
  const n = node as MathNode & { type: string; name?: string; value?: unknown; fn?: unknown; args?: MathNode[]; content?: MathNode; op?: string };
  switch (n.type) {
    case 'ParenthesisNode':
      return typed(n.content!, scope, at);
    case 'ConstantNode': {
      if (typeof n.value !== 'number' || !Number.isFinite(n.value)) {
        throw new EquationError(at.field, at.source, `constant ${String(n.value)} is not a finite number`);
      }
      return num(n.value);
    }
    case 'SymbolNode':
      return symbol(n.name!, scope, at);
    case 'OperatorNode': {
      const op = OPS[n.fn as string];
      if (!op) throw new EquationError(at.field, at.source, `operator '${n.op}' is not supported`);
      return operator(op, n.args!.map((a) => typed(a, scope, at)), n.args!, at);
    }
    case 'FunctionNode': {
      const fnNode = n.fn as unknown as { name?: string };
      const name = fnNode?.name ?? '';
      if (!ALL_FNS.has(name)) {
        throw new EquationError(at.field, at.source, `unknown function '${name}' (use ${[...ALL_FNS].join(', ')})`);
      }
      return fn(name as FnName, n.args!.map((a) => typed(a, scope, at)), n.args!, at);
    }
    default:
      throw new EquationError(at.field, at.source, `'${node.toString()}' is not an expression of numbers, names, operators and functions`);
  }
}

function symbol(name: string, scope: Scope, at: Where): Typed {
  scope.used?.add(name);
  const v = scope.vars.get(name);
  if (v) return { expr: { k: 'var', name }, dims: v };
  const i = scope.inputs.get(name);
  if (i) return { expr: { k: 'input', name }, dims: i };
  const p = scope.params.get(name);
  if (p) return { expr: { k: 'num', value: p.value }, dims: p.dims };
  const s = scope.subs.get(name);
  if (s) return s;
  if (name === 'pi') return num(Math.PI);
  const u = unitSymbol(name);
  if (u) return { expr: { k: 'num', value: u.value }, dims: u.dims };
  const known = [...scope.vars.keys(), ...scope.inputs.keys(), ...scope.params.keys(), ...scope.subs.keys()];
  const hint = didYouMean(name, [...known, ...unitNames()]);
  throw new EquationError(at.field, at.source, `unknown name '${name}': not a variable, input, parameter or unit${hint}`);
}

function noBool(t: Typed, node: MathNode, at: Where): void {
  if (t.bool) throw new EquationError(at.field, at.source, `'${node.toString()}' is a condition where a number is needed`);
}

function operator(op: Op, args: Typed[], nodes: MathNode[], at: Where): Typed {
  const [a, b] = args;
  const logic = op === 'and' || op === 'or' || op === 'not';
  if (logic) {
    args.forEach((t, k) => {
      if (!t.bool) throw new EquationError(at.field, at.source, `'${nodes[k]!.toString()}' is not a condition`);
    });
    return { expr: { k: 'op', op, args: args.map((t) => t.expr) }, dims: DIMENSIONLESS, bool: true };
  }
  args.forEach((t, k) => noBool(t, nodes[k]!, at));
  switch (op) {
    case 'neg':
      return { expr: { k: 'op', op, args: [a!.expr] }, dims: a!.dims };
    case '+':
    case '-':
    case '>':
    case '<':
    case '>=':
    case '<=':
    case '==':
    case '!=': {
      if (!sameDims(a!.dims, b!.dims)) {
        throw new UnitMismatchError(at.field, at.source, `'${nodes[0]!.toString()}' and '${nodes[1]!.toString()}' around '${op}' differ`, formatDims(a!.dims), formatDims(b!.dims));
      }
      const cmp = op !== '+' && op !== '-';
      return { expr: { k: 'op', op, args: [a!.expr, b!.expr] }, dims: cmp ? DIMENSIONLESS : a!.dims, ...(cmp ? { bool: true } : {}) };
    }
    case '*':
      return { expr: { k: 'op', op, args: [a!.expr, b!.expr] }, dims: mulDims(a!.dims, b!.dims) };
    case '/':
      return { expr: { k: 'op', op, args: [a!.expr, b!.expr] }, dims: mulDims(a!.dims, b!.dims, -1) };
    case '^': {
      if (!isDimensionless(b!.dims)) {
        throw new UnitMismatchError(at.field, at.source, `exponent '${nodes[1]!.toString()}' must be dimensionless`, formatDims(b!.dims), formatDims(DIMENSIONLESS));
      }
      if (isDimensionless(a!.dims)) return { expr: { k: 'op', op, args: [a!.expr, b!.expr] }, dims: DIMENSIONLESS };
      if (b!.expr.k !== 'num') {
        throw new EquationError(at.field, at.source, `'${nodes[0]!.toString()}' has units (${formatDims(a!.dims)}), so its exponent must be a number`);
      }
      return { expr: { k: 'op', op, args: [a!.expr, b!.expr] }, dims: scaleDims(a!.dims, b!.expr.value) };
    }
    default:
      throw new EquationError(at.field, at.source, `operator '${op}' is not supported`);
  }
}

function fn(name: FnName, args: Typed[], nodes: MathNode[], at: Where): Typed {
  args.forEach((t, k) => noBool(t, nodes[k]!, at));
  const arity = name === 'min' || name === 'max' ? 2 : 1;
  if (args.length !== arity) throw new EquationError(at.field, at.source, `${name}() takes ${arity} argument${arity > 1 ? 's' : ''}, got ${args.length}`);
  const a = args[0]!;
  if (DIMENSIONLESS_FNS.has(name) && !isDimensionless(a.dims)) {
    throw new UnitMismatchError(at.field, at.source, `the argument of ${name}() must be dimensionless`, formatDims(a.dims), formatDims(DIMENSIONLESS));
  }
  if (arity === 2 && !sameDims(a.dims, args[1]!.dims)) {
    throw new UnitMismatchError(at.field, at.source, `the arguments of ${name}() differ`, formatDims(a.dims), formatDims(args[1]!.dims));
  }
  const dims = name === 'sqrt' ? scaleDims(a.dims, 0.5) : DIMENSIONLESS_FNS.has(name) ? DIMENSIONLESS : a.dims;
  return { expr: { k: 'fn', name, args: args.map((t) => t.expr) }, dims };
}

/** A float literal JavaScript and gpu.js read alike (full double precision). */
export function lit(x: number): string {
  if (!Number.isFinite(x)) throw new Error(`non-finite constant ${x}`);
  let s = Number.isInteger(x) && Math.abs(x) < 1e15 ? x.toFixed(1) : x.toPrecision(17);
  if (!s.includes('.') && !s.includes('e')) s += '.0';
  return x < 0 || Object.is(x, -0) ? `(${s})` : s;
}

/** JavaScript source of an expression; `name` maps variables and inputs to locals. */
export function js(e: Expr, name: (kind: 'var' | 'input', n: string) => string): string {
  switch (e.k) {
    case 'num':
      return lit(e.value);
    case 'var':
    case 'input':
      return name(e.k, e.name);
    case 'fn':
      return e.name === 'min' || e.name === 'max'
        ? `Math.${e.name}(${js(e.args[0]!, name)}, ${js(e.args[1]!, name)})`
        : `Math.${e.name}(${js(e.args[0]!, name)})`;
    case 'op': {
      const [a, b] = e.args.map((x) => js(x, name));
      switch (e.op) {
        case 'neg':
          return `(-${a})`;
        case 'not':
          return `(!${a})`;
        case '^':
          return `Math.pow(${a}, ${b})`;
        case 'and':
          return `(${a} && ${b})`;
        case 'or':
          return `(${a} || ${b})`;
        case '==':
          return `(${a} === ${b})`;
        case '!=':
          return `(${a} !== ${b})`;
        default:
          return `(${a} ${e.op} ${b})`;
      }
    }
  }
}

/** Whether an expression mentions any state variable (or, with `inputs`, any input). */
export function mentions(e: Expr, inputs = false): boolean {
  if (e.k === 'var') return true;
  if (e.k === 'input') return inputs;
  if (e.k === 'num') return false;
  return e.args.some((a) => mentions(a, inputs));
}

/** Value of an expression of numbers only. */
export function evalConst(e: Expr): number {
  switch (e.k) {
    case 'num':
      return e.value;
    case 'fn': {
      const a = e.args.map(evalConst);
      return (Math[e.name] as (...x: number[]) => number)(...a);
    }
    case 'op': {
      const [a, b] = e.args.map(evalConst) as [number, number];
      switch (e.op) {
        case '+': return a + b;
        case '-': return a - b;
        case '*': return a * b;
        case '/': return a / b;
        case '^': return Math.pow(a, b);
        case 'neg': return -a;
        default: throw new Error(`evalConst: '${e.op}' is not arithmetic`);
      }
    }
    default:
      throw new Error(`evalConst: ${e.k} '${e.name}' is not a constant`);
  }
}

/**
 * `f = Σ coef_x · x + rest`, with numeric coefficients and `rest` free of state variables,
 * or null when f is not affine in the state with constant coefficients (then it needs a
 * numerical integrator). Inputs may appear in `rest` (they are constant over a step).
 */
export interface Affine {
  readonly coef: ReadonlyMap<string, number>;
  readonly rest: Expr;
}

const ZERO: Expr = { k: 'num', value: 0 };

export function affine(e: Expr): Affine | null {
  if (!mentions(e)) return { coef: new Map(), rest: e };
  switch (e.k) {
    case 'var':
      return { coef: new Map([[e.name, 1]]), rest: ZERO };
    case 'op': {
      if (e.op === 'neg') {
        const a = affine(e.args[0]!);
        return a && scale(a, -1);
      }
      if (e.op === '+' || e.op === '-') {
        const a = affine(e.args[0]!);
        const b = affine(e.args[1]!);
        if (!a || !b) return null;
        const coef = new Map(a.coef);
        const s = e.op === '+' ? 1 : -1;
        for (const [k, v] of b.coef) coef.set(k, (coef.get(k) ?? 0) + s * v);
        return { coef, rest: { k: 'op', op: e.op, args: [a.rest, b.rest] } };
      }
      if (e.op === '*') {
        const [x, y] = e.args as [Expr, Expr];
        if (!mentions(x, true)) {
          const b = affine(y);
          return b && scale(b, evalConst(x), x);
        }
        if (!mentions(y, true)) {
          const a = affine(x);
          return a && scale(a, evalConst(y), y);
        }
        return null;
      }
      if (e.op === '/') {
        const [x, y] = e.args as [Expr, Expr];
        if (mentions(y, true)) return null;
        const a = affine(x);
        return a && divide(a, evalConst(y), y);
      }
      return null;
    }
    default:
      return null;
  }
}

function scale(a: Affine, c: number, by?: Expr): Affine {
  const coef = new Map([...a.coef].map(([k, v]) => [k, v * c] as [string, number]));
  const rest: Expr = by ? { k: 'op', op: '*', args: [by, a.rest] } : { k: 'op', op: 'neg', args: [a.rest] };
  return { coef, rest };
}

function divide(a: Affine, c: number, by: Expr): Affine {
  const coef = new Map([...a.coef].map(([k, v]) => [k, v / c] as [string, number]));
  return { coef, rest: { k: 'op', op: '/', args: [a.rest, by] } };
}
