import { SpecError, requireNonNegativeInt } from '../../core/errors.js';
import { warn } from '../../core/warnings.js';
import type { InitContext, InputArrays, NeuronModel, StateArrays, StepContext } from '../NeuronModel.js';
import { EquationError, UnitMismatchError } from './errors.js';
import { affine, typed, type Scope, type Typed } from './expr.js';
import { isLinear, stepBody, type Method, type System } from './integrate.js';
import { capLine, equationLines, parseLine } from './lines.js';
import { DIMENSIONLESS, formatDims, mulDims, parseExpression, parseQuantity, parseUnit, sameDims, type Dims, type Quantity } from './units.js';

/** Options of `defineModel`: Brian2-style equations with units. */
export interface ModelDefinition {
  /**
   * Brian2-style equations, one per line (or an array of lines), `#` starts a comment:
   * `dv/dt = (El - v + I)/tau : volt (unless refractory)` for a state variable,
   * `x = expr : unit` for a subexpression (define it before it is used).
   */
  readonly equations: string | readonly string[];
  /** Condition for a spike, e.g. `v > Vt` (omit for a rate model). */
  readonly threshold?: string;
  /** Statements run on a spike, `;`- or newline-separated: `v = Vr; w += b`. */
  readonly reset?: string;
  /** Refractory period: seconds, or a quantity like '5 ms'. */
  readonly refractory?: number | string;
  /** Named constants: a number (dimensionless) or a quantity string like '-49 mV'. */
  readonly parameters?: Readonly<Record<string, number | string>>;
  /** Input channels that projections sum into, name → unit (e.g. `{ I: 'volt' }`). */
  readonly inputs?: Readonly<Record<string, string>>;
  /** Initial values in SI units: a number, a quantity string, or [lo, hi] drawn uniformly. */
  readonly init?: Readonly<Record<string, number | string | readonly [number, number]>>;
  /** 'exact' (linear equations only, like Brian2), 'euler' or 'rk4'; default exact when linear, else rk4. */
  readonly method?: Method | 'auto';
  /** The variable projections read (default: the first one). */
  readonly output?: string;
  /** Kernel prefix and name in circuit files (default 'equations'). */
  readonly kind?: string;
}

/** What a device backend needs to build an equation model's step kernel (one row of state per variable). */
export interface PackedStepSpec {
  /** State variables, one row of state each, in order. */
  readonly variables: readonly string[];
  /** Input channels, in order. */
  readonly inputs: readonly string[];
  /** Variables that projections add to directly (their jump is added before the step). */
  readonly jumps: readonly string[];
  /** Whether the model has a threshold. */
  readonly spiking: boolean;
  /** The generated per-unit step body over the locals `s_<variable>`, `i_<input>`. */
  readonly body: string;
}

/**
 * A model made by defineModel: a NeuronModel that also describes its step for device
 * backends. Every equation model shares the step kernels registered as 'equation'.
 */
export interface EquationModel extends NeuronModel {
  readonly stepKernel: 'equation';
  /** The integration method in use. */
  readonly method: Method;
  /** The step as a device backend builds it (the gpu backend's 'equation.step' calls this). */
  packedSpec(dt: number, jumps: readonly string[]): PackedStepSpec;
  /** The generated per-unit step body (for inspection and docs). */
  body(dt: number): string;
}

const NAME = /^[A-Za-z][A-Za-z0-9_]*$/;
/**
 * Names with a meaning of their own in Brian2 (time, the time step, pi, noise). Generated
 * code prefixes every user name (`s_v`, `i_I`), so nothing else is reserved: `u`, `n`, `m`
 * and `h` are free for Izhikevich and Hodgkin–Huxley models.
 */
export const RESERVED_NAMES: readonly string[] = ['t', 'dt', 'pi', 'xi'];
const RESERVED = new Set(RESERVED_NAMES);
const ASSIGN = /^([A-Za-z][A-Za-z0-9_]*)\s*(\+=|-=|\*=|\/=|=)\s*(.+)$/;
const SECOND: Dims = [0, 0, 1, 0, 0, 0, 0, 0, 0];

/** A value for an error message, whatever it is (String() can throw on odd objects). */
function show(x: unknown): string {
  if (typeof x === 'string') return `'${x}'`;
  if (typeof x === 'number' || typeof x === 'boolean' || x === undefined || x === null) return String(x);
  return Array.isArray(x) ? 'an array' : `a ${typeof x}`;
}

