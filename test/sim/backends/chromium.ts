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

/**
 * Bundle modules for a page (esbuild, browser platform) into `dir/bundle.js`, beside an
 * `index.html` that loads it. The page defines `window.neurostreamRun(name, ...args)`: it calls
 * the default export of module `name` and resolves to the result as JSON text,
 * `{ ok: true, value }` or `{ ok: false, error }`.
 */
async function bundlePage(modules: Record<string, string>, dir: string): Promise<void> {
  const esbuild = await import('esbuild');
  const names = Object.keys(modules);
  await esbuild.build({
    stdin: {
      contents: `${names.map((n, k) => `import run${k} from ${JSON.stringify(resolve(modules[n]!))};`).join('\n')}
        const modules = { ${names.map((n, k) => `${JSON.stringify(n)}: run${k}`).join(', ')} };
        window.neurostreamRun = (name, ...args) => Promise.resolve().then(() => modules[name](...args)).then(
          (r) => JSON.stringify({ ok: true, value: r }),
          (e) => JSON.stringify({ ok: false, error: String(e && e.stack || e) }));`,
      resolveDir: process.cwd(),
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
}

/** The JSON text `neurostreamRun` resolved to, as the value it carries (or the page's error). */
function resultOf<T>(text: string): T {
  const res = JSON.parse(text) as { ok: boolean; value?: T; error?: string };
  if (!res.ok) throw new Error(`in Chromium: ${res.error}`);
  return res.value as T;
}

export async function runInChromium<T>(modulePath: string, options: ChromiumOptions = {}): Promise<T> {
  const chromium = findChromium();
  if (!chromium) throw new Error('no Chromium found (set CHROMIUM to its path)');
  const dir = mkdtempSync(join(tmpdir(), 'neurostream-chromium-'));
  try {
    await bundlePage({ run: modulePath }, dir);
    // The page writes the result into the DOM; `--dump-dom` prints the DOM once the page has loaded.
    writeFileSync(join(dir, 'dump.js'), `window.neurostreamRun('run', ...${JSON.stringify(options.args ?? [])}).then((t) => { document.getElementById('result').textContent = t; });`);
    writeFileSync(join(dir, 'index.html'), '<!doctype html><html><body><pre id="result">pending</pre><script src="bundle.js"></script><script src="dump.js"></script></body></html>');
    const r = spawnSync(chromium, [...chromiumFlags(join(dir, 'profile')), ...(options.flags ?? []), '--dump-dom', `file://${join(dir, 'index.html')}`], {
      encoding: 'utf8',
      timeout: options.timeoutMs ?? 120_000,
      maxBuffer: 64 * 2 ** 20,
    });
    const m = /<pre id="result">([\s\S]*?)<\/pre>/.exec(r.stdout ?? '');
    if (!m) throw new Error(`Chromium gave no result (status ${r.status}, signal ${r.signal}): ${(r.stderr ?? '').slice(-2000)}`);
    const text = m[1]!.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');
    if (text === 'pending') throw new Error('the page did not finish (still pending when Chromium dumped the DOM)');
    return resultOf<T>(text);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** One Chromium page holding bundled modules, called again and again (see `openChromiumPage`). */
export interface ChromiumPage {
  /** Call module `name`'s default export with JSON arguments in the page; its result comes back. */
  call<T>(name: string, args?: unknown[], timeoutMs?: number): Promise<T>;
  /** Close the browser and remove the page's files. */
  close(): Promise<void>;
}

/**
 * Open one headless Chromium page (through playwright-core) holding `modules` (name → path
 * of a module with a default export) and keep it for many calls: a suite that runs many
 * cases pays for the bundle, the browser start and the page's warm-up once, not per case.
 */
export async function openChromiumPage(modules: Record<string, string>): Promise<ChromiumPage> {
  const executable = findChromium();
  if (!executable) throw new Error('no Chromium found (set CHROMIUM to its path)');
  const dir = mkdtempSync(join(tmpdir(), 'neurostream-chromium-'));
  const { chromium } = await import('playwright-core');
  let browser: import('playwright-core').Browser | null = null;
  try {
    await bundlePage(modules, dir);
    const args = chromiumFlags(join(dir, 'profile')).filter((f) => f !== '--headless' && !f.startsWith('--user-data-dir'));
    browser = await chromium.launch({ executablePath: executable, headless: true, args });
    const page = await browser.newPage();
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await page.goto(`file://${join(dir, 'index.html')}`);
    const open = browser;
    return {
      async call<T>(name: string, args: unknown[] = [], timeoutMs = 120_000): Promise<T> {
        errors.length = 0;
        let timer: ReturnType<typeof setTimeout> | undefined;
        const late = new Promise<never>((_, reject) => {
          timer = setTimeout(() => reject(new Error(`Chromium: ${name}(${JSON.stringify(args)}) did not finish in ${timeoutMs} ms`)), timeoutMs);
        });
        try {
          const text = await Promise.race([page.evaluate(([n, a]) => (window as unknown as { neurostreamRun: (n: string, ...a: unknown[]) => Promise<string> }).neurostreamRun(n, ...a), [name, args] as const), late]);
          if (errors.length > 0) throw new Error(`page errors in Chromium: ${errors.join('; ')}`);
          return resultOf<T>(text);
        } finally {
          clearTimeout(timer);
        }
      },
      async close() {
        await open.close();
        rmSync(dir, { recursive: true, force: true });
      },
    };
  } catch (e) {
    await browser?.close();
    rmSync(dir, { recursive: true, force: true });
    throw e;
  }
}
