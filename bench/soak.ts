/**
 * Soak: 10^6 steps of a 1000-unit network with monitors attached, in chunks. Prints the
 * heap after a forced GC at every tenth of the way (it must stay flat) and the heap
 * growth inside a chunk without GC (what the step loop allocates).
 *   npx tsx bench/soak.ts [--steps 1000000] [--source] [--tick]
 * `--tick` also subscribes to `tick$` (a new frozen Tick per step) and to `events$` of E
 * (a frozen copy per step with spikes): what an RxJS user pays for values that never change.
 * By default it runs the built package (dist/, built first if missing): what `npm start` and
 * users run. `--source` runs src/ as tsx transpiles it (report `soak-source`): the same code,
 * but esbuild's output (keepNames, minified whitespace) is optimised differently by V8.
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { PerformanceObserver, constants } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { report } from './lib/report.js';

// The forced collections need --expose-gc: re-run under it when started without.
if (!(globalThis as { gc?: unknown }).gc) {
  const r = spawnSync(process.execPath, ['--expose-gc', '--import', 'tsx', fileURLToPath(import.meta.url), ...process.argv.slice(2)], { stdio: 'inherit' });
  process.exit(r.status ?? 1);
}
const args = process.argv.slice(2);
const fromSource = args.includes('--source');
if (!fromSource && !existsSync(new URL('../dist/index.js', import.meta.url))) {
  console.log('dist/ is missing: npm run build');
  const b = spawnSync('npm', ['run', 'build', '--silent'], { stdio: 'inherit' });
  if (b.status !== 0) process.exit(b.status ?? 1);
}
const ns = (await (fromSource ? import('../src/index.js') : import(new URL('../dist/index.js', import.meta.url).href))) as typeof import('../src/index.js');
const { RateMonitor, Simulator, SpikeMonitor, StateMonitor, cubaNetwork } = ns;

const k = args.indexOf('--steps');
const total = k >= 0 ? Number(args[k + 1]) : 1_000_000;
const gc = (globalThis as { gc?: () => void }).gc!;

const sim = new Simulator(cubaNetwork({ n: 1000, seed: 1 }), { dt: 1e-4, seed: 1 });
sim.add(new StateMonitor('E', 'v', { units: [0, 1, 2, 3], everySteps: 10, keep: 10_000 }));
sim.add(new SpikeMonitor('E', { keep: 100_000 }));
sim.add(new RateMonitor('I', { everySteps: 100, keep: 10_000 }));
const withTicks = args.includes('--tick');
let ticks = 0;
if (withTicks) {
  sim.tick$.subscribe(() => ticks++);
  sim.network.getPopulation('E').events$.subscribe(() => ticks++);
}
// Count the collector's runs during the steps: a loop that allocates nothing triggers none.
// Entries arrive asynchronously, so they are matched to the stepping windows by time.
const gcEntries: { start: number; minor: boolean }[] = [];
const windows: [number, number][] = [];
const gcObserver = new PerformanceObserver((list) => {
  for (const e of list.getEntries()) {
    const kind = (e as unknown as { detail?: { kind?: number } }).detail?.kind;
    gcEntries.push({ start: e.startTime, minor: kind === constants.NODE_PERFORMANCE_GC_MINOR });
  }
});
gcObserver.observe({ entryTypes: ['gc'] });
const chunk = 10_000;
const chunks = Math.ceil(total / chunk);
const heap: number[] = [];
const inChunk: number[] = [];
const t0 = performance.now();
for (let c = 0; c < chunks; c++) {
  if (c % Math.max(1, Math.floor(chunks / 10)) === 0) {
    gc();
    heap.push(process.memoryUsage().heapUsed);
  }
  const before = process.memoryUsage().heapUsed;
  const w0 = performance.now();
  sim.runSteps(null, chunk, { record: 'none' });
  windows.push([w0, performance.now()]);
  inChunk.push(process.memoryUsage().heapUsed - before);
}
gc();
heap.push(process.memoryUsage().heapUsed);
const wall = (performance.now() - t0) / 1000;
const mb = (x: number) => (x / 2 ** 20).toFixed(2);
console.log(`heap after GC (MiB) every ${chunks / 10} chunks: ${heap.map(mb).join(' ')}`);
await new Promise((r) => setTimeout(r, 50)); // let the observer see the last entries
gcObserver.disconnect();
const inWindow = (t: number) => windows.some(([a, b]) => t >= a && t <= b);
const minorGcs = gcEntries.filter((e) => e.minor && inWindow(e.start)).length;
const majorGcs = gcEntries.filter((e) => !e.minor && inWindow(e.start)).length;
const steady = inChunk.slice(2).filter((x) => x >= 0); // a chunk with a collection in it reads negative
const medianChunk = steady.length ? [...steady].sort((a, b) => a - b)[Math.floor(steady.length / 2)]! : 0;
console.log(`heap growth inside one ${chunk}-step chunk, median: ${(medianChunk / 1024).toFixed(1)} KiB (${(medianChunk / chunk).toFixed(2)} bytes/step)`);
console.log(`collections while stepping: ${minorGcs} minor, ${majorGcs} major`);
report(`${fromSource ? 'soak-source' : 'soak'}${withTicks ? '-tick' : ''}`, [
  { name: `heap growth over ${total} steps (after GC, first tenth → end)`, value: (heap[heap.length - 1]! - heap[1]!) / 2 ** 20, unit: 'MiB', higherIsBetter: false },
  { name: 'heap growth per step inside a run (median over chunks without a collection)', value: medianChunk / chunk, unit: 'bytes/step', higherIsBetter: false },
  { name: `minor collections during ${total} steps`, value: minorGcs, unit: 'collections', higherIsBetter: false },
  { name: `wall time for ${total} steps of 1000 LIF with 3 monitors`, value: wall, unit: 's', higherIsBetter: false },
], [`${fromSource ? 'src/ through tsx' : 'the built package (dist/)'}; heap after GC (MiB): ${heap.map(mb).join(' ')}`]);
