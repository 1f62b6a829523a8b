import { beforeAll, describe, expect, it } from '@jest/globals';
import { Network, Simulator, dense, lif, source, type Stimulus } from '../../../src/index.js';
import { SeededRandom } from '../../../src/core/random.js';
import { lifKernelArgs } from '../../../src/neurons/lif.js';
import { flushInterval } from '../../../src/sim/backends/wasm/lifStep.js';
import { prepareBackend } from '../../../src/sim/backends/registry.js';

/**
 * The wasm LIF step computes in float32 (assembly/lifStep.ts); the cpu step in float64 with
 * one rounding on store. The stated bound, one step from the same state: a synaptic variable
 * within 4·2⁻²⁴ of its value, v within 8·2⁻²⁴ of the sum of its terms' magnitudes
 * (|E_l + R·bias| + |R·I| + |v| + Σ|g·a|), the same units fired except where the cpu's v lies within
 * that bound of the threshold. And the kernel never leaves a float32 subnormal behind.
 */
const U = 2 ** -24;

/** LIF populations with 0, 1 and 2 synaptic variables (the kernel fuses up to two), sizes not a multiple of 8, fed by a source into I. */
function network(): Network {
  const net = new Network({ seed: 4 });
  const s = net.population('S', 5, source());
  const models = {
    A: lif({ tau: 0.01, vThresh: 0.6, tRef: 0.003 }),
    B: lif({ tau: 0.015, synapses: { ge: 0.004 }, vRest: -0.07, vThresh: -0.05, vReset: -0.075, R: 2 }),
    C: lif({ tau: 0.02, synapses: { ge: 0.005, gi: 0.01 }, vRest: -0.049, vThresh: -0.05, vReset: -0.06, tRef: 0.005 }),
  };
  for (const [name, model] of Object.entries(models)) {
    const pop = net.population(name, name === 'A' ? 29 : name === 'B' ? 43 : 1003, model);
    net.connect(s, pop, dense({ weights: { uniform: { low: -0.02, high: 0.05 } } }));
  }
  return net;
}

const drive: Stimulus = { label: 'drive', frame: (step, _dt, out) => out.fill(0.3 + 0.1 * step) };

/** The same random state on both simulators' populations: v near threshold, some refractory, synaptic variables of both signs. */
function setState(nets: Network[], seed: number): void {
  for (const name of ['A', 'B', 'C']) {
    const rng = new SeededRandom(seed, name);
    const pop0 = nets[0]!.getPopulation(name);
    const d = pop0.model.describe() as { vThresh: number; vReset: number };
    const values: Record<string, Float32Array> = {};
    for (const v of pop0.model.variables) {
      const a = new Float32Array(pop0.state[v]!.length);
      for (let k = 0; k < a.length; k++) {
        if (v === 'v') a[k] = rng.range(d.vReset, d.vThresh + 0.2 * (d.vThresh - d.vReset));
        else if (v === 'ref') a[k] = rng.uniform() < 0.2 ? 1 + rng.int(3) : 0;
        else a[k] = rng.range(-0.01, 0.02);
      }
      values[v] = a;
    }
    for (const net of nets) for (const v of pop0.model.variables) net.getPopulation(name).state[v]!.set(values[v]!);
  }
}

beforeAll(async () => {
  await prepareBackend('wasm');
});

