import { describe, expect, it } from '@jest/globals';
import { unit } from 'mathjs';
import {
  collectWarnings, gratings, linearRate, movingEdge, Network, poissonInput, RateMonitor, sceneScan, Simulator, source, SpecError, StateMonitor, stdp,
  lif, dense, hexEye, hexGratings, hexEdges, hexSceneMotion, contrastImage, nirNeuron, scanSeries, sceneRowSeries, wuxing, type Scene, type Stimulus,
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
  /** A bare number that should warn (none: the field has no plausible range). */
  readonly implausible?: number;
}

const eye = hexEye(2);
const hexFrames = (s: Stimulus) => frames(s, 20, eye.size, 0.01);
const describeModel = (m: { describe?: () => unknown }) => JSON.stringify(m.describe?.());
const escape = (t: string) => t.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

const CASES: Case[] = [
  { field: 'stdp.tauPlus', build: (v) => describeRule(stdp({ tauPlus: v as number })), si: 0.02, quantity: '20 ms', wrong: '20 mV', implausible: 20 },
  { field: 'stdp.tauMinus', build: (v) => describeRule(stdp({ tauMinus: v as number })), si: 0.025, quantity: '25 ms', wrong: '3 nS', implausible: 25 },
  { field: 'linearRate.tau', build: (v) => JSON.stringify(linearRate({ tau: v as number }).describe?.()), si: 0.01, quantity: '10 ms', wrong: '10 mV', implausible: 100 },
  { field: 'gratings.temporalFrequency', build: (v) => frames(gratings({ wavelength: 8, temporalFrequency: v as number })), si: 2, quantity: '2 Hz', wrong: '2 ms', implausible: 1e5 },
  { field: 'movingEdge.speed', build: (v) => frames(movingEdge({ polarity: 'on', speed: v as number })), si: 20, quantity: '20 Hz', wrong: '20 mV', implausible: 1e7 },
  { field: 'movingEdge.delay', build: (v) => frames(movingEdge({ polarity: 'on', speed: 20, delay: v as number })), si: 0.05, quantity: '50 ms', wrong: '50 Hz', implausible: 1e5 },
  { field: 'poissonInput.rate', build: (v) => frames(poissonInput({ rate: v as number, seed: 1 })), si: 40, quantity: '40 Hz', wrong: '40 ms', implausible: 1e6 },
  // The hexagonal eye's stimuli, like their 1-D counterparts.
  { field: 'hexGratings.temporalFrequency', build: (v) => hexFrames(hexGratings({ eye, wavelength: 6, temporalFrequency: v as number })), si: 2, quantity: '2 Hz', wrong: '2 ms', implausible: 1e5 },
  { field: 'hexEdges.speed', build: (v) => hexFrames(hexEdges({ eye, polarity: 'on', speed: v as number })), si: 20, quantity: '20 Hz', wrong: '20 ms', implausible: 1e6 },
  { field: 'hexEdges.delay', build: (v) => hexFrames(hexEdges({ eye, polarity: 'on', speed: 20, delay: v as number })), si: 0.05, quantity: '50 ms', wrong: '50 Hz', implausible: 1e5 },
  // Neuron options: Wuxing's rate constants (per second) and the NIR neurons' time constants and voltages.
  { field: 'wuxing.k1', build: (v) => describeModel(wuxing({ size: 2, k1: v as number })), si: 2, quantity: '2 Hz', wrong: '2 ms' },
  { field: 'wuxing.k3', build: (v) => describeModel(wuxing({ size: 2, k3: v as number })), si: 1.5, quantity: '1.5 Hz', wrong: '1.5 mV' },
  { field: 'nirNeuron(LI).tau[0]', build: (v) => describeModel(nirNeuron({ type: 'LI', params: { tau: v as number, r: [1] } })), si: 0.02, quantity: '20 ms', wrong: '20 mV', implausible: 20 },
  { field: 'nirNeuron(CubaLIF).tau_syn[0]', build: (v) => describeModel(nirNeuron({ type: 'CubaLIF', params: { tau_syn: [v as number], tau_mem: [0.01], r: [1], v_threshold: [1] } })), si: 0.005, quantity: '5 ms', wrong: '5 Hz', implausible: 5 },
  { field: 'nirNeuron(LIF).v_threshold[0]', build: (v) => describeModel(nirNeuron({ type: 'LIF', params: { tau: [0.01], r: [1], v_threshold: v as number } })), si: -0.05, quantity: '-50 mV', wrong: '-50 ms' },
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
    expect(() => c.build(c.wrong)).toThrow(new RegExp(`^${escape(c.field)}: '${c.wrong}' is`));
  });

  it.each(CASES.filter((c) => c.implausible !== undefined))('$field: an implausible bare number warns, naming the field and the unit assumed', (c) => {
    const { warnings } = collectWarnings(() => c.build(c.implausible));
    expect(warnings.map((w) => [w.code, w.field])).toEqual([['implausible-magnitude', c.field]]);
    expect(warnings[0]!.message).toMatch(/read in SI units/);
  });
});

