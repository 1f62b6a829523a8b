import type { InputArrays, NeuronModel, StateArrays, StepContext } from '../../../neurons/NeuronModel.js';
import { ringStillAt, wuxingForwardForm } from '../../../neurons/wuxing/ring.js';
import { arenaOf, type WasmArena } from './arena.js';
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
  rk4: number;
  lo: number;
  paramIndex: readonly [readonly number[], readonly number[], readonly number[]];
  K1: Float32Array;
  K2: Float32Array;
  K3: Float32Array;
  /** Cells per kernel call: as many as the arena's scratch holds a table for (even). */
  chunk: number;
  /** The table the kernel reads: 17 rows of `chunk` float64 (k1 ×5, k2 ×5, k3 ×5, b0, rest). */
  table: Float64Array;
  /** Rest state per cell as float32 (NaN where not still), and the output there, for `wuxingAtRest`. */
  rest32: Float32Array;
  dRest: Float32Array;
  p: Float64Array;
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
  // a multiple of four cells, so every row stays 16-byte aligned
  const chunk = Math.floor(arena.scratch.bytes / TABLE_BYTES_PER_CELL) & ~3;
  const table = new Float64Array(arena.memory.buffer, arena.scratch.offset, 17 * chunk);
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
    rk4: s.integrator === 'rk4' ? 1 : 0,
    lo: s.floor === null ? -Infinity : s.floor,
    paramIndex,
    K1,
    K2,
    K3,
    chunk,
    table,
    rest32,
    dRest,
    p: new Float64Array(15),
  };
}

/**
 * `wuxing.step` and `wuxingReversed.step` in WebAssembly SIMD (assembly/wuxingStep.ts): two
 * cells per instruction in float64, the cpu step's expressions in its order, so the result is
 * bit-identical to the cpu backend (test/sim/backends/wasmWuxing.test.ts). Before each call
 * the cells' forward-form rate constants, fixed points and rest states are written to the
 * arena's scratch (rules may move K1, K2, K3 between steps), a chunk of cells at a time. A
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
  const { F, K1, K2, K3, table, rest32, dRest, p } = b;
  const [i1, i2, i3] = b.paramIndex;
  const size = ctx.size;
  const k = b.arena.kernels;
  const stride = b.chunk;
  for (let u0 = 0; u0 < size; u0 += b.chunk) {
    const cells = Math.min(b.chunk, size - u0);
    for (let c = 0; c < cells; c++) {
      // The cpu step's load(u): forward-form parameters, and B0 summed in that order.
      const o = (u0 + c) * 5;
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
      const still = ringStillAt(p, r) ? r : NaN;
      table[15 * stride + c] = rest;
      table[16 * stride + c] = still;
      rest32[c] = still;
      dRest[c] = r - rest;
    }
    // every copy at rest with no input (a reversed chain before its error arrives): D only
    if (b.gate === 0 && k.wuxingAtRest(F[0], F[1], F[2], F[3], F[4], b.D, b.I, rest32.byteOffset, dRest.byteOffset, u0, cells, size, ctx.batch) === 1) continue;
    k.wuxingStep(F[0], F[1], F[2], F[3], F[4], b.D, b.I, b.gate, table.byteOffset, stride, u0, cells, size, ctx.batch, ctx.dt, b.rk4, b.lo, b.jIn, b.jOut);
  }
  return 0;
}
