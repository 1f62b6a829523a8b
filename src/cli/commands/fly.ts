import type { Command } from 'commander';
import { join } from 'node:path';
import { writeSvg } from '../../analysis/plot.js';
import { DrosophilaMotion } from '../../circuits/drosophila/DrosophilaMotion.js';
import { evaluateFly, type Evaluation } from '../../circuits/drosophila/evaluate.js';
import { decompositionPlot, detectorWeights, detectorWeightsPlot, dsiPlot, laminaFiltersPlot, tuningPlot, channelLabel } from '../../circuits/drosophila/plots.js';
import { DEGREES_PER_RECEPTOR, heldOutScene, sceneSpeeds, type SceneSpeed } from '../../circuits/drosophila/heldOutScene.js';
import { SCENE_SPACING } from '../../circuits/drosophila/measure.js';
import { SUBTYPES, type Subtype } from '../../circuits/drosophila/subtypes.js';
import type { TrainingReport } from '../../circuits/drosophila/train.js';
import { bundledImages } from '../../data/bundledImages.js';
import { loadScene } from '../../data/png.js';
import { SpecError } from '../../core/errors.js';
import { atomicWriteFile, checkWritable } from '../../sim/serialize.js';
import { gratings } from '../../stimuli/gratings.js';
import type { Scene } from '../../stimuli/naturalScene.js';
import { givenFlags, numberFlag, refuseIgnoredFlags } from '../flags.js';
import { packageModelPath } from '../packagePaths.js';
import { Progress } from '../progress.js';
import { laggedFly, onWorker, type LaggedResult } from '../flyThreads.js';
import { commandLine } from '../commandLine.js';
import { FLY2D_DEFAULTS } from './fly2d.js';

interface FlyOptions {
  load: boolean;
  model: string;
  out: string;
  images?: string[];
  heldOut?: string;
  steps: string;
  rows: string;
  pixels: string;
  detectorMemory: string;
  lagged: string;
  thresholdFactor: string;
  seed: string;
  quiet: boolean;
  /** Commander's name for --no-2d: false skips the 2-D pathway. */
  '2d'?: boolean;
}

const int = (flag: string, v: string) => numberFlag('fly', flag, v, { integer: true, min: 0 });

/** Flags that only shape training (refused with --load). */
const FLY_TRAINING_FLAGS = ['images', 'steps', 'rows', 'pixels', 'detector-memory', 'lagged', 'threshold-factor', 'seed'];

export function progressFor(quiet: boolean): (phase: string, done: number, total: number) => void {
  const bars = new Map<string, Progress>();
  return (phase, done, total) => {
    let bar = bars.get(phase);
    if (!bar) {
      for (const b of bars.values()) b.stop();
      bar = new Progress(`train ${phase}`, total, quiet);
      bars.set(phase, bar);
    }
    bar.update(done);
    if (done >= total) bar.stop();
  };
}

/**
 * `neurostream fly` — the main job: learn the lamina filters and T4/T5 detectors of the
 * fly motion pathway by simulating it on the bundled natural images, save the model,
 * test it with gratings, edges and a natural-scene scan, and write plots and a report.
 */
export function registerFly(program: Command): void {
  program
    .command('fly')
    .description('train the Drosophila L1–L3 → T4/T5 motion pathway on natural scenes, test it, write plots and a report')
    .option('--load', 'load the saved model instead of training', false)
    .option('--model <path>', "model file (default: the package's models/drosophila-motion.json, from any folder)", packageModelPath('drosophila-motion.json'))
    .option('--out <dir>', 'folder for plots and the report', 'out')
    .option('--images <png...>', 'PNG images to train on (default: the bundled ones)')
    .option('--held-out <png>', 'image scanned to test selectivity on natural scenes (default: a dead-leaves scene; every bundled photograph trains)')
    .option('--steps <n>', 'steps each image is scanned per training phase', '2000')
    .option('--rows <n>', 'image rows scanned at once', '32')
    .option('--pixels <n>', 'photoreceptors in the row', '16')
    .option('--detector-memory <n>', 'past lags of each T4/T5 input (1 = the reference recipe)', '1')
    .option('--lagged <n>', 'also train detectors with this many lags on the same lamina, for comparison (0 = skip; skipped with --load)', '5')
    .option('--threshold-factor <k>', 'detector threshold = k × response std on the training scans', '1')
    .option('--seed <seed>', 'random seed', '1')
    .option('--quiet', 'no progress bars', false)
    .option('--no-2d', 'skip the 2-D pathway (neurostream fly2d with its defaults, results in <out>/fly2d)')
    .action(async (opts: FlyOptions, cmd: Command) => {
      // --load trains nothing: a training flag given with it would be ignored silently.
      if (opts.load) refuseIgnoredFlags('fly', FLY_TRAINING_FLAGS, givenFlags(cmd), '--load', 'it loads the saved model and trains nothing');
      await runFly(opts, commandLine(cmd));
    });
}

