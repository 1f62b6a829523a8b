import { afterEach, describe, expect, it, jest } from '@jest/globals';
import { Subject, toArray, firstValueFrom } from 'rxjs';
import { TestScheduler } from 'rxjs/testing';
import { Network, Simulator, linearRate, oneToOne, source, type Tick } from '../../src/index.js';

function tinyNet(): Network {
  const net = new Network();
  net.population('in', 2, source());
  net.population('out', 2, linearRate({ tau: 0.01 }));
  net.connect('in', 'out', oneToOne());
  return net;
}

describe('Simulator.stream', () => {
  afterEach(() => {
    jest.useRealTimers();
  });

  it('delivers ticks in order on a virtual scheduler, at the requested speed', () => {
    const scheduler = new TestScheduler((a, b) => expect(a).toEqual(b));
    scheduler.run(({ flush }) => {
      const sim = new Simulator(tinyNet(), { dt: 1e-3 });
      const steps: number[] = [];
      const sub = sim.stream(() => undefined, { scheduler, frameMs: 10, speed: 1 }).subscribe((t: Tick) => steps.push(t.step));
      scheduler.schedule(() => sub.unsubscribe(), 100);
      flush();
      // Frames at 10, 20, …, 90 ms each run the steps due at speed 1 with dt = 1 ms; the
      // unsubscribe scheduled for 100 ms was queued before the frame of 100 ms, so it wins.
      expect(steps).toEqual(Array.from({ length: 90 }, (_, k) => k));
      expect(sim.step).toBe(steps.length);
    });
  });

  it('stops cleanly when unsubscribed: no timers left, no more steps', () => {
    jest.useFakeTimers();
    const sim = new Simulator(tinyNet(), { dt: 1e-3 });
    const outputs: number[] = [];
    const outSub = sim.network.getPopulation('out').output$.subscribe((o) => outputs.push(o[0]!));
    const sub = sim.stream(() => undefined, { frameMs: 16 }).subscribe();
    expect(jest.getTimerCount()).toBe(1);
    jest.advanceTimersByTime(160);
    // Ten frames of 16 ms on the faked clock, each running the steps due at speed 1, dt = 1 ms.
    const reached = sim.step;
    expect(reached).toBe(160);
    expect(outputs.length).toBe(reached);
    sub.unsubscribe();
    outSub.unsubscribe();
    expect(jest.getTimerCount()).toBe(0);
    jest.advanceTimersByTime(1000);
    expect(sim.step).toBe(reached);
    // The simulator can run again synchronously afterwards.
    sim.run(null, 0.01);
    expect(sim.step).toBe(reached + 10);
  });

  it('takes live frames from an Observable and completes after a duration', async () => {
    const sim = new Simulator(tinyNet(), { dt: 1e-3 });
    const frames = new Subject<Float32Array>();
    const out = sim.network.getPopulation('out');
    const seen: number[] = [];
    out.output$.subscribe((o) => seen.push(o[1]!));
    const done = firstValueFrom(sim.stream(frames, { speed: 20, frameMs: 5, duration: 0.05 }).pipe(toArray()));
    frames.next(Float32Array.of(1, 2));
    const ticks = await done;
    expect(ticks.length).toBe(50);
    // out follows in[1] = 2 with tau = 10 ms (exact exponential steps of 1 ms, from the first
    // step on): 2 (1 − e^{−t/τ}) after the 50 steps.
    expect(seen).toHaveLength(50);
    expect(seen[seen.length - 1]!).toBeCloseTo(2 * (1 - Math.exp(-50 / 10)), 5);
  });
});
