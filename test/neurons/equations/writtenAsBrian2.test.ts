import { describe, expect, it } from '@jest/globals';
import { EquationError, Network, Simulator, SpecError, UnitMismatchError, collectWarnings, defineModel } from '../../../src/index.js';

/** Equations written the way Brian2 users write them (issue 14, "Equations"). */
function thrown(f: () => unknown): Error {
  try {
    f();
  } catch (e) {
    return e as Error;
  }
  throw new Error('expected an error');
}


describe('equations written as in Brian2', () => {
  it("accepts '**' and computes the same as '^'", () => {
    const make = (pow: string) =>
      defineModel({ equations: `dv/dt = -v${pow}3/tau : 1`, parameters: { tau: '10 ms' }, init: { v: 1 }, method: 'euler' });
    const run = (pow: string) => {
      const net = new Network();
      const p = net.population('P', 1, make(pow));
      const sim = new Simulator(net, { dt: 1e-3 });
      sim.runSteps(null, 10);
      return p.output[0]!;
    };
    const a = run('**');
    expect(a).toBeLessThan(1);
    expect(a).toBeGreaterThan(0.3);
    expect(a).toBe(run('^'));
  });

  it("frees 'u' and 'n' (Izhikevich's recovery variable, Hodgkin–Huxley's gate)", () => {
    const izh = defineModel({
      equations: `
        dv/dt = (0.04*v**2 + 5*v + 140 - u + I)/ms : 1
        du/dt = a*(b*v - u)/ms : 1`,
      threshold: 'v >= 30',
      reset: 'v = c; u += d',
      parameters: { a: 0.02, b: 0.2, c: -65, d: 8 },
      inputs: { I: '1' },
      init: { v: -65, u: -13 },
    });
    expect(izh.variables).toEqual(['v', 'u']);
    const hh = defineModel({ equations: 'dn/dt = (ninf - n)/tau : 1', parameters: { ninf: 0.3, tau: '5 ms' } });
    expect(hh.variables).toEqual(['n']);
    expect(() => defineModel({ equations: 'dt/dt = -t/tau : 1', parameters: { tau: '5 ms' } })).toThrow(/'t' is reserved/);
  });

  it("numbers equations as written, not counting a template's leading newline", () => {
    const e = thrown(() =>
      defineModel({
        equations: `
          dv/dt = -v/tau : volt
          dw/dt = -w/tau + v : volt`,
        parameters: { tau: '10 ms' },
      }),
    ) as SpecError;
    expect(e).toBeInstanceOf(UnitMismatchError);
    expect(e.field).toBe('defineModel.equations[1]');
    const first = thrown(() => defineModel({ equations: '\n\n  dv/dt = v : volt', parameters: {} })) as SpecError;
    expect(first.field).toBe('defineModel.equations[0]');
  });

  it('reports a wrong unit annotation on its own line', () => {
    // w is annotated amp but used as a voltage on the line above; its own line also fails.
    const e = thrown(() =>
      defineModel({
        equations: `
          dv/dt = (El - v - w)/tau : volt
          dw/dt = (a*(v - El) - w)/tauw : amp`,
        parameters: { El: '-65 mV', tau: '10 ms', tauw: '100 ms', a: 0.5 },
      }),
    ) as UnitMismatchError;
    expect(e).toBeInstanceOf(UnitMismatchError);
    expect(e.field).toBe('defineModel.equations[1]');
    expect(e.message).toContain('the unit of w looks wrong; defineModel.equations[0] uses it as volt');
    expect([e.left, e.right]).toEqual(['amp', 'volt']);
    // A subexpression checked first must not take the blame for a state variable's annotation.
    const s = thrown(() =>
      defineModel({
        equations: `
          dv/dt = (El - v + Isyn)/tau : amp
          Isyn = g*(E - v) : volt`,
        parameters: { El: '-65 mV', tau: '10 ms', g: 0.1, E: '0 mV' },
      }),
    ) as UnitMismatchError;
    expect(s.field).toBe('defineModel.equations[0]');
    expect(s.message).toContain('the unit of v looks wrong');
  });

  it('suggests the nearest unit or name', () => {
    expect(thrown(() => defineModel({ equations: 'dv/dt = -v/tau : mv', parameters: { tau: '10 ms' } })).message).toContain("did you mean 'mV'?");
    expect(thrown(() => defineModel({ equations: 'dv/dt = (-65*mv - v)/tau : volt', parameters: { tau: '10 ms' } })).message).toContain("did you mean 'mV'?");
    const e = thrown(() => defineModel({ equations: 'dv/dt = (El - v)/taum : volt', parameters: { El: '-65 mV', tau_m: '10 ms' } }));
    expect(e).toBeInstanceOf(EquationError);
    expect(e.message).toContain("unknown name 'taum'");
    expect(e.message).toContain("did you mean 'tau_m'?");
  });

  it('warns, naming it, on a parameter nothing uses', () => {
    const one = collectWarnings(() => defineModel({ equations: 'dv/dt = -v/tau : 1', parameters: { tau: '10 ms', tauw: '100 ms' } }));
    expect(one.warnings.map((w) => [w.code, w.field])).toEqual([['unused-parameter', 'defineModel.parameters.tauw']]);
    const none = collectWarnings(() => defineModel({ equations: 'dv/dt = -v/tau : 1', threshold: 'v > Vt', reset: 'v = 0', parameters: { tau: '10 ms', Vt: 1 } }));
    expect(none.warnings).toEqual([]);
  });
});
