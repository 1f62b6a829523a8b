import type { Command } from 'commander';
import { join } from 'node:path';
import { filterPlot, snrPlot } from '../../analysis/filterPlots.js';
import { writeSvg } from '../../analysis/plot.js';
import { learnLaminaFilters, type LaminaFilters } from '../../circuits/drosophila/laminaFilters.js';
import { snrSweep, snrSwitch, type SNRSweepPoint, type SNRSwitchResult } from '../../analysis/snrAdaptation.js';
import { SpecError } from '../../core/errors.js';
import { atomicWriteFile } from '../../sim/serialize.js';
import { deadLeaves } from '../../stimuli/deadLeaves.js';
import { contrastScene, type Scene } from '../../stimuli/naturalScene.js';
import { loadScene } from '../../data/png.js';
import { givenFlags, numberFlag, refuseIgnoredFlags } from '../flags.js';

export interface FiltersCommandOptions {
  image?: string[];
  deadLeaves?: string;
  out: string;
  memory: string;
  horizon: string;
  noise: string;
  blur: string;
  speed: string;
  pixels: string;
  spacing: string;
  steps: string;
  rows: string;
  seed: string;
  snr: boolean;
  snrCount: string;
  snrStreams: string;
  snrSteps: string;
  snrMemory: string;
  snrHorizon: string;
}

const num = (flag: string, v: string, integer = false) => numberFlag('filters', flag, v, { integer });

/**
 * `neurostream filters`: learn the lamina filters (L3 = filter 1, L1/L2 = ± filter 2) the way
 * the fly's training does (`learnLaminaFilters`: the Simulator runs photoreceptors → lamina
 * ReSUs with the `PastFutureCCARule` while PNG images, or a dead-leaves scene, scan by) and
 * write them as JSON and an SVG plot, with the SNR-adaptation figure of the Gaussian-process
 * recipe. With the fly's images and these defaults the filters are the fly model's lamina.
 */
export function registerFilters(program: Command): void {
  program
    .command('filters')
    .description("learn L1/L2/L3 filters as the fly's lamina does (past–future CCA rule, simulated on natural-image scans); plot them and the SNR adaptation")
    .option('--image <png...>', 'PNG image(s) scanned by the photoreceptor row (statistics pooled over pixels and rows)')
    .option('--dead-leaves [seed]', 'scan a generated dead-leaves scene instead (optional seed)')
    .requiredOption('--out <dir>', 'folder for filters.json, filters.svg, snr-adaptation.json, snr-adaptation.svg')
    .option('--memory <m>', 'past lags', '50')
    .option('--horizon <h>', 'future lags', '50')
    .option('--noise <std>', 'white noise std on the z-scored contrast', '0.05')
    .option('--blur <px>', 'photoreceptor acceptance blur σ in pixels (5.5: a 5° acceptance with receptors 13 px apart)', '5.5')
    .option('--speed <px>', 'scan speed in pixels per step', '1')
    .option('--pixels <n>', 'photoreceptors in the row', '16')
    .option('--spacing <px>', 'image pixels between adjacent receptors', '13')
    .option('--steps <n>', 'steps each image is scanned', '2000')
    .option('--rows <n>', 'image rows scanned at once', '32')
    .option('--seed <seed>', 'random seed', '1')
    .option('--no-snr', 'skip the SNR-adaptation figure')
    .option('--snr-count <n>', 'GP sample functions for the static SNR sweep', '200')
    .option('--snr-streams <n>', 'GP streams pooled by the forgetting rule after an SNR switch', '8')
    .option('--snr-steps <n>', 'steps before and after the SNR switch', '2000')
    .option('--snr-memory <m>', 'past lags of the GP experiments', '75')
    .option('--snr-horizon <h>', 'future lags of the GP experiments', '25')
    .action(async (opts: FiltersCommandOptions, cmd: Command) => {
      // --no-snr skips the figure the --snr-* flags shape: given with it they would be ignored.
      if (!opts.snr) refuseIgnoredFlags('filters', ['snr-count', 'snr-streams', 'snr-steps', 'snr-memory', 'snr-horizon'], givenFlags(cmd), '--no-snr', 'it skips the SNR-adaptation figure');
      await runFilters(opts);
    });
}

