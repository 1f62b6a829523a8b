import type { Observable } from 'rxjs';

/**
 * A stimulus writes one frame per step into a source population: `out` has
 * `width × batch` values laid out `b * width + i`. Stimuli are pull-based and
 * deterministic in the step index, so `run()` is reproducible.
 */
export interface Stimulus {
  /** Write the frame of `step` (time step `dt` in seconds) into `out`: `width` values per sample, `batch` samples. */
  frame(step: number, dt: number, out: Float32Array, width: number, batch: number): void;
  /** A short description for logs and reports. */
  readonly label?: string;
}

/** A plain function works as a stimulus too. */
export type StimulusFn = (step: number, dt: number, out: Float32Array, width: number, batch: number) => void;

/**
 * What `run()` and `stream()` accept: one stimulus for the network's single source
 * population, or a record keyed by source population name. `stream()` also accepts
 * Observables of frames (live, closed-loop input: the latest frame is held).
 */
export type StimulusInput = Stimulus | StimulusFn | Readonly<Record<string, Stimulus | StimulusFn>>;
/** What `stream()` accepts: a `StimulusInput`, or Observables of frames (live input: the latest frame is held). */
export type LiveStimulusInput =
  | StimulusInput
  | Observable<Float32Array>
  | Readonly<Record<string, Stimulus | StimulusFn | Observable<Float32Array>>>;

export function isStimulus(x: unknown): x is Stimulus | StimulusFn {
  return typeof x === 'function' || (typeof x === 'object' && x !== null && typeof (x as Stimulus).frame === 'function');
}

/** Call a stimulus or stimulus function uniformly. */
export function frameOf(s: Stimulus | StimulusFn): StimulusFn {
  return typeof s === 'function' ? s : (step, dt, out, width, batch) => s.frame(step, dt, out, width, batch);
}

/** A constant frame (broadcast over the batch): handy for tests and clamped inputs. */
export function constant(values: number | ArrayLike<number>): Stimulus {
  return {
    label: 'constant',
    frame(_step, _dt, out, width, batch) {
      if (typeof values === 'number') {
        out.fill(values);
        return;
      }
      for (let b = 0; b < batch; b++) for (let i = 0; i < width; i++) out[b * width + i] = values[i % values.length]!;
    },
  };
}
