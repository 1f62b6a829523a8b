import { SpecError, requirePositiveInt } from '../core/errors.js';
import { SeededRandom } from '../core/random.js';

/** Which way a label is folded into the image. */
export type LabelEncodingKind = 'onehot' | 'fourier' | 'morphology';

/**
 * Writes an image with a class label folded into it, as Forward-Forward needs: the network
 * sees (image, label) together and learns high goodness for true pairs. `label` −1 is the
 * neutral label (no class), used to read out activities for a linear classifier.
 */
export interface LabelEncoding {
  /** Which encoding this is. */
  readonly kind: LabelEncodingKind;
  /** Number of classes. */
  readonly classes: number;
  /** Image height, in pixels. */
  readonly rows: number;
  /** Image width, in pixels. */
  readonly cols: number;
  /** out[outOffset …] = image[imageOffset …] labelled with `label` (0 … classes−1, or −1), in [0, 1]. */
  apply(image: Float32Array, imageOffset: number, label: number, out: Float32Array, outOffset: number): void;
  /** Plain-JSON settings that rebuild the encoding (saved with FF checkpoints). */
  describe(): Record<string, unknown>;
}

/** What every label encoding takes. */
export interface LabelOptions {
  /** Image height, in pixels (default 28). */
  rows?: number;
  /** Image width, in pixels (default 28). */
  cols?: number;
  /** Number of classes (default 10). */
  classes?: number;
  /** The label's share of the total intensity of the mixed image (default 0.35). */
  intensity?: number;
}

function geometry(kind: string, o: LabelOptions): { rows: number; cols: number; classes: number; K: number } {
  const rows = requirePositiveInt(`${kind}.rows`, o.rows ?? 28);
  const cols = requirePositiveInt(`${kind}.cols`, o.cols ?? 28);
  const classes = requirePositiveInt(`${kind}.classes`, o.classes ?? 10);
  const K = o.intensity ?? 0.35;
  if (!(K > 0 && K < 1)) throw new SpecError(`${kind}.intensity`, `must be in (0, 1), got ${K}`);
  return { rows, cols, classes, K };
}

function checkLabel(kind: string, label: number, classes: number): void {
  if (!Number.isInteger(label) || label < -1 || label >= classes) {
    throw new SpecError(`${kind}.label`, `expected −1 (neutral) or 0…${classes - 1}, got ${label}`);
  }
}

/**
 * Superpose a label pattern on an image so that the pattern carries a share K of the total
 * intensity (pattern scaled by K/(1−K) · Σimage / Σpattern), then stretch to [0, 1].
 */
export function mixLabel(
  image: Float32Array,
  imageOffset: number,
  pattern: ArrayLike<number>,
  K: number,
  out: Float32Array,
  outOffset: number,
  n: number,
): void {
  let si = 0;
  let sp = 0;
  for (let i = 0; i < n; i++) {
    si += image[imageOffset + i]!;
    sp += pattern[i]!;
  }
  const a = sp > 0 ? ((K / (1 - K)) * (si > 0 ? si : n)) / sp : 0;
  let lo = Infinity;
  let hi = -Infinity;
  for (let i = 0; i < n; i++) {
    const v = image[imageOffset + i]! + a * pattern[i]!;
    out[outOffset + i] = v;
    if (v < lo) lo = v;
    if (v > hi) hi = v;
  }
  const inv = hi > lo ? 1 / (hi - lo) : 0;
  for (let i = 0; i < n; i++) out[outOffset + i] = Math.min(1, Math.max(0, (out[outOffset + i]! - lo) * inv));
}

/** Hinton's one-hot label: the first `classes` pixels set to the one-hot vector (neutral: 1/classes each). */
export function oneHotLabels(options: LabelOptions = {}): LabelEncoding {
  const { rows, cols, classes } = geometry('onehot', options);
  const n = rows * cols;
  if (classes > n) throw new SpecError('onehot.classes', `${classes} classes do not fit ${n} pixels`);
  return {
    kind: 'onehot',
    classes,
    rows,
    cols,
    apply(image, io, label, out, oo) {
      checkLabel('onehot', label, classes);
      for (let i = 0; i < n; i++) out[oo + i] = image[io + i]!;
      for (let c = 0; c < classes; c++) out[oo + c] = label < 0 ? 1 / classes : c === label ? 1 : 0;
    },
    describe: () => ({ kind: 'onehot', rows, cols, classes }),
  };
}