function checkName(field: string, name: string, taken: Map<string, string>, what: string): void {
  if (!NAME.test(name)) throw new SpecError(field, `'${name}' is not a valid name (letters, digits, _; start with a letter)`);
  if (RESERVED.has(name)) throw new SpecError(field, `'${name}' is reserved (${RESERVED_NAMES.join(', ')} have a meaning of their own)`);
  const other = taken.get(name);
  if (other) throw new SpecError(field, `'${name}' is already a ${other}`);
  taken.set(name, what);
}

/**
 * A parameter of 0 in a denominator (`tau: '0 ms'`) makes a coefficient of the linear part
 * infinite; every method would then integrate to NaN (exact failed inside the matrix
 * exponential). Name the zero (or non-finite) parameter, else the equation.
 */
function checkFiniteCoefficients(sys: System, params: ReadonlyMap<string, Quantity>, given: Readonly<Record<string, unknown>>, parsed: readonly { name: string; field: string; differential?: boolean }[]): void {
  for (const v of sys.vars) {
    const a = affine(sys.rhs.get(v)!);
    if (!a) continue;
    for (const [w, c] of a.coef) {
      if (Number.isFinite(c)) continue;
      const culprit = [...params].find(([, q]) => q.value === 0 || !Number.isFinite(q.value));
      const what = `the coefficient of ${w} in d${v}/dt ${Number.isNaN(c) ? 'undefined (NaN)' : 'infinite'}`;
      if (culprit) throw new SpecError(`defineModel.parameters.${culprit[0]}`, `${show(given[culprit[0]])} makes ${what}; a time constant or divisor must be non-zero`);
      const eq = parsed.find((p) => p.name === v);
      throw new SpecError(eq?.field ?? 'defineModel.equations', `${what}; check the parameter values`);
    }
  }
}

/**
 * A neuron model from Brian2-style equations with units. Dimensions are checked before
 * anything runs (a mismatch names the equation and both units); the same generated step
 * runs on the cpu (compiled JavaScript) and as a gpu.js kernel on the gpu backend.
 * Linear systems integrate exactly (matrix exponential, as Brian2's `method='exact'`),
 * others with RK4 (or Euler if asked).
 */
