/**
 * Issue 19's ablation of the FF-CNN: why goodness inference lags the linear read-out.
 * Every row is one `neurostream ff` run on the same subset (first TRAIN training images, the
 * first EVAL test images evaluated after every epoch), differing from its reference row in one
 * setting. This script prints the runs' commands (`commands`) and, after they ran, collects
 * their checkpoints into bench/results/ff-ablation.json and docs/img/ff-ablation.svg (`collect`).
 *
 *   npx tsx bench/ff-ablation.ts commands --dir D          # the shell lines (run them in the background, one at a time)
 *   npx tsx bench/ff-ablation.ts collect --dir D --cpu D/cpu.txt
 *
 * Run each row with `bench/ff-ablation-row.sh DIR NAME FLAGS…` (what `commands` prints): it
 * appends the run's CPU seconds and the load averages at its start and end to DIR/cpu.txt; each
 * epoch record also carries the load average at its end. Older rows' CPU seconds came from a
 * `ps` sampler. The machine is shared, so wall times are upper bounds.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { linePlot, writeSvg } from '../src/analysis/plot.js';
import { atomicWriteFile, decodeFloat32 } from '../src/sim/serialize.js';
import { argValue } from './lib/args.js';

interface Row {
  name: string;
  /** The one thing this row changes, against `against`. */
  change: string;
  against: string | null;
  flags: string;
  /** Base flags of the row's group. */
  base: string;
}

const SMALL = '--preset conv-small --filters 8 --train-limit 2000 --eval-limit 1000 --epochs 3 --lr 0.003 --no-cooldown --no-final-eval --quiet --fresh';
const PRESET = '--preset conv-small --train-limit 5000 --eval-limit 1000 --epochs 3 --no-cooldown --no-final-eval --quiet --fresh';

export const ROWS: readonly Row[] = [
  { name: 'a-baseline', change: '3×16, 5,000 images, Adam 1e-3: ReLU → norm (ours)', against: null, flags: '', base: PRESET },
  { name: 'b-normrelu', change: 'norm → gain/shift → ReLU (the paper\'s order, learned gain)', against: 'a-baseline', flags: '--order norm-relu', base: PRESET },
  { name: 'r1-base', change: '3×8, 2,000 images, Adam 3e-3: ReLU → norm (ours)', against: null, flags: '', base: SMALL },
  { name: 'r2-normrelu', change: 'norm → gain/shift → ReLU', against: 'r1-base', flags: '--order norm-relu', base: SMALL },
  { name: 'r3-normrelu-theta05', change: 'θ = N/2', against: 'r2-normrelu', flags: '--order norm-relu --theta-factor 0.5', base: SMALL },
  { name: 'r4-normrelu-position', change: 'goodness per position', against: 'r2-normrelu', flags: '--order norm-relu --locality position', base: SMALL },
  { name: 'r5-normrelu-K50', change: 'label share K = 50 %', against: 'r2-normrelu', flags: '--order norm-relu --intensity 0.5', base: SMALL },
  { name: 'r6-normrelu-freq1to3', change: 'Fourier labels of 1–3 cycles/image (not 2–7)', against: 'r2-normrelu', flags: '--order norm-relu --label-frequencies 1,3', base: SMALL },
  { name: 'r8-normrelu-position-s1', change: 'goodness per position with logit scale 1 (r4 kept 1/784, which leaves each position\'s logit ≈ 0)', against: 'r2-normrelu', flags: '--order norm-relu --locality position --logit-scale 1', base: SMALL },
  { name: 'r9-frozen1', change: 'layer 1 frozen at its random initial weights (the paper leaves layer 1 out of the loss)', against: 'r1-base', flags: '--frozen-layers 1', base: SMALL },
  { name: 'r10-paired', change: "paired loss softplus(−s·(g_pos − g_neg)) on the same image's true and wrong label, no θ", against: 'r1-base', flags: '--loss paired', base: SMALL },
  { name: 'r11-paired-normrelu', change: 'norm → gain/shift → ReLU (the paper\'s order)', against: 'r10-paired', flags: '--loss paired --order norm-relu', base: SMALL },
  { name: 'a2-paired', change: 'paired loss (as r10)', against: 'a-baseline', flags: '--loss paired', base: PRESET },
  { name: 'r7-base-position', change: 'goodness per position', against: 'r1-base', flags: '--locality position', base: SMALL },
  { name: 'r12-position-paired', change: 'paired loss per position: each position of the true-label pass against the same position of the wrong-label pass (r7 + r10)', against: 'r7-base-position', flags: '--locality position --loss paired', base: SMALL },
  { name: 'a3-position', change: 'goodness per position (as r7)', against: 'a-baseline', flags: '--locality position', base: PRESET },
  // how far apart two runs of one recipe land: the noise floor of every comparison above
  { name: 'r7-repeat', change: 'nothing: r7 run again (same seed), to see whether a row reproduces', against: 'r7-base-position', flags: '--locality position', base: SMALL },
  { name: 'r7-seed2', change: 'seed 2 (initial weights, shuffles, wrong labels)', against: 'r7-base-position', flags: '--locality position --seed 2', base: SMALL },
];

