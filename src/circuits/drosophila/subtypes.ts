/** The four motion-detector subtypes: ON (T4, from L1) and OFF (T5, from L2), two directions each. */
export const SUBTYPES = ['T4a', 'T4b', 'T5a', 'T5b'] as const;
/** A T4/T5 subtype of the 1-D circuit: T4a, T4b, T5a, T5b. */
export type Subtype = (typeof SUBTYPES)[number];

/** Which lamina output a subtype pools with L3: L1 (ON) for T4, L2 (OFF) for T5. */
export function laminaInput(subtype: Subtype): 'L1' | 'L2' {
  return subtype.startsWith('T4') ? 'L1' : 'L2';
}

/** The direction of motion a subtype is trained on: +1 (towards higher pixel index) for "a". */
export function trainingDirection(subtype: Subtype): 1 | -1 {
  return subtype.endsWith('a') ? 1 : -1;
}

/**
 * The six input channels of a T4/T5 unit, in the reference order [L3, Lx] × (left, centre,
 * right); `Lx` is L1 for T4 and L2 for T5.
 */
export const CHANNELS = ['L3l', 'Lxl', 'L3c', 'Lxc', 'L3r', 'Lxr'] as const;
/** Pixel offset of each channel relative to the unit's centre pixel. */
export const CHANNEL_OFFSETS = [-1, -1, 0, 0, 1, 1] as const;
