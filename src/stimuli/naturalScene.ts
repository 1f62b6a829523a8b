import { renamedOption } from '../core/warnings.js';
import type { GrayImage } from './grayImage.js';
import { gaussianBlur2d } from './gaussianBlur.js';
import { SpecError, requireFinite, requireNonNegativeInt, requirePositive, requirePositiveInt } from '../core/errors.js';
import { counterNormal, hashString, SeededRandom } from '../core/random.js';
import type { Stimulus } from '../sim/Stimulus.js';

/** Options of `contrastScene`: blur, local mean and scaling. */
export interface SceneOptions {
  /**
   * Photoreceptor acceptance: Gaussian blur σ in image pixels (0 = none). Default 5.5: a 5°
   * acceptance (FWHM 13 px) when receptors sit 13 px (one 5° ommatidium) apart, as in the reference.
   */
  blur?: number;
  /** σ (px) of the local mean in contrast = (I − mean)/mean; default: each row's mean. */
  localMean?: number;
  /** Scale each row to zero mean and unit variance (default true). */
  zscore?: boolean;
}

/** An image turned into rows of contrast, ready to be scanned. */
export interface Scene {
  /** Width, in pixels. */
  readonly width: number;
  /** Rows, i.e. image height in pixels. */
  readonly height: number;
  /** Contrast, row-major (`rows[y·width + x]`). */
  readonly rows: Float64Array;
  /** A name for logs and seeds (the image's name). */
  readonly label: string;
}

/**
 * Contrast rows of an image as a fly photoreceptor row would see them: blur with the
 * acceptance Gaussian, contrast = (I − local mean) / local mean, then each row z-scored.
 */
export function contrastScene(image: GrayImage, options: SceneOptions = {}, label = 'image'): Scene {
  const { width: W, height: H } = image;
  const blur = options.blur ?? 5.5;
  if (!(blur >= 0) || !Number.isFinite(blur)) throw new SpecError('scene.blur', `must be a finite number ≥ 0, got ${blur}`);
  const I = blur > 0 ? gaussianBlur2d(image.data, W, H, blur) : Float64Array.from(image.data);
  const rows = new Float64Array(W * H);
  let mean: Float64Array | null = null;
  if (options.localMean !== undefined) mean = gaussianBlur2d(image.data, W, H, requirePositive('scene.localMean', options.localMean));
  for (let y = 0; y < H; y++) {
    const o = y * W;
    let rowMean = 0;
    for (let x = 0; x < W; x++) rowMean += I[o + x]!;
    rowMean /= W;
    for (let x = 0; x < W; x++) {
      const mu = Math.max(mean ? mean[o + x]! : rowMean, 1e-6);
      rows[o + x] = (I[o + x]! - mu) / mu;
    }
    if (options.zscore ?? true) zscore(rows, o, W);
  }
  return { width: W, height: H, rows, label };
}

function zscore(a: Float64Array, off: number, n: number): void {
  let m = 0;
  for (let i = 0; i < n; i++) m += a[off + i]!;
  m /= n;
  let v = 0;
  for (let i = 0; i < n; i++) v += (a[off + i]! - m) ** 2;
  const sd = Math.sqrt(v / n);
  for (let i = 0; i < n; i++) a[off + i] = sd > 0 ? (a[off + i]! - m) / sd : 0;
}

/**
 * Contrast of row `y` at sub-pixel position p, linearly interpolated. The row is extended
 * by mirroring (period 2·width), so a scan runs on forever without a jump.
 */
export function sampleRow(scene: Scene, y: number, p: number): number {
  const W = scene.width;
  const P = 2 * W;
  let q = p % P;
  if (q < 0) q += P;
  const k = q | 0; // q is in [0, 2·width)
  const f = q - k;
  const a = mirrored(scene.rows, y * W, W, k);
  return f === 0 ? a : a + f * (mirrored(scene.rows, y * W, W, (k + 1) % P) - a);
}

function mirrored(rows: Float64Array, off: number, W: number, k: number): number {
  return rows[off + (k < W ? k : 2 * W - 1 - k)]!;
}

/** Options of `sceneScan`. */
export interface SceneScanOptions {
  /** Image pixels the scene moves per simulation step (default 1; any positive real: sub-pixel steps interpolate). */
  pxPerStep?: number;
  /** @deprecated The old name of `pxPerStep` (warns). */
  speed?: number;
  /** +1: the pattern moves toward higher receptor indices (reaches receptor 0 first); −1: the other way. */
  direction?: 1 | -1;
  /** Photoreceptors in the row (default: the width of the population fed). */
  receptors?: number;
  /** Image pixels between adjacent receptors (default 13: at 1 px/step neighbours see the scan 13 steps apart). */
  spacing?: number;
  /** Rows scanned: batch copy b scans rows[b mod n] (default: row ⌊frac(b·φ)·height⌋, spread over the image). */
  rows?: readonly number[];
  /** Every this many steps each batch copy moves on to the row `batch` places later (default: never). */
  rowEverySteps?: number;
  /** @deprecated The old name of `rowEverySteps` (warns). */
  rowEvery?: number;
  /** Position (px) of receptor 0 at step 0 (default 0). */
  start?: number;
  /** Std of additive Gaussian white noise on the z-scored contrast (default 0). */
  noiseStd?: number;
  /** Seed of the noise (counter-based: the same (seed, step, receptor) gives the same draw). */
  seed?: number;
}

