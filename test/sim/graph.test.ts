import { describe, expect, it } from '@jest/globals';
import {
  CycleError, Network, SizeMismatchError, Simulator, SpecError, SpikeMonitor, dense, lif, linearRate, oneToOne, source, spikeSource,
} from '../../src/index.js';

describe('Network.compile', () => {
  it('rejects a cycle without delay and names it', () => {
    const net = new Network();
    const a = net.population('A', 2, linearRate());
    const b = net.population('B', 2, linearRate());
    const c = net.population('C', 2, linearRate());
    net.connect(a, b, oneToOne(), { name: 'ab' });
    net.connect(b, c, oneToOne(), { name: 'bc' });
    net.connect(c, a, oneToOne(), { name: 'ca' });
    expect(() => net.compile()).toThrow(CycleError);
    try {
      net.compile();
    } catch (e) {
      expect((e as Error).message).toMatch(/cycle without delay/);
      expect((e as CycleError).cycle).toEqual(expect.arrayContaining(['A', 'B', 'C', '[ab]', '[bc]', '[ca]']));
    }
  });

  it('accepts the same cycle once one projection has a delay, and orders zero-delay edges', () => {
    const net = new Network();
    const c = net.population('C', 2, linearRate());
    const a = net.population('A', 2, linearRate());
    const b = net.population('B', 2, linearRate());
    net.connect(a, b, oneToOne());
    net.connect(b, c, oneToOne());
    net.connect(c, a, oneToOne(), { delaySteps: 1 });
    expect(net.compile().order.map((p) => p.name)).toEqual(['A', 'B', 'C']);
  });

  it('rejects a self-loop without delay', () => {
    const net = new Network();
    const a = net.population('A', 3, linearRate());
    net.connect(a, a, dense(), { name: 'recurrent' });
    expect(() => net.compile()).toThrow(/A -> \[recurrent\] -> A|A.*recurrent.*A/);
  });

  it('names the projection whose sizes do not fit', () => {
    const net = new Network();
    const a = net.population('A', 3, linearRate());
    const b = net.population('B', 4, linearRate());
    expect(() => net.connect(a, b, oneToOne(), { name: 'a_to_b' })).toThrow(SizeMismatchError);
    expect(() => net.connect(a, b, oneToOne(), { name: 'a_to_b' })).toThrow(/projection 'a_to_b'.*3.*4/);
    expect(() => net.connect(a, b, dense({ weights: new Float32Array(5) }), { name: 'w' })).toThrow(/projection 'w'.*5 values.*12/);
  });

  it('rejects unknown targets, duplicate names and foreign populations', () => {
    const net = new Network();
    const a = net.population('A', 2, source());
    const b = net.population('B', 2, lif());
    expect(() => net.connect(a, b, oneToOne(), { target: 'ge' })).toThrow(/target.*'ge'.*population 'B'/);
    expect(() => net.population('A', 2, source())).toThrow(/population 'A'.*exists/);
    const other = new Network().population('X', 2, source());
    expect(() => net.connect(other, b, oneToOne())).toThrow(/belongs to another network/);
    expect(() => net.connect(b, a, oneToOne())).toThrow(/takes no input/);
  });
});

describe('delays', () => {
  for (const d of [0, 1, 3, 7]) {
    it(`a delay of ${d} steps delays a spike by exactly ${d} steps`, () => {
      const net = new Network();
      net.population('in', 1, spikeSource());
      net.population('out', 1, lif({ vThresh: 1, tau: 0.01 }));
      net.connect('in', 'out', dense({ weights: 5 }), { delaySteps: d, target: 'v' });
      const sim = new Simulator(net, { dt: 1e-4 });
      const mon = sim.add(new SpikeMonitor('out'));
      const inMon = sim.add(new SpikeMonitor('in'));
      sim.runSteps((step, _dt, out) => out.fill(step === 10 ? 1 : 0), 30);
      expect(Array.from(inMon.spikes.steps)).toEqual([10]);
      expect(Array.from(mon.spikes.steps)).toEqual([10 + d]);
    });
  }

  it('delays graded signals through the rate ring buffer', () => {
    const net = new Network();
    net.population('in', 1, source());
    net.population('out', 1, linearRate());
    net.connect('in', 'out', oneToOne({ weights: 2 }), { delaySteps: 4 });
    const sim = new Simulator(net, { dt: 1e-3 });
    const r = sim.runSteps((step, _dt, out) => out.fill(step), 10, { record: ['out'] });
    expect(Array.from(r.unit('out', 0))).toEqual([0, 0, 0, 0, 0, 2, 4, 6, 8, 10]);
  });
});

describe('stimulus binding', () => {
  it('names the missing or unknown source population', () => {
    const net = new Network();
    net.population('a', 1, source());
    net.population('b', 1, source());
    const sim = new Simulator(net);
    expect(() => sim.run(() => undefined, 0.001)).toThrow(/2 source populations \(a, b\)/);
    expect(() => sim.run({ c: () => undefined }, 0.001)).toThrow(/stimulus\.c.*no source population named 'c'/);
  });

  it('rejects bad simulator options by field', () => {
    const net = new Network();
    net.population('a', 1, source());
    expect(() => new Simulator(net, { dt: 0 })).toThrow(/Simulator\.dt/);
    expect(() => new Simulator(net, { seed: 1.5 })).toThrow(/Simulator\.seed/);
    expect(() => new Simulator(net, { backend: 'tpu' })).toThrow(SpecError);
  });
});

describe('projection source and wide variables', () => {
  it('reads a chosen variable of a graded pre population', () => {
    const twoOut = {
      ...linearRate(),
      kind: 'twoOut',
      variables: ['x', 'neg'],
      step(state: Record<string, Float32Array>, inputs: Record<string, Float32Array>) {
        for (let k = 0; k < state.x!.length; k++) {
          state.x![k] = inputs.I![k]!;
          state.neg![k] = -inputs.I![k]!;
        }
        return 0;
      },
    };
    const net = new Network();
    net.population('in', 1, source());
    net.population('mid', 1, twoOut);
    net.population('out', 1, linearRate());
    net.connect('in', 'mid', oneToOne());
    net.connect('mid', 'out', oneToOne({ weights: 3 }), { source: 'neg' });
    expect(() => net.connect('mid', 'out', oneToOne(), { source: 'nope' })).toThrow(/source.*'nope'/);
    expect(new Simulator(net).runSteps(() => undefined, 1).steps).toBe(1);
    const r2 = new Simulator(net).runSteps((_s, _d, o) => o.fill(2), 2, { record: ['out'] });
    expect(Array.from(r2.unit('out', 0))).toEqual([-6, -6]);
  });

  it('allocates wide variables as size × batch × width', () => {
    const wide = { ...linearRate(), kind: 'wide', variables: ['x', 'hist'], widths: { hist: 5 } };
    const net = new Network();
    const p = net.population('p', 3, wide);
    new Simulator(net, { batch: 2 });
    expect(p.state.hist!.length).toBe(30);
    expect(p.state.x!.length).toBe(6);
  });
});