const RESULTS = 'bench/results/ff-ablation.json';

const command = (r: Row, dir: string) =>
  `neurostream ff ${r.base}${r.flags ? ` ${r.flags}` : ''} --name ${r.name} --models ${dir} --checkpoints ${dir}`;
/** The same run through the measuring wrapper (CPU seconds and load averages into DIR/cpu.txt). */
const measured = (r: Row, dir: string) => `bench/ff-ablation-row.sh ${dir} ${r.name} ${r.base}${r.flags ? ` ${r.flags}` : ''}`;

/**
 * Last CPU line per run name: { elapsed, cpu } in seconds, and the 1/5/15-minute load averages
 * at the run's start and end when the line has them (`pid name elapsed cpu l1/l5/l15 l1/l5/l15`).
 */
function cpuTotals(file: string): Map<string, { elapsed: number; cpu: number; loadStart?: number[]; loadEnd?: number[] }> {
  const m = new Map<string, { elapsed: number; cpu: number; loadStart?: number[]; loadEnd?: number[] }>();
  if (!existsSync(file)) return m;
  const load = (v: string | undefined) => (v && /^[\d.]+\/[\d.]+\/[\d.]+$/.test(v) ? v.split('/').map(Number) : undefined);
  for (const line of readFileSync(file, 'utf8').split('\n')) {
    const [, name, e, c, l0, l1] = line.trim().split(/\s+/);
    if (name && e && c) m.set(name, { elapsed: Number(e), cpu: Number(c), loadStart: load(l0), loadEnd: load(l1) });
  }
  return m;
}

