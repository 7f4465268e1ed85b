/**
 * NumPy's bounded random integers of every width (_bounded_integers.pyx and distributions.c):
 * `Generator.integers` (Lemire's method) and the legacy `randint` (masked rejection), with scalar
 * bounds (`random_bounded_uint{64,32,16,8}_fill`, `random_bounded_bool_fill`) or array bounds
 * broadcast against each other and `size` (the `_rand_*_broadcast` loops). 8- and 16-bit draws
 * and booleans come out of a 32-bit buffer, as NumPy's `buffered_uint8/16`; 64-bit values are
 * written as two 32-bit words, so no BigInt is made per element.
 *
 * @module
 */
import { InvalidArgumentError } from "../../errors.ts";
import { NDArray, type NpTypedArray } from "../../ndarray.ts";
import { type ArrayLike, toArray } from "../convert.ts";
import { alloc } from "../dtypes.ts";
import type { BitGen } from "./bitgen.ts";
import { lemire32, lemire64 } from "./bounded.ts";
import { broadcastTo, count, outputShape, type Size } from "./common.ts";
import { BUF_LEN, MEM } from "./pcg64_kernel.ts";
import { kernelOf, PCG64 } from "./pcg64.ts";

/** The dtypes `integers`/`randint` produce. */
export type IntDType =
  | "int64"
  | "int32"
  | "int16"
  | "int8"
  | "uint64"
  | "uint32"
  | "uint16"
  | "uint8"
  | "bool";

/** Width in bits of each dtype's generator (bool draws single bits), and its [min, max]. */
const TYPES: Record<IntDType, { bits: 1 | 8 | 16 | 32 | 64; min: bigint; max: bigint }> = {
  bool: { bits: 1, min: 0n, max: 1n },
  int8: { bits: 8, min: -0x80n, max: 0x7fn },
  int16: { bits: 16, min: -0x8000n, max: 0x7fffn },
  int32: { bits: 32, min: -0x80000000n, max: 0x7fffffffn },
  int64: { bits: 64, min: -(1n << 63n), max: (1n << 63n) - 1n },
  uint8: { bits: 8, min: 0n, max: 0xffn },
  uint16: { bits: 16, min: 0n, max: 0xffffn },
  uint32: { bits: 32, min: 0n, max: 0xffffffffn },
  uint64: { bits: 64, min: 0n, max: (1n << 64n) - 1n },
};

/** Checks an integer dtype option. */
export function intDType(dtype: unknown, op: string): IntDType {
  if (dtype === undefined) return "int64";
  if (typeof dtype !== "string" || !Object.hasOwn(TYPES, dtype)) {
    throw new InvalidArgumentError(
      `${op}: unsupported dtype ${JSON.stringify(dtype)}: expected one of ${
        Object.keys(TYPES).join(", ")
      }`,
    );
  }
  return dtype as IntDType;
}

/** `gen_mask`: the smallest all-ones mask covering `v` (v < 2**32). */
function mask32(v: number): number {
  v |= v >>> 1, v |= v >>> 2, v |= v >>> 4, v |= v >>> 8, v |= v >>> 16;
  return v >>> 0;
}

/**
 * One draw in [0, rng] of NumPy's 8-, 16- or 32-bit bounded generators
 * (`random_buffered_bounded_uint{8,16,32}`, `buffered_bounded_bool`), with the 32-bit buffer of
 * the smaller widths carried in `buf` from draw to draw.
 */
class SmallDraws {
  #buf = 0;
  #left = 0;
  constructor(readonly g: BitGen, readonly bits: 1 | 8 | 16 | 32, readonly masked: boolean) {}

