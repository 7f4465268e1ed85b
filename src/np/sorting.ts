/**
 * `np.sort`, `np.argsort`, `np.partition`, `np.argpartition` and `np.searchsorted`, and the sort
 * engine the set and histogram functions share.
 *
 * Every element is sorted as an exact double key: each dtype's values are doubles already, except
 * int64/uint64 beyond ±2^53, whose keys are then their dense ranks (found by a radix sort of the
 * 64-bit words). Keys are sorted by a stable MSD radix sort on their IEEE bits (the sign folded so
 * that the bits order as the numbers), with insertion sort for small buckets: no comparator
 * closures, no arrays of objects. NaNs are set apart first and go last in their original order,
 * and -0 sorts as 0 (as NumPy: equal values keep their order), so every `kind` gives NumPy's
 * `kind="stable"` order. NumPy's own default (introsort) orders ties as its implementation
 * happens to; ours is stable for every kind.
 *
 * When the native CPU library is loaded, float32, float64, int32 and int64 values are sorted by
 * its `dt_np_sort_rows` (kernels/np_sort.cu, a radix sort shared over its threads), which gives
 * this same order bit for bit; indices (argsort, the set functions' extras) stay here.
 *
 * @module
 */
import { nativeKernels, nativeMinElements } from "../backends/cpu/native.ts";
import { InvalidArgumentError } from "../errors.ts";
import { NDArray, type NpDType, type NpTypedArray } from "../ndarray.ts";
import { checkOptions, keysOf } from "../options.ts";
import { npShape } from "./broadcast.ts";
import { type ArrayLike, asNDArray } from "./convert.ts";
import { alloc, castData, isBig, itemsize, kindOf } from "./dtypes.ts";
import { npPromote } from "./promote.ts";

/** NumPy's sort kinds; every one gives the stable order here. */
export type SortKind = "quicksort" | "mergesort" | "heapsort" | "stable";

/** Options of `np.sort` and `np.argsort`. */
export interface SortOptions {
  /** The axis to sort along (default -1, the last); null sorts the flattened array. */
  axis?: number | null;
  /** The algorithm NumPy would use; all give the stable order here. */
  kind?: SortKind | null;
  /** True asks for a stable sort (NumPy's `stable=True`); cannot be given with `kind`. */
  stable?: boolean | null;
}

/** Options of `np.partition` and `np.argpartition`. */
export interface PartitionOptions {
  /** The axis to partition along (default -1, the last); null partitions the flattened array. */
  axis?: number | null;
  /** NumPy's selection algorithm: only "introselect". */
  kind?: "introselect";
}

/** Options of `np.searchsorted`. */
export interface SearchsortedOptions {
  /** "left" (default): the first index where `v` fits; "right": the last. */
  side?: "left" | "right";
  /** Integer indices that sort `a` (as `np.argsort(a)` gives), when `a` itself is not sorted. */
  sorter?: ArrayLike | null;
}

const SORT_KEYS = keysOf<SortOptions>({ axis: true, kind: true, stable: true });
const PARTITION_KEYS = keysOf<PartitionOptions>({ axis: true, kind: true });
const SEARCHSORTED_KEYS = keysOf<SearchsortedOptions>({ side: true, sorter: true });
const SORT_KINDS: readonly string[] = ["quicksort", "mergesort", "heapsort", "stable"];

const TWO32 = 4294967296;
/** 2^21: 64-bit integers whose high word is below it in magnitude are exact doubles. */
const HI_SAFE = 2097152;

// ---------------------------------------------------------------------------------------------
// Keys

/**
 * The elements of a contiguous typed array as exact doubles (the array itself for float64), or
 * null for an int64/uint64 array with a value beyond ±2^53.
 */
function exactDoubles(data: NpTypedArray, dtype: NpDType): Float64Array | null {
  if (dtype === "float64") return data as Float64Array;
  if (!isBig(dtype)) return new Float64Array(data as Float32Array);
  const n = data.length;
  const w = new Int32Array(data.buffer, data.byteOffset, 2 * n);
  const out = new Float64Array(n);
  if (dtype === "int64") {
    for (let i = 0; i < n; i++) {
      const hi = w[2 * i + 1];
      if (hi < -HI_SAFE || hi >= HI_SAFE) return null;
      out[i] = hi * TWO32 + (w[2 * i] >>> 0);
    }
  } else {
    for (let i = 0; i < n; i++) {
      const hi = w[2 * i + 1] >>> 0;
      if (hi >= HI_SAFE) return null;
      out[i] = hi * TWO32 + (w[2 * i] >>> 0);
    }
  }
  return out;
}

/**
 * int64/uint64 data as float64, correctly rounded as NumPy's cast (`hi * 2^32` is exact, and the
 * one addition rounds), without making bigints.
 */
export function bigToFloat64(data: NpTypedArray, dtype: NpDType): Float64Array {
  const n = data.length;
  const w = new Int32Array(data.buffer, data.byteOffset, 2 * n);
  const out = new Float64Array(n);
  if (dtype === "int64") {
    for (let i = 0; i < n; i++) out[i] = w[2 * i + 1] * TWO32 + (w[2 * i] >>> 0);
  } else for (let i = 0; i < n; i++) out[i] = (w[2 * i + 1] >>> 0) * TWO32 + (w[2 * i] >>> 0);
  return out;
}

/** The order-preserving 64-bit key words (high word sign-flipped for signed values). */
function keyWords(
  data: NpTypedArray,
  dtype: NpDType,
  hi: Uint32Array,
  lo: Uint32Array,
  at: number,
): void {
  const n = data.length;
  if (isBig(dtype)) {
    const w = new Uint32Array(data.buffer, data.byteOffset, 2 * n);
    const flip = dtype === "int64" ? 0x80000000 : 0;
    for (let i = 0; i < n; i++) {
      lo[at + i] = w[2 * i];
      hi[at + i] = (w[2 * i + 1] ^ flip) >>> 0;
    }
    return;
  }
  // Small integers (the only other dtypes promoted to a 64-bit integer dtype): sign-extended.
  const d = data as Int32Array;
  const flip = kindOf(dtype) === "u" || dtype === "bool" ? 0 : 0x80000000;
  for (let i = 0; i < n; i++) {
    const v = d[i];
    lo[at + i] = v >>> 0;
    hi[at + i] = ((v < 0 ? 0xffffffff : 0) ^ flip) >>> 0;
  }
}

