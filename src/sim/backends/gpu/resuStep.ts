import { SpecError } from '../../../core/errors.js';
import type { NeuronModel } from '../../../neurons/NeuronModel.js';
import type { ResuModel } from '../../../neurons/resu.js';
import { packedLayout, packedStep, type PackedKernel } from './deviceState.js';

/**
 * The ReSU step (see neurons/resu.ts) as a packed gpu.js kernel. The packed buffer holds
 * the lag vectors (n × channels·memory, unit-major as on the host), then z1…zk, then the
 * outputs. Lag threads shift: value (u, c, l) becomes the input of channel c for l = 0,
 * else the old value (u, c, l − 1). Every z and output thread projects its unit's new lag
 * vector on its component's filter (the same order of additions as the cpu step) and
 * output threads rectify — so a component is projected once per variable that reads it.
 * Filters, bias and thresholds are kernel arguments, copied every step: plasticity rules
 * change them on the host between steps.
 */
export function resuKernel(model: NeuronModel, n: number): PackedKernel {
  const r = model as ResuModel;
  if (r.lagStride !== 1) throw new SpecError(`resu.lagStride`, `the gpu backend runs ReSUs with lags one step apart only (got ${r.lagStride}); use the cpu or wasm backend`);
  const C = r.channels.length;
  const m = r.memory;
  const k = r.components;
  const W = C * m;
  // Variables are ['lag', z1…zk, outputs…]: lag fills the buffer up to z1.
  const lagEnd = packedLayout(model, n).offsets.z1!;
  // No jumps: projections cannot target lag (Network forbids variables wider than one
  // value), and jumps into z or outputs are overwritten by the step, as on the cpu.
  const params = ['s', ...r.channels.map((_, c) => `in${c}`), 'filters', 'bias', 'threshold'];

  const pickInput = r.channels.map((_, c) => (c < C - 1 ? `if (c == ${c}.0) { return in${c}[u]; }` : `return in${c}[u];`)).join('\n      ');
  const pickComponent = r.outputNames.map((name, o) => `if (row == ${k + o}.0) { comp = ${r.outputSpecs[name]!.component - 1}.0; }`).join('\n  ');
  const project = r.channels.map((_, c) => {
    const first = `z = z + filters[comp * ${W}.0 + ${c * m}.0] * in${c}[u];`;
    if (m === 1) return first;
    return `${first}
  for (let l = 1; l < ${m}; l++) {
    z = z + filters[comp * ${W}.0 + ${c * m}.0 + l] * s[base + ${c * m - 1}.0 + l];
  }`;
  }).join('\n  ');
  const rectify = r.outputNames.map((name, o) => {
    const spec = r.outputSpecs[name]!;
    const y = spec.mode === 'off' ? `0.0 - z - threshold[${o}]` : `z - threshold[${o}]`;
    return spec.mode === 'linear'
      ? `if (row == ${k + o}.0) { return ${y}; }`
      : `if (row == ${k + o}.0) { return Math.max(${y}, 0.0); }`;
  }).join('\n  ');

  const source = `function (${params.join(', ')}) {
  const n = this.constants.n;
  const x = this.thread.x;
  if (x < ${lagEnd}) {
    const u = Math.floor(x / ${W}.0);
    const j = x - u * ${W}.0;
    const c = Math.floor(j / ${m}.0);
    const l = j - c * ${m}.0;
    if (l == 0.0) {
      ${pickInput}
    }
    return s[x - 1];
  }
  const row = Math.floor((x - ${lagEnd}) / n);
  const u = x - ${lagEnd} - row * n;
  const base = u * ${W}.0;
  let comp = row;
  ${pickComponent}
  let z = 0.0 - bias[comp];
  ${project}
  ${rectify}
  return z;
}`;
  return { source, inputs: r.channels, jumps: [], parameters: ['filters', 'bias', 'threshold'], spiking: false };
}

export const resuStep = packedStep(resuKernel);
