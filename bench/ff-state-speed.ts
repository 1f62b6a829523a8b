/**
 * Does a Forward-Forward training batch cost more once the network is trained? The 3 × 32 run's
 * epochs 20–24 took ≈ 25 % more wall and CPU time than epochs 14–18 with the same command, and a
 * trained network's state could be the cause (subnormal floats in the Adam moments or the
 * gradients are slow on x86). This alternates, in one process, batches of the checkpoint's own
 * network and of a freshly initialised network of the same config (same images, same backend),
 * so that the machine's drift over minutes falls on both alike: medians over rounds of wall and
 * CPU ms per batch (`reps` batches after `warmup` untimed ones each), and the trained/fresh ratio.
 * Also counts the subnormal float32 values in the checkpoint's Adam moments.
 *
 *   npx tsx bench/ff-state-speed.ts CKPT [--rounds 3] [--reps 30] [--warmup 10] [--threads 2]
 */
import { existsSync, readFileSync } from 'node:fs';
import { decodeFloat32 } from '../src/core/base64.js';
import { requirePositiveInt } from '../src/core/errors.js';
import { prepareBackendFlags } from '../src/cli/backendFlag.js';
import { loadFFTrainer } from '../src/circuits/ff/ffFiles.js';
import { FFTrainer } from '../src/circuits/ff/ffTrainer.js';
import { loadMnist } from '../src/data/mnist.js';
import { argValue } from './lib/args.js';
import { loadNow, median, report } from './lib/report.js';

const ckpt = process.argv[2];
if (!ckpt || ckpt.startsWith('--')) throw new Error('usage: npx tsx bench/ff-state-speed.ts CKPT [--rounds 3] [--reps 30] [--warmup 10] [--threads 2]');
if (!existsSync(ckpt)) throw new Error(`ff-state-speed: checkpoint ${ckpt} not found`);
const rounds = requirePositiveInt('--rounds', Number(argValue('rounds', '3')));
const reps = requirePositiveInt('--reps', Number(argValue('reps', '30')));
const warmup = requirePositiveInt('--warmup', Number(argValue('warmup', '10')));
if (reps % warmup !== 0) throw new Error(`ff-state-speed: --reps (${reps}) must be a multiple of --warmup (${warmup}): the pause comes every warmup batches`);
const backend = await prepareBackendFlags({ backend: 'wasm', threads: argValue('threads', '2') });
const train = loadMnist({ split: 'train' });

/** Wall and CPU ms per batch over `reps` batches of a trainer's next epoch, after `warmup` untimed ones. */
function timeBatches(trainer: FFTrainer): { wall: number; cpu: number } {
  let wall = 0;
  let cpu = 0;
  let t = process.cpuUsage();
  let w = performance.now();
  trainer.trainEpoch(train, undefined, {
    every: warmup,
    at(batches) {
      if (batches === warmup) {
        t = process.cpuUsage();
        w = performance.now();
        return false;
      }
      if (batches < warmup + reps) return false;
      const c = process.cpuUsage(t);
      wall = (performance.now() - w) / reps;
      cpu = (c.user + c.system) / 1000 / reps;
      return true;
    },
  });
  if (wall === 0) throw new Error(`ff-state-speed: the epoch ended before ${warmup + reps} batches (train limit ${trainer.config.trainLimit ?? 'none'}); lower --reps or --warmup`);
  return { wall, cpu };
}

/** Subnormal float32 values (nonzero, below 2^-126 in magnitude) among a checkpoint file's weight Adam moments. */
function subnormals(path: string): { subnormal: number; values: number } {
  const json = JSON.parse(readFileSync(path, 'utf8')) as { layers: { adamWeights: { m: string; v: string } }[]; readout: { adamWeights: { m: string; v: string } } };
  let subnormal = 0;
  let values = 0;
  const moments = [...json.layers.map((l) => l.adamWeights), json.readout.adamWeights];
  for (const { m, v } of moments) {
    for (const b64 of [m, v]) {
      const f = decodeFloat32(b64);
      values += f.length;
      for (const x of f) if (x !== 0 && Math.abs(x) < 2 ** -126) subnormal++;
    }
  }
  return { subnormal, values };
}

const { config, epoch } = loadFFTrainer(ckpt, backend);
const sub = subnormals(ckpt);
const trained: number[][] = [];
const fresh: number[][] = [];
for (let r = 0; r < rounds; r++) {
  // a new trainer every round: each times the same first batches of its next epoch
  const a = loadFFTrainer(ckpt, backend);
  a.setEpochs(epoch + 1);
  const ta = timeBatches(a);
  const b = new FFTrainer(config, backend);
  const tb = timeBatches(b);
  trained.push([ta.wall, ta.cpu]);
  fresh.push([tb.wall, tb.cpu]);
  console.log(`round ${r + 1}/${rounds}: trained ${ta.wall.toFixed(0)} ms wall, ${ta.cpu.toFixed(0)} ms CPU a batch; fresh ${tb.wall.toFixed(0)} / ${tb.cpu.toFixed(0)} ms [load ${loadNow().toFixed(1)}]`);
}
const med = (rows: number[][], k: number): number => median(rows.map((x) => x[k]!));
const load = loadNow();
report(
  'ff-state-speed',
  [
    { name: `training batch, the checkpoint's network (epoch ${epoch}), wall`, value: med(trained, 0), unit: 'ms', peer: 'a fresh network of the same config', peerValue: med(fresh, 0), higherIsBetter: false, load },
    { name: "training batch, the checkpoint's network, CPU (all threads)", value: med(trained, 1), unit: 'ms', peer: 'a fresh network of the same config', peerValue: med(fresh, 1), higherIsBetter: false, load },
  ],
  [
    `checkpoint ${ckpt}; ${rounds} rounds alternating the two, ${reps} timed batches after ${warmup} untimed each; rounds (wall ms trained/fresh): ${trained.map((t, i) => `${t[0]!.toFixed(0)}/${fresh[i]![0]!.toFixed(0)}`).join(', ')}`,
    `subnormal float32 values in the checkpoint's Adam moments: ${sub.subnormal} of ${sub.values}`,
  ],
);
