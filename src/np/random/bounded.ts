/**
 * NumPy's bounded integers (distributions.c) one draw at a time: Lemire's method for 32- and
 * 64-bit ranges, `random_interval` (the shuffles' masked rejection) and `random_bounded_uint64`
 * as `choice` calls it. The fills of integers.ts and the PCG64 kernel do the arrays.
 *
 * @module
 */
import { type BitGen, next64Big } from "./bitgen.ts";

const U32 = 4294967296;
const U64 = (1n << 64n) - 1n;

/** High word of the 64-bit product of two uint32 (exact). */
function mulHi32(a: number, b: number): number {
  const aH = a >>> 16, aL = a & 0xffff, bH = b >>> 16, bL = b & 0xffff;
  const mid = aH * bL + aL * bH;
  return aH * bH + Math.floor((mid * 65536 + aL * bL) / U32);
}

/** `buffered_bounded_lemire_uint32` for `rng` < 0xFFFFFFFF: a draw in [0, rng]. */
export function lemire32(g: BitGen, rng: number): number {
  const excl = rng + 1;
  let x = g.next32();
  let leftover = Math.imul(x, excl) >>> 0;
  if (leftover < excl) {
    const threshold = (4294967295 - rng) % excl;
    while (leftover < threshold) {
      x = g.next32();
      leftover = Math.imul(x, excl) >>> 0;
    }
  }
  return mulHi32(x, excl);
}

/** `bounded_lemire_uint64` for 0xFFFFFFFF < `rng` < 2**64-1: a draw in [0, rng]. */
export function lemire64(g: BitGen, rng: bigint): bigint {
  const excl = rng + 1n;
  let m = next64Big(g) * excl;
  let leftover = m & U64;
  if (leftover < excl) {
    const threshold = (U64 - rng) % excl;
    while (leftover < threshold) {
      m = next64Big(g) * excl;
      leftover = m & U64;
    }
  }
  return m >> 64n;
}

/** `gen_mask`: the smallest all-ones mask covering `rng` (as a bigint). */
function genMask(rng: bigint): bigint {
  let m = rng;
  for (const s of [1n, 2n, 4n, 8n, 16n, 32n]) m |= m >> s;
  return m;
}

/** `random_interval`: a draw in [0, max] by masked rejection (max < 2**53). */
export function randomInterval(g: BitGen, max: number): number {
  if (max === 0) return 0;
  if (max <= 0xffffffff) {
    let mask = max;
    mask |= mask >>> 1, mask |= mask >>> 2, mask |= mask >>> 4;
    mask |= mask >>> 8, mask |= mask >>> 16;
    let v;
    while ((v = (g.next32() & mask) >>> 0) > max);
    return v;
  }
  const m = genMask(BigInt(max));
  let v;
  while ((v = next64Big(g) & m) > BigInt(max));
  return Number(v);
}

/** `random_bounded_uint64(g, 0, max, 0, false)` for max < 2**53: Lemire's draw in [0, max]. */
export function boundedIndex(g: BitGen, max: number): number {
  if (max === 0) return 0;
  if (max < 0xffffffff) return lemire32(g, max);
  if (max === 0xffffffff) return g.next32();
  return Number(lemire64(g, BigInt(max)));
}
