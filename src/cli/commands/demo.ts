import type { Command } from 'commander';
import { cubaNetwork } from '../../circuits/cuba.js';
import { RateMonitor } from '../../sim/monitors/RateMonitor.js';
import { Simulator } from '../../sim/Simulator.js';
import { SpecError } from '../../core/errors.js';
import { numberFlag } from '../flags.js';
import { Progress } from '../progress.js';

/** `neurostream demo`: Brian2's CUBA network, 1 s of simulated time, rates and speed. */
export function registerDemo(program: Command): void {
  program
    .command('demo')
    .description("run Brian2's CUBA network (4000 LIF) and print its rates and speed")
    .option('--n <neurons>', 'number of neurons', '4000')
    .option('--seconds <s>', 'simulated seconds', '1')
    .option('--seed <seed>', 'random seed', '1')
    .action((opts: { n: string; seconds: string; seed: string }) => {
      const n = numberFlag('demo', 'n', opts.n, { integer: true, min: 1 });
      const seconds = numberFlag('demo', 'seconds', opts.seconds, { min: 0 });
      const seed = numberFlag('demo', 'seed', opts.seed, { integer: true });
      if (seconds < 1e-4) throw new SpecError('demo --seconds', `must be at least one step (1e-4 s), got '${opts.seconds}'`);
      const net = cubaNetwork({ n });
      const sim = new Simulator(net, { dt: 1e-4, seed });
      const rE = sim.add(new RateMonitor('E', { everySteps: 100 }));
      const rI = sim.add(new RateMonitor('I', { everySteps: 100 }));
      const bar = new Progress('CUBA', Math.round(seconds / sim.dt));
      const t0 = performance.now();
      const r = sim.run(null, seconds, { progress: (d) => bar.update(d) });
      bar.stop();
      const wall = (performance.now() - t0) / 1000;
      const synapses = net.projections.reduce((s, p) => s + p.weights.length, 0);
      console.log(`CUBA: ${n} LIF neurons, ${synapses} synapses, ${seconds} s simulated in ${wall.toFixed(2)} s wall`);
      console.log(`mean rate E ${r.meanRate('E').toFixed(2)} Hz, I ${r.meanRate('I').toFixed(2)} Hz (Brian2's example: 5.3–6.2 Hz)`);
      console.log(`rate over time (E, 10 ms bins): ${Array.from(rE.rates.slice(0, 20), (x) => x.toFixed(0)).join(' ')} …`);
      void rI;
    });
}
