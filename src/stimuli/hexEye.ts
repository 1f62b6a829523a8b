import { SpecError, requireNonNegativeInt, requirePositive } from '../core/errors.js';

/**
 * A hexagonal compound eye: columns (ommatidia) on a hexagon of `radius` rings around a
 * centre column, in axial coordinates (q, r). Rows of the lattice are horizontal, so the
 * six neighbours of a column lie at 0°, 60°, …, 300° (0° = +x, 90° = up). Positions are in
 * column spacings; `spacingDeg` turns them into degrees of visual angle.
 * radius 15 gives 721 columns, flyvis's eye.
 */
export interface HexEye {
  /** Rings around the centre column. */
  readonly radius: number;
  /** Number of columns: 3·radius·(radius + 1) + 1. */
  readonly size: number;
  /** Degrees between neighbouring columns (default 5.8, flyvis's). */
  readonly spacingDeg: number;
  /** Axial coordinates of each column. */
  readonly q: Int32Array;
  /** Second axial coordinate of each column. */
  readonly r: Int32Array;
  /** Position of each column in column spacings (y up). */
  readonly x: Float64Array;
  /** Vertical position of each column, in column spacings (y up). */
  readonly y: Float64Array;
  /** Column index of (q, r), or −1 outside the eye. */
  index(q: number, r: number): number;
  /** Rings from the centre (hex distance) of column i. */
  ring(i: number): number;
  /** The six neighbours of column i at 0°, 60°, …, 300° (−1 where outside the eye). */
  neighbours(i: number): number[];
}

/** Axial steps to the six neighbours, at 0°, 60°, 120°, 180°, 240°, 300°. */
export const HEX_DIRECTIONS: readonly (readonly [number, number])[] = [
  [1, 0],
  [1, -1],
  [0, -1],
  [-1, 0],
  [-1, 1],
  [0, 1],
];

const SQRT3_2 = Math.sqrt(3) / 2;

/** Axial (q, r) to position in column spacings: x = q + r/2, y = −r·√3/2. */
export function hexPosition(q: number, r: number): [number, number] {
  return [q + r / 2, -r * SQRT3_2];
}

/**
 * Build a hexagonal eye. Columns are ordered by r, then q (row by row, top to bottom, left
 * to right), so a row of the eye is a contiguous run of indices.
 *
 * @example
 * const eye = hexEye(15);      // 721 columns, 5.8° apart
 * eye.neighbours(eye.index(0, 0));
 */
export function hexEye(radius: number, options: { spacingDeg?: number } = {}): HexEye {
  const R = requireNonNegativeInt('hexEye.radius', radius);
  const spacingDeg = requirePositive('hexEye.spacingDeg', options.spacingDeg ?? 5.8);
  const size = 3 * R * (R + 1) + 1;
  const q = new Int32Array(size);
  const r = new Int32Array(size);
  const x = new Float64Array(size);
  const y = new Float64Array(size);
  const side = 2 * R + 1;
  const lookup = new Int32Array(side * side).fill(-1);
  let n = 0;
  for (let rr = -R; rr <= R; rr++) {
    for (let qq = Math.max(-R, -rr - R); qq <= Math.min(R, -rr + R); qq++) {
      q[n] = qq;
      r[n] = rr;
      [x[n], y[n]] = hexPosition(qq, rr);
      lookup[(rr + R) * side + (qq + R)] = n;
      n++;
    }
  }
  if (n !== size) throw new SpecError('hexEye', `internal: built ${n} columns, expected ${size}`);
  const index = (qq: number, rr: number) => {
    if (Math.abs(qq) > R || Math.abs(rr) > R || Math.abs(qq + rr) > R) return -1;
    return lookup[(rr + R) * side + (qq + R)]!;
  };
  return {
    radius: R,
    size,
    spacingDeg,
    q,
    r,
    x,
    y,
    index,
    ring: (i) => Math.max(Math.abs(q[i]!), Math.abs(r[i]!), Math.abs(q[i]! + r[i]!)),
    neighbours: (i) => HEX_DIRECTIONS.map(([dq, dr]) => index(q[i]! + dq, r[i]! + dr)),
  };
}

/**
 * Where a column looks one step along a direction: the neighbours within ±30° of
 * `angleDeg`, with weights summing to 1. A direction along a lattice axis (0°, 60°, …)
 * has one such neighbour; one between two axes (90°, 270° …) averages the two, a virtual
 * neighbour √3/2 spacings away. Returns [] if any of them lies outside the eye.
 */
export function axisNeighbours(
  eye: HexEye,
  column: number,
  angleDeg: number,
): {
  /** A neighbouring column. */
  column: number;
  /** Its weight (the weights sum to 1). */
  weight: number;
}[] {
  const picks: number[] = [];
  for (let k = 0; k < 6; k++) {
    const d = Math.abs(((angleDeg - 60 * k + 540) % 360) - 180);
    if (d <= 30 + 1e-9) picks.push(k);
  }
  const nb = eye.neighbours(column);
  const cols = picks.map((k) => nb[k]!);
  if (cols.some((c) => c < 0)) return [];
  return cols.map((c) => ({ column: c, weight: 1 / cols.length }));
}
