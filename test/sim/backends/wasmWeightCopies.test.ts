import { describe, expect, it } from '@jest/globals';
import { Network, PastFutureCCARule, SeededRandom, Simulator, dense, oneToOne, ouSeries, prepareBackend, resuBank, source, transposeOf, wuxing } from '../../../src/index.js';
import type { PopulationRule, ProjectionRule } from '../../../src/plasticity/PlasticityRule.js';
import { HostEdits, STALE_CHECK_EVERY } from '../../../src/sim/hostEdits.js';
import { WasmArena } from '../../../src/sim/backends/wasm/arena.js';
import { wasmDenseKernels, wasmTransposedKernels } from '../../../src/sim/backends/wasm/denseRates.js';
import type { DenseSynapses } from '../../../src/synapses/Connectivity.js';
import type { TransposedSynapses } from '../../../src/synapses/transposeOf.js';
import { BspClassifier, type ImageSet } from '../../../src/node.js';

/**
 * The wasm backend keeps copies of dense weights and of Wuxing rate constants in its memory
 * while the simulator's HostEdits count stands still (rules flagged `onStepReadsOnly` do not
 * move it). These tests check the copies follow every edit the count announces, and that an
 * edit it does not announce (a wrongly flagged rule) is caught by the spot checks, naming the
 * flagged rule, instead of running on stale weights.
 */
