import { describe, expect, it } from '@jest/globals';
import { unit } from 'mathjs';
import {
  collectWarnings, gratings, linearRate, movingEdge, Network, poissonInput, RateMonitor, sceneScan, Simulator, source, SpecError, StateMonitor, stdp,
  lif, dense, type Scene, type Stimulus,
} from '../../src/index.js';

/**
 * Issue 14, units: every built-in dimensioned option takes a quantity ('20 ms', a mathjs Unit),
 * checks its dimension (naming the field), reads a bare number in SI, and warns on an
 * implausible magnitude naming the field. Where a number stays in steps (or another unit),
 * the name says so; the old names still work and warn, naming the new one.
 */

/** The first frames of a stimulus, as plain numbers. */
function frames(s: Stimulus, steps = 40, width = 8, dt = 0.005): number[] {
  const out: number[] = [];
  const buf = new Float32Array(width);
  for (let k = 0; k < steps; k++) {
    s.frame(k, dt, buf, width, 1);
    out.push(...buf);
  }
  return out;
}

const describeRule = (r: ReturnType<typeof stdp>) => JSON.stringify(r.describe?.());

interface Case {
  readonly field: string;
  /** Build with the option set to v; return something to compare (frames, settings). */
  readonly build: (v: unknown) => unknown;
  readonly si: number;
  readonly quantity: string;
  readonly wrong: string;
  readonly implausible: number;
}

const CASES: Case[] = [
  { field: 'stdp.tauPlus', build: (v) => describeRule(stdp({ tauPlus: v as number })), si: 0.02, quantity: '20 ms', wrong: '20 mV', implausible: 20 },
  { field: 'stdp.tauMinus', build: (v) => describeRule(stdp({ tauMinus: v as number })), si: 0.025, quantity: '25 ms', wrong: '3 nS', implausible: 25 },
  { field: 'linearRate.tau', build: (v) => JSON.stringify(linearRate({ tau: v as number }).describe?.()), si: 0.01, quantity: '10 ms', wrong: '10 mV', implausible: 100 },
  { field: 'gratings.temporalFrequency', build: (v) => frames(gratings({ wavelength: 8, temporalFrequency: v as number })), si: 2, quantity: '2 Hz', wrong: '2 ms', implausible: 1e5 },
  { field: 'movingEdge.speed', build: (v) => frames(movingEdge({ polarity: 'on', speed: v as number })), si: 20, quantity: '20 Hz', wrong: '20 mV', implausible: 1e7 },
  { field: 'movingEdge.delay', build: (v) => frames(movingEdge({ polarity: 'on', speed: 20, delay: v as number })), si: 0.05, quantity: '50 ms', wrong: '50 Hz', implausible: 1e5 },
  { field: 'poissonInput.rate', build: (v) => frames(poissonInput({ rate: v as number, seed: 1 })), si: 40, quantity: '40 Hz', wrong: '40 ms', implausible: 1e6 },
];

describe('dimensioned options take quantities', () => {
  it.each(CASES)('$field: a quantity, a mathjs Unit and the bare SI number agree', (c) => {
    const bare = c.build(c.si);
    expect(c.build(c.quantity)).toEqual(bare);
    const [value, name] = c.quantity.split(' ') as [string, string];
    expect(c.build(unit(Number(value), name))).toEqual(bare);
  });

  it.each(CASES)('$field: a wrong dimension is a SpecError naming the field', (c) => {
    expect(() => c.build(c.wrong)).toThrow(SpecError);
    expect(() => c.build(c.wrong)).toThrow(new RegExp(`^${c.field.replace('.', '\\.')}: '${c.wrong}' is`));
  });

  it.each(CASES)('$field: an implausible bare number warns, naming the field and the unit assumed', (c) => {
    const { warnings } = collectWarnings(() => c.build(c.implausible));
    expect(warnings.map((w) => [w.code, w.field])).toEqual([['implausible-magnitude', c.field]]);
    expect(warnings[0]!.message).toMatch(/read in SI units/);
  });
});

describe('numbers in steps say so in their names; the old names warn', () => {
  const net = () => {
    const n = new Network({ seed: 1 });
    n.population('in', 4, source());
    n.population('out', 4, lif());
    return n;
  };

  it('connect({ delaySteps }) — delay is its deprecated name', () => {
    const n = net();
    const { warnings: none } = collectWarnings(() => expect(n.connect('in', 'out', dense({ weights: 1 }), { delaySteps: 3 }).delaySteps).toBe(3));
    expect(none).toEqual([]);
    const { warnings } = collectWarnings(() => expect(n.connect('in', 'out', dense({ weights: 1 }), { delay: 2 }).delaySteps).toBe(2));
    expect(warnings.map((w) => [w.code, w.field])).toEqual([['deprecated-option', 'connect.delay']]);
    expect(warnings[0]!.message).toMatch(/use connect\.delaySteps/);
    expect(() => n.connect('in', 'out', dense({ weights: 1 }), { delay: 2, delaySteps: 2 })).toThrow(/connect\.delay: give connect\.delaySteps only/);
  });

  it('monitors take everySteps — every is its deprecated name', () => {
    const { warnings: none } = collectWarnings(() => {
      expect(new StateMonitor('out', 'v', { everySteps: 5 }).everySteps).toBe(5);
      expect(new RateMonitor('out', { everySteps: 7 }).everySteps).toBe(7);
    });
    expect(none).toEqual([]);
    const { warnings } = collectWarnings(() => {
      expect(new StateMonitor('out', 'v', { every: 5 }).everySteps).toBe(5);
      expect(new RateMonitor('out', { every: 7 }).everySteps).toBe(7);
    });
    expect(warnings.map((w) => [w.code, w.field])).toEqual([['deprecated-option', 'StateMonitor.every'], ['deprecated-option', 'RateMonitor.every']]);
  });

  it('sceneScan({ pxPerStep, rowEverySteps }) — speed and rowEvery are their deprecated names', () => {
    const rows = new Float64Array(64 * 4).map((_, k) => Math.sin(k / 3));
    const scene: Scene = { width: 64, height: 4, rows, label: 'sine' };
    const now = frames(sceneScan(scene, { pxPerStep: 0.5, rowEverySteps: 10 }));
    const { result: old, warnings } = collectWarnings(() => frames(sceneScan(scene, { speed: 0.5, rowEvery: 10 })));
    expect(old).toEqual(now);
    expect(warnings.map((w) => w.field)).toEqual(['sceneScan.speed', 'sceneScan.rowEvery']);
  });

  it("stream({ frameMs }) takes a quantity too ('16 ms'), and a time in another dimension is an error", () => {
    const n = net();
    n.connect('in', 'out', dense({ weights: 1 }));
    const sim = new Simulator(n, { dt: 1e-4 });
    expect(() => sim.stream(null, { frameMs: '16 ms' as unknown as number, duration: 0.001 }).subscribe().unsubscribe()).not.toThrow();
    expect(() => sim.stream(null, { frameMs: '16 mV' as unknown as number }).subscribe()).toThrow(/stream\.frameMs: '16 mV' is/);
  });
});
