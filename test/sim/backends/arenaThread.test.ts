import { describe, expect, it } from '@jest/globals';
import { Network, SeededRandom, Simulator, oneToOne, prepareBackend, source, wuxing, wuxingReversed } from '../../../src/index.js';
import { BspClassifier, type ImageSet } from '../../../src/node.js';
import { useKernelThreads } from '../../../src/sim/backends/wasm/kernelThreads.js';
import { arenaThread, SPLIT_MIN_CELLS, SPLIT_MIN_MACS } from '../../../src/sim/backends/wasm/arenaThread.js';
import { arenaOf } from '../../../src/sim/backends/wasm/arena.js';
import { sparseImages } from '../../fixtures/sparseImages.js';

/** Index of the first value whose bits differ (−0 and +0 differ), or −1. */
function firstDifference(a: Float32Array, b: Float32Array): number {
  const x = new Uint32Array(a.buffer, a.byteOffset, a.length);
  const y = new Uint32Array(b.buffer, b.byteOffset, b.length);
  for (let k = 0; k < x.length; k++) if (x[k] !== y[k]) return k;
  return a.length === b.length ? -1 : Math.min(a.length, b.length);
}

const images = (n: number, seed: number): ImageSet => sparseImages(n, seed, 'arena-thread', 8, 0.4);

/**
 * `useKernelThreads`: wasm arenas built afterwards live in a shared memory and a worker runs
 * half of the rows of each big dense or transposed product and half of the cells of each big
 * Wuxing step. Every value comes from the same instructions as on one thread, so a BSP run
 * with the worker is bit-identical to one without it (and the worker did take halves).
 */
describe('wasm arenas on two threads', () => {
  it('BSP with the arena worker: weights and cell states bit-identical to one thread, the worker running halves', async () => {
    await prepareBackend('wasm');
    const layers = [64, 128, 128, 3];
    const batch = 32;
    // the hidden products and cell steps are over the split thresholds, the 128 → 3 ones under
    expect(batch * 128 * 128).toBeGreaterThanOrEqual(SPLIT_MIN_MACS);
    expect(batch * 128).toBeGreaterThanOrEqual(SPLIT_MIN_CELLS);
    const make = () => new BspClassifier({ layers, integrator: 'euler', window: 3, batch, rate: 0.3, seed: 6 }, 'wasm');
    const one = make(); // built before the worker exists: one thread
    await useKernelThreads();
    const two = make();
    expect(arenaOf(one.net.forward[0]!.state.D!)!.thread).toBeUndefined();
    expect(arenaOf(two.net.forward[0]!.state.D!)!.thread).toBe(arenaThread());
    expect(two.net.forward[0]!.state.D!.buffer).toBeInstanceOf(SharedArrayBuffer);
    const start = one.net.connections.map((p) => p.weights.slice());
    const set = images(3 * batch, 4);
    const before = arenaThread()!.tasks;
    for (let from = 0; from < set.count; from += batch) {
      expect(two.trainBatch(set, null, from)).toEqual(one.trainBatch(set, null, from));
    }
    expect(arenaThread()!.tasks - before).toBeGreaterThan(0);
    one.net.connections.forEach((p, l) => {
      expect(firstDifference(two.net.connections[l]!.weights, p.weights)).toBe(-1);
      expect(firstDifference(p.weights, start[l]!)).not.toBe(-1); // learning happened
    });
    for (const [a, b] of [...one.net.forward, ...one.net.reversed].map((p, k) => [p, [...two.net.forward, ...two.net.reversed][k]!] as const)) {
      for (const v of ['J', 'S', 'M', 'H', 'T', 'D']) expect(firstDifference(b.state[v]!, a.state[v]!)).toBe(-1);
    }
  });

  it.each(['float64', 'float32'] as const)('Wuxing cells with their own rate constants, forward and reversed, Euler and RK4, %s arithmetic: bit-identical to one thread', async (arithmetic) => {
    await useKernelThreads();
    const size = 258; // not a multiple of 4: the worker's half ends in the scalar tail
    const batch = 16;
    expect(size * batch).toBeGreaterThanOrEqual(SPLIT_MIN_CELLS);
    for (const integrator of ['euler', 'rk4'] as const) {
      const states: Record<string, Float32Array>[] = [];
      for (const threads of [false, true]) {
        const rng = new SeededRandom(12, 'thread-cells');
        const per = (k: number, spread: number) => Float32Array.from({ length: size * 5 }, (_, i) => (i / 5 < size / 4 ? k : k + rng.range(-spread, spread)));
        const net = new Network();
        const x = net.population('X', size, source());
        const F = net.population('F', size, wuxing({ size, integrator, arithmetic, k1: per(2, 0.2), k2: per(1, 0.15), k3: per(1, 0.15) }));
        const R = net.population('R', size, wuxingReversed({ size, integrator, arithmetic, shareParameters: F.model.parameters! }));
        const w = Float32Array.from({ length: size }, (_, k) => (k < size / 4 ? 0 : rng.range(-4, 4)));
        net.connect(x, F, oneToOne({ weights: w }));
        net.connect(F, R, oneToOne({ weights: w }));
        const sim = new Simulator(net, { backend: 'wasm', dt: integrator === 'rk4' ? 0.2 : 0.1, batch, checkFinite: 0 });
        const arena = arenaOf(F.state.D!)!;
        if (!threads) (arena as { thread?: unknown }).thread = undefined; // this simulator on one thread
        expect(arena.thread === undefined).toBe(!threads);
        const before = arenaThread()!.tasks;
        sim.runSteps({ X: (s: number, _dt: number, out: Float32Array) => out.forEach((_, k) => (out[k] = s < 3 ? 0 : Math.sin(0.3 * s + k))) }, 40);
        if (threads) expect(arenaThread()!.tasks - before).toBeGreaterThanOrEqual(2 * 40 - 6);
        const st: Record<string, Float32Array> = {};
        for (const p of [F, R]) for (const v of ['J', 'S', 'M', 'H', 'T', 'D']) st[`${p.name}.${v}`] = p.state[v]!.slice();
        states.push(st);
      }
      for (const key of Object.keys(states[0]!)) expect([key, firstDifference(states[1]![key]!, states[0]![key]!)]).toEqual([key, -1]);
    }
  });
});
