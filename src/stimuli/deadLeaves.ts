import type { GrayImage } from './grayImage.js';
import { SpecError, requirePositive, requirePositiveInt } from '../core/errors.js';
import { SeededRandom } from '../core/random.js';

/** Options of `deadLeaves`. */
export interface DeadLeavesOptions {
  /** Image width in pixels (default 512). */
  width?: number;
  /** Image height in pixels (default 512). */
  height?: number;
  /** Smallest and largest disc radius in pixels (defaults 2 and width / 4). */
  minRadius?: number;
  /** Largest disc radius in pixels (default width / 4). */
  maxRadius?: number;
  /** Radius density ∝ r^(−exponent) (default 3: scale invariant, like natural images). */
  exponent?: number;
  /** Most discs dropped; pixels still uncovered then take the mean grey 0.5 (default 500,000). */
  maxLeaves?: number;
  /** Seed of the discs' positions, sizes and greys (default 0). */
  seed?: number;
}

/**
 * A dead-leaves scene: opaque discs of uniform random grey level, power-law radii, dropped
 * one on top of another until the plane is covered. Scanning a row of it gives the
 * plateaus-and-transitions time series the ReSU paper uses to explain L1–L3.
 * Drawn front to back (each new disc lies under all earlier ones), so only uncovered pixels
 * are painted and the work stops once every pixel is covered.
 */
export function deadLeaves(options: DeadLeavesOptions = {}): GrayImage {
  const W = requirePositiveInt('deadLeaves.width', options.width ?? 512);
  const H = requirePositiveInt('deadLeaves.height', options.height ?? 512);
  const rMin = requirePositive('deadLeaves.minRadius', options.minRadius ?? 2);
  const rMax = requirePositive('deadLeaves.maxRadius', options.maxRadius ?? W / 4);
  if (rMax < rMin) throw new SpecError('deadLeaves.maxRadius', `(${rMax}) is below minRadius (${rMin})`);
  const e = options.exponent ?? 3;
  if (!(e > 1) || !Number.isFinite(e)) throw new SpecError('deadLeaves.exponent', `must be > 1, got ${e}`);
  const maxLeaves = requirePositiveInt('deadLeaves.maxLeaves', options.maxLeaves ?? 500_000);
  const random = new SeededRandom(options.seed ?? 0, 'deadLeaves');
  const data = new Float64Array(W * H);
  const covered = new Uint8Array(W * H);
  let left = W * H;
  // Inverse CDF of p(r) ∝ r^(−e) on [rMin, rMax].
  const a = Math.pow(rMin, 1 - e);
  const b = Math.pow(rMax, 1 - e);
  for (let n = 0; n < maxLeaves && left > 0; n++) {
    const r = Math.pow(a + (b - a) * random.uniform(), 1 / (1 - e));
    const cx = random.range(-r, W + r);
    const cy = random.range(-r, H + r);
    const grey = random.uniform();
    const y0 = Math.max(0, Math.ceil(cy - r));
    const y1 = Math.min(H - 1, Math.floor(cy + r));
    for (let y = y0; y <= y1; y++) {
      const dy = y - cy;
      const half = Math.sqrt(Math.max(0, r * r - dy * dy));
      const x0 = Math.max(0, Math.ceil(cx - half));
      const x1 = Math.min(W - 1, Math.floor(cx + half));
      for (let x = x0; x <= x1; x++) {
        const k = y * W + x;
        if (covered[k]) continue;
        covered[k] = 1;
        data[k] = grey;
        left--;
      }
    }
  }
  if (left > 0) for (let k = 0; k < W * H; k++) if (!covered[k]) data[k] = 0.5;
  return { width: W, height: H, data };
}