/**
 * Exact double keys of several contiguous arrays compared in one dtype: the values themselves
 * (`exact` true), or, when an int64/uint64 value is beyond ±2^53, the dense ranks of all the
 * values together (`exact` false), which compare as the values do.
 */
export function keysOf64(
  parts: readonly { data: NpTypedArray; dtype: NpDType }[],
): { keys: Float64Array[]; exact: boolean } {
  const keys = parts.map((p) => exactDoubles(p.data, p.dtype));
  if (keys.every((k) => k !== null)) return { keys: keys as Float64Array[], exact: true };
  const total = parts.reduce((s, p) => s + p.data.length, 0);
  const hi = new Uint32Array(total), lo = new Uint32Array(total);
  let at = 0;
  for (const p of parts) {
    keyWords(p.data, p.dtype, hi, lo, at);
    at += p.data.length;
  }
  const order = radixPairs(hi, lo);
  const rank = new Float64Array(total);
  let r = 0;
  for (let i = 0; i < total; i++) {
    const j = order[i];
    if (i > 0) {
      const k = order[i - 1];
      if (hi[j] !== hi[k] || lo[j] !== lo[k]) r++;
    }
    rank[j] = r;
  }
  at = 0;
  return {
    keys: parts.map((p) => {
      const k = rank.subarray(at, at + p.data.length);
      at += p.data.length;
      return k;
    }),
    exact: false,
  };
}

/** The stable order of 64-bit keys given as word pairs: an LSD radix sort on 16-bit digits. */
function radixPairs(hi: Uint32Array, lo: Uint32Array): Int32Array {
  const n = hi.length;
  let idx = new Int32Array(n), tmp = new Int32Array(n);
  for (let i = 0; i < n; i++) idx[i] = i;
  const count = new Uint32Array(65536);
  for (let pass = 0; pass < 4; pass++) {
    const words = pass < 2 ? lo : hi, shift = (pass & 1) * 16;
    count.fill(0);
    for (let i = 0; i < n; i++) count[(words[i] >>> shift) & 0xffff]++;
    if (count[(words[0] >>> shift) & 0xffff] === n) continue;
    let sum = 0;
    for (let d = 0; d < 65536; d++) {
      const c = count[d];
      count[d] = sum;
      sum += c;
    }
    for (let i = 0; i < n; i++) {
      const j = idx[i];
      tmp[count[(words[j] >>> shift) & 0xffff]++] = j;
    }
    [idx, tmp] = [tmp, idx];
  }
  return idx;
}

// ---------------------------------------------------------------------------------------------
// The radix sorter

/**
 * Scratch buffers shared by the sorters of successive calls (two of each type: keys and their
 * radix partner), grown as needed and kept up to POOL_MAX elements: a fresh buffer costs a page
 * fault per 4 KiB on first touch, which for large sorts is a large part of the time. Only one
 * sorter works at a time, and its caller copies its results out before the next one starts.
 */
const POOL_MAX = 1 << 24;
const POOL_F64 = [new Float64Array(0), new Float64Array(0)];
const POOL_I32 = [new Int32Array(0), new Int32Array(0)];

function scratchF64(slot: number, n: number): Float64Array {
  if (POOL_F64[slot].length >= n) return POOL_F64[slot].subarray(0, n);
  const b = new Float64Array(n);
  if (n <= POOL_MAX) POOL_F64[slot] = b;
  return b;
}

function scratchI32(slot: number, n: number): Int32Array {
  if (POOL_I32[slot].length >= n) return POOL_I32[slot].subarray(0, n);
  const b = new Int32Array(n);
  if (n <= POOL_MAX) POOL_I32[slot] = b;
  return b;
}

/** The bucket counts of each depth of a radix sort (one sort runs at a time). */
const COUNTS: Uint32Array[] = [];

/** The 32-bit words of a Float64Array (its own range of the buffer). */
function wordsOf(a: Float64Array): Uint32Array {
  return new Uint32Array(a.buffer, a.byteOffset, 2 * a.length);
}

/** Buckets of at most this many keys are finished by insertion sort. */
const SMALL = 16;
const PAIR = new Float64Array(2);
const PAIR_WORDS = new Uint32Array(PAIR.buffer);

/**
 * A stable sort of double keys (no NaN; -0 must have been made 0 where the order of equal keys
 * matters), carrying int32 indices when made with them. Fill `keys` (and `idx`), then call
 * `sort(0, n)`. The buffers are reused across rows.
 */
export class RadixSorter {
  /** The keys, sorted in place. */
  readonly keys: Float64Array;
  /** The indices moved with the keys, or null. */
  readonly idx: Int32Array | null;
  #tmp: Float64Array = new Float64Array(0);
  #tmpIdx: Int32Array | null = null;
  #words: Uint32Array;
  #tmpWords: Uint32Array = new Uint32Array(0);

  /**
   * A sorter for up to `n` keys, carrying indices when `withIdx`. The keys live in `keys` when
   * given, else (as the indices) in a scratch buffer that the next sorter reuses.
   */
  constructor(n: number, withIdx: boolean, keys?: Float64Array) {
    this.keys = keys ?? scratchF64(0, n);
    this.#words = wordsOf(this.keys);
    this.idx = withIdx ? scratchI32(0, n) : null;
  }

  /** Sorts `keys[start, end)` (and the indices with them), stably. */
  sort(start: number, end: number): void {
    if (end - start <= SMALL) return this.#leaf(start, end, true);
    if (this.#tmp.length === 0) {
      // The radix passes' second buffers (a partition may never need them).
      const n = this.keys.length;
      this.#tmp = scratchF64(1, n);
      this.#tmpWords = wordsOf(this.#tmp);
      this.#tmpIdx = this.idx === null ? null : scratchI32(1, n);
    }
    this.#radix(start, end, true, 0);
  }

