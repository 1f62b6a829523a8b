import { describe, expect, it } from '@jest/globals';
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** Run a TypeScript file as a user would (`npx tsx file`), returning its output. */
function runTs(file: string): string {
  return execFileSync(process.execPath, ['--import', 'tsx', file], { encoding: 'utf8', timeout: 170_000, stdio: ['ignore', 'pipe', 'pipe'] });
}

/** Numbers in a string, in order. */
const numbers = (s: string) => Array.from(s.matchAll(/-?\d+(?:\.\d+)?/g), (m) => Number(m[0]));

/** The lines a program printed that match `re`, each as its capture groups (the test fails if none). */
function lines(out: string, re: RegExp): string[][] {
  const found = out.split('\n').flatMap((l) => {
    const m = l.match(re);
    return m ? [m.slice(1)] : [];
  });
  expect(found.length).toBeGreaterThan(0);
  return found;
}

// What each example must print, and what its numbers must say: a check that it did its job
// (the claims beside the code), not just that it exited.
const EXPECT: Record<string, (out: string) => void> = {
  'compose-circuit.ts': (out) => {
    const [[hz, count, moved]] = lines(out, /^cortex: ([\d.]+) Hz, (\d+) spikes; input→cortex weights moved by ([\d.]+) in total$/) as [[string, string, string]];
    expect(Number(count)).toBeGreaterThan(0);
    expect(Math.abs(Number(count) / 400 / 1 - Number(hz))).toBeLessThanOrEqual(0.05); // 400 cells, 1 s: the monitor and meanRate agree
    expect(Number(moved)).toBeGreaterThan(0); // STDP moved the weights
    const bins = numbers(lines(out, /^population rate in 10 ms bins: ([\d ]+) …$/)[0]![0]!);
    expect(bins).toHaveLength(10);
    // The live stream goes on from where the 1 s run stopped (10,000 steps of 0.1 ms), step by step.
    const ticks = lines(out, /^live tick (\d+) at t = ([\d.]+) s$/).map(([step, t]) => [Number(step), Number(t)] as const);
    expect(ticks.map(([step]) => step)).toEqual([10000, 10001, 10002]);
    for (const [step, t] of ticks) expect(t).toBeCloseTo((step + 1) * 1e-4, 4);
  },
  'motion-selectivity.ts': (out) => {
    const dsi = Object.fromEntries(lines(out, /^(T[45][ab]): DSI (-?[\d.]+) \(prefers ([+−]1)\)$/).map(([s, d, pd]) => [s, { dsi: Number(d), pd }]));
    expect(Object.keys(dsi).sort()).toEqual(['T4a', 'T4b', 'T5a', 'T5b']);
    for (const s of ['T4a', 'T5a']) expect(dsi[s]).toEqual({ dsi: expect.any(Number), pd: '+1' });
    for (const s of ['T4b', 'T5b']) expect(dsi[s]).toEqual({ dsi: expect.any(Number), pd: '−1' });
    for (const s of ['T4a', 'T5a']) expect(dsi[s]!.dsi).toBeGreaterThan(0.1);
    for (const s of ['T4b', 'T5b']) expect(dsi[s]!.dsi).toBeLessThan(-0.1);
    // The tuning curve at 8 Hz is the measurement printed above; the pathway is band-pass.
    const curve = numbers(lines(out, /^T4a tuning: (.*)$/)[0]![0]!);
    const tf = curve.filter((_, k) => k % 2 === 0);
    const d = curve.filter((_, k) => k % 2 === 1);
    expect(tf).toEqual([1, 2, 4, 8, 16]);
    expect(d[3]).toBe(dsi.T4a!.dsi);
    expect(Math.max(...d)).toBeGreaterThan(Math.max(d[0]!, d[4]!));
  },
  'custom-plasticity.ts': (out) => {
    const [w0, w1, selectivity] = numbers(lines(out, /^BCM weights after 20 s: \[([\d.]+, [\d.]+)\], selectivity ([\d.]+)$/)[0]!.join(' ')) as [number, number, number];
    expect(selectivity).toBeGreaterThanOrEqual(0.6);
    expect(Math.abs(Math.abs(w0 - w1) / (w0 + w1) - selectivity)).toBeLessThan(0.01); // printed weights are rounded
  },
  'equation-model.ts': (out) => {
    expect(lines(out, /^integration method: (\w+)$/)[0]).toEqual(['rk4']);
    const cells = lines(out, /^ {2}cell (\d): (\d+) spikes; first ISI ([\d.]+) ms, last ([\d.]+) ms \(adaptation\)$/).map((c) => c.map(Number));
    expect(cells).toHaveLength(6); // three cells on cpu, the same three on gpu
    expect(cells.slice(3)).toEqual(cells.slice(0, 3)); // gpu = cpu, as printed
    const [a, b, c] = cells as [number[], number[], number[]];
    expect(a[1]! < b[1]! && b[1]! < c[1]!).toBe(true); // more current, more spikes
    for (const [, n, first, last] of cells) {
      expect(n).toBeGreaterThan(2);
      expect(last).toBeGreaterThan(first!); // adaptation
    }
    expect(out).toMatch(/^UnitMismatchError: defineModel\.equations\[0\]: .* differ: volt\/second vs amp$/m);
  },
  'nir-roundtrip.ts': (out) => {
    const [[a, b, c, d]] = lines(out, /^spikes \(hidden, out\): original (\d+), (\d+); after export and import (\d+), (\d+); identical$/);
    expect(Number(a)).toBeGreaterThan(0);
    expect(Number(b)).toBeGreaterThan(0);
    expect([c, d]).toEqual([a, b]);
    expect(out).toMatch(/^wrote \d+ bytes of NIR [\d.]+: .*hidden \(LIF\).*out \(LIF\).*out\.out \(Output\)$/m);
  },
};

