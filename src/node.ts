/**
 * Node-only parts of neurostream (files, data sets, sweeps, worker threads): import from
 * 'neurostream/node'. The root entry 'neurostream' stays free of Node built-ins so it bundles
 * for browsers.
 *
 * Listed name by name, grouped as the README is; test/package/api.test.ts holds the same list.
 * Internals (default directories, format constants, helpers of one command) stay importable
 * from their own files only.
 */

// Data files: IDX, MNIST, PNG, NumPy arrays
export { readIdx, type IdxArray } from './data/idx.js';
export { loadMnist, type ImageSet, type MnistOptions } from './data/mnist.js';
export { decodePng, loadPng, loadScene } from './data/png.js';
export { readNpy, type NpyArray } from './data/npy.js';

// Saving and loading, atomically
export { atomicWriteFile, checkWritable, WriteTargetError } from './sim/serialize.js';
export { loadNetwork, saveNetwork } from './sim/saveNetwork.js';

// Forward-Forward training on MNIST (docs/ff.md)
export { FFTrainer, type FFEpochPause, type FFEpochRecord, type FFNegatives, type FFPartialEpoch, type FFTrainingConfig } from './circuits/ff/ffTrainer.js';
export { type FFClassifierParts, type FFEvaluation } from './circuits/ff/ffEvaluation.js';
export { refitReadout, type ReadoutRefit, type ReadoutRefitOptions } from './circuits/ff/readoutRefit.js';
export { loadFFTrainer, saveFFCheckpoint, saveFFModel } from './circuits/ff/ffFiles.js';
export { useKernelThreads } from './sim/backends/wasm/kernelThreads.js';

// Backward Signal Propagation classifier (docs/bsp.md)
export { BspClassifier, type BspClassifierOptions, type BspModelFile, type EpochRecord, type ResolvedBspClassifierOptions, type TrainingProgress } from './circuits/bsp/BspClassifier.js';

// Sweeps, local or on a BullMQ queue (docs/sweeps.md)
export { loadSweep, parseSweep, type Parameters, type ParameterValue, type Sweep } from './sweep/sweepFile.js';
export { expandSweep, type JobTarget, type SweepJob } from './sweep/expand.js';
export { defineSweepJob, type SweepJobContext, type SweepJobDefinition, type SweepResult } from './sweep/jobDefinition.js';
export { runSweep, type SweepOutcome, type SweepRunOptions } from './sweep/runSweep.js';
export { runLocalPool, type RetryPolicy } from './sweep/localPool.js';
export { runOnQueue, type QueueRunOptions } from './sweep/queueSubmit.js';
export { startQueueWorker, type QueueWorkerOptions } from './sweep/queueWorker.js';
export { QueueUnavailableError } from './sweep/redis.js';
export { ResultsFile } from './sweep/resultsFile.js';
export { type SweepRecord } from './sweep/record.js';
export { summarize, summaryTable, type SummaryRow } from './sweep/summary.js';
