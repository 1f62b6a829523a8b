import type { Command } from 'commander';
import { join } from 'node:path';
import { isMainThread } from 'node:worker_threads';
import { arrowFieldPlot, polarPlot } from '../../analysis/polarPlot.js';
import { linePlot, writeSvg } from '../../analysis/plot.js';
import { DrosophilaMotion2d } from '../../circuits/drosophila2d/DrosophilaMotion2d.js';
import { meanResponses } from '../../circuits/drosophila2d/measure2d.js';
import { settleSteps2d } from '../../circuits/drosophila2d/circuit2d.js';
import { SUBTYPES_2D, cardinalDirection } from '../../circuits/drosophila2d/subtypes2d.js';
import { SpecError } from '../../core/errors.js';
import { loadPng } from '../../data/png.js';
import { atomicWriteFile, checkWritable } from '../../sim/serialize.js';
import { contrastImage, hexSceneMotion, type ContrastImage } from '../../stimuli/hexSceneMotion.js';
import { packageModelPath } from '../packagePaths.js';
import { givenFlags, numberFlag, refuseIgnoredFlags } from '../flags.js';
import { bundledImages } from '../../data/bundledImages.js';
import { progressFor } from './fly.js';
import { commandLine } from '../commandLine.js';

export interface Fly2dOptions {
  load: boolean;
  model: string;
  out: string;
  train?: string[];
  test?: string[];
  steps: string;
  batch: string;
  trainRadius: string;
  radius: string;
  seed: string;
  quiet: boolean;
}

/** Bundled images held out of training by default: the 2-D results are measured on these. */
export const HELD_OUT_2D = ['camera.png', 'chelsea.png', 'gravel.png'];

export const FLY2D_DEFAULTS = { model: packageModelPath('drosophila-motion-2d.json'), steps: '300', batch: '16', trainRadius: '3', radius: '6', seed: '1' };

export function registerFly2d(program: Command): void {
  program
    .command('fly2d')
    .description('train the 2-D motion pathway (T4a–d, T5a–d on a hexagonal eye) on moving photographs, test it on held-out ones, write plots and a report')
    .option('--load', 'load the saved model instead of training', false)
    .option('--model <path>', 'model file', FLY2D_DEFAULTS.model)
    .option('--out <dir>', 'folder for plots and the report', 'out/fly2d')
    .option('--train <png...>', 'PNG images to train on (default: the bundled ones not held out)')
    .option('--test <png...>', `held-out PNG images to test on (default: bundled ${HELD_OUT_2D.join(', ')})`)
    .option('--steps <n>', 'steps each image moves per training phase', FLY2D_DEFAULTS.steps)
    .option('--batch <n>', 'batch copies while training', FLY2D_DEFAULTS.batch)
    .option('--train-radius <n>', 'eye radius while training (the filters are shared by all columns)', FLY2D_DEFAULTS.trainRadius)
    .option('--radius <n>', 'eye radius while testing', FLY2D_DEFAULTS.radius)
    .option('--seed <seed>', 'random seed', FLY2D_DEFAULTS.seed)
    .option('--quiet', 'no progress bars', false)
    .action(async (opts: Fly2dOptions, cmd: Command) => {
      // --load trains nothing: a training flag given with it would be ignored silently.
      if (opts.load) refuseIgnoredFlags('fly2d', ['train', 'steps', 'batch', 'train-radius', 'seed'], givenFlags(cmd), '--load', 'it loads the saved model and trains nothing');
      await runFly2d(opts, commandLine(cmd));
    });
}

const int = (flag: string, v: string) => numberFlag('fly2d', flag, v, { integer: true, min: 0 });

