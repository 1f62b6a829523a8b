import { lifKernelArgs, type LIFKernelArgs } from '../../../neurons/lif.js';
import type { InputArrays, NeuronModel, StateArrays, StepContext } from '../../../neurons/NeuronModel.js';
import { arenaOf, type WasmArena } from './arena.js';

/** What one population's step passes to the kernel, resolved once per simulator (the arrays are stable). */
interface LifBinding {
  state: StateArrays;
  inputs: InputArrays;
  fired: Int32Array;
  silentInputs: StepContext['silentInputs'];
  args: LIFKernelArgs;
  arena: WasmArena;
  v: number;
  ref: number;
  I: number;
  g1: number;
  g2: number;
  /** Calls until the next one that zeroes tiny values (assembly/lifStep.ts: subnormals). */
  untilFlush: number;
}

/** Per model: its binding, or null when the cpu step must run (not a lif model, > 2 synaptic variables, state outside an arena). */
const bindings = new WeakMap<NeuronModel, LifBinding | null>();

function bind(model: NeuronModel, state: StateArrays, inputs: InputArrays, ctx: StepContext): LifBinding | null {
  const fired = ctx.fired;
  const args = lifKernelArgs(model);
  const arena = state.v ? arenaOf(state.v) : undefined;
  if (!args || !arena || args.synapses.length > 2) return null;
  const g1 = args.synapses.length > 0 ? state[args.synapses[0]!]! : null;
  const g2 = args.synapses.length > 1 ? state[args.synapses[1]!]! : null;
  const arrays = [state.ref!, inputs.I!, fired, ...(g1 ? [g1] : []), ...(g2 ? [g2] : [])];
  if (arrays.some((a) => arenaOf(a) !== arena)) return null;
  const silentI = ctx.silentInputs?.includes('I') ?? false;
  return { state, inputs, fired, silentInputs: ctx.silentInputs, args, arena, v: state.v!.byteOffset, ref: state.ref!.byteOffset, I: silentI ? 0 : inputs.I!.byteOffset, g1: g1 ? g1.byteOffset : 0, g2: g2 ? g2.byteOffset : 0, untilFlush: 0 };
}

/**
 * `lif.step` in WebAssembly SIMD (assembly/lifStep.ts), in float32: within a few float32
 * roundings a step of the cpu step (not bit-identical; the bound is in
 * test/sim/backends/lifStep32.test.ts), and it reports whether every value it wrote is
 * finite, so the simulator skips its own scan. Every `flushInterval` steps the call also
 * zeroes values under 2⁻¹⁰⁰, so no variable decays into float32's slow subnormal range.
 * Models with more than two synaptic variables, or state outside a wasm arena, take the cpu
 * step. The pointers are resolved once per simulator (profile: the per-step arena lookups
 * were ~5 % of a CUBA step); an input I that no projection writes (`StepContext.silentInputs`)
 * is passed as absent, and the kernel does not read it (~5 % of the kernel in CUBA).
 */
export function wasmLifStep(state: StateArrays, inputs: InputArrays, ctx: StepContext, model: NeuronModel): number {
  let b = bindings.get(model);
  if (b === undefined || (b !== null && (b.state !== state || b.inputs !== inputs || b.fired !== ctx.fired || b.silentInputs !== ctx.silentInputs))) {
    b = bind(model, state, inputs, ctx);
    bindings.set(model, b);
  }
  if (b === null) return model.step(state, inputs, ctx);
  const arena = b.arena;
  const coef = b.args.coefficients(ctx.dt);
  arena.coef.set(coef);
  const flush = b.untilFlush <= 0;
  b.untilFlush = flush ? flushInterval(coef) : b.untilFlush - 1;
  const k = arena.kernels;
  const count = k.lifStep(b.v, b.ref, b.I, b.g1, b.g2, 0, state.v!.length, arena.coef.byteOffset, b.args.refSteps(), ctx.fired.byteOffset, flush ? 1 : 0);
  ctx.stateFinite = k.lifStepFinite() === 1;
  return count;
}

/**
 * Steps between the kernel's flushes of tiny values: the most steps in which nothing decays
 * from 2⁻¹⁰⁰ (the flush threshold) to 2⁻¹²⁶ (float32's smallest normal), i.e. by 2⁻²⁶, at
 * the fastest decay per step among the membrane (eM) and the synaptic variables (e1, e2);
 * between 1 and 1024.
 */
export function flushInterval(coef: Float64Array): number {
  const fastest = Math.min(coef[2]!, coef[6]!, coef[8]!); // C_EM, C_E1, C_E2 of lif.ts
  if (!(fastest > 0)) return 1;
  if (fastest >= 1) return 1024;
  return Math.max(1, Math.min(1024, Math.floor((26 * Math.LN2) / -Math.log(fastest))));
}
