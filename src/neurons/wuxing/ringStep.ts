/**
 * The step kernel of a Wuxing population: advances every batch copy of one cell by one fixed
 * step of its ring in forward form, F_j' = a_j F_{j−1} − c_j F_j − q_j F_j F_{j−2} (+ input
 * on state `jIn`, held over the step), by classical RK4 or explicit Euler, clamps the states
 * at the floor, and writes the output D = F_jOut − B0 and, when asked, the gain. Built once
 * per model; `bind` hands it the step's arrays. Unrolled into scalars: this is the hot loop.
 */
export class RingKernel {
  private F0!: Float32Array;
  private F1!: Float32Array;
  private F2!: Float32Array;
  private F3!: Float32Array;
  private F4!: Float32Array;
  private D!: Float32Array;
  private G: Float32Array | null = null;
  private I!: Float32Array;
  private gate: Float32Array | null = null;

  /**
   * @param jIn forward-form state the input enters
   * @param jOut forward-form state read as output
   * @param rk4 RK4 (true) or Euler
   * @param lo floor of every state (−∞: none)
   * @param gainOf gain of the cell whose forward-form state is in `e` (steady mode), or null ('alive': the gain at rest)
   * @param e scratch the kernel writes the new state into before calling `gainOf`
   * @param gainClip gain ceiling as a multiple of the gain at rest
   */
  constructor(
    private readonly jIn: number,
    private readonly jOut: number,
    private readonly rk4: boolean,
    private readonly lo: number,
    private readonly gainOf: (() => number) | null,
    private readonly e: Float64Array,
    private readonly gainClip: number,
  ) {}

  /** The step's state arrays in forward-form order, output, gain (null: not refreshed this step), input and gate. */
  bind(F: readonly [Float32Array, Float32Array, Float32Array, Float32Array, Float32Array], D: Float32Array, G: Float32Array | null, I: Float32Array, gate: Float32Array | null): void {
    [this.F0, this.F1, this.F2, this.F3, this.F4] = F;
    this.D = D;
    this.G = G;
    this.I = I;
    this.gate = gate;
  }

