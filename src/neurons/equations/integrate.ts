import { math } from './units.js';
import { affine, js, lit, type Expr } from './expr.js';

/** Integration methods, as Brian2 names them. */
export type Method = 'exact' | 'euler' | 'rk4';

/** A checked system ready for code generation. */
export interface System {
  /** Differential variables in order, each with its right-hand side. */
  readonly vars: readonly string[];
  readonly rhs: ReadonlyMap<string, Expr>;
  /** Variables held during the refractory period (Brian2's `(unless refractory)`). */
  readonly frozen: ReadonlySet<string>;
  readonly refractory: boolean;
  readonly threshold: Expr | null;
  readonly reset: readonly { readonly variable: string; readonly op: '=' | '+=' | '-=' | '*=' | '/='; readonly expr: Expr }[];
}

const local = (kind: 'var' | 'input', n: string) => (kind === 'var' ? `s_${n}` : `i_${n}`);

/** Whether every right-hand side is affine in the state with constant coefficients. */
export function isLinear(sys: System): boolean {
  return sys.vars.every((v) => affine(sys.rhs.get(v)!) !== null);
}

/**
 * Exact propagators of the linear system dx/dt = A x + b, b constant over a step:
 * exp([[A, I], [0, 0]]·dt) = [[E, F], [0, I]], so x' = E x + F b (what Brian2's
 * `method='exact'` computes symbolically). Rows of frozen variables are zeroed for the
 * refractory version.
 */
function propagators(sys: System, dt: number, frozen: ReadonlySet<string>): { E: number[][]; F: number[][] } {
  const k = sys.vars.length;
  const M: number[][] = Array.from({ length: 2 * k }, () => new Array<number>(2 * k).fill(0));
  sys.vars.forEach((v, i) => {
    if (frozen.has(v)) return;
    const a = affine(sys.rhs.get(v)!)!;
    sys.vars.forEach((w, j) => (M[i]![j] = (a.coef.get(w) ?? 0) * dt));
    M[i]![k + i] = dt;
  });
  const X = (math.expm(math.matrix(M)) as unknown as { toArray(): number[][] }).toArray();
  return { E: X.slice(0, k).map((r) => r.slice(0, k)), F: X.slice(0, k).map((r) => r.slice(k)) };
}

function exactUpdate(sys: System, dt: number, frozen: ReadonlySet<string>): string {
  const { E, F } = propagators(sys, dt, frozen);
  return sys.vars
    .map((v, i) => {
      const terms: string[] = [];
      sys.vars.forEach((w, j) => {
        if (E[i]![j] !== 0) terms.push(`${lit(E[i]![j]!)} * s_${w}`);
        if (F[i]![j] !== 0 && !frozen.has(w)) terms.push(`${lit(F[i]![j]!)} * b_${w}`);
      });
      return `n_${v} = ${terms.length ? terms.join(' + ') : '0.0'};`;
    })
    .join('\n    ');
}

function integration(sys: System, dt: number, method: Method): string {
  const lines: string[] = sys.vars.map((v) => `let n_${v} = 0.0;`);
  if (method === 'exact') {
    for (const v of sys.vars) lines.push(`const b_${v} = ${js(affine(sys.rhs.get(v)!)!.rest, local)};`);
    const normal = exactUpdate(sys, dt, new Set());
    if (sys.refractory && sys.frozen.size > 0) {
      lines.push(`if (s__ref > 0.0) {\n    ${exactUpdate(sys, dt, sys.frozen)}\n  } else {\n    ${normal}\n  }`);
    } else lines.push(normal);
    return lines.join('\n  ');
  }
  const hold = sys.refractory && sys.frozen.size > 0;
  if (hold) lines.push('const active = s__ref > 0.0 ? 0.0 : 1.0;');
  const f = (v: string, at: (w: string) => string) => {
    const e = js(sys.rhs.get(v)!, (kind, n) => (kind === 'var' ? at(n) : `i_${n}`));
    return hold && sys.frozen.has(v) ? `active * ${e}` : e;
  };
  if (method === 'euler') {
    for (const v of sys.vars) lines.push(`n_${v} = s_${v} + ${lit(dt)} * ${f(v, (w) => `s_${w}`)};`);
    return lines.join('\n  ');
  }
  // Classic fourth-order Runge–Kutta.
  const stage = (k: number, from: (w: string) => string) => {
    for (const v of sys.vars) lines.push(`const k${k}_${v} = ${f(v, from)};`);
  };
  stage(1, (w) => `s_${w}`);
  for (const v of sys.vars) lines.push(`const p2_${v} = s_${v} + ${lit(dt / 2)} * k1_${v};`);
  stage(2, (w) => `p2_${w}`);
  for (const v of sys.vars) lines.push(`const p3_${v} = s_${v} + ${lit(dt / 2)} * k2_${v};`);
  stage(3, (w) => `p3_${w}`);
  for (const v of sys.vars) lines.push(`const p4_${v} = s_${v} + ${lit(dt)} * k3_${v};`);
  stage(4, (w) => `p4_${w}`);
  for (const v of sys.vars) lines.push(`n_${v} = s_${v} + ${lit(dt / 6)} * (k1_${v} + 2.0 * k2_${v} + 2.0 * k3_${v} + k4_${v});`);
  return lines.join('\n  ');
}

function resetCode(sys: System): string {
  return sys.reset
    .map(({ variable, op, expr }) => {
      const e = js(expr, local);
      return op === '=' ? `s_${variable} = ${e};` : `s_${variable} = s_${variable} ${op[0]} ${e};`;
    })
    .join('\n      ');
}

/**
 * The body of one unit's step over locals `s_<var>` (state), `i_<input>` (inputs) and
 * `s__ref` (refractory steps left): integrate, then threshold and reset, setting
 * `fired = 1.0` on a spike. The same text runs in the cpu step and in the gpu.js kernel.
 */
export function stepBody(sys: System, dt: number, method: Method, refSteps: number): string {
  const lines = [integration(sys, dt, method)];
  for (const v of sys.vars) lines.push(`s_${v} = n_${v};`);
  if (sys.threshold) {
    const spike = `{\n      ${resetCode(sys)}${sys.refractory ? `\n      s__ref = ${lit(refSteps)};` : ''}\n      fired = 1.0;\n    }`;
    const test = js(sys.threshold, local);
    if (sys.refractory) lines.push(`if (s__ref > 0.0) {\n    s__ref = s__ref - 1.0;\n  } else {\n    if (${test}) ${spike}\n  }`);
    else lines.push(`if (${test}) ${spike}`);
  }
  return lines.join('\n  ');
}
