import type { EquationModel } from '../../../neurons/equations/defineModel.js';
import { packedSource, packedStep } from './deviceState.js';

/** `equation.step` on the gpu backend: the step of every defineModel kind, built from the model's own description. */
export const equationStep = packedStep((model, _n, dt, jumps) => packedSource((model as EquationModel).packedSpec(dt, jumps)));
