import { gaussianBlur2d } from './gaussianBlur.js';
import { SpecError, requireFinite, requirePositive } from '../core/errors.js';
import { DEGREES_PER_SECOND, toNamedUnit, type QuantityInput } from '../core/quantity.js';
import { counterNormal, hashString, SeededRandom } from '../core/random.js';
import type { Stimulus } from '../sim/Stimulus.js';
import type { GrayImage } from './grayImage.js';
import type { HexEye } from './hexEye.js';
import { checkFrame, directionList } from './hexStimulus.js';

/** A photograph as contrast, blurred by the ommatidia's acceptance, ready to move across an eye. */
export interface ContrastImage {
  /** Width, in pixels. */
  readonly width: number;
  /** Height, in pixels. */
  readonly height: number;
  /** Contrast (I − mean)/mean of the blurred image, z-scored over the image; row-major. */
  readonly data: Float64Array;
  /** Image pixels per degree of visual angle. */
  readonly pixelsPerDegree: number;
  /** A name for logs and reports (the file's name). */
  readonly label: string;
}

/** Options of `contrastImage`. */
export interface ContrastImageOptions {
  /** Image pixels per degree of visual angle (default 2.6: 13 px per 5°, the 1-D scans' scale). */
  pixelsPerDegree?: number;
  /** Full width at half maximum of the Gaussian acceptance, degrees (default 5; 0 = none). */
  acceptanceDeg?: number;
}

/** Blur an image with the acceptance Gaussian and turn it into z-scored contrast. */
export function contrastImage(image: GrayImage, options: ContrastImageOptions = {}, label = 'image'): ContrastImage {
  const ppd = requirePositive('contrastImage.pixelsPerDegree', options.pixelsPerDegree ?? 2.6);
  const fwhm = requireFinite('contrastImage.acceptanceDeg', options.acceptanceDeg ?? 5);
  if (fwhm < 0) throw new SpecError('contrastImage.acceptanceDeg', `must be ≥ 0, got ${fwhm}`);
  const { width: W, height: H } = image;
  const sigma = (fwhm / (2 * Math.sqrt(2 * Math.LN2))) * ppd;
  const I = sigma > 0 ? gaussianBlur2d(image.data, W, H, sigma) : Float64Array.from(image.data);
  let mean = 0;
  for (const v of I) mean += v;
  mean = Math.max(mean / I.length, 1e-6);
  const data = I.map((v) => (v - mean) / mean);
  let m = 0;
  for (const v of data) m += v;
  m /= data.length;
  let sq = 0;
  for (const v of data) sq += (v - m) ** 2;
  const sd = Math.sqrt(sq / data.length);
  for (let i = 0; i < data.length; i++) data[i] = sd > 0 ? (data[i]! - m) / sd : 0;
  return { width: W, height: H, data, pixelsPerDegree: ppd, label };
}

/**
 * The image turned a quarter turn (rows become columns). Training on an image and its
 * turned copy gives horizontal and vertical motion the same statistics, whatever the
 * photographs' own anisotropy (grass blades, brick courses).
 */
export function quarterTurn(img: ContrastImage): ContrastImage {
  const { width: W, height: H } = img;
  const data = new Float64Array(W * H);
  for (let y = 0; y < H; y++) for (let x = 0; x < W; x++) data[x * H + (H - 1 - y)] = img.data[y * W + x]!;
  return { width: H, height: W, data, pixelsPerDegree: img.pixelsPerDegree, label: `${img.label} (turned)` };
}

/**
 * Bilinear sample of a contrast image at pixel (px, py); the image repeats mirrored, so motion
 * runs on without a jump. `hexSceneMotion` samples with it; a stimulus of your own can too.
 */
export function sampleImage(img: ContrastImage, px: number, py: number): number {
  const W = img.width;
  const H = img.height;
  const x0 = Math.floor(px);
  const y0 = Math.floor(py);
  const fx = px - x0;
  const fy = py - y0;
  const a = at(img, mirror(x0, W), mirror(y0, H));
  const b = at(img, mirror(x0 + 1, W), mirror(y0, H));
  const c = at(img, mirror(x0, W), mirror(y0 + 1, H));
  const d = at(img, mirror(x0 + 1, W), mirror(y0 + 1, H));
  return (a + fx * (b - a)) * (1 - fy) + (c + fx * (d - c)) * fy;
}

function at(img: ContrastImage, x: number, y: number): number {
  return img.data[y * img.width + x]!;
}