/** Run the fly job; `command`: the command line that asked for it, recorded in fly-results.json and fly2d-results.json. */
export async function runFly(opts: FlyOptions, command: string): Promise<void> {
  const t0 = performance.now();
  const log = (s: string) => console.log(s);
  const trainOptions = {
    steps: int('steps', opts.steps),
    rows: int('rows', opts.rows),
    thresholdFactor: numberFlag('fly', 'threshold-factor', opts.thresholdFactor, { min: 0 }),
    seed: int('seed', opts.seed),
    progress: progressFor(opts.quiet),
  };
  // Every flag and every output is checked before any work (a bad --lagged once rejected
  // only after training had overwritten the model).
  const lagged = int('lagged', opts.lagged);
  const settings = { pixels: int('pixels', opts.pixels), detectorMemory: int('detector-memory', opts.detectorMemory) };
  if (!opts.load) checkWritable(opts.model);
  checkWritable(join(opts.out, 'report.md'));
  // --load trains nothing, so it reads no training image either.
  const scenes: Scene[] = opts.load ? [] : (opts.images ?? bundledImages()).map((p) => loadScene(p));
  const heldOut = opts.heldOut !== undefined ? loadScene(opts.heldOut) : heldOutScene();
  // The 2-D pathway needs nothing from the 1-D one: it runs on a second thread from the start
  // (its lines are printed after the 1-D tables).
  const fly2d = opts['2d'] !== false ? startFly2d(opts, command) : null;
  const lagsDiffer = (memory: number) => lagged > 0 && lagged !== memory;
  let fly: DrosophilaMotion;
  let laggedRun: Promise<LaggedResult> | null = null;
  if (opts.load) {
    fly = await DrosophilaMotion.load(opts.model);
    log(`loaded ${opts.model} (trained on ${fly.training?.scenes.length ?? '?'} images)`);
  } else {
    fly = new DrosophilaMotion(settings);
    const lamina = fly.trainLamina(scenes, trainOptions);
    // The lagged detectors learn on the same lamina (as stored, float32) while this thread
    // trains the reference detectors: the same numbers as one after the other.
    if (lagsDiffer(settings.detectorMemory)) {
      const start = fly.withLamina({ detectorMemory: lagged });
      const { progress: _, ...train } = trainOptions;
      laggedRun = onWorker({ kind: 'lagged', start: start.toJSON(), scenes, train, heldOut });
    }
    fly.trainDetectors(scenes, trainOptions, lamina);
    await fly.save(opts.model);
    log(`trained on ${scenes.length} images in ${((performance.now() - t0) / 1000).toFixed(1)} s; saved ${opts.model}`);
  }
  const trainedOn = fly.training?.scenes ?? scenes.map((s) => s.label);
  const held: HeldOut = { label: heldOut.label, inTraining: trainedOn.includes(heldOut.label), speeds: [] };
  if (held.inTraining) log(`note: --held-out ${heldOut.label} is one of the training images, so its scene DSI is not a held-out measure`);
  const ev = evaluateFly(fly, { scene: heldOut });
  held.speeds = sceneSpeeds(ev.sceneSpeeds, SCENE_SPACING, fly.dt);
  const variants: { name: string; fly: DrosophilaMotion; ev: Evaluation }[] = [{ name: `reference (${fly.circuit.settings.detectorMemory} lag)`, fly, ev }];
  if (opts.load && lagsDiffer(fly.circuit.settings.detectorMemory)) {
    log(`lagged variant (${lagged} lags) skipped with --load: it is trained, never saved; run without --load to compare`);
  } else if (laggedRun) {
    const t1 = performance.now();
    const done = await laggedRun;
    log(`trained and evaluated detectors with ${lagged} lags on the same lamina on a second thread (waited ${((performance.now() - t1) / 1000).toFixed(1)} s for it)`);
    variants.push({ name: `lagged (${lagged} lags)`, fly: laggedFly(done), ev: done.ev });
  }
  for (const v of variants) printTable(v.name, v.fly, v.ev, held, log);
  await writeOutputs(opts.out, variants, held, command);
  log(`\nplots and report in ${opts.out}/ (report.md); 1-D job ${((performance.now() - t0) / 1000).toFixed(1)} s`);
  if (fly2d) {
    const t2 = performance.now();
    const { lines } = await fly2d;
    for (const line of lines) log(line);
    log(`2-D: ran on a second thread (waited ${((performance.now() - t2) / 1000).toFixed(1)} s for it)`);
  }
  log(`whole job ${((performance.now() - t0) / 1000).toFixed(1)} s`);
}

