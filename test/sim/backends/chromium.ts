import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';

/**
 * Run a module in headless Chromium, where gpu.js uses WebGL2 (on SwiftShader, a software
 * GPU: right for parity, not for speed). The module's default export is a function that
 * returns (or resolves to) something JSON can carry; that value comes back here.
 *
 * How: esbuild bundles the module for the browser (gpu.js resolves to its browser build),
 * a page runs it and writes the JSON into the DOM, and `chromium --dump-dom` prints the
 * DOM after the page loaded. No driver package needed. Reusable by the browser demo.
 */

/** Chromium's path: $CHROMIUM, or a Debian/Ubuntu/Chrome install; null when none. */
export function findChromium(): string | null {
  const candidates = [process.env.CHROMIUM, '/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome'];
  for (const c of candidates) if (c && existsSync(c)) return c;
  return null;
}

export interface ChromiumOptions {
  /** Wall-clock limit for Chromium (default 120 s). */
  timeoutMs?: number;
  /** Extra Chromium flags. */
  flags?: string[];
  /** Arguments for the module's default export (JSON values). */
  args?: unknown[];
}

/** Flags for WebGL on SwiftShader in a throwaway profile with nothing phoning home. */
export function chromiumFlags(profile: string): string[] {
  return [
    '--headless',
    '--no-sandbox',
    '--use-angle=swiftshader',
    '--enable-unsafe-swiftshader',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
    '--no-first-run',
    '--allow-file-access-from-files',
    `--user-data-dir=${profile}`,
  ];
}

/**
 * Whether Chromium starts here and offers WebGL2 (a quick page, a few seconds): the
 * browser test runs only where this holds, so CI without a working browser skips it.
 */
export function chromiumHasWebGL2(timeoutMs = 60_000): boolean {
  const chromium = findChromium();
  if (!chromium) return false;
  const dir = mkdtempSync(join(tmpdir(), 'neurostream-chromium-'));
  try {
    writeFileSync(join(dir, 'index.html'), `<!doctype html><pre id="result">pending</pre><script>
      document.getElementById('result').textContent = document.createElement('canvas').getContext('webgl2') ? 'webgl2' : 'none';
    </script>`);
    const r = spawnSync(chromium, [...chromiumFlags(join(dir, 'profile')), '--dump-dom', `file://${join(dir, 'index.html')}`], { encoding: 'utf8', timeout: timeoutMs });
    return /<pre id="result">webgl2<\/pre>/.test(r.stdout ?? '');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

export async function runInChromium<T>(modulePath: string, options: ChromiumOptions = {}): Promise<T> {
  const chromium = findChromium();
  if (!chromium) throw new Error('no Chromium found (set CHROMIUM to its path)');
  const esbuild = await import('esbuild');
  const dir = mkdtempSync(join(tmpdir(), 'neurostream-chromium-'));
  try {
    const entry = resolve(modulePath);
    await esbuild.build({
      stdin: {
        contents: `import run from ${JSON.stringify(entry)};
          const out = document.getElementById('result');
          Promise.resolve().then(() => run(...${JSON.stringify(options.args ?? [])})).then(
            (r) => { out.textContent = JSON.stringify({ ok: true, value: r }); },
            (e) => { out.textContent = JSON.stringify({ ok: false, error: String(e && e.stack || e) }); });`,
        resolveDir: dirname(entry),
        loader: 'ts',
      },
      bundle: true,
      platform: 'browser',
      format: 'iife',
      target: 'es2022',
      outfile: join(dir, 'bundle.js'),
      logLevel: 'error',
      // Node-only modules (file loaders) may sit in the import graph; in the page they are stubs that throw if used.
      plugins: [{
        name: 'node-builtins',
        setup(build) {
          build.onResolve({ filter: /^node:/ }, (a) => ({ path: a.path, namespace: 'node-stub' }));
          build.onLoad({ filter: /.*/, namespace: 'node-stub' }, (a) => ({
            contents: `module.exports = new Proxy({}, { get: (_, k) => k === '__esModule' ? false : () => { throw new Error(${JSON.stringify(a.path)} + ' is not available in the browser'); } });`,
            loader: 'js',
          }));
        },
      }],
    });
    writeFileSync(join(dir, 'index.html'), '<!doctype html><html><body><pre id="result">pending</pre><script src="bundle.js"></script></body></html>');
    const r = spawnSync(chromium, [...chromiumFlags(join(dir, 'profile')), ...(options.flags ?? []), '--dump-dom', `file://${join(dir, 'index.html')}`], {
      encoding: 'utf8',
      timeout: options.timeoutMs ?? 120_000,
      maxBuffer: 64 * 2 ** 20,
    });
    const m = /<pre id="result">([\s\S]*?)<\/pre>/.exec(r.stdout ?? '');
    if (!m) throw new Error(`Chromium gave no result (status ${r.status}, signal ${r.signal}): ${(r.stderr ?? '').slice(-2000)}`);
    const text = m[1]!.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');
    if (text === 'pending') throw new Error('the page did not finish (still pending when Chromium dumped the DOM)');
    const res = JSON.parse(text) as { ok: boolean; value?: T; error?: string };
    if (!res.ok) throw new Error(`in Chromium: ${res.error}`);
    return res.value as T;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
