import type { NeuronModel } from '../../../neurons/NeuronModel.js';
import { packedSource, packedStep, type PackedKernel } from './deviceState.js';
import { floatLiteral as f } from './gpuContext.js';

/** The built-in linear rate unit's exact update (see neurons/linearRate.ts) as a packed kernel. */
export function linearRateKernel(model: NeuronModel, _n: number, dt: number, jumps: readonly string[]): PackedKernel {
  const p = model.describe() as { tau?: number; gain: number; bias: number; rectify: boolean };
  const decay = p.tau ? Math.exp(-dt / p.tau) : 0;
  const body = `const target = ${f(p.gain)} * i_I + ${f(p.bias)};
  s_x = target + (s_x - target) * ${f(decay)};${p.rectify ? '\n  if (s_x < 0.0) { s_x = 0.0; }' : ''}`;
  return packedSource({ variables: model.variables, inputs: model.inputs, jumps, spiking: false, body });
}

export const linearRateStep = packedStep(linearRateKernel);
