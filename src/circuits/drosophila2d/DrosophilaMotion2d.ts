import { SpecError } from '../../core/errors.js';
import { readModelJson } from '../drosophila/learnedResu.js';
import { TrainedFly } from '../drosophila/TrainedFly.js';
import type { ContrastImage } from '../../stimuli/hexSceneMotion.js';
import { buildDrosophila2dCircuit, drosophila2dSettings, LEGACY_SETTINGS_2D, STEP_2D, type Drosophila2dCircuit, type DrosophilaMotion2dOptions } from './circuit2d.js';
import { edgeTuning2d, gratingTuning2d, sceneDecoding2d, sceneSelectivity2d, temporalTuning2d } from './measure2d.js';
import { applyModelFile2d, copyParameters2d, parseModelFile2d, toModelFile2d, type ModelFile2d } from './modelFile2d.js';
import { trainCircuit2d, type Train2dOptions, type Training2dReport } from './train2d.js';

/**
 * The prebuilt 2-D fly motion pathway (T4a–d, T5a–d on a hexagonal eye): build it, train
 * it by simulation on moving photographs, measure it, save and load it. `circuit.network`
 * is a plain Network; this class only bundles the recipe.
 *
 * @example
 * const fly = drosophilaMotion2d({ radius: 4 }).train(images);   // lamina, then one direction pair at a time
 * const big = fly.withRadius(15);                                 // the same filters on flyvis's 721 columns
 * big.gratingTuning({ wavelength: 8, temporalFrequency: 1 }).selectivity.T4c.pd;
 * await fly.save('models/drosophila-motion-2d.json');
 */
export class DrosophilaMotion2d extends TrainedFly<Drosophila2dCircuit, Training2dReport, ModelFile2d> {
  constructor(options: DrosophilaMotion2dOptions = {}) {
    super(buildDrosophila2dCircuit(drosophila2dSettings(options)), STEP_2D);
  }

  /** Train by simulating the circuit with its local rules (see `trainCircuit2d`). */
  train(images: readonly ContrastImage[], options: Train2dOptions = {}): this {
    return this.trained(trainCircuit2d(this.circuit, images, options));
  }

  /** The same learned filters on an eye of another radius (the filters are shared by all columns). */
  withRadius(radius: number): DrosophilaMotion2d {
    const other = new DrosophilaMotion2d({ ...this.circuit.settings, radius });
    copyParameters2d(this.circuit, other.circuit);
    other.dt = this.dt;
    other.training = this.training;
    return other;
  }

  /** Direction tuning of every subtype to gratings (see `gratingTuning2d`). */
  gratingTuning(test: Parameters<typeof gratingTuning2d>[2]) {
    return gratingTuning2d(this.circuit, this.dt, test);
  }

  /** Direction tuning of every subtype to edges (see `edgeTuning2d`). */
  edgeTuning(test: Parameters<typeof edgeTuning2d>[2]) {
    return edgeTuning2d(this.circuit, this.dt, test);
  }

  /** Temporal-frequency tuning of every subtype (see `temporalTuning2d`). */
  temporalTuning(test: Parameters<typeof temporalTuning2d>[2]) {
    return temporalTuning2d(this.circuit, this.dt, test);
  }

  /** How well the subtypes' population vector decodes scene motion (see `sceneDecoding2d`). */
  sceneDecoding(images: readonly ContrastImage[], test?: Parameters<typeof sceneDecoding2d>[3]) {
    return sceneDecoding2d(this.circuit, this.dt, images, test);
  }

  /** Each subtype's sign of selectivity on translated photographs, with a bootstrap interval (see `sceneSelectivity2d`). */
  sceneSelectivity(images: readonly ContrastImage[], test?: Parameters<typeof sceneSelectivity2d>[3]) {
    return sceneSelectivity2d(this.circuit, this.dt, images, test);
  }

  /** The learned parameters and settings as a model file's JSON. */
  toJSON(): ModelFile2d {
    return toModelFile2d(this.circuit, this.dt, this.training ?? undefined);
  }

  /** Rebuild from a model file's JSON (validated; errors name the field). */
  static fromJSON(json: unknown, file = 'model'): DrosophilaMotion2d {
    const data = parseModelFile2d(json, file);
    // A field a file leaves out means what it meant when the file was written, not today's default.
    const fly = new DrosophilaMotion2d({ ...LEGACY_SETTINGS_2D, ...data.settings });
    applyModelFile2d(fly.circuit, data, file);
    fly.dt = data.dt;
    fly.training = (data.training as Training2dReport | undefined) ?? null;
    return fly;
  }

  /** Load a model file (Node only). */
  static async load(path: string): Promise<DrosophilaMotion2d> {
    return DrosophilaMotion2d.fromJSON(await readModelJson(path), path);
  }
}

/** Build the prebuilt 2-D Drosophila motion pathway (untrained). */
export function drosophilaMotion2d(options: DrosophilaMotion2dOptions = {}): DrosophilaMotion2d {
  if (options.radius !== undefined && options.radius < 2) throw new SpecError('drosophilaMotion2d.radius', `needs at least 2 rings, got ${options.radius}`);
  return new DrosophilaMotion2d(options);
}