  /** Moves a bucket back into `keys` if it is in the scratch buffer, then insertion-sorts it. */
  #leaf(s: number, e: number, inKeys: boolean): void {
    const a = this.keys, ia = this.idx;
    if (!inKeys) {
      const b = this.#tmp;
      for (let i = s; i < e; i++) a[i] = b[i];
      if (ia !== null) {
        const ib = this.#tmpIdx!;
        for (let i = s; i < e; i++) ia[i] = ib[i];
      }
    }
    if (e - s < 2) return;
    if (ia === null) insertion(a, s, e);
    else insertionIdx(a, ia, s, e);
  }

  /** One MSD pass over `[s, e)` (in `keys` or the scratch buffer) on the highest varying bits. */
  #radix(s: number, e: number, inKeys: boolean, depth: number): void {
    const src = inKeys ? this.keys : this.#tmp, dst = inKeys ? this.#tmp : this.keys;
    let mn = src[s], mx = mn;
    for (let i = s + 1; i < e; i++) {
      const v = src[i];
      mn = v < mn ? v : mn;
      mx = v > mx ? v : mx;
    }
    if (mn === mx) {
      if (!inKeys) this.#leaf(s, e, false);
      return;
    }
    // The highest bit where the keys of the extremes differ bounds the bits that vary. A zero
    // extreme is the lowest (highest) zero key there is: -0 (+0) when the range holds one. (Never
    // a zero that is not there: a range of 0 and tiny positive denormals would then never split.)
    PAIR[0] = mn, PAIR[1] = mx;
    if (mn === 0 || mx === 0) {
      let neg = false, pos = false;
      for (let i = s; i < e; i++) {
        const v = src[i];
        if (v !== 0) continue;
        if (1 / v < 0) neg = true;
        else pos = true;
      }
      if (mn === 0) PAIR[0] = neg ? -0 : 0;
      if (mx === 0) PAIR[1] = pos ? 0 : -0;
    }
    const m0 = PAIR_WORDS[1] >> 31, m1 = PAIR_WORDS[3] >> 31;
    const h0 = (PAIR_WORDS[1] ^ (m0 | 0x80000000)) >>> 0, l0 = (PAIR_WORDS[0] ^ m0) >>> 0;
    const h1 = (PAIR_WORDS[3] ^ (m1 | 0x80000000)) >>> 0, l1 = (PAIR_WORDS[2] ^ m1) >>> 0;
    const top = h0 !== h1 ? 63 - Math.clz32(h0 ^ h1) : 31 - Math.clz32(l0 ^ l1);
    const n = e - s;
    const bits = Math.min(top + 1, 11, Math.max(4, 30 - Math.clz32(n)));
    const shift = top + 1 - bits, mask = (1 << bits) - 1;
    while (COUNTS.length <= depth) COUNTS.push(new Uint32Array(2050));
    const count = COUNTS[depth];
    count.fill(0, 0, mask + 2);
    const w = inKeys ? this.#words : this.#tmpWords;
    const where = shift >= 32 ? 0 : shift + bits <= 32 ? 1 : 2;
    const sh = where === 0 ? shift - 32 : shift, up = 32 - shift;
    if (where === 0) {
      for (let i = s; i < e; i++) {
        const h = w[2 * i + 1];
        count[(((h ^ ((h >> 31) | 0x80000000)) >>> sh) & mask) + 1]++;
      }
    } else if (where === 1) {
      for (let i = s; i < e; i++) {
        count[(((w[2 * i] ^ (w[2 * i + 1] >> 31)) >>> sh) & mask) + 1]++;
      }
    } else {
      for (let i = s; i < e; i++) {
        const h = w[2 * i + 1], m = h >> 31;
        count[((((h ^ (m | 0x80000000)) << up) | ((w[2 * i] ^ m) >>> sh)) & mask) + 1]++;
      }
    }
    count[0] = s;
    for (let d = 1; d <= mask + 1; d++) count[d] += count[d - 1];
    const isrc = inKeys ? this.idx : this.#tmpIdx, idst = inKeys ? this.#tmpIdx : this.idx;
    if (isrc === null || idst === null) {
      if (where === 0) {
        for (let i = s; i < e; i++) {
          const h = w[2 * i + 1];
          dst[count[((h ^ ((h >> 31) | 0x80000000)) >>> sh) & mask]++] = src[i];
        }
      } else if (where === 1) {
        for (let i = s; i < e; i++) {
          dst[count[((w[2 * i] ^ (w[2 * i + 1] >> 31)) >>> sh) & mask]++] = src[i];
        }
      } else {
        for (let i = s; i < e; i++) {
          const h = w[2 * i + 1], m = h >> 31;
          dst[count[(((h ^ (m | 0x80000000)) << up) | ((w[2 * i] ^ m) >>> sh)) & mask]++] = src[i];
        }
      }
    } else if (where === 0) {
      for (let i = s; i < e; i++) {
        const h = w[2 * i + 1];
        const at = count[((h ^ ((h >> 31) | 0x80000000)) >>> sh) & mask]++;
        dst[at] = src[i];
        idst[at] = isrc[i];
      }
    } else if (where === 1) {
      for (let i = s; i < e; i++) {
        const at = count[((w[2 * i] ^ (w[2 * i + 1] >> 31)) >>> sh) & mask]++;
        dst[at] = src[i];
        idst[at] = isrc[i];
      }
    } else {
      for (let i = s; i < e; i++) {
        const h = w[2 * i + 1], m = h >> 31;
        const at = count[(((h ^ (m | 0x80000000)) << up) | ((w[2 * i] ^ m) >>> sh)) & mask]++;
        dst[at] = src[i];
        idst[at] = isrc[i];
      }
    }
    // count[d] is now the end of bucket d; the buckets are in the other buffer.
    let from = s;
    for (let d = 0; d <= mask; d++) {
      const to = count[d];
      if (to - from > SMALL) this.#radix(from, to, !inKeys, depth + 1);
      else if (to > from) this.#leaf(from, to, !inKeys);
      from = to;
    }
  }
}

function insertion(a: Float64Array, s: number, e: number): void {
  for (let i = s + 1; i < e; i++) {
    const v = a[i];
    let j = i - 1;
    while (j >= s && a[j] > v) {
      a[j + 1] = a[j];
      j--;
    }
    a[j + 1] = v;
  }
}

function insertionIdx(a: Float64Array, ia: Int32Array, s: number, e: number): void {
  for (let i = s + 1; i < e; i++) {
    const v = a[i], t = ia[i];
    let j = i - 1;
    while (j >= s && a[j] > v) {
      a[j + 1] = a[j];
      ia[j + 1] = ia[j];
      j--;
    }
    a[j + 1] = v;
    ia[j + 1] = t;
  }
}