describe('wasm LIF step: float32 within the stated bound of the cpu step', () => {
  it.each([
    ['a flushing call (the first)', 0],
    ['an ordinary call (the second)', 1],
  ])('%s', (_label, before) => {
    const nets = [network(), network()];
    const sims = [new Simulator(nets[0]!, { backend: 'cpu' }), new Simulator(nets[1]!, { backend: 'wasm' })];
    for (let s = 0; s < before; s++) for (const sim of sims) sim.runSteps(drive, 1);
    setState(nets, 9 + before);
    const old = Object.fromEntries(['A', 'B', 'C'].map((n) => [n, Object.fromEntries(nets[0]!.getPopulation(n).model.variables.map((v) => [v, nets[0]!.getPopulation(n).state[v]!.slice()]))]));
    const results = sims.map((sim) => sim.runSteps(drive, 1));
    let compared = 0;
    let units = 0;
    let firedNearThreshold = 0;
    for (const name of ['A', 'B', 'C']) {
      const cpu = nets[0]!.getPopulation(name);
      const wasm = nets[1]!.getPopulation(name);
      const coef = lifKernelArgs(cpu.model)!.coefficients(1e-4);
      const [base, R, eM, thresh] = [coef[0]!, coef[1]!, coef[2]!, coef[3]!];
      const syn = cpu.model.variables.filter((v) => v !== 'v' && v !== 'ref');
      const a = [coef[5]!, coef[7]!];
      const e = [coef[6]!, coef[8]!];
      const firedCpu = results[0]!.spikeCounts.get(name)!;
      const firedWasm = results[1]!.spikeCounts.get(name)!;
      units += cpu.size;
      for (let k = 0; k < cpu.size; k++) {
        syn.forEach((g, s) => {
          const bound = 2 * 2 * U * Math.abs(old[name]![g]![k]! * e[s]!);
          expect({ name, g, k, off: Math.abs(wasm.state[g]![k]! - cpu.state[g]![k]!) <= bound }).toEqual({ name, g, k, off: true });
        });
        expect({ name, k, ref: wasm.state.ref![k] }).toEqual({ name, k, ref: cpu.state.ref![k] });
        const vInf = base + R * cpu.inputs.I![k]!;
        const scale = Math.abs(base) + Math.abs(R * cpu.inputs.I![k]!) + Math.abs(old[name]!.v![k]!) + syn.reduce((t, g, s) => t + Math.abs(old[name]![g]![k]! * a[s]!), 0);
        const bound = 8 * U * scale;
        const vNew = vInf + (old[name]!.v![k]! - vInf) * eM + syn.reduce((t, g, s) => t + old[name]![g]![k]! * a[s]!, 0);
        if (old[name]!.ref![k]! > 0) continue;
        if (Math.abs(vNew - thresh) <= bound) {
          firedNearThreshold++;
          continue;
        }
        expect({ name, k, fired: firedWasm[k] }).toEqual({ name, k, fired: firedCpu[k] });
        if (!firedCpu[k]) expect({ name, k, off: Math.abs(wasm.state.v![k]! - cpu.state.v![k]!) <= bound }).toEqual({ name, k, off: true });
        compared++;
      }
    }
    expect(compared).toBeGreaterThan(0.7 * units); // 20 % start refractory
    expect(firedNearThreshold).toBeLessThan(10);
    // the state moved and some units fired (the comparison is not of nothing)
    expect([...results[0]!.spikeCounts.values()].reduce((n, c) => n + c.reduce((x, y) => x + y, 0), 0)).toBeGreaterThan(20);
  });

  it('leaves no float32 subnormal behind while synaptic variables and v decay toward 0', () => {
    const net = new Network();
    const pop = net.population('P', 67, lif({ tau: 0.002, synapses: { ge: 0.001, gi: 0.0015 } })); // vRest 0: v decays to 0 too
    const sim = new Simulator(net, { backend: 'wasm', dt: 1e-4 });
    pop.state.ge!.fill(1e-3);
    pop.state.gi!.fill(-2e-3);
    pop.state.v!.fill(0.5);
    const coef = lifKernelArgs(pop.model)!.coefficients(1e-4);
    expect(flushInterval(coef)).toBeGreaterThan(1); // the flush is not every step here
    const subnormal = (x: number) => x !== 0 && Math.abs(x) < 2 ** -126;
    let seen = 0;
    let tiny = 0; // steps where some value sat below the flush threshold (the flush had work to do)
    for (let step = 0; step < 3000; step++) {
      sim.runSteps(null, 1);
      for (const v of ['v', 'ge', 'gi']) {
        for (const x of pop.state[v]!) {
          if (subnormal(x)) seen++;
          if (x !== 0 && Math.abs(x) < 2 ** -100) tiny++;
        }
      }
    }
    expect(seen).toBe(0);
    expect(tiny).toBeGreaterThan(0);
    // and at the end everything has decayed to exactly 0 (the cpu backend leaves subnormals or 0 here)
    expect([...pop.state.ge!, ...pop.state.gi!, ...pop.state.v!].every((x) => x === 0)).toBe(true);
  });
});
