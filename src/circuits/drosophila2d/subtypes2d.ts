/**
 * The eight motion-detector subtypes of the 2-D pathway: ON (T4, from L1) and OFF (T5, from
 * L2), each in four directions — a front-to-back (0°), b back-to-front (180°), c upward
 * (90°), d downward (270°).
 */
export const SUBTYPES_2D = ['T4a', 'T4b', 'T4c', 'T4d', 'T5a', 'T5b', 'T5c', 'T5d'] as const;
/** A T4/T5 subtype of the 2-D circuit: T4a–d, T5a–d. */
export type Subtype2d = (typeof SUBTYPES_2D)[number];

/** The cardinal direction (degrees; 0° = +x, 90° = up) a subtype is trained on and should prefer. */
export function cardinalDirection(subtype: Subtype2d): number {
  return { a: 0, b: 180, c: 90, d: 270 }[subtype[2] as 'a' | 'b' | 'c' | 'd'];
}

/** Which lamina output a subtype pools with L3: L1 (ON) for T4, L2 (OFF) for T5. */
export function laminaInput2d(subtype: Subtype2d): 'L1' | 'L2' {
  return subtype.startsWith('T4') ? 'L1' : 'L2';
}

/** The four training directions, each shared by one T4 and one T5 subtype. */
export const DIRECTIONS_2D = [0, 180, 90, 270] as const;
