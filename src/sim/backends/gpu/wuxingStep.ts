import type { InputArrays, NeuronModel, StateArrays, StepContext } from '../../../neurons/NeuronModel.js';
import { wuxingForwardForm, type WuxingDirection } from '../../../neurons/wuxing.js';
import { packedSource, packedStep, type PackedKernel } from './deviceState.js';
import { floatLiteral as f } from './gpuContext.js';
import type { WuxingDescription } from '../../../neurons/wuxing/model.js';

/** Per model, whether it runs on the device (decided once: describe() builds an object). */
const decided = new WeakMap<NeuronModel, boolean>();

/**
 * Whether a Wuxing model's step runs on the device. The `gain` variable (a 5×5 solve per
 * cell for 'steady') and `reference: 'initial'` (fixed points at construction, which the
 * model keeps privately) are left to the cpu step: such a population stays on the host.
 */
export function wuxingOnDevice(model: NeuronModel): boolean {
  if (model.kind !== 'wuxing' && model.kind !== 'wuxingReversed') return true;
  let on = decided.get(model);
  if (on === undefined) {
    const p = model.describe() as unknown as WuxingDescription;
    on = p.gain === undefined && p.reference === undefined;
    decided.set(model, on);
  }
  return on;
}

/**
 * The built-in Wuxing cell's step (see neurons/wuxing.ts) as a packed gpu.js kernel: both
 * directions (the reversed ring integrated as the forward ring read backwards, with permuted
 * parameters), RK4 or Euler with the input held over the step, the floor, the gated input.
 * Every thread integrates its unit's whole cell and keeps its own row (or, as a kernel map,
 * one thread per unit writes all six variables). K1, K2, K3 are kernel arguments copied
 * every step, since rules (BSP method 1) move them between steps.
 */
export function wuxingKernel(model: NeuronModel, _n: number, dt: number, jumps: readonly string[]): PackedKernel {
  const p = model.describe() as unknown as WuxingDescription;
  const direction: WuxingDirection = p.kind === 'wuxing' ? 'forward' : 'reversed';
  const { stateOrder, jIn, jOut, paramIndex } = wuxingForwardForm(direction, p.inputState, p.outputState);
  const [i1, i2, i3] = paramIndex;
  const J = [0, 1, 2, 3, 4];
  // dF_j = a_j F_{j−1} − c_j F_j − q_j F_j F_{j−2} + input (into F_jIn only)
  const deriv = (out: string, y: string) =>
    J.map((j) => `const ${out}${j} = a${j} * ${y}${(j + 4) % 5} - c${j} * ${y}${j} - q${j} * ${y}${j} * ${y}${(j + 3) % 5}${j === jIn ? ' + uin' : ''};`).join('\n  ');
  const stage = (z: string, h: string, k: string) => J.map((j) => `const ${z}${j} = y${j} + ${h} * ${k}${j};`).join('\n  ');
  const integrate =
    p.integrator === 'rk4'
      ? [
          deriv('k1_', 'y'),
          stage('z1_', f(dt / 2), 'k1_'),
          deriv('k2_', 'z1_'),
          stage('z2_', f(dt / 2), 'k2_'),
          deriv('k3_', 'z2_'),
          stage('z3_', f(dt), 'k3_'),
          deriv('k4_', 'z3_'),
          ...J.map((j) => `let n${j} = y${j} + ${f(dt / 6)} * (k1_${j} + 2.0 * (k2_${j} + k3_${j}) + k4_${j});`),
        ]
      : [deriv('k1_', 'y'), ...J.map((j) => `let n${j} = y${j} + ${f(dt)} * k1_${j};`)];
  const body = [
    `const cell = u - Math.floor(u / ${f(p.size)}) * ${f(p.size)};`,
    'const o = cell * 5.0;',
    ...J.map((j) => `const a${j} = p_K1[o + ${f(i1[j]!)}];`),
    ...J.map((j) => `const c${j} = p_K2[o + ${f(i2[j]!)}];`),
    ...J.map((j) => `const q${j} = p_K3[o + ${f(i3[j]!)}];`),
    `const b0 = (a0 + a1 + a2 + a3 + a4 - (c0 + c1 + c2 + c3 + c4)) / (q0 + q1 + q2 + q3 + q4);`,
    `const uin = ${p.gate ? 'i_I * i_gate' : 'i_I'};`,
    ...J.map((j) => `const y${j} = s_${stateOrder[j]};`),
    ...integrate,
    ...(p.floor === null ? [] : J.map((j) => `n${j} = Math.max(n${j}, ${f(p.floor!)});`)),
    ...J.map((j) => `s_${stateOrder[j]} = n${j};`),
    `s_D = n${jOut} - b0;`,
  ].join('\n  ');
  return packedSource({ variables: model.variables, inputs: model.inputs, jumps, spiking: false, body, parameters: ['K1', 'K2', 'K3'] });
}

const onDevice = packedStep(wuxingKernel);

/** `wuxing.step` / `wuxingReversed.step` on the gpu backend (host-resident models run the cpu step). */
export function wuxingStep(state: StateArrays, inputs: InputArrays, ctx: StepContext, model: NeuronModel): number {
  return wuxingOnDevice(model) ? onDevice(state, inputs, ctx, model) : model.step(state, inputs, ctx);
}
