/**
 * NIR both ways: build a small spiking network, export it as a .nir file, read the file back
 * as another tool would hand it to us, and check the imported network spikes exactly like
 * the original.   npx tsx examples/nir-roundtrip.ts
 */
import { Network, Simulator, SeededRandom, dense, lif, networkToNir, nirToNetwork, readNir, source, writeNir } from 'neurostream';

const net = new Network();
net.population('in', 4, source());
net.population('hidden', 8, lif({ tau: 0.01, vThresh: 0.5, bias: 0.3 }));
net.population('out', 2, lif({ tau: 0.02, vThresh: 0.3 }));
net.connect('in', 'hidden', dense({ weights: { uniform: { low: 0, high: 1.2 } } }));
net.connect('hidden', 'out', dense({ weights: { uniform: { low: 10, high: 40 } } }), { delaySteps: 2 });

const bytes = await writeNir(networkToNir(net, { dt: '0.1 ms' }));
const doc = await readNir(bytes, { file: 'roundtrip.nir' });
console.log(`wrote ${bytes.length} bytes of NIR ${doc.version}: ${Object.entries(doc.graph.nodes).map(([k, n]) => `${k} (${n.type})`).join(', ')}`);

function spikes(network: Network): number[] {
  const sim = new Simulator(network, { dt: 1e-4 });
  const rnd = new SeededRandom(1, 'example');
  const frames = Array.from({ length: 2000 }, () => Float32Array.from({ length: 4 }, () => (rnd.uniform() < 0.3 ? 1 : 0)));
  const r = sim.runSteps({ in: (s: number, _dt: number, out: Float32Array) => out.set(frames[s]!) }, 2000, { record: 'none' });
  return ['hidden', 'out'].map((p) => r.spikeCounts.get(p)!.reduce((a, b) => a + b, 0));
}
const before = spikes(net);
const after = spikes(nirToNetwork(doc.graph, { dt: '0.1 ms' }).network);
console.log(`spikes (hidden, out): original ${before.join(', ')}; after export and import ${after.join(', ')}; ${before.join() === after.join() ? 'identical' : 'DIFFERENT'}`);
