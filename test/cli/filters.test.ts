import { describe, expect, it } from '@jest/globals';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildProgram } from '../../src/cli/program.js';
import { learnLaminaFilters } from '../../src/index.js';
import { loadScene } from '../../src/node.js';

describe('neurostream filters', () => {
  it('writes the learned L1/L2/L3 filters as JSON and SVG, and the SNR-adaptation figure', async () => {
    const out = mkdtempSync(join(tmpdir(), 'filters-'));
    const log = console.log;
    console.log = () => {};
    try {
      await buildProgram().parseAsync(
        ['filters', '--image', 'assets/natural/chelsea.png', '--out', out, '--memory', '20', '--horizon', '20', '--pixels', '6', '--rows', '4', '--steps', '400',
          '--snr-count', '20', '--snr-streams', '2', '--snr-steps', '400', '--snr-memory', '30', '--snr-horizon', '10'],
        { from: 'user' },
      );
    } finally {
      console.log = log;
    }
    const json = JSON.parse(readFileSync(join(out, 'filters.json'), 'utf8'));
    expect(json.format).toBe('neurostream.resu-filters');
    expect(json.filters.L3).toHaveLength(20);
    expect(json.filters.L1).toHaveLength(20);
    expect(json.filters.L2.map((v: number) => -v)).toEqual(json.filters.L1);
    // The fly's lamina route with the same scan gives the same filters.
    const f = learnLaminaFilters([loadScene('assets/natural/chelsea.png', { blur: 5.5 })], { memory: 20, horizon: 20, pixels: 6, rows: 4, steps: 400, noiseStd: 0.05, seed: 1 });
    expect(json.filters.L3).toEqual(Array.from(f.L3));
    expect(json.filters.L1).toEqual(Array.from(f.L1));
    expect(json.windows).toBe(f.windows);
    expect(json.correlations[0]).toBeGreaterThan(json.correlations[1]);
    expect(json.zeroFrequencyRatio.L1).toBeLessThan(json.zeroFrequencyRatio.L3);
    for (const f of ['filters.svg', 'snr-adaptation.svg']) {
      const svg = readFileSync(join(out, f), 'utf8');
      expect(svg.startsWith('<svg')).toBe(true);
      expect(svg).toContain('lag (samples before now)');
    }
    const snr = JSON.parse(readFileSync(join(out, 'snr-adaptation.json'), 'utf8'));
    expect(snr.sweep).toHaveLength(4);
    expect(snr.switches).toHaveLength(2);
  });

  it('refuses to run without a scene, naming the option', async () => {
    const out = mkdtempSync(join(tmpdir(), 'filters-'));
    await expect(buildProgram().parseAsync(['filters', '--out', out], { from: 'user' })).rejects.toThrow(/--image/);
    expect(existsSync(join(out, 'filters.json'))).toBe(false);
  });
});
