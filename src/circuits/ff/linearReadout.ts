import { Adam } from '../../plasticity/adam.js';
import type { ProductKernels } from '../../math/productKernels.js';
import { cpuProducts } from '../../sim/backends/cpu/referenceProducts.js';
import { requirePositiveInt } from '../../core/errors.js';

/**
 * A softmax linear classifier on features (here: a network's normalised activities),
 * trained by cross-entropy with Adam. It is a read-out beside the network: its gradient
 * never reaches the layers.
 */
export class LinearReadout {
  /** Weights, [features][classes]. */
  readonly weights: Float32Array;
  /** Bias per class. */
  readonly bias: Float32Array;
  /** Adam state of the weights (FF checkpoints save it). */
  readonly optW: Adam;
  /** Adam state of the bias. */
  readonly optB: Adam;
  private logits: Float32Array;
  private readonly dW: Float32Array;
  private readonly db: Float32Array;
  /** Mean cross-entropy of the last training batch. */
  lastLoss = Number.NaN;

  constructor(
    /** Inputs per sample. */
    readonly features: number,
    /** Classes (outputs). */
    readonly classes: number,
    lr = 1e-3,
    private readonly kernels: ProductKernels = cpuProducts,
  ) {
    requirePositiveInt('linearReadout.features', features);
    this.weights = new Float32Array(features * classes);
    this.bias = new Float32Array(classes);
    this.optW = new Adam(this.weights, { lr });
    this.optB = new Adam(this.bias, { lr });
    this.logits = new Float32Array(0);
    this.dW = new Float32Array(features * classes);
    this.db = new Float32Array(classes);
  }

  /** Class scores for `n` feature rows; returns the internal buffer (n × classes). */
  scores(x: Float32Array, n: number): Float32Array {
    if (this.logits.length < n * this.classes) this.logits = new Float32Array(n * this.classes);
    const z = this.logits;
    this.kernels.matmul(false, false, n, this.classes, this.features, x, this.weights, z);
    for (let i = 0; i < n; i++) for (let c = 0; c < this.classes; c++) z[i * this.classes + c] = z[i * this.classes + c]! + this.bias[c]!;
    return z;
  }

  /** One Adam step of cross-entropy on `n` rows with integer labels. */
  train(x: Float32Array, labels: ArrayLike<number>, n: number): void {
    const C = this.classes;
    const z = this.scores(x, n);
    let loss = 0;
    for (let i = 0; i < n; i++) {
      let mx = -Infinity;
      for (let c = 0; c < C; c++) mx = Math.max(mx, z[i * C + c]!);
      let s = 0;
      for (let c = 0; c < C; c++) s += Math.exp(z[i * C + c]! - mx);
      const y = labels[i]!;
      loss += -(z[i * C + y]! - mx - Math.log(s));
      for (let c = 0; c < C; c++) z[i * C + c] = (Math.exp(z[i * C + c]! - mx) / s - (c === y ? 1 : 0)) / n;
    }
    this.lastLoss = loss / n;
    this.kernels.matmul(true, false, this.features, C, n, x, z, this.dW);
    this.db.fill(0);
    for (let i = 0; i < n; i++) for (let c = 0; c < C; c++) this.db[c] = this.db[c]! + z[i * C + c]!;
    this.optW.step(this.dW);
    this.optB.step(this.db);
  }
}
