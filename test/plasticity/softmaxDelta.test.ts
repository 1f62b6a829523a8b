import { describe, expect, it } from '@jest/globals';
import { Network, Simulator, dense, linearRate, softmaxDelta, source } from '../../src/index.js';

/** x (3 units) and an always-1 bias unit → logits z (4 classes), each projection with a softmaxDelta rule. */
function readoutNet(targets: Float32Array) {
  const net = new Network();
  const x = net.population('x', 3, source());
  const one = net.population('one', 1, linearRate({ bias: 1 }));
  const z = net.population('z', 4, linearRate());
  const w0 = [0.3, -0.2, 0.1, 0.5, -0.4, 0.2, 0.0, 0.1, 0.25, -0.15, 0.35, -0.05];
  const b0 = [0.1, -0.1, 0.05, 0];
  const px = net.connect(x, z, dense({ weights: w0 }));
  const pb = net.connect(one, z, dense({ weights: b0 }));
  const rx = softmaxDelta({ lr: 1e-3 });
  const rb = softmaxDelta({ lr: 1e-3 });
  net.learn(px, rx, { modulator: targets });
  net.learn(pb, rb, { modulator: targets });
  return { net, px, pb, rx, w0, b0 };
}

const X = [0.9, -0.3, 0.4, 0.2, 0.7, -0.8, -0.5, 0.1, 0.6];

/** Mean cross-entropy over the samples with a target, in float64. */
function loss(w: number[], b: number[], targets: number[]): number {
  let total = 0;
  let n = 0;
  for (let s = 0; s < 3; s++) {
    if (targets[s]! < 0) continue;
    const z = [0, 1, 2, 3].map((c) => b[c]! + [0, 1, 2].reduce((acc, i) => acc + X[s * 3 + i]! * w[i * 4 + c]!, 0));
    const mx = Math.max(...z);
    const lse = mx + Math.log(z.reduce((acc, v) => acc + Math.exp(v - mx), 0));
    total += lse - z[targets[s]!]!;
    n++;
  }
  return total / n;
}

describe('softmaxDelta: the read-out rule', () => {
  it('moves every weight and bias against the cross-entropy gradient of the samples with a target (finite differences)', () => {
    const targets = Float32Array.from([2, -1, 0]);
    const { net, px, pb, rx, w0, b0 } = readoutNet(targets);
    const sim = new Simulator(net, { batch: 3, dt: 1 });
    sim.runSteps({ x: (_t, _dt, out) => out.set(X) }, 1, { record: 'none', learn: true });
    const t = Array.from(targets);
    const h = 1e-6;
    const grad = (params: number[], k: number, isBias: boolean) => {
      const up = [...params];
      const down = [...params];
      up[k]! += h;
      down[k]! -= h;
      return isBias ? (loss(w0, up, t) - loss(w0, down, t)) / (2 * h) : (loss(up, b0, t) - loss(down, b0, t)) / (2 * h);
    };
    let moved = 0;
    // Adam's first step is −lr · g / (|g| + ε): the sign of the gradient, at full step size
    for (const [params, after, isBias] of [[w0, px.synapses.weights, false], [b0, pb.synapses.weights, true]] as const) {
      for (let k = 0; k < params.length; k++) {
        const g = grad([...params], k, isBias);
        const step = (after[k]! - params[k]!) / -1e-3;
        if (Math.abs(g) < 1e-6) continue;
        expect(step).toBeCloseTo(g / (Math.abs(g) + 1e-8), 2);
        moved++;
      }
    }
    expect(moved).toBeGreaterThan(10);
    expect(rx.stats.samples).toBe(2);
    expect(rx.stats.loss).toBeCloseTo(loss(w0, b0, t), 5);
  });

  it('leaves the weights alone on steps without targets, and names a bad target', () => {
    const targets = Float32Array.from([-1, -1, -1]);
    const { net, px, w0 } = readoutNet(targets);
    const sim = new Simulator(net, { batch: 3, dt: 1 });
    sim.runSteps({ x: (_t, _dt, out) => out.set(X) }, 2, { record: 'none', learn: true });
    expect(Array.from(px.synapses.weights)).toEqual(Array.from(Float32Array.from(w0)));
    targets[1] = 7;
    expect(() => sim.runSteps({ x: (_t, _dt, out) => out.set(X) }, 1, { record: 'none', learn: true })).toThrow(/softmaxDelta\.modulator.*target 7 is not a class of the 4 post units/);
  });

  it('with weightDecay takes the same Adam step and shrinks the weights by lr · weightDecay of themselves', () => {
    const plain = readoutNet(Float32Array.from([2, -1, 0]));
    const decayed = readoutNet(Float32Array.from([2, -1, 0]));
    decayed.rx.weightDecay = 2;
    expect(plain.rx.weightDecay).toBe(0);
    for (const n of [plain, decayed]) new Simulator(n.net, { batch: 3, dt: 1 }).runSteps({ x: (_t, _dt, out) => out.set(X) }, 1, { record: 'none', learn: true });
    const a = plain.px.synapses.weights;
    const b = decayed.px.synapses.weights;
    for (let k = 0; k < a.length; k++) expect(b[k]).toBeCloseTo(a[k]! - 1e-3 * 2 * decayed.w0[k]!, 6);
    expect(Array.from(decayed.pb.synapses.weights)).toEqual(Array.from(plain.pb.synapses.weights)); // the bias's own rule has none
    expect(decayed.rx.describe!()).toEqual({ rule: 'softmaxDelta', lr: 1e-3, weightDecay: 2 });
    expect(() => softmaxDelta({ weightDecay: Number.NaN })).toThrow(/softmaxDelta\.weightDecay/);
  });
});
