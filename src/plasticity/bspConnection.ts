import { SizeMismatchError, SpecError, requirePositive } from '../core/errors.js';
import type { SparseSynapses } from '../synapses/Connectivity.js';
import type { ProjectionRule } from './PlasticityRule.js';
import { BspWindowSums, bspG2, checkKt, checkWindows, type BspSignalOptions } from './bspSignals.js';

/** Options of `bspConnection`. */
export interface BspConnectionOptions extends BspSignalOptions {
  /** Step size η of C ← C + η·G2 (default 0.1; the paper's Eq. 23 has η = 1 with integrals). */
  rate?: number;
}

/**
 * BSP method 2 (Jiang & Fu 2025, Eq. 22–23): the connection C_ij from cell i of layer l to
 * cell j of layer l+1 moves by C ← C + η·G2, with G1 = (∫D_i)(∫D̂_j): D_i is the
 * presynaptic cell's forward signal over the forward window, D̂_j the backward signal of
 * j's reversed twin over the backward window — routed to this rule as its modulator.
 * G1 is averaged over the batch before the atan (kt·G1 ≪ 1 here, where the two orders agree).
 * Works on dense, sparse and one-to-one projections.
 */
export function bspConnection(options: BspConnectionOptions): ProjectionRule {
  const windows = checkWindows('bspConnection', options.windows);
  const kt = checkKt('bspConnection', options.kt);
  const eta = requirePositive('bspConnection.rate', options.rate ?? 0.1);
  const integral = options.integral ?? false;
  let sums: BspWindowSums | null = null;
  let G: Float32Array = new Float32Array(0);

  return {
    attach: 'projection',
    name: 'bspConnection',
    // onStep only sums D and D̂; the weights or rate constants move in onBatch
    onStepReadsOnly: true,
    init(view) {
      const { kind, preSize, postSize } = view.synapses;
      if (kind !== 'dense' && kind !== 'sparse' && kind !== 'oneToOne') {
        throw new SpecError('bspConnection', `needs a dense, sparse or one-to-one projection, got '${kind}'`);
      }
      const m = view.modulator;
      if (!m) throw new SpecError('bspConnection.modulator', 'route the backward signal of the post cells’ reversed twins here (net.learn(proj, rule, { modulator }))');
      const batch = view.pre.batch;
      if (m.length !== postSize * batch) {
        throw new SizeMismatchError('bspConnection.modulator', `has ${m.length} values, expected post size × batch = ${postSize} × ${batch}`);
      }
      sums = new BspWindowSums(preSize * batch, postSize * batch, windows, integral, view);
      if (kind === 'dense') G = new Float32Array(preSize * postSize);
    },
    onStep(view) {
      sums!.accumulate(view.step, view.pre.output, view.modulator);
    },
    onBatch(view) {
      const s = sums!;
      if (!s.complete(view.dt)) {
        // The forward window's run ended; the backward window is still to come.
        if (s.backwardSteps > 0) s.clear();
        return;
      }
      const syn = view.synapses;
      const { preSize: pre, postSize: post } = syn;
      const w = syn.weights;
      const batch = view.pre.batch;
      const x = s.forward;
      const y = s.backward;
      if (syn.kind === 'dense') {
        // G1 = (1/B) Σ_b x_b ⊗ y_b : [pre][post], the weights' layout.
        view.kernels.windowProduct(pre, post, batch, 1 / batch, x, y, G);
        for (let k = 0; k < w.length; k++) w[k] = w[k]! + eta * bspG2(G[k]!, kt);
      } else if (syn.kind === 'sparse') {
        const { rowPtr, cols } = syn as SparseSynapses;
        for (let i = 0; i < pre; i++) {
          for (let k = rowPtr[i]!; k < rowPtr[i + 1]!; k++) {
            const j = cols[k]!;
            let g = 0;
            for (let b = 0; b < batch; b++) g += x[b * pre + i]! * y[b * post + j]!;
            w[k] = w[k]! + eta * bspG2(g / batch, kt);
          }
        }
      } else {
        for (let i = 0; i < pre; i++) {
          let g = 0;
          for (let b = 0; b < batch; b++) g += x[b * pre + i]! * y[b * post + i]!;
          w[i] = w[i]! + eta * bspG2(g / batch, kt);
        }
      }
      s.clear();
    },
    describe() {
      return { rule: 'bspConnection', rate: eta, kt, integral, windows };
    },
  };
}