describe('wasm weight copies and HostEdits', () => {
  const pre = 64;
  const post = 64;
  const batch = 8; // 64 × 64 × 8 = 32,768 multiply-adds: the float32 SIMD kernels, which keep copies

  function kernelSetup() {
    const r = new SeededRandom(3, 'weight-copies');
    const edits = new HostEdits();
    const arena = new WasmArena(1 << 22, edits);
    const weights = Float32Array.from({ length: pre * post }, () => r.range(-1, 1));
    const x = arena.f32(pre * batch);
    x.set(Float32Array.from({ length: pre * batch }, () => r.range(-1, 1)));
    const out = arena.f32(post * batch);
    return { edits, arena, weights, x, out };
  }

  it('the dense kernel follows weights written before a count move, and throws on weights written without one', () => {
    const { edits, weights, x, out } = kernelSetup();
    const syn: DenseSynapses = { kind: 'dense', preSize: pre, postSize: post, weights };
    const first = () => {
      out.fill(0);
      wasmDenseKernels.rates(syn, x, out, batch);
      return out.slice();
    };
    const y0 = first();
    weights[5] = weights[5]! + 1; // pre 0 → post 5
    edits.mark();
    const y1 = first();
    // announced: output 5 of every row moved by x[b][0], the others kept their bits
    for (let b = 0; b < batch; b++) {
      expect(y1[b * post + 5]! - y0[b * post + 5]!).toBeCloseTo(x[b * pre]!, 5);
      expect(y1[b * post + 6]).toBe(y0[b * post + 6]);
    }
    weights[5] = weights[5]! + 1; // not announced
    expect(() => {
      for (let k = 0; k < STALE_CHECK_EVERY; k++) first();
    }).toThrow(/weights of a dense projection \(64 → 64\) changed during a run/);
  });

  it('the transposed kernel does the same', () => {
    const { edits, weights, x, out } = kernelSetup();
    const forward: DenseSynapses = { kind: 'dense', preSize: post, postSize: pre, weights };
    const syn = { kind: 'transposed', preSize: pre, postSize: post, weights, forward } as unknown as TransposedSynapses;
    const run = () => {
      out.fill(0);
      wasmTransposedKernels.rates(syn, x, out, batch);
      return out.slice();
    };
    const y0 = run();
    weights[0] = weights[0]! + 1; // forward pre 0 → post 0: transposed input 0 → output 0
    edits.mark();
    const y1 = run();
    for (let b = 0; b < batch; b++) expect(y1[b * post]! - y0[b * post]!).toBeCloseTo(x[b * pre]!, 5);
    weights[0] = weights[0]! + 1;
    expect(() => {
      for (let k = 0; k < STALE_CHECK_EVERY; k++) run();
    }).toThrow(/read transposed \(64 → 64\) changed during a run/);
  });

  /** X → F (dense C), Y → R (along Cᵀ): both kernels keep copies of C. */
  function network(rule: ProjectionRule | null, cellRule: PopulationRule | null) {
    const net = new Network({ seed: 5 });
    const X = net.population('X', pre, source());
    const Y = net.population('Y', post, source());
    const F = net.population('F', post, wuxing({ size: post, integrator: 'euler' }));
    const R = net.population('R', pre, wuxing({ size: pre, integrator: 'euler' }));
    const C = net.connect(X, F, dense({ weights: { normal: { std: 0.2 } } }), { name: 'C' });
    net.connect(Y, R, transposeOf(C), { name: 'CT' });
    if (rule) net.learn(C, rule);
    if (cellRule) net.learn(F, cellRule);
    return net;
  }
  const stimulus = {
    X: (s: number, _dt: number, out: Float32Array) => {
      for (let k = 0; k < out.length; k++) out[k] = 0.3 * Math.sin(0.2 * s + k);
    },
    Y: (s: number, _dt: number, out: Float32Array) => {
      for (let k = 0; k < out.length; k++) out[k] = 0.3 * Math.cos(0.1 * s + k);
    },
  };
  const writesWeights = (flag: boolean): ProjectionRule => ({
    attach: 'projection',
    name: 'nudge',
    onStepReadsOnly: flag,
    onStep(view) {
      const w = view.synapses.weights;
      for (let k = 0; k < w.length; k += 7) w[k] = w[k]! * 0.999 + 0.001;
    },
  });
  const writesRates = (flag: boolean): PopulationRule => ({
    attach: 'population',
    name: 'slowCells',
    onStepReadsOnly: flag,
    onStep(view) {
      const K3 = view.parameters.K3!;
      for (let k = 0; k < K3.length; k += 3) K3[k] = K3[k]! * 1.001;
    },
  });

  function run(backend: string, rule: ProjectionRule | null, cellRule: PopulationRule | null, steps = 3 * STALE_CHECK_EVERY) {
    const net = network(rule, cellRule);
    const sim = new Simulator(net, { backend, dt: 0.1, batch, checkFinite: 0 });
    sim.runSteps(stimulus, steps);
    return { F: net.getPopulation('F').state.D!.slice(), R: net.getPopulation('R').state.D!.slice(), C: net.projections[0]!.synapses.weights.slice() };
  }

  it('rules that write weights or rate constants every step, unflagged: wasm follows cpu (weights bit for bit, cells within float32 product roundings)', async () => {
    await prepareBackend('wasm');
    const cpu = run('cpu', writesWeights(false), writesRates(false));
    const wasm = run('wasm', writesWeights(false), writesRates(false));
    expect(wasm.C).toEqual(cpu.C);
    for (const p of ['F', 'R'] as const) {
      let gap = 0;
      cpu[p].forEach((v, k) => (gap = Math.max(gap, Math.abs(v - wasm[p][k]!))));
      expect(gap).toBeLessThan(1e-5);
    }
    // and the edits mattered: without them the cells end elsewhere
    const still = run('cpu', null, null);
    let moved = 0;
    cpu.F.forEach((v, k) => (moved = Math.max(moved, Math.abs(v - still.F[k]!))));
    expect(moved).toBeGreaterThan(1e-3);
  });

  it('a rule flagged onStepReadsOnly that writes weights or rate constants anyway is an error naming it on wasm', async () => {
    await prepareBackend('wasm');
    expect(() => run('wasm', writesWeights(true), null)).toThrow(/weights of a dense projection.*onStepReadsOnly.*'nudge' on projection 'C'/);
    expect(() => run('wasm', null, writesRates(true))).toThrow(/K1, K2, K3 of a wuxing population \(64 cells\).*onStepReadsOnly.*'slowCells'/);
    // the flag only concerns device copies: the cpu backend runs the same rule to the same weights
    expect(run('cpu', writesWeights(true), null).C).toEqual(run('cpu', writesWeights(false), null).C);
  });

  it.each([
    { method: 2 as const, rules: ['bspConnection'] },
    { method: 1 as const, rules: ['bspFixedPoint'] },
    { method: 1 as const, rules: ['bspFixedPointPid'], pid: true },
  ])('the BSP rules are flagged onStepReadsOnly and their step hooks write no weights and no rate constants (method $method, $rules)', ({ method, rules, pid }) => {
    const r = new SeededRandom(8, 'bsp-flags');
    const set: ImageSet = { images: Float32Array.from({ length: 20 * 16 }, () => r.uniform()), labels: Uint8Array.from({ length: 20 }, () => r.int(2)), count: 20, rows: 4, cols: 4, classes: 2 };
    const bsp = new BspClassifier({ layers: [16, 8, 2], method, integrator: 'euler', window: 2, batch: 10, seed: 2, ...(pid ? { fixedPoint: { pid: {} } } : {}) }, 'cpu');
    const learned = () => [...bsp.net.connections.map((p) => p.weights.slice()), ...bsp.net.forward.flatMap((f) => ['K1', 'K2', 'K3'].map((g) => Float32Array.from(f.model.parameters![g]!)))];
    let steps = 0;
    for (const a of bsp.net.network.attachments) {
      expect(rules).toContain(a.rule.name);
      expect(a.rule.onStepReadsOnly).toBe(true);
      const onStep = a.rule.onStep!.bind(a.rule) as (v: unknown) => void;
      (a.rule as { onStep: (v: unknown) => void }).onStep = (view) => {
        const before = learned();
        onStep(view);
        steps++;
        learned().forEach((v, k) => expect(v).toEqual(before[k]));
      };
    }
    const start = learned();
    bsp.trainBatch(set, null, 0);
    bsp.trainBatch(set, null, 10);
    expect(steps).toBeGreaterThan(0);
    // ...while onBatch did learn
    expect(learned().some((v, k) => v.some((w, i) => w !== start[k]![i]))).toBe(true);
  });

  it('PastFutureCCARule is flagged onStepReadsOnly: its step hook writes no filters, and a ReSU bank refitting mid-run on wasm runs to the cpu outputs and filters bit for bit', async () => {
    await prepareBackend('wasm');
    const memory = 6;
    const units = 4;
    const steps = 6 * STALE_CHECK_EVERY;
    const series = Array.from({ length: units * 2 }, (_, k) => ouSeries({ length: steps, a: 0.9, noiseStd: 0.3, seed: 11 + k }));
    const run = (backend: string) => {
      const net = new Network();
      const R = net.population('R', units, source());
      const L = net.population('L', units, resuBank({ memory }));
      net.connect(R, L, oneToOne());
      const rule = new PastFutureCCARule({ memory, horizon: 4, refitEvery: 50 });
      expect(rule.onStepReadsOnly).toBe(true);
      net.learn(L, rule);
      let hooks = 0;
      const onStep = rule.onStep.bind(rule);
      rule.onStep = (view) => {
        const before = Float32Array.from(view.parameters.filters!);
        onStep(view);
        hooks++;
        expect(Float32Array.from(view.parameters.filters!)).toEqual(before);
      };
      const sim = new Simulator(net, { backend, dt: 1, batch: 2, checkFinite: 0 });
      const out = sim.runSteps((s, _dt, x) => x.forEach((_v, k) => (x[k] = series[k]![s]!)), steps, { record: ['L'] }).output('L').data.slice();
      return { out, filters: Float32Array.from(L.model.parameters!.filters!), fits: rule.fits, hooks };
    };
    const cpu = run('cpu');
    const wasm = run('wasm');
    // the filters moved several times mid-run (refits), and the wasm kernel followed each
    expect(cpu.fits).toBeGreaterThan(3);
    expect(cpu.hooks).toBe(steps);
    expect(wasm.fits).toBe(cpu.fits);
    expect(wasm.filters).toEqual(cpu.filters);
    expect(wasm.out).toEqual(cpu.out);
  });

  it('the wasm ReSU step spot-checks its kept filters: a flagged rule that writes them in its step hook is an error naming it', async () => {
    await prepareBackend('wasm');
    const run = (backend: string) => {
      const net = new Network();
      const R = net.population('R', 4, source());
      const L = net.population('L', 4, resuBank({ memory: 6, filters: [[1, 0.5, 0.2, 0, 0, 0], [0.3, -0.2, 0.1, 0, 0, 0]] }));
      net.connect(R, L, oneToOne());
      const drift: PopulationRule = {
        attach: 'population',
        name: 'drift',
        onStepReadsOnly: true,
        onStep(view) {
          const f = view.parameters.filters!;
          f[0] = f[0]! * 0.999;
        },
      };
      net.learn(L, drift);
      new Simulator(net, { backend, dt: 1, checkFinite: 0 }).runSteps((s, _dt, x) => x.forEach((_v, k) => (x[k] = Math.sin(0.3 * s + k))), 2 * STALE_CHECK_EVERY);
    };
    expect(() => run('cpu')).not.toThrow();
    expect(() => run('wasm')).toThrow(/filters, bias or thresholds of a resu population \(4 units\).*onStepReadsOnly.*'drift' on population 'L'/);
  });
});
