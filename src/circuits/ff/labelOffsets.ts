/**
 * Per-label offsets of goodness: the part of a layer's goodness that depends on the label
 * alone, the same for every image (in the linear regime, `Σ_k ‖w_k ∗ x_l(c)‖²`; docs/ff.md).
 * Such an offset moves the argmax over the labels without changing how each image ranks
 * them against each other, so goodness inference can be read with it removed: each layer's
 * mean goodness per label, measured on images other than those classified (training images),
 * is subtracted before the layers are summed.
 */

/**
 * Mean goodness per label of one layer over `n` images: `table[i·C + c]` is the goodness of
 * image i shown with label c; the result has `C` entries.
 */
export function labelMeans(table: Float64Array, n: number, C: number): Float64Array {
  if (n <= 0 || table.length < n * C) throw new RangeError(`labelMeans: need ${n} images × ${C} labels, the table has ${table.length} values`);
  const means = new Float64Array(C);
  for (let i = 0; i < n; i++) for (let c = 0; c < C; c++) means[c] = means[c]! + table[i * C + c]!;
  for (let c = 0; c < C; c++) means[c] = means[c]! / n;
  return means;
}

/**
 * The label whose goodness summed over `layers`, each less its per-label offset
 * (`offsets[k][c]`, from `labelMeans`), is largest, for the image whose `C` values start at
 * `offset`; the first one on ties.
 */
export function argmaxCentred(layers: readonly Float64Array[], offsets: readonly Float64Array[], offset: number, C: number): number {
  if (offsets.length !== layers.length) throw new RangeError(`argmaxCentred: ${layers.length} layers but ${offsets.length} offset vectors`);
  let best = 0;
  let bestScore = -Infinity;
  for (let c = 0; c < C; c++) {
    let score = 0;
    for (let k = 0; k < layers.length; k++) score += layers[k]![offset + c]! - offsets[k]![c]!;
    if (score > bestScore) {
      bestScore = score;
      best = c;
    }
  }
  return best;
}