/** Train (or load), test on held-out images, write the model, plots and a report; `command`: the command line recorded in fly2d-results.json. */
export async function runFly2d(opts: Fly2dOptions, command: string, log: (s: string) => void = (s) => console.log(s)): Promise<DrosophilaMotion2d> {
  // CPU seconds on the main thread; on a worker thread (npm start runs fly2d beside the 1-D
  // job) process.cpuUsage counts every thread, so wall seconds are reported there instead.
  const t0 = process.cpuUsage();
  const w0 = performance.now();
  const clock = isMainThread ? 's CPU' : 's wall';
  const cpu = () => {
    if (!isMainThread) return (performance.now() - w0) / 1000;
    const u = process.cpuUsage(t0);
    return (u.user + u.system) / 1e6;
  };
  // Every flag and output is checked before any work (--radius was once read only after training).
  const flags = { trainRadius: int('train-radius', opts.trainRadius), radius: int('radius', opts.radius), steps: int('steps', opts.steps), batch: int('batch', opts.batch), seed: int('seed', opts.seed) };
  if (!opts.load) checkWritable(opts.model);
  checkWritable(join(opts.out, 'report.md'));
  const bundled = opts.train && opts.test ? [] : bundledImages();
  const isHeld = (p: string) => HELD_OUT_2D.some((h) => p.endsWith(`/${h}`) || p === h);
  const trainPaths = opts.train ?? bundled.filter((p) => !isHeld(p));
  const testPaths = opts.test ?? bundled.filter(isHeld);
  const load = (p: string) => contrastImage(loadPng(p), {}, p.split('/').pop()!);
  const testImages = testPaths.map(load);
  if (testImages.length === 0) throw new SpecError('fly2d --test', 'no held-out images to test on');
  let fly: DrosophilaMotion2d;
  if (opts.load) {
    fly = await DrosophilaMotion2d.load(opts.model);
    log(`2-D: loaded ${opts.model}`);
  } else {
    const trainImages = trainPaths.map(load);
    const overlap = trainImages.filter((t) => testImages.some((h) => h.label === t.label));
    if (overlap.length > 0) throw new SpecError('fly2d --test', `${overlap.map((o) => o.label).join(', ')} is also a training image; test on images never used in training`);
    fly = new DrosophilaMotion2d({ radius: flags.trainRadius });
    fly.train(trainImages, { steps: flags.steps, batch: flags.batch, seed: flags.seed, progress: progressFor(opts.quiet) });
    await fly.save(opts.model);
    log(`2-D: trained on ${trainImages.map((t) => t.label).join(', ')} in ${cpu().toFixed(1)} ${clock}; saved ${opts.model}`);
  }
  const eye = fly.withRadius(flags.radius);
  const results = evaluate2d(eye, testImages);
  printResults(results, log);
  await writeOutputs2d(opts.out, eye, results, testImages[0]!, command);
  log(`2-D: plots and report in ${opts.out}/ (report.md); ${cpu().toFixed(1)} ${clock} in all`);
  return fly;
}

export type Results2d = ReturnType<typeof evaluate2d>;

/** The issue's measures on an eye: gratings and edges at 12 directions, TF tuning, natural-scene decoding. */
export function evaluate2d(fly: DrosophilaMotion2d, images: readonly ContrastImage[]) {
  const wavelength = 8;
  const spacing = fly.circuit.eye.spacingDeg;
  const edgeSpeed = 10; // columns/s = 58°/s at 5.8°
  const temporal = fly.temporalTuning({ wavelength });
  const gratingFrequency = 1;
  const grating = fly.gratingTuning({ wavelength, temporalFrequency: gratingFrequency });
  const on = fly.edgeTuning({ polarity: 'on', speed: edgeSpeed });
  const off = fly.edgeTuning({ polarity: 'off', speed: edgeSpeed });
  const scenes = fly.sceneDecoding(images);
  const sign = fly.sceneSelectivity(images);
  const sum = (xs: readonly number[]) => xs.reduce((a, b) => a + b, 0);
  const subtypes = Object.fromEntries(
    SUBTYPES_2D.map((s) => {
      const own = s.startsWith('T4') ? on : off;
      const other = s.startsWith('T4') ? off : on;
      return [
        s,
        {
          cardinal: cardinalDirection(s),
          grating: grating.selectivity[s],
          edge: own.selectivity[s],
          polarityRatio: sum(own.responses[s]) / sum(other.responses[s]),
          tfOptimum: temporal.optimum[s],
          sceneSelectivityBySpeed: scenes.selectivityBySpeed[s],
          sceneSignBySpeed: sign.index[s],
          sceneSignLow: sign.low[s],
          sceneSignHigh: sign.high[s],
        },
      ];
    }),
  );
  return { dt: fly.dt, radius: fly.circuit.eye.radius, spacingDeg: spacing, wavelength, wavelengthDeg: wavelength * spacing, gratingFrequency, edgeSpeed, edgeSpeedDeg: edgeSpeed * spacing, images: images.map((i) => i.label), subtypes, grating, on, off, temporal, scenes: { ...scenes, errors: undefined }, sceneSign: { speeds: sign.speeds, seconds: sign.seconds, starts: sign.starts, pairs: sign.pairs } };
}

