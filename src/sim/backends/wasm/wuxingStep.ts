import type { InputArrays, NeuronModel, StateArrays, StepContext } from '../../../neurons/NeuronModel.js';
import { ringStillAt, ringStillAt32, wuxingForwardForm } from '../../../neurons/wuxing/ring.js';
import { arenaOf, type WasmArena } from './arena.js';
import { sameFloatBits, staleCopyError, STALE_CHECK_EVERY } from '../../hostEdits.js';
import type { WuxingDescription } from '../../../neurons/wuxing/model.js';

/** One population's pointers and settings, resolved once per simulator (its arrays are stable). */
interface WuxingBinding {
  state: StateArrays;
  inputs: InputArrays;
  arena: WasmArena;
  /** State pointers in forward-form order, then D, I, gate (0: none). */
  F: [number, number, number, number, number];
  D: number;
  I: number;
  gate: number;
  jIn: number;
  jOut: number;
  /** Bit 0: RK4 (else Euler); bit 1: the float32 step (`arithmetic: 'float32'`). */
  mode: number;
  float32: boolean;
  lo: number;
  paramIndex: readonly [readonly number[], readonly number[], readonly number[]];
  K1: Float32Array;
  K2: Float32Array;
  K3: Float32Array;
  /** Cells per kernel call: the whole population when the table is its own, else as many as the arena's scratch holds a table for (a multiple of four). */
  chunk: number;
  /** The table the kernel reads: 17 rows of `chunk` float64 (k1 ×5, k2 ×5, k3 ×5, b0, rest). */
  table: Float64Array;
  /** The same rows in float32, over the first half of the same bytes (the float32 step's table). */
  table32: Float32Array;
  /** Rest state per cell as float32 (NaN where not still), and the output there, for `wuxingAtRest`. */
  rest32: Float32Array;
  dRest: Float32Array;
  p: Float64Array;
  /** Whether the table has a place of its own in the arena (kept between calls) rather than the shared scratch. */
  own: boolean;
  /** `hostEdits.count` when the own table was filled (-1: never), calls since, and K1, K2, K3 then (for spot checks). */
  filled: number;
  calls: number;
  kept: [Float32Array, Float32Array, Float32Array];
}

/** Bytes of a population's own table in the arena (see `wuxingTableBytes`). */
function ownTableBytes(size: number): number {
  return ((size + 3) & ~3) * TABLE_BYTES_PER_CELL;
}

/**
 * Bytes the wasm backend keeps for a Wuxing population's table (its rate constants in
 * forward form, fixed point and rest state per cell), so it is filled only when parameters
 * may have changed; 0 for other models and for variants that run the cpu step.
 */
export function wuxingTableBytes(model: NeuronModel): number {
  if (model.kind !== 'wuxing' && model.kind !== 'wuxingReversed') return 0;
  const s = model.describe() as unknown as WuxingDescription;
  if (s.gain !== undefined || s.reference !== undefined) return 0;
  const K1 = model.parameters?.K1;
  return K1 ? ownTableBytes(K1.length / 5) : 0;
}

const bindings = new WeakMap<NeuronModel, WuxingBinding | null>();

/** Table bytes per cell: 15 rate constants, b0 and the rest state as float64; rest state and its D as float32. */
const TABLE_BYTES_PER_CELL = 17 * 8 + 2 * 4;

