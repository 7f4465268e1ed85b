/**
 * NumPy's PCG64 bit generator: a 128-bit LCG with the XSL-RR output (pcg64.h), stepped by its
 * WebAssembly kernel (pcg64_kernel.ts; 64-bit integer arithmetic, no BigInt). `next32` halves a
 * 64-bit draw and keeps the upper half for the next call, as NumPy's `pcg64_next32` does.
 *
 * @module
 */
import { InvalidArgumentError } from "../../errors.ts";
import type { BitGen } from "./bitgen.ts";
import { exp, expf, log1p, log1pf } from "./libm.ts";
import { type KernelMath, MEM, type Pcg64Kernel, pcg64Kernel } from "./pcg64_kernel.ts";
import { osEntropy, type Seed, SeedSequence, seedWords } from "./seed_sequence.ts";

const MULT = 0x2360ed051fc65da44385df649fccf645n;
const MASK128 = (1n << 128n) - 1n;
const MASK64 = (1n << 64n) - 1n;

/** The libm functions of the ziggurats' rare branches, as glibc computes them. */
const LIBM: KernelMath = { log1p, exp, log1pf, expf };

const KERNELS = new WeakMap<PCG64, Pcg64Kernel>();

/** The WebAssembly kernel of a PCG64 (its fills), for the distributions of this package. */
export function kernelOf(g: PCG64): Pcg64Kernel {
  return KERNELS.get(g)!;
}

/** The PCG64 generator (NumPy's default BitGenerator). */
export class PCG64 implements BitGen {
  readonly #k: Pcg64Kernel;
  readonly #words: Uint32Array;
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
    const k = pcg64Kernel(LIBM);
    const mem = new BigUint64Array(k.memory.buffer, MEM.STATE, 5);
    mem.set([st >> 64n, st & MASK64, incv >> 64n, incv & MASK64, 0n]);
    k.load_state();
    this.#k = k;
    this.#words = new Uint32Array(k.memory.buffer, MEM.OUT, 2);
    KERNELS.set(this, k);
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
    this.#k.save_state();
    const m = new BigUint64Array(this.#k.memory.buffer, MEM.STATE, 4);
    return { state: (m[0] << 64n) | m[1], inc: (m[2] << 64n) | m[3] };
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
    this.#k.next64_out();
    this.lo = this.#words[0];
    this.hi = this.#words[1];
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
    return this.#k.next32() >>> 0;
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
    return this.#k.next_double();
  }
}
