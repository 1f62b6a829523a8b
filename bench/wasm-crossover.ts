/**
 * Where the wasm backend starts to beat cpu: CUBA at 250–2000 neurons on both backends,
 * CPU seconds per simulated second (best of 2 runs of 0.3 s), with the 1-minute load average.
 * Sets WASM_CROSSOVER in src/sim/backends/wasm/crossover.ts.
 *   npx tsx bench/wasm-crossover.ts
 */
import { loadavg } from 'node:os';
import { Simulator, cubaNetwork } from '../src/index.js';
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
report('wasm-crossover', rows, ['timings under load: the 2-core machine was shared with other jobs', 'best of 2 runs of 3000 steps after 500 warm-up steps']);
