/**
 * A user-written plasticity rule: BCM (Bienenstock–Cooper–Munro) with a sliding threshold.
 *   Δw_ij = η · x_i · y_j · (y_j − θ_j),   τ_θ dθ_j/dt = y_j² − θ_j
 * It sees only its local view (pre and post activity, its own weights, dt): the rule is
 * the 30 lines of `bcm`, the rest is an experiment showing it at work — a unit fed two
 * alternating input patterns becomes selective to one of them.
 *   npx tsx examples/custom-plasticity.ts
 */
import { Network, SeededRandom, Simulator, dense, linearRate, source, type ProjectionRule } from 'neurostream';

export function bcm(options: { rate: number; tauTheta: number }): ProjectionRule {
  let theta = new Float32Array(0); // the rule's own state: one sliding threshold per post unit
  return {
    attach: 'projection',
    name: 'bcm',
    init(view) {
      theta = new Float32Array(view.post.size).fill(0.1);
    },
    onStep(view) {
      const { weights: w, preSize, postSize } = view.synapses;
      const x = view.pre.output;
      const y = view.post.output;
      const decay = view.dt / options.tauTheta;
      for (let j = 0; j < postSize; j++) {
        const yj = y[j]!;
        const dy = options.rate * yj * (yj - theta[j]!);
        for (let i = 0; i < preSize; i++) {
          const k = i * postSize + j;
          w[k] = Math.max(0, w[k]! + dy * x[i]!); // weights stay excitatory
        }
        theta[j] = theta[j]! + decay * (yj * yj - theta[j]!);
      }
    },
  };
}

/** Two input patterns alternate every 20 ms; returns the final weights of the one unit. */
export function bcmExperiment(seed = 1, seconds = 20): { weights: Float32Array; selectivity: number } {
  const net = new Network({ seed }); // draws the initial weights
  const input = net.population('input', 2, source());
  const unit = net.population('unit', 1, linearRate());
  const proj = net.connect(input, unit, dense({ weights: { uniform: { low: 0.4, high: 0.6 } } }));
  net.learn(proj, bcm({ rate: 0.02, tauTheta: 0.05 }));
  const sim = new Simulator(net, { dt: 1e-3, seed });
  const order = new SeededRandom(seed, 'patterns');
  let pattern = 0;
  sim.run((step, _dt, out) => {
    if (step % 20 === 0) pattern = order.int(2);
    out[0] = pattern === 0 ? 1 : 0.2;
    out[1] = pattern === 1 ? 1 : 0.2;
  }, seconds);
  const w = proj.weights;
  return { weights: Float32Array.from(w), selectivity: Math.abs(w[0]! - w[1]!) / (w[0]! + w[1]!) };
}

if (process.argv[1]?.endsWith('custom-plasticity.ts')) {
  const { weights, selectivity } = bcmExperiment();
  console.log(`BCM weights after 20 s: [${Array.from(weights, (w) => w.toFixed(3)).join(', ')}], selectivity ${selectivity.toFixed(3)}`);
}