async function collect(dir: string, cpuFile: string): Promise<void> {
  const cpu = cpuTotals(cpuFile);
  const rows: Record<string, any>[] = [];
  const acc: Record<string, number[]> = {};
  // rows measured in an earlier session (their checkpoints are gone) are kept as they were
  const previous = new Map<string, Record<string, any>>();
  if (existsSync(RESULTS)) for (const row of JSON.parse(readFileSync(RESULTS, 'utf8')).rows ?? []) previous.set(row.name, row);
  for (const r of ROWS) {
    const file = join(dir, `ff-${r.name}.json`);
    if (!existsSync(file)) {
      const old = previous.get(r.name);
      if (old) {
        rows.push(old);
        acc[`${r.name} goodness`] = old.perEpoch.map((h: Record<string, number>) => 100 * h.goodness!);
        console.log(`${r.name}: kept from ${RESULTS}`);
      } else console.log(`${r.name}: no checkpoint (did not finish an epoch)`);
      continue;
    }
    const ck = JSON.parse(readFileSync(file, 'utf8'));
    const history = ck.history as Record<string, any>[];
    // the learned gain and shift per layer (norm-relu rows): did the local loss raise the scale?
    const affine = (ck.layers as Record<string, any>[]).map((l) => {
      if (!l.gain) return null;
      const c = l.describe.channels as number;
      const g = decodeFloat32(l.gain, c);
      const s = decodeFloat32(l.shift, c);
      const mean = (a: Float32Array) => a.reduce((x, y) => x + y, 0) / a.length;
      return { meanGain: +mean(g).toFixed(3), meanShift: +mean(s).toFixed(3) };
    });
    const last = history.at(-1)!;
    const c = cpu.get(r.name);
    rows.push({
      name: r.name,
      change: r.change,
      against: r.against,
      command: command(r, '<dir>'),
      epochs: history.length,
      goodness: last.goodness,
      goodnessAllLayers: last.goodnessAllLayers,
      goodnessByLayer: last.goodnessByLayer ?? null,
      goodnessStandardised: last.goodnessStandardised ?? null,
      linear: last.linear,
      evaluated: last.evaluated,
      separation: last.layerSeparation,
      pairSeparation: last.layerPairSeparation ?? null,
      perEpoch: history.map((h) => ({ epoch: h.epoch, goodness: h.goodness, goodnessByLayer: h.goodnessByLayer ?? null, goodnessStandardised: h.goodnessStandardised ?? null, loadAverage: h.loadAverage ?? null, linear: h.linear, separation: h.layerSeparation, pairSeparation: h.layerPairSeparation ?? null, loss: h.layerLoss, trainSeconds: h.trainSeconds, evalSeconds: h.evalSeconds })),
      wallSeconds: history.reduce((s, h) => s + h.trainSeconds + h.evalSeconds, 0),
      cpuSeconds: c ? c.cpu : null,
      // measured while it ran: 1/5/15-minute load averages at its start and end (cpu file) and after each epoch (checkpoint)
      loadAverage: { start: c?.loadStart ?? null, end: c?.loadEnd ?? null, afterEpoch: history.map((h) => h.loadAverage ?? null) },
      affine: affine.some((a) => a) ? affine : null,
    });
    acc[`${r.name} goodness`] = history.map((h) => 100 * h.goodness);
    const fmt = (v: number) => (100 * v).toFixed(1);
    console.log(
      `${r.name.padEnd(22)} ${history.length} ep  goodness ${fmt(last.goodness)}% (by layer ${(last.goodnessByLayer ?? []).map(fmt).join('/')})  linear ${fmt(last.linear)}%  sep ${last.layerSeparation.map(fmt).join('/')}  ` +
        `wall ${rows.at(-1)!.wallSeconds.toFixed(0)} s  cpu ${c ? c.cpu : '?'} s${affine.some((a) => a) ? `  gain ${affine.map((a) => a?.meanGain).join('/')}` : ''}`,
    );
  }
  // series may be shorter than x (a run stopped early): seriesRows stops at each series' end
  const epochs = Math.max(...Object.values(acc).map((v) => v.length));
  await writeSvg(
    'docs/img/ff-ablation.svg',
    linePlot({ title: 'FF-CNN ablation: goodness accuracy on the first 1,000 test images', series: acc, x: Array.from({ length: epochs }, (_, i) => i + 1), xTitle: 'epoch', yTitle: 'accuracy (%)' }),
  );
  atomicWriteFile(
    RESULTS,
    `${JSON.stringify({ benchmark: 'ff-ablation', command: `npx tsx bench/ff-ablation.ts collect --dir <dir> --cpu <dir>/cpu.txt (runs: each row's command)`, date: new Date().toISOString(), machine: machineNote(rows), rows }, null, 2)}\n`,
  );
  console.log('wrote bench/results/ff-ablation.json, docs/img/ff-ablation.svg');
}

/**
 * The machine line of the results, from the load averages measured while the rows ran (never a
 * fixed figure): the range of every 1-minute load recorded for a row, and which rows carry none.
 */
function machineNote(rows: Record<string, any>[]): string {
  const loads: number[] = [];
  const without: string[] = [];
  for (const r of rows) {
    const l = r.loadAverage as { start: number[] | null; end: number[] | null; afterEpoch: (number[] | null)[] } | undefined;
    const ones = l ? [l.start, l.end, ...l.afterEpoch].filter((x): x is number[] => Array.isArray(x)).map((x) => x[0]!) : [];
    if (ones.length) loads.push(...ones);
    else without.push(r.name);
  }
  const range = loads.length ? `1-minute load average measured during the runs ${Math.min(...loads).toFixed(1)}–${Math.max(...loads).toFixed(1)} (per row: rows[].loadAverage)` : 'no load average measured';
  return `shared 2-core CPU, runs at nice 10; ${range}${without.length ? `; not measured for ${without.join(', ')} (earlier runs: see docs/ff.md)` : ''}`;
}

const mode = process.argv[2];
const dir = argValue('dir', '.checkpoints');
if (mode === 'commands') for (const r of ROWS) console.log(measured(r, dir));
else if (mode === 'collect') await collect(dir, argValue('cpu', join(dir, 'cpu.txt')));
else {
  console.error('usage: ff-ablation.ts commands|collect --dir <dir> [--cpu <file>]');
  process.exit(2);
}
