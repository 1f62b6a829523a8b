import { describe, expect, it } from '@jest/globals';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildDrosophila2dCircuit, drosophila2dSettings, flowScore, GAIN_CONTROL_2D, GAIN_FLOOR_2D, MEDULLA_HIGH_PASS_2D, MEDULLA_STAGES_2D, mirrorScore, settleSteps2d, STEP_2D } from '../../src/circuits/drosophila2d/circuit2d.js';
import { DrosophilaMotion2d, drosophilaMotion2d } from '../../src/circuits/drosophila2d/DrosophilaMotion2d.js';
import { SUBTYPES_2D, cardinalDirection } from '../../src/circuits/drosophila2d/subtypes2d.js';
import { FileFormatError } from '../../src/core/errors.js';
import { Simulator } from '../../src/sim/Simulator.js';
import { contrastImage } from '../../src/stimuli/hexSceneMotion.js';

describe('drosophilaMotion2d circuit', () => {
  it('wires each subtype to the columns behind, at and ahead of its unit along its cardinal direction', () => {
    const c = buildDrosophila2dCircuit(drosophila2dSettings({ radius: 3, memory: 2, horizon: 2, detectorMemory: 1, medullaTau: 0 }));
    // Lamina: L3 = L1 = the receptor value, so each detector channel shows where it looks.
    c.laminaModel.parameters.filters.set([1, 0, 1, 0]);
    const sim = new Simulator(c.network, { dt: 0.02 });
    const x = (i: number) => c.eye.x[i]!;
    const y = (i: number) => c.eye.y[i]!;
    // Receptor value = ±(position along a probe axis + 100): L3 and L1 show the + run, L2 the − run.
    const read = (coord: (i: number) => number, sign: 1 | -1) => {
      sim.reset();
      sim.runSteps((_s, _dt, out, width) => { for (let i = 0; i < width; i++) out[i] = sign * (coord(i) + 100); }, 1, { record: 'none' });
      return Object.fromEntries(SUBTYPES_2D.map((s) => [s, Object.fromEntries(Object.entries(c.detectors[s].inputs).map(([k, v]) => [k, Float32Array.from(v, (z) => (k.startsWith('L3') ? sign * z : z))]))]));
    };
    const pick = (plus: ReturnType<typeof read>, minus: ReturnType<typeof read>) => (s: string) => (s.startsWith('T5') ? minus : plus)[s]!;
    const px = pick(read(x, 1), read(x, -1));
    const py = pick(read(y, 1), read(y, -1));
    for (const s of SUBTYPES_2D) {
      const a = (cardinalDirection(s) * Math.PI) / 180;
      for (let u = 0; u < c.units.length; u += 5) {
        const col = c.units[u]!;
        for (const [ch, sign] of [['L3l', -1], ['Lxl', -1], ['L3c', 0], ['Lxc', 0], ['L3r', 1], ['Lxr', 1]] as const) {
          const dx = px(s)[ch]![u]! - 100 - x(col);
          const dy = py(s)[ch]![u]! - 100 - y(col);
          // Behind and ahead lie along the cardinal direction, one spacing (or √3/2 between lattice axes) away.
          expect(dx * Math.sin(a) - dy * Math.cos(a)).toBeCloseTo(0, 4);
          const along = dx * Math.cos(a) + dy * Math.sin(a);
          if (sign === 0) expect(along).toBeCloseTo(0, 4);
          else expect(along * sign).toBeCloseTo(a % Math.PI === 0 ? 1 : Math.sqrt(3) / 2, 4);
        }
      }
    }
  });

  it('detectors sit on every column but the outer ring; medulla low-pass populations are optional', () => {
    const c = buildDrosophila2dCircuit(drosophila2dSettings({ radius: 15 }));
    expect(c.eye.size).toBe(721);
    expect(c.units.length).toBe(631);
    expect(c.network.getPopulation('M1').size).toBe(721);
    const direct = buildDrosophila2dCircuit(drosophila2dSettings({ radius: 3, medullaTau: 0 }));
    expect(() => direct.network.getPopulation('M1')).toThrow(/no population named 'M1'/);
  });

  it('laminaLagSpacing / detectorLagSpacing take a duration and spread the lags that many steps apart', () => {
    const c = buildDrosophila2dCircuit(drosophila2dSettings({ radius: 2, memory: 4, horizon: 4, detectorMemory: 2, laminaLagSpacing: '60 ms', detectorLagSpacing: 0.04, medullaHighPass: 0 }));
    expect(c.settings.laminaLagSpacing).toBeCloseTo(0.06, 12);
    expect(c.settings.detectorLagSpacing).toBeCloseTo(0.04, 12);
    expect(c.laminaModel.lagStride).toBe(3);
    expect(c.detectorModels.T4a.lagStride).toBe(2);
    // Boxcar 3 steps, lamina lags over (4 − 1)·3 + 1 = 10 more (4·3 in all), then the detector's (2 − 1)·2 + 1 = 3.
    expect(settleSteps2d(c.settings)).toBe(15);
    expect(settleSteps2d(drosophila2dSettings({ memory: 4, detectorMemory: 2, medullaHighPass: 0 }))).toBe(6);
    // The default high-pass (500 ms) adds three time constants for its running mean: 75 steps.
    expect(settleSteps2d(drosophila2dSettings({ memory: 4, detectorMemory: 2 }))).toBe(81);
    // L3 = lag 1 = the receptor averaged over the 3 steps ending 3 steps back: feed 0, 1, 2, … and read it.
    c.laminaModel.parameters.filters.set([0, 1, 0, 0, 0, 0, 0, 0]);
    const sim = new Simulator(c.network, { dt: STEP_2D });
    sim.runSteps((step, _dt, out) => out.fill(step), 8, { record: 'none' });
    expect(c.network.getPopulation('P').state.P![0]).toBeCloseTo((7 + 6 + 5) / 3, 5);
    expect(c.lamina.state.L3![0]).toBeCloseTo((4 + 3 + 2) / 3, 5);
    expect(() => buildDrosophila2dCircuit(drosophila2dSettings({ radius: 2 })).network.getPopulation('P')).toThrow(/no population named 'P'/);
    // One step is the default and is left out of the settings (a default model file is unchanged).
    expect(drosophila2dSettings({ laminaLagSpacing: '20 ms' })).toEqual(drosophila2dSettings({}));
    expect(() => drosophila2dSettings({ laminaLagSpacing: '30 ms' })).toThrow(/laminaLagSpacing.*whole number of 20 ms steps/);
    expect(() => drosophila2dSettings({ detectorLagSpacing: '3 mV' })).toThrow(/detectorLagSpacing/);
  });

  it("flowScore: +2 for a component that reads behind and predicts ahead, −2 mirrored, 0 when symmetric; component 'flow' is kept in the settings", () => {
    const channels = ['L3l', 'L1l', 'L3c', 'L1c', 'L3r', 'L1r'];
    expect(flowScore(channels, 1, [1, 2, 0, 0, 0, 0], [0, 0, 0, 0, 3, 1])).toBeCloseTo(2, 12);
    expect(flowScore(channels, 1, [0, 0, 0, 0, 1, 2], [3, 1, 0, 0, 0, 0])).toBeCloseTo(-2, 12);
    expect(flowScore(channels, 1, [1, 2, 5, 1, 1, 2], [1, 0, 1, 1, 1, 0])).toBeCloseTo(0, 12);
    // Half the past energy behind, the future all at the centre: 0.5.
    expect(flowScore(channels, 2, [1, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0], [0, 0, 1, 0, 0, 0])).toBeCloseTo(0.5, 12);
    expect(drosophila2dSettings({ component: 'flow' }).component).toBe('flow');
    expect(drosophila2dSettings({ component: 2 }).component).toBeUndefined();
    const fly = drosophilaMotion2d({ radius: 2, component: 'flow' });
    expect(DrosophilaMotion2d.fromJSON(JSON.parse(JSON.stringify(fly.toJSON()))).circuit.settings.component).toBe('flow');
  });

  it('medullaStages chains first-order low-passes M3_1 … M3: same level in the end, later rise', () => {
    const run = (stages: number) => {
      const c = buildDrosophila2dCircuit(drosophila2dSettings({ radius: 2, memory: 2, horizon: 2, medullaStages: stages, medullaHighPass: 0 }));
      c.laminaModel.parameters.filters.set([1, 0, 0, 0]); // L3 = the receptor now
      const sim = new Simulator(c.network, { dt: STEP_2D });
      const m3 = c.network.getPopulation('M3');
      const trace: number[] = [];
      sim.runSteps((_s, _dt, out) => out.fill(1), 150, { record: 'none', progress: () => trace.push(m3.state.x![0]!), progressEvery: 1 });
      return { c, trace };
    };
    const one = run(1);
    const three = run(3);
    expect(three.c.settings.medullaStages).toBe(3);
    expect(one.c.settings.medullaStages).toBe(1);
    expect(drosophila2dSettings().medullaStages).toBe(MEDULLA_STAGES_2D);
    expect(three.c.network.getPopulation('M3_2').size).toBe(three.c.eye.size);
    expect(() => one.c.network.getPopulation('M3_1')).toThrow(/no population named/);
    // τ = 100 ms: after 3 s both sit at the input; after 100 ms the one-stage filter is near
    // 1 − e^{−1} and the three-stage one far lower (1 − e^{−1}(1 + 1 + ½) ≈ 0.08 in continuous time).
    expect(one.trace.at(-1)).toBeCloseTo(1, 4);
    expect(three.trace.at(-1)).toBeCloseTo(1, 4);
    expect(one.trace[5]!).toBeGreaterThan(0.5);
    expect(three.trace[5]!).toBeLessThan(0.25);
    expect(() => drosophila2dSettings({ medullaStages: 0 })).toThrow(/medullaStages/);
    // onOffStages: only the L1/L2 arm gets the extra stages.
    const slowOnOff = buildDrosophila2dCircuit(drosophila2dSettings({ radius: 2, medullaStages: 1, onOffStages: 3, medullaHighPass: 0 }));
    expect(slowOnOff.network.getPopulation('M1_2').size).toBe(slowOnOff.eye.size);
    expect(slowOnOff.network.getPopulation('M2_2').size).toBe(slowOnOff.eye.size);
    expect(() => slowOnOff.network.getPopulation('M3_1')).toThrow(/no population named/);
    expect(drosophila2dSettings({ medullaStages: 2, onOffStages: 2 }).onOffStages).toBeUndefined();
  });

  it('medullaHighPass / onOffHighPass: the medulla neuron answers a step and returns to 0 (input − its running mean)', () => {
    const run = (options: Parameters<typeof drosophila2dSettings>[0]) => {
      const c = buildDrosophila2dCircuit(drosophila2dSettings({ radius: 2, memory: 2, horizon: 2, ...options }));
      c.laminaModel.parameters.filters.set([1, 0, 1, 0]); // L3 = L1 = the receptor now
      const sim = new Simulator(c.network, { dt: STEP_2D });
      const m3 = c.network.getPopulation('M3');
      const m1 = c.network.getPopulation('M1');
      const t3: number[] = [];
      const t1: number[] = [];
      sim.runSteps((_s, _dt, out) => out.fill(1), 250, { record: 'none', progress: () => (t3.push(m3.state.x![0]!), t1.push(m1.state.x![0]!)), progressEvery: 1 });
      return { c, t3, t1 };
    };
    const both = run({ medullaHighPass: '500 ms', medullaStages: 1 });
    expect(both.c.settings.medullaHighPass).toBeCloseTo(0.5, 12);
    // The default: 500 ms on both arms; 0 turns it off.
    expect(drosophila2dSettings().medullaHighPass).toBe(MEDULLA_HIGH_PASS_2D);
    expect(drosophila2dSettings({ medullaTau: 0 }).medullaHighPass).toBe(0);
    const off = buildDrosophila2dCircuit(drosophila2dSettings({ radius: 2, medullaHighPass: 0 }));
    expect(() => off.network.getPopulation('M1_mean')).toThrow(/no population named/);
    // A step: the low-pass (τ 100 ms) rises, its running mean (τ 500 ms) follows more slowly, so M
    // peaks and then decays to 0 over a few 500 ms (5 s here).
    for (const t of [both.t3, both.t1]) {
      expect(Math.max(...t)).toBeGreaterThan(0.4);
      expect(Math.abs(t.at(-1)!)).toBeLessThan(0.01);
    }
    // onOffHighPass: the L1/L2 arm only; L3 keeps its level.
    const onOff = run({ onOffHighPass: 0.5, medullaHighPass: 0, medullaStages: 1 });
    expect(onOff.t3.at(-1)).toBeCloseTo(1, 3);
    expect(Math.abs(onOff.t1.at(-1)!)).toBeLessThan(0.01);
    expect(() => onOff.c.network.getPopulation('M3_mean')).toThrow(/no population named/);
    // The running mean's settling counts before a response does.
    expect(settleSteps2d(both.c.settings)).toBe(settleSteps2d(drosophila2dSettings({ radius: 2, memory: 2, horizon: 2, medullaHighPass: 0 })) + 75);
    expect(() => drosophila2dSettings({ medullaHighPass: '500 ms', medullaTau: 0 })).toThrow(/medullaHighPass.*medulla/);
    expect(() => drosophila2dSettings({ onOffHighPass: '2 kg' as never })).toThrow(/onOffHighPass/);
    expect(DrosophilaMotion2d.fromJSON(JSON.parse(JSON.stringify(drosophilaMotion2d({ radius: 2, medullaHighPass: '250 ms' }).toJSON()))).circuit.settings.medullaHighPass).toBeCloseTo(0.25, 12);
    // A file written before the high-pass medulla was the default has neither field: one stage, no high-pass.
    const legacy = JSON.parse(JSON.stringify(drosophilaMotion2d({ radius: 2 }).toJSON()));
    delete legacy.settings.medullaStages;
    delete legacy.settings.medullaHighPass;
    const old = DrosophilaMotion2d.fromJSON(legacy).circuit;
    expect([old.settings.medullaStages, old.settings.medullaHighPass]).toEqual([1, 0]);
    expect(() => old.network.getPopulation('M1_mean')).toThrow(/no population named/);
  });

  it('mirrorScore: a component correlated with the inputs behind it scores above its mirror image, signed', () => {
    const channels = ['L3l', 'L1l', 'L3c', 'L1c', 'L3r', 'L1r'];
    // Training motion makes L3 behind covary with L1 at the centre (0.5); nothing so ahead.
    const C = new Float64Array(36);
    for (let i = 0; i < 6; i++) C[i * 6 + i] = 1;
    C[0 * 6 + 3] = C[3 * 6 + 0] = 0.5;
    const w = [1, 0, 0, 1, 0, 0];
    // Own: 1 + 1 + 2·0.5 = 3; mirrored (L3r, L1c): 2 → (3 − 2)/(3 + 2).
    expect(mirrorScore(channels, 1, w, C)).toBeCloseTo(0.2, 12);
    expect(mirrorScore(channels, 1, [0, 0, 0, 1, 1, 0], C)).toBeCloseTo(-0.2, 12);
    expect(mirrorScore(channels, 1, [1, 0, 2, 1, 1, 0], C)).toBeCloseTo(0, 12);
    expect(drosophila2dSettings({ component: 'mirror' }).component).toBe('mirror');
  });

  it('onOffExponent: a power law on L1/L2 before the medulla; gainControl: each arm divided by its own running amplitude', () => {
    const pow = buildDrosophila2dCircuit(drosophila2dSettings({ radius: 2, memory: 2, horizon: 2, onOffExponent: 0.5, medullaStages: 1, medullaHighPass: 0 }));
    pow.laminaModel.parameters.filters.set([1, 0, 1, 0]); // L3 = L1 = the receptor now
    const sim = new Simulator(pow.network, { dt: STEP_2D });
    sim.runSteps((_s, _dt, out) => out.fill(0.25), 200, { record: 'none' });
    // L1 = 0.25 → M1_pow = 0.5 → M1 (one low-pass stage) settles at 0.5; L3 keeps 0.25.
    expect(pow.network.getPopulation('M1_pow').state.x![0]).toBeCloseTo(0.5, 6);
    expect(pow.network.getPopulation('M1').state.x![0]).toBeCloseTo(0.5, 3);
    expect(pow.network.getPopulation('M3').state.x![0]).toBeCloseTo(0.25, 3);
    expect(() => pow.network.getPopulation('M3_pow')).toThrow(/no population named/);
    expect(drosophila2dSettings({ onOffExponent: 1 }).onOffExponent).toBeUndefined();
    expect(() => drosophila2dSettings({ onOffExponent: 1.5 })).toThrow(/onOffExponent/);
    expect(() => drosophila2dSettings({ onOffExponent: 0.5, medullaTau: 0 })).toThrow(/onOffExponent.*medulla/);
    // Gain control: a steady input of any level ends at level/(floor + level); the L3 arm only with 'both'.
    const level = (arms: 'onOff' | 'both', input: number) => {
      const c = buildDrosophila2dCircuit(drosophila2dSettings({ radius: 2, memory: 2, horizon: 2, medullaStages: 1, medullaHighPass: 0, gainControl: '200 ms', gainFloor: 0.1, onOffGainFloor: 0.01, gainArms: arms }));
      c.laminaModel.parameters.filters.set([1, 0, 1, 0]);
      new Simulator(c.network, { dt: STEP_2D }).runSteps((_s, _dt, out) => out.fill(input), 300, { record: 'none' });
      return { c, m1: c.network.getPopulation('M1_gain').state.x![0]!, m3: c.network.getPopulation(arms === 'both' ? 'M3_gain' : 'M3').state.x![0]! };
    };
    for (const input of [0.2, 2]) {
      const both = level('both', input);
      expect(both.m1).toBeCloseTo(input / (0.01 + input), 3);
      expect(both.m3).toBeCloseTo(input / (0.1 + input), 3);
      expect(both.c.network.getPopulation('M3_gain').model.kind).toBe('gainControl');
    }
    const onOff = level('onOff', 2);
    expect(onOff.m3).toBeCloseTo(2, 3);
    expect(() => onOff.c.network.getPopulation('M3_gain')).toThrow(/no population named/);
    // The default: 1 s on both arms, floor 0.2; 0 (or no medulla) turns it off.
    const settings = drosophila2dSettings();
    expect([settings.gainControl, settings.gainFloor, settings.gainArms]).toEqual([GAIN_CONTROL_2D, GAIN_FLOOR_2D, 'both']);
    expect([GAIN_CONTROL_2D, GAIN_FLOOR_2D]).toEqual([1, 0.2]);
    expect(drosophila2dSettings({ gainControl: 0 }).gainControl).toBeUndefined();
    expect(drosophila2dSettings({ medullaTau: 0 }).gainControl).toBeUndefined();
    expect(() => drosophila2dSettings({ gainControl: 0, gainFloor: 0.1 })).toThrow(/gainFloor.*without gainControl/);
    expect(() => drosophila2dSettings({ gainControl: '1 kg' as never })).toThrow(/gainControl/);
    expect(() => drosophila2dSettings({ gainControl: '1 s', gainFloor: 0 })).toThrow(/gainFloor/);
    expect(() => drosophila2dSettings({ gainControl: '1 s', onOffGainFloor: -1 })).toThrow(/onOffGainFloor/);
    expect(() => drosophila2dSettings({ medullaTau: 0, gainFloor: 0.1 })).toThrow(/gainFloor.*without gainControl/);
    expect(() => drosophila2dSettings({ gainControl: '1 s', gainArms: 'L3' as never })).toThrow(/gainArms/);
    expect(() => drosophila2dSettings({ gainControl: '1 s', medullaTau: 0 })).toThrow(/gainControl.*medulla/);
    const fly = drosophilaMotion2d({ radius: 2, onOffExponent: 0.5, gainControl: '1 s', gainFloor: 0.05, onOffGainFloor: 0.02, gainArms: 'both' });
    expect(DrosophilaMotion2d.fromJSON(JSON.parse(JSON.stringify(fly.toJSON()))).circuit.settings).toEqual(fly.circuit.settings);
  });

  it("offL3HighPass gives T5 its own L3 medulla neuron M3o; offComponent its own component pick", () => {
    const c = buildDrosophila2dCircuit(drosophila2dSettings({ radius: 2, memory: 2, horizon: 2, offL3HighPass: '250 ms', offComponent: 'flow', l3Rectify: false, gainControl: 0 }));
    const sources = (subtype: 'T4c' | 'T5c') => c.network.projections.filter((p) => p.post === c.detectors[subtype] && p.target.startsWith('L3')).map((p) => p.pre.name);
    expect(new Set(sources('T5c'))).toEqual(new Set(['M3o']));
    expect(new Set(sources('T4c'))).toEqual(new Set(['M3']));
    expect(c.network.getPopulation('M3o_mean').model.describe().tau).toBeCloseTo(0.25, 12);
    expect(c.network.getPopulation('M3_mean').model.describe().tau).toBeCloseTo(0.5, 12);
    expect(c.settings.offComponent).toBe('flow');
    expect(() => buildDrosophila2dCircuit(drosophila2dSettings({ radius: 2 })).network.getPopulation('M3o')).toThrow(/no population named/);
    const fly = drosophilaMotion2d({ radius: 2, offL3HighPass: 0.25, offComponent: 3 });
    expect(DrosophilaMotion2d.fromJSON(JSON.parse(JSON.stringify(fly.toJSON()))).circuit.settings).toEqual(fly.circuit.settings);
    expect(() => drosophila2dSettings({ offComponent: 0 })).toThrow(/offComponent/);
  });

  it('rejects bad settings, naming them', () => {
    expect(() => drosophilaMotion2d({ radius: 1 })).toThrow(/radius/);
    expect(() => drosophilaMotion2d({ medullaTau: -0.1 })).toThrow(/medullaTau/);
    expect(() => drosophilaMotion2d({ detectorMemory: 0 })).toThrow(/detectorMemory/);
    expect(() => drosophilaMotion2d({ memory: 1 })).toThrow(/drosophilaMotion2d.memory/);
  });
});