export function defineModel(def: ModelDefinition): EquationModel {
  if (typeof def !== 'object' || def === null) throw new SpecError('defineModel', 'expected a definition object');
  if (def.equations === undefined || (typeof def.equations !== 'string' && !Array.isArray(def.equations))) {
    throw new SpecError('defineModel.equations', 'expected a string or an array of strings');
  }
  const kind = def.kind ?? 'equations';
  if (typeof kind !== 'string' || !/^[A-Za-z][A-Za-z0-9_.-]*$/.test(kind)) throw new SpecError('defineModel.kind', `${show(kind)} is not a valid kind`);
  const taken = new Map<string, string>();

  const params = new Map<string, Quantity>();
  for (const [name, value] of Object.entries(def.parameters ?? {})) {
    checkName(`defineModel.parameters.${name}`, name, taken, 'parameter');
    params.set(name, parseQuantity(`defineModel.parameters.${name}`, value));
  }
  const inputs = new Map<string, Dims>();
  for (const [name, unit] of Object.entries(def.inputs ?? {})) {
    checkName(`defineModel.inputs.${name}`, name, taken, 'input');
    if (typeof unit !== 'string') throw new SpecError(`defineModel.inputs.${name}`, `expected a unit string like 'volt' or '1', got ${typeof unit}`);
    inputs.set(name, parseUnit(`defineModel.inputs.${name}`, unit));
  }

  // First pass: declare every state variable and its unit, so right-hand sides may use any.
  const eqs = equationLines(def.equations);
  if (eqs.length === 0) throw new SpecError('defineModel.equations', 'no equations given');
  const vars = new Map<string, Dims>();
  const frozen = new Set<string>();
  const parsed = eqs.map((line) => {
    const { field, text } = line;
    const { name, rhs, unit, flags, differential } = parseLine(line);
    const dims = parseUnit(field, unit);
    for (const flag of flags) {
      if (flag !== 'unless refractory' || !differential) throw new EquationError(field, text, `unknown flag '${flag}' (only '(unless refractory)' on a differential equation)`);
      frozen.add(name);
    }
    if (differential) {
      checkName(field, name, taken, 'state variable');
      vars.set(name, dims);
    }
    return { field, text, name, rhs, dims, differential };
  });
  if (vars.size === 0) throw new SpecError('defineModel.equations', 'no differential equation (dx/dt = …) given');

  const used = new Set<string>();
  const checked = check(parsed, vars, inputs, params);
  if (checked.failures.length > 0) throw culprit(parsed, vars, inputs, params, checked.failures);
  const { subs, rhs } = checked;
  for (const n of checked.used) used.add(n);
  const scope: Scope = { vars, inputs, params, subs, used };
  let threshold: Typed['expr'] | null = null;
  if (def.threshold !== undefined) {
    if (typeof def.threshold !== 'string') throw new SpecError('defineModel.threshold', 'expected a condition string like "v > Vt"');
    capLine('defineModel.threshold', def.threshold);
    const t = typed(parseExpression('defineModel.threshold', def.threshold, def.threshold), scope, { field: 'defineModel.threshold', source: def.threshold });
    if (!t.bool) throw new EquationError('defineModel.threshold', def.threshold, 'expected a condition (a comparison such as v > Vt)');
    threshold = t.expr;
  }
  const reset: System['reset'][number][] = [];
  if (def.reset !== undefined) {
    if (typeof def.reset !== 'string') throw new SpecError('defineModel.reset', 'expected statements like "v = Vr"');
    if (threshold === null) throw new SpecError('defineModel.reset', 'a reset needs a threshold');
    capLine('defineModel.reset', def.reset);
    def.reset.split(/[;\n]/).map((s) => s.trim()).filter(Boolean).forEach((stmt, k) => {
      const field = `defineModel.reset[${k}]`;
      const a = ASSIGN.exec(stmt);
      if (!a) throw new EquationError(field, stmt, "expected 'variable = expression' (or +=, -=, *=, /=)");
      const [, variable, op, text] = a as unknown as [string, string, System['reset'][number]['op'], string];
      const vd = vars.get(variable);
      if (!vd) throw new EquationError(field, stmt, `'${variable}' is not a state variable (${[...vars.keys()].join(', ')})`);
      const t = typed(parseExpression(field, stmt, text), scope, { field, source: stmt });
      if (t.bool) throw new EquationError(field, stmt, 'the value is a condition, not a number');
      const want = op === '*=' || op === '/=' ? DIMENSIONLESS : vd;
      if (!sameDims(t.dims, want)) throw new UnitMismatchError(field, stmt, `'${text}' cannot be assigned with '${op}' to ${variable}`, formatDims(t.dims), formatDims(want));
      reset.push({ variable, op, expr: t.expr });
    });
  }
  let refractory = 0;
  if (def.refractory !== undefined) {
    if (threshold === null) throw new SpecError('defineModel.refractory', 'a refractory period needs a threshold');
    const q = typeof def.refractory === 'number' ? { value: def.refractory, dims: SECOND } : parseQuantity('defineModel.refractory', def.refractory);
    if (!sameDims(q.dims, SECOND)) throw new UnitMismatchError('defineModel.refractory', show(def.refractory), 'a refractory period is a time', formatDims(q.dims), 'second');
    if (!Number.isFinite(q.value) || q.value < 0) throw new SpecError('defineModel.refractory', `must be a finite time >= 0, got ${q.value}`);
    refractory = q.value;
  }
  if (frozen.size > 0 && def.refractory === undefined) {
    throw new SpecError('defineModel.refractory', `'(unless refractory)' is used on ${[...frozen].join(', ')} but no refractory period is given`);
  }

  for (const name of params.keys()) {
    const field = `defineModel.parameters.${name}`;
    if (!used.has(name)) warn({ code: 'unused-parameter', field, message: `${field}: parameter '${name}' is not used by any equation, threshold or reset` });
  }

  const sys: System = { vars: [...vars.keys()], rhs, frozen, refractory: def.refractory !== undefined, threshold, reset };
  checkFiniteCoefficients(sys, params, def.parameters ?? {}, parsed);
  const linear = isLinear(sys);
  const asked = def.method ?? 'auto';
  if (typeof asked !== 'string' || !['auto', 'exact', 'euler', 'rk4'].includes(asked)) throw new SpecError('defineModel.method', `unknown method ${show(asked)} (exact, euler, rk4 or auto)`);
  if (asked === 'exact' && !linear) {
    const bad = parsed.find((p) => p.differential && !isLinear({ ...sys, vars: [p.name] }))!;
    throw new EquationError(bad.field, bad.text, "method 'exact' needs equations linear in the state variables with constant coefficients; use 'rk4' or 'euler'");
  }
  const method: Method = asked === 'auto' ? (linear ? 'exact' : 'rk4') : asked;

  const variables = [...sys.vars, ...(sys.refractory ? ['_ref'] : [])];
  const output = def.output ?? sys.vars[0]!;
  if (typeof output !== 'string' || !vars.has(output)) throw new SpecError('defineModel.output', `${show(output)} is not a state variable (${sys.vars.join(', ')})`);
  const init = new Map<string, number | readonly [number, number]>();
  for (const [name, value] of Object.entries(def.init ?? {})) {
    const field = `defineModel.init.${name}`;
    const vd = vars.get(name);
    if (!vd) throw new SpecError(field, `'${name}' is not a state variable (${sys.vars.join(', ')})`);
    if (Array.isArray(value)) {
      if (value.length !== 2 || !value.every((x) => typeof x === 'number' && Number.isFinite(x))) throw new SpecError(field, 'expected [lo, hi] of finite numbers');
      init.set(name, [value[0], value[1]] as const);
    } else {
      const q = parseQuantity(field, value as number | string);
      if (typeof value === 'string' && !sameDims(q.dims, vd)) throw new UnitMismatchError(field, value, `the initial value of ${name} has the wrong unit`, formatDims(q.dims), formatDims(vd));
      init.set(name, q.value);
    }
  }

  const refStepsFor = (dt: number) => (sys.refractory ? requireNonNegativeInt('defineModel.refractory/dt', Math.round(refractory / dt)) : 0);
  const body = (dt: number) => stepBody(sys, dt, method, refStepsFor(dt));
  const inputNames = [...inputs.keys()];
  let cpuDt = Number.NaN;
  let cpuStep: ((s: StateArrays, i: InputArrays, c: StepContext) => number) | null = null;

  const model: EquationModel = {
    kind,
    method,
    variables,
    inputs: inputNames,
    output,
    spiking: threshold !== null,
    init(state: StateArrays, ctx: InitContext) {
      for (const v of variables) {
        const a = state[v]!;
        const value = init.get(v) ?? 0;
        if (typeof value === 'number') a.fill(value);
        else for (let k = 0; k < a.length; k++) a[k] = ctx.random.range(value[0], value[1]);
      }
    },
    step(state, inputsArrays, ctx) {
      if (ctx.dt !== cpuDt || cpuStep === null) {
        cpuStep = compileCpu(variables, inputNames, body(ctx.dt));
        cpuDt = ctx.dt;
      }
      return cpuStep(state, inputsArrays, ctx);
    },
    stepKernel: 'equation',
    packedSpec(dt, jumps) {
      return { variables, inputs: inputNames, jumps, spiking: threshold !== null, body: body(dt) };
    },
    body,
    describe() {
      return {
        kind,
        equations: typeof def.equations === 'string' ? def.equations : [...def.equations],
        threshold: def.threshold,
        reset: def.reset,
        refractory: def.refractory,
        parameters: def.parameters,
        inputs: def.inputs,
        init: def.init,
        method,
        output,
      };
    },
  };
  return model;
}