/**
 * Copies row `keys[base, base + n)` into the sorter: non-NaN keys first (-0 made 0), with their
 * row indices when the sorter carries them; the NaNs' indices go after them, in order. Returns
 * the number of non-NaN keys.
 */
export function loadRow(keys: Float64Array, base: number, n: number, s: RadixSorter): number {
  const a = s.keys, ia = s.idx;
  let m = 0;
  if (ia === null) {
    for (let i = 0; i < n; i++) {
      const v = keys[base + i];
      if (v === v) a[m++] = v + 0;
    }
    return m;
  }
  let t = n;
  for (let i = 0; i < n; i++) {
    const v = keys[base + i];
    if (v === v) {
      a[m] = v + 0;
      ia[m++] = i;
    } else ia[--t] = i;
  }
  ia.subarray(m, n).reverse();
  return m;
}

/**
 * Copies row `keys[base, base + n)` into the sorter as they are (-0 kept): non-NaN keys first,
 * then, when the sorter carries indices, the NaNs' indices in order. Returns the non-NaN count.
 */
function loadRaw(keys: Float64Array, base: number, n: number, s: RadixSorter): number {
  const a = s.keys, ia = s.idx;
  let m = 0;
  if (ia === null) {
    for (let i = 0; i < n; i++) {
      const v = keys[base + i];
      if (v === v) a[m++] = v;
    }
    return m;
  }
  let t = n;
  for (let i = 0; i < n; i++) {
    const v = keys[base + i];
    if (v === v) {
      a[m] = v;
      ia[m++] = i;
    } else ia[--t] = i;
  }
  ia.subarray(m, n).reverse();
  return m;
}

/** Sorted keys `k[0, m)` (exact values) into `out` at element `at`, in `out`'s dtype. */
function writeKeys(k: Float64Array, m: number, out: NpTypedArray, at: number): void {
  if (!(out instanceof BigInt64Array || out instanceof BigUint64Array)) {
    (out as Float64Array).set(k.subarray(0, m), at);
    return;
  }
  const words = new Int32Array(out.buffer, out.byteOffset, 2 * out.length);
  for (let i = 0; i < m; i++) {
    const v = k[i], hi = Math.floor(v / TWO32);
    words[2 * (at + i)] = v - hi * TWO32;
    words[2 * (at + i) + 1] = hi;
  }
}

/** The NaNs of row `keys[base, base + n)`, moved bit for bit in order to `dst` from `base + m`. */
function copyNaNs(
  keys: Float64Array,
  base: number,
  n: number,
  m: number,
  dst: Mover,
  src: Mover,
): void {
  for (let i = 0, t = base + m; i < n; i++) {
    if (keys[base + i] !== keys[base + i]) dst[t++] = src[base + i];
  }
}

/** `dst[at + i] = src[from + idx[i]]` for `i < n`, bit for bit. */
function gather(
  dst: Mover,
  at: number,
  src: Mover,
  from: number,
  idx: Int32Array,
  n: number,
): void {
  for (let i = 0; i < n; i++) dst[at + i] = src[from + idx[i]];
}

// ---------------------------------------------------------------------------------------------
// Rows along an axis

/** The data of `x` with `axis` moved last, row-major (shared when it already is). */
function rowsAlong(x: NDArray, axis: number): { data: NpTypedArray; shape: number[] } {
  const order = x.shape.map((_, i) => i).filter((i) => i !== axis).concat([axis]);
  const shape = order.map((i) => x.shape[i]);
  if (axis === x.ndim - 1) return { data: x.contiguousData(), shape };
  const v = new NDArray(x.data, shape, x.dtype, {
    strides: order.map((i) => x.strides[i]),
    offset: x.offset,
  });
  return { data: v.contiguousData(), shape };
}

/** Row-major `data` of shape `shape` (axis last) as an array with that axis back at `axis`. */
function fromRows(
  data: NpTypedArray,
  shape: readonly number[],
  dtype: NpDType,
  axis: number,
): NDArray {
  const ndim = shape.length;
  const out = new NDArray(data, shape, dtype);
  if (axis === ndim - 1) return out;
  const order = Array.from(
    { length: ndim },
    (_, i) => (i < axis ? i : i === axis ? ndim - 1 : i - 1),
  );
  const v = new NDArray(data, order.map((i) => shape[i]), dtype, {
    strides: order.map((i) => out.strides[i]),
  });
  return new NDArray(v.contiguousData(), v.shape, dtype);
}

/** A typed array that moves elements of some size bit for bit. */
export type Mover = Uint8Array | Uint16Array | Int32Array | Float64Array;

/** A typed array of the same memory for moving elements bit for bit (8-byte ones as doubles). */
export function mover(data: NpTypedArray): Mover {
  const n = data.length, size = data.BYTES_PER_ELEMENT;
  if (size === 1) return new Uint8Array(data.buffer, data.byteOffset, n);
  if (size === 2) return new Uint16Array(data.buffer, data.byteOffset, n);
  if (size === 4) return new Int32Array(data.buffer, data.byteOffset, n);
  return new Float64Array(data.buffer, data.byteOffset, n);
}

/** Writes row indices as int64 (little-endian words) into `out` at element `at`. */
function writeIndices(out: Int32Array, at: number, src: Int32Array, n: number): void {
  for (let i = 0; i < n; i++) {
    out[2 * (at + i)] = src[i];
    out[2 * (at + i) + 1] = 0;
  }
}

// ---------------------------------------------------------------------------------------------
// sort and argsort

function checkAxisOption(axis: unknown, op: string): void {
  if (
    axis !== undefined && axis !== null && (typeof axis !== "number" || !Number.isInteger(axis))
  ) {
    throw new InvalidArgumentError(`${op}: axis must be an integer or null, got ${String(axis)}`);
  }
}