/**
 * A row of photoreceptors watching a scene translate: receptor i at step t sees the
 * contrast at `start + i·spacing − direction·pxPerStep·t` of its row (interpolated), plus noise.
 * Both the speed and the row period stay in steps, and their names say so.
 *
 * @example
 * sim.runSteps(sceneScan(loadScene('assets/natural/grass.png'), { pxPerStep: 1, spacing: 13, noiseStd: 0.05 }), 10_000);
 */
export function sceneScan(scene: Scene, options: SceneScanOptions = {}): Stimulus {
  const speed = requirePositive('sceneScan.pxPerStep', renamedOption<number>('sceneScan', options, 'speed', 'pxPerStep') ?? 1);
  const direction = options.direction ?? 1;
  if (direction !== 1 && direction !== -1) throw new SpecError('sceneScan.direction', `must be +1 or −1, got ${String(direction)}`);
  const spacing = requireFinite('sceneScan.spacing', options.spacing ?? 13);
  const start = requireFinite('sceneScan.start', options.start ?? 0);
  const noiseStd = requireFinite('sceneScan.noiseStd', options.noiseStd ?? 0);
  if (noiseStd < 0) throw new SpecError('sceneScan.noiseStd', `must be ≥ 0, got ${noiseStd}`);
  const seed = options.seed ?? 0;
  const stream = hashString(`sceneScan:${scene.label}`);
  const rowEveryGiven = renamedOption<number>('sceneScan', options, 'rowEvery', 'rowEverySteps');
  const rowEvery = rowEveryGiven === undefined ? 0 : requirePositiveInt('sceneScan.rowEverySteps', rowEveryGiven);
  const rows = options.rows ? [...options.rows] : null;
  if (rows) {
    if (rows.length === 0) throw new SpecError('sceneScan.rows', 'is empty');
    rows.forEach((r, k) => {
      requireNonNegativeInt(`sceneScan.rows[${k}]`, r);
      if (r >= scene.height) throw new SpecError(`sceneScan.rows[${k}]`, `row ${r} is outside the image (height ${scene.height})`);
    });
  }
  return {
    label: `sceneScan(${scene.label}, ${speed} px/step, ${direction > 0 ? '+' : '−'})`,
    frame(step, _dt, out, width, batch) {
      if (options.receptors !== undefined && options.receptors !== width) {
        throw new SpecError('sceneScan.receptors', `${options.receptors} receptors, but the population fed has ${width} units`);
      }
      const shift = start - direction * speed * step;
      const round = rowEvery > 0 ? Math.floor(step / rowEvery) : 0;
      for (let b = 0; b < batch; b++) {
        const k = b + batch * round;
        const y = rows ? rows[k % rows.length]! : spreadRow(k, scene.height);
        for (let i = 0; i < width; i++) {
          let v = sampleRow(scene, y, shift + i * spacing);
          if (noiseStd > 0) v += noiseStd * counterNormal(seed, stream, step, b * width + i);
          out[b * width + i] = v;
        }
      }
    },
  };
}

/** The k-th of a low-discrepancy sequence of rows (golden-ratio steps), spread over the image. */
function spreadRow(k: number, height: number): number {
  const f = (k * 0.6180339887498949) % 1;
  return Math.min(height - 1, Math.floor(f * height));
}

/** Options of `scanSeries`. */
export interface ScanSeriesOptions {
  /** Image pixels the scene moves per sample (default 1); the series has one sample per step. */
  pxPerStep?: number;
  /** @deprecated The old name of `pxPerStep` (warns). */
  speed?: number;
  /** Samples (default: one pass over the row, width / pxPerStep). */
  length?: number;
  /** Position (px) at step 0 (default 0). */
  start?: number;
  /** +1 scans rightwards, −1 leftwards (default +1). */
  direction?: 1 | -1;
  /** Std of white noise added to each sample (default 0). */
  noiseStd?: number;
  /** Seed of the noise (default 0). */
  seed?: number;
}

/**
 * One receptor's contrast time series while the scene scans past: a plain series for fitting CCA.
 * Like `sceneScan`, the speed stays in steps and its name says so (`pxPerStep`).
 */
export function scanSeries(scene: Scene, row: number, options: ScanSeriesOptions = {}): Float64Array {
  requireNonNegativeInt('scanSeries.row', row);
  if (row >= scene.height) throw new SpecError('scanSeries.row', `row ${row} is outside the image (height ${scene.height})`);
  const speed = requirePositive('scanSeries.pxPerStep', renamedOption<number>('scanSeries', options, 'speed', 'pxPerStep') ?? 1);
  const n = requirePositiveInt('scanSeries.length', options.length ?? Math.floor(scene.width / speed));
  const start = requireFinite('scanSeries.start', options.start ?? 0);
  const dir = options.direction ?? 1;
  const noiseStd = options.noiseStd ?? 0;
  const random = new SeededRandom(options.seed ?? 0, `scanSeries:${row}`);
  const x = new Float64Array(n);
  for (let t = 0; t < n; t++) x[t] = sampleRow(scene, row, start - dir * speed * t) + (noiseStd > 0 ? noiseStd * random.normal() : 0);
  return x;
}

/** One series per row of the scene (every `rowStep`-th row), for pooling into one CCA fit. */
export function sceneRowSeries(scene: Scene, options: ScanSeriesOptions & { rowStep?: number } = {}): Float64Array[] {
  const step = requirePositiveInt('sceneRowSeries.rowStep', options.rowStep ?? 1);
  // The old name is read (and warned about) once here, not once per row.
  const perRow = { ...options, speed: undefined, pxPerStep: renamedOption<number>('sceneRowSeries', options, 'speed', 'pxPerStep') };
  const out: Float64Array[] = [];
  for (let y = 0; y < scene.height; y += step) out.push(scanSeries(scene, y, perRow));
  return out;
}
