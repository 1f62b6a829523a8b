import { interval, type SchedulerLike, type Subscriber, type Subscription } from 'rxjs';
import { requirePositive } from '../core/errors.js';
import { toSI, type QuantityInput } from '../core/quantity.js';

/** How `Simulator.stream` follows the wall clock. */
export interface PacingOptions {
  /** Simulated seconds per wall-clock second (default 1 = real time). */
  speed?: number;
  /**
   * Wall-clock time between frames of work (default 16 ms, about 60 per second). The name
   * carries the unit: a bare number is milliseconds; a quantity ('16 ms', '0.02 s') is converted.
   */
  frameMs?: QuantityInput;
  /** Scheduler for the frames (default asyncScheduler; tests pass a TestScheduler). */
  scheduler?: SchedulerLike;
  /** Stop after this much simulated time: seconds or a quantity ('2 s') (default: run until unsubscribed). */
  duration?: QuantityInput;
  /** Most steps computed in one frame, so a slow machine lags instead of freezing (default 100,000). */
  maxStepsPerFrame?: number;
}

/** Checked pacing options with their defaults; `totalSteps` is Infinity without a duration. */
export interface Pacing {
  readonly speed: number;
  readonly frameMs: number;
  readonly scheduler: SchedulerLike;
  readonly maxSteps: number;
  readonly totalSteps: number;
}

/** Check the options (errors name the field) and fill in the defaults. */
export function pacing(options: PacingOptions, dt: number, defaultScheduler: SchedulerLike): Pacing {
  const speed = requirePositive('stream.speed', options.speed ?? 1);
  const given = options.frameMs;
  const inMs = given === undefined ? 16 : typeof given === 'number' || (typeof given === 'string' && given.trim() !== '' && Number.isFinite(Number(given))) ? Number(given) : toSI('stream.frameMs', given, 'time') * 1000;
  const frameMs = requirePositive('stream.frameMs', inMs);
  const scheduler = options.scheduler ?? defaultScheduler;
  const maxSteps = options.maxStepsPerFrame ?? 100_000;
  const totalSteps = options.duration === undefined ? Infinity : Math.round(requirePositive('stream.duration', toSI('stream.duration', options.duration, 'time')) / dt);
  return { speed, frameMs, scheduler, maxSteps, totalSteps };
}

/**
 * On every frame, run the steps that real time (× speed) has made due since the start,
 * at most `maxSteps` at once; complete `subscriber` after `totalSteps`, and pass an error
 * thrown by `runSteps` to it. Unsubscribing stops the frames and leaves no timer behind.
 */
export function paceFrames(p: Pacing, dt: number, runSteps: (n: number) => void, subscriber: Subscriber<unknown>): Subscription {
  const t0 = p.scheduler.now();
  let done = 0;
  return interval(p.frameMs, p.scheduler).subscribe(() => {
    const due = Math.min(p.totalSteps, Math.floor(((p.scheduler.now() - t0) / 1000) * p.speed / dt));
    const n = Math.min(p.maxSteps, due - done);
    try {
      runSteps(n);
    } catch (e) {
      subscriber.error(e);
      return;
    }
    done += n;
    if (done >= p.totalSteps) subscriber.complete();
  });
}
