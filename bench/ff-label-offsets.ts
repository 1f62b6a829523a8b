/**
 * Issue 19: does a per-label offset of goodness (the same for every image) drive the argmax
 * over labels? For each FF checkpoint, every layer's goodness of every (image, label) pair is
 * measured on the first CAL training images (calibration) and the first EVAL test images; the
 * test images are then classified by goodness (layers 2…) as trained (plain), with each layer's
 * per-label mean over the calibration images removed first (centred; `labelOffsets.ts`),
 * standardised over the labels (as `goodnessStandardised`), and both. Also per layer: the
 * spread of the offsets against the spread of one image's goodness over the labels, and the
 * pair separation on the test images (share of (image, wrong label) pairs whose true label
 * gave more goodness). No test label is used by any classifier; CPU seconds and the load
 * average go into the JSON beside each row.
 *
 *   npx tsx bench/ff-label-offsets.ts CKPT... [--cal 1000] [--eval 1000] [--data DIR] [--out FILE] [--label-of NAME=ROW ...]
 */
import { existsSync, readFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { basename } from 'node:path';
import { argmax } from '../src/math/argmax.js';
import { argmaxStandardised, goodnessByLabel } from '../src/circuits/ff/ffEvaluation.js';
import { loadFFTrainer } from '../src/circuits/ff/ffFiles.js';
import { argmaxCentred, labelMeans } from '../src/circuits/ff/labelOffsets.js';
import { loadMnist } from '../src/data/mnist.js';
import { prepareBackend } from '../src/sim/backends/registry.js';
import { atomicWriteFile } from '../src/sim/serialize.js';
import { argValue } from './lib/args.js';
import { machineDescription, speedup, type BenchRow } from './lib/report.js';

const args = process.argv.slice(2);
const valued = new Set(['--cal', '--eval', '--data', '--out']);
const files = args.filter((a, i) => !a.startsWith('--') && !valued.has(args[i - 1] ?? ''));
if (files.length === 0) throw new Error('usage: npx tsx bench/ff-label-offsets.ts CKPT... [--cal 1000] [--eval 1000] [--data DIR] [--out FILE]');
for (const f of files) if (!existsSync(f)) throw new Error(`ff-label-offsets: checkpoint ${f} not found`);
const CAL = Number(argValue('cal', '1000'));
const EVAL = Number(argValue('eval', '1000'));
const dataDir = args.includes('--data') ? argValue('data', '') : undefined;
const out = args.includes('--out') ? argValue('out', '') : undefined;
if (!(CAL > 0) || !(EVAL > 0)) throw new Error('ff-label-offsets: --cal and --eval must be positive');

const backend = (await prepareBackend('wasm')).name;
const train = loadMnist({ split: 'train', limit: CAL, dir: dataDir });
const test = loadMnist({ split: 'test', limit: EVAL, dir: dataDir });

const thisCommand = `npx tsx bench/ff-label-offsets.ts ${args.join(' ')}`;
const pct = (x: number) => +(100 * x).toFixed(2);
const rows: Record<string, unknown>[] = [];
for (const file of files) {
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  const trainer = loadFFTrainer(file, backend);
  const C = trainer.encoding.classes;
  const L = trainer.ff.layers.length;
  const cal = goodnessByLabel(trainer, train, CAL);
  const tab = goodnessByLabel(trainer, test, EVAL);
  const offsets = cal.map((g) => labelMeans(g, CAL, C));
  const centred = tab.map((g, k) => g.map((v, q) => v - offsets[k]![q % C]!));
  const first = L === 1 ? 0 : 1;
  const inf = tab.slice(first);
  const infOff = offsets.slice(first);
  const infCentred = centred.slice(first);
  const rest = new Float64Array(EVAL * C);
  for (const g of inf) for (let q = 0; q < rest.length; q++) rest[q] = rest[q]! + g[q]!;
  let plain = 0;
  let cent = 0;
  let std = 0;
  let centStd = 0;
  const byLayer = new Array<number>(L).fill(0);
  const byLayerCentred = new Array<number>(L).fill(0);
  const pairs = new Array<number>(L).fill(0);
  let pairsRest = 0;
  for (let i = 0; i < EVAL; i++) {
    const y = test.labels[i]!;
    const o = i * C;
    if (argmax(rest, o, C) === y) plain++;
    if (argmaxCentred(inf, infOff, o, C) === y) cent++;
    if (argmaxStandardised(inf, o, C) === y) std++;
    if (argmaxStandardised(infCentred, o, C) === y) centStd++;
    for (let k = 0; k < L; k++) {
      if (argmax(tab[k]!, o, C) === y) byLayer[k]!++;
      if (argmax(centred[k]!, o, C) === y) byLayerCentred[k]!++;
      for (let c = 0; c < C; c++) if (c !== y && tab[k]![o + y]! > tab[k]![o + c]!) pairs[k]!++;
    }
    for (let c = 0; c < C; c++) if (c !== y && rest[o + y]! > rest[o + c]!) pairsRest++;
  }
  // spread of the offsets (s.d. over labels) against one image's spread over the labels once they are removed (mean s.d.)
  const offsetRatio = offsets.map((off, k) => {
    const m = off.reduce((s, v) => s + v, 0) / C;
    const sdOff = Math.sqrt(off.reduce((s, v) => s + (v - m) ** 2, 0) / C);
    let sdImg = 0;
    for (let i = 0; i < EVAL; i++) {
      const row = centred[k]!.subarray(i * C, (i + 1) * C);
      const mi = row.reduce((s, v) => s + v, 0) / C;
      sdImg += Math.sqrt(row.reduce((s, v) => s + (v - mi) ** 2, 0) / C);
    }
    return +(sdOff / (sdImg / EVAL)).toFixed(3);
  });
  const cpu = process.cpuUsage(cpu0);
  const row = {
    checkpoint: file,
    command: thisCommand,
    name: trainer.config.name,
    epoch: trainer.epoch,
    seed: trainer.config.seed,
    goodness: pct(plain / EVAL),
    goodnessCentred: pct(cent / EVAL),
    goodnessStandardised: pct(std / EVAL),
    goodnessCentredStandardised: pct(centStd / EVAL),
    byLayer: byLayer.map((r) => pct(r / EVAL)),
    byLayerCentred: byLayerCentred.map((r) => pct(r / EVAL)),
    pairSeparationTest: pairs.map((p) => pct(p / (EVAL * (C - 1)))),
    pairSeparationTestRest: pct(pairsRest / (EVAL * (C - 1))),
    offsetSpreadRatio: offsetRatio,
    cpuSeconds: +((cpu.user + cpu.system) / 1e6).toFixed(1),
    wallSeconds: +((performance.now() - t0) / 1000).toFixed(1),
    loadAverage: loadavg().map((l) => +l.toFixed(2)),
  };
  rows.push(row);
  console.log(`${basename(file)} (epoch ${row.epoch}, seed ${row.seed}): goodness ${row.goodness}% → centred ${row.goodnessCentred}% (standardised ${row.goodnessStandardised}%, both ${row.goodnessCentredStandardised}%); by layer ${row.byLayer.join('/')} → ${row.byLayerCentred.join('/')}%; test pair separation ${row.pairSeparationTest.join('/')}% (layers 2…: ${row.pairSeparationTestRest}%); offset s.d. / image s.d. ${row.offsetSpreadRatio.join('/')}; ${row.cpuSeconds} CPU s`);
}
/** One bench row per checkpoint: goodness with the per-label offsets removed, plain goodness as the peer. */
function offsetRow(r: Record<string, unknown>): BenchRow {
  const value = Number(r.goodnessCentred);
  const peerValue = Number(r.goodness);
  const row = { name: `${String(r.name)} (epoch ${String(r.epoch)}, seed ${String(r.seed)}): goodness with per-label offsets removed`, value, unit: '%', higherIsBetter: true, peer: 'plain goodness (same checkpoint)', peerValue };
  return { ...row, speedup: speedup(row) };
}

if (out) {
  // Per-checkpoint records live under `checkpoints`; `rows` are bench rows (name, value, unit) so
  // bench/README.md's table (bench/run-all.ts) can show them: centred goodness against plain.
  // a report written before `checkpoints` existed kept the records in `rows`
  const old = existsSync(out) ? (JSON.parse(readFileSync(out, 'utf8')) as { checkpoints?: Record<string, unknown>[]; rows?: Record<string, unknown>[] }) : {};
  const previous = old.checkpoints ?? (old.rows ?? []).filter((r) => typeof r.checkpoint === 'string');
  const keep = previous.filter((p) => !rows.some((r) => r.checkpoint === p.checkpoint));
  const checkpoints = [...keep, ...rows];
  const commands = [...new Set(checkpoints.map((r) => String(r.command)))];
  const report = {
    benchmark: 'ff-label-offsets',
    command: commands.join(' && '),
    commands,
    date: new Date().toISOString(),
    machine: machineDescription(),
    calibration: `first ${CAL} training images`,
    evaluated: `first ${EVAL} test images`,
    rows: checkpoints.map(offsetRow),
    notes: [`goodness of layers 2… on the first ${EVAL} test images; centred: each layer's mean goodness per label over the first ${CAL} training images removed first`],
    checkpoints,
  };
  atomicWriteFile(out, `${JSON.stringify(report, null, 2)}\n`);
  console.log(`report: ${out}`);
}