function printResults(r: Results2d, log: (s: string) => void): void {
  const f = (x: number) => x.toFixed(2);
  log(`\n2-D pathway on an eye of radius ${r.radius} (${r.spacingDeg}° spacing), one step = ${(r.dt * 1000).toFixed(0)} ms; held out: ${r.images.join(', ')}`);
  log(`gratings λ = ${r.wavelength} columns (${r.wavelengthDeg.toFixed(0)}°) at ${r.gratingFrequency} Hz; edges ${r.edgeSpeed} columns/s (${r.edgeSpeedDeg.toFixed(0)}°/s)`);
  log('subtype  cardinal  grating DSI  PD   2-dir | edge DSI  PD   2-dir | own/other polarity | TF optimum | scene selectivity by speed');
  for (const s of SUBTYPES_2D) {
    const e = r.subtypes[s]!;
    log(`${s.padEnd(8)} ${String(e.cardinal).padStart(5)}°  ${f(e.grating.dsi).padStart(9)} ${e.grating.pd.toFixed(0).padStart(5)} ${f(e.grating.twoDirection).padStart(6)} | ${f(e.edge.dsi).padStart(6)} ${e.edge.pd.toFixed(0).padStart(5)} ${f(e.edge.twoDirection).padStart(6)} | ${e.polarityRatio.toFixed(1).padStart(8)}× | ${String(e.tfOptimum).padStart(6)} Hz | ${e.sceneSelectivityBySpeed.map(f).join(' ')}`);
  }
  log(`natural scenes (${r.scenes.trials} trials, speeds ${r.scenes.speeds.join('/')}°/s, 12 directions): decoded within ±45° in ${(100 * r.scenes.correct).toFixed(0)} % (by speed: ${r.scenes.correctBySpeed.map((x) => `${(100 * x).toFixed(0)} %`).join(', ')})`);
  const g = r.sceneSign;
  log(`scene selectivity for its sign (${g.pairs} pairs of ${g.seconds} s trials from ${g.starts} places per image, along/against the cardinal direction; 90 % bootstrap interval), ${g.speeds.join('/')}°/s:`);
  for (const s of SUBTYPES_2D) log(`  ${s} ${signCells(r.subtypes[s]!).join('  ')}${r.subtypes[s]!.sceneSignBySpeed.some((x) => x < 0) ? '  reverses' : ''}`);
}

/** Per speed: the scene selectivity index with its bootstrap interval, `0.12 [0.08, 0.16]`. */
function signCells(e: { sceneSignBySpeed: readonly number[]; sceneSignLow: readonly number[]; sceneSignHigh: readonly number[] }): string[] {
  return e.sceneSignBySpeed.map((x, i) => `${x.toFixed(2)} [${e.sceneSignLow[i]!.toFixed(2)}, ${e.sceneSignHigh[i]!.toFixed(2)}]`);
}

/** Per column, the vector sum of the eight subtypes' mean responses while an image moves. */
export function localMotionField(fly: DrosophilaMotion2d, image: ContrastImage, speedDeg: number, directionDeg: number, seconds = 1) {
  const c = fly.circuit;
  const settle = settleSteps2d(c.settings);
  const stim = hexSceneMotion(image, { eye: c.eye, speedDeg, direction: directionDeg, start: [[image.width / 2, image.height / 2]] });
  const r = meanResponses(c, fly.dt, stim, 1, settle + Math.round(seconds / fly.dt), settle);
  const u = new Float64Array(c.units.length);
  const v = new Float64Array(c.units.length);
  for (let k = 0; k < c.units.length; k++) {
    for (const s of SUBTYPES_2D) {
      const a = (cardinalDirection(s) * Math.PI) / 180;
      const m = r.monitors[s].unitMean(k);
      u[k] += m * Math.cos(a);
      v[k] += m * Math.sin(a);
    }
  }
  return { x: Array.from(c.units, (i) => c.eye.x[i]!), y: Array.from(c.units, (i) => c.eye.y[i]!), u, v };
}

