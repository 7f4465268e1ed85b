/**
 * The bit-generator interface the distributions draw from (NumPy's `bitgen_t`).
 *
 * @module
 */

/** A source of 32- and 64-bit words and doubles, as NumPy's `bitgen_t`. */
export interface BitGen {
  /** Draws 64 bits into `hi` and `lo` (each an unsigned 32-bit number). */
  next64(): void;
  /** High word of the last `next64`. */
  hi: number;
  /** Low word of the last `next64`. */
  lo: number;
  /** `next_uint32`. */
  next32(): number;
  /** `next_double`, in [0, 1). */
  nextDouble(): number;
}

/** `next_uint64` as a bigint (setup and 64-bit paths only). */
export function next64Big(g: BitGen): bigint {
  g.next64();
  return (BigInt(g.hi) << 32n) | BigInt(g.lo);
}
