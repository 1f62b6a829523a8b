import { SpecError, requirePositive, requirePositiveInt } from '../../core/errors.js';

/** Which samples make the past and the future of a lag window. */
export interface LagWindowOptions {
  /** Number of channels stacked in the lag vectors (default 1). */
  channels?: number;
  /** Past lags m: p_t = (x_t, x_{t−1}, …, x_{t−m+1}) per channel. */
  memory: number;
  /** Future lag vector f_t = (x_{t+1}, …, x_{t+h}) per channel. Give this or `offset`. */
  horizon?: number;
  /** A single future sample f_t = x_{t+offset} per channel. Give this or `horizon`. */
  offset?: number;
  /** Exponential forgetting time constant in samples; omitted = batch (every window weighs 1). */
  forgetting?: number;
  /**
   * Samples between consecutive lags (default 1): with stride k the past is (x_t, x_{t−k}, …,
   * x_{t−(m−1)k}), the future (x_{t+k}, …, x_{t+hk}) or x_{t+offset·k} — the same lag
   * structure on a k-times coarser timescale, while windows still start at every sample.
   */
  stride?: number;
  /**
   * Channels (indices) whose samples make the future (default all): a unit that also reads
   * delayed copies of its inputs predicts only the undelayed ones — a delayed copy's future
   * is its own past.
   */
  futureChannels?: readonly number[];
}

/** Second-order statistics of (past, future) lag-vector pairs. Matrices are row-major. */
export interface PastFutureCovariance {
  /** Channels of the series. */
  readonly channels: number;
  /** Length of a past vector: memory × channels, laid out `c·m + lag` (lag 0 = newest). */
  readonly pastSize: number;
  /** Length of a future vector: horizon × future channels (`c·h + e`, e = 0 is x_{t+1}) or future channels (offset). */
  readonly futureSize: number;
  /** Covariance of past vectors, pastSize × pastSize. */
  readonly Cpp: Float64Array;
  /** Covariance of future vectors, futureSize × futureSize. */
  readonly Cff: Float64Array;
  /** pastSize × futureSize. */
  readonly Cpf: Float64Array;
  /** Mean past vector (zeros when not centred). */
  readonly meanPast: Float64Array;
  /** Mean future vector (zeros when not centred). */
  readonly meanFuture: Float64Array;
  /** Number of windows (weighted by the forgetting factor). */
  readonly count: number;
  /** Whether the means were subtracted. */
  readonly centred: boolean;
}

/**
 * Streaming accumulator of past–future covariances for lag vectors.
 *
 * The lag vectors of a series form a Hankel matrix: every entry of the Gram matrix of
 * the L = m + h sample windows is a lagged product sum Σ x_{u−d} y_u plus corrections at
 * the two ends of the series. So each sample costs O(C²·L) instead of O(C²·L²), and the
 * corrections (O(C²·L²) per series) are paid only when the covariance is read.
 *
 * Series arrive either whole (`addSeries`, batch mode) or as streams sampled together
 * one step at a time (`push`, both modes); `endSegment` closes the streams (a reset),
 * so no window spans a discontinuity. With `forgetting` = τ, a window that ended s
 * samples ago weighs exp(−s/τ).
 */
export class LagCovariance {
  /** Channels of the series. */
  readonly channels: number;
  /** Past lags m per channel. */
  readonly memory: number;
  /** Window length L in samples ((memory − 1 + horizon or offset) × stride + 1). */
  readonly span: number;
  /** Samples between consecutive lags. */
  readonly stride: number;
  /** Length of a past vector: memory × channels. */
  readonly pastSize: number;
  /** Length of a future vector: horizon × future channels, or future channels with an offset. */
  readonly futureSize: number;
  /** Forgetting factor per sample (1 in batch mode). */
  readonly lambda: number;
  /** Window position j (0 = oldest) of past index `c·m + lag` and of each future index. */
  private readonly pastPos: Int32Array;
  private readonly futurePos: Int32Array;

  // Finished segments, exact, as of time `doneTime`.
  private readonly doneG: Float64Array;
  private readonly doneM: Float64Array;
  private doneN = 0;
  private doneTime = 0;

  // The streaming segment: pooled lag products and sums, decayed to the newest sample.
  private readonly r: Float64Array;
  private readonly s: Float64Array;
  private streams = 0;
  /** Per stream and channel: the last L samples twice over (so any L consecutive are contiguous). */
  private ring = new Float64Array(0);
  /** Per stream and channel: the first L − 1 samples of the segment. */
  private head = new Float64Array(0);
  private segLen = 0;
  /** Index of the newest pushed sample (global clock of `push`). */
  private time = -1;

