import { afterAll, beforeAll, describe, expect, it, jest } from '@jest/globals';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DrosophilaMotion } from '../../src/index.js';
import { main } from '../../src/cli/program.js';

/**
 * Issue 14, CLI and paths: `neurostream fly --load` run from a folder that is not the
 * package's. It must find the package's model file, train nothing (not even the lagged
 * comparison), and report the natural-scene DSI on a scene that training never saw, naming
 * the scene and the speeds.
 */
describe('neurostream fly --load from any folder', () => {
  const home = process.cwd();
  const dir = mkdtempSync(join(tmpdir(), 'i14-fly-load-'));
  const lines: string[] = [];
  let trainCalls = 0;
  let results: {
    command: string;
    heldOut: { label: string; inTraining: boolean; speeds: { pxPerStep: number; receptorsPerSecond: number; degreesPerSecond: number }[] };
    training: { scenes: string[] };
    variants: unknown[];
  };

  beforeAll(async () => {
    const train = ['train', 'trainLamina', 'trainDetectors'].map((m) => jest.spyOn(DrosophilaMotion.prototype, m as 'train'));
    const log = console.log;
    console.log = (s: string) => lines.push(String(s));
    process.chdir(dir);
    try {
      await main(['node', 'neurostream', 'fly', '--load', '--no-2d', '--quiet', '--out', 'out']);
    } finally {
      process.chdir(home);
      console.log = log;
      trainCalls = train.reduce((n, t) => n + t.mock.calls.length, 0);
      train.forEach((t) => t.mockRestore());
    }
    results = JSON.parse(readFileSync(join(dir, 'out', 'fly-results.json'), 'utf8'));
  }, 600_000);
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it("resolves the default --model to the package's models/ folder", () => {
    expect(lines.join('\n')).toMatch(/loaded .*models\/drosophila-motion\.json/);
    expect(results.training.scenes.length).toBeGreaterThan(0);
  });

  it('trains nothing with --load: the lagged comparison is skipped and says so', () => {
    expect(trainCalls).toBe(0);
    expect(results.variants).toHaveLength(1);
    expect(lines.join('\n')).toMatch(/lagged .*skipped with --load/);
  });

  it('measures the scene DSI on a scene left out of training, and says which speeds', () => {
    expect(results.heldOut.inTraining).toBe(false);
    expect(results.training.scenes).not.toContain(results.heldOut.label);
    expect(results.heldOut.speeds.map((s) => s.pxPerStep)).toEqual([0.5, 1, 2]);
    for (const s of results.heldOut.speeds) expect(s.degreesPerSecond).toBeCloseTo((s.receptorsPerSecond * 5), 6);
    const table = lines.join('\n');
    expect(table).toContain(`scene DSI on ${results.heldOut.label} (held out of training)`);
    expect(table).toMatch(/0\.5 px\/step = [\d.]+ receptors\/s = \d+°\/s/);
    expect(readFileSync(join(dir, 'out', 'report.md'), 'utf8')).toContain(`Scene DSI: ${results.heldOut.label}, held out of training`);
  });

  it('fly-results.json names the command line main() was given, not the process argv (under jest: the test runner)', () => {
    expect(results.command).toBe('neurostream fly --load --no-2d --quiet --out out');
  });

  it('with the default command implied (no command name given), the record names it', async () => {
    const log = console.log;
    console.log = () => {};
    process.chdir(dir);
    try {
      await main(['node', 'neurostream', '--load', '--no-2d', '--quiet', '--out', 'out-default']);
    } finally {
      process.chdir(home);
      console.log = log;
    }
    expect(JSON.parse(readFileSync(join(dir, 'out-default', 'fly-results.json'), 'utf8')).command).toBe('neurostream fly --load --no-2d --quiet --out out-default');
  }, 600_000);
});
