import { wuxing, wuxingRestGain, wuxingReversed, type WuxingIntegrator } from '../../neurons/wuxing.js';
import { source } from '../../neurons/source.js';
import { bspConnection } from '../../plasticity/bspConnection.js';
import { bspFixedPoint, bspFixedPointPid, type WuxingParameterGroup } from '../../plasticity/bspFixedPoint.js';
import type { BspWindows } from '../../plasticity/bspSignals.js';
import { SpecError, requireFinite, requirePositive, requirePositiveInt } from '../../core/errors.js';
import { Network } from '../../sim/Network.js';
import type { Population } from '../../sim/Population.js';
import type { Projection } from '../../sim/Projection.js';
import { SeededRandom } from '../../core/random.js';
import { dense } from '../../synapses/dense.js';
import { oneToOne } from '../../synapses/oneToOne.js';
import { sparse } from '../../synapses/sparse.js';
import { transposeOf } from '../../synapses/transposeOf.js';

/** How forward layers connect: all-to-all, or fan-out 1. */
export type BspTopology = 'dense' | 'tree';

/** Options of `bspNetwork`. */
export interface BspNetworkOptions {
  /** Units per layer, input first: e.g. [784, 300, 300, 10]. */
  layers: readonly number[];
  /** 1: move fixed points (K3 ← K3·exp(G2)); 2: move connections (C ← C + G2). Default 2. */
  method?: 1 | 2;
  /**
   * 'dense': every cell feeds every cell of the next layer (the paper's multi-connection
   * network); 'tree': fan-out 1, each cell feeds one cell of the next layer. Default: dense
   * for method 2, tree for method 1.
   */
  topology?: BspTopology;
  /** k1, k2, k3 of every cell (default [2, 1, 1]: B0 = 1, stable, slowest decay 0.573). */
  k?: readonly [number, number, number];
  /** How the Wuxing cells integrate (default 'rk4'). */
  integrator?: WuxingIntegrator;
  /**
   * The cells' arithmetic (`wuxing({ arithmetic })`): 'float64' (default) or 'float32', every
   * operation of the step in float32 as in the numpy reference; the wasm backend steps four
   * cells per SIMD instruction then (docs/bsp.md, "Float32 cells").
   */
  cellArithmetic?: 'float64' | 'float32';
  /**
   * Gate each reversed cell's input by its forward twin's small-signal gain at the current
   * operating point (normalised to 1 at rest), so cells that sit on the floor pass no error
   * back — the local counterpart of backprop's f′(a). true or 'steady': the steady-state gain
   * from the cell's Jacobian (clipped); 'alive': 1 unless the cell sits on its floor.
   * Default false (the paper's BSP).
   */
  gate?: boolean | 'steady' | 'alive';
  /**
   * Gate the output layer too (default false: the error enters the reversed output cells
   * ungated, as a linear readout would take it; a gated output cell that has fallen onto its
   * floor could never be told to rise again).
   */
  gateOutput?: boolean;
  /** Steps between refreshes of the gating gain (default 1; the steady gain costs a 5×5 solve per cell). */
  gateEvery?: number;
  /** Dense initial weights C ~ N(0, 1/(fanIn·initScale)) (default 0.1). */
  initScale?: number;
  /** Tree weights (constant, default 1). */
  treeWeight?: number;
  /** Seed of the initial weights and of the tree's pixel assignment (default 1). */
  seed?: number;
  /** Forward and backward windows in steps. */
  windows: BspWindows;
  /** Method 2 step size η (default 0.1); method 1 η in K ← K·exp(η·G2) (default 1). */
  rate?: number;
  /** Per-connection-layer multipliers of `rate` (method 2), input side first. */
  layerRates?: readonly number[];
  /** kt of G2 = atan(kt·G1)/kt (default 1). */
  kt?: number;
  /** Method 1: the parameter group that moves (default 'K3'), or a distributed PID controller. */
  fixedPoint?:
    | {
        /** The parameter group that moves (default 'K3'). */
        parameter?: WuxingParameterGroup;
        /** +1 applies Eq. 19 as written; −1 moves the other way (default +1). */
        sign?: 1 | -1;
      }
    | {
        /** A distributed PID controller instead (see `bspFixedPointPid`). */
        pid: {
          /** Proportional gain. */
          kp?: number;
          /** Integral gain. */
          ki?: number;
          /** Derivative gain. */
          kd?: number;
        };
      };
  /** Method 1: measure D from the cells' initial fixed points, so a moved fixed point acts as a bias. */
  reference?: 'fixedPoint' | 'initial';
}