describe('options whose name carries a non-SI unit (speedDeg, wavelengthDeg): bare numbers in that unit, quantities converted', () => {
  const W = 48;
  const data = Float64Array.from({ length: W * W }, (_, k) => 100 + 40 * Math.sin(k % W) * Math.cos(0.3 * Math.floor(k / W)));
  const img = contrastImage({ width: W, height: W, data }, { pixelsPerDegree: 1, acceptanceDeg: 0 }, 'test');
  const NAMED = [
    { field: 'hexEdges.speedDeg', build: (v: unknown) => hexFrames(hexEdges({ eye, polarity: 'off', speedDeg: v as number })), bare: 50, quantity: '50 deg/s', rad: '0.8726646259971648 rad/s', wrong: '50 Hz', implausible: 1e6 },
    { field: 'hexSceneMotion.speedDeg[0]', build: (v: unknown) => hexFrames(hexSceneMotion(img, { eye, speedDeg: [v as number], start: [[20, 20]] })), bare: 30, quantity: '30 deg/s', rad: '0.5235987755982988 rad/s', wrong: '30 ms', implausible: 1e6 },
    { field: 'hexGratings.wavelengthDeg', build: (v: unknown) => hexFrames(hexGratings({ eye, wavelengthDeg: v as number, temporalFrequency: 1 })), bare: 40, quantity: '40 deg', rad: '0.6981317007977318 rad', wrong: '40 ms', implausible: 1e5 },
  ];

  it.each(NAMED)('$field: the bare number, the quantity in that unit, a mathjs Unit and the same angle in radians agree', (c) => {
    const bare = c.build(c.bare) as number[];
    expect(c.build(c.quantity)).toEqual(bare);
    const [value, name] = c.quantity.split(' ') as [string, string];
    expect(c.build(unit(Number(value), name))).toEqual(bare);
    (c.build(c.rad) as number[]).forEach((x, k) => expect(x).toBeCloseTo(bare[k]!, 5));
  });

  it.each(NAMED)('$field: a wrong dimension is a SpecError naming the field', (c) => {
    expect(() => c.build(c.wrong)).toThrow(new RegExp(`^${escape(c.field)}: '${c.wrong}' is`));
  });

  it.each(NAMED)('$field: an implausible bare number warns, saying it was read in the unit the name says', (c) => {
    const { warnings } = collectWarnings(() => c.build(c.implausible));
    expect(warnings.map((w) => [w.code, w.field])).toEqual([['implausible-magnitude', c.field]]);
    expect(warnings[0]!.message).toMatch(/was read in deg(\/s)?, the unit the name says/);
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

  it('reading the old names projection.delay and monitor.every warns too, naming the new one', () => {
    const n = net();
    const p = n.connect('in', 'out', dense({ weights: 1 }), { delaySteps: 3 });
    const state = new StateMonitor('out', 'v', { everySteps: 5 });
    const rate = new RateMonitor('out', { everySteps: 7 });
    const { result, warnings } = collectWarnings(() => [p.delay, state.every, rate.every]);
    expect(result).toEqual([3, 5, 7]);
    expect(warnings.map((w) => [w.code, w.field])).toEqual([
      ['deprecated-option', "projection 'in->out'.delay"],
      ['deprecated-option', 'StateMonitor.every'],
      ['deprecated-option', 'RateMonitor.every'],
    ]);
    expect(warnings[0]!.message).toMatch(/read projection 'in->out'\.delaySteps/);
    // The new names read silently.
    expect(collectWarnings(() => [p.delaySteps, state.everySteps, rate.everySteps]).warnings).toEqual([]);
  });

  it('scanSeries / sceneRowSeries({ pxPerStep }) — speed is its deprecated name (one warning, not one per row)', () => {
    const rows = new Float64Array(64 * 4).map((_, k) => Math.sin(k / 3));
    const scene: Scene = { width: 64, height: 4, rows, label: 'sine' };
    const now = Array.from(scanSeries(scene, 1, { pxPerStep: 0.5, length: 30 }));
    expect(now).not.toEqual(Array.from(scanSeries(scene, 1, { length: 30 })));
    const { result: old, warnings } = collectWarnings(() => Array.from(scanSeries(scene, 1, { speed: 0.5, length: 30 })));
    expect(old).toEqual(now);
    expect(warnings.map((w) => [w.code, w.field])).toEqual([['deprecated-option', 'scanSeries.speed']]);
    const { result: all, warnings: once } = collectWarnings(() => sceneRowSeries(scene, { speed: 0.5, length: 30 }));
    expect(all.map((x) => Array.from(x))).toEqual(sceneRowSeries(scene, { pxPerStep: 0.5, length: 30 }).map((x) => Array.from(x)));
    expect(once.map((w) => w.field)).toEqual(['sceneRowSeries.speed']);
    expect(() => scanSeries(scene, 1, { speed: 0.5, pxPerStep: 0.5 })).toThrow(/scanSeries\.speed: give scanSeries\.pxPerStep only/);
  });

  it('wuxing({ gainEverySteps }) — gainEvery is its deprecated name', () => {
    const { result: now, warnings: none } = collectWarnings(() => describeModel(wuxing({ size: 1, gain: 'steady', gainEverySteps: 5 })));
    expect(none).toEqual([]);
    expect(now).toMatch(/"gainEverySteps":5/);
    const { result: old, warnings } = collectWarnings(() => describeModel(wuxing({ size: 1, gain: 'steady', gainEvery: 5 })));
    expect(old).toEqual(now);
    expect(warnings.map((w) => [w.code, w.field])).toEqual([['deprecated-option', 'wuxing.gainEvery']]);
  });

  it("stream({ frameMs }) takes a quantity too ('16 ms'), and a time in another dimension is an error", () => {
    const n = net();
    n.connect('in', 'out', dense({ weights: 1 }));
    const sim = new Simulator(n, { dt: 1e-4 });
    expect(() => sim.stream(null, { frameMs: '16 ms' as unknown as number, duration: 0.001 }).subscribe().unsubscribe()).not.toThrow();
    expect(() => sim.stream(null, { frameMs: '16 mV' as unknown as number }).subscribe()).toThrow(/stream\.frameMs: '16 mV' is/);
  });
});