function bind(model: NeuronModel, state: StateArrays, inputs: InputArrays): WuxingBinding | null {
  const s = model.describe() as unknown as WuxingDescription;
  // The gain (a 5×5 solve per cell) and fixed points at construction stay on the cpu step.
  if (s.gain !== undefined || s.reference !== undefined) return null;
  const { K1, K2, K3 } = model.parameters ?? {};
  if (!(K1 instanceof Float32Array && K2 instanceof Float32Array && K3 instanceof Float32Array)) return null;
  const direction = s.kind === 'wuxing' ? 'forward' : 'reversed';
  const { stateOrder, jIn, jOut, paramIndex } = wuxingForwardForm(direction, s.inputState, s.outputState);
  const arrays = [...stateOrder.map((v) => state[v]!), state.D!, inputs.I!, ...(s.gate ? [inputs.gate!] : [])];
  const arena = arenaOf(arrays[0]!);
  if (!arena || arrays.some((a) => !a || arenaOf(a) !== arena)) return null;
  // a multiple of four cells, so every row stays 16-byte aligned; the population's own table
  // where the arena has room for it (modelBytes), else one chunk at a time in the scratch
  const size = K1.length / 5;
  let chunk = (size + 3) & ~3;
  let at: number;
  let own = true;
  try {
    at = arena.reserve(ownTableBytes(size));
  } catch (e) {
    if (!(e instanceof RangeError)) throw e;
    chunk = Math.floor(arena.scratch.bytes / TABLE_BYTES_PER_CELL) & ~3;
    at = arena.scratch.offset;
    own = false;
  }
  const table = new Float64Array(arena.memory.buffer, at, 17 * chunk);
  const rest32 = new Float32Array(arena.memory.buffer, table.byteOffset + table.byteLength, chunk);
  const dRest = new Float32Array(arena.memory.buffer, rest32.byteOffset + rest32.byteLength, chunk);
  return {
    state,
    inputs,
    arena,
    F: stateOrder.map((v) => state[v]!.byteOffset) as WuxingBinding['F'],
    D: state.D!.byteOffset,
    I: inputs.I!.byteOffset,
    gate: s.gate ? inputs.gate!.byteOffset : 0,
    jIn,
    jOut,
    mode: (s.integrator === 'rk4' ? 1 : 0) | (s.arithmetic === 'float32' ? 2 : 0),
    float32: s.arithmetic === 'float32',
    lo: s.floor === null ? -Infinity : s.floor,
    paramIndex,
    K1,
    K2,
    K3,
    chunk,
    table,
    table32: new Float32Array(table.buffer, table.byteOffset, table.length),
    rest32,
    dRest,
    p: new Float64Array(15),
    own,
    filled: -1,
    calls: 0,
    kept: [new Float32Array(K1.length), new Float32Array(K2.length), new Float32Array(K3.length)],
  };
}

/** Fill the table for cells [u0, u0 + cells) (at column 0 of a scratch table, at u0 of an own one). */
function fill(b: WuxingBinding, u0: number, cells: number): void {
  const { K1, K2, K3, rest32, dRest, p } = b;
  // the float32 step reads its rows in float32 (b0 rounded once), in the first half of the region
  const table = b.float32 ? b.table32 : b.table;
  const [i1, i2, i3] = b.paramIndex;
  const stride = b.chunk;
  const c0 = b.own ? u0 : 0;
  for (let c = c0; c < c0 + cells; c++) {
    // The cpu step's load(u): forward-form parameters, and B0 summed in that order.
    const o = (u0 + c - c0) * 5;
    let s1 = 0;
    let s2 = 0;
    let s3 = 0;
    for (let j = 0; j < 5; j++) {
      const a = K1[o + i1[j]!]!;
      const q = K2[o + i2[j]!]!;
      const r = K3[o + i3[j]!]!;
      p[j] = a;
      p[5 + j] = q;
      p[10 + j] = r;
      table[j * stride + c] = a;
      table[(5 + j) * stride + c] = q;
      table[(10 + j) * stride + c] = r;
      s1 += a;
      s2 += q;
      s3 += r;
    }
    const rest = (s1 - s2) / s3;
    const r = Math.fround(rest);
    const still = (b.float32 ? ringStillAt32(p, r, b.lo) : ringStillAt(p, r)) ? r : NaN;
    table[15 * stride + c] = rest;
    table[16 * stride + c] = still;
    rest32[c] = still;
    // what the step writes for a copy at rest: r − b0 in its arithmetic, rounded to float32
    dRest[c] = b.float32 ? r - Math.fround(rest) : r - rest;
  }
}

