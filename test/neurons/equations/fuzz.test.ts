import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { Network, NeurostreamError, Simulator, SpecError, UnitMismatchError, collectWarnings, defineModel, type ModelDefinition } from '../../../src/index.js';

/**
 * defineModel on malformed input: every outcome is a model that runs, or a typed error
 * (SpecError or a subclass). Anything else — a TypeError, a mathjs error leaking out, a
 * model that throws untyped errors when run — fails.
 */
const VALID: ModelDefinition = {
  equations: 'dv/dt = (El - v + I)/tau : volt (unless refractory)\ndw/dt = (a*(v - El) - w)/tauw : volt',
  threshold: 'v > Vt',
  reset: 'v = Vr; w += b',
  refractory: '2 ms',
  parameters: { El: '-65 mV', tau: '10 ms', tauw: '100 ms', a: 0.5, Vt: '-50 mV', Vr: '-70 mV', b: '1 mV' },
  inputs: { I: 'volt' },
  init: { v: '-65 mV' },
};

function outcome(def: ModelDefinition): 'model' | 'typed error' {
  let model;
  try {
    // warnings (a parameter no equation uses, say) are collected and checked, not printed into the CI log
    const { result, warnings } = collectWarnings(() => defineModel(def));
    for (const w of warnings) {
      expect(w.field).toMatch(/^defineModel\./);
      expect(w.message).toContain(w.field);
    }
    model = result;
  } catch (e) {
    if (e instanceof SpecError) return 'typed error';
    throw e;
  }
  const net = new Network();
  net.population('P', 3, model);
  try {
    new Simulator(net, { dt: 1e-4 }).runSteps(null, 5);
  } catch (e) {
    if (!(e instanceof NeurostreamError)) throw e;
  }
  return 'model';
}

const tokens = fc.constantFrom(
  'dv/dt', 'dw/dt', 'd/dt', '=', ':', 'volt', 'amp', 'second', '1', 'mV', 'ms', '(', ')', '+', '-', '*', '/', '^', '**',
  'v', 'w', 'El', 'tau', 'I', 'exp(', 'sqrt(', 'max(', ',', 'unless refractory', '#', '\n', '2', '1e400', 'NaN', '.', '>', '?', ';', '[', ']', 'x.y', '"', "'",
);

describe('defineModel fuzzing (fast-check)', () => {
  it('gives a typed error or a working model for arbitrary strings', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 80 }), fc.string({ maxLength: 20 }), fc.string({ maxLength: 20 }), (eq, th, rs) => {
        expect(['model', 'typed error']).toContain(outcome({ ...VALID, equations: eq }));
        expect(['model', 'typed error']).toContain(outcome({ ...VALID, threshold: th }));
        expect(['model', 'typed error']).toContain(outcome({ ...VALID, reset: rs }));
      }),
      { numRuns: 150, seed: 1 },
    );
  });

  it('gives a typed error or a working model for token soup shaped like equations', () => {
    fc.assert(
      fc.property(fc.array(tokens, { minLength: 1, maxLength: 14 }), fc.array(tokens, { maxLength: 6 }), (a, b) => {
        const line = a.join(' ');
        expect(['model', 'typed error']).toContain(outcome({ ...VALID, equations: [line, b.join('')] }));
        expect(['model', 'typed error']).toContain(outcome({ ...VALID, equations: `dv/dt = ${line} : volt` }));
      }),
      { numRuns: 200, seed: 2 },
    );
  });

  it('gives a typed error or a working model for single-character mutations of a valid model', () => {
    const text = VALID.equations as string;
    fc.assert(
      fc.property(fc.nat(text.length - 1), fc.constantFrom('', ' ', '(', ')', '*', '/', 'v', '1', ':', '+', 'x'), (at, ch) => {
        expect(['model', 'typed error']).toContain(outcome({ ...VALID, equations: text.slice(0, at) + ch + text.slice(at + 1) }));
      }),
      { numRuns: 200, seed: 3 },
    );
  });

  it('rejects every wrong unit annotation with a UnitMismatchError naming both units', () => {
    const units = ['volt', 'amp', 'second', 'siemens', 'farad', 'ohm', '1', 'hertz', 'volt/second', 'mV', 'nA'];
    fc.assert(
      fc.property(fc.constantFrom(...units), fc.constantFrom(...units), (uv, uw) => {
        const def = { ...VALID, equations: `dv/dt = (El - v + I)/tau : ${uv} (unless refractory)\ndw/dt = (a*(v - El) - w)/tauw : ${uw}` };
        const right = (u: string) => u === 'volt' || u === 'mV';
        let err: unknown = null;
        try {
          defineModel(def);
        } catch (e) {
          err = e;
        }
        if (right(uv) && right(uw)) expect(err).toBeNull();
        else {
          expect(err).toBeInstanceOf(UnitMismatchError);
          const e = err as UnitMismatchError;
          expect(e.message).toContain(e.left);
          expect(e.message).toContain(e.right);
          expect(e.left).not.toBe(e.right);
        }
      }),
      { numRuns: 120, seed: 4 },
    );
  });

  it('rejects malformed parameters, inputs and options with SpecErrors naming the field', () => {
    const bad = fc.oneof(fc.string({ maxLength: 12 }), fc.double(), fc.constant(undefined), fc.constant(null), fc.constant([1, 2]), fc.object());
    fc.assert(
      fc.property(fc.constantFrom('parameters.tau', 'inputs.I', 'refractory', 'method', 'init.v', 'output', 'kind'), bad, (path, value) => {
        const def = structuredClone(VALID) as unknown as Record<string, unknown>;
        const [head, key] = path.split('.') as [string, string | undefined];
        if (key) (def[head] as Record<string, unknown>)[key] = value;
        else def[head] = value;
        expect(['model', 'typed error']).toContain(outcome(def as unknown as ModelDefinition));
      }),
      { numRuns: 200, seed: 5 },
    );
  });
});
