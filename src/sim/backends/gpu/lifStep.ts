import type { NeuronModel } from '../../../neurons/NeuronModel.js';
import { packedSource, packedStep, type PackedKernel } from './deviceState.js';
import { floatLiteral as f } from './gpuContext.js';

interface LifSettings {
  tau: number;
  vRest: number;
  vThresh: number;
  vReset: number;
  tRef: number;
  R: number;
  bias: number;
  synapses: Record<string, number>;
}

/**
 * The built-in LIF's exact update (see neurons/lif.ts) as a packed gpu.js kernel; the
 * coefficients are computed in float64 as the cpu step does and baked in as literals.
 */
export function lifKernel(model: NeuronModel, _n: number, dt: number, jumps: readonly string[]): PackedKernel {
  const p = model.describe() as unknown as LifSettings;
  const eM = Math.exp(-dt / p.tau);
  const refSteps = Math.round(p.tRef / dt);
  const syn: string[] = [];
  for (const [name, ts] of Object.entries(p.synapses)) {
    const eS = Math.exp(-dt / ts);
    const aS = Math.abs(ts - p.tau) < 1e-12 * p.tau ? (dt / p.tau) * eM : (ts / (ts - p.tau)) * (eS - eM);
    syn.push(`syn = syn + s_${name} * ${f(aS)};`, `s_${name} = s_${name} * ${f(eS)};`);
  }
  const body = `let syn = 0.0;
  ${syn.join('\n  ')}
  if (s_ref > 0.0) {
    s_ref = s_ref - 1.0;
    s_v = ${f(p.vReset)};
  } else {
    const vInf = ${f(p.vRest)} + ${f(p.R)} * (i_I + ${f(p.bias)});
    const vNew = vInf + (s_v - vInf) * ${f(eM)} + syn;
    if (vNew > ${f(p.vThresh)}) {
      s_v = ${f(p.vReset)};
      s_ref = ${f(refSteps)};
      fired = 1.0;
    } else {
      s_v = vNew;
    }
  }`;
  return packedSource({ variables: model.variables, inputs: model.inputs, jumps, spiking: true, body });
}

export const lifStep = packedStep(lifKernel);
