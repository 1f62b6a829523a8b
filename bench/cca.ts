/**
 * Past–future CCA benchmark: fit on 10^6 samples, m = h = 30, k = 2, with the covariance
 * accumulation and the solve timed separately, against numpy doing the same on the same
 * signal (bench/peers/cca.py: dense Gram of the 60-sample windows with BLAS; eigh + SVD).
 *
 *   npx tsx bench/cca.ts [--samples 1000000] [--repeats 5]
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { LagCovariance, RESU_OU_EXAMPLE, ouSeries, solveCCA } from '../src/index.js';
import { spawnSync } from 'node:child_process';
import { loadNow, median, report, runPython, type BenchRow } from './lib/report.js';

const arg = (name: string, fallback: number) => {
  const k = process.argv.indexOf(`--${name}`);
  return k >= 0 ? Number(process.argv[k + 1]) : fallback;
};
const N = arg('samples', 1_000_000);
const repeats = arg('repeats', 5);
const memory = 30;
const horizon = 30;
const components = 2;

// The partially observed 3-D OU process of the ReSU reference, with observation noise.
const x = ouSeries({ length: N, latent: RESU_OU_EXAMPLE, noiseStd: Math.sqrt(RESU_OU_EXAMPLE.noiseVariance), seed: 1 });

let cov = null as ReturnType<LagCovariance['covariance']> | null;
const tAcc: number[] = [];
for (let r = 0; r < repeats + 1; r++) {
  const t0 = performance.now();
  const acc = new LagCovariance({ memory, horizon });
  acc.addSeries(x);
  cov = acc.covariance();
  if (r > 0) tAcc.push((performance.now() - t0) / 1000); // the first run warms the JIT
}
let fit = solveCCA(cov!, { components });
const tSolve: number[] = [];
for (let r = 0; r < repeats + 1; r++) {
  const t0 = performance.now();
  fit = solveCCA(cov!, { components });
  if (r > 0) tSolve.push((performance.now() - t0) / 1000);
}
const ours = { accumulate: median(tAcc), solve: median(tSolve) };
const oursLoad = loadNow();

const rows: Omit<BenchRow, 'speedup'>[] = [];
const notes: string[] = [
  `signal: partially observed 3-D OU (RESU_OU_EXAMPLE) with observation noise, ${N} samples; m = h = ${memory}, k = ${components}; medians of ${repeats} runs after a warm-up`,
  'ours: Hankel lag-product accumulation, O(N·(m+h)) (src/math/cca/lagCovariance.ts); numpy: dense Gram of the sliding windows, O(N·(m+h)²) in BLAS',
];
// Both interpreters when present (Debian's numpy with OpenBLAS, and the one on PATH); the faster is the peer.
const pythons = [...new Set(['/usr/bin/python3', 'python3'].filter((py) => findPythonAt(py)))];
let peer: Record<string, number> = {};
let peerLoad: number | undefined;
if (pythons.length > 0) {
  mkdirSync('bench/.cache', { recursive: true });
  const file = 'bench/.cache/cca-signal.f64';
  writeFileSync(file, new Uint8Array(x.buffer, x.byteOffset, x.byteLength)); // little-endian on every supported platform
  for (const python of pythons) {
    const out = runPython(python, 'bench/peers/cca.py', [file, '--memory', String(memory), '--horizon', String(horizon), '--components', String(components), '--repeats', String(repeats)]);
    const got: Record<string, number> = {};
    for (const line of out) if (typeof line.seconds === 'number') got[line.phase as string] = line.seconds;
    const result = out.find((l) => l.phase === 'result') as { correlations: number[]; numpy: string } | undefined;
    const diff = result ? Math.max(...result.correlations.map((c, i) => Math.abs(c - fit.correlations[i]!))) : Number.NaN;
    notes.push(`${python} (numpy ${result?.numpy}): accumulation ${got.accumulate?.toFixed(4)} s, solve ${got.solve?.toExponential(2)} s; canonical correlations agree with ours to ${diff.toExponential(1)}`);
    if (peer.accumulate === undefined || (got.accumulate ?? Infinity) < peer.accumulate) {
      peer = got;
      peerLoad = loadNow();
    }
  }
  notes.push(`our canonical correlations: ${Array.from(fit.correlations.slice(0, 3), (c) => c.toFixed(6)).join(', ')}; the peer figures are the faster numpy's`);
} else {
  notes.push('peer missing: no Python with numpy found (/usr/bin/python3, python3): no peer figures');
}
/** Whether this interpreter imports numpy. */
function findPythonAt(py: string): boolean {
  return spawnSync(py, ['-c', 'import numpy'], { stdio: 'ignore' }).status === 0;
}

const row = (name: string, value: number, peerValue: number | undefined): Omit<BenchRow, 'speedup'> => ({
  name,
  value,
  unit: 's',
  higherIsBetter: false,
  load: oursLoad,
  ...(peerValue !== undefined ? { peer: 'numpy', peerValue, ...(peerLoad !== undefined ? { peerLoad } : {}) } : {}),
});
rows.push(row(`covariance accumulation, ${N} samples, m = h = ${memory}`, ours.accumulate, peer.accumulate));
rows.push(row(`CCA solve (inverse square roots + SVD), k = ${components}`, ours.solve, peer.solve));
rows.push(row('total fit', ours.accumulate + ours.solve, peer.accumulate !== undefined && peer.solve !== undefined ? peer.accumulate + peer.solve : undefined));
notes.push('load: the 1-minute load average right after our runs and after the peer\'s (other jobs make timings noisy)');
report('cca', rows, notes);
