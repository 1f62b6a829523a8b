import type { InputArrays, NeuronModel, StateArrays, StepContext } from '../../../neurons/NeuronModel.js';
import { ffForward, type FFLayer } from '../../../neurons/ff/ffLayer.js';
import { gpuLayerKernels } from './layerKernels.js';

/** Model kinds whose gpu step keeps their state on the host (no device copy, no jump arrays). */
export const HOST_RESIDENT_KINDS: ReadonlySet<string> = new Set(['ffDense', 'ffConv']);

/**
 * `ffDense.step` / `ffConv.step` on the gpu backend: the layer's forward pass with its
 * products (dense matmul, conv) on the gpu.js layer kernels. The state stays on the host:
 * the forwardForward rule reads every layer's input and output each step, and takes its
 * gradient on the kernels the forward ran on (`layer.ranOn`), so on this backend on gpu.js too.
 */
export function ffStep(state: StateArrays, inputs: InputArrays, ctx: StepContext, model: NeuronModel): number {
  return ffForward(model as FFLayer, state, inputs, ctx.batch, gpuLayerKernels());
}
