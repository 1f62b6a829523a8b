import { SpecError, requireNonNegativeInt } from '../core/errors.js';
import type { RunResult } from '../sim/RunResult.js';

/** What `directionSelectivity` measures: the DSI, preferred and null directions, and the mean responses. */
export interface DirectionSelectivity {
  /** (R₊ − R₋)/(R₊ + R₋): positive when the +1 direction drives the population more. */
  readonly dsi: number;
  /** Preferred and null directions (+1 or −1). */
  readonly pd: 1 | -1;
  /** The null direction: the opposite of `pd`. */
  readonly nd: 1 | -1;
  /** Mean responses to the +1 and −1 directions. */
  readonly responses: {
    /** Mean response to the +1 direction. */
    readonly positive: number;
    /** Mean response to the −1 direction. */
    readonly negative: number;
  };
}

/** Which steps and units of a run the response is averaged over. */
export interface ResponseWindow {
  /** Steps of onset transient to skip (default: one period). */
  skip?: number;
  /** Stimulus period in steps: the window is cut to whole periods after the skip. */
  period?: number;
  /** Units (flat indices) to average; default all units of batch element `batchIndex`. */
  units?: readonly number[];
  /** Which batch element of the recorded output to read (default 0). */
  batchIndex?: number;
}

/**
 * Mean response of a population over whole stimulus periods after the onset transient
 * (the population's output must have been recorded in the run).
 */
export function meanResponse(result: RunResult, population: string, window: ResponseWindow = {}): number {
  const o = result.output(population);
  const period = window.period === undefined ? 1 : Math.max(1, Math.round(window.period));
  const skip = requireNonNegativeInt('meanResponse.skip', window.skip ?? (window.period === undefined ? 0 : period));
  const usable = o.steps - skip;
  const whole = Math.floor(usable / period) * period;
  if (whole <= 0) {
    throw new SpecError('meanResponse', `run of ${o.steps} steps leaves no whole period of ${period} steps after skipping ${skip}; run longer`);
  }
  const b = window.batchIndex ?? 0;
  if (b < 0 || b >= o.batch) throw new SpecError('meanResponse.batchIndex', `${b} outside [0, ${o.batch})`);
  const units = window.units ?? Array.from({ length: o.size }, (_, i) => b * o.size + i);
  let sum = 0;
  for (let t = skip; t < skip + whole; t++) {
    const row = t * o.width;
    for (const u of units) sum += o.data[row + u]!;
  }
  return sum / (whole * units.length);
}

/** DSI from two responses, R₊ for the +1 direction and R₋ for −1. */
export function dsiFrom(positive: number, negative: number): DirectionSelectivity {
  const total = positive + negative;
  const dsi = total === 0 ? 0 : (positive - negative) / total;
  const pd = positive >= negative ? 1 : -1;
  return { dsi, pd, nd: pd === 1 ? -1 : 1, responses: { positive, negative } };
}

/**
 * Direction selectivity of a population from runs of the two directions of motion:
 * DSI = (R₊ − R₋)/(R₊ + R₋), R the mean response over whole periods after the onset.
 * Pass one run per direction, or one batched run with `{ batch: [b₊, b₋] }`.
 */
export function directionSelectivity(
  runs: { readonly positive: RunResult; readonly negative: RunResult } | { readonly batched: RunResult; readonly batch: readonly [number, number] },
  population: string,
  window: ResponseWindow = {},
): DirectionSelectivity {
  if ('batched' in runs) {
    const [bp, bn] = runs.batch;
    return dsiFrom(
      meanResponse(runs.batched, population, { ...window, batchIndex: bp }),
      meanResponse(runs.batched, population, { ...window, batchIndex: bn }),
    );
  }
  return dsiFrom(meanResponse(runs.positive, population, window), meanResponse(runs.negative, population, window));
}
