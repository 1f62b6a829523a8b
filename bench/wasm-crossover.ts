/**
 * Where the wasm backend starts to beat cpu: CUBA at 250–2000 neurons on both backends,
 * CPU seconds per simulated second (best of 2 runs of 0.3 s), with the 1-minute load average;
 * and the product kernels (a dense layer's forward matmul, batch × n · n × n) from n = 8 to
 * 256, CPU ms per call on each backend. Sets WASM_CROSSOVER in src/sim/backends/wasm/crossover.ts.
 *   npx tsx bench/wasm-crossover.ts
 */
import { loadavg } from 'node:os';
import { Simulator, cubaNetwork, prepareBackend, productKernels } from '../src/index.js';
import { SeededRandom } from '../src/core/random.js';
import { report, type BenchRow } from './lib/report.js';

const rows: Omit<BenchRow, 'speedup'>[] = [];
for (const n of [250, 500, 1000, 2000]) {
  const best: Record<string, number> = {};
  for (const backend of ['cpu', 'wasm', 'cpu', 'wasm']) {
    const sim = new Simulator(cubaNetwork({ n }), { dt: 1e-4, seed: 1, backend });
    sim.runSteps(null, 500, { record: 'none' });
    const c0 = process.cpuUsage();
    sim.runSteps(null, 3000, { record: 'none' });
    const c = process.cpuUsage(c0);
    best[backend] = Math.min(best[backend] ?? Infinity, (c.user + c.system) / 1e6 / 0.3);
  }
  const load = loadavg()[0]!;
  console.log(`n=${n}: cpu ${best.cpu!.toFixed(3)}, wasm ${best.wasm!.toFixed(3)} CPU s/s (load ${load.toFixed(1)})`);
  rows.push({ name: `CUBA ${n} LIF, wasm backend (load ${load.toFixed(1)})`, value: best.wasm!, unit: 'CPU s/s', higherIsBetter: false, peer: 'cpu backend, same run', peerValue: best.cpu! });
}

// products: wasm (TensorFlow.js XNNPACK) against the cpu reference, one dense forward per call
await prepareBackend('wasm');
const batch = 50;
for (const n of [8, 16, 32, 64, 128, 256]) {
  const r = new SeededRandom(n);
  const x = r.fillNormal(new Float32Array(batch * n));
  const w = r.fillNormal(new Float32Array(n * n));
  const z = new Float32Array(batch * n);
  const ms: Record<string, number> = {};
  const reps = Math.max(20, Math.round(2e7 / (batch * n * n)));
  for (const backend of ['cpu', 'wasm', 'cpu', 'wasm']) {
    const k = productKernels(backend);
    k.matmul(false, false, batch, n, n, x, w, z);
    const c0 = process.cpuUsage();
    for (let i = 0; i < reps; i++) k.matmul(false, false, batch, n, n, x, w, z);
    const c = process.cpuUsage(c0);
    ms[backend] = Math.min(ms[backend] ?? Infinity, (c.user + c.system) / 1e3 / reps);
  }
  const load = loadavg()[0]!;
  console.log(`matmul ${batch}×${n}·${n}×${n}: cpu ${ms.cpu!.toFixed(4)}, wasm ${ms.wasm!.toFixed(4)} CPU ms/call (load ${load.toFixed(1)})`);
  rows.push({ name: `matmul ${batch}×${n} · ${n}×${n} (a dense layer of ${n}, batch ${batch}), wasm backend (load ${load.toFixed(1)})`, value: ms.wasm!, unit: 'CPU ms/call', higherIsBetter: false, peer: 'cpu backend, same run', peerValue: ms.cpu! });
}
report('wasm-crossover', rows, ['timings under load: the 2-core machine was shared with other jobs', 'CUBA: best of 2 runs of 3000 steps after 500 warm-up steps', 'products: best of 2 timed loops (≥ 20 calls, about 2·10⁷ multiply-adds each) after a warm-up call; XNNPACK copies operands in and the result out on every call']);
process.exit(0);
