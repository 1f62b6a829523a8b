/**
 * Why a 2-D subtype's scene selectivity is small or reversed at low speeds: each detector's drive
 * split into its L3 arm (w·M3 of the columns behind, at and ahead) and its L1/L2 arm (w·M1 or M2),
 * recomputed from the saved filters and the medulla outputs while held-out photographs move along
 * and against the subtype's cardinal direction (1 s after the settling time, 8 places per image):
 *   npx tsx bench/fly2d-arms.ts [model.json]
 * Per subtype and speed: the selectivity (checked against the detector's own output), the
 * selectivity of the L3 arm alone and of the sum with the L1/L2 arm scaled ×2, ×4, ×8 (what a
 * stronger ON/OFF arm would give, no retraining), and the L1/L2 arm's power over the L3 arm's.
 * Writes bench/results/fly2d-arms.json. Needs a model whose detectors read M3 and M1/M2 directly
 * (the default recipe).
 */
import { HELD_OUT_2D } from '../src/cli/commands/fly2d.js';
import { settleSteps2d } from '../src/circuits/drosophila2d/circuit2d.js';
import { DrosophilaMotion2d } from '../src/circuits/drosophila2d/DrosophilaMotion2d.js';
import { SUBTYPES_2D, cardinalDirection, laminaInput2d } from '../src/circuits/drosophila2d/subtypes2d.js';
import { bundledImages } from '../src/data/bundledImages.js';
import { loadPng } from '../src/data/png.js';
import type { Monitor, MonitorContext } from '../src/sim/monitors/Monitor.js';
import { Simulator } from '../src/sim/Simulator.js';
import { atomicWriteFile } from '../src/sim/serialize.js';
import { axisNeighbours } from '../src/stimuli/hexEye.js';
import { contrastImage, hexSceneMotion } from '../src/stimuli/hexSceneMotion.js';
import { machineDescription, type BenchRow } from './lib/report.js';

/** Keeps a copy of a population's output every step from `from` on (small eyes, short runs). */
class Trace implements Monitor {
  frames: Float32Array[] = [];
  private out: Float32Array<ArrayBufferLike> = new Float32Array(0);
  constructor(
    readonly target: string,
    private readonly from: number,
  ) {}
  bind(ctx: MonitorContext) {
    this.out = ctx.population.output;
    this.frames = [];
  }
  prepare() {}
  record(step: number) {
    if (step >= this.from) this.frames.push(Float32Array.from(this.out));
  }
}

