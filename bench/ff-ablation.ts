/**
 * Issue 19's ablation of the FF-CNN: why goodness inference lags the linear read-out.
 * Every row is one `neurostream ff` run on the same subset (first TRAIN training images, the
 * first EVAL test images evaluated after every epoch), differing from its reference row in one
 * setting. This script prints the runs' commands (`commands`) and, after they ran, collects
 * their checkpoints into bench/results/ff-ablation.json and docs/img/ff-ablation.svg (`collect`).
 *
 *   npx tsx bench/ff-ablation.ts commands --dir D          # the shell lines (run them in the background)
 *   npx tsx bench/ff-ablation.ts collect --dir D --cpu D/cpu.txt
 *
 * CPU seconds come from a `ps` sampler (name, elapsed s, CPU s every 15 s; the last sample of
 * a run is within 15 s of its total); the machine was shared, so wall times are upper bounds.
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
];

const RESULTS = 'bench/results/ff-ablation.json';

const command = (r: Row, dir: string) =>
  `neurostream ff ${r.base}${r.flags ? ` ${r.flags}` : ''} --name ${r.name} --models ${dir} --checkpoints ${dir}`;

/** Last CPU sample per run name: { elapsed, cpu } in seconds. */
function cpuTotals(file: string): Map<string, { elapsed: number; cpu: number }> {
  const m = new Map<string, { elapsed: number; cpu: number }>();
  if (!existsSync(file)) return m;
  for (const line of readFileSync(file, 'utf8').split('\n')) {
    const [, name, e, c] = line.trim().split(/\s+/);
    if (name && e && c) m.set(name, { elapsed: Number(e), cpu: Number(c) });
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
      linear: last.linear,
      evaluated: last.evaluated,
      separation: last.layerSeparation,
      pairSeparation: last.layerPairSeparation ?? null,
      perEpoch: history.map((h) => ({ epoch: h.epoch, goodness: h.goodness, goodnessByLayer: h.goodnessByLayer ?? null, linear: h.linear, separation: h.layerSeparation, pairSeparation: h.layerPairSeparation ?? null, loss: h.layerLoss, trainSeconds: h.trainSeconds, evalSeconds: h.evalSeconds })),
      wallSeconds: history.reduce((s, h) => s + h.trainSeconds + h.evalSeconds, 0),
      cpuSeconds: c ? c.cpu : null,
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
    `${JSON.stringify({ benchmark: 'ff-ablation', command: `npx tsx bench/ff-ablation.ts collect --dir <dir> --cpu <dir>/cpu.txt (runs: each row's command)`, date: new Date().toISOString(), machine: 'shared 2-core CPU, load 15–30 from other agents (28 for rows r9, r10, a2), runs at nice 5–10', rows }, null, 2)}\n`,
  );
  console.log('wrote bench/results/ff-ablation.json, docs/img/ff-ablation.svg');
}

const mode = process.argv[2];
const dir = argValue('dir', '.checkpoints');
if (mode === 'commands') for (const r of ROWS) console.log(command(r, dir));
else if (mode === 'collect') await collect(dir, argValue('cpu', join(dir, 'cpu.txt')));
else {
  console.error('usage: ff-ablation.ts commands|collect --dir <dir> [--cpu <file>]');
  process.exit(2);
}