/** One grating: cycles per image width, orientation (radians), phase (radians). */
export interface Grating {
  /** Cycles per image width. */
  readonly frequency: number;
  /** Orientation, radians. */
  readonly orientation: number;
  /** Phase, radians. */
  readonly phase: number;
}

/** The grating as an image in [0, 1]: ½ + ½ cos(2π f (x cos φ + y sin φ) / cols + ψ). */
export function gratingImage(g: Grating, rows: number, cols: number): Float64Array {
  const out = new Float64Array(rows * cols);
  const c = Math.cos(g.orientation);
  const s = Math.sin(g.orientation);
  for (let y = 0; y < rows; y++) {
    for (let x = 0; x < cols; x++) out[y * cols + x] = 0.5 + 0.5 * Math.cos((2 * Math.PI * g.frequency * (x * c + y * s)) / cols + g.phase);
  }
  return out;
}

function correlation(a: Float64Array, b: Float64Array): number {
  const n = a.length;
  let ma = 0;
  let mb = 0;
  for (let i = 0; i < n; i++) {
    ma += a[i]!;
    mb += b[i]!;
  }
  ma /= n;
  mb /= n;
  let sab = 0;
  let saa = 0;
  let sbb = 0;
  for (let i = 0; i < n; i++) {
    sab += (a[i]! - ma) * (b[i]! - mb);
    saa += (a[i]! - ma) ** 2;
    sbb += (b[i]! - mb) ** 2;
  }
  return sab / Math.sqrt(saa * sbb + 1e-30);
}

/** Options of `fourierLabels`. */
export interface FourierOptions extends LabelOptions {
  /** Candidate gratings drawn (default 2000) before choosing the least correlated set. */
  candidates?: number;
  /** Range of spatial frequencies in cycles per image (default [2, 7]: wavelengths of 4–14 px). */
  frequencies?: readonly [number, number];
  /** Seed of the candidate draw (default 1). */
  seed?: number;
}

/**
 * Choose `classes` gratings among seeded random candidates: greedily add the candidate whose
 * largest |correlation| with those already chosen is smallest (the paper picks its sets by
 * the smallest maximal correlation among 2,000 candidates).
 */
export function chooseGratings(rows: number, cols: number, classes: number, candidates = 2000, freq: readonly [number, number] = [2, 7], seed = 1): Grating[] {
  const key = `${rows}:${cols}:${classes}:${candidates}:${freq[0]}:${freq[1]}:${seed}`;
  const hit = chosenGratings.get(key);
  if (hit) return hit;
  const r = new SeededRandom(seed, 'fourier-labels');
  const cands: Grating[] = [];
  for (let i = 0; i < candidates; i++) {
    cands.push({ frequency: r.range(freq[0], freq[1]), orientation: r.range(0, Math.PI), phase: r.range(0, 2 * Math.PI) });
  }
  const imgs = cands.map((g) => gratingImage(g, rows, cols));
  const chosen = [0];
  const worst = new Float64Array(candidates);
  for (let i = 0; i < candidates; i++) worst[i] = Math.abs(correlation(imgs[0]!, imgs[i]!));
  worst[0] = Infinity;
  while (chosen.length < classes) {
    let best = -1;
    for (let i = 0; i < candidates; i++) if (best < 0 || worst[i]! < worst[best]!) best = i;
    chosen.push(best);
    for (let i = 0; i < candidates; i++) worst[i] = Math.max(worst[i]!, Math.abs(correlation(imgs[best]!, imgs[i]!)));
    worst[best] = Infinity;
  }
  const result = chosen.map((i) => cands[i]!);
  chosenGratings.set(key, result);
  return result;
}

