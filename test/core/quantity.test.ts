import { describe, expect, it } from '@jest/globals';
import { unit } from 'mathjs';
import { SpecError } from '../../src/core/errors.js';
import { setStrictUnits, toSI } from '../../src/core/quantity.js';
import { collectWarnings } from '../../src/core/warnings.js';
import { lif } from '../../src/neurons/lif.js';
import { Network } from '../../src/sim/Network.js';
import { Simulator } from '../../src/sim/Simulator.js';

describe('quantities on options (bare number = SI, strings and mathjs Units carry a unit)', () => {
  it('reads numbers, unit strings and mathjs Units into SI', () => {
    expect(toSI('f', 0.02, 'time')).toBe(0.02);
    expect(toSI('f', '20 ms', 'time')).toBeCloseTo(0.02, 15);
    expect(toSI('f', unit(20, 'ms'), 'time')).toBeCloseTo(0.02, 15);
    expect(toSI('f', '-65 mV', 'voltage')).toBeCloseTo(-0.065, 15);
    expect(toSI('f', '40 Hz', 'frequency')).toBe(40);
    expect(toSI('f', '0.5', 'time')).toBe(0.5);
  });

  it('rejects a value of the wrong dimension, naming the field and both dimensions', () => {
    expect(() => toSI('lif.tau', '20 mV', 'time')).toThrow(SpecError);
    expect(() => toSI('lif.tau', '20 mV', 'time')).toThrow(/lif\.tau.*voltage \(V\).*expected time \(s\)/);
    expect(() => toSI('lif.tau', 'twenty', 'time')).toThrow(/lif\.tau/);
  });

  it("names a dimension no option has in words, and tells a time written '10m' that minutes are 'min'", () => {
    expect(() => toSI('ff --checkpoint-every', '10m', 'time')).toThrow(
      "ff --checkpoint-every: '10m' is length (m), expected time (s) (m is metres; minutes are 'min')",
    );
    expect(toSI('ff --checkpoint-every', '10 min', 'time')).toBe(600);
    expect(() => toSI('lif.vThreshold', '2 kg', 'voltage')).toThrow("'2 kg' is mass (kg), expected voltage (V)");
    expect(() => toSI('lif.vThreshold', '2 m', 'voltage')).toThrow(/'2 m' is length \(m\), expected voltage \(V\)$/); // no minutes hint
  });

  it("lif({ tau: 20 }) (meant: ms) warns, naming the field and the unit assumed; '20 ms' equals 0.02", () => {
    const { warnings } = collectWarnings(() => lif({ tau: 20 }));
    expect(warnings).toHaveLength(1);
    expect(warnings[0]!.field).toBe('lif.tau');
    expect(warnings[0]!.message).toMatch(/lif\.tau = 20 s.*membrane time constant.*read in SI units.*'20 ms'/);
    expect(collectWarnings(() => lif({ tau: 0.02 })).warnings).toEqual([]);
    expect(lif({ tau: '20 ms' }).describe!()).toEqual(lif({ tau: 0.02 }).describe!());
    expect(lif({ tau: unit(20, 'ms'), synapses: { ge: '5 ms' } }).describe!()).toEqual(lif({ tau: 0.02, synapses: { ge: 0.005 } }).describe!());
  });

  it('strict mode turns an implausible magnitude into a SpecError', () => {
    const previous = setStrictUnits(true);
    try {
      expect(() => lif({ tau: 20 })).toThrow(/lif\.tau/);
    } finally {
      setStrictUnits(previous);
    }
  });

  it('Simulator.dt takes units and warns above 10 ms with spiking populations', () => {
    const net = new Network();
    net.population('A', 3, lif());
    expect(new Simulator(net, { dt: '0.5 ms' }).dt).toBeCloseTo(5e-4, 15);
    const { warnings } = collectWarnings(() => new Simulator(net, { dt: 0.05 }));
    expect(warnings.map((w) => w.field)).toEqual(['Simulator.dt']);
    expect(() => new Simulator(net, { dt: '1 mV' })).toThrow(/Simulator\.dt/);
  });
});
