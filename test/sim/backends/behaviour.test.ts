import { describe, expect, it } from '@jest/globals';
import { Network, Simulator, SpikeMonitor, StateMonitor, constant, lif, linearRate, oneToOne, source, spikeSource, listBackends } from '../../../src/index.js';

/**
 * The same behavioural tests run on every backend (Nengo's pattern): a backend is done
 * when this suite passes on it. Expected values come from the models' equations.
 */
const backends = listBackends().filter((b) => b.isAvailable()).map((b) => b.name);

describe('registered backends', () => {
  it('include cpu and gpu, and gpu says which gpu.js mode runs', () => {
    expect(backends).toEqual(expect.arrayContaining(['cpu', 'gpu']));
    const gpu = listBackends().find((b) => b.name === 'gpu')!;
    expect(gpu.describe()).toMatch(/gpu\.js in '(webasm|cpu|webgl2?|headlessgl)' mode/);
  });
});

describe.each(backends)('%s backend', (backend) => {
  it('fires a constantly driven LIF at the period of its exact discrete update', () => {
    const tau = 0.01, dt = 1e-4, bias = 2, tRef = 0.001;
    const net = new Network();
    net.population('N', 4, lif({ tau, bias, vThresh: 1, vReset: 0, tRef }));
    const sim = new Simulator(net, { dt, backend });
    const mon = sim.add(new SpikeMonitor('N'));
    sim.runSteps(null, 1000);
    // v_{k+1} = vInf + (v_k − vInf)·e^{−dt/τ} from 0 until v > 1, then tRef/dt steps held.
    let v = 0, k = 0;
    while (v <= 1) {
      v = bias + (v - bias) * Math.exp(-dt / tau);
      k++;
    }
    const period = k + Math.round(tRef / dt);
    const steps = Array.from(mon.trainOf(0));
    expect(steps.length).toBe(Math.floor((1000 - k) / period) + 1);
    expect(steps[0]).toBe(k - 1);
    for (let s = 1; s < steps.length; s++) expect(steps[s]! - steps[s - 1]!).toBe(period);
    expect(mon.count).toBe(4 * steps.length);
  });

  it('delivers a spike through a delayed one-to-one projection after exactly `delay` steps', () => {
    const net = new Network();
    const src = net.population('In', 3, spikeSource());
    const out = net.population('Out', 3, lif({ vThresh: 1 }));
    net.connect(src, out, oneToOne({ weights: [2, 0.5, 2] }), { target: 'v', delaySteps: 3 });
    const sim = new Simulator(net, { dt: 1e-4, backend });
    const mon = sim.add(new SpikeMonitor('Out'));
    sim.runSteps((step, _dt, o) => o.fill(step === 10 ? 1 : 0), 30);
    expect(Array.from(mon.spikes.steps)).toEqual([13, 13]);
    expect(Array.from(mon.spikes.units)).toEqual([0, 2]);
  });

  it('relaxes a linear rate unit to gain·I + bias with its time constant', () => {
    const net = new Network();
    const s = net.population('S', 5, source());
    net.population('R', 5, linearRate({ tau: 0.01, gain: 0.5, bias: 0.1 }));
    net.connect(s, 'R', oneToOne({ weights: 1 }));
    const sim = new Simulator(net, { dt: 1e-4, backend });
    const mon = sim.add(new StateMonitor('R', 'x', { units: [2] }));
    sim.runSteps(constant([0, 1, 2, 3, 4]), 300);
    const x = mon.trace(0);
    const target = 0.5 * 2 + 0.1;
    // Exact update: x_k = target + (x_0 − target)·e^{−k·dt/τ}, x_0 = bias.
    for (const k of [0, 99, 299]) expect(x[k]).toBeCloseTo(target + (0.1 - target) * Math.exp(-(k + 1) * 0.01), 5);
  });

  it('keeps batch elements independent', () => {
    const run = (batch: number, drive: (b: number) => number) => {
      const net = new Network();
      const s = net.population('S', 2, source());
      net.population('N', 2, lif({ tau: 0.01 }));
      net.connect(s, 'N', oneToOne({ weights: 1 }));
      const sim = new Simulator(net, { dt: 1e-4, batch, backend });
      const r = sim.runSteps((_t, _dt, o, width, nb) => {
        for (let b = 0; b < nb; b++) o.fill(drive(b), b * width, (b + 1) * width);
      }, 500);
      return Array.from(r.spikeCounts.get('N')!);
    };
    const batched = run(3, (b) => 1.5 + b);
    const single = [0, 1, 2].flatMap((b) => run(1, () => 1.5 + b));
    expect(batched).toEqual(single);
    expect(new Set(batched).size).toBe(3);
  });

  it('leaves state readable after a run, shows it to tick$ subscribers, and resets it', () => {
    const net = new Network();
    const n = net.population('N', 50, lif({ tau: 0.02, bias: 1.3, vInit: [0, 1] }));
    const sim = new Simulator(net, { dt: 1e-4, seed: 5, backend, checkFinite: 0 });
    const spikes = sim.add(new SpikeMonitor('N'));
    const v0 = Float32Array.from(n.state.v!);
    sim.runSteps(null, 200);
    const first = spikes.count;
    const vAfter = Float32Array.from(n.state.v!);
    expect(vAfter).not.toEqual(v0);
    const seen: number[] = [];
    const sub = sim.tick$.subscribe(() => seen.push(n.state.v![7]!));
    sim.runSteps(null, 3);
    sub.unsubscribe();
    expect(seen[2]).toBe(n.state.v![7]);
    expect(seen[0]).not.toBe(seen[1]);
    sim.reset();
    expect(Float32Array.from(n.state.v!)).toEqual(v0);
    spikes.clear();
    sim.runSteps(null, 200);
    expect(spikes.count).toBe(first);
    expect(Float32Array.from(n.state.v!)).toEqual(vAfter);
  });
});

describe('auto backend', () => {
  it("takes the gpu backend only from the gpu mode's measured crossover (never in a mode that never won)", async () => {
    const { resolveBackend, getBackend } = await import('../../../src/sim/backends/registry.js');
    const { crossoverFor } = await import('../../../src/sim/backends/gpu/crossover.js');
    const { gpuMode } = await import('../../../src/index.js');
    const gpu = getBackend('gpu');
    expect(gpu.minProblemSize).toBe(crossoverFor(gpuMode()));
    const big = resolveBackend('auto', 1e7).name;
    // without a gpu crossover, a big problem goes to wasm (from its own crossover on)
    const wasm = getBackend('wasm');
    expect(big).toBe(Number.isFinite(gpu.minProblemSize!) ? 'gpu' : wasm.isAvailable() ? 'wasm' : 'cpu');
    expect(resolveBackend('auto', wasm.minProblemSize! - 1).name).toBe('cpu');
    expect(resolveBackend('auto', 10).name).toBe('cpu');
  });
});