/** The search is deterministic: remember its answers. */
const chosenGratings = new Map<string, Grating[]>();

/** Fourier-wave labels: one grating per class over the whole image, mixed with intensity K. */
export function fourierLabels(options: FourierOptions = {}): LabelEncoding & {
  /** The grating of each class. */
  readonly gratings: readonly Grating[];
  /** The label image of a class (−1: the neutral label, the mean of all). */
  pattern(label: number): Float32Array;
} {
  const { rows, cols, classes, K } = geometry('fourier', options);
  const n = rows * cols;
  const gratings = chooseGratings(rows, cols, classes, options.candidates ?? 2000, options.frequencies ?? [2, 7], options.seed ?? 1);
  const patterns = gratings.map((g) => Float32Array.from(gratingImage(g, rows, cols)));
  const neutral = new Float32Array(n);
  for (const p of patterns) for (let i = 0; i < n; i++) neutral[i] = neutral[i]! + p[i]! / classes;
  return {
    kind: 'fourier',
    classes,
    rows,
    cols,
    gratings,
    pattern: (label) => (label < 0 ? neutral : patterns[label]!),
    apply(image, io, label, out, oo) {
      checkLabel('fourier', label, classes);
      mixLabel(image, io, label < 0 ? neutral : patterns[label]!, K, out, oo, n);
    },
    describe: () => ({ kind: 'fourier', rows, cols, classes, intensity: K, gratings }),
  };
}

/** A morphological transform of one image (rows × cols), written to `out`. */
export type Morph =
  | {
      /** Rotate, scale, shift and shear about the image centre (bilinear, zero outside). */
      readonly op: 'affine';
      /** Rotation, degrees. */
      readonly rotate: number;
      /** Scale factor. */
      readonly scale: number;
      /** Shift along x, pixels. */
      readonly shiftX: number;
      /** Shift along y, pixels. */
      readonly shiftY: number;
      /** Shear factor. */
      readonly shear: number;
    }
  | {
      /** Mirror the image. */
      readonly op: 'flip';
      /** The mirror axis. */
      readonly axis: 'x' | 'y' | 'diagonal';
    }
  | {
      /** Grey-level dilation or erosion. */
      readonly op: 'dilate' | 'erode';
      /** Half-width of the square window, pixels (max or min over it). */
      readonly radius: number;
    };

function affine(src: Float64Array, out: Float64Array, rows: number, cols: number, m: Extract<Morph, { op: 'affine' }>): void {
  const cy = (rows - 1) / 2;
  const cx = (cols - 1) / 2;
  const rad = (m.rotate * Math.PI) / 180;
  const c = Math.cos(rad) / m.scale;
  const s = Math.sin(rad) / m.scale;
  for (let y = 0; y < rows; y++) {
    for (let x = 0; x < cols; x++) {
      // inverse map: output pixel → source position (bilinear, zero outside)
      const dx = x - cx - m.shiftX;
      const dy = y - cy - m.shiftY;
      const ux = c * dx + s * dy - m.shear * dy;
      const uy = -s * dx + c * dy;
      const sx = ux + cx;
      const sy = uy + cy;
      const x0 = Math.floor(sx);
      const y0 = Math.floor(sy);
      const fx = sx - x0;
      const fy = sy - y0;
      let v = 0;
      for (let j = 0; j < 2; j++) {
        for (let i = 0; i < 2; i++) {
          const xx = x0 + i;
          const yy = y0 + j;
          if (xx < 0 || yy < 0 || xx >= cols || yy >= rows) continue;
          v += (i ? fx : 1 - fx) * (j ? fy : 1 - fy) * src[yy * cols + xx]!;
        }
      }
      out[y * cols + x] = v;
    }
  }
}