/**
 * `neurostream fly2d` with its defaults (results in <out>/fly2d), on a worker thread started
 * now: the thread must exist before the 1-D training blocks this thread's event loop.
 */
function startFly2d(opts: FlyOptions, command: string): Promise<{ lines: string[] }> {
  return onWorker({ kind: 'fly2d', options: { ...FLY2D_DEFAULTS, load: opts.load, out: join(opts.out, 'fly2d'), quiet: true }, command });
}

/** The scene the scene DSI is measured on: whether training saw it, and its scan speeds. */
interface HeldOut {
  readonly label: string;
  readonly inTraining: boolean;
  speeds: SceneSpeed[];
}

function describeSpeeds(speeds: readonly SceneSpeed[]): string {
  return speeds.map((v) => `${v.pxPerStep} px/step = ${+v.receptorsPerSecond.toFixed(1)} receptors/s = ${v.degreesPerSecond.toFixed(0)}°/s`).join('; ');
}

function printTable(name: string, fly: DrosophilaMotion, ev: Evaluation, held: HeldOut, log: (s: string) => void): void {
  const dt = fly.dt;
  log(`\n${name}: gratings λ = ${ev.wavelengths[0]} receptors, contrast √2; one step = ${(dt * 1000).toFixed(1)} ms`);
  log(`scene DSI on ${held.label} (${held.inTraining ? 'a training image' : 'held out of training'}) at ${describeSpeeds(held.speeds)}`);
  log(`subtype  PD  best TF   DSI (θ)  DSI (no θ)  best |DSI| no θ   ON edge   OFF edge   scene DSI (${held.speeds.map((v) => `${v.pxPerStep} px/step`).join(' ')})`);
  for (const s of SUBTYPES) {
    const e = ev.subtypes[s];
    log(`${s.padEnd(7)} ${(e.pd > 0 ? '+1' : '-1').padStart(3)}  ${String(e.bestFrequency).padStart(5)} Hz  ${e.dsi.toFixed(2).padStart(7)}  ${e.dsiUnthresholded.toFixed(2).padStart(10)}  ${e.bestUnthresholded.toFixed(2).padStart(15)}  ${e.onEdge.toFixed(4).padStart(8)}  ${e.offEdge.toFixed(4).padStart(8)}   ${e.scene.map((x) => x.toFixed(2)).join(' ')}`);
  }
}

async function writeOutputs(out: string, variants: { name: string; fly: DrosophilaMotion; ev: Evaluation }[], held: HeldOut, command: string): Promise<void> {
  const ref = variants[0]!;
  const fly = ref.fly;
  const dt = fly.dt;
  const svg = async (name: string, spec: Parameters<typeof writeSvg>[1]) => writeSvg(join(out, name), spec);
  await svg('lamina-filters.svg', laminaFiltersPlot(fly.circuit, dt));
  await svg('detector-weights.svg', detectorWeightsPlot(fly.circuit));
  const dsiRows = variants.flatMap((v) =>
    SUBTYPES.flatMap((s) => [
      { subtype: s, variant: `${v.name}, θ`, dsi: v.ev.subtypes[s].dsi },
      { subtype: s, variant: `${v.name}, no θ`, dsi: v.ev.subtypes[s].dsiUnthresholded },
    ]),
  );
  await svg('dsi.svg', dsiPlot(dsiRows, `DSI per subtype at its best temporal frequency (λ = ${ref.ev.wavelengths[0]})`));
  for (const w of ref.ev.wavelengths) {
    await svg(`tuning-dsi-lambda${w}.svg`, tuningPlot(ref.ev.tuning, w, 'dsi'));
    await svg(`tuning-response-lambda${w}.svg`, tuningPlot(ref.ev.tuning, w, 'response'));
  }
  const best = ref.ev.subtypes.T4a;
  const periodSteps = Math.round(1 / (best.bestFrequency * dt));
  const seconds = Math.max(1, 6 / best.bestFrequency);
  const dec = fly.inputDecomposition('T4a', (direction) => gratings({ wavelength: ref.ev.wavelengths[0]!, temporalFrequency: best.bestFrequency, direction, contrast: Math.SQRT2 }), seconds);
  await svg('t4-input-decomposition.svg', decompositionPlot(dec, 'T4a', dt, 2 * periodSteps));
  const results = {
    command,
    dt,
    heldOut: held,
    training: fly.training,
    variants: variants.map((v) => ({ name: v.name, detectorMemory: v.fly.circuit.settings.detectorMemory, subtypes: v.ev.subtypes, tuning: v.ev.tuning.map((p) => ({ subtype: p.subtype, wavelength: p.wavelength, temporalFrequency: p.temporalFrequency, dsi: p.selectivity.dsi, responses: p.selectivity.responses })), weights: Object.fromEntries(SUBTYPES.map((s) => [s, Object.fromEntries(detectorWeights(v.fly.circuit, s).map((w, c) => [channelLabel(s, c), w]))])) })),
  };
  atomicWriteFile(join(out, 'fly-results.json'), `${JSON.stringify(results, null, 1)}\n`);
  atomicWriteFile(join(out, 'report.md'), report(variants, fly.training, dt, held));
}