// What each README block must print, found by a line of its code: the claims in its comments.
const README_EXPECT: { readonly code: RegExp; readonly check: (out: string) => void }[] = [
  {
    code: /new SpikeMonitor\('cortex'\)/,
    check: (out) => {
      const [[hz, count]] = lines(out, /^([\d.]+) Hz, (\d+) spikes$/);
      expect(Number(count)).toBeGreaterThan(0);
      expect(Math.abs(Number(count) / 400 - Number(hz))).toBeLessThanOrEqual(0.05); // 400 cells for 1 s
    },
  },
  {
    code: /DrosophilaMotion\.load\('models\/drosophila-motion\.json'\)/,
    check: (out) => {
      const dsi = Object.fromEntries(lines(out, /^(T[45][ab]) (-?[\d.]+)$/).map(([s, d]) => [s, Number(d)]));
      expect(Object.keys(dsi).sort()).toEqual(['T4a', 'T4b', 'T5a', 'T5b']);
      // T4a/T5a > 0, T4b/T5b < 0
      expect(dsi.T4a).toBeGreaterThan(0);
      expect(dsi.T5a).toBeGreaterThan(0);
      expect(dsi.T4b).toBeLessThan(0);
      expect(dsi.T5b).toBeLessThan(0);
    },
  },
  {
    code: /function rewardHebb/,
    check: (out) => {
      const [w0, w1] = numbers(lines(out, /^\[ '([\d.]+)', '([\d.]+)' \]$/)[0]!.join(' ')) as [number, number];
      expect(w0).toBeGreaterThan(0.5); // input 0's weight grew
      expect(w1).toBe(0.5); // input 1's did not
    },
  },
];

describe('examples/ run as written', () => {
  const files = readdirSync('examples').filter((f) => f.endsWith('.ts')).sort();
  it('has an expectation for every example', () => {
    expect(files.sort()).toEqual(Object.keys(EXPECT).sort());
  });
  for (const f of files) {
    it(f, () => {
      EXPECT[f]!(runTs(join('examples', f)));
    }, 180_000);
  }
});

describe('README code runs as written', () => {
  const blocks = [...readFileSync('README.md', 'utf8').matchAll(/```ts\n([\s\S]*?)```/g)].map((m) => m[1]!);
  it('has TypeScript blocks, each with one check of what it prints', () => {
    expect(blocks.length).toBeGreaterThan(0);
    expect(blocks.map((code) => README_EXPECT.filter((e) => e.code.test(code)).length)).toEqual(blocks.map(() => 1));
  });
  blocks.forEach((code, k) => {
    it(`block ${k + 1}: ${code.split('\n')[0]}`, () => {
      // Inside the repository, so 'neurostream' resolves through tsconfig paths as the package would.
      mkdirSync('examples/.readme', { recursive: true });
      const file = join('examples/.readme', `block${k + 1}.ts`);
      writeFileSync(file, code);
      const out = runTs(file);
      for (const e of README_EXPECT) if (e.code.test(code)) e.check(out);
    }, 180_000);
  });
});
