import type { InputArrays, NeuronModel, StateArrays, StepContext } from '../../../neurons/NeuronModel.js';
import type { ResuModel } from '../../../neurons/resu.js';
import { arenaOf, type WasmArena } from './arena.js';

const MODES = { linear: 0, on: 1, off: 2 } as const;

/** Per model and arena: typed views of the scratch and the constant part of the pointer block. */
interface ResuBinding {
  arena: WasmArena;
  state: StateArrays;
  inputs: InputArrays;
  wp: Float64Array;
  negBias: Float64Array;
  theta: Float64Array;
  ptrs: Int32Array;
  /** The pointer block as it must be before each call (the scratch is shared with other kernels). */
  ptrValues: Int32Array;
}

const bindings = new WeakMap<NeuronModel, ResuBinding | null>();

/** Views of the arena's scratch for one ReSU population, or null when its state is not all in that arena or it does not fit. */
function bind(model: ResuModel, state: StateArrays, inputs: InputArrays): ResuBinding | null {
  const lag = state.lag!;
  const arena = arenaOf(lag);
  if (!arena) return null;
  const k = model.components;
  const width = model.channels.length * model.memory;
  const pairs = (k + 1) >> 1;
  const zs = Array.from({ length: k }, (_, i) => state[`z${i + 1}`]!);
  const outs = model.outputNames.map((o) => state[o]!);
  const ins = model.channels.map((c) => inputs[c]!);
  if ([...zs, ...outs, ...ins].some((a) => arenaOf(a) !== arena)) return null;
  const nOut = outs.length;
  const f64 = pairs * width * 2 + pairs * 2 + nOut;
  const i32 = ins.length + k + 3 * nOut;
  if (f64 * 8 + i32 * 4 + 16 > arena.scratch.bytes) return null;
  const at = arena.scratch.offset;
  const buffer = arena.memory.buffer;
  const wp = new Float64Array(buffer, at, pairs * width * 2);
  const negBias = new Float64Array(buffer, wp.byteOffset + wp.byteLength, pairs * 2);
  const theta = new Float64Array(buffer, negBias.byteOffset + negBias.byteLength, nOut);
  const ptrs = new Int32Array(buffer, theta.byteOffset + theta.byteLength, i32);
  const ptrValues = Int32Array.from([
    ...[...ins, ...zs, ...outs].map((a) => a.byteOffset),
    ...model.outputNames.map((o) => model.outputSpecs[o]!.component - 1),
    ...model.outputNames.map((o) => MODES[model.outputSpecs[o]!.mode]),
  ]);
  return { arena, state, inputs, wp, negBias, theta, ptrs, ptrValues };
}

/**
 * `resu.step` in WebAssembly (assembly/resuStep.ts): bit-identical to the cpu step. The
 * model's filters, bias and thresholds (which rules change in place) are copied into the
 * arena's scratch before every call — k × width values, small beside the step itself.
 * State outside a wasm arena, a model too large for the scratch, or lags more than one step
 * apart (`lagStride`) take the cpu step.
 */
export function wasmResuStep(state: StateArrays, inputs: InputArrays, ctx: StepContext, model: NeuronModel): number {
  const resu = model as ResuModel;
  // The kernel shifts lag vectors of exactly m samples: strided lags take the cpu step.
  if (resu.lagStride !== 1) return model.step(state, inputs, ctx);
  let b = bindings.get(model);
  if (b === undefined || (b !== null && (b.state !== state || b.inputs !== inputs))) {
    b = bind(resu, state, inputs);
    bindings.set(model, b);
  }
  if (b === null) return model.step(state, inputs, ctx);
  const { filters, bias, threshold } = resu.parameters;
  const k = resu.components;
  const width = resu.channels.length * resu.memory;
  const wp = b.wp;
  // Interleave the filters in pairs: (q, j) → [w_2q[j], w_2q+1[j]].
  for (let i = 0; i < k; i++) {
    const q = i >> 1;
    const lane = i & 1;
    const row = i * width;
    const dst = q * width * 2 + lane;
    for (let j = 0; j < width; j++) wp[dst + 2 * j] = filters[row + j]!;
  }
  if (k & 1) {
    const dst = (k >> 1) * width * 2 + 1;
    for (let j = 0; j < width; j++) wp[dst + 2 * j] = 0;
    b.negBias[k] = 0;
  }
  for (let i = 0; i < k; i++) b.negBias[i] = -bias[i]!;
  b.theta.set(threshold);
  b.ptrs.set(b.ptrValues);
  b.arena.kernels.resuStep(state.lag!.byteOffset, ctx.size * ctx.batch, resu.channels.length, resu.memory, k, resu.outputNames.length, wp.byteOffset, b.negBias.byteOffset, b.theta.byteOffset, b.ptrs.byteOffset);
  return 0;
}
