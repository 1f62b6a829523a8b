import { describe, expect, it } from '@jest/globals';
import { Network, NonFiniteError, Simulator, cubaNetwork, dense, lif, source, type Stimulus } from '../../../src/index.js';

/** The wasm backend beyond parity (parityCases.ts): its fused NaN check, and where `auto` picks it. */
describe('wasm backend checks', () => {
  it('keeps population state in its WebAssembly memory', () => {
    const net = cubaNetwork({ n: 100 });
    const sim = new Simulator(net, { backend: 'wasm' });
    expect(sim.backend.name).toBe('wasm');
    const E = net.getPopulation('E');
    expect(E.state.v!.buffer).toBe(net.getPopulation('I').state.v!.buffer);
    expect(E.state.v!.buffer.constructor.name).toBe('ArrayBuffer');
    expect(E.state.v!.buffer.byteLength % 65536).toBe(0);
  });

  it('names the population, variable and unit of a NaN the fused check sees', () => {
    const net = new Network();
    const s = net.population('S', 8, source());
    const a = net.population('A', 9, lif({ synapses: { ge: 0.005 } }));
    net.connect(s, a, dense({ weights: 10 }), { target: 'ge' }); // 8 × 10 × 1e38 overflows float32
    const sim = new Simulator(net, { backend: 'wasm', dt: 1e-4 });
    const bad: Stimulus = { label: 'bad', frame: (step, _dt, out) => out.fill(step === 5 ? 1e38 : 0.1) };
    expect(() => sim.run(bad, 20e-4)).toThrow(NonFiniteError);
    expect(() => {
      sim.reset();
      sim.run(bad, 20e-4);
    }).toThrow(/population 'A', variable 'ge', unit 0, step 5/);
  });

  it('is what auto picks from the measured crossover on, and not below it', () => {
    expect(new Simulator(cubaNetwork({ n: 2000 }), { backend: 'auto' }).backend.name).toBe('wasm');
    expect(new Simulator(cubaNetwork({ n: 200 }), { backend: 'auto' }).backend.name).toBe('cpu');
  });
});
