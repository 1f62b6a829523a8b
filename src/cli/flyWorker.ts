/**
 * A worker thread of the main job (see flyThreads.ts): it runs the one task in its
 * workerData and posts back the result, or the error's message.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { NeurostreamError } from '../core/errors.js';
import { DrosophilaMotion } from '../circuits/drosophila/DrosophilaMotion.js';
import { evaluateFly } from '../circuits/drosophila/evaluate.js';
import { runFly2d } from './commands/fly2d.js';
import type { FlyTask, LaggedResult } from './flyThreads.js';

async function run(task: FlyTask): Promise<LaggedResult | { lines: string[] }> {
  if (task.kind === 'lagged') {
    const fly = DrosophilaMotion.fromJSON(task.start, 'lagged start').train(task.scenes, { ...task.train, keepLamina: true });
    return { model: fly.toJSON(), ev: evaluateFly(fly, { ...task.evaluation, scene: task.heldOut }) };
  }
  const lines: string[] = [];
  await runFly2d(task.options, task.command, (s) => lines.push(s));
  return { lines };
}

try {
  parentPort!.postMessage({ result: await run(workerData as FlyTask) });
} catch (e) {
  parentPort!.postMessage({ error: { message: e instanceof Error ? e.message : String(e), spec: e instanceof NeurostreamError } });
}