  /**
   * Step cell u (entries u, u + size, … of the bound arrays) with parameters p = [k1 ×5,
   * k2 ×5, k3 ×5], output reference b0, rest state r (a copy at r with no input is skipped
   * when `still`: its derivatives vanish there) and gain at rest `restGain`.
   */
  stepCell(u: number, size: number, batch: number, dt: number, p: Float64Array, b0: number, r: number, still: boolean, restGain: number): void {
    const { F0, F1, F2, F3, F4, D, I, gate, jIn, lo, rk4 } = this;
    const h2 = dt / 2;
    const h6 = dt / 6;
    const w0 = jIn === 0 ? 1 : 0;
    const w1 = jIn === 1 ? 1 : 0;
    const w2 = jIn === 2 ? 1 : 0;
    const w3 = jIn === 3 ? 1 : 0;
    const w4 = jIn === 4 ? 1 : 0;
    const a0 = p[0]!, a1 = p[1]!, a2 = p[2]!, a3 = p[3]!, a4 = p[4]!;
    const c0 = p[5]!, c1 = p[6]!, c2 = p[7]!, c3 = p[8]!, c4 = p[9]!;
    const q0 = p[10]!, q1 = p[11]!, q2 = p[12]!, q3 = p[13]!, q4 = p[14]!;
    for (let k = u; k < size * batch; k += size) {
      const uin = gate ? I[k]! * gate[k]! : I[k]!;
      if (still && uin === 0 && F0[k] === r && F1[k] === r && F2[k] === r && F3[k] === r && F4[k] === r) {
        D[k] = r - b0;
        continue;
      }
      const u0 = w0 * uin, u1 = w1 * uin, u2 = w2 * uin, u3 = w3 * uin, u4 = w4 * uin;
      const y0 = F0[k]!, y1 = F1[k]!, y2 = F2[k]!, y3 = F3[k]!, y4 = F4[k]!;
      const f0 = a0 * y4 - c0 * y0 - q0 * y0 * y3 + u0;
      const f1 = a1 * y0 - c1 * y1 - q1 * y1 * y4 + u1;
      const f2 = a2 * y1 - c2 * y2 - q2 * y2 * y0 + u2;
      const f3 = a3 * y2 - c3 * y3 - q3 * y3 * y1 + u3;
      const f4 = a4 * y3 - c4 * y4 - q4 * y4 * y2 + u4;
      let n0: number, n1: number, n2: number, n3: number, n4: number;
      if (rk4) {
        let z0 = y0 + h2 * f0, z1 = y1 + h2 * f1, z2 = y2 + h2 * f2, z3 = y3 + h2 * f3, z4 = y4 + h2 * f4;
        const g0 = a0 * z4 - c0 * z0 - q0 * z0 * z3 + u0;
        const g1 = a1 * z0 - c1 * z1 - q1 * z1 * z4 + u1;
        const g2 = a2 * z1 - c2 * z2 - q2 * z2 * z0 + u2;
        const g3 = a3 * z2 - c3 * z3 - q3 * z3 * z1 + u3;
        const g4 = a4 * z3 - c4 * z4 - q4 * z4 * z2 + u4;
        z0 = y0 + h2 * g0; z1 = y1 + h2 * g1; z2 = y2 + h2 * g2; z3 = y3 + h2 * g3; z4 = y4 + h2 * g4;
        const r0 = a0 * z4 - c0 * z0 - q0 * z0 * z3 + u0;
        const r1 = a1 * z0 - c1 * z1 - q1 * z1 * z4 + u1;
        const r2 = a2 * z1 - c2 * z2 - q2 * z2 * z0 + u2;
        const r3 = a3 * z2 - c3 * z3 - q3 * z3 * z1 + u3;
        const r4 = a4 * z3 - c4 * z4 - q4 * z4 * z2 + u4;
        z0 = y0 + dt * r0; z1 = y1 + dt * r1; z2 = y2 + dt * r2; z3 = y3 + dt * r3; z4 = y4 + dt * r4;
        const s0 = a0 * z4 - c0 * z0 - q0 * z0 * z3 + u0;
        const s1 = a1 * z0 - c1 * z1 - q1 * z1 * z4 + u1;
        const s2 = a2 * z1 - c2 * z2 - q2 * z2 * z0 + u2;
        const s3 = a3 * z2 - c3 * z3 - q3 * z3 * z1 + u3;
        const s4 = a4 * z3 - c4 * z4 - q4 * z4 * z2 + u4;
        n0 = y0 + h6 * (f0 + 2 * (g0 + r0) + s0);
        n1 = y1 + h6 * (f1 + 2 * (g1 + r1) + s1);
        n2 = y2 + h6 * (f2 + 2 * (g2 + r2) + s2);
        n3 = y3 + h6 * (f3 + 2 * (g3 + r3) + s3);
        n4 = y4 + h6 * (f4 + 2 * (g4 + r4) + s4);
      } else {
        n0 = y0 + dt * f0;
        n1 = y1 + dt * f1;
        n2 = y2 + dt * f2;
        n3 = y3 + dt * f3;
        n4 = y4 + dt * f4;
      }
      this.store(k, n0, n1, n2, n3, n4, lo, b0, restGain);
    }
  }