/** The array to sort and the axis: the flattened array for a null axis. */
function sortTarget(
  a: ArrayLike,
  axisOption: number | null | undefined,
  op: string,
): [NDArray, number] {
  checkAxisOption(axisOption, op);
  let x = asNDArray(a, op, true);
  // NumPy's argsort reads a 0-d array as 1-d (sort and partition do not).
  const flat = axisOption === null || (x.ndim === 0 && op === "np.argsort");
  if (flat) x = new NDArray(x.contiguousData(), [x.size], x.dtype);
  const axis = axisOption ?? -1;
  if (axis < -x.ndim || axis >= x.ndim) {
    throw new InvalidArgumentError(
      `${op}: axis ${axis} is out of bounds for array of dimension ${x.ndim}`,
    );
  }
  return [x, axis < 0 ? axis + x.ndim : axis];
}

function checkSortOptions(options: SortOptions | undefined, op: string): void {
  checkOptions(options, SORT_KEYS, `${op} options`);
  const kind = options?.kind;
  if (kind !== undefined && kind !== null && !SORT_KINDS.includes(kind)) {
    throw new InvalidArgumentError(
      `${op}: sort kind must be one of 'quicksort', 'mergesort', 'heapsort' or 'stable' (got ${
        JSON.stringify(kind)
      })`,
    );
  }
  const stable = options?.stable;
  if (stable !== undefined && stable !== null && typeof stable !== "boolean") {
    throw new InvalidArgumentError(
      `${op}: stable must be a boolean or null, got ${String(stable)}`,
    );
  }
  if (stable !== undefined && stable !== null && kind !== undefined && kind !== null) {
    throw new InvalidArgumentError(
      `${op}: \`kind\` and keyword parameters can't be provided at the same time: use only one ` +
        `of them`,
    );
  }
}

/** Counting sort of the rows of an 8-bit dtype (bool, int8, uint8): values or indices. */
function countingRows(
  data: NpTypedArray,
  dtype: NpDType,
  rows: number,
  n: number,
  out: NpTypedArray,
  indices: boolean,
): void {
  const src = dtype === "int8" ? data as Int8Array : data as Uint8Array;
  const bias = dtype === "int8" ? 128 : 0;
  const count = new Uint32Array(257);
  const o = indices ? new Int32Array(out.buffer, out.byteOffset, 2 * out.length) : null;
  const ov = out as Uint8Array;
  for (let r = 0; r < rows; r++) {
    const base = r * n;
    count.fill(0);
    for (let i = 0; i < n; i++) count[src[base + i] + bias + 1]++;
    for (let d = 1; d <= 256; d++) count[d] += count[d - 1];
    if (o !== null) {
      for (let i = 0; i < n; i++) {
        const at = base + count[src[base + i] + bias]++;
        o[2 * at] = i;
        o[2 * at + 1] = 0;
      }
    } else {
      for (let d = 0; d < 256; d++) ov.fill(d - bias, base + count[d], base + count[d + 1]);
    }
  }
}

/** The dtypes the native CPU library sorts. */
const NATIVE_SORT = ["float32", "float64", "int32", "int64"] as const;
type NativeSortDType = typeof NATIVE_SORT[number];
type NativeSortArray = Float32Array | Float64Array | Int32Array | BigInt64Array;

/** True when the native CPU library is loaded and sorts `size` elements of `dtype`. */
export function sortsNatively(dtype: NpDType, size: number): boolean {
  return size > 0 && size >= nativeMinElements() &&
    (NATIVE_SORT as readonly NpDType[]).includes(dtype) &&
    nativeKernels() !== null;
}

/**
 * Sorts `rows` rows of `n` elements of `data` (row-major) into `out` (same dtype, other memory)
 * with the native CPU library, in the order of `sortRow` bit for bit: false (nothing done) when
 * the library is not loaded, the dtype is not float32, float64, int32 or int64, or there are
 * fewer elements than DENOTENSOR_CPU_NATIVE_MIN.
 */
export function nativeSortRows(
  data: NpTypedArray,
  dtype: NpDType,
  rows: number,
  n: number,
  out: NpTypedArray,
): boolean {
  if (!sortsNatively(dtype, rows * n)) return false;
  const k = nativeKernels()!;
  k.npSort(dtype as NativeSortDType, rows, n, data as NativeSortArray, out as NativeSortArray);
  return true;
}

/**
 * A sorted copy of flat data by the native CPU library (the order of `sortRow`, NaNs last), or
 * null where `nativeSortRows` would not sort it.
 */
export function sortedNatively(data: NpTypedArray, dtype: NpDType): NpTypedArray | null {
  if (!sortsNatively(dtype, data.length)) return null;
  const out = alloc(dtype, data.length);
  nativeSortRows(data, dtype, 1, data.length, out);
  return out;
}

/** Sorted values of each row (`rows` rows of `n`, row-major) into `out`. */
function sortRows(
  data: NpTypedArray,
  dtype: NpDType,
  rows: number,
  n: number,
  out: NpTypedArray,
): void {
  if (itemsize(dtype) === 1) return countingRows(data, dtype, rows, n, out, false);
  if (nativeSortRows(data, dtype, rows, n, out)) return;
  const { keys: [keys], exact } = keysOf64([{ data, dtype }]);
  const src = mover(data), dst = mover(out);
  // float64 rows are sorted in the result itself.
  const inPlace = out instanceof Float64Array && exact;
  const s = new RadixSorter(inPlace ? 0 : n, !exact);
  for (let r = 0; r < rows; r++) {
    const row = inPlace ? new RadixSorter(n, false, out.subarray(r * n, (r + 1) * n)) : s;
    sortRow(keys, exact, r * n, n, row, out, dst, src);
  }
}

/**
 * Sorts row `[base, base + n)` of `src` (with keys `keys`) into `out`/`dst` at the same place:
 * NaNs last in order, zeros with their signs in order, every element moved bit for bit or
 * written from its exact key. Leaves the sorted non-NaN keys (-0 as 0) in `s.keys[0, m)` and
 * returns `m`. Inexact keys (ranks) need a sorter with indices.
 */
export function sortRow(
  keys: Float64Array,
  exact: boolean,
  base: number,
  n: number,
  s: RadixSorter,
  out: NpTypedArray,
  dst: Mover,
  src: Mover,
): number {
  const m = loadRow(keys, base, n, s);
  s.sort(0, m);
  if (!exact) {
    gather(dst, base, src, base, s.idx!, n);
    return m;
  }
  if (s.keys.buffer !== out.buffer) writeKeys(s.keys, m, out, base);
  if (m < n) copyNaNs(keys, base, n, m, dst, src);
  if (out instanceof Float64Array || out instanceof Float32Array || out instanceof Float16Array) {
    fixZeros(keys, base, n, s.keys.subarray(0, m), dst, src);
  }
  return m;
}

