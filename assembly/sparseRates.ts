// Graded CSR delivery of src/synapses/sparse.ts (sparseKernels.rates) in WebAssembly:
// out[b·post + cols[k]] += x[b·pre + i] · w[k] for the synapses k of every row i with x ≠ 0.
// Each sum is formed in float64 from float32 values and rounded once on store, as the cpu
// kernel's JavaScript numbers do, so results are bit-identical. Columns are 16-bit
// (`narrow` = 1) or 32-bit, as the synapses store them.

export function sparseRates(rowPtr: usize, cols: usize, narrow: i32, w: usize, x: usize, out: usize, pre: i32, post: i32, batch: i32): void {
  for (let b = 0; b < batch; b++) {
    const xb = x + (<usize>(b * pre) << 2);
    const ob = out + (<usize>(b * post) << 2);
    let start = load<i32>(rowPtr);
    for (let i = 0; i < pre; i++) {
      const end = load<i32>(rowPtr + (<usize>(i + 1) << 2));
      const xi = load<f32>(xb + (<usize>i << 2));
      if (xi != 0) {
        const xd = <f64>xi;
        if (narrow) {
          for (let k = start; k < end; k++) {
            const p = ob + (<usize>load<u16>(cols + (<usize>k << 1)) << 2);
            store<f32>(p, <f32>(<f64>load<f32>(p) + xd * <f64>load<f32>(w + (<usize>k << 2))));
          }
        } else {
          for (let k = start; k < end; k++) {
            const p = ob + (<usize>load<i32>(cols + (<usize>k << 2)) << 2);
            store<f32>(p, <f32>(<f64>load<f32>(p) + xd * <f64>load<f32>(w + (<usize>k << 2))));
          }
        }
      }
      start = end;
    }
  }
}
