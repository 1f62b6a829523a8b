/**
 * Test reference: past–future covariances by explicitly building every lag-vector pair and
 * summing outer products in float64 (O(N·(P+F)²)), independent of the Hankel accumulator.
 */
export interface DirectCovariance {
  Cpp: Float64Array;
  Cff: Float64Array;
  Cpf: Float64Array;
  meanPast: Float64Array;
  count: number;
}

export interface DirectWindow {
  memory: number;
  horizon?: number;
  offset?: number;
  /** Samples between lags (default 1). */
  stride?: number;
  /** Channels of the future (default all). */
  futureChannels?: readonly number[];
}

/**
 * `segments[s][c]` = channel c of segment s; `weights(s, tau)` = weight of the window whose
 * newest sample is `tau` in segment `s` (default 1).
 */
export function directCovariance(
  segments: readonly (readonly ArrayLike<number>[])[],
  w: DirectWindow,
  centred: boolean,
  weight: (segment: number, tau: number) => number = () => 1,
): DirectCovariance {
  const C = segments[0]!.length;
  const m = w.memory;
  const ahead = w.horizon ?? w.offset!;
  const k = w.stride ?? 1;
  const P = C * m;
  const fc = w.futureChannels ?? Array.from({ length: C }, (_, c) => c);
  const F = w.horizon ? fc.length * w.horizon : fc.length;
  const pairs: { p: Float64Array; f: Float64Array; w: number }[] = [];
  segments.forEach((x, s) => {
    const N = x[0]!.length;
    for (let tau = (m - 1 + ahead) * k; tau < N; tau++) {
      const t = tau - ahead * k;
      const p = new Float64Array(P);
      const f = new Float64Array(F);
      for (let c = 0; c < C; c++) for (let i = 0; i < m; i++) p[c * m + i] = x[c]![t - i * k]!;
      if (w.horizon) fc.forEach((c, i) => { for (let e = 0; e < w.horizon!; e++) f[i * w.horizon! + e] = x[c]![t + (1 + e) * k]!; });
      else fc.forEach((c, i) => (f[i] = x[c]![t + w.offset! * k]!));
      pairs.push({ p, f, w: weight(s, tau) });
    }
  });
  let n = 0;
  const mp = new Float64Array(P);
  const mf = new Float64Array(F);
  for (const q of pairs) {
    n += q.w;
    for (let i = 0; i < P; i++) mp[i] += q.w * q.p[i]!;
    for (let i = 0; i < F; i++) mf[i] += q.w * q.f[i]!;
  }
  for (let i = 0; i < P; i++) mp[i] /= n;
  for (let i = 0; i < F; i++) mf[i] /= n;
  const Cpp = new Float64Array(P * P);
  const Cpf = new Float64Array(P * F);
  const Cff = new Float64Array(F * F);
  for (const q of pairs) {
    const p = centred ? q.p.map((v, i) => v - mp[i]!) : q.p;
    const f = centred ? q.f.map((v, i) => v - mf[i]!) : q.f;
    for (let i = 0; i < P; i++) {
      for (let j = 0; j < P; j++) Cpp[i * P + j] += q.w * p[i]! * p[j]!;
      for (let j = 0; j < F; j++) Cpf[i * F + j] += q.w * p[i]! * f[j]!;
    }
    for (let i = 0; i < F; i++) for (let j = 0; j < F; j++) Cff[i * F + j] += q.w * f[i]! * f[j]!;
  }
  for (const a of [Cpp, Cpf, Cff]) for (let i = 0; i < a.length; i++) a[i] /= n;
  return { Cpp, Cff, Cpf, meanPast: mp, count: n };
}

export function maxAbsDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let d = 0;
  for (let i = 0; i < a.length; i++) d = Math.max(d, Math.abs(a[i]! - b[i]!));
  return d;
}

/** An AR(1)-coloured random series with an offset, so centring matters. */
export function colouredNoise(n: number, next: () => number, a = 0.7, offset = 0.5): Float64Array {
  const x = new Float64Array(n);
  let v = 0;
  for (let u = 0; u < n; u++) {
    v = a * v + next();
    x[u] = v + offset;
  }
  return x;
}