/**
 * The stable ascending order of flat data (NaNs last, in their order) as int32 positions, with
 * the exact keys (`keys[order[i]]` ascending; -0 equal to 0, NaN unequal to itself) and the
 * number of non-NaN elements.
 */
export function stableOrder(
  data: NpTypedArray,
  dtype: NpDType,
): { order: Int32Array; keys: Float64Array; count: number } {
  const n = data.length;
  const { keys: [keys] } = keysOf64([{ data, dtype }]);
  const s = new RadixSorter(n, true);
  const count = loadRow(keys, 0, n, s);
  s.sort(0, count);
  return { order: s.idx!, keys, count };
}

/** Rewrites the run of zeros of a sorted row with the row's zeros in their original order. */
function fixZeros(
  keys: Float64Array,
  base: number,
  n: number,
  sorted: Float64Array,
  dst: Mover,
  src: Mover,
): void {
  let lo = 0, hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (sorted[mid] < 0) lo = mid + 1;
    else hi = mid;
  }
  if (lo === sorted.length || sorted[lo] !== 0) return;
  let neg = false;
  for (let i = 0; i < n && !neg; i++) neg = keys[base + i] === 0 && 1 / keys[base + i] < 0;
  if (!neg) return;
  for (let i = 0, z = base + lo; i < n; i++) if (keys[base + i] === 0) dst[z++] = src[base + i];
}

/** The stable order of each row (`rows` rows of `n`) as int64 indices into `out`. */
function argsortRows(
  data: NpTypedArray,
  dtype: NpDType,
  rows: number,
  n: number,
  out: BigInt64Array,
): void {
  if (itemsize(dtype) === 1) return countingRows(data, dtype, rows, n, out, true);
  const { keys: [keys] } = keysOf64([{ data, dtype }]);
  const s = new RadixSorter(n, true);
  const o = new Int32Array(out.buffer, out.byteOffset, 2 * out.length);
  for (let r = 0; r < rows; r++) {
    const base = r * n;
    const m = loadRow(keys, base, n, s);
    s.sort(0, m);
    writeIndices(o, base, s.idx!, n);
  }
}

/**
 * A sorted copy of `a` along `axis` (default the last; null sorts the flattened array). NaNs
 * sort last, as NumPy. Every `kind` gives NumPy's stable order (equal elements keep their order;
 * NumPy's default quicksort may order ties otherwise).
 *
 * @example
 * ```ts
 * import * as np from "@denotensor/core/numpy";
 * console.log(np.sort(np.array([3, NaN, 1, 2])).toString()); // [ 1.  2.  3. nan]
 * console.log(np.sort(np.array([[3, 1], [0, 5]]), { axis: 0 }).toString()); // [[0. 1.]\n [3. 5.]]
 * ```
 */
export function sort(a: ArrayLike, options?: SortOptions): NDArray {
  const op = "np.sort";
  checkSortOptions(options, op);
  const [x, axis] = sortTarget(a, options?.axis, op);
  const { data, shape } = rowsAlong(x, axis);
  const n = shape[shape.length - 1];
  const out = alloc(x.dtype, x.size);
  if (x.size > 0) sortRows(data, x.dtype, x.size / n, n, out);
  return fromRows(out, shape, x.dtype, axis);
}

/**
 * The int64 indices that sort `a` along `axis` (default the last; null: the flattened array).
 * The order is stable for every `kind`: NumPy's `kind="stable"` order.
 *
 * @example
 * ```ts
 * import * as np from "@denotensor/core/numpy";
 * console.log(np.argsort(np.array([3, 1, 2, 1])).toString()); // [1 3 2 0]
 * ```
 */
export function argsort(a: ArrayLike, options?: SortOptions): NDArray {
  const op = "np.argsort";
  checkSortOptions(options, op);
  const [x, axis] = sortTarget(a, options?.axis, op);
  const { data, shape } = rowsAlong(x, axis);
  const n = shape[shape.length - 1];
  const out = new BigInt64Array(x.size);
  if (x.size > 0) argsortRows(data, x.dtype, x.size / n, n, out);
  return fromRows(out, shape, "int64", axis);
}

// ---------------------------------------------------------------------------------------------
// partition and argpartition

/** Insertion sort of `a[s, e)` by value (with `ia` when given); NaN-free. */
function smallSort(a: Float64Array, ia: Int32Array | null, s: number, e: number): void {
  if (ia === null) insertion(a, s, e);
  else insertionIdx(a, ia, s, e);
}

/**
 * Moves the k-th smallest of `keys[lo, hi)` (NaN-free) to `k`, smaller ones before it and larger
 * after (introselect: median-of-3 quickselect with branch-free Lomuto passes, which split off the
 * keys below the pivot and then those equal to it; a full sort of the range when it stops
 * shrinking fast enough).
 */
function select(s: RadixSorter, lo: number, hi: number, k: number): void {
  const a = s.keys, ia = s.idx;
  let budget = 2 * (32 - Math.clz32(hi - lo));
  while (hi - lo > SMALL) {
    if (budget-- === 0) {
      // -0 and 0 may come out either way round here: they are equal, as a partition allows.
      s.sort(lo, hi);
      return;
    }
    const x = a[lo], y = a[lo + ((hi - lo) >> 1)], z = a[hi - 1];
    const pivot = x < y ? (y < z ? y : x < z ? z : x) : (x < z ? x : y < z ? z : y);
    const below = lomuto(a, ia, lo, hi, pivot, false);
    if (k < below) {
      hi = below;
      continue;
    }
    const equal = lomuto(a, ia, below, hi, pivot, true);
    if (k < equal) return;
    lo = equal;
  }
  smallSort(a, ia, lo, hi);
}