interface Line {
  readonly field: string;
  readonly text: string;
  readonly name: string;
  readonly rhs: string;
  readonly dims: Dims;
  readonly differential: boolean;
}

/**
 * Type every equation with the given units of the state variables, collecting failures
 * instead of stopping at the first (subexpressions first: differential lines may use them).
 */
function check(parsed: readonly Line[], vars: ReadonlyMap<string, Dims>, inputs: ReadonlyMap<string, Dims>, params: ReadonlyMap<string, Quantity>) {
  const subs = new Map<string, Typed>();
  const rhs = new Map<string, Typed['expr']>();
  const used = new Set<string>();
  const scope: Scope = { vars, inputs, params, subs, used };
  const failures: { line: Line; error: EquationError }[] = [];
  const attempt = (p: Line, f: () => void) => {
    try {
      f();
    } catch (e) {
      if (!(e instanceof EquationError)) throw e;
      failures.push({ line: p, error: e });
    }
  };
  for (const p of parsed.filter((q) => !q.differential)) {
    attempt(p, () => {
      const t = typed(parseExpression(p.field, p.text, p.rhs), scope, { field: p.field, source: p.text });
      if (t.bool) throw new EquationError(p.field, p.text, 'a subexpression must be a number, not a condition');
      if (!sameDims(t.dims, p.dims)) throw new UnitMismatchError(p.field, p.text, `'${p.rhs}' does not have the declared unit`, formatDims(t.dims), formatDims(p.dims));
      subs.set(p.name, t);
    });
  }
  for (const p of parsed.filter((q) => q.differential)) {
    attempt(p, () => {
      const t = typed(parseExpression(p.field, p.text, p.rhs), scope, { field: p.field, source: p.text });
      if (t.bool) throw new EquationError(p.field, p.text, 'the right-hand side is a condition, not a rate of change');
      const want = mulDims(p.dims, SECOND, -1);
      if (!sameDims(t.dims, want)) {
        throw new UnitMismatchError(p.field, p.text, `d${p.name}/dt must have the units of ${p.name} per second`, formatDims(t.dims), formatDims(want));
      }
      rhs.set(p.name, t.expr);
    });
  }
  failures.sort((a, b) => parsed.indexOf(a.line) - parsed.indexOf(b.line));
  return { subs, rhs, used, failures };
}

