import { describe, expect, it } from '@jest/globals';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';

/**
 * The layers of src/, bottom up. A file may import from its own layer and the layers below;
 * sim/ (network, simulator, backends) sits above them, and circuits, analyses, stimuli, the
 * CLI and file formats above sim/. Type-only and dynamic imports count too.
 */
const BELOW_SIM: Record<string, readonly string[]> = {
  core: ['core'],
  math: ['core', 'math'],
  neurons: ['core', 'math', 'neurons'],
  synapses: ['core', 'math', 'synapses'],
  plasticity: ['core', 'math', 'neurons', 'synapses', 'plasticity'],
};

/** sim/ builds on everything below it and on nothing above it. */
const SIM: readonly string[] = [...BELOW_SIM.plasticity!, 'sim'];

/** The command line is imported only by itself and by sweeps (which run CLI commands as jobs). */
const CLI_USERS: readonly string[] = ['cli', 'sweep'];

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? files(path) : path.endsWith('.ts') ? [path] : [];
  });
}

/** Relative module specifiers of a file: import/export … from '…', import('…'). */
function importsOf(source: string): string[] {
  const specs: string[] = [];
  for (const m of source.matchAll(/(?:^|\n)\s*(?:import|export)\b[^'";]*?\bfrom\s*'([^']+)'|import\(\s*'([^']+)'\s*\)|(?:^|\n)\s*import\s*'([^']+)'/g)) {
    const spec = m[1] ?? m[2] ?? m[3];
    if (spec?.startsWith('.')) specs.push(spec);
  }
  return specs;
}

describe('layers of src/', () => {
  const src = resolve('src');

  it('no file below sim/ imports from sim/ or anything above it', () => {
    const upward: string[] = [];
    for (const [layer, allowed] of Object.entries(BELOW_SIM)) {
      for (const file of files(join(src, layer))) {
        for (const spec of importsOf(readFileSync(file, 'utf8'))) {
          const target = relative(src, resolve(dirname(file), spec)).split(/[\\/]/)[0]!;
          if (!allowed.includes(target)) upward.push(`${relative(src, file)} → ${spec}`);
        }
      }
    }
    expect(upward).toEqual([]);
  });

  it('sim/ imports nothing above it, and only cli/ and sweep/ import cli/', () => {
    const wrong: string[] = [];
    for (const file of files(src)) {
      const from = relative(src, file).split(/[\\/]/)[0]!;
      for (const spec of importsOf(readFileSync(file, 'utf8'))) {
        const target = relative(src, resolve(dirname(file), spec)).split(/[\\/]/)[0]!;
        if (from === 'sim' && !SIM.includes(target)) wrong.push(`${relative(src, file)} → ${spec}`);
        if (target === 'cli' && !CLI_USERS.includes(from)) wrong.push(`${relative(src, file)} → ${spec}`);
      }
    }
    expect(wrong).toEqual([]);
  });

  it('web/ (the demo pages, a user of the package) imports src/ only through the public entry', () => {
    const web = resolve('web');
    const inner: string[] = [];
    for (const file of files(web)) {
      for (const spec of importsOf(readFileSync(file, 'utf8'))) {
        const target = relative(src, resolve(dirname(file), spec));
        if (!target.startsWith('..') && target !== 'index.js') inner.push(`${relative(web, file)} → ${spec}`);
      }
    }
    expect(inner).toEqual([]);
  });

  it('reads import lines (it sees an upward import when there is one)', () => {
    expect(importsOf("import type { Projection } from '../sim/Projection.js';\nconst x = await import('../sim/serialize.js');")).toEqual(['../sim/Projection.js', '../sim/serialize.js']);
    expect(importsOf("export { a,\n  b } from './a.js';\nimport './side.js';")).toEqual(['./a.js', './side.js']);
  });
});
