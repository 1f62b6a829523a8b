import { lifKernelArgs } from '../../../neurons/lif.js';
import type { InputArrays, NeuronModel, StateArrays, StepContext } from '../../../neurons/NeuronModel.js';
import { arenaOf } from './arena.js';

/**
 * `lif.step` in WebAssembly SIMD (assembly/lifStep.ts): bit-identical to the cpu step, and it
 * reports whether every value it wrote is finite, so the simulator skips its own scan. Models
 * with more than two synaptic variables, or state outside a wasm arena, take the cpu step.
 */
export function wasmLifStep(state: StateArrays, inputs: InputArrays, ctx: StepContext, model: NeuronModel): number {
  const args = lifKernelArgs(model);
  const v = state.v!;
  const arena = arenaOf(v);
  if (!args || !arena || args.synapses.length > 2) return model.step(state, inputs, ctx);
  const g1 = args.synapses.length > 0 ? state[args.synapses[0]!]! : null;
  const g2 = args.synapses.length > 1 ? state[args.synapses[1]!]! : null;
  const I = inputs.I!;
  const ref = state.ref!;
  if (arenaOf(ref) !== arena || arenaOf(I) !== arena || arenaOf(ctx.fired) !== arena || (g1 && arenaOf(g1) !== arena) || (g2 && arenaOf(g2) !== arena)) {
    return model.step(state, inputs, ctx);
  }
  arena.coef.set(args.coefficients(ctx.dt));
  const k = arena.kernels;
  const count = k.lifStep(v.byteOffset, ref.byteOffset, I.byteOffset, g1 ? g1.byteOffset : 0, g2 ? g2.byteOffset : 0, 0, v.length, arena.coef.byteOffset, args.refSteps(), ctx.fired.byteOffset);
  ctx.stateFinite = k.lifStepFinite() === 1;
  return count;
}
