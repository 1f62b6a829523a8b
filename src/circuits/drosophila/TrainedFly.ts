import type { Network } from '../../sim/Network.js';
import { roundLearnedToFloat32, writeModelJson, type LearnedResuCircuit } from './learnedResu.js';

/**
 * What the 1-D and the 2-D prebuilt fly pathways share: a circuit with learned ReSU models,
 * the step it was trained at, the training report, and saving to a model file. Subclasses
 * build the circuit, train and measure it, and say how it becomes JSON; loading is
 * `Subclass.fromJSON(await readModelJson(path), path)`.
 */
export abstract class TrainedFly<C extends LearnedResuCircuit<string> & { readonly network: Network }, Report, File> {
  /** Seconds one simulation step stands for (set by training or by a loaded file). */
  dt: number;
  /** What the last training measured (null before training or when loaded without it). */
  training: Report | null = null;

  protected constructor(
    /** The populations, models and rules of the pathway. */
    readonly circuit: C,
    dt: number,
  ) {
    this.dt = dt;
  }

  /** The circuit as a plain Network. */
  get network(): Network {
    return this.circuit.network;
  }

  /** Keep a training report and its step, rounding the learned arrays to float32 as the file stores them. */
  protected trained(report: Report & { readonly dt: number }): this {
    this.training = report;
    this.dt = report.dt;
    roundLearnedToFloat32(this.circuit);
    return this;
  }

  /** The model file's JSON. */
  abstract toJSON(): File;

  /** Save atomically (Node only): a crash never leaves half a model. */
  async save(path: string): Promise<void> {
    await writeModelJson(path, this.toJSON());
  }
}
