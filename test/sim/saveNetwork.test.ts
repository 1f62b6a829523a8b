import { describe, expect, it } from '@jest/globals';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Network, SpikeMonitor, Simulator, defineModel, lif, networkFromJSON, networkToJSON, sparse } from '../../src/index.js';
import { loadNetwork, saveNetwork } from '../../src/node.js';
import { DT, inputSpikes, plasticNetwork } from './fixtures/plasticNetwork.js';

const BEFORE = 1500;
const AFTER = 1500;

describe('save and load any network (neurostream.network)', () => {
  it('a network with STDP and a custom rule, saved mid-run and continued in a new process, spikes bit for bit as the uninterrupted run', () => {
    // Uninterrupted reference.
    const ref = plasticNetwork();
    const refSim = new Simulator(ref, { dt: DT, seed: 5 });
    refSim.runSteps(inputSpikes, BEFORE);
    const refMon = refSim.add(new SpikeMonitor('exc'));
    refSim.runSteps(inputSpikes, AFTER);
    const expected = refMon.spikes;

    // Same run, saved at BEFORE.
    const net = plasticNetwork();
    const sim = new Simulator(net, { dt: DT, seed: 5 });
    sim.runSteps(inputSpikes, BEFORE);
    const dir = mkdtempSync(join(tmpdir(), 'neurostream-save-'));
    const file = join(dir, 'plastic.json');
    saveNetwork(file, net, { simulator: sim });
    expect(JSON.parse(readFileSync(file, 'utf8'))).toMatchObject({ format: 'neurostream.network', version: 1 });

    const out = execFileSync(process.execPath, ['--import', 'tsx', 'test/sim/fixtures/continueSaved.ts', file, String(AFTER)], { encoding: 'utf8' });
    const continued = JSON.parse(out) as { start: number; steps: number[]; units: number[]; ff: number[]; rec: number[] };
    expect(continued.start).toBe(BEFORE);
    expect(expected.steps.length).toBeGreaterThan(100); // enough spikes for the comparison to mean something
    expect(continued.steps).toEqual(Array.from(expected.steps));
    expect(continued.units).toEqual(Array.from(expected.units));
    expect(continued.ff).toEqual(Array.from(ref.getProjection('ff').weights));
    expect(continued.rec).toEqual(Array.from(ref.getProjection('rec').weights));
    // Both rules learned something, so their state mattered.
    expect(continued.rec.some((w) => w !== 0.1)).toBe(true);
  }, 120_000);

  it('round-trips a defineModel population by its equations', () => {
    const net = new Network({ seed: 2 });
    net.population('a', 5, lif());
    net.population('b', 4, defineModel({ kind: 'leaky', equations: 'dv/dt = (I - v) / tau : 1', parameters: { tau: '10 ms' }, inputs: { I: '1' } }));
    net.connect('a', 'b', sparse({ p: 0.5, weights: 0.3 }));
    const json = networkToJSON(net);
    const back = networkFromJSON(JSON.parse(JSON.stringify(json)));
    expect(back.network.populations.map((p) => p.model.kind)).toEqual(['lif', 'leaky']);
    expect(Array.from(back.network.getProjection('a->b').weights)).toEqual(Array.from(net.getProjection('a->b').weights));
    expect(networkToJSON(back.network)).toEqual(json);
  });

  it('loading a file with a model or rule the loader does not know names it', () => {
    const json = networkToJSON(plasticNetwork());
    const dir = mkdtempSync(join(tmpdir(), 'neurostream-save-'));
    const badModel = structuredClone(json);
    badModel.populations[1]!.model = { kind: 'adex', tau: 0.02 };
    writeFileSync(join(dir, 'm.json'), JSON.stringify(badModel));
    expect(() => loadNetwork(join(dir, 'm.json'))).toThrow(/m\.json \(populations\[1\] \('exc'\)\.model\).*unknown model kind 'adex'.*registerModel/);
    const badRule = structuredClone(json);
    badRule.rules[1]!.rule = { rule: 'tripletStdp' };
    expect(() => networkFromJSON(badRule, 'r.json')).toThrow(/r\.json \(rules\[1\] \('tripletStdp'\)\).*unknown rule 'tripletStdp'.*registerRule/);
    expect(() => networkFromJSON({ ...json, format: 'neurostream/network' }, 'f.json')).toThrow(/f\.json \(format\)/);
  });

  it('is versioned and validated: another layout version or a malformed field is refused, naming the field', () => {
    const json = JSON.parse(JSON.stringify(networkToJSON(plasticNetwork()))) as ReturnType<typeof networkToJSON>;
    expect(() => networkFromJSON({ ...json, version: 2 }, 'v.json')).toThrow(/v\.json \(version\)/);
    const badSize = { ...json, populations: [{ ...json.populations[0]!, size: 'ten' }, ...json.populations.slice(1)] };
    expect(() => networkFromJSON(badSize, 's.json')).toThrow(/s\.json \(populations\.0\.size\).*expected number/);
  });
});
