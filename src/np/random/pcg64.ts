/**
 * NumPy's PCG64 bit generator: a 128-bit LCG with the XSL-RR output (pcg64.h), held in eight
 * 16-bit limbs so a step needs no BigInt. `next32` halves a 64-bit draw and keeps the upper half
 * for the next call, as NumPy's `pcg64_next32` does.
 *
 * @module
 */
import { InvalidArgumentError } from "../../errors.ts";
import type { BitGen } from "./bitgen.ts";
import { osEntropy, type Seed, SeedSequence, seedWords } from "./seed_sequence.ts";

const MULT = 0x2360ed051fc65da44385df649fccf645n;
const MASK128 = (1n << 128n) - 1n;

const INV16 = 1 / 65536;

function toLimbs(v: bigint): number[] {
  const out: number[] = new Array(8);
  for (let i = 0; i < 8; i++) out[i] = Number((v >> BigInt(16 * i)) & 0xffffn);
  return out;
}

function fromLimbs(l: readonly number[]): bigint {
  let v = 0n;
  for (let i = 7; i >= 0; i--) v = (v << 16n) | BigInt(l[i]);
  return v;
}

/** The PCG64 generator (NumPy's default BitGenerator). */
export class PCG64 implements BitGen {
  // State and increment, 16-bit limbs, least significant first.
  private s0 = 0;
  private s1 = 0;
  private s2 = 0;
  private s3 = 0;
  private s4 = 0;
  private s5 = 0;
  private s6 = 0;
  private s7 = 0;
  private readonly i0: number;
  private readonly i1: number;
  private readonly i2: number;
  private readonly i3: number;
  private readonly i4: number;
  private readonly i5: number;
  private readonly i6: number;
  private readonly i7: number;
  private hasUint32 = false;
  private uinteger = 0;
  /** High 32 bits of the last `next64`. */
  hi = 0;
  /** Low 32 bits of the last `next64`. */
  lo = 0;

  /**
   * A PCG64 seeded as NumPy's `PCG64(seed)`: SeedSequence(seed).generate_state(4, uint64) gives
   * [s0, s1, i0, i1], and `pcg64_set_seed` takes state `s0:s1` and increment `i0:i1`. Without a
   * seed, fresh OS entropy.
   *
   * @example
   * ```ts
   * import * as np from "@denotensor/core/numpy";
   * console.log(new np.random.PCG64(42).state.inc); // 332724090758049132448979897138935081983n
   * ```
   */
  constructor(seed?: Seed) {
    if (seed !== undefined && typeof seed === "object" && !Array.isArray(seed)) {
      throw new InvalidArgumentError(
        `np.random.PCG64: seed must be an integer or an array of them, got ${String(seed)}`,
      );
    }
    const ss = new SeedSequence(
      seed === undefined ? osEntropy() : seedWords(seed, "np.random.PCG64"),
    );
    const words = ss.generateState64(4);
    const initstate = (words[0] << 64n) | words[1];
    const initseq = (words[2] << 64n) | words[3];
    const incv = ((initseq << 1n) | 1n) & MASK128;
    let st = incv; // 0 * MULT + inc
    st = (st + initstate) & MASK128;
    st = (st * MULT + incv) & MASK128;
    const sl = toLimbs(st), il = toLimbs(incv);
    [this.s0, this.s1, this.s2, this.s3, this.s4, this.s5, this.s6, this.s7] = sl;
    [this.i0, this.i1, this.i2, this.i3, this.i4, this.i5, this.i6, this.i7] = il;
  }

  /**
   * The 128-bit state and increment, as NumPy's `bit_generator.state["state"]`.
   *
   * @example
   * ```ts
   * import * as np from "@denotensor/core/numpy";
   * console.log(typeof new np.random.PCG64(0).state.state); // bigint
   * ```
   */
  get state(): { state: bigint; inc: bigint } {
    const s = [this.s0, this.s1, this.s2, this.s3, this.s4, this.s5, this.s6, this.s7];
    const i = [this.i0, this.i1, this.i2, this.i3, this.i4, this.i5, this.i6, this.i7];
    return { state: fromLimbs(s), inc: fromLimbs(i) };
  }