/** A built BSP network: forward cells, their reversed twins, and the routes between them. */
export interface BspNetwork {
  /** The network holding every population below. */
  readonly network: Network;
  /** Pixels (a source population written by the stimulus). */
  readonly input: Population;
  /** The error injected into the reversed output cells (a source population). */
  readonly error: Population;
  /** Forward cell layers F1…FL. */
  readonly forward: readonly Population[];
  /** Reversed twins R1…RL (Rl mirrors Fl and shares its parameters). */
  readonly reversed: readonly Population[];
  /** Connections C1…CL (input→F1, F1→F2, …): what method 2 learns. */
  readonly connections: readonly Projection[];
  /** Backward projections along Cᵀ (R2→R1, …), sharing the weights. */
  readonly backward: readonly Projection[];
}

/** Resolved settings of a BSP network, as written to model files. */
export interface ResolvedBspNetworkOptions {
  /** Units per layer, input first. */
  readonly layers: number[];
  /** Which BSP method learns. */
  readonly method: 1 | 2;
  /** How forward layers connect. */
  readonly topology: BspTopology;
  /** k1, k2, k3 of every cell. */
  readonly k: [number, number, number];
  /** How the cells integrate. */
  readonly integrator: WuxingIntegrator;
  /** The cells' arithmetic. */
  readonly cellArithmetic: 'float64' | 'float32';
  /** The backward gate (false: none). */
  readonly gate: false | 'steady' | 'alive';
  /** Whether the output layer is gated too. */
  readonly gateOutput: boolean;
  /** Steps between refreshes of the gating gain. */
  readonly gateEvery: number;
  /** Scale of the dense initial weights. */
  readonly initScale: number;
  /** Tree weight. */
  readonly treeWeight: number;
  /** Seed of the initial weights and the tree's pixel assignment. */
  readonly seed: number;
}

/** Check a layer list: at least input and output, positive integers. */
export function checkLayers(field: string, layers: unknown): number[] {
  if (!Array.isArray(layers) || layers.length < 2) throw new SpecError(field, `expected at least two layer sizes (input and output), got ${JSON.stringify(layers)}`);
  return layers.map((n, l) => requirePositiveInt(`${field}[${l}]`, n));
}

export function resolveBspNetworkOptions(o: Omit<BspNetworkOptions, 'windows'>): ResolvedBspNetworkOptions {
  const layers = checkLayers('bsp.layers', o.layers);
  const method = o.method ?? 2;
  if (method !== 1 && method !== 2) throw new SpecError('bsp.method', `expected 1 (fixed points) or 2 (connections), got ${String(method)}`);
  if (o.gate !== undefined && o.gate !== true && o.gate !== false && o.gate !== 'steady' && o.gate !== 'alive') {
    throw new SpecError('bsp.gate', `expected true, false, 'steady' or 'alive', got '${String(o.gate)}'`);
  }
  const topology = o.topology ?? (method === 1 ? 'tree' : 'dense');
  if (topology !== 'dense' && topology !== 'tree') throw new SpecError('bsp.topology', `expected 'dense' or 'tree', got '${String(topology)}'`);
  const k = o.k ?? [2, 1, 1];
  if (!Array.isArray(k) || k.length !== 3) throw new SpecError('bsp.k', 'expected [k1, k2, k3]');
  const [k1, k2, k3] = k.map((v, s) => requirePositive(`bsp.k[${s}]`, v)) as [number, number, number];
  if (k1 <= k2) throw new SpecError('bsp.k', `k1 must exceed k2 for a positive fixed point B0 = (k1 − k2)/k3, got k1 = ${k1}, k2 = ${k2}`);
  return {
    layers,
    method,
    topology,
    k: [k1, k2, k3],
    integrator: o.integrator ?? 'rk4',
    cellArithmetic: checkCellArithmetic(o.cellArithmetic),
    gate: o.gate === true ? 'steady' : o.gate === undefined ? false : o.gate,
    gateOutput: o.gateOutput ?? false,
    gateEvery: requirePositiveInt('bsp.gateEvery', o.gateEvery ?? 1),
    initScale: requirePositive('bsp.initScale', o.initScale ?? 0.1),
    treeWeight: requireFinite('bsp.treeWeight', o.treeWeight ?? 1),
    seed: o.seed ?? 1,
  };
}

function checkCellArithmetic(a: unknown): 'float64' | 'float32' {
  if (a === undefined) return 'float64';
  if (a !== 'float64' && a !== 'float32') throw new SpecError('bsp.cellArithmetic', `expected 'float64' or 'float32', got '${String(a)}'`);
  return a;
}

/**
 * Fan-out-1 wiring from na to nb units: with na ≥ nb unit i feeds floor(i·nb/na); with na < nb
 * unit j reads floor(j·na/nb). `order` relabels the pre units (a shuffled pixel order, so each
 * output's subtree samples the whole image).
 */
