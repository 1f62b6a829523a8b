import type { InputArrays, NeuronModel, StateArrays, StepContext } from '../../../neurons/NeuronModel.js';
import type { ResuModel } from '../../../neurons/resu.js';
import { arenaOf, type WasmArena } from './arena.js';
import { sameFloatBits, staleCopyError, STALE_CHECK_EVERY } from '../../hostEdits.js';

const MODES = { linear: 0, on: 1, off: 2 } as const;

/** Per population (its state arrays): typed views of the model's parameters in the arena and the constant pointer block. */
interface ResuBinding {
  arena: WasmArena;
  model: NeuronModel;
  inputs: InputArrays;
  wp: Float64Array;
  negBias: Float64Array;
  theta: Float64Array;
  ptrs: Int32Array;
  /** The pointer block as it must be before each call (when it lives in the shared scratch). */
  ptrValues: Int32Array;
  /** The parameters sit in the shared scratch (no room of their own): copy them before every call. */
  shared: boolean;
  /** `hostEdits.count` when the parameters were last copied (-1: never). */
  copied: number;
  /** Calls since then (every STALE_CHECK_EVERY-th compares the model's parameters with `kept`). */
  calls: number;
  /** The filters, bias and thresholds as last copied, for the spot checks. */
  kept: [Float64Array, Float64Array, Float64Array];
}

const bindings = new WeakMap<StateArrays, ResuBinding | null>();

/**
 * Float64 values and int32 values of a model's copy in the arena; `filterValues` of them hold
 * the filters: k ≤ 2 splatted per lag index (the kernel puts units in the lanes), else in pairs.
 */
function sizes(model: ResuModel): { f64: number; i32: number; pairs: number; width: number; filterValues: number } {
  const width = model.channels.length * model.memory;
  const k = model.components;
  const pairs = (k + 1) >> 1;
  const nOut = model.outputNames.length;
  const filterValues = k <= 2 ? 2 * k * width : pairs * width * 2;
  return { f64: filterValues + pairs * 2 + nOut, i32: model.channels.length + k + 3 * nOut, pairs, width, filterValues };
}

/** Bytes of the arena a ReSU model's parameters take (BackendConfig.modelBytes), with alignment. */
export function resuParameterBytes(model: ResuModel): number {
  if (model.lagStride !== 1) return 0; // the cpu step runs it
  const { f64, i32 } = sizes(model);
  return f64 * 8 + i32 * 4 + 64;
}

/**
 * Views for one ReSU population's parameters: a region of the arena of its own (sized by
 * `modelBytes`), else the shared scratch; null when its state is not all in one arena or it
 * fits in neither.
 */
function bind(model: ResuModel, state: StateArrays, inputs: InputArrays): ResuBinding | null {
  const arena = arenaOf(state.lag!);
  if (!arena) return null;
  const k = model.components;
  const zs = Array.from({ length: k }, (_, i) => state[`z${i + 1}`]!);
  const outs = model.outputNames.map((o) => state[o]!);
  const ins = model.channels.map((c) => inputs[c]!);
  if ([...zs, ...outs, ...ins].some((a) => arenaOf(a) !== arena)) return null;
  const { f64, i32, pairs, filterValues } = sizes(model);
  const nOut = outs.length;
  let at: number;
  let shared = false;
  try {
    at = arena.reserve(f64 * 8 + i32 * 4 + 16);
  } catch (e) {
    if (!(e instanceof RangeError)) throw e;
    if (f64 * 8 + i32 * 4 + 16 > arena.scratch.bytes) return null;
    at = arena.scratch.offset;
    shared = true;
  }
  const buffer = arena.memory.buffer;
  const wp = new Float64Array(buffer, at, filterValues);
  const negBias = new Float64Array(buffer, wp.byteOffset + wp.byteLength, pairs * 2);
  const theta = new Float64Array(buffer, negBias.byteOffset + negBias.byteLength, nOut);
  const ptrs = new Int32Array(buffer, theta.byteOffset + theta.byteLength, i32);
  const ptrValues = Int32Array.from([
    ...[...ins, ...zs, ...outs].map((a) => a.byteOffset),
    ...model.outputNames.map((o) => model.outputSpecs[o]!.component - 1),
    ...model.outputNames.map((o) => MODES[model.outputSpecs[o]!.mode]),
  ]);
  ptrs.set(ptrValues);
  const { filters, bias, threshold } = model.parameters;
  const kept: ResuBinding['kept'] = [new Float64Array(filters.length), new Float64Array(bias.length), new Float64Array(threshold.length)];
  return { arena, model, inputs, wp, negBias, theta, ptrs, ptrValues, shared, copied: -1, calls: 0, kept };
}