/** Apply one morphological operation. */
export function morph(src: Float64Array, out: Float64Array, rows: number, cols: number, m: Morph): void {
  if (m.op === 'affine') affine(src, out, rows, cols, m);
  else if (m.op === 'flip') {
    for (let y = 0; y < rows; y++) {
      for (let x = 0; x < cols; x++) {
        const [sy, sx] = m.axis === 'x' ? [y, cols - 1 - x] : m.axis === 'y' ? [rows - 1 - y, x] : [x, y];
        out[y * cols + x] = sy < rows && sx < cols ? src[sy * cols + sx]! : 0;
      }
    }
  } else {
    const r = m.radius;
    const dil = m.op === 'dilate';
    for (let y = 0; y < rows; y++) {
      for (let x = 0; x < cols; x++) {
        let v = dil ? -Infinity : Infinity;
        for (let dy = -r; dy <= r; dy++) {
          for (let dx = -r; dx <= r; dx++) {
            const yy = y + dy;
            const xx = x + dx;
            const p = yy < 0 || xx < 0 || yy >= rows || xx >= cols ? 0 : src[yy * cols + xx]!;
            v = dil ? Math.max(v, p) : Math.min(v, p);
          }
        }
        out[y * cols + x] = v;
      }
    }
  }
}

const A = (rotate: number, scale = 1, shiftX = 0, shiftY = 0, shear = 0): Morph => ({ op: 'affine', rotate, scale, shiftX, shiftY, shear });

/**
 * The default morphology label sets, one per class (MNIST-sized digits): each a short
 * sequence of rotations, flips, scalings, shifts, shears, dilations and erosions, chosen so
 * that the transformed copies of a digit differ clearly from each other and from the digit.
 */
export const DEFAULT_MORPH_SETS: readonly (readonly Morph[])[] = [
  [A(90)],
  [A(180)],
  [A(-90)],
  [{ op: 'flip', axis: 'x' }],
  [{ op: 'flip', axis: 'y' }, { op: 'dilate', radius: 1 }],
  [{ op: 'flip', axis: 'diagonal' }],
  [A(0, 0.6)],
  [A(0, 1, 6, 0), { op: 'dilate', radius: 1 }],
  [A(0, 1, 0, -6)],
  [A(45, 0.8, 0, 0, 0.3)],
];

/** Options of `morphologyLabels`. */
export interface MorphologyOptions extends LabelOptions {
  /** One transform sequence per class (default DEFAULT_MORPH_SETS). */
  sets?: readonly (readonly Morph[])[];
}

/**
 * Morphology labels: class c superposes the image with its copy under class c's transform
 * set, with intensity K. The neutral label superposes the unchanged image (the image itself).
 */
export function morphologyLabels(options: MorphologyOptions = {}): LabelEncoding {
  const { rows, cols, classes, K } = geometry('morphology', options);
  const sets = options.sets ?? DEFAULT_MORPH_SETS;
  if (sets.length < classes) throw new SpecError('morphology.sets', `${sets.length} transform sets for ${classes} classes`);
  const n = rows * cols;
  const a = new Float64Array(n);
  const b = new Float64Array(n);
  return {
    kind: 'morphology',
    classes,
    rows,
    cols,
    apply(image, io, label, out, oo) {
      checkLabel('morphology', label, classes);
      for (let i = 0; i < n; i++) a[i] = image[io + i]!;
      let cur = a;
      let next = b;
      if (label >= 0) {
        for (const m of sets[label]!) {
          morph(cur, next, rows, cols, m);
          [cur, next] = [next, cur];
        }
      }
      mixLabel(image, io, cur, K, out, oo, n);
    },
    describe: () => ({ kind: 'morphology', rows, cols, classes, intensity: K, sets }),
  };
}

/** The encoding of a kind with its defaults. */
export function labelEncoding(kind: LabelEncodingKind, options: LabelOptions = {}): LabelEncoding {
  if (kind === 'onehot') return oneHotLabels(options);
  if (kind === 'fourier') return fourierLabels(options);
  if (kind === 'morphology') return morphologyLabels(options);
  throw new SpecError('labels', `expected onehot, fourier or morphology, got '${String(kind)}'`);
}

/** A wrong label for a sample of class `label`, drawn uniformly from the other classes. */
export function wrongLabel(label: number, classes: number, random: SeededRandom): number {
  return (label + 1 + random.int(classes - 1)) % classes;
}