function mirror(k: number, n: number): number {
  const P = 2 * n;
  let m = k % P;
  if (m < 0) m += P;
  return m < n ? m : P - 1 - m;
}

/** Options of `hexSceneMotion`. */
export interface HexSceneMotionOptions {
  /** The eye the image moves across. */
  eye: HexEye;
  /**
   * Speed of the image in degrees per second (one value, or one per batch copy): a bare number
   * is deg/s; a quantity ('50 deg/s', '0.9 rad/s') is converted.
   */
  speedDeg: QuantityInput | readonly QuantityInput[];
  /** Direction of motion in degrees (0° = +x, 90° = up; one value, or one per batch copy). */
  direction?: number | readonly number[];
  /** Image pixel under the eye's centre at time 0, per batch copy (default: drawn from `seed`). */
  start?: readonly (readonly [number, number])[];
  /** Std of additive Gaussian white noise on the contrast (default 0). */
  noiseStd?: number;
  /** Seed of the start positions and the noise. */
  seed?: number;
}

/**
 * A photograph translating across a hexagonal eye at a chosen velocity: column i at time t
 * sees the blurred contrast at its own direction of view minus the distance the image has
 * moved, plus noise. Batch copies may differ in direction, speed and start position.
 *
 * @example
 * const img = contrastImage(loadPng('assets/natural/camera.png'), {}, 'camera.png');
 * sim.runSteps(hexSceneMotion(img, { eye, speedDeg: 50, direction: [0, 90, 180, 270] }), 500);
 */
export function hexSceneMotion(image: ContrastImage, options: HexSceneMotionOptions): Stimulus {
  const eye = options.eye;
  const dirs = directionList('hexSceneMotion.direction', options.direction);
  const given = Array.isArray(options.speedDeg) ? (options.speedDeg as readonly QuantityInput[]) : [options.speedDeg as QuantityInput];
  if (given.length === 0) throw new SpecError('hexSceneMotion.speedDeg', 'is empty');
  const speeds = given.map((v, k) => toNamedUnit(`hexSceneMotion.speedDeg[${k}]`, v, DEGREES_PER_SECOND, { max: 1e5, what: 'an image speed' }));
  const noiseStd = requireFinite('hexSceneMotion.noiseStd', options.noiseStd ?? 0);
  if (noiseStd < 0) throw new SpecError('hexSceneMotion.noiseStd', `must be ≥ 0, got ${noiseStd}`);
  const seed = options.seed ?? 0;
  const stream = hashString(`hexSceneMotion:${image.label}`);
  const random = new SeededRandom(seed, `hexSceneMotion.start:${image.label}`);
  const starts: [number, number][] = options.start ? options.start.map(([x, y]) => [x, y]) : [];
  starts.forEach(([x, y], k) => {
    requireFinite(`hexSceneMotion.start[${k}][0]`, x);
    requireFinite(`hexSceneMotion.start[${k}][1]`, y);
  });
  const scale = eye.spacingDeg * image.pixelsPerDegree; // image pixels per column spacing
  const vel = (b: number): [number, number] => {
    const d = ((dirs[dirs.length === 1 ? 0 : b]! * Math.PI) / 180);
    const v = speeds[speeds.length === 1 ? 0 : b]! * image.pixelsPerDegree; // px per second
    return [v * Math.cos(d), v * Math.sin(d)];
  };
  return {
    label: `hexSceneMotion(${image.label}, ${speeds.join('/')}°/s, ${dirs.join('/')}°)`,
    frame(step, dt, out, width, batch) {
      checkFrame('hexSceneMotion', eye, dirs, width, batch);
      if (speeds.length !== 1 && speeds.length !== batch) throw new SpecError('hexSceneMotion.speedDeg', `has ${speeds.length} values for a batch of ${batch}`);
      if (options.start && starts.length !== batch) throw new SpecError('hexSceneMotion.start', `has ${starts.length} positions for a batch of ${batch}`);
      while (starts.length < batch) starts.push([random.uniform() * image.width, random.uniform() * image.height]);
      const t = step * dt;
      for (let b = 0; b < batch; b++) {
        const [vx, vy] = vel(b);
        const cx = starts[b]![0] - vx * t;
        const cy = starts[b]![1] + vy * t; // image rows grow downwards
        const o = b * width;
        for (let i = 0; i < width; i++) {
          let v = sampleImage(image, cx + eye.x[i]! * scale, cy - eye.y[i]! * scale);
          if (noiseStd > 0) v += noiseStd * counterNormal(seed, stream, step, o + i);
          out[o + i] = v;
        }
      }
    },
  };
}
