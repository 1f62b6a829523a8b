import { afterEach, describe, expect, it } from '@jest/globals';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import {
  defineModel, dense, type DenseOptions, linearRate, lif, MemoryBudgetError, Network, NeurostreamError, setMemoryBudget, Simulator, source, SpecError,
} from '../../src/index.js';
import { main } from '../../src/cli/program.js';
import { capturingLog, caughtWithinMemory, MEMORY_BOUND, memoryInUse, suiteTempDir } from './fixtures.js';

/**
 * Issue 15 item 7, the inputs that building or running a network took silently or crashed on
 * with a bare RangeError/Error: each is now a typed error naming the field, projection or flag.
 * Memory bound stated here: no case grows heap and buffers by more than MEMORY_BOUND (64 MiB).
 */
const dir = suiteTempDir('i15-construction-');
afterEach(() => {
  setMemoryBudget(null);
});

/** What `f` throws, within the memory bound; the test fails when it throws nothing. */
function thrown(f: () => unknown): unknown {
  const e = caughtWithinMemory(f);
  if (e === undefined) throw new Error('expected an error, none was thrown');
  return e;
}

function twoLayers(weights: DenseOptions['weights']): Network {
  const net = new Network({ seed: 1 });
  net.population('a', 3, source());
  net.population('b', 2, linearRate({ tau: 0.01 }));
  net.connect('a', 'b', dense({ weights }), { name: 'a-to-b' });
  return net;
}

describe('weights, stimuli and steps that were taken silently', () => {
  it.each([
    ['() => NaN', () => NaN, /NaN/],
    ["() => 'abc'", () => 'abc', /'abc'/],
  ])('dense({ weights: %s }) is a SpecError naming the projection and the index', (_label, w, shown) => {
    const e = thrown(() => new Simulator(twoLayers(w as unknown as () => number)));
    expect(e).toBeInstanceOf(SpecError);
    expect((e as Error).message).toMatch(/projection 'a-to-b'\.weights\(pre 0, post 0\)/);
    expect((e as Error).message).toMatch(shown);
  });

  it('checks a dense matrix against the memory budget before allocating it', () => {
    const net = new Network();
    const a = net.population('a', 100_000, source());
    const b = net.population('b', 100_000, linearRate());
    const e = thrown(() => net.connect(a, b, dense({ weights: 0.1 })));
    expect(e).toBeInstanceOf(MemoryBudgetError);
    expect((e as Error).message).toMatch(/projection 'a->b': dense weights 100000 × 100000 would need 37\.3 GiB/);
    setMemoryBudget(2 ** 20);
    expect(thrown(() => net.connect('a', 'b', dense({ weights: 0.1 }), { name: 'again' }))).toBeInstanceOf(MemoryBudgetError);
  });

  it('runSteps(42, n): a stimulus that is no stimulus is a SpecError', () => {
    const sim = new Simulator(twoLayers(0.5));
    const e = thrown(() => sim.runSteps(42 as never, 5));
    expect(e).toBeInstanceOf(SpecError);
    expect((e as Error).message).toMatch(/^stimulus: expected a Stimulus, a frame function, a record keyed by source population or null, got the number 42/);
    expect(sim.step).toBe(0);
  });
});

describe('time steps and time constants the integration cannot use', () => {
  it('dt: 1e-300 is a SpecError naming Simulator.dt', () => {
    const net = new Network();
    net.population('n', 3, lif());
    const e = thrown(() => new Simulator(net, { dt: 1e-300 }));
    expect(e).toBeInstanceOf(SpecError);
    expect((e as Error).message).toMatch(/^Simulator\.dt: 1e-300 s is shorter than 1 ns/);
  });

  it.each(['exact', 'euler', 'rk4'] as const)("tau: '0 ms' with method %s is a SpecError naming the parameter", (method) => {
    const e = thrown(() => defineModel({ equations: 'dv/dt = -v/tau : volt', parameters: { tau: '0 ms' }, method }));
    expect(e).toBeInstanceOf(SpecError);
    expect((e as Error).message).toMatch(/^defineModel\.parameters\.tau: '0 ms' makes the coefficient of v in dv\/dt infinite/);
  });

  it('a 2000-term sum in an equation is a typed error, not a bare RangeError', () => {
    const sum = Array.from({ length: 2000 }, (_, k) => `a${k}`).join(' + ');
    const e = thrown(() => defineModel({ equations: `dv/dt = (${sum})/tau : 1`, parameters: { tau: '10 ms' } }));
    expect(e).toBeInstanceOf(NeurostreamError);
  });
});

describe('demo flags end in a typed error before any work', () => {
  const run = (args: string[]) => main(['node', 'neurostream', ...args]);

  it('demo --n 1e9 is refused by the memory budget before allocating', async () => {
    const before = memoryInUse();
    await expect(run(['demo', '--n', '1e9'])).rejects.toThrow(MemoryBudgetError);
    await expect(run(['demo', '--n', '1e9'])).rejects.toThrow(/population '\w+' \(\d+ units\) would need/);
    expect(memoryInUse() - before).toBeLessThan(MEMORY_BOUND);
  });

  it('demo --seconds 1e-9 is refused (it printed "NaN Hz")', async () => {
    const lines = await capturingLog(() => expect(run(['demo', '--seconds', '1e-9'])).rejects.toThrow(/demo --seconds/));
    expect(lines.join('\n')).not.toMatch(/NaN/);
  });

  it('filters --noise -1 is a flag error, nothing written', async () => {
    await expect(run(['filters', '--image', 'assets/natural/chelsea.png', '--noise', '-1', '--out', join(dir, 'f')])).rejects.toThrow(/filters --noise: expected a non-negative number, got '-1'/);
    expect(readdirSync(dir)).toEqual([]);
  });
});