describe('drosophilaMotion2d model file', () => {
  it('saves and loads every parameter; a damaged file names the field', async () => {
    const fly = drosophilaMotion2d({ radius: 2, memory: 4, horizon: 4, detectorMemory: 2 });
    const p = fly.circuit.detectorModels.T5c.parameters;
    p.filters.forEach((_, i) => (p.filters[i] = Math.fround(0.1 * i - 0.3)));
    p.threshold[0] = 0.25;
    fly.circuit.laminaModel.parameters.filters[3] = Math.fround(0.7);
    const dir = mkdtempSync(join(tmpdir(), 'fly2d-'));
    try {
      const path = join(dir, 'm.json');
      await fly.save(path);
      const back = await DrosophilaMotion2d.load(path);
      expect(back.circuit.settings).toEqual(fly.circuit.settings);
      expect(Array.from(back.circuit.detectorModels.T5c.parameters.filters)).toEqual(Array.from(p.filters));
      expect(back.circuit.detectorModels.T5c.parameters.threshold[0]).toBe(0.25);
      expect(back.circuit.laminaModel.parameters.filters[3]).toBe(Math.fround(0.7));
      expect(back.toJSON().format).toBe('neurostream.drosophila-motion-2d');
      const json = JSON.parse(JSON.stringify(fly.toJSON()));
      delete json.detectors.T4d;
      writeFileSync(path, JSON.stringify(json));
      await expect(DrosophilaMotion2d.load(path)).rejects.toThrow(/detectors\.T4d/);
      await expect(DrosophilaMotion2d.load(path)).rejects.toThrow(FileFormatError);
      expect(() => DrosophilaMotion2d.fromJSON({ ...fly.toJSON(), settings: { ...fly.circuit.settings, radius: 1 } })).toThrow(/settings\.radius/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('drosophilaMotion2d training', () => {
  it('trains every subtype by simulation, deterministically (same seed, same model file)', () => {
    const W = 96;
    const data = Float64Array.from({ length: W * W }, (_, k) => 100 + 40 * Math.sin(0.37 * (k % W)) * Math.cos(0.23 * Math.floor(k / W)) + 20 * Math.sin(0.11 * k));
    const img = contrastImage({ width: W, height: W, data }, {}, 'synthetic');
    const run = () => drosophilaMotion2d({ radius: 2, memory: 4, horizon: 4 }).train([img], { steps: 80, batch: 2 });
    const a = run();
    const b = run();
    expect(JSON.stringify(a.toJSON())).toBe(JSON.stringify(b.toJSON()));
    expect(a.training!.scenes).toEqual(['synthetic', 'synthetic (turned)']);
    for (const s of SUBTYPES_2D) {
      expect(a.training!.detectors[s].windows).toBeGreaterThan(0);
      expect(a.circuit.detectorModels[s].parameters.threshold[0]).toBeGreaterThan(0);
      expect(a.circuit.detectorModels[s].parameters.filters.some((w) => w !== 0)).toBe(true);
    }
    expect(() => drosophilaMotion2d({ radius: 2 }).train([])).toThrow(/train2d.scenes/);
    expect(() => drosophilaMotion2d({ radius: 2 }).train([img], { speedDeg: -1 })).toThrow(/train2d.speedDeg\[0\]/);
  });

  it('with a lamina lag spacing the lamina learns from windows spanning that many more steps, and the file keeps the spacing', async () => {
    const W = 96;
    const data = Float64Array.from({ length: W * W }, (_, k) => 100 + 40 * Math.sin(0.37 * (k % W)) * Math.cos(0.23 * Math.floor(k / W)) + 20 * Math.sin(0.11 * k));
    const img = contrastImage({ width: W, height: W, data }, {}, 'synthetic');
    const train = (o: object) => drosophilaMotion2d({ radius: 2, memory: 4, horizon: 4, ...o }).train([img], { steps: 80, batch: 2 });
    const plain = train({});
    const coarse = train({ laminaLagSpacing: '60 ms' });
    // A window is (m − 1 + h)·k + 1 steps long: 8 steps at k = 1, 22 at k = 3 (per column and
    // batch copy; the phase runs its scenes on one simulator without a reset, one segment).
    const streams = plain.circuit.eye.size * 2;
    expect(plain.training!.lamina.windows - coarse.training!.lamina.windows).toBe(streams * (22 - 8));
    const f = (fly: DrosophilaMotion2d) => Array.from(fly.circuit.laminaModel.parameters.filters);
    expect(f(coarse)).not.toEqual(f(plain));
    const back = DrosophilaMotion2d.fromJSON(JSON.parse(JSON.stringify(coarse.toJSON())));
    expect(back.circuit.laminaModel.lagStride).toBe(3);
    expect(f(back)).toEqual(f(coarse));
    expect(() => drosophilaMotion2d({ radius: 2, laminaLagSpacing: '60 ms' }).train([img], { dt: 0.01 })).toThrow(/train2d.dt/);
  });

  it('l3HighPassStages chains high-passes on the L3 arm (M3_hp1 → M3): a step comes back below 0; offL3HighPassStages only on T5’s own M3o', () => {
    const stepResponse = (options: Parameters<typeof drosophila2dSettings>[0], name: string) => {
      const c = buildDrosophila2dCircuit(drosophila2dSettings({ radius: 2, memory: 2, horizon: 2, medullaStages: 1, ...options }));
      c.laminaModel.parameters.filters.set([1, 0, 1, 0]); // L3 = L1 = the receptor now
      const sim = new Simulator(c.network, { dt: STEP_2D });
      const pop = c.network.getPopulation(name);
      const trace: number[] = [];
      sim.runSteps((_s, _dt, out) => out.fill(1), 250, { record: 'none', progress: () => trace.push(pop.state.x![0]!), progressEvery: 1 });
      return { c, trace };
    };
    const one = stepResponse({}, 'M3');
    const two = stepResponse({ l3HighPassStages: 2 }, 'M3');
    // One stage: input − its running mean, never below 0 for a step; two: the second stage
    // subtracts the first's decaying answer, so it overshoots below 0 and returns to 0.
    expect(Math.min(...one.trace)).toBeGreaterThanOrEqual(-1e-12);
    expect(Math.min(...two.trace)).toBeLessThan(-0.05);
    expect(Math.abs(two.trace.at(-1)!)).toBeLessThan(0.05);
    expect(two.c.network.getPopulation('M3_hp1').size).toBe(two.c.eye.size);
    expect(() => one.c.network.getPopulation('M3_hp1')).toThrow(/no population named/);
    // The L1/L2 arm keeps one stage; settling waits for the slower chain.
    expect(Math.min(...stepResponse({ l3HighPassStages: 2 }, 'M1').trace)).toBeGreaterThanOrEqual(-1e-12);
    expect(settleSteps2d(two.c.settings)).toBeGreaterThan(settleSteps2d(one.c.settings));
    const off = stepResponse({ offL3HighPass: '500 ms', offL3HighPassStages: 2 }, 'M3o');
    expect(Math.min(...off.trace)).toBeLessThan(-0.05);
    expect(() => off.c.network.getPopulation('M3_hp1')).toThrow(/no population named/);
    expect(off.c.network.getPopulation('M3o_hp1').size).toBe(off.c.eye.size);
    expect(() => drosophila2dSettings({ l3HighPassStages: 1.5 })).toThrow(/drosophilaMotion2d.l3HighPassStages/);
    expect(() => drosophila2dSettings({ offL3HighPassStages: 0 })).toThrow(/drosophilaMotion2d.offL3HighPassStages/);
    // The default (1) is left out of the settings, so default model files stay as they were.
    expect('l3HighPassStages' in drosophila2dSettings({ l3HighPassStages: 1 })).toBe(false);
  });

  it('l3Rectify: T4 reads the ON half of M3 (M3on = [M3]+), T5 the OFF half (M3off = [−M3]+); kept in the model file', () => {
    const c = buildDrosophila2dCircuit(drosophila2dSettings({ radius: 2, memory: 2, horizon: 2, medullaStages: 1, l3Rectify: true, gainControl: 0 }));
    const sources = (subtype: 'T4a' | 'T5a') => c.network.projections.filter((p) => p.post === c.detectors[subtype] && p.target.startsWith('L3')).map((p) => p.pre.name);
    expect(new Set(sources('T4a'))).toEqual(new Set(['M3on']));
    expect(new Set(sources('T5a'))).toEqual(new Set(['M3off']));
    c.laminaModel.parameters.filters.set([1, 0, 1, 0]); // L3 = L1 = the receptor now
    const sim = new Simulator(c.network, { dt: STEP_2D });
    const [m3, on, off] = ['M3', 'M3on', 'M3off'].map((n) => c.network.getPopulation(n));
    let checked = 0;
    let lowest = 0;
    // A step up then down: M3 (a high-pass) goes above and below 0; each half follows its sign.
    sim.runSteps((step, _dt, out) => out.fill(step < 60 ? 1 : 0), 200, {
      record: 'none',
      progressEvery: 1,
      progress: () => {
        const x = m3!.state.x![0]!;
        expect(on!.state.x![0]).toBeCloseTo(Math.max(x, 0), 12);
        expect(off!.state.x![0]).toBeCloseTo(Math.max(-x, 0), 12);
        if (Math.abs(x) > 0.05) checked++;
        lowest = Math.min(lowest, x);
      },
    });
    expect(checked).toBeGreaterThan(50);
    expect(lowest).toBeLessThan(-0.1);
    expect(() => buildDrosophila2dCircuit(drosophila2dSettings({ radius: 2, l3Rectify: false })).network.getPopulation('M3on')).toThrow(/no population named/);
    const fly = drosophilaMotion2d({ radius: 2, l3Rectify: true });
    expect(DrosophilaMotion2d.fromJSON(JSON.parse(JSON.stringify(fly.toJSON()))).circuit.settings.l3Rectify).toBe(true);
    expect('l3Rectify' in drosophila2dSettings({ l3Rectify: false })).toBe(false);
    // On by default with the medulla; a model file without the field (written before) loads linear.
    expect(drosophila2dSettings().l3Rectify).toBe(true);
    expect(drosophila2dSettings({ medullaTau: 0 }).l3Rectify).toBeUndefined();
    expect(() => drosophila2dSettings({ medullaTau: 0, l3Rectify: true })).toThrow(/l3Rectify.*needs the medulla/);
    const old = drosophilaMotion2d({ radius: 2, l3Rectify: false, gainControl: 0 }).toJSON();
    const back = DrosophilaMotion2d.fromJSON(JSON.parse(JSON.stringify(old)));
    expect(back.circuit.settings.l3Rectify).toBeUndefined();
    expect(back.circuit.settings.gainControl).toBeUndefined();
    expect(() => back.circuit.network.getPopulation('M3on')).toThrow(/no population named/);
  });

  it('sceneSelectivity: the same index as the decoding trials from the same places, with a bootstrap interval around it; seeded', () => {
    const W = 96;
    const data = Float64Array.from({ length: W * W }, (_, k) => 100 + 40 * Math.sin(0.37 * (k % W)) * Math.cos(0.23 * Math.floor(k / W)) + 20 * Math.sin(0.11 * k));
    const img = contrastImage({ width: W, height: W, data }, {}, 'synthetic');
    const fly = drosophilaMotion2d({ radius: 2, memory: 4, horizon: 4 }).train([img], { steps: 80, batch: 2 });
    const test = { speeds: [20, 50], seconds: 0.4, starts: 3 };
    const sign = fly.sceneSelectivity([img, img], test);
    const decoding = fly.sceneDecoding([img, img], { ...test, directions: [0, 90, 180, 270] });
    expect(sign.pairs).toBe(6);
    let someResponse = false;
    for (const s of SUBTYPES_2D) {
      sign.index[s].forEach((x, i) => {
        expect(x).toBeCloseTo(decoding.selectivityBySpeed[s][i]!, 12);
        expect(sign.low[s][i]).toBeLessThanOrEqual(sign.high[s][i]!);
        if (x !== 0) someResponse = true;
      });
    }
    expect(someResponse).toBe(true);
    expect(fly.sceneSelectivity([img, img], test)).toEqual(sign);
    // Bootstrap intervals spread when the pairs differ.
    expect(SUBTYPES_2D.some((s) => sign.low[s].some((l, i) => l < sign.high[s][i]!))).toBe(true);
    expect(() => fly.sceneSelectivity([img], { starts: 0 })).toThrow(/sceneSelectivity2d.starts/);
    expect(() => fly.sceneSelectivity([img], { seconds: -1 })).toThrow(/sceneSelectivity2d.seconds/);
  });

  it('a model without a high-pass (medullaHighPass 0, or no medulla at all) saves and loads', () => {
    const W = 96;
    const data = Float64Array.from({ length: W * W }, (_, k) => 100 + 40 * Math.sin(0.37 * (k % W)) * Math.cos(0.23 * Math.floor(k / W)));
    const img = contrastImage({ width: W, height: W, data }, {}, 'synthetic');
    for (const o of [{ medullaHighPass: 0, onOffHighPass: 0 }, { medullaTau: 0 }]) {
      const fly = drosophilaMotion2d({ radius: 2, memory: 2, horizon: 2, ...o }).train([img], { steps: 80, batch: 2 });
      expect(fly.toJSON().settings.medullaHighPass).toBe(0);
      const back = DrosophilaMotion2d.fromJSON(JSON.parse(JSON.stringify(fly.toJSON())));
      expect(back.toJSON()).toEqual(fly.toJSON());
    }
  });
});