/** Moves the keys of `[lo, hi)` below `pivot` (equal to it, with `equal`) to the front. */
function lomuto(
  a: Float64Array,
  ia: Int32Array | null,
  lo: number,
  hi: number,
  pivot: number,
  equal: boolean,
): number {
  let j = lo;
  if (ia === null) {
    if (equal) {
      for (let i = lo; i < hi; i++) {
        const v = a[i];
        a[i] = a[j];
        a[j] = v;
        j += +(v === pivot);
      }
    } else {
      for (let i = lo; i < hi; i++) {
        const v = a[i];
        a[i] = a[j];
        a[j] = v;
        j += +(v < pivot);
      }
    }
    return j;
  }
  for (let i = lo; i < hi; i++) {
    const v = a[i], t = ia[i];
    a[i] = a[j];
    ia[i] = ia[j];
    a[j] = v;
    ia[j] = t;
    j += equal ? +(v === pivot) : +(v < pivot);
  }
  return j;
}

/** The sorted, distinct, non-negative kth values for a row length `n`. */
function kthList(kth: number | readonly number[] | ArrayLike, n: number, op: string): number[] {
  const list = typeof kth === "number" ? [kth] : kthValues(kth, op);
  const out = list.map((k) => {
    if (typeof k !== "number" || !Number.isInteger(k)) {
      throw new InvalidArgumentError(`${op}: kth must be an integer or integers, got ${String(k)}`);
    }
    if (k < -n || k >= n) throw new InvalidArgumentError(`${op}: kth(=${k}) out of bounds (${n})`);
    return k < 0 ? k + n : k;
  });
  return [...new Set(out)].sort((p, q) => p - q);
}

function kthValues(kth: ArrayLike, op: string): number[] {
  const k = asNDArray(kth, op, true);
  if (k.ndim > 1) {
    throw new InvalidArgumentError(`${op}: kth must be a scalar or 1-d, got ${k.ndim}-d`);
  }
  if (kindOf(k.dtype) === "b" || (kindOf(k.dtype) === "f" && !(kth instanceof Array))) {
    throw new InvalidArgumentError(`${op}: kth must be an integer or integers, got ${k.dtype}`);
  }
  return Array.from(castData(k.contiguousData(), k.dtype, "float64") as Float64Array);
}

function partitionImpl(
  a: ArrayLike,
  kth: number | readonly number[] | ArrayLike,
  options: PartitionOptions | undefined,
  op: string,
  indices: boolean,
): NDArray {
  checkOptions(options, PARTITION_KEYS, `${op} options`);
  if (options?.kind !== undefined && options.kind !== "introselect") {
    throw new InvalidArgumentError(
      `${op}: kind must be "introselect", got ${JSON.stringify(options.kind)}`,
    );
  }
  const [x, axis] = sortTarget(a, options?.axis, op);
  const { data, shape } = rowsAlong(x, axis);
  const n = shape[shape.length - 1];
  const ks = kthList(kth, n, op);
  const dtype: NpDType = indices ? "int64" : x.dtype;
  const out = alloc(dtype, x.size);
  if (x.size === 0) return fromRows(out, shape, dtype, axis);
  const { keys: [keys], exact } = keysOf64([{ data, dtype: x.dtype }]);
  const byIndex = indices || !exact;
  const sorter = new RadixSorter(dtype === "float64" && !byIndex ? 0 : n, byIndex);
  const rows = x.size / n;
  const words = new Int32Array(out.buffer, out.byteOffset, out.byteLength / 4);
  const src = mover(data), dst = mover(out);
  // A float64 partition works in the result itself.
  const inPlace = dtype === "float64" && !byIndex;
  for (let r = 0; r < rows; r++) {
    const base = r * n;
    const s = inPlace
      ? new RadixSorter(n, false, (out as Float64Array).subarray(base, base + n))
      : sorter;
    const m = loadRaw(keys, base, n, s);
    let lo = 0;
    for (const k of ks) {
      if (k >= m) break;
      select(s, lo, m, k);
      lo = k + 1;
    }
    if (indices) writeIndices(words, base, s.idx!, n);
    else if (byIndex) gather(dst, base, src, base, s.idx!, n);
    else {
      if (!inPlace) writeKeys(s.keys, m, out, base);
      if (m < n) copyNaNs(keys, base, n, m, dst, src);
    }
  }
  return fromRows(out, shape, dtype, axis);
}

/**
 * A copy of `a` with each `kth` element (an index or a list; negative counts from the end) in
 * the place a sort along `axis` would put it, no larger element before it and no smaller one
 * after it (NaNs count as the largest). The order within the parts is unspecified, as NumPy's.
 *
 * @example
 * ```ts
 * import * as np from "@denotensor/core/numpy";
 * const p = np.partition(np.array([7, 1, 5, 3, 9]), 2);
 * console.log(p.at(2).toString()); // 5.0
 * ```
 */
export function partition(
  a: ArrayLike,
  kth: number | readonly number[] | ArrayLike,
  options?: PartitionOptions,
): NDArray {
  return partitionImpl(a, kth, options, "np.partition", false);
}

/**
 * The int64 indices that partition `a` along `axis` (see `np.partition`): `a` taken at them has
 * each `kth` element in its sorted place.
 *
 * @example
 * ```ts
 * import * as np from "@denotensor/core/numpy";
 * const i = np.argpartition(np.array([7, 1, 5, 3, 9]), 2);
 * console.log(i.at(2).toString()); // 2
 * ```
 */
export function argpartition(
  a: ArrayLike,
  kth: number | readonly number[] | ArrayLike,
  options?: PartitionOptions,
): NDArray {
  return partitionImpl(a, kth, options, "np.argpartition", true);
}

// ---------------------------------------------------------------------------------------------
// searchsorted

/** NumPy's float order: NaN after everything. */
function less(x: number, y: number): boolean {
  return x < y || (y !== y && x === x);
}

/**
 * NumPy's binary search (npysort/binsearch.cpp), including its reuse of the previous bound when
 * the keys increase: for each key of `v` the index in `a` (read through `sorter` when given) where
 * it fits on `side`. `ret` gets the indices as int64 words.
 */
