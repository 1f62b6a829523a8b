import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { EquationError, SpecError, defineModel } from '../../src/index.js';
import { MAX_LINE } from '../../src/neurons/equations/lines.js';
import { caught as error } from './fixtures.js';

/**
 * Hostile equation strings (issue 15, item 2). Lines are parsed by index scans, not by
 * backtracking patterns, and capped at MAX_LINE characters; each test states its time bound
 * as its jest timeout (a backtracking parse of these lines ran for minutes).
 */
const BOUND_MS = 10_000;
const base = { parameters: { tau: '10 ms' } };

describe('equations: no super-linear parsing, capped lines', () => {
  it("rejects the quoted 5000-space line by its length, naming the line", () => {
    const e = error(() => defineModel({ ...base, equations: 'dv/dt = -v/tau : 1' + ' '.repeat(5000) + '(' }));
    expect(e).toBeInstanceOf(SpecError);
    expect((e as SpecError).field).toBe('defineModel.equations[0]');
    expect((e as Error).message).toContain(`at most ${MAX_LINE}`);
  }, BOUND_MS);

  it('reads a line just under the cap of spaces and a stray parenthesis as a bad unit', () => {
    for (const tail of ['(', '(unless', ': (', ')']) {
      const line = 'dv/dt = -v/tau : 1' + ' '.repeat(MAX_LINE - 30) + tail;
      expect(line.length).toBeLessThanOrEqual(MAX_LINE);
      const e = error(() => defineModel({ ...base, equations: line }));
      expect(e).toBeInstanceOf(EquationError);
    }
  }, BOUND_MS);

  it('caps threshold and reset lines, and the number of lines', () => {
    const eq = 'dv/dt = -v/tau : 1';
    expect(error(() => defineModel({ ...base, equations: eq, threshold: 'v > 1' + ' '.repeat(MAX_LINE) }))).toMatchObject({ field: 'defineModel.threshold' });
    expect(error(() => defineModel({ ...base, equations: eq, threshold: 'v > 1', reset: 'v = 0' + ' '.repeat(MAX_LINE) }))).toMatchObject({ field: 'defineModel.reset' });
    expect(error(() => defineModel({ ...base, equations: Array.from({ length: 600 }, (_, k) => `dv${k}/dt = -v${k}/tau : 1`) }))).toBeInstanceOf(SpecError);
  }, BOUND_MS);

  it('gives a typed error for a 2000-term sum and deep nesting (no bare RangeError)', () => {
    const sum = `dv/dt = (${Array.from({ length: 2000 }, () => 'v').join(' + ')})/tau : 1`;
    expect(error(() => defineModel({ ...base, equations: sum }))).toBeInstanceOf(SpecError);
    const under = `dv/dt = (${Array.from({ length: 400 }, () => 'v').join('+')})/tau : 1`;
    expect(defineModel({ ...base, equations: under }).variables).toEqual(['v']);
    const deep = `dv/dt = ${'('.repeat(500)}v${')'.repeat(500)}/tau : 1`;
    const e = error(() => defineModel({ ...base, equations: deep }));
    expect(e).toBeInstanceOf(EquationError);
    expect((e as Error).message).toContain('nested more than');
  }, BOUND_MS);

  it('fuzz: long runs of a repeated character around the separators end in a typed error or a model', () => {
    const chars = fc.constantFrom(' ', '(', ')', ':', '=', '/', 'd', 'v', '\t', '*', '#');
    fc.assert(
      fc.property(chars, fc.integer({ min: 1, max: 1900 }), fc.constantFrom('dv/dt = -v/tau : 1', 'dv/dt =', ': 1', ''), fc.boolean(), (c, n, stem, before) => {
        const line = before ? c.repeat(n) + stem : stem + c.repeat(n);
        try {
          defineModel({ ...base, equations: line });
        } catch (e) {
          expect(e).toBeInstanceOf(SpecError);
        }
      }),
      { numRuns: 200, seed: 15 },
    );
  }, BOUND_MS * 3);
});
