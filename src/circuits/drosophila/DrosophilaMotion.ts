import { SpecError } from '../../core/errors.js';
import type { Stimulus } from '../../sim/Stimulus.js';
import type { Scene } from '../../stimuli/naturalScene.js';
import { buildDrosophilaCircuit, drosophilaSettings, type DrosophilaCircuit, type DrosophilaMotionOptions } from './circuit.js';
import { edgeResponses, gratingSelectivity, inputDecomposition, sceneSelectivity, type GratingTest } from './measure.js';
import { readModelJson } from './learnedResu.js';
import { applyModelFile, parseModelFile, toModelFile, type ModelFile } from './modelFile.js';
import type { Subtype } from './subtypes.js';
import { TrainedFly } from './TrainedFly.js';
import { trainCircuit, trainDetectorPhases, trainLaminaPhase, type TrainOptions, type TrainingReport } from './train.js';
import type { LaminaReport } from './lamina.js';

/**
 * The prebuilt fly motion pathway: build it, train it by simulation on natural scenes,
 * measure it, save and load it. `circuit.network` is a plain Network a user could have
 * written; this class only bundles the recipe.
 *
 * @example
 * const fly = drosophilaMotion({ pixels: 16 });
 * fly.train(scenes);                       // lamina, then T4a/T5a (+1), T4b/T5b (−1), thresholds
 * fly.gratingSelectivity({ wavelength: 4, temporalFrequency: 8 }).T4a.dsi;
 * await fly.save('models/drosophila-motion.json');
 */
export class DrosophilaMotion extends TrainedFly<DrosophilaCircuit, TrainingReport, ModelFile> {
  constructor(options: DrosophilaMotionOptions = {}) {
    super(buildDrosophilaCircuit(drosophilaSettings(options)), 0.005);
  }

  /** Train by simulating the circuit with its local rules (see `trainCircuit`). */
  train(scenes: readonly Scene[], options: TrainOptions = {}): this {
    return this.trained(trainCircuit(this.circuit, scenes, options));
  }

  /** Phase 1 of `train` alone: the lamina learns (then `trainDetectors` with its report). */
  trainLamina(scenes: readonly Scene[], options: TrainOptions = {}): LaminaReport {
    return trainLaminaPhase(this.circuit, scenes, options);
  }

  /** The rest of `train` on the lamina as it is: the detectors, then their thresholds; `lamina` is what `trainLamina` returned. */
  trainDetectors(scenes: readonly Scene[], options: TrainOptions, lamina: LaminaReport): this {
    return this.trained(trainDetectorPhases(this.circuit, scenes, options, lamina));
  }

  /**
   * A copy of this circuit's lamina in a circuit with other settings (e.g. more detector
   * lags): train it with `{ keepLamina: true }` to learn only the detectors.
   */
  withLamina(options: DrosophilaMotionOptions): DrosophilaMotion {
    const other = new DrosophilaMotion({ ...this.circuit.settings, ...options });
    const src = this.circuit.laminaModel.parameters;
    const dst = other.circuit.laminaModel.parameters;
    if (src.filters.length !== dst.filters.length) {
      throw new SpecError('withLamina', 'the lamina memory must stay the same to reuse its filters');
    }
    dst.filters.set(src.filters);
    dst.bias.set(src.bias);
    dst.threshold.set(src.threshold);
    other.dt = this.dt;
    return other;
  }

  /** Direction selectivity of every subtype for one grating condition. */
  gratingSelectivity(test: GratingTest) {
    return gratingSelectivity(this.circuit, this.dt, test);
  }

  /** Every subtype's mean response to ON and OFF edges at `speed` (receptors per second). */
  edgeResponses(speed: number, contrast?: number) {
    return edgeResponses(this.circuit, this.dt, speed, contrast);
  }

  /** Direction selectivity of every subtype on a natural scene scanned at `speed` px/step. */
  sceneSelectivity(scene: Scene, speed: number, options?: { steps?: number; rows?: number }) {
    return sceneSelectivity(this.circuit, this.dt, scene, speed, options);
  }

  /** Each input channel's share of one unit's response (the paper's Fig. 5C). */
  inputDecomposition(subtype: Subtype, stimulus: (direction: [1, -1]) => Stimulus, seconds: number, unit?: number) {
    return inputDecomposition(this.circuit, this.dt, subtype, stimulus, seconds, unit);
  }

  /** The learned parameters and settings as a model file's JSON. */
  toJSON(): ModelFile {
    return toModelFile(this.circuit, this.dt, this.training ?? undefined);
  }

  /** Rebuild from a model file's JSON (validated; errors name the field). */
  static fromJSON(json: unknown, file = 'model'): DrosophilaMotion {
    const data = parseModelFile(json, file);
    const fly = new DrosophilaMotion(data.settings);
    applyModelFile(fly.circuit, data, file);
    fly.dt = data.dt;
    fly.training = (data.training as TrainingReport | undefined) ?? null;
    return fly;
  }

  /** Load a model file (Node only). */
  static async load(path: string): Promise<DrosophilaMotion> {
    return DrosophilaMotion.fromJSON(await readModelJson(path), path);
  }
}

/** Build the prebuilt Drosophila motion pathway (untrained). */
export function drosophilaMotion(options: DrosophilaMotionOptions = {}): DrosophilaMotion {
  return new DrosophilaMotion(options);
}