export function binsearch(
  a: Float64Array,
  v: Float64Array,
  right: boolean,
  sorter: Float64Array | null,
  ret: Int32Array,
  op: string,
): void {
  const n = a.length;
  let lo = 0, hi = n;
  let last = v.length > 0 ? v[0] : 0;
  for (let j = 0; j < v.length; j++) {
    const key = v[j];
    if (right ? !less(key, last) : less(last, key)) hi = n;
    else {
      lo = 0;
      hi = hi < n ? hi + 1 : n;
    }
    last = key;
    if (sorter !== null) lo = searchSorter(a, sorter, key, right, lo, hi, op);
    else if (key !== key) lo = searchNaN(a, right, lo, hi);
    else if (right) lo = searchRight(a, key, lo, hi);
    else lo = searchLeft(a, key, lo, hi);
    hi = lo; // where NumPy's loop leaves its upper bound
    ret[2 * j] = lo;
    ret[2 * j + 1] = 0;
  }
}

/** The first index in `[lo, hi)` whose element is not below `key` (not NaN). */
function searchLeft(a: Float64Array, key: number, lo: number, hi: number): number {
  while (lo < hi) {
    const mid = lo + ((hi - lo) >> 1);
    if (a[mid] < key) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** The first index in `[lo, hi)` whose element is above `key` (not NaN), NaN counting as above. */
function searchRight(a: Float64Array, key: number, lo: number, hi: number): number {
  while (lo < hi) {
    const mid = lo + ((hi - lo) >> 1);
    if (a[mid] <= key) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** The search for a NaN key: left stops at the first NaN, right goes past everything. */
function searchNaN(a: Float64Array, right: boolean, lo: number, hi: number): number {
  while (lo < hi) {
    const mid = lo + ((hi - lo) >> 1);
    if (right || a[mid] === a[mid]) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** The search through `sorter` (NumPy's argbinsearch), which checks each index it reads. */
function searchSorter(
  a: Float64Array,
  sorter: Float64Array,
  key: number,
  right: boolean,
  lo: number,
  hi: number,
  op: string,
): number {
  const n = a.length;
  while (lo < hi) {
    const mid = lo + ((hi - lo) >> 1);
    const at = sorter[mid];
    if (!(at >= 0 && at < n)) {
      throw new InvalidArgumentError(`${op}: sorter index out of range: ${at}`);
    }
    const m = a[at];
    if (right ? !less(key, m) : less(m, key)) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Integer index values of an index array as doubles (NumPy's cast to intp), or an error. */
export function indexDoubles(x: NDArray, raw: unknown, op: string, what: string): Float64Array {
  const k = kindOf(x.dtype);
  const fromJs = Array.isArray(raw) || typeof raw === "number";
  const data = x.contiguousData();
  if (k === "f") {
    const d = castData(data, x.dtype, "float64") as Float64Array;
    if (fromJs && d.every((v) => Number.isInteger(v))) return d;
    throw new InvalidArgumentError(
      `${op}: ${what} must be integers, got ${
        fromJs ? `the number ${d.find((v) => !Number.isInteger(v))}` : `a ${x.dtype} array`
      }`,
    );
  }
  if (!isBig(x.dtype)) return new Float64Array(data as Int32Array);
  // int64/uint64: exact below 2^53, beyond it a value no axis reaches (kept as a huge double).
  const w = new Int32Array(data.buffer, data.byteOffset, 2 * data.length);
  const out = new Float64Array(data.length);
  const signed = x.dtype === "int64";
  for (let i = 0; i < out.length; i++) {
    const hi = signed ? w[2 * i + 1] : w[2 * i + 1] >>> 0;
    out[i] = hi * TWO32 + (w[2 * i] >>> 0);
  }
  return out;
}

/**
 * The indices where the elements of `v` would be inserted into the 1-d sorted `a` to keep it
 * sorted: the first such place (`side: "left"`) or the last (`"right"`); int64, in `v`'s shape.
 * `a` and `v` are compared in their promoted dtype (JS numbers are float64, as everywhere), NaN
 * after everything. With `sorter`, `a` is read in that order.
 *
 * @example
 * ```ts
 * import * as np from "@denotensor/core/numpy";
 * const a = np.array([1, 2, 2, 3]);
 * console.log(np.searchsorted(a, 2).toString(), np.searchsorted(a, 2, { side: "right" }).toString()); // 1 3
 * console.log(np.searchsorted(a, [0, 2.5, 9]).toString()); // [0 3 4]
 * ```
 */
export function searchsorted(a: ArrayLike, v: ArrayLike, options?: SearchsortedOptions): NDArray {
  const op = "np.searchsorted";
  checkOptions(options, SEARCHSORTED_KEYS, `${op} options`);
  const side = options?.side ?? "left";
  if (side !== "left" && side !== "right") {
    throw new InvalidArgumentError(
      `${op}: side must be "left" or "right", got ${JSON.stringify(side)}`,
    );
  }
  const arr = asNDArray(a, op, true);
  if (arr.ndim !== 1) {
    throw new InvalidArgumentError(`${op}: a must be 1-d, got shape ${npShape(arr.shape)}`);
  }
  const vals = asNDArray(v, op, true);
  let sorter: Float64Array | null = null;
  const sorterOption = options?.sorter;
  if (sorterOption !== undefined && sorterOption !== null) {
    const s = asNDArray(sorterOption, op, true);
    if (s.ndim !== 1 || s.size !== arr.size) {
      throw new InvalidArgumentError(
        `${op}: sorter must be 1-d with the size of a (${arr.size}), got shape ${npShape(s.shape)}`,
      );
    }
    sorter = indexDoubles(s, sorterOption, op, "sorter indices");
  }
  const out = new BigInt64Array(vals.size);
  const [ak, vk] = comparable([arr, vals]);
  binsearch(ak, vk, side === "right", sorter, new Int32Array(out.buffer), op);
  return new NDArray(out, vals.shape, "int64");
}

/**
 * Double keys of arrays compared in their promoted dtype (each cast to it as NumPy does), exact
 * or as ranks: for sets, searches and histograms.
 */
export function comparable(arrays: readonly NDArray[]): Float64Array[] {
  const dtype = arrays.map((x) => x.dtype).reduce((p, d) => npPromote(p, d));
  const parts = arrays.map((x) => {
    const data = x.contiguousData();
    // Casting into a 64-bit integer dtype keeps the values: the keys come from the sources.
    if (isBig(dtype)) return { data, dtype: x.dtype };
    if (isBig(x.dtype)) return { data: bigToFloat64(data, x.dtype), dtype };
    return { data: castData(data, x.dtype, dtype), dtype };
  });
  return keysOf64(parts).keys;
}