/**
 * An own table is filled again when `hostEdits` moved (a rule that may write parameters ran,
 * a run began; every call without it) and its source spot-checked every STALE_CHECK_EVERY
 * calls in between: parameters that changed anyway are an error, not a stale table.
 */
function refreshOwnTable(b: WuxingBinding, ctx: StepContext, name: string): void {
  const edits = ctx.hostEdits;
  if (edits === undefined || b.filled !== edits.count) {
    fill(b, 0, ctx.size);
    b.kept[0].set(b.K1);
    b.kept[1].set(b.K2);
    b.kept[2].set(b.K3);
    b.filled = edits?.count ?? -1;
    b.calls = 0;
  } else if ((++b.calls & (STALE_CHECK_EVERY - 1)) === 0 && !(sameFloatBits(b.kept[0], b.K1) && sameFloatBits(b.kept[1], b.K2) && sameFloatBits(b.kept[2], b.K3))) {
    const what = `the rate constants K1, K2, K3 of a ${name} population (${ctx.size} cells)`;
    throw staleCopyError(edits, what);
  }
}

/**
 * `wuxing.step` and `wuxingReversed.step` in WebAssembly SIMD (assembly/wuxingStep.ts): two
 * cells per instruction in float64 (four in float32 for a model built with `arithmetic:
 * 'float32'`), the cpu step's expressions in its order and arithmetic, so the result is
 * bit-identical to the cpu backend (test/sim/backends/wasmWuxing.test.ts). The cells'
 * forward-form rate constants, fixed points and rest states are written to a table of the
 * population's own in the arena when `ctx.hostEdits` moved (rules may move K1, K2, K3), or,
 * where the arena has no room for it, to the arena's scratch before each call, a chunk of cells at a time. A
 * chunk whose every copy sits exactly at rest with no input (ungated) only gets its D, after
 * a four-cells-a-comparison scan (assembly `wuxingAtRest`): as the cpu step skips such copies.
 * Models with a `gain` variable or `reference: 'initial'`, parameters that are not float32,
 * or state outside a wasm arena take the cpu step.
 */
export function wasmWuxingStep(state: StateArrays, inputs: InputArrays, ctx: StepContext, model: NeuronModel): number {
  let b = bindings.get(model);
  if (b === undefined || (b !== null && (b.state !== state || b.inputs !== inputs))) {
    b = bind(model, state, inputs);
    bindings.set(model, b);
  }
  if (b === null) return model.step(state, inputs, ctx);
  const { F, table, rest32, dRest } = b;
  const size = ctx.size;
  const k = b.arena.kernels;
  const stride = b.chunk;
  if (b.own) {
    refreshOwnTable(b, ctx, model.kind);
    if (b.arena.thread) {
      b.arena.thread.wuxing(b.arena, F, b.D, b.I, b.gate, table.byteOffset, stride, size, size, ctx.batch, ctx.dt, b.mode, b.lo, b.jIn, b.jOut, rest32.byteOffset, dRest.byteOffset);
      return 0;
    }
  }
  for (let u0 = 0; u0 < size; u0 += b.chunk) {
    const cells = Math.min(b.chunk, size - u0);
    if (!b.own) fill(b, u0, cells);
    // every copy at rest with no input (a reversed chain before its error arrives): D only
    if (b.gate === 0 && k.wuxingAtRest(F[0], F[1], F[2], F[3], F[4], b.D, b.I, rest32.byteOffset, dRest.byteOffset, u0, cells, size, ctx.batch) === 1) continue;
    k.wuxingStep(F[0], F[1], F[2], F[3], F[4], b.D, b.I, b.gate, table.byteOffset, stride, u0, cells, size, ctx.batch, ctx.dt, b.mode, b.lo, b.jIn, b.jOut);
  }
  return 0;
}
