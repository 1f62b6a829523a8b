import { DrosophilaMotion, Simulator, SUBTYPES, contrastScene, gpuMode, listBackends, type Subtype } from '../src/index.js';
import modelJson from '../models/drosophila-motion.json' with { type: 'json' };
import grassUrl from '../assets/natural/grass.png';
import { imageToGray } from './imageToGray.js';
import { pauseToggle } from './pauseToggle.js';
import { LiveStimulus } from './liveStimulus.js';
import { TracePlot } from './tracePlot.js';
import type { Subscription } from 'rxjs';

const $ = <T extends HTMLElement>(id: string) => document.getElementById(id) as T;
const COLORS: Record<string, string> = { L1: '#d62728', L2: '#1f77b4', L3: '#7f7f7f', T4a: '#e377c2', T4b: '#ff7f0e', T5a: '#17becf', T5b: '#2ca02c' };

/** What the page exposes for tests and for the curious (window.neurostream). */
interface PageState {
  steps: number;
  direction: 1 | -1;
  dsi: Record<Subtype, number>;
  backend: string;
  tracesMoving: boolean;
}

function start(): void {
  const fly = DrosophilaMotion.fromJSON(modelJson, 'models/drosophila-motion.json');
  const { circuit } = fly;
  const P = circuit.settings.pixels;
  const stim = new LiveStimulus(P);
  const state: PageState = { steps: 0, direction: 1, dsi: { T4a: 0, T4b: 0, T5a: 0, T5b: 0 }, backend: 'cpu', tracesMoving: false };
  (window as unknown as { neurostream: PageState }).neurostream = state;

  const backendSelect = $<HTMLSelectElement>('backend');
  for (const b of listBackends()) {
    if (!b.isAvailable()) continue;
    const o = document.createElement('option');
    o.value = b.name;
    o.textContent = b.name === 'gpu' ? `gpu (gpu.js ${gpuMode()})` : b.name;
    backendSelect.append(o);
  }
  backendSelect.value = 'cpu';

  const lamina = new TracePlot($('lamina'), ['L1', 'L2', 'L3'].map((n) => ({ name: n, color: COLORS[n]! })));
  const detectors = new TracePlot($('detectors'), SUBTYPES.map((n) => ({ name: n, color: COLORS[n]! })));
  const spacetime = $<HTMLCanvasElement>('spacetime');
  const running = { shown: new Float64Array(4), opposite: new Float64Array(4) };
  const centre = Math.floor(P / 2);

  let sim: Simulator;
  let sub: Subscription | null = null;
  const makeSim = () => {
    sub?.unsubscribe();
    sim = new Simulator(circuit.network, { dt: fly.dt, batch: 2, seed: 1, backend: backendSelect.value, checkFinite: 0 });
    sim.learning = false;
    state.backend = sim.backend.describe();
    sim.tick$.subscribe(() => {
      state.steps++;
      const L = circuit.lamina.state;
      lamina.push([L.L1![centre]!, L.L2![centre]!, L.L3![centre]!]);
      const means = SUBTYPES.map((s) => {
        const out = circuit.detectors[s].output;
        const n = circuit.detectors[s].size;
        let a = 0;
        let b = 0;
        for (let i = 0; i < n; i++) {
          a += out[i]!;
          b += out[n + i]!;
        }
        return [a / n, b / n] as const;
      });
      detectors.push(means.map((m) => m[0]));
      // Running means over about 2 s of simulated time.
      const k = fly.dt / 2;
      means.forEach(([a, b], s) => {
        running.shown[s] = running.shown[s]! + k * (a - running.shown[s]!);
        running.opposite[s] = running.opposite[s]! + k * (b - running.opposite[s]!);
      });
    });
    play();
  };
  const play = () => {
    sub?.unsubscribe();
    sub = sim.stream(stim, { speed: 1, frameMs: 16 }).subscribe({ error: (e: unknown) => ($('status').textContent = `error: ${(e as Error).message}`) });
  };

  // Controls
  const dirButton = $<HTMLButtonElement>('direction');
  dirButton.addEventListener('click', () => {
    stim.direction = stim.direction === 1 ? -1 : 1;
    state.direction = stim.direction;
    dirButton.dataset.direction = String(stim.direction);
    dirButton.textContent = stim.direction === 1 ? 'direction → (+1)' : 'direction ← (−1)';
    // Start the running means afresh: the DSI shown next comes from the new responses.
    running.shown.fill(0);
    running.opposite.fill(0);
  });
  const slider = (id: string, apply: (v: number) => string) => {
    const input = $<HTMLInputElement>(id);
    const show = () => ($(`${id}-value`).textContent = apply(Number(input.value)));
    input.addEventListener('input', show);
    show();
  };
  slider('frequency', (v) => ((stim.temporalFrequency = v), `${v} Hz`));
  slider('wavelength', (v) => ((stim.wavelength = v), `${v} receptors`));
  slider('contrast', (v) => ((stim.contrast = v), v.toFixed(1)));
  $<HTMLSelectElement>('kind').addEventListener('change', (e) => (stim.kind = (e.target as HTMLSelectElement).value as 'grating' | 'scene'));
  backendSelect.addEventListener('change', makeSim);
  pauseToggle($<HTMLButtonElement>('pause'), {
    running: () => sub !== null,
    play,
    stop: () => {
      sub?.unsubscribe();
      sub = null;
    },
  });

  // The DSI table
  const table = $('dsi-table');
  const cells = SUBTYPES.map((s) => {
    const tr = document.createElement('tr');
    tr.innerHTML = `<td>${s}</td><td class="value" id="dsi-${s}">0.00</td><td><div class="bar"></div></td>`;
    table.append(tr);
    return { value: tr.querySelector('td.value') as HTMLElement, bar: tr.querySelector('.bar') as HTMLElement };
  });

  imageToGray(grassUrl).then((g) => (stim.scene = contrastScene(g, {}, 'grass.png'))).catch(() => undefined);

  let lastSteps = 0;
  const render = () => {
    lamina.draw();
    detectors.draw();
    drawStimulus($<HTMLCanvasElement>('stimulus'), stim.shown);
    scrollSpacetime(spacetime, stim.shown);
    SUBTYPES.forEach((s, k) => {
      const a = running.shown[k]!;
      const b = running.opposite[k]!;
      const dsi = a + b > 1e-9 ? (a - b) / (a + b) : 0;
      state.dsi[s] = dsi;
      cells[k]!.value.textContent = dsi.toFixed(2);
      cells[k]!.bar.style.width = `${Math.abs(dsi) * 120}px`;
      cells[k]!.bar.className = dsi < 0 ? 'bar negative' : 'bar';
    });
    state.tracesMoving = state.steps > lastSteps;
    lastSteps = state.steps;
    $('steps').textContent = String(state.steps);
    $('sim-time').textContent = (state.steps * fly.dt).toFixed(2);
    requestAnimationFrame(render);
  };
  $('dt').textContent = (fly.dt * 1000).toFixed(1);
  $('status').textContent = `trained model loaded: ${P} receptors, ${fly.training?.scenes.length ?? '?'} training images · ${state.backend}`;
  makeSim();
  $('status').textContent = `trained model loaded: ${P} receptors, ${fly.training?.scenes.length ?? '?'} training images · ${state.backend}`;
  requestAnimationFrame(render);
}

function drawStimulus(canvas: HTMLCanvasElement, row: Float32Array): void {
  const ctx = canvas.getContext('2d')!;
  const w = canvas.width / row.length;
  row.forEach((v, i) => {
    const g = Math.max(0, Math.min(255, Math.round(128 + 60 * v)));
    ctx.fillStyle = `rgb(${g},${g},${g})`;
    ctx.fillRect(i * w, 0, Math.ceil(w), canvas.height);
  });
}

function scrollSpacetime(canvas: HTMLCanvasElement, row: Float32Array): void {
  const ctx = canvas.getContext('2d')!;
  ctx.drawImage(canvas, 0, 1);
  const w = canvas.width / row.length;
  row.forEach((v, i) => {
    const g = Math.max(0, Math.min(255, Math.round(128 + 60 * v)));
    ctx.fillStyle = `rgb(${g},${g},${g})`;
    ctx.fillRect(i * w, 0, Math.ceil(w), 1);
  });
}

start();