/**
 * The error to report when lines fail: if giving one state variable another unit (one
 * used elsewhere in the model) makes every line consistent, its annotation is the mistake
 * and is reported on its own line; otherwise the first failing line as written.
 */
function culprit(parsed: readonly Line[], vars: ReadonlyMap<string, Dims>, inputs: ReadonlyMap<string, Dims>, params: ReadonlyMap<string, Quantity>, failures: { line: Line; error: EquationError }[]): EquationError {
  const first = failures[0]!.error;
  if (!(first instanceof UnitMismatchError)) return first;
  const candidates: Dims[] = [];
  for (const d of [...vars.values(), ...inputs.values(), ...[...params.values()].map((q) => q.dims), ...parsed.map((p) => p.dims), DIMENSIONLESS]) {
    if (!candidates.some((c) => sameDims(c, d))) candidates.push(d);
  }
  for (const p of parsed.filter((q) => q.differential)) {
    for (const d of candidates) {
      if (sameDims(d, p.dims)) continue;
      const trial = new Map(vars).set(p.name, d);
      const lines = parsed.map((q) => (q === p ? { ...q, dims: d } : q));
      if (check(lines, trial, inputs, params).failures.length === 0) {
        const others = failures.filter((f) => f.line !== p).map((f) => f.line.field);
        const where = others.length > 0 ? `; ${others.join(', ')} use${others.length === 1 ? 's' : ''} it as ${formatDims(d)}` : '';
        return new UnitMismatchError(p.field, p.text, `the unit of ${p.name} looks wrong${where}`, formatDims(p.dims), formatDims(d));
      }
    }
  }
  return first;
}


/** Compile the generated body into an allocation-free loop over units. */
function compileCpu(variables: readonly string[], inputs: readonly string[], body: string) {
  const key = (s: string) => JSON.stringify(s);
  const src = `
  const n = state[${key(variables[0]!)}].length;
  ${variables.map((v) => `const a_${v} = state[${key(v)}];`).join('\n  ')}
  ${inputs.map((c) => `const in_${c} = inputs[${key(c)}];`).join('\n  ')}
  const out = ctx.fired;
  let count = 0;
  for (let u = 0; u < n; u++) {
    ${variables.map((v) => `let s_${v} = a_${v}[u];`).join('\n    ')}
    ${inputs.map((c) => `const i_${c} = in_${c}[u];`).join('\n    ')}
    let fired = 0.0;
  ${body}
    ${variables.map((v) => `a_${v}[u] = s_${v};`).join('\n    ')}
    if (fired > 0.5) out[count++] = u;
  }
  return count;`;
  return new Function('state', 'inputs', 'ctx', src) as (s: StateArrays, i: InputArrays, c: StepContext) => number;
}