  /** `buffered_uint8/16` (and the bool buffer): the next `bits` bits of the buffer. */
  #word(): number {
    if (this.#left === 0) {
      this.#buf = this.g.next32();
      this.#left = this.bits === 1 ? 31 : this.bits === 8 ? 3 : 1;
    } else {
      this.#buf >>>= this.bits;
      this.#left--;
    }
    return this.bits === 1 ? this.#buf & 1 : this.#buf & (this.bits === 8 ? 0xff : 0xffff);
  }

  /** A draw in [0, rng] (rng below 2**bits). */
  draw(rng: number): number {
    const bits = this.bits;
    if (rng === 0) return 0;
    if (bits === 1) return this.#word();
    if (bits === 32) {
      if (rng === 0xffffffff) return this.g.next32();
      if (!this.masked) return lemire32(this.g, rng);
      const m = mask32(rng);
      let v;
      while ((v = (this.g.next32() & m) >>> 0) > rng);
      return v;
    }
    const top = bits === 8 ? 0xff : 0xffff;
    if (rng === top) return this.#word();
    if (this.masked) {
      const m = mask32(rng);
      let v;
      while ((v = this.#word() & m) > rng);
      return v;
    }
    // buffered_bounded_lemire_uint{8,16}: the product in 2 * bits bits.
    const excl = rng + 1, shift = bits;
    let m = this.#word() * excl;
    let leftover = m & top;
    if (leftover < excl) {
      const threshold = (top - rng) % excl;
      while (leftover < threshold) {
        m = this.#word() * excl;
        leftover = m & top;
      }
    }
    return m >>> shift;
  }
}

/**
 * One draw in [0, rng] of `random_bounded_uint64` with rng as two 32-bit words; the result's
 * words in `out` (low first).
 */
function draw64(
  g: BitGen,
  rngHi: number,
  rngLo: number,
  masked: boolean,
  out: Uint32Array,
): void {
  if (rngHi === 0) {
    out[1] = 0;
    if (rngLo === 0) out[0] = 0;
    else if (rngLo === 0xffffffff) out[0] = g.next32();
    else if (!masked) out[0] = lemire32(g, rngLo);
    else {
      const m = mask32(rngLo);
      let v;
      while ((v = (g.next32() & m) >>> 0) > rngLo);
      out[0] = v;
    }
    return;
  }
  if (rngHi === 0xffffffff && rngLo === 0xffffffff) {
    g.next64();
    out[0] = g.lo, out[1] = g.hi;
    return;
  }
  if (masked) {
    const mh = mask32(rngHi);
    for (;;) {
      g.next64();
      const h = (g.hi & mh) >>> 0, l = g.lo;
      if (h < rngHi || (h === rngHi && l <= rngLo)) {
        out[0] = l, out[1] = h;
        return;
      }
    }
  }
  if (g instanceof PCG64) {
    const k = kernelOf(g);
    k.fill_bounded64(1, 0, 0, rngLo, rngHi);
    const w = new Uint32Array(k.memory.buffer, MEM.BUF, 2);
    out[0] = w[0], out[1] = w[1];
    return;
  }
  const v = lemire64(g, (BigInt(rngHi) << 32n) | BigInt(rngLo));
  out[0] = Number(v & 0xffffffffn), out[1] = Number(v >> 32n);
}

/** `off + v` into 64-bit words (modulo 2**64). */
function add64(words: Uint32Array, i: number, offHi: number, offLo: number, v: Uint32Array): void {
  const lo = offLo + v[0];
  words[2 * i] = lo;
  words[2 * i + 1] = offHi + v[1] + (lo >= 4294967296 ? 1 : 0);
}

const hiWord = (v: bigint): number => Number((v >> 32n) & 0xffffffffn);
const loWord = (v: bigint): number => Number(v & 0xffffffffn);

/** A fill of `n` values `off + [0, rng]` (scalar bounds): `random_bounded_*_fill`. */
function fillScalar(
  g: BitGen,
  dt: IntDType,
  off: bigint,
  rng: bigint,
  n: number,
  masked: boolean,
): NpTypedArray {
  const out = alloc(dt, n);
  const { bits } = TYPES[dt];
  const kernel = !masked && g instanceof PCG64 ? kernelOf(g) : undefined;
  if (bits === 64) {
    const words = new Uint32Array(out.buffer, out.byteOffset, 2 * n);
    const offHi = hiWord(off), offLo = loWord(off), rngHi = hiWord(rng), rngLo = loWord(rng);
    if (kernel !== undefined) {
      const view = new Uint32Array(kernel.memory.buffer, MEM.BUF, 2 * BUF_LEN);
      for (let i = 0; i < n; i += BUF_LEN) {
        const m = Math.min(BUF_LEN, n - i);
        kernel.fill_bounded64(m, offLo, offHi, rngLo, rngHi);
        words.set(m === BUF_LEN ? view : view.subarray(0, 2 * m), 2 * i);
      }
      return out;
    }
    const v = new Uint32Array(2);
    for (let i = 0; i < n; i++) {
      draw64(g, rngHi, rngLo, masked, v);
      add64(words, i, offHi, offLo, v);
    }
    return out;
  }
  const o = Number(off), r = Number(rng);
  if (bits === 32 && kernel !== undefined) {
    const view = new Int32Array(kernel.memory.buffer, MEM.BUF, 2 * BUF_LEN);
    const dst = out as Int32Array;
    for (let i = 0; i < n; i += 2 * BUF_LEN) {
      const m = Math.min(2 * BUF_LEN, n - i);
      kernel.fill_bounded32(m, o, r);
      dst.set(m === 2 * BUF_LEN ? view : view.subarray(0, m), i);
    }
    return out;
  }
  const d = new SmallDraws(g, bits, masked);
  const dst = out as Int32Array;
  for (let i = 0; i < n; i++) dst[i] = o + d.draw(r);
  return out;
}

/** An integer bound as a bigint: integers as they are, other numbers truncated (`int(x)`). */
function bigOf(v: number | bigint, what: string, op: string): bigint {
  if (typeof v === "bigint") return v;
  if (typeof v !== "number" || !Number.isFinite(v)) {
    throw new InvalidArgumentError(`${op}: ${what} must be an integer, got ${String(v)}`);
  }
  return BigInt(Math.trunc(v));
}

/** The bounds of each element of a broadcast bound array, as bigints (floats truncated). */
function boundValues(a: NDArray, shape: readonly number[], what: string, op: string): bigint[] {
  const d = broadcastTo(a, shape);
  const out = new Array<bigint>(d.length);
  for (let i = 0; i < d.length; i++) out[i] = bigOf(d[i], what, op);
  return out;
}

/**
 * `integers`/`randint`: [low, high) (or [low, high] with `endpoint`) of dtype `dt`, with Lemire's
 * method or (`masked`, the legacy RandomState) masked rejection. Scalar bounds fill a `size`-shaped
 * array (a 0-d one without `size`); array bounds broadcast against each other and `size`.
 */
export function boundedIntegers(
  g: BitGen,
  low: number | bigint | ArrayLike,
  high: number | bigint | ArrayLike,
  size: Size | undefined,
  dt: IntDType,
  endpoint: boolean,
  masked: boolean,
  op: string,
): NDArray {
  const { bits, min, max } = TYPES[dt];
  if (size !== undefined && size !== null) {
    // NumPy returns an empty `size` before looking at the bounds.
    const shape = outputShape(size, [], op);
    if (count(shape) === 0) return new NDArray(alloc(dt, 0), shape, dt);
  }
  const scalar = (v: unknown) => typeof v === "number" || typeof v === "bigint";
  const lowA = scalar(low) ? undefined : toArray(low as ArrayLike, undefined, op);
  const highA = scalar(high) ? undefined : toArray(high as ArrayLike, undefined, op);
  const cmp = endpoint ? ">" : ">=";
  const checks = (lo: bigint, hi: bigint): void => {
    if (lo < min) {
      throw new InvalidArgumentError(`${op}: low is out of bounds for ${dt}, got ${lo}`);
    }
    if (hi > max) {
      throw new InvalidArgumentError(
        `${op}: high is out of bounds for ${dt}, got ${endpoint ? hi : hi + 1n}`,
      );
    }
    if (lo > hi) {
      throw new InvalidArgumentError(
        `${op}: low ${cmp} high (low ${lo}, high ${endpoint ? hi : hi + 1n})`,
      );
    }
  };
  if ((lowA === undefined || lowA.ndim === 0) && (highA === undefined || highA.ndim === 0)) {
    const lo = bigOf(lowA === undefined ? low as number : lowA.item() as number, "low", op);
    let hi = bigOf(highA === undefined ? high as number : highA.item() as number, "high", op);
    if (!endpoint) hi -= 1n;
    checks(lo, hi);
    const shape = outputShape(size, [], op);
    const data = fillScalar(g, dt, lo, hi - lo, count(shape), masked);
    return new NDArray(data, shape, dt);
  }
  const lA = lowA ?? toArray([low as number], undefined, op).reshape([]);
  const hA = highA ?? toArray([high as number], undefined, op).reshape([]);
  const shape = outputShape(size, [lA.shape, hA.shape], op);
  const los = boundValues(lA, shape, "low", op);
  const his = boundValues(hA, shape, "high", op);
  const n = los.length;
  for (let i = 0; i < n; i++) {
    if (!endpoint) his[i] -= 1n;
    if (los[i] < min) checks(los[i], his[i]);
  }
  for (let i = 0; i < n; i++) if (his[i] > max) checks(los[i], his[i]);
  for (let i = 0; i < n; i++) if (los[i] > his[i]) checks(los[i], his[i]);
  const out = alloc(dt, n);
  if (bits === 64) {
    const words = new Uint32Array(out.buffer, out.byteOffset, 2 * n);
    const v = new Uint32Array(2);
    for (let i = 0; i < n; i++) {
      const rng = BigInt.asUintN(64, his[i] - los[i]);
      draw64(g, hiWord(rng), loWord(rng), masked, v);
      add64(words, i, hiWord(los[i]), loWord(los[i]), v);
    }
  } else {
    const d = new SmallDraws(g, bits, masked);
    const dst = out as Int32Array;
    for (let i = 0; i < n; i++) {
      const lo = Number(los[i]);
      dst[i] = lo + d.draw(Number(his[i]) - lo);
    }
  }
  return new NDArray(out, shape, dt);
}
