import { DrosophilaMotion2d, SUBTYPES_2D, Simulator, cardinalDirection, contrastImage } from '../src/index.js';
import modelJson from '../models/drosophila-motion-2d.json' with { type: 'json' };
import grassUrl from '../assets/natural/grass.png';
import { HexView } from './hexView.js';
import { imageToGray } from './imageToGray.js';
import { pauseToggle } from './pauseToggle.js';
import { LiveHexStimulus } from './liveHexStimulus.js';
import type { Subscription } from 'rxjs';

const $ = <T extends HTMLElement>(id: string) => document.getElementById(id) as T;

/** What the page exposes for tests and for the curious (window.neurostream2d). */
interface EyePageState {
  steps: number;
  /** Arrows longer than a pixel in the last drawn frame. */
  arrows: number;
  /** Direction (degrees) of the summed arrows over the whole eye, and the direction shown. */
  decoded: number;
  direction: number;
}

async function start(): Promise<void> {
  // The trained filters are shared by all columns, so the same model runs on a larger eye.
  const fly = DrosophilaMotion2d.fromJSON(modelJson, 'models/drosophila-motion-2d.json').withRadius(8);
  const { circuit } = fly;
  const { eye, units } = circuit;
  const stim = new LiveHexStimulus(eye);
  stim.image = contrastImage(await imageToGray(grassUrl), {}, 'grass.png');
  const state: EyePageState = { steps: 0, arrows: 0, decoded: Number.NaN, direction: stim.direction };
  (window as unknown as { neurostream2d: EyePageState }).neurostream2d = state;

  // Per subtype and column, a running mean of the response over about half a second.
  const running = SUBTYPES_2D.map(() => new Float64Array(units.length));
  const unit = SUBTYPES_2D.map((s) => [Math.cos((cardinalDirection(s) * Math.PI) / 180), Math.sin((cardinalDirection(s) * Math.PI) / 180)] as const);
  const sim = new Simulator(circuit.network, { dt: fly.dt, batch: 1, seed: 1, checkFinite: 0 });
  sim.learning = false;
  const k = Math.min(1, fly.dt / 0.5);
  sim.tick$.subscribe(() => {
    state.steps++;
    SUBTYPES_2D.forEach((s, j) => {
      const out = circuit.detectors[s].output;
      const r = running[j]!;
      for (let u = 0; u < r.length; u++) r[u] = r[u]! + k * (out[u]! - r[u]!);
    });
  });
  let sub: Subscription | null = null;
  const play = () => {
    sub?.unsubscribe();
    sub = sim.stream(stim, { speed: 1, frameMs: 16 }).subscribe({ error: (e: unknown) => ($('status').textContent = `error: ${(e as Error).message}`) });
  };

  const slider = (id: string, apply: (v: number) => string) => {
    const input = $<HTMLInputElement>(id);
    const show = () => ($(`${id}-value`).textContent = apply(Number(input.value)));
    input.addEventListener('input', show);
    show();
  };
  slider('direction2d', (v) => ((stim.direction = v), (state.direction = v), `${v}°`));
  slider('speed2d', (v) => ((stim.speedDeg = v), `${v}°/s`));
  slider('wavelength2d', (v) => ((stim.wavelength = v), `${v} columns (${(v * eye.spacingDeg).toFixed(0)}°)`));
  $<HTMLSelectElement>('kind2d').addEventListener('change', (e) => (stim.kind = (e.target as HTMLSelectElement).value as 'grating' | 'scene'));
  pauseToggle($<HTMLButtonElement>('pause2d'), {
    running: () => sub !== null,
    play,
    stop: () => {
      sub?.unsubscribe();
      sub = null;
    },
  });

  const view = new HexView($<HTMLCanvasElement>('eye'), eye);
  const u = new Float64Array(units.length);
  const v = new Float64Array(units.length);
  const render = () => {
    let su = 0;
    let sv = 0;
    for (let c = 0; c < units.length; c++) {
      let a = 0;
      let b = 0;
      SUBTYPES_2D.forEach((_, j) => {
        a += running[j]![c]! * unit[j]![0];
        b += running[j]![c]! * unit[j]![1];
      });
      u[c] = a;
      v[c] = b;
      su += a;
      sv += b;
    }
    view.draw(stim.shown, units, u, v);
    state.arrows = view.arrowsDrawn;
    state.decoded = su === 0 && sv === 0 ? Number.NaN : ((Math.atan2(sv, su) * 180) / Math.PI + 360) % 360;
    $('decoded').textContent = Number.isNaN(state.decoded) ? '—' : `${state.decoded.toFixed(0)}°`;
    $('steps2d').textContent = String(state.steps);
    requestAnimationFrame(render);
  };
  $('status').textContent = `trained 2-D model loaded: ${eye.size} columns (radius ${eye.radius}, ${eye.spacingDeg}° apart), ${units.length} × 8 detectors, one step = ${(fly.dt * 1000).toFixed(0)} ms`;
  play();
  requestAnimationFrame(render);
}

start().catch((e: unknown) => ($('status').textContent = `error: ${(e as Error).message}`));
