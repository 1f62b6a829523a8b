import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { createReadStream, existsSync, mkdirSync, mkdtempSync, statSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { extname, join, normalize } from 'node:path';
import { chromium, type Browser } from 'playwright-core';
import { execFileSync } from 'node:child_process';
import { chromiumFlags, findChromium } from '../sim/backends/chromium.js';

const executable = findChromium();
// CI installs Chromium (.ci/run); on a machine without it the test says so and is skipped.
if (!executable && !process.env.CI) console.warn('browser demo test skipped: no Chromium (apt-get install chromium)');
const run = executable || process.env.CI ? it : it.skip;

const TYPES: Record<string, string> = { '.html': 'text/html', '.js': 'text/javascript', '.css': 'text/css', '.png': 'image/png', '.json': 'application/json' };

/** A static file server on the loopback interface for the built page. */
function serve(root: string): Promise<{ server: Server; url: string }> {
  const server = createServer((req, res) => {
    const path = normalize(join(root, decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname)));
    const file = path.startsWith(root) && existsSync(path) && statSync(path).isFile() ? path : join(root, 'index.html');
    res.setHeader('content-type', TYPES[extname(file)] ?? 'application/octet-stream');
    createReadStream(file).pipe(res);
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => {
    const address = server.address() as { port: number };
    resolve({ server, url: `http://127.0.0.1:${address.port}/` });
  }));
}

describe('browser demo (web/)', () => {
  let browser: Browser | null = null;
  let server: Server | null = null;
  let url = '';

  beforeAll(async () => {
    if (!executable) return;
    const out = mkdtempSync(join(tmpdir(), 'neurostream-web-'));
    // Vite runs in its own process: its bundler's native binding does not load inside jest's VM.
    execFileSync(process.execPath, ['node_modules/vite/bin/vite.js', 'build', '--outDir', out, '--emptyOutDir', '--logLevel', 'error'], { stdio: 'inherit' });
    ({ server, url } = await serve(out));
    const profile = mkdtempSync(join(tmpdir(), 'neurostream-profile-'));
    const flags = chromiumFlags(profile).filter((f) => f !== '--headless' && !f.startsWith('--user-data-dir'));
    browser = await chromium.launch({ executablePath: executable, headless: true, args: flags });
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    server?.close();
  });

  run('streams the live circuit, and the displayed T4 DSI flips sign with the direction', async () => {
    expect(executable).not.toBeNull();
    const page = await browser!.newPage({ viewport: { width: 1320, height: 760 } });
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await page.goto(url, { timeout: 90_000 }); // the first page of a cold browser can take > 30 s on a loaded machine
    type State = { steps: number; dsi: Record<string, number>; tracesMoving: boolean };
    const state = () => page.evaluate(() => (window as unknown as { neurostream: State }).neurostream);
    // Traces move: the simulated step count grows while the page runs.
    await page.waitForFunction(() => ((window as unknown as { neurostream?: State }).neurostream?.steps ?? 0) > 600, undefined, { timeout: 60_000 });
    const a = await state();
    await page.waitForTimeout(500);
    const b = await state();
    expect(b.steps).toBeGreaterThan(a.steps);
    expect(b.tracesMoving).toBe(true);
    const before = b.dsi.T4a!;
    expect(before).toBeGreaterThan(0.1); // T4a prefers +1, the direction shown first
    await page.click('#direction');
    const flippedAt = (await state()).steps;
    await page.waitForFunction((s) => (window as unknown as { neurostream: State }).neurostream.steps > s + 600, flippedAt, { timeout: 60_000 });
    const after = (await state()).dsi.T4a!;
    expect(after).toBeLessThan(-0.1);
    expect(await page.textContent('#dsi-T4a')).toBe(after.toFixed(2));
    mkdirSync('out', { recursive: true });
    await page.screenshot({ path: 'out/web-demo.png' });
    expect(errors).toEqual([]);
  }, 180_000);

  run('the 2-D view draws the hexagonal eye and an arrow field of T4/T5 responses', async () => {
    expect(executable).not.toBeNull();
    const page = await browser!.newPage({ viewport: { width: 1320, height: 900 } });
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await page.goto(`${url}eye.html`, { timeout: 90_000 });
    type EyeState = { steps: number; arrows: number };
    const state = () => page.evaluate(() => (window as unknown as { neurostream2d: EyeState }).neurostream2d);
    await page.waitForFunction(() => ((window as unknown as { neurostream2d?: EyeState }).neurostream2d?.steps ?? 0) > 150, undefined, { timeout: 60_000 });
    const a = await state();
    await page.waitForTimeout(300);
    const b = await state();
    expect(b.steps).toBeGreaterThan(a.steps);
    // Radius 8: 169 columns carry detectors; most must show an arrow while the scene moves.
    expect(b.arrows).toBeGreaterThan(80);
    // The canvas holds grey hexagons (the scene) and red arrows.
    const pixels = await page.evaluate(() => {
      const c = document.getElementById('eye') as HTMLCanvasElement;
      const d = c.getContext('2d')!.getImageData(0, 0, c.width, c.height).data;
      let red = 0;
      let grey = 0;
      for (let k = 0; k < d.length; k += 4) {
        if (d[k + 3]! === 0) continue;
        if (d[k]! > 180 && d[k + 1]! < 90 && d[k + 2]! < 90) red++;
        else if (Math.abs(d[k]! - d[k + 1]!) < 3 && Math.abs(d[k + 1]! - d[k + 2]!) < 3) grey++;
      }
      return { red, grey };
    });
    expect(pixels.red).toBeGreaterThan(500);
    expect(pixels.grey).toBeGreaterThan(50_000);
    mkdirSync('out', { recursive: true });
    await page.screenshot({ path: 'out/web-eye.png' });
    expect(errors).toEqual([]);
  }, 180_000);
});