const path = process.argv[2] ?? 'models/drosophila-motion-2d.json';
const fly = (await DrosophilaMotion2d.load(path)).withRadius(6);
const c = fly.circuit;
if (c.settings.gainControl !== undefined || c.settings.slowArmDelaySteps) throw new Error(`${path}: the detectors do not read M3/M1/M2 directly; this split needs the default recipe`);
const test = bundledImages().filter((p) => HELD_OUT_2D.some((h) => p.endsWith(`/${h}`))).map((p) => contrastImage(loadPng(p), {}, p.split('/').pop()!));
const speeds = [5, 10, 50, 100];
const gains = [1, 2, 4, 8];
const starts = 8;
const settle = settleSteps2d(c.settings);
const steps = settle + 50;
const size = c.eye.size;
type Sums = { r: number; out: number; l3: number; g: number[]; p3: number; px: number };
const empty = (): Sums => ({ r: 0, out: 0, l3: 0, g: gains.map(() => 0), p3: 0, px: 0 });
const sel = (a: number, b: number) => (a + b > 0 ? (a - b) / (a + b) : 0);
const rows: BenchRow[] = [];
const figures: Record<string, Record<string, unknown>[]> = {};
const c0 = process.cpuUsage();
for (const v of speeds) {
  const sums = Object.fromEntries(SUBTYPES_2D.map((s) => [s, [empty(), empty()]])) as Record<string, [Sums, Sums]>;
  test.forEach((img, k) => {
    const dirs = [0, 90, 180, 270];
    const B = starts * dirs.length;
    const direction = Array.from({ length: B }, (_, b) => dirs[b % 4]!);
    // The places sceneDecoding2d uses, with `starts` of them.
    const start = Array.from({ length: B }, (_, b) => {
      const j = Math.floor(b / 4);
      return [img.width * (0.3 + (0.4 * (j + 0.5)) / starts), img.height * (0.35 + 0.3 * ((j * 0.618) % 1))] as [number, number];
    });
    const sim = new Simulator(c.network, { dt: fly.dt, batch: B, seed: 1 });
    const medulla = Object.fromEntries(['M3', 'M1', 'M2'].map((m) => [m, sim.add(new Trace(m, settle))]));
    const out = Object.fromEntries(SUBTYPES_2D.map((s) => [s, sim.add(new Trace(s, settle))]));
    sim.runSteps(hexSceneMotion(img, { eye: c.eye, speedDeg: v, direction, start, seed: 7 + k }), steps, { record: 'none', learn: false });
    for (const s of SUBTYPES_2D) {
      const theta = cardinalDirection(s);
      const w = c.detectorModels[s].parameters.filters; // L3l Lxl L3c Lxc L3r Lxr
      const thr = c.detectorModels[s].parameters.threshold[0]!;
      const mx = medulla[laminaInput2d(s) === 'L1' ? 'M1' : 'M2']!;
      const behind = Array.from(c.units, (col) => axisNeighbours(c.eye, col, theta + 180));
      const ahead = Array.from(c.units, (col) => axisNeighbours(c.eye, col, theta));
      for (let b = 0; b < B; b++) {
        if (direction[b] !== theta && direction[b] !== (theta + 180) % 360) continue;
        const S = sums[s]![direction[b] === theta ? 0 : 1];
        for (let t = 0; t < medulla.M3!.frames.length; t++) {
          const m3 = medulla.M3!.frames[t]!;
          const mxt = mx.frames[t]!;
          const o = out[s]!.frames[t]!;
          for (let u = 0; u < c.units.length; u++) {
            const at = (arr: Float32Array, nb: { column: number; weight: number }[]) => nb.reduce((q, n) => q + n.weight * arr[b * size + n.column]!, 0);
            const col = c.units[u]!;
            const a3 = w[0]! * at(m3, behind[u]!) + w[2]! * m3[b * size + col]! + w[4]! * at(m3, ahead[u]!);
            const ax = w[1]! * at(mxt, behind[u]!) + w[3]! * mxt[b * size + col]! + w[5]! * at(mxt, ahead[u]!);
            S.r += Math.max(0, a3 + ax - thr);
            S.out += o[b * c.units.length + u]!;
            S.l3 += Math.max(0, a3 - thr);
            gains.forEach((g, i) => (S.g[i]! += Math.max(0, a3 + g * ax - thr)));
            S.p3 += a3 * a3;
            S.px += ax * ax;
          }
        }
      }
    }
  });
  const f = (x: number) => x.toFixed(3);
  const line: string[] = [];
  for (const s of SUBTYPES_2D) {
    const [p, n] = sums[s]!;
    const split = { speed: v, selectivity: sel(p.out, n.out), recomputed: sel(p.r, n.r), l3ArmAlone: sel(p.l3, n.l3), onOffArmScaled: Object.fromEntries(gains.map((g, i) => [`x${g}`, sel(p.g[i]!, n.g[i]!)])), onOffOverL3Power: (p.px + n.px) / (p.p3 + n.p3) };
    (figures[s] ??= []).push(split);
    line.push(`${s} ${f(split.selectivity)} (L3 arm ${f(split.l3ArmAlone)}; L1/L2 ×${gains.join('/')}: ${gains.map((_, i) => f(sel(p.g[i]!, n.g[i]!))).join(' ')}; power ratio ${split.onOffOverL3Power.toPrecision(2)})`);
    const what = `${s} at ${v}°/s, 1 s × ${starts} places`;
    rows.push({ name: `${what}: scene selectivity`, value: split.selectivity, unit: '(pd − nd)/(pd + nd)', higherIsBetter: true });
    rows.push({ name: `${what}: L3 arm alone`, value: split.l3ArmAlone, unit: '(pd − nd)/(pd + nd)', higherIsBetter: true });
    rows.push({ name: `${what}: L1/L2 arm ×4`, value: split.onOffArmScaled.x4!, unit: '(pd − nd)/(pd + nd)', higherIsBetter: true });
    rows.push({ name: `${what}: L1/L2 arm power / L3 arm power`, value: split.onOffOverL3Power, unit: 'ratio', higherIsBetter: true });
  }
  console.log(`${v}°/s\n  ${line.join('\n  ')}`);
}
const cpu = process.cpuUsage(c0);
atomicWriteFile(
  'bench/results/fly2d-arms.json',
  `${JSON.stringify(
    {
      benchmark: 'fly2d-arms',
      command: `npx tsx bench/fly2d-arms.ts ${process.argv.slice(2).join(' ')}`.trim(),
      date: new Date().toISOString(),
      machine: machineDescription(),
      rows,
      notes: [`model ${path} on radius 6; held out ${test.map((t) => t.label).join(', ')}; the detector's output recomputed from its filters and threshold matches its own (\`recomputed\`); ${((cpu.user + cpu.system) / 1e6).toFixed(1)} CPU s`],
      model: path,
      figures,
    },
    null,
    2,
  )}\n`,
);
