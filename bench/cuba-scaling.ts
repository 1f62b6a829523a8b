/**
 * CUBA from 1,000 to 128,000 neurons (10⁷ synapses) with ~80 synapses per neuron (cubaNetwork
 * scales p), on one backend (default wasm), against Brian2 (numpy target) in the same run up to
 * `--peer-max` neurons. Reports CPU seconds (process.cpuUsage) per simulated second at each
 * size with the 1-minute load average, the exponent k of time ∝ synapses^k fitted by least
 * squares on the log–log points (k ≈ 1: linear), and the bytes of synapse storage (weights,
 * column indices, row pointers) per synapse at the largest size.
 *
 * Usage: npx tsx bench/cuba-scaling.ts [--duration=0.2] [--sizes=1000,2000,...] [--backend=wasm] [--peer-max=32000] [--no-peer]
 */
import { loadavg } from 'node:os';
import { Simulator, cubaNetwork } from '../src/index.js';
import { findPython, report, runPython, type BenchRow } from './lib/report.js';

const arg = (name: string) => process.argv.find((a) => a.startsWith(`--${name}=`))?.split('=')[1];
const duration = Number(arg('duration') ?? 0.2);
const sizes = (arg('sizes') ?? '1000,2000,4000,8000,16000,32000,64000,128000').split(',').map(Number);
const backend = arg('backend') ?? 'wasm';
const peerMax = Number(arg('peer-max') ?? 32000);
const python = process.argv.includes('--no-peer') ? null : findPython(['brian2']);

/** Least-squares slope of log y on log x. */
export function logLogSlope(x: readonly number[], y: readonly number[]): number {
  const lx = x.map(Math.log);
  const ly = y.map(Math.log);
  const mx = lx.reduce((a, b) => a + b, 0) / lx.length;
  const my = ly.reduce((a, b) => a + b, 0) / ly.length;
  let sxy = 0;
  let sxx = 0;
  for (let k = 0; k < lx.length; k++) {
    sxy += (lx[k]! - mx) * (ly[k]! - my);
    sxx += (lx[k]! - mx) ** 2;
  }
  return sxy / sxx;
}

const rows: Omit<BenchRow, 'speedup'>[] = [];
const ours: { synapses: number; wall: number }[] = [];
const peer: { synapses: number; wall: number }[] = [];
let bytesPerSynapse = 0;
for (const n of sizes) {
  const net = cubaNetwork({ n, seed: 1 });
  const sim = new Simulator(net, { dt: 1e-4, seed: 1, checkFinite: 0, backend });
  const synapses = net.projections.reduce((s, p) => s + p.weights.length, 0);
  bytesPerSynapse =
    net.projections.reduce((s, p) => {
      const syn = p.synapses as unknown as { weights: Float32Array; rowPtr: Int32Array; cols: Int32Array | Uint16Array };
      return s + syn.weights.byteLength + syn.rowPtr.byteLength + syn.cols.byteLength;
    }, 0) / synapses;
  sim.runSteps(null, 10, { record: 'none' });
  const steps = Math.round(duration / 1e-4);
  // Two runs of the same length, the faster kept: other processes only ever add time.
  let wall = Infinity;
  let r = sim.runSteps(null, 0, { record: 'none' });
  for (let rep = 0; rep < 2; rep++) {
    const c0 = process.cpuUsage();
    r = sim.runSteps(null, steps, { record: 'none' });
    const c = process.cpuUsage(c0);
    wall = Math.min(wall, (c.user + c.system) / 1e6);
  }
  const load = loadavg()[0]!;
  const spikes = [...r.spikeCounts.values()].reduce((s, c) => s + c.reduce((a, b) => a + b, 0), 0);
  ours.push({ synapses, wall });
  let peerWall: number | undefined;
  let peerNote = '';
  if (python && n <= peerMax) {
    const [b] = runPython(python, 'bench/peers/brian2_cuba.py', ['--n', String(n), '--duration', String(duration), '--seeds', '1']);
    if (b) {
      const cpu = (b.cpu_s ?? b.wall_s) as number;
      peerWall = cpu / duration;
      peer.push({ synapses: b.synapses as number, wall: cpu });
      peerNote = `; Brian2 ${(b.rate_hz as number).toFixed(2)} Hz, ${b.synapses} synapses, load ${(b.load1 as number).toFixed(1)}`;
    }
  }
  console.log(`n=${n}: ${synapses} synapses, ${(spikes / n / duration).toFixed(2)} Hz, ${(wall / duration).toFixed(3)} CPU s/s (load ${load.toFixed(1)})${peerWall ? `, Brian2 ${peerWall.toFixed(3)} s/s` : ''}`);
  rows.push({
    name: `CUBA ${n} LIF, ${backend} backend (load ${load.toFixed(1)})`,
    value: wall / duration,
    unit: 'CPU s / s simulated',
    higherIsBetter: false,
    ...(peerWall === undefined ? {} : { peer: 'Brian2 2.5 numpy', peerValue: peerWall }),
    note: `${synapses} synapses, ${(spikes / n / duration).toFixed(2)} Hz${peerNote}`,
  });
}
/** Fit over the sizes from `from` up: the smallest sizes carry fixed per-step costs. */
function exponentRow(from: number): void {
  const pick = <T>(xs: T[]) => xs.filter((_, i) => sizes[i]! >= from);
  const k = logLogSlope(pick(ours).map((o) => o.synapses), pick(ours).map((o) => o.wall));
  const used = sizes.filter((n) => n >= from);
  const peerUsed = peer.filter((_, i) => sizes[i]! >= from);
  const kPeer = peerUsed.length >= 3 ? logLogSlope(peerUsed.map((o) => o.synapses), peerUsed.map((o) => o.wall)) : undefined;
  rows.push({
    name: `CUBA scaling exponent k (time ∝ synapses^k), n ${used[0]}–${used[used.length - 1]}`,
    value: k,
    unit: 'exponent',
    higherIsBetter: false,
    note: kPeer === undefined ? 'no Brian2 here' : `Brian2 numpy in the same run, n ≤ ${Math.min(peerMax, used[used.length - 1]!)}: k = ${kPeer.toFixed(3)}`,
  });
}
exponentRow(sizes[0]!);
if (sizes.filter((n) => n >= 4000).length >= 3) exponentRow(4000);
rows.push({
  name: `synapse storage at n = ${sizes[sizes.length - 1]} (float32 weight + column index, 16-bit into a post population of ≤ 65,536 units, else 32-bit + int32 row pointers per presynaptic unit and projection)`,
  value: bytesPerSynapse,
  unit: 'bytes/synapse',
  higherIsBetter: false,
});
report('cuba-scaling', rows, [
  `${duration} s simulated per size at dt 0.1 ms, seed 1, after 10 warm-up steps, CPU time, best of 2 runs (Brian2 numpy: process CPU time of one run after a 1 ms warm-up, up to ${peerMax} neurons); network construction not timed`,
  'time grows linearly in synapses when k ≈ 1 (synapses ∝ n here, ~80 per neuron)',
  'timings under load: other processes shared the 2-core machine (load = 1-minute load average when the size finished); figures are noisy',
]);
