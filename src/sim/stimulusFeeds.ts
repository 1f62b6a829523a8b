import { Observable, type Subscription } from 'rxjs';
import { SpecError } from '../core/errors.js';
import type { Population } from './Population.js';
import { frameOf, isStimulus, type LiveStimulusInput, type Stimulus, type StimulusFn, type StimulusInput } from './Stimulus.js';

/** One source population and the frame function that fills its output each step. */
export interface SourceFeed {
  pop: Population;
  frame: StimulusFn;
}

/**
 * Match a run's stimulus to the network's source populations: one stimulus for a single
 * source, or a record keyed by source name. Errors name the stimulus key and the sources.
 */
export function sourceFeeds(sources: readonly Population[], stimulus: StimulusInput | null | undefined): SourceFeed[] {
  if (stimulus === null || stimulus === undefined) return [];
  if (isStimulus(stimulus)) {
    if (sources.length !== 1) {
      throw new SpecError(
        'stimulus',
        sources.length === 0
          ? 'the network has no source population to feed'
          : `the network has ${sources.length} source populations (${sources.map((p) => p.name).join(', ')}); pass a record keyed by their names`,
      );
    }
    return [{ pop: sources[0]!, frame: frameOf(stimulus) }];
  }
  if (typeof stimulus !== 'object') {
    // Object.entries(42) is [], which once ran the network with no input at all.
    throw new SpecError('stimulus', `expected a Stimulus, a frame function, a record keyed by source population or null, got the ${typeof stimulus} ${String(stimulus)}`);
  }
  const feeds: SourceFeed[] = [];
  for (const [name, s] of Object.entries(stimulus)) {
    const pop = sources.find((p) => p.name === name);
    if (!pop) {
      throw new SpecError(`stimulus.${name}`, `no source population named '${name}' (sources: ${sources.map((p) => p.name).join(', ') || 'none'})`);
    }
    if (!isStimulus(s)) throw new SpecError(`stimulus.${name}`, 'expected a Stimulus or a frame function');
    feeds.push({ pop, frame: frameOf(s) });
  }
  return feeds;
}

/** Turn Observables of frames into pull stimuli that hold the latest frame (subscriptions go into `subs`). */
export function holdLatestFrames(stimulus: LiveStimulusInput | null, subs: Subscription[]): StimulusInput | null {
  if (stimulus === null) return null;
  const hold = (name: string, o: Observable<Float32Array>): StimulusFn => {
    let latest: Float32Array | null = null;
    subs.push(o.subscribe((f) => (latest = f)));
    return (_step, _dt, out, width, batch) => {
      if (!latest) return;
      if (latest.length === out.length) out.set(latest);
      else if (latest.length === width) for (let b = 0; b < batch; b++) out.set(latest, b * width);
      else throw new SpecError(`stream(${name}) frame`, `has ${latest.length} values, expected ${width} or ${width * batch}`);
    };
  };
  if (stimulus instanceof Observable) return hold('input', stimulus);
  if (isStimulus(stimulus)) return stimulus;
  const out: Record<string, StimulusFn | Stimulus> = {};
  for (const [k, v] of Object.entries(stimulus)) out[k] = v instanceof Observable ? hold(k, v) : v;
  return out;
}