async function writeOutputs2d(out: string, fly: DrosophilaMotion2d, r: Results2d, image: ContrastImage, command: string): Promise<void> {
  const svg = (name: string, spec: Parameters<typeof writeSvg>[1]) => writeSvg(join(out, name), spec);
  for (const kind of ['T4', 'T5'] as const) {
    const pick = SUBTYPES_2D.filter((s) => s.startsWith(kind));
    await svg(`polar-gratings-${kind}.svg`, polarPlot({ title: `${kind}: gratings λ ${r.wavelengthDeg.toFixed(0)}°, ${r.gratingFrequency} Hz (each normalised)`, directionsDeg: r.grating.directions, series: Object.fromEntries(pick.map((s) => [s, r.grating.responses[s]])) }));
    const edges = kind === 'T4' ? r.on : r.off;
    await svg(`polar-edges-${kind}.svg`, polarPlot({ title: `${kind}: ${kind === 'T4' ? 'ON' : 'OFF'} edges ${r.edgeSpeedDeg.toFixed(0)}°/s (each normalised)`, directionsDeg: edges.directions, series: Object.fromEntries(pick.map((s) => [s, edges.responses[s]])) }));
  }
  await svg('tf-tuning.svg', linePlot({ title: `Preferred-direction response vs temporal frequency (λ = ${r.wavelengthDeg.toFixed(0)}°)`, series: Object.fromEntries(SUBTYPES_2D.map((s) => [s, r.temporal.responses[s]])), x: r.temporal.frequencies, xTitle: 'temporal frequency (Hz)', yTitle: 'mean response', xScale: 'log' }));
  const field = localMotionField(fly, image, 30, 45);
  const scale = 0.8 / Math.max(...field.u.map((u, k) => Math.hypot(u, field.v[k]!)), 1e-12);
  await svg('arrow-field.svg', arrowFieldPlot({ title: `Local motion estimates: ${image.label} moving at 30°/s towards 45°`, x: field.x, y: field.y, u: field.u.map((u) => u * scale), v: field.v.map((v) => v * scale) }));
  atomicWriteFile(join(out, 'fly2d-results.json'), `${JSON.stringify({ command, ...r }, null, 1)}\n`);
  atomicWriteFile(join(out, 'report.md'), report2d(r));
}

function report2d(r: Results2d): string {
  const f = (x: number) => x.toFixed(2);
  const lines = [
    '# 2-D motion pathway — run report',
    '',
    `Eye of radius ${r.radius} (${r.spacingDeg}° spacing); one step = ${(r.dt * 1000).toFixed(0)} ms; held-out images ${r.images.join(', ')}.`,
    `Gratings λ = ${r.wavelength} columns = ${r.wavelengthDeg.toFixed(0)}° at ${r.gratingFrequency} Hz, contrast √2; edges ${r.edgeSpeedDeg.toFixed(0)}°/s, 12 directions.`,
    '',
    '| subtype | cardinal | grating DSI | grating PD | grating 2-dir | edge DSI | edge PD | edge 2-dir | own/other polarity | TF optimum | scene selectivity (5…100°/s) |',
    '|---|---|---|---|---|---|---|---|---|---|---|',
    ...SUBTYPES_2D.map((s) => {
      const e = r.subtypes[s]!;
      return `| ${s} | ${e.cardinal}° | ${f(e.grating.dsi)} | ${e.grating.pd.toFixed(0)}° | ${f(e.grating.twoDirection)} | ${f(e.edge.dsi)} | ${e.edge.pd.toFixed(0)}° | ${f(e.edge.twoDirection)} | ${e.polarityRatio.toFixed(1)}× | ${e.tfOptimum} Hz | ${e.sceneSelectivityBySpeed.map(f).join(' / ')} |`;
    }),
    '',
    `Natural-scene decoding: ${(100 * r.scenes.correct).toFixed(0)} % of ${r.scenes.trials} trials within ±45° (by speed ${r.scenes.speeds.join('/')}°/s: ${r.scenes.correctBySpeed.map((x) => `${(100 * x).toFixed(0)} %`).join(', ')}).`,
    '',
    `Scene selectivity for its sign: ${r.sceneSign.pairs} pairs of ${r.sceneSign.seconds} s trials (from ${r.sceneSign.starts} places per image, one along the subtype's cardinal direction, one against it), index with its 90 % bootstrap interval over the pairs. The column "scene selectivity" above comes from the decoding trials (1 s from 2 places, 6 pairs), too few for the sign at slow speeds.`,
    '',
    `| subtype | ${r.sceneSign.speeds.map((v) => `${v}°/s`).join(' | ')} |`,
    `|---|${r.sceneSign.speeds.map(() => '---').join('|')}|`,
    ...SUBTYPES_2D.map((s) => `| ${s} | ${signCells(r.subtypes[s]!).join(' | ')} |`),
    '',
    ...['polar-gratings-T4', 'polar-gratings-T5', 'polar-edges-T4', 'polar-edges-T5', 'tf-tuning', 'arrow-field'].map((n) => `![${n}](${n}.svg)`),
    '',
  ];
  return lines.join('\n');
}