/** Copy the model's filters (interleaved in pairs), bias and thresholds into the binding's views. */
function copyParameters(resu: ResuModel, b: ResuBinding): void {
  const { filters, bias, threshold } = resu.parameters;
  const k = resu.components;
  const width = resu.channels.length * resu.memory;
  const wp = b.wp;
  for (let i = 0; i < k; i++) b.negBias[i] = -bias[i]!;
  b.theta.set(threshold);
  if (k <= 2) {
    // Units in the lanes: per lag index j, [w_1[j], w_1[j]] and (k = 2) [w_2[j], w_2[j]].
    const step = 2 * k;
    for (let i = 0; i < k; i++) {
      const row = i * width;
      for (let j = 0, d = 2 * i; j < width; j++, d += step) wp[d] = wp[d + 1] = filters[row + j]!;
    }
    if (k === 1) b.negBias[1] = 0;
    return;
  }
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
}

/**
 * `resu.step` in WebAssembly (assembly/resuStep.ts): bit-identical to the cpu step. The
 * model's filters, bias and thresholds (which rules change in place) are kept in the arena
 * and copied again only when `ctx.hostEdits` says they may have changed (every call without
 * it, or when the model had to use the shared scratch); every STALE_CHECK_EVERY calls in
 * between they are compared with the model's, and a difference is an error (`HostEdits.stale`:
 * a rule flagged `onStepReadsOnly` or a stimulus wrote them). State outside a wasm arena, a model
 * too large for the scratch, or lags more than one step apart (`lagStride`) take the cpu step.
 */
export function wasmResuStep(state: StateArrays, inputs: InputArrays, ctx: StepContext, model: NeuronModel): number {
  const resu = model as ResuModel;
  // The kernel shifts lag vectors of exactly m samples: strided lags take the cpu step.
  if (resu.lagStride !== 1) return model.step(state, inputs, ctx);
  let b = bindings.get(state);
  if (b === undefined || (b !== null && (b.model !== model || b.inputs !== inputs))) {
    b = bind(resu, state, inputs);
    bindings.set(state, b);
  }
  if (b === null) return model.step(state, inputs, ctx);
  const edits = ctx.hostEdits?.count ?? -1;
  if (b.shared || edits === -1 || b.copied !== edits) {
    copyParameters(resu, b);
    if (b.shared) b.ptrs.set(b.ptrValues);
    else {
      const { filters, bias, threshold } = resu.parameters;
      b.kept[0].set(filters);
      b.kept[1].set(bias);
      b.kept[2].set(threshold);
    }
    b.copied = edits;
    b.calls = 0;
  } else if ((++b.calls & (STALE_CHECK_EVERY - 1)) === 0) {
    // kept while no rule or callback may have written them: spot-check that nothing did
    const { filters, bias, threshold } = resu.parameters;
    if (!(sameFloatBits(b.kept[0], filters) && sameFloatBits(b.kept[1], bias) && sameFloatBits(b.kept[2], threshold))) {
      const what = `the filters, bias or thresholds of a resu population (${ctx.size} units)`;
      throw staleCopyError(ctx.hostEdits, what);
    }
  }
  b.arena.kernels.resuStep(state.lag!.byteOffset, ctx.size * ctx.batch, resu.channels.length, resu.memory, resu.components, resu.outputNames.length, b.wp.byteOffset, b.negBias.byteOffset, b.theta.byteOffset, b.ptrs.byteOffset);
  return 0;
}
