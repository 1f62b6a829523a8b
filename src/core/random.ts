import { xoroshiro128plus } from 'pure-rand/generator/xoroshiro128plus';
import { uniformFloat64 } from 'pure-rand/distribution/uniformFloat64';
import type { RandomGenerator } from 'pure-rand/types/RandomGenerator';

/** murmur3's 32-bit finaliser: a cheap, well-mixed bijection on uint32. */
function fmix32(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/** Stable 32-bit key of a string (FNV-1a then fmix32), used to name random streams. */
export function hashString(key: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < key.length; i++) {
    h ^= key.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return fmix32(h);
}

/**
 * Stateless counter-based uniform in [0, 1) keyed by (seed, stream, step, unit).
 * The same key gives the same number on every backend and in any evaluation order,
 * which is what per-step noise needs for cpu/gpu parity.
 */
export function counterUniform(seed: number, stream: number, step: number, unit: number): number {
  let h = fmix32((seed ^ 0x9e3779b9) >>> 0);
  h = fmix32((h ^ stream) >>> 0);
  h = fmix32((h ^ Math.imul(step, 0x27d4eb2d)) >>> 0);
  h = fmix32((h ^ Math.imul(unit + 1, 0x165667b1)) >>> 0);
  return (h + 0.5) / 4294967296;
}

/** Standard normal from two counter-based uniforms (Box–Muller, cosine branch). */
export function counterNormal(seed: number, stream: number, step: number, unit: number): number {
  const u1 = counterUniform(seed, stream, step, 2 * unit);
  const u2 = counterUniform(seed, stream, step, 2 * unit + 1);
  return Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * u2);
}

/**
 * The simulator's seeded generator (xoroshiro128+ from pure-rand). Each consumer
 * takes its own stream with `fork(name)`, so adding a population does not shift the
 * numbers another population draws.
 */
export class SeededRandom {
  private readonly gen: RandomGenerator;
  private spare = Number.NaN;

  constructor(
    /** The integer seed. */
    readonly seed: number,
    /** The stream's name (`fork` appends to it); the same seed and stream give the same numbers. */
    readonly stream = '',
  ) {
    if (!Number.isInteger(seed)) throw new RangeError(`seed must be an integer, got ${seed}`);
    this.gen = xoroshiro128plus(fmix32((seed ^ hashString(stream)) >>> 0) ^ (seed >>> 0));
  }

  /** An independent stream derived from this seed and a name. */
  fork(name: string): SeededRandom {
    return new SeededRandom(this.seed, this.stream ? `${this.stream}/${name}` : name);
  }

  /** Uniform in [0, 1) with 53 random bits. */
  uniform(): number {
    return uniformFloat64(this.gen);
  }

  /** Uniform in [lo, hi). */
  range(lo: number, hi: number): number {
    return lo + (hi - lo) * this.uniform();
  }

  /** Integer in [0, n). */
  int(n: number): number {
    return Math.floor(this.uniform() * n);
  }

  /** A uniformly random order of 0…n−1 (Fisher–Yates, drawing from the last place down). */
  permutation(n: number): Uint32Array {
    const p = new Uint32Array(n);
    for (let i = 0; i < n; i++) p[i] = i;
    for (let i = n - 1; i > 0; i--) {
      const j = this.int(i + 1);
      const t = p[i]!;
      p[i] = p[j]!;
      p[j] = t;
    }
    return p;
  }

  /** Standard normal (Box–Muller, both branches used). */
  normal(): number {
    if (!Number.isNaN(this.spare)) {
      const s = this.spare;
      this.spare = Number.NaN;
      return s;
    }
    let u1 = this.uniform();
    while (u1 === 0) u1 = this.uniform();
    const u2 = this.uniform();
    const r = Math.sqrt(-2 * Math.log(u1));
    this.spare = r * Math.sin(2 * Math.PI * u2);
    return r * Math.cos(2 * Math.PI * u2);
  }

  /** Fill an array with normal(mean, std) draws. */
  fillNormal<T extends Float32Array | Float64Array>(out: T, mean = 0, std = 1): T {
    for (let i = 0; i < out.length; i++) out[i] = mean + std * this.normal();
    return out;
  }

  /** Fill an array with uniform [lo, hi) draws. */
  fillUniform<T extends Float32Array | Float64Array>(out: T, lo = 0, hi = 1): T {
    for (let i = 0; i < out.length; i++) out[i] = this.range(lo, hi);
    return out;
  }

  /** Geometric skip: number of failures before the next success with probability p (p in (0,1]). */
  geometric(p: number): number {
    if (p >= 1) return 0;
    let u = this.uniform();
    while (u === 0) u = this.uniform();
    return Math.floor(Math.log(u) / Math.log1p(-p));
  }
}