  /**
   * Advances the LCG and leaves the XSL-RR output (`next_uint64`) in `hi` and `lo`.
   *
   * @example
   * ```ts
   * import * as np from "@denotensor/core/numpy";
   * const g = new np.random.PCG64(0);
   * g.next64();
   * console.log(g.hi >= 0 && g.lo >= 0); // true
   * ```
   */
  next64(): void {
    const s0 = this.s0, s1 = this.s1, s2 = this.s2, s3 = this.s3;
    const s4 = this.s4, s5 = this.s5, s6 = this.s6, s7 = this.s7;
    let c: number, t: number, l: number;
    t = this.i0 + s0 * 63045;
    l = (t >>> 0) & 0xffff;
    c = (t - l) * INV16;
    const n0 = l;
    t = c + this.i1 + s0 * 40908 + s1 * 63045;
    l = (t >>> 0) & 0xffff;
    c = (t - l) * INV16;
    const n1 = l;
    t = c + this.i2 + s0 * 57188 + s1 * 40908 + s2 * 63045;
    l = (t >>> 0) & 0xffff;
    c = (t - l) * INV16;
    const n2 = l;
    t = c + this.i3 + s0 * 17285 + s1 * 57188 + s2 * 40908 + s3 * 63045;
    l = (t >>> 0) & 0xffff;
    c = (t - l) * INV16;
    const n3 = l;
    t = c + this.i4 + s0 * 23972 + s1 * 17285 + s2 * 57188 + s3 * 40908 + s4 * 63045;
    l = (t >>> 0) & 0xffff;
    c = (t - l) * INV16;
    const n4 = l;
    t = c + this.i5 + s0 * 8134 + s1 * 23972 + s2 * 17285 + s3 * 57188 + s4 * 40908 + s5 * 63045;
    l = (t >>> 0) & 0xffff;
    c = (t - l) * INV16;
    const n5 = l;
    t = c + this.i6 + s0 * 60677 + s1 * 8134 + s2 * 23972 + s3 * 17285 + s4 * 57188 + s5 * 40908 +
      s6 * 63045;
    l = (t >>> 0) & 0xffff;
    c = (t - l) * INV16;
    const n6 = l;
    t = c + this.i7 + s0 * 9056 + s1 * 60677 + s2 * 8134 + s3 * 23972 + s4 * 17285 + s5 * 57188 +
      s6 * 40908 + s7 * 63045;
    l = (t >>> 0) & 0xffff;
    const n7 = l;
    this.s0 = n0, this.s1 = n1, this.s2 = n2, this.s3 = n3;
    this.s4 = n4, this.s5 = n5, this.s6 = n6, this.s7 = n7;
    const xh = ((n7 << 16) | n6) ^ ((n3 << 16) | n2);
    const xl = ((n5 << 16) | n4) ^ ((n1 << 16) | n0);
    let r = n7 >>> 10;
    let h = xh >>> 0, lw = xl >>> 0;
    if (r >= 32) {
      h = xl >>> 0, lw = xh >>> 0, r -= 32;
    }
    if (r === 0) {
      this.hi = h, this.lo = lw;
    } else {
      this.hi = ((h >>> r) | (lw << (32 - r))) >>> 0;
      this.lo = ((lw >>> r) | (h << (32 - r))) >>> 0;
    }
  }

  /**
   * `next_uint32`: the low half of a 64-bit draw, the high half on the following call.
   *
   * @example
   * ```ts
   * import * as np from "@denotensor/core/numpy";
   * console.log(new np.random.PCG64(0).next32() < 2 ** 32); // true
   * ```
   */
  next32(): number {
    if (this.hasUint32) {
      this.hasUint32 = false;
      return this.uinteger;
    }
    this.next64();
    this.hasUint32 = true;
    this.uinteger = this.hi;
    return this.lo;
  }

  /**
   * `next_double`: `(next_uint64 >> 11) * 2**-53`.
   *
   * @example
   * ```ts
   * import * as np from "@denotensor/core/numpy";
   * console.log(new np.random.PCG64(42).nextDouble()); // 0.7739560485559633
   * ```
   */
  nextDouble(): number {
    this.next64();
    return (this.hi * 2097152 + (this.lo >>> 11)) * 1.1102230246251565e-16;
  }
}
