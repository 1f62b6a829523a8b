import type { Floats } from '../../math/productKernels.js';
import { SpecError } from '../../core/errors.js';

/**
 * The FF-CNN paper's order, conv → layer norm → ReLU, with the learned per-channel gain γ and
 * shift β of PyTorch's LayerNorm: per sample u = z / sqrt(mean z² + ε) over the whole map (no
 * centring, as the paper's formula), then y = ReLU(γ_c·u + β_c). Without γ, Σ ReLU(u)² ≤ N,
 * so a positive could never clear θ = N; γ lets the layer's own loss set the scale.
 */
export type FFLayerOrder = 'relu-norm' | 'norm-relu';

export const FF_LAYER_ORDERS: readonly FFLayerOrder[] = ['relu-norm', 'norm-relu'];

/**
 * Forward: z (batch × units, channels fastest) → u (kept for the backward pass) and y.
 * `invRms[b]` keeps each sample's 1 / sqrt(mean z² + ε).
 */
export function normAffineRelu(
  z: Floats,
  u: Floats,
  invRms: Floats,
  gain: Floats,
  shift: Floats,
  y: Floats,
  units: number,
  channels: number,
  batch: number,
): void {
  for (let b = 0; b < batch; b++) {
    const o = b * units;
    let s = 0;
    for (let i = 0; i < units; i++) s += z[o + i]! * z[o + i]!;
    const inv = 1 / Math.sqrt(s / units + 1e-8);
    invRms[b] = inv;
    for (let i = 0; i < units; i++) {
      const c = i % channels;
      const v = z[o + i]! * inv;
      u[o + i] = v;
      const a = gain[c]! * v + shift[c]!;
      y[o + i] = a > 0 ? a : 0;
    }
  }
}

/**
 * Backward through ReLU, the affine and the RMS norm, inside the layer: given ∂L/∂y in `dy`
 * (zero where y = 0, which is where the ReLU was off), writes ∂L/∂z into `dy` in place and
 * ∂L/∂γ, ∂L/∂β into `dGain`, `dShift` (overwritten), for the first `batch` samples.
 * ∂u/∂z: du → inv · (du − u · mean(du · u)).
 */
export function normAffineReluBackward(
  dy: Floats,
  u: Floats,
  invRms: Floats,
  gain: Floats,
  dGain: Floats,
  dShift: Floats,
  units: number,
  channels: number,
  batch: number,
): void {
  dGain.fill(0);
  dShift.fill(0);
  for (let b = 0; b < batch; b++) {
    const o = b * units;
    let dot = 0;
    for (let i = 0; i < units; i++) {
      const c = i % channels;
      const da = dy[o + i]!;
      dGain[c] = dGain[c]! + da * u[o + i]!;
      dShift[c] = dShift[c]! + da;
      const du = da * gain[c]!;
      dy[o + i] = du;
      dot += du * u[o + i]!;
    }
    const mean = dot / units;
    const inv = invRms[b]!;
    for (let i = 0; i < units; i++) dy[o + i] = inv * (dy[o + i]! - u[o + i]! * mean);
  }
}

/** Check an order option (default 'relu-norm'); a wrong one names the field. */
export function layerOrder(field: string, order: string | undefined): FFLayerOrder {
  const o = order ?? 'relu-norm';
  if (!(FF_LAYER_ORDERS as readonly string[]).includes(o)) throw new SpecError(field, `expected ${FF_LAYER_ORDERS.join(' or ')}, got '${o}'`);
  return o as FFLayerOrder;
}