  /**
   * `stepCell` in float32 arithmetic (a model built with `arithmetic: 'float32'`): the same
   * expressions in the same order, each operation rounded to float32 (Math.fround; a float32
   * sum, difference or product computed in float64 and rounded once is the float32 operation's
   * result), as the wasm backend's f32x4 kernel computes them — bit-identical to it. `r` must
   * be NaN unless the float32 derivatives vanish at it (`ringStillAt32`).
   */
  stepCell32(u: number, size: number, batch: number, dt: number, p: Float64Array, b0: number, r: number, still: boolean, restGain: number): void {
    const { F0, F1, F2, F3, F4, D, I, gate, jIn, rk4 } = this;
    const f = Math.fround;
    const lo = f(this.lo);
    dt = f(dt);
    b0 = f(b0);
    const h2 = f(dt / 2);
    const h6 = f(dt / 6);
    const w0 = jIn === 0 ? 1 : 0;
    const w1 = jIn === 1 ? 1 : 0;
    const w2 = jIn === 2 ? 1 : 0;
    const w3 = jIn === 3 ? 1 : 0;
    const w4 = jIn === 4 ? 1 : 0;
    // p holds float32 values (the rate constants): exact as they are
    const a0 = p[0]!, a1 = p[1]!, a2 = p[2]!, a3 = p[3]!, a4 = p[4]!;
    const c0 = p[5]!, c1 = p[6]!, c2 = p[7]!, c3 = p[8]!, c4 = p[9]!;
    const q0 = p[10]!, q1 = p[11]!, q2 = p[12]!, q3 = p[13]!, q4 = p[14]!;
    for (let k = u; k < size * batch; k += size) {
      const uin = gate ? f(I[k]! * gate[k]!) : I[k]!;
      if (still && uin === 0 && F0[k] === r && F1[k] === r && F2[k] === r && F3[k] === r && F4[k] === r) {
        D[k] = r - b0;
        continue;
      }
      const u0 = w0 * uin, u1 = w1 * uin, u2 = w2 * uin, u3 = w3 * uin, u4 = w4 * uin; // exact: w is 0 or 1
      const y0 = F0[k]!, y1 = F1[k]!, y2 = F2[k]!, y3 = F3[k]!, y4 = F4[k]!;
      const f0 = f(f(f(f(a0 * y4) - f(c0 * y0)) - f(f(q0 * y0) * y3)) + u0);
      const f1 = f(f(f(f(a1 * y0) - f(c1 * y1)) - f(f(q1 * y1) * y4)) + u1);
      const f2 = f(f(f(f(a2 * y1) - f(c2 * y2)) - f(f(q2 * y2) * y0)) + u2);
      const f3 = f(f(f(f(a3 * y2) - f(c3 * y3)) - f(f(q3 * y3) * y1)) + u3);
      const f4 = f(f(f(f(a4 * y3) - f(c4 * y4)) - f(f(q4 * y4) * y2)) + u4);
      let n0: number, n1: number, n2: number, n3: number, n4: number;
      if (rk4) {
        let z0 = f(y0 + f(h2 * f0)), z1 = f(y1 + f(h2 * f1)), z2 = f(y2 + f(h2 * f2)), z3 = f(y3 + f(h2 * f3)), z4 = f(y4 + f(h2 * f4));
        const g0 = f(f(f(f(a0 * z4) - f(c0 * z0)) - f(f(q0 * z0) * z3)) + u0);
        const g1 = f(f(f(f(a1 * z0) - f(c1 * z1)) - f(f(q1 * z1) * z4)) + u1);
        const g2 = f(f(f(f(a2 * z1) - f(c2 * z2)) - f(f(q2 * z2) * z0)) + u2);
        const g3 = f(f(f(f(a3 * z2) - f(c3 * z3)) - f(f(q3 * z3) * z1)) + u3);
        const g4 = f(f(f(f(a4 * z3) - f(c4 * z4)) - f(f(q4 * z4) * z2)) + u4);
        z0 = f(y0 + f(h2 * g0)); z1 = f(y1 + f(h2 * g1)); z2 = f(y2 + f(h2 * g2)); z3 = f(y3 + f(h2 * g3)); z4 = f(y4 + f(h2 * g4));
        const r0 = f(f(f(f(a0 * z4) - f(c0 * z0)) - f(f(q0 * z0) * z3)) + u0);
        const r1 = f(f(f(f(a1 * z0) - f(c1 * z1)) - f(f(q1 * z1) * z4)) + u1);
        const r2 = f(f(f(f(a2 * z1) - f(c2 * z2)) - f(f(q2 * z2) * z0)) + u2);
        const r3 = f(f(f(f(a3 * z2) - f(c3 * z3)) - f(f(q3 * z3) * z1)) + u3);
        const r4 = f(f(f(f(a4 * z3) - f(c4 * z4)) - f(f(q4 * z4) * z2)) + u4);
        z0 = f(y0 + f(dt * r0)); z1 = f(y1 + f(dt * r1)); z2 = f(y2 + f(dt * r2)); z3 = f(y3 + f(dt * r3)); z4 = f(y4 + f(dt * r4));
        const s0 = f(f(f(f(a0 * z4) - f(c0 * z0)) - f(f(q0 * z0) * z3)) + u0);
        const s1 = f(f(f(f(a1 * z0) - f(c1 * z1)) - f(f(q1 * z1) * z4)) + u1);
        const s2 = f(f(f(f(a2 * z1) - f(c2 * z2)) - f(f(q2 * z2) * z0)) + u2);
        const s3 = f(f(f(f(a3 * z2) - f(c3 * z3)) - f(f(q3 * z3) * z1)) + u3);
        const s4 = f(f(f(f(a4 * z3) - f(c4 * z4)) - f(f(q4 * z4) * z2)) + u4);
        n0 = f(y0 + f(h6 * f(f(f0 + f(2 * f(g0 + r0))) + s0)));
        n1 = f(y1 + f(h6 * f(f(f1 + f(2 * f(g1 + r1))) + s1)));
        n2 = f(y2 + f(h6 * f(f(f2 + f(2 * f(g2 + r2))) + s2)));
        n3 = f(y3 + f(h6 * f(f(f3 + f(2 * f(g3 + r3))) + s3)));
        n4 = f(y4 + f(h6 * f(f(f4 + f(2 * f(g4 + r4))) + s4)));
      } else {
        n0 = f(y0 + f(dt * f0));
        n1 = f(y1 + f(dt * f1));
        n2 = f(y2 + f(dt * f2));
        n3 = f(y3 + f(dt * f3));
        n4 = f(y4 + f(dt * f4));
      }
      this.store(k, n0, n1, n2, n3, n4, lo, b0, restGain); // D rounded once by the store
    }
  }
  /**
   * The common tail of both steps: clamp the new state at the floor `lo`, store it and its
   * output D = F_jOut − b0, and (when bound) its gain.
   */
  private store(k: number, n0: number, n1: number, n2: number, n3: number, n4: number, lo: number, b0: number, restGain: number): void {
    const { F0, F1, F2, F3, F4, D, G, jOut } = this;
    if (n0 < lo) n0 = lo;
    if (n1 < lo) n1 = lo;
    if (n2 < lo) n2 = lo;
    if (n3 < lo) n3 = lo;
    if (n4 < lo) n4 = lo;
    F0[k] = n0;
    F1[k] = n1;
    F2[k] = n2;
    F3[k] = n3;
    F4[k] = n4;
    D[k] = (jOut === 0 ? n0 : jOut === 1 ? n1 : jOut === 2 ? n2 : jOut === 3 ? n3 : n4) - b0;
    if (G) {
      // On the floor the cell cannot follow a small input: no gain.
      if (n0 <= lo || n1 <= lo || n2 <= lo || n3 <= lo || n4 <= lo) G[k] = 0;
      else if (!this.gainOf) G[k] = restGain;
      else {
        const e = this.e;
        e[0] = n0;
        e[1] = n1;
        e[2] = n2;
        e[3] = n3;
        e[4] = n4;
        const g = this.gainOf();
        G[k] = g > 0 ? Math.min(g, this.gainClip * restGain) : 0;
      }
    }
  }
}