/** The command's work, callable from code and tests; returns what it wrote. */
export async function runFilters(opts: FiltersCommandOptions): Promise<{ files: string[]; filters: LaminaFilters; sweep?: SNRSweepPoint[]; switches?: SNRSwitchResult[] }> {
  const memory = num('memory', opts.memory, true);
  const horizon = num('horizon', opts.horizon, true);
  const noiseStd = num('noise', opts.noise);
  const blur = num('blur', opts.blur);
  const seed = num('seed', opts.seed, true);
  // Every flag is checked before any work or write (the SNR flags were read only after the
  // filters had been fitted and written).
  const later: [string, string, boolean][] = [['speed', opts.speed, false], ['pixels', opts.pixels, true], ['spacing', opts.spacing, false], ['steps', opts.steps, true], ['rows', opts.rows, true], ['snr-memory', opts.snrMemory, true], ['snr-horizon', opts.snrHorizon, true], ['snr-steps', opts.snrSteps, true], ['snr-count', opts.snrCount, true], ['snr-streams', opts.snrStreams, true]];
  for (const [flag, value, integer] of later) num(flag, value, integer);
  const scenes: Scene[] = [];
  for (const path of opts.image ?? []) scenes.push(loadScene(path, { blur }));
  if (opts.deadLeaves !== undefined) {
    const s = typeof opts.deadLeaves === 'string' ? num('dead-leaves', opts.deadLeaves, true) : seed;
    scenes.push(contrastScene(deadLeaves({ seed: s }), { blur }, `dead leaves (seed ${s})`));
  }
  if (scenes.length === 0) throw new SpecError('filters --image', 'give at least one PNG image or --dead-leaves');
  const files: string[] = [];
  const scan = {
    pixels: num('pixels', opts.pixels, true),
    spacing: num('spacing', opts.spacing),
    speed: num('speed', opts.speed),
    steps: num('steps', opts.steps, true),
    rows: num('rows', opts.rows, true),
  };
  console.log(`filters: lamina past–future CCA rule on ${scenes.length} scene(s), m = ${memory}, h = ${horizon}, noise ${noiseStd}, blur ${blur} px, ${scan.pixels} receptors ${scan.spacing} px apart, ${scan.rows} rows × ${scan.steps} steps`);
  const f = learnLaminaFilters(scenes, { memory, horizon, noiseStd, seed, ...scan });
  console.log(
    `  ${Math.round(f.windows)} windows; canonical correlations ${Array.from(f.correlations.slice(0, 3), (c) => c.toFixed(3)).join(', ')}; ` +
      `zero-frequency / peak gain: filter 1 (L3) ${f.zeroFrequencyRatio[0].toFixed(3)}, filter 2 (L1/L2) ${f.zeroFrequencyRatio[1].toFixed(3)}`,
  );
  const L2 = f.L1.map((v) => -v);
  const json = {
    format: 'neurostream.resu-filters',
    version: 1,
    source: { images: opts.image ?? [], deadLeaves: opts.deadLeaves ?? null, blur, noiseStd, ...scan, seed },
    memory,
    horizon,
    windows: f.windows,
    correlations: f.correlations,
    mutualInformation: f.mutualInformation,
    zeroFrequencyRatio: { L3: f.zeroFrequencyRatio[0], L1: f.zeroFrequencyRatio[1] },
    note: 'lag 0 = newest sample; L3 = L3·p (unrectified), L1 = max(0, L1·p) (ON), L2 = max(0, L2·p) (OFF, L2 = −L1)',
    filters: { L3: Array.from(f.L3), L1: Array.from(f.L1), L2: Array.from(L2) },
  };
  atomicWriteFile(join(opts.out, 'filters.json'), `${JSON.stringify(json, null, 1)}\n`);
  files.push(join(opts.out, 'filters.json'));
  files.push(await writeSvg(join(opts.out, 'filters.svg'), filterPlot(f, scenes.map((s) => s.label))));
  for (const file of files) console.log(`  wrote ${file}`);
  if (!opts.snr) return { files, filters: f };

  const snrMemory = num('snr-memory', opts.snrMemory, true);
  const snrHorizon = num('snr-horizon', opts.snrHorizon, true);
  const steps = num('snr-steps', opts.snrSteps, true);
  console.log(`SNR adaptation: rational-quadratic GP (l = α = 1, step 0.02), m = ${snrMemory}, h = ${snrHorizon}`);
  const sweep = snrSweep({ memory: snrMemory, horizon: snrHorizon, count: num('snr-count', opts.snrCount, true), seed });
  for (const p of sweep) console.log(`  noise std ${p.noiseStd}: filter 1 minority-sign share ${p.minorityShare[0]!.toFixed(3)}, σ1 ${p.correlations[0]!.toFixed(3)}, σ2 ${p.correlations[1]!.toFixed(3)}`);
  const switches = [
    [0.01, 0.4],
    [0.4, 0.01],
  ].map(([from, to]) => {
    const r = snrSwitch({ from: from!, to: to!, memory: snrMemory, horizon: snrHorizon, streams: num('snr-streams', opts.snrStreams, true), before: steps, after: steps, seed, reference: { series: 8, length: Math.max(2000, 10 * steps) } });
    console.log(`  noise ${from} → ${to}: cosine ≥ 0.95 with the new batch filter after ${r.adaptationSteps} steps = ${(r.adaptationSteps / snrMemory).toFixed(1)} lag lengths (m)`);
    return { from: from!, to: to!, ...r };
  });
  atomicWriteFile(
    join(opts.out, 'snr-adaptation.json'),
    `${JSON.stringify(
      {
        format: 'neurostream.resu-snr-adaptation',
        version: 1,
        memory: snrMemory,
        horizon: snrHorizon,
        sweep: sweep.map((p) => ({ noiseStd: p.noiseStd, minorityShare: p.minorityShare, correlations: Array.from(p.correlations.slice(0, 5)), filter1: Array.from(p.filters[0]!) })),
        switches: switches.map((s) => ({ from: s.from, to: s.to, forgettingSteps: 2 * (snrMemory + snrHorizon), adaptationSteps: s.adaptationSteps, adaptationLagLengths: s.adaptationSteps / snrMemory, settledSteps: s.settledSteps, cosineOldNew: s.cosineOldNew, steps: s.steps, cosine: s.cosine })),
      },
      null,
      1,
    )}\n`,
  );
  files.push(join(opts.out, 'snr-adaptation.json'));
  files.push(await writeSvg(join(opts.out, 'snr-adaptation.svg'), snrPlot(sweep, switches, snrMemory)));
  for (const file of files.slice(2)) console.log(`  wrote ${file}`);
  return { files, filters: f, sweep, switches };
}

