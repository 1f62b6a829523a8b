import { contrastScene, type Scene } from '../../stimuli/naturalScene.js';
import { deadLeaves } from '../../stimuli/deadLeaves.js';

/**
 * The scene `neurostream fly` measures natural-scene selectivity on by default. Every bundled
 * photograph trains the 1-D pathway, so none is held out; a dead-leaves scene (scale-invariant
 * like a photograph, seeded) is one that training never sees.
 */
export function heldOutScene(seed = 7): Scene {
  return contrastScene(deadLeaves({ width: 512, height: 512, seed }), {}, `dead-leaves-seed${seed}`);
}

/** Visual angle between neighbouring photoreceptors of the 1-D row (the fly's ~5°). */
export const DEGREES_PER_RECEPTOR = 5;

/** A scan speed in image px/step, also in receptors/s and °/s, for tables and reports. */
export interface SceneSpeed {
  readonly pxPerStep: number;
  readonly receptorsPerSecond: number;
  readonly degreesPerSecond: number;
}

/** Express scan speeds (px/step) for receptors `spacing` px apart stepped every `dt` seconds. */
export function sceneSpeeds(pxPerStep: readonly number[], spacing: number, dt: number): SceneSpeed[] {
  return pxPerStep.map((v) => ({ pxPerStep: v, receptorsPerSecond: v / spacing / dt, degreesPerSecond: (DEGREES_PER_RECEPTOR * v) / spacing / dt }));
}
