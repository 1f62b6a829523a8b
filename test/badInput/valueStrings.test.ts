import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import * as mathjs from 'mathjs';
import { Network, Simulator, SpecError, defineModel, readQuantity, toSI } from '../../src/index.js';
import { MAX_VALUE_LENGTH, parseValueString } from '../../src/core/quantityGrammar.js';
import { MEMORY_BOUND, memoryInUse } from './fixtures.js';

/**
 * Value strings (issue 15, item 1) are quantities read by a small grammar of numbers, units
 * and arithmetic: no mathjs function is reachable, nothing shared changes, and the length is
 * capped. Memory bound stated here: no call grows heap and buffers by more than MEMORY_BOUND (64 MiB).
 */

function settle(El: string): number {
  const model = defineModel({ equations: 'dv/dt = (El - v)/tau : volt', parameters: { El, tau: '10 ms' }, init: { v: '-60 mV' } });
  const net = new Network();
  const p = net.population('P', 1, model);
  new Simulator(net, { dt: 1e-3 }).runSteps(null, 500);
  return p.output[0]!;
}

function memoryGrowth(f: () => void): number {
  const before = memoryInUse();
  f();
  return memoryInUse() - before;
}

describe('value strings: a grammar, not an evaluator', () => {
  const hostile = ['createUnit("mV","1 V",{override:true})', 'config({number:"BigNumber"})', 'zeros(100000,100000)', 'import({mV: 1})', 'evaluate("1")'];

  it.each(hostile)('rejects %s as a parameter, init and refractory value, naming the field', (text) => {
    const grew = memoryGrowth(() => {
      const eq = { equations: 'dv/dt = -v/tau : volt', threshold: 'v > 1*volt', parameters: { tau: '10 ms' } };
      expect(() => defineModel({ ...eq, parameters: { tau: text } })).toThrow(SpecError);
      expect(() => defineModel({ ...eq, parameters: { tau: text } })).toThrow(/defineModel\.parameters\.tau: .*function call/);
      expect(() => defineModel({ ...eq, init: { v: text } })).toThrow(/defineModel\.init\.v/);
      expect(() => defineModel({ ...eq, refractory: text })).toThrow(/defineModel\.refractory/);
      expect(() => toSI('lif.tau', text, 'time')).toThrow(/lif\.tau/);
    });
    expect(grew).toBeLessThan(MEMORY_BOUND);
  });

  it('leaves later models and the shared mathjs unchanged after every hostile string', () => {
    for (const text of hostile) expect(() => readQuantity('x', text)).toThrow(SpecError);
    expect(settle('-49 mV')).toBeCloseTo(-0.049, 6);
    expect(mathjs.unit('1 mV').toNumber('V')).toBe(0.001);
    expect(typeof mathjs.add(1, 2)).toBe('number');
  });

  it('reads quantities and simple arithmetic exactly as before', () => {
    expect(parseValueString('f', '-65 mV')).toEqual({ value: -0.065, dims: [1, 2, -3, -1, 0, 0, 0, 0, 0] });
    expect(parseValueString('f', '2*(10 ms)').value).toBeCloseTo(0.02, 15);
    expect(parseValueString('f', '0.5 mV/ms').dims).toEqual([1, 2, -4, -1, 0, 0, 0, 0, 0]);
    expect(parseValueString('f', '10 ms^-1').value).toBeCloseTo(10000, 9);
    expect(() => parseValueString('f', '-49 mV + 1 ms')).toThrow(/different units/);
    expect(() => parseValueString('f', '-65 mv')).toThrow(/did you mean 'mV'\?/);
  });

  it('caps the length (the 2000-term sum) and the nesting', () => {
    expect(() => readQuantity('p', '1' + '+1'.repeat(1999))).toThrow(new RegExp(`at most ${MAX_VALUE_LENGTH}`));
    expect(() => readQuantity('p', '('.repeat(30) + '1' + ')'.repeat(30))).toThrow(/nested more than/);
    expect(() => readQuantity('p', '-'.repeat(50) + '1')).toThrow(/signs in a row/);
  });

  it('fuzz: any string is a finite quantity or a SpecError, and changes nothing shared', () => {
    const pieces = fc.constantFrom('1', '2.5', 'e3', 'mV', 'ms', 'nS', 'createUnit', 'config', 'zeros', '(', ')', '+', '-', '*', '/', '^', ' ', '"', ',', '{', '}', '1e400', 'NaN', 'Infinity', 'x');
    fc.assert(
      fc.property(fc.oneof(fc.string({ maxLength: 60 }), fc.array(pieces, { maxLength: 30 }).map((a) => a.join(''))), (s) => {
        try {
          const q = readQuantity('p', s);
          expect(Number.isFinite(q.value)).toBe(true);
        } catch (e) {
          expect(e).toBeInstanceOf(SpecError);
        }
      }),
      { numRuns: 500, seed: 15 },
    );
    expect(settle('-49 mV')).toBeCloseTo(-0.049, 6);
  });
});
