import { describe, expect, it } from '@jest/globals';
import { bufferCount, take, toArray } from 'rxjs';
import { TestScheduler } from 'rxjs/testing';
import { Network, Simulator, linearRate, oneToOne, source, spikeSource, type SpikeEvents, type Tick } from '../../src/index.js';

function tinyNet(): Network {
  const net = new Network();
  net.population('in', 2, source());
  net.population('out', 2, linearRate({ tau: 0.01 }));
  net.connect('in', 'out', oneToOne());
  return net;
}

describe('emitted values stay what they were (RxJS conventions)', () => {
  it('stream().pipe(bufferCount(5)) gives five different, frozen ticks', () => {
    const scheduler = new TestScheduler((a, b) => expect(a).toEqual(b));
    scheduler.run(({ flush }) => {
      const sim = new Simulator(tinyNet(), { dt: 1e-3 });
      const groups: Tick[][] = [];
      sim.stream(() => undefined, { scheduler, frameMs: 10, duration: 0.01 }).pipe(bufferCount(5)).subscribe((g) => groups.push(g));
      flush();
      expect(groups.map((g) => g.map((t) => t.step))).toEqual([[0, 1, 2, 3, 4], [5, 6, 7, 8, 9]]);
      expect(Object.isFrozen(groups[0]![0])).toBe(true);
    });
  });

  it('output$ emits copies; outputView$ is the zero-copy opt-in', () => {
    const sim = new Simulator(tinyNet(), { dt: 1e-3 });
    const out = sim.network.getPopulation('out');
    const copies: Float32Array[] = [];
    const views: Float32Array[] = [];
    out.output$.subscribe((a) => copies.push(a));
    out.outputView$.subscribe((a) => views.push(a));
    sim.run((step, _dt, o) => o.fill(step + 1), 0.005);
    expect(new Set(copies.map((a) => a[0])).size).toBe(5); // five different values, kept
    expect(copies[4]).toEqual(out.output);
    expect(copies[0]![0]).not.toBe(copies[4]![0]);
    expect(new Set(views).size).toBe(1); // one buffer, reused
  });

  it('events$ emits frozen records with their own units', () => {
    const net = new Network();
    net.population('s', 3, spikeSource());
    const sim = new Simulator(net, { dt: 1e-3 });
    const seen: SpikeEvents[] = [];
    net.getPopulation('s').events$.subscribe((e) => seen.push(e));
    sim.run((step, _dt, o) => { o.fill(0); o[step % 3] = 1; }, 0.003);
    expect(seen.map((e) => [e.step, Array.from(e.units)])).toEqual([[0, [0]], [1, [1]], [2, [2]]]);
    expect(Object.isFrozen(seen[0])).toBe(true);
  });

  it('a second subscriber shares the run instead of erroring "already streaming"', () => {
    const scheduler = new TestScheduler((a, b) => expect(a).toEqual(b));
    scheduler.run(({ flush }) => {
      const sim = new Simulator(tinyNet(), { dt: 1e-3 });
      const s$ = sim.stream(() => undefined, { scheduler, frameMs: 10, duration: 0.01 });
      const a: number[] = [];
      const b: number[] = [];
      let error: unknown = null;
      s$.subscribe({ next: (t) => a.push(t.step), error: (e) => (error = e) });
      s$.pipe(take(3), toArray()).subscribe({ next: (ts) => b.push(...ts.map((t) => t.step)), error: (e) => (error = e) });
      flush();
      expect(error).toBeNull();
      expect(a).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
      expect(b).toEqual([0, 1, 2]);
      expect(sim.step).toBe(10);
    });
  });
});