  constructor(options: LagWindowOptions) {
    const C = requirePositiveInt('LagCovariance.channels', options.channels ?? 1);
    const m = requirePositiveInt('LagCovariance.memory', options.memory);
    if ((options.horizon === undefined) === (options.offset === undefined)) {
      throw new SpecError('LagCovariance.horizon', 'give exactly one of horizon (future lag vector) or offset (one future sample)');
    }
    const h = options.horizon !== undefined ? requirePositiveInt('LagCovariance.horizon', options.horizon) : 0;
    const o = options.offset !== undefined ? requirePositiveInt('LagCovariance.offset', options.offset) : 0;
    const k = requirePositiveInt('LagCovariance.stride', options.stride ?? 1);
    this.channels = C;
    this.memory = m;
    this.stride = k;
    // Window positions 0 … L − 1; lags sit at multiples of the stride (the newest past at (m − 1)k).
    const L = (m - 1 + (h || o)) * k + 1;
    this.span = L;
    this.pastSize = C * m;
    const fc = options.futureChannels ? [...options.futureChannels] : Array.from({ length: C }, (_, c) => c);
    if (fc.length === 0) throw new SpecError('LagCovariance.futureChannels', 'is empty');
    fc.forEach((c, i) => {
      if (!Number.isInteger(c) || c < 0 || c >= C) throw new SpecError(`LagCovariance.futureChannels[${i}]`, `must be a channel index in 0…${C - 1}, got ${c}`);
    });
    if (new Set(fc).size !== fc.length) throw new SpecError('LagCovariance.futureChannels', `repeats a channel: ${fc.join(', ')}`);
    const Cf = fc.length;
    this.futureSize = h ? Cf * h : Cf;
    this.lambda = options.forgetting === undefined ? 1 : Math.exp(-1 / requirePositive('LagCovariance.forgetting', options.forgetting));
    this.pastPos = new Int32Array(this.pastSize);
    for (let c = 0; c < C; c++) for (let i = 0; i < m; i++) this.pastPos[c * m + i] = c * L + (m - 1 - i) * k;
    this.futurePos = new Int32Array(this.futureSize);
    if (h) fc.forEach((c, i) => { for (let e = 0; e < h; e++) this.futurePos[i * h + e] = c * L + (m + e) * k; });
    else fc.forEach((c, i) => (this.futurePos[i] = c * L + L - 1));
    const W = C * L;
    this.doneG = new Float64Array(W * W);
    this.doneM = new Float64Array(W);
    this.r = new Float64Array(C * C * L);
    this.s = new Float64Array(C);
  }

  /** Weighted number of complete windows seen so far. */
  get count(): number {
    const L = this.span;
    return this.doneN * Math.pow(this.lambda, this.time - this.doneTime) + (this.segLen >= L ? this.streams * windowWeight(this.lambda, this.segLen - L + 1) : 0);
  }

  /** Forget everything. */
  reset(): void {
    this.doneG.fill(0);
    this.doneM.fill(0);
    this.doneN = 0;
    this.doneTime = 0;
    this.r.fill(0);
    this.s.fill(0);
    this.segLen = 0;
    this.time = -1;
  }

  /**
   * Add one whole series (batch mode): `channels[c][u]`, all the same length. Windows never
   * span two series, so independent recordings (image rows, trials) can be pooled.
   */
  addSeries(channels: readonly ArrayLike<number>[] | ArrayLike<number>): void {
    if (this.lambda !== 1) throw new SpecError('LagCovariance.addSeries', 'batch mode only; in forgetting mode stream samples with push()');
    const list = toChannelList(channels);
    const C = this.channels;
    const L = this.span;
    if (list.length !== C) throw new SpecError('LagCovariance.addSeries', `expected ${C} channel(s), got ${list.length}`);
    const N = list[0]!.length;
    for (let c = 1; c < C; c++) {
      if (list[c]!.length !== N) throw new SpecError(`LagCovariance.addSeries[${c}]`, `channel has ${list[c]!.length} samples, channel 0 has ${N}`);
    }
    if (N < L) return;
    const x = list.map((a) => (a instanceof Float64Array ? a : Float64Array.from(a)));
    for (let c = 0; c < C; c++) checkFinite(x[c]!, c);
    const r = new Float64Array(C * C * L);
    for (let c1 = 0; c1 < C; c1++) for (let c2 = 0; c2 < C; c2++) laggedProducts(x[c1]!, x[c2]!, L, r, (c1 * C + c2) * L);
    const s = new Float64Array(C);
    for (let c = 0; c < C; c++) {
      let acc = 0;
      const xc = x[c]!;
      for (let u = 0; u < N; u++) acc += xc[u]!;
      s[c] = acc;
    }
    const head = new Float64Array(C * (L - 1));
    const tail = new Float64Array(C * L);
    for (let c = 0; c < C; c++) {
      head.set(x[c]!.subarray(0, L - 1), c * (L - 1));
      tail.set(x[c]!.subarray(N - L, N), c * L);
    }
    const W = C * L;
    const G = new Float64Array(W * W);
    const M = new Float64Array(W);
    const n = segmentGram(C, L, 1, N, r, s, 1, head, tail, G, M, this.stride);
    for (let q = 0; q < G.length; q++) this.doneG[q] = this.doneG[q]! + G[q]!;
    for (let q = 0; q < W; q++) this.doneM[q] = this.doneM[q]! + M[q]!;
    this.doneN += n;
  }

