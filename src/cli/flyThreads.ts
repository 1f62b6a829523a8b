import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { NeurostreamError, SpecError } from '../core/errors.js';
import type { ModelFile } from '../circuits/drosophila/modelFile.js';
import type { Evaluation, EvaluationOptions } from '../circuits/drosophila/evaluate.js';
import type { TrainOptions, TrainingReport } from '../circuits/drosophila/train.js';
import { DrosophilaMotion } from '../circuits/drosophila/DrosophilaMotion.js';
import type { Scene } from '../stimuli/naturalScene.js';
import type { Fly2dOptions } from './commands/fly2d.js';

/**
 * The main job's second thread: the parts of `neurostream fly` that do not wait for each
 * other (the lagged detectors once the lamina is learned, the whole 2-D pathway) run on
 * worker threads, so `npm start` uses both cores. Every task is seeded as it is on the main
 * thread, so its numbers do not depend on where or when it ran.
 */

/** Train the lagged 1-D detectors on a learned lamina and evaluate them. */
export interface LaggedTask {
  readonly kind: 'lagged';
  /** A model file holding the lamina (float32, as the reference's saved lamina) and the lagged settings. */
  readonly start: ModelFile;
  readonly scenes: readonly Scene[];
  readonly train: Omit<TrainOptions, 'progress'>;
  readonly heldOut: Scene;
  /** What to measure besides the held-out scene (default: evaluateFly's defaults). */
  readonly evaluation?: Omit<EvaluationOptions, 'scene'>;
}

/** The lagged task's answer: the trained model file and its evaluation. */
export interface LaggedResult {
  readonly model: ModelFile;
  readonly ev: Evaluation;
}

/**
 * The lagged detectors as a circuit again. Their training report is kept as it came: it
 * describes a lamina this circuit did not fit itself (no correlations, information NaN), which
 * a model file's schema would refuse, and the lagged variant is never saved.
 */
export function laggedFly(r: LaggedResult): DrosophilaMotion {
  const { training, ...file } = r.model;
  const fly = DrosophilaMotion.fromJSON(file, 'lagged variant');
  fly.training = (training as TrainingReport | undefined) ?? null;
  return fly;
}

/** Run `neurostream fly2d` with these options; its log lines come back instead of being printed. */
export interface Fly2dTask {
  readonly kind: 'fly2d';
  readonly options: Fly2dOptions;
  /** The command line that started the job, recorded in fly2d-results.json. */
  readonly command: string;
}

/** What a fly-job worker can be asked to do. */
export type FlyTask = LaggedTask | Fly2dTask;

/** The answer to a task, by kind. */
export type FlyTaskResult<T extends FlyTask> = T extends LaggedTask ? LaggedResult : { lines: string[] };

/** Start `task` on a fresh worker thread; the promise settles when it is done (a failure keeps its message). */
export function onWorker<T extends FlyTask>(task: T): Promise<FlyTaskResult<T>> {
  const ts = new URL('./flyWorker.ts', import.meta.url);
  const js = new URL('./flyWorker.js', import.meta.url);
  const fromSource = import.meta.url.endsWith('.ts') || !existsSync(fileURLToPath(js));
  // from TypeScript sources (tsx, jest) the worker registers tsx's loader before importing
  const options = { workerData: task }; // the task carries everything: the worker reads no argv
  const worker = fromSource
    ? new Worker(`import('tsx/esm/api').then((api) => { api.register(); return import(${JSON.stringify(ts.href)}); })`, { ...options, eval: true })
    : new Worker(js, options);
  return new Promise((resolve, reject) => {
    worker.once('message', (m: { result?: FlyTaskResult<T>; error?: { message: string; spec: boolean } }) => {
      if (m.error) reject(m.error.spec ? new NeurostreamError(m.error.message) : new Error(m.error.message));
      else resolve(m.result!);
    });
    worker.once('error', reject);
    worker.once('exit', (code) => {
      if (code !== 0) reject(new SpecError(`fly ${task.kind} thread`, `stopped with exit code ${code}`));
    });
  });
}
