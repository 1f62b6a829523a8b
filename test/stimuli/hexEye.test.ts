import { describe, expect, it } from '@jest/globals';
import { axisNeighbours, hexEye } from '../../src/stimuli/hexEye.js';
import { hexGratings } from '../../src/stimuli/hexGratings.js';
import { hexEdges } from '../../src/stimuli/hexEdges.js';
import { contrastImage, hexSceneMotion } from '../../src/stimuli/hexSceneMotion.js';
import { gratings } from '../../src/stimuli/gratings.js';
import { SpecError } from '../../src/core/errors.js';

const frame = (s: { frame: (...a: any[]) => void }, step: number, dt: number, width: number, batch = 1) => {
  const out = new Float32Array(width * batch);
  s.frame(step, dt, out, width, batch);
  return out;
};

describe('hexEye', () => {
  it('has 3R(R+1)+1 columns (721 at radius 15) with unique positions one spacing from each neighbour', () => {
    expect(hexEye(0).size).toBe(1);
    expect(hexEye(15).size).toBe(721);
    const eye = hexEye(4);
    const seen = new Set<string>();
    for (let i = 0; i < eye.size; i++) {
      seen.add(`${eye.x[i]!.toFixed(6)},${eye.y[i]!.toFixed(6)}`);
      expect(eye.index(eye.q[i]!, eye.r[i]!)).toBe(i);
      eye.neighbours(i).forEach((n, k) => {
        if (n < 0) {
          expect(eye.ring(i)).toBe(4);
          return;
        }
        expect(Math.hypot(eye.x[n]! - eye.x[i]!, eye.y[n]! - eye.y[i]!)).toBeCloseTo(1, 12);
        const angle = (Math.atan2(eye.y[n]! - eye.y[i]!, eye.x[n]! - eye.x[i]!) * 180) / Math.PI;
        expect(Math.abs((((angle - 60 * k) % 360) + 540) % 360 - 180)).toBeLessThan(1e-9);
      });
    }
    expect(seen.size).toBe(eye.size);
    expect(eye.neighbours(eye.index(0, 0)).every((n) => n >= 0)).toBe(true);
    expect(eye.index(5, 0)).toBe(-1);
  });

  it('looks along an axis at one neighbour and between axes at the mean of two', () => {
    const eye = hexEye(2);
    const c = eye.index(0, 0);
    expect(axisNeighbours(eye, c, 0)).toEqual([{ column: eye.index(1, 0), weight: 1 }]);
    const up = axisNeighbours(eye, c, 90);
    expect(up.map((p) => p.column).sort()).toEqual([eye.index(1, -1), eye.index(0, -1)].sort());
    const y = up.reduce((s, p) => s + p.weight * eye.y[p.column]!, 0);
    const x = up.reduce((s, p) => s + p.weight * eye.x[p.column]!, 0);
    expect(x).toBeCloseTo(0, 12);
    expect(y).toBeCloseTo(Math.sqrt(3) / 2, 12);
    expect(axisNeighbours(eye, eye.index(2, 0), 0)).toEqual([]);
  });

  it('rejects a bad radius, naming it', () => {
    expect(() => hexEye(-1)).toThrow(/hexEye.radius/);
    expect(() => hexEye(2.5)).toThrow(SpecError);
  });
});

describe('hex stimuli', () => {
  const eye = hexEye(3);
  it('a grating at 0° along the middle row is the 1-D grating', () => {
    const row = Array.from({ length: 7 }, (_, k) => eye.index(k - 3, 0));
    const hex = frame(hexGratings({ eye, wavelength: 5, temporalFrequency: 2, phase: 0.3 }), 17, 0.005, eye.size);
    const line = frame(gratings({ wavelength: 5, temporalFrequency: 2, phase: 0.3 - (2 * Math.PI * 3) / 5 }), 17, 0.005, 7);
    row.forEach((c, k) => expect(hex[c]).toBeCloseTo(line[k]!, 5));
  });

  it('a grating moving at θ moves its crests along θ; batch copies take their own directions', () => {
    for (const dir of [0, 90, 210]) {
      const s = hexGratings({ eye, wavelength: 6, temporalFrequency: 1, direction: [dir, dir + 180] });
      const dt = 0.01;
      const a = frame(s, 0, dt, eye.size, 2);
      const b = frame(s, 25, dt, eye.size, 2); // a quarter period later: shifted by λ/4 along θ
      const ux = Math.cos((dir * Math.PI) / 180);
      const uy = Math.sin((dir * Math.PI) / 180);
      const ref = hexGratings({ eye, wavelength: 6, temporalFrequency: 0, direction: dir, phase: -Math.PI / 2 });
      const want = frame(ref, 0, dt, eye.size);
      for (let i = 0; i < eye.size; i++) expect(b[i]).toBeCloseTo(want[i]!, 5);
      const c = eye.index(0, 0);
      expect(a[eye.size + c]).toBeCloseTo(a[c]!, 6); // the centre column is the same at t = 0, whatever the direction
      expect(ux * ux + uy * uy).toBeCloseTo(1);
    }
  });

  it('an edge reaches the rear columns first and covers the eye in order', () => {
    const s = hexEdges({ eye, polarity: 'off', speed: 2, direction: 90, softness: 0.01 });
    const mid = frame(s, 150, 0.01, eye.size); // 3 spacings travelled
    for (let i = 0; i < eye.size; i++) {
      const depth = eye.y[i]! - Math.min(...eye.y);
      if (Math.abs(depth - 3) > 0.05) expect(mid[i]).toBeCloseTo(depth < 3 ? -Math.SQRT2 : 0, 6); // default contrast √2
    }
    expect(() => frame(s, 0, 0.01, eye.size + 1)).toThrow(/hexEdges.eye/);
  });

  it('scene motion: the image shifts by v·t; the same seed gives the same frames', () => {
    const W = 64;
    const data = Float64Array.from({ length: W * W }, (_, k) => 100 + 50 * Math.sin(k % W) * Math.cos(0.3 * Math.floor(k / W)));
    const img = contrastImage({ width: W, height: W, data }, { pixelsPerDegree: 1, acceptanceDeg: 0 }, 'test');
    const big = hexEye(1, { spacingDeg: 2 });
    const s = hexSceneMotion(img, { eye: big, speedDeg: 20, direction: 0, start: [[30, 30]] });
    const f0 = frame(s, 0, 0.1, big.size); // 2° per step = one spacing
    const f1 = frame(s, 1, 0.1, big.size);
    const c = big.index(0, 0);
    expect(f1[big.index(1, 0)]).toBeCloseTo(f0[c]!, 5);
    const n1 = hexSceneMotion(img, { eye: big, speedDeg: 20, noiseStd: 0.1, seed: 3 });
    const n2 = hexSceneMotion(img, { eye: big, speedDeg: 20, noiseStd: 0.1, seed: 3 });
    expect(frame(n1, 5, 0.01, big.size, 3)).toEqual(frame(n2, 5, 0.01, big.size, 3));
    expect(frame(n1, 5, 0.01, big.size, 3)).not.toEqual(frame(hexSceneMotion(img, { eye: big, speedDeg: 20, noiseStd: 0.1, seed: 4 }), 5, 0.01, big.size, 3));
  });
});