  /**
   * Push one sample of every stream: `channels[c][stream]`. All streams advance together;
   * the number of streams is fixed by the first push after construction or `reset`.
   */
  push(channels: readonly ArrayLike<number>[]): void {
    const C = this.channels;
    const L = this.span;
    if (channels.length !== C) throw new SpecError('LagCovariance.push', `expected ${C} channel(s), got ${channels.length}`);
    const S = channels[0]!.length;
    if (this.streams !== S) {
      if (this.segLen > 0) throw new SpecError('LagCovariance.push', `${S} streams pushed into a segment of ${this.streams}; call endSegment() first`);
      this.streams = S;
      this.ring = new Float64Array(S * C * 2 * L);
      this.head = new Float64Array(S * C * (L - 1));
    }
    const lam = this.lambda;
    const r = this.r;
    if (lam !== 1) {
      for (let q = 0; q < r.length; q++) r[q] = r[q]! * lam;
      for (let c = 0; c < C; c++) this.s[c] = this.s[c]! * lam;
    }
    this.time++;
    const len = ++this.segLen;
    const pos = this.time % L;
    const ring = this.ring;
    const head = this.head;
    for (let c = 0; c < C; c++) {
      const xc = channels[c]!;
      if (xc.length !== S) throw new SpecError(`LagCovariance.push[${c}]`, `has ${xc.length} streams, channel 0 has ${S}`);
      let sum = 0;
      for (let k = 0; k < S; k++) {
        const v = xc[k]!;
        const base = (k * C + c) * 2 * L;
        ring[base + pos] = v;
        ring[base + pos + L] = v;
        if (len < L) head[(k * C + c) * (L - 1) + len - 1] = v;
        sum += v;
      }
      this.s[c] = this.s[c]! + sum;
    }
    const dmax = Math.min(L - 1, len - 1);
    // Only lags that are multiples of the stride pair two window positions that are read.
    const ds = this.stride;
    for (let k = 0; k < S; k++) {
      for (let c2 = 0; c2 < C; c2++) {
        const y = ring[(k * C + c2) * 2 * L + pos]!;
        if (y === 0) continue;
        for (let c1 = 0; c1 < C; c1++) {
          // x^{c1}_{t−d} sits at pos + L − d of its doubled ring.
          const b1 = (k * C + c1) * 2 * L + pos + L;
          const rb = (c1 * C + c2) * L;
          for (let d = 0; d <= dmax; d += ds) r[rb + d] = r[rb + d]! + ring[b1 - d]! * y;
        }
      }
    }
  }

  /** Close the streaming segment (e.g. at a simulator reset): later windows start afresh. */
  endSegment(): void {
    if (this.segLen === 0) return;
    const L = this.span;
    const W = this.channels * L;
    if (this.segLen >= L) {
      const G = new Float64Array(W * W);
      const M = new Float64Array(W);
      const n = this.currentGram(G, M);
      const decay = Math.pow(this.lambda, this.time - this.doneTime);
      for (let q = 0; q < G.length; q++) this.doneG[q] = this.doneG[q]! * decay + G[q]!;
      for (let q = 0; q < W; q++) this.doneM[q] = this.doneM[q]! * decay + M[q]!;
      this.doneN = this.doneN * decay + n;
      this.doneTime = this.time;
    }
    this.r.fill(0);
    this.s.fill(0);
    this.segLen = 0;
  }