export function treePairs(na: number, nb: number, order?: ArrayLike<number>): [number, number][] {
  const pre = (i: number) => (order ? order[i]! : i);
  const pairs: [number, number][] = [];
  if (na >= nb) for (let i = 0; i < na; i++) pairs.push([pre(i), Math.floor((i * nb) / na)]);
  else for (let j = 0; j < nb; j++) pairs.push([pre(Math.floor((j * na) / nb)), j]);
  return pairs;
}

/**
 * Build the BSP network of Jiang & Fu (2025) from populations and projections: a forward
 * chain of Wuxing cells (input into J, output D = S − B0), a mirrored chain of reversed
 * twins (input into S, output D̂ = J − B0) that carries the output error back along the
 * same connections transposed, and one plasticity rule per connection (method 2) or per
 * forward layer (method 1), each seeing its local view plus the twin's backward signal.
 */
export function bspNetwork(options: BspNetworkOptions): BspNetwork {
  const o = resolveBspNetworkOptions(options);
  const [k1, k2, k3] = o.k;
  const layers = o.layers;
  const L = layers.length - 1;
  const net = new Network({ seed: o.seed });
  const input = net.population('X', layers[0]!, source());
  const reference = options.reference ?? 'fixedPoint';
  const gated = (l: number) => o.gate !== false && (l < L || o.gateOutput);
  const forward: Population[] = [];
  for (let l = 1; l <= L; l++) {
    forward.push(net.population(`F${l}`, layers[l]!, wuxing({ size: layers[l]!, k1, k2, k3, integrator: o.integrator, arithmetic: o.cellArithmetic, gain: gated(l) ? o.gate : false, gainEverySteps: o.gateEvery, reference })));
  }
  const error = net.population('E', layers[L]!, source());
  const reversed: Population[] = [];
  for (let l = 1; l <= L; l++) {
    const f = forward[l - 1]!;
    reversed.push(
      net.population(`R${l}`, layers[l]!, wuxingReversed({ size: layers[l]!, integrator: o.integrator, arithmetic: o.cellArithmetic, gate: gated(l), shareParameters: f.model.parameters!, reference })),
    );
  }
  const rnd = new SeededRandom(o.seed, 'bsp-wiring');
  const order = rnd.permutation(layers[0]!);
  const connections: Projection[] = [];
  for (let l = 1; l <= L; l++) {
    const pre = l === 1 ? input : forward[l - 2]!;
    const post = forward[l - 1]!;
    const fanIn = layers[l - 1]!;
    const spec =
      o.topology === 'dense'
        ? dense({ weights: { normal: { std: Math.sqrt(1 / (fanIn * o.initScale)) } } })
        : sparse({ pairs: treePairs(layers[l - 1]!, layers[l]!, l === 1 ? order : undefined), weights: o.treeWeight });
    connections.push(net.connect(pre, post, spec, { name: `C${l}` }));
  }
  net.connect(error, reversed[L - 1]!, oneToOne({ weights: 1 }), { name: 'E->R' + L });
  const backward: Projection[] = [];
  for (let l = L; l >= 2; l--) {
    backward.push(net.connect(reversed[l - 1]!, reversed[l - 2]!, transposeOf(connections[l - 1]!), { name: `C${l}T` }));
  }
  if (o.gate) {
    const g0 = wuxingRestGain(k1, k2, k3);
    for (let l = 1; l <= L; l++) {
      if (gated(l)) net.connect(forward[l - 1]!, reversed[l - 1]!, oneToOne({ weights: 1 / g0 }), { name: `gate${l}`, source: 'gain', target: 'gate' });
    }
  }
  const kt = options.kt ?? 1;
  if (o.method === 2) {
    const rate = options.rate ?? 0.1;
    const layerRates = options.layerRates ?? [];
    if (layerRates.length > L) throw new SpecError('bsp.layerRates', `has ${layerRates.length} values for ${L} connection layers`);
    for (let l = 1; l <= L; l++) {
      const r = rate * requirePositive(`bsp.layerRates[${l - 1}]`, layerRates[l - 1] ?? 1);
      net.learn(connections[l - 1]!, bspConnection({ windows: options.windows, rate: r, kt }), { modulator: reversed[l - 1]! });
    }
  } else {
    const fp = options.fixedPoint ?? {};
    for (let l = 1; l <= L; l++) {
      const rule =
        'pid' in fp
          ? bspFixedPointPid({ windows: options.windows, kt, ...fp.pid })
          : bspFixedPoint({ windows: options.windows, kt, rate: options.rate ?? 1, parameter: fp.parameter, sign: fp.sign });
      net.learn(forward[l - 1]!, rule, { modulator: reversed[l - 1]! });
    }
  }
  return { network: net, input, error, forward, reversed, connections, backward };
}
