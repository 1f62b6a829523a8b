import { describe, expect, it } from '@jest/globals';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

describe("the root entry 'neurostream'", () => {
  it('imports no Node built-in statically, so it bundles for browsers (Node-only code is in neurostream/node)', () => {
    const dir = mkdtempSync(join(tmpdir(), 'neurostream-meta-'));
    const meta = join(dir, 'meta.json');
    execFileSync('node_modules/.bin/esbuild', ['src/index.ts', '--bundle', '--platform=browser', '--format=esm', '--external:node:*', `--metafile=${meta}`, `--outfile=${join(dir, 'out.js')}`, '--log-level=error']);
    const inputs = JSON.parse(readFileSync(meta, 'utf8')).inputs as Record<string, { imports: { path: string; kind: string }[] }>;
    // Walk the static imports from the entry; files reached only through import() are
    // loaded on demand (saving, plotting to a file) and may use Node.
    const reached = new Set<string>();
    const walk = (file: string) => {
      if (reached.has(file) || !inputs[file]) return;
      reached.add(file);
      for (const x of inputs[file]!.imports) if (x.kind === 'import-statement' && !x.path.startsWith('node:')) walk(x.path);
    };
    walk('src/index.ts');
    expect(reached.size).toBeGreaterThan(50);
    const statics = [...reached].flatMap((file) => inputs[file]!.imports.filter((x) => x.path.startsWith('node:') && x.kind === 'import-statement').map((x) => `${file} → ${x.path}`));
    expect(statics).toEqual([]);
  });
});