  /** Past–future covariances of everything seen so far (centred: minus the window means). */
  covariance(centred = true): PastFutureCovariance {
    const L = this.span;
    const W = this.channels * L;
    const G = new Float64Array(W * W);
    const M = new Float64Array(W);
    let n = 0;
    if (this.segLen >= L) n = this.currentGram(G, M);
    const decay = Math.pow(this.lambda, this.time - this.doneTime);
    for (let q = 0; q < G.length; q++) G[q] = G[q]! + this.doneG[q]! * decay;
    for (let q = 0; q < W; q++) M[q] = M[q]! + this.doneM[q]! * decay;
    n += this.doneN * decay;
    if (!(n > 0)) throw new SpecError('LagCovariance.covariance', `no complete window yet (a window needs ${L} consecutive samples)`);
    const P = this.pastSize;
    const F = this.futureSize;
    const mean = new Float64Array(W);
    for (let q = 0; q < W; q++) mean[q] = M[q]! / n;
    const block = (rows: Int32Array, cols: Int32Array): Float64Array => {
      const out = new Float64Array(rows.length * cols.length);
      for (let i = 0; i < rows.length; i++) {
        const a = rows[i]!;
        for (let j = 0; j < cols.length; j++) {
          const b = cols[j]!;
          out[i * cols.length + j] = G[a * W + b]! / n - (centred ? mean[a]! * mean[b]! : 0);
        }
      }
      return out;
    };
    const pick = (idx: Int32Array) => Float64Array.from(idx, (q) => mean[q]!);
    return {
      channels: this.channels,
      pastSize: P,
      futureSize: F,
      Cpp: block(this.pastPos, this.pastPos),
      Cff: block(this.futurePos, this.futurePos),
      Cpf: block(this.pastPos, this.futurePos),
      meanPast: pick(this.pastPos),
      meanFuture: pick(this.futurePos),
      count: n,
      centred,
    };
  }

  /** The streaming segment's exact Gram and window sums as of the newest sample. */
  private currentGram(G: Float64Array, M: Float64Array): number {
    const C = this.channels;
    const L = this.span;
    const S = this.streams;
    // Unroll each ring into oldest-first order for the end corrections.
    const tail = new Float64Array(S * C * L);
    const pos = this.time % L;
    for (let k = 0; k < S * C; k++) tail.set(this.ring.subarray(k * 2 * L + pos + 1, k * 2 * L + pos + 1 + L), k * L);
    return segmentGram(C, L, this.lambda, this.segLen, this.r, this.s, S, this.head, tail, G, M, this.stride);
  }
}

function toChannelList(x: readonly ArrayLike<number>[] | ArrayLike<number>): readonly ArrayLike<number>[] {
  if (ArrayBuffer.isView(x) || (Array.isArray(x) && (x.length === 0 || typeof x[0] === 'number'))) return [x as ArrayLike<number>];
  return x as readonly ArrayLike<number>[];
}

function checkFinite(x: Float64Array, channel: number): void {
  let s = 0;
  for (let u = 0; u < x.length; u++) s += x[u]! * 0;
  if (s === 0) return;
  for (let u = 0; u < x.length; u++) {
    if (!Number.isFinite(x[u]!)) throw new SpecError(`signal[${channel}][${u}]`, `is ${x[u]}`);
  }
}

/** Σ_{k=0}^{count−1} λ^k. */
function windowWeight(lam: number, count: number): number {
  return lam === 1 ? count : (1 - Math.pow(lam, count)) / (1 - lam);
}

/**
 * out[off + d] = Σ_{u=d}^{N−1} x_{u−d} · y_u for d < L. Four lags per pass keep each
 * loaded sample in registers: the products of a window are lagged autocorrelations.
 */
export function laggedProducts(x: Float64Array, y: Float64Array, L: number, out: Float64Array, off: number): void {
  const N = y.length;
  let d0 = 0;
  for (; d0 + 3 < L; d0 += 4) {
    let a0 = 0, a1 = 0, a2 = 0, a3 = 0;
    const u0 = d0 + 3;
    if (u0 < N) {
      let v1 = x[u0 - d0 - 1]!, v2 = x[u0 - d0 - 2]!, v3 = x[u0 - d0 - 3]!;
      for (let u = u0; u < N; u++) {
        const v0 = x[u - d0]!;
        const w = y[u]!;
        a0 += v0 * w;
        a1 += v1 * w;
        a2 += v2 * w;
        a3 += v3 * w;
        v3 = v2;
        v2 = v1;
        v1 = v0;
      }
    }
    // The few products with u < d0 + 3 that the unrolled loop skipped.
    for (let u = d0; u < Math.min(u0, N); u++) {
      const w = y[u]!;
      a0 += x[u - d0]! * w;
      if (u >= d0 + 1) a1 += x[u - d0 - 1]! * w;
      if (u >= d0 + 2) a2 += x[u - d0 - 2]! * w;
    }
    out[off + d0] = a0;
    out[off + d0 + 1] = a1;
    out[off + d0 + 2] = a2;
    out[off + d0 + 3] = a3;
  }
  for (; d0 < L; d0++) {
    let a = 0;
    for (let u = d0; u < N; u++) a += x[u - d0]! * y[u]!;
    out[off + d0] = a;
  }
}

