import { defineModel, type EquationModel } from '../../../src/index.js';

/** Brian2's CUBA neuron written as equations: the built-in LIF's dynamics. */
export function cubaEquations(): EquationModel {
  return defineModel({
    equations: `
      dv/dt  = (ge + gi - (v - El) + I)/taum : volt (unless refractory)
      dge/dt = -ge/taue : volt
      dgi/dt = -gi/taui : volt`,
    threshold: 'v > Vt',
    reset: 'v = Vr',
    refractory: '5 ms',
    parameters: { taum: '20 ms', taue: '5 ms', taui: '10 ms', Vt: '-50 mV', Vr: '-60 mV', El: '-49 mV' },
    inputs: { I: 'volt' },
    init: { v: [-0.06, -0.05] },
    kind: 'cubaEq',
  });
}

/** Adaptive exponential integrate-and-fire (Brette & Gerstner 2005), nonlinear: RK4. */
export function adex(): EquationModel {
  return defineModel({
    equations: `
      dv/dt = (gL*(EL - v) + gL*DeltaT*exp((v - VT)/DeltaT) - w + I)/C : volt (unless refractory)
      dw/dt = (a*(v - EL) - w)/tauw : amp`,
    threshold: 'v > -40 * mV',
    reset: 'v = Vr; w += b',
    refractory: '2 ms',
    parameters: { C: '281 pF', gL: '30 nS', EL: '-70.6 mV', VT: '-50.4 mV', DeltaT: '2 mV', tauw: '144 ms', a: '4 nS', b: '0.0805 nA', Vr: '-70.6 mV' },
    inputs: { I: 'amp' },
    init: { v: '-70.6 mV' },
    kind: 'adex',
  });
}

/** A Wuxing cell: five states on a ring, dE_i/dt = k1·E_{i−1} − k2·E_i − k3·E_i·E_{i−2} (+ input on E_0). */
export function wuxingCell(): EquationModel {
  const rows = [0, 1, 2, 3, 4].map((i) => {
    const prev = (i + 4) % 5;
    const prev2 = (i + 3) % 5;
    return `dE${i}/dt = k1*E${prev} - k2*E${i} - k3*E${i}*E${prev2}${i === 0 ? ' + I' : ''} : 1`;
  });
  return defineModel({
    equations: rows,
    parameters: { k1: '3 Hz', k2: '1 Hz', k3: '1 Hz' },
    inputs: { I: 'hertz' },
    init: { E0: 2.5, E1: 1.5, E2: 2, E3: 2.2, E4: 1.8 },
    kind: 'wuxingEq',
  });
}
