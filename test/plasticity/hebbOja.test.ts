import { describe, expect, it } from '@jest/globals';
import { Network, SeededRandom, Simulator, dense, hebbOja, linearRate, source } from '../../src/index.js';

describe("Oja's rule", () => {
  it('converges to the first principal component of a 2-D Gaussian', () => {
    // Covariance with principal axis at 30°: variances 4 and 0.25.
    const angle = Math.PI / 6;
    const pc = [Math.cos(angle), Math.sin(angle)];
    const minor = [-Math.sin(angle), Math.cos(angle)];
    const data = new SeededRandom(3, 'oja-data');
    const net = new Network();
    const x = net.population('x', 2, source());
    const y = net.population('y', 1, linearRate());
    const proj = net.connect(x, y, dense({ weights: { normal: { std: 0.3 } } }));
    net.learn(proj, hebbOja({ rate: 2e-3 }));
    const sim = new Simulator(net, { dt: 1e-3, seed: 1 });
    sim.runSteps((_s, _dt, out) => {
      const a = 2 * data.normal();
      const b = 0.5 * data.normal();
      out[0] = a * pc[0]! + b * minor[0]!;
      out[1] = a * pc[1]! + b * minor[1]!;
    }, 20_000);
    const w = proj.weights;
    const norm = Math.hypot(w[0]!, w[1]!);
    const cosine = Math.abs(w[0]! * pc[0]! + w[1]! * pc[1]!) / norm;
    expect(cosine).toBeGreaterThanOrEqual(0.99);
    expect(norm).toBeGreaterThan(0.9);
    expect(norm).toBeLessThan(1.1);
  });
});