function report(variants: { name: string; fly: DrosophilaMotion; ev: Evaluation }[], training: TrainingReport | null, dt: number, held: HeldOut): string {
  const lines: string[] = ['# Drosophila motion pathway — run report', ''];
  if (training) {
    lines.push(`Trained by simulation on ${training.scenes.length} images (${training.options.steps} steps × ${training.options.rows} rows per image and phase, noise ${training.options.noiseStd}, receptors ${training.options.spacing} px apart, ${training.options.speed} px/step).`);
    lines.push(`Lamina canonical correlations: ${training.lamina.correlations.slice(0, 3).map((x) => x.toFixed(3)).join(', ')}; zero-frequency/peak gain: filter 1 ${training.lamina.zeroFrequencyRatio[0].toFixed(2)}, filter 2 ${training.lamina.zeroFrequencyRatio[1].toFixed(3)}.`);
  }
  const speed = training ? training.options.speed / training.options.spacing : 1 / 13;
  lines.push(`One step = ${(dt * 1000).toFixed(1)} ms; training motion = ${speed.toFixed(4)} receptors/step = ${(speed / dt).toFixed(1)} receptors/s = ${((DEGREES_PER_RECEPTOR * speed) / dt).toFixed(0)}°/s at ${DEGREES_PER_RECEPTOR}° per receptor.`);
  lines.push(`Scene DSI: ${held.label}, ${held.inTraining ? 'a training image (not a held-out measure)' : 'held out of training'}, scanned at ${describeSpeeds(held.speeds)}.`, '');
  for (const v of variants) {
    lines.push(`## ${v.name}`, '', '| subtype | PD | best TF (Hz) | DSI (θ) | DSI (no θ) | ON edge | OFF edge | scene DSI |', '|---|---|---|---|---|---|---|---|');
    for (const s of SUBTYPES) {
      const e = v.ev.subtypes[s];
      lines.push(`| ${s} | ${e.pd > 0 ? '+1' : '−1'} | ${e.bestFrequency} | ${e.dsi.toFixed(2)} | ${e.dsiUnthresholded.toFixed(2)} | ${e.onEdge.toFixed(4)} | ${e.offEdge.toFixed(4)} | ${e.scene.map((x) => x.toFixed(2)).join(' / ')} |`);
    }
    const w = detectorWeights(v.fly.circuit, 'T4a');
    lines.push('', `T4a weights (component 2 summed over lags, Σ|w| = 1; left/centre/right): L3 ${[0, 2, 4].map((c) => w[c]!.toFixed(2)).join(' ')}; L1 ${[1, 3, 5].map((c) => w[c]!.toFixed(2)).join(' ')} — connectome onto T4a (RESU-REFERENCE, same normalisation): L3 0.07 −0.14 −0.03; L1 0.13 0.50 0.12.`, '');
  }
  lines.push('## Plots', '', ...['lamina-filters', 'detector-weights', 'dsi', 'tuning-dsi-lambda4', 'tuning-response-lambda4', 't4-input-decomposition'].map((n) => `![${n}](${n}.svg)`), '');
  return lines.join('\n');
}
