import { describe, expect, it } from '@jest/globals';
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** Run a TypeScript file as a user would (`npx tsx file`), returning its output. */
function runTs(file: string): string {
  return execFileSync(process.execPath, ['--import', 'tsx', file], { encoding: 'utf8', timeout: 170_000, stdio: ['ignore', 'pipe', 'pipe'] });
}

// What each example must print: a check that it did its job, not just that it exited.
const EXPECT: Record<string, RegExp> = {
  'compose-circuit.ts': /cortex: [\d.]+ Hz, \d+ spikes; input→cortex weights moved by [\d.]+[\s\S]*live tick \d+/,
  'motion-selectivity.ts': /T4a: DSI 0\.\d\d \(prefers \+1\)[\s\S]*T4b: DSI -0\.\d\d \(prefers −1\)[\s\S]*T4a tuning:/,
  'custom-plasticity.ts': /BCM weights after 20 s: \[[\d., ]+\], selectivity 0\.[6-9]/,
  'equation-model.ts': /integration method: rk4[\s\S]*spikes/,
  'nir-roundtrip.ts': /spikes \(hidden, out\): original [1-9]\d*, [1-9]\d*; after export and import [1-9]\d*, [1-9]\d*; identical/,
};

describe('examples/ run as written', () => {
  const files = readdirSync('examples').filter((f) => f.endsWith('.ts')).sort();
  it('has an expectation for every example', () => {
    expect(files.sort()).toEqual(Object.keys(EXPECT).sort());
  });
  for (const f of files) {
    it(f, () => {
      expect(runTs(join('examples', f))).toMatch(EXPECT[f]!);
    }, 180_000);
  }
});

describe('README code runs as written', () => {
  const blocks = [...readFileSync('README.md', 'utf8').matchAll(/```ts\n([\s\S]*?)```/g)].map((m) => m[1]!);
  it('has TypeScript blocks', () => {
    expect(blocks.length).toBeGreaterThan(0);
  });
  blocks.forEach((code, k) => {
    it(`block ${k + 1}: ${code.split('\n')[0]}`, () => {
      // Inside the repository, so 'neurostream' resolves through tsconfig paths as the package would.
      mkdirSync('examples/.readme', { recursive: true });
      const file = join('examples/.readme', `block${k + 1}.ts`);
      writeFileSync(file, code);
      runTs(file);
    }, 180_000);
  });
});