/**
 * Exact weighted Gram G and sums M of the complete L-sample windows of one segment of
 * `len` samples (same for all `S` streams), from its pooled lag products r, sums s, the
 * first L − 1 samples (`head`, per stream and channel) and the last L (`tail`, oldest
 * first). A window ending s samples before the newest weighs λ^s. Returns the weighted
 * window count. Index of window element (channel c, position j): c·L + j.
 *
 * Entry (a, b) with b = a + d pairs x_{u−d}·y_u at u = τ − (L−1−b) for window ends τ;
 * r holds those products for every u of the segment, so the u that belong to no complete
 * window are taken away: the last k = L−1−b (end) and the first b − d (start). With a
 * stride, only positions and lags that are multiples of it are filled (the others are never read).
 */
function segmentGram(
  C: number,
  L: number,
  lam: number,
  len: number,
  r: Float64Array,
  s: Float64Array,
  S: number,
  head: Float64Array,
  tail: Float64Array,
  G: Float64Array,
  M: Float64Array,
  stride = 1,
): number {
  if (len < L) return 0;
  const W = C * L;
  const newest = L - 1; // index in tail of the newest sample
  const startWeight = Math.pow(lam, len - L); // λ^{T−(L−1)−S} with T − S = len − 1
  const powNeg = new Float64Array(L); // λ^{−k}
  const pow = new Float64Array(L); // λ^{k}
  for (let k = 0; k < L; k++) {
    pow[k] = Math.pow(lam, k);
    powNeg[k] = Math.pow(lam, -k);
  }
  const E = new Float64Array(L);
  const H = new Float64Array(L + 1);
  for (let c1 = 0; c1 < C; c1++) {
    for (let c2 = 0; c2 < C; c2++) {
      for (let d = 0; d < L; d += stride) {
        // E[k] = Σ_{back<k} λ^{back} P_d(T − back), for k ≤ L − 1 − d.
        E[0] = 0;
        for (let k = 0; k < L - 1 - d; k++) {
          let p = 0;
          for (let st = 0; st < S; st++) p += tail[(st * C + c1) * L + newest - k - d]! * tail[(st * C + c2) * L + newest - k]!;
          E[k + 1] = E[k]! + pow[k]! * p;
        }
        // H[b] = Σ_{v=d}^{b−1} λ^{b−v} P_d(S + v), for b in [d, L − 1].
        H[d] = 0;
        for (let b = d; b < L - 1; b++) {
          let p = 0;
          for (let st = 0; st < S; st++) p += head[(st * C + c1) * (L - 1) + b - d]! * head[(st * C + c2) * (L - 1) + b]!;
          H[b + 1] = lam * (H[b]! + p);
        }
        const rv = r[(c1 * C + c2) * L + d]!;
        for (let b = d; b < L; b += stride) {
          const k = L - 1 - b;
          const g = powNeg[k]! * (rv - E[k]!) - startWeight * H[b]!;
          const i = c1 * L + b - d;
          const j = c2 * L + b;
          G[i * W + j] = g;
          G[j * W + i] = g;
        }
      }
    }
    // Window sums of channel c1 at each position j.
    let K = 0;
    let Es = 0;
    const Ej = new Float64Array(L);
    for (let k = 0; k < L - 1; k++) {
      let v = 0;
      for (let st = 0; st < S; st++) v += tail[(st * C + c1) * L + newest - k]!;
      Es += pow[k]! * v;
      Ej[k + 1] = Es;
    }
    for (let j = 0; j < L; j++) {
      const k = L - 1 - j;
      M[c1 * L + j] = powNeg[k]! * (s[c1]! - Ej[k]!) - startWeight * K;
      if (j < L - 1) {
        let v = 0;
        for (let st = 0; st < S; st++) v += head[(st * C + c1) * (L - 1) + j]!;
        K = lam * (K + v);
      }
    }
  }
  return S * windowWeight(lam, len - L + 1);
}
