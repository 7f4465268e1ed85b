/**
 * `np.unique`, `np.isin`, `np.intersect1d`, `np.union1d`, `np.setdiff1d` and `np.setxor1d`, by
 * NumPy's own algorithms (sort, then compare neighbours) on the stable sort of `sorting.ts`:
 * values compare in their promoted dtype, -0 equals 0, and NaN equals nothing (except that
 * `np.unique` collapses NaNs into one by default, NumPy 2's `equal_nan=True`). Where NumPy picks
 * one of several equal elements (which zero, which NaN), the first in the stable order is picked,
 * as NumPy does whenever it sorts stably (`return_index`).
 *
 * @module
 */
import { InvalidArgumentError } from "../errors.ts";
import { NDArray, type NpDType, type NpTypedArray } from "../ndarray.ts";
import { checkOptions, keysOf } from "../options.ts";
import { type ArrayLike, asNDArray } from "./convert.ts";
import { alloc, castData, isBig, itemsize, kindOf } from "./dtypes.ts";
import { npPromote } from "./promote.ts";
import {
  bigToFloat64,
  comparable,
  keysOf64,
  loadRow,
  mover,
  RadixSorter,
  sortedNatively,
  sortRow,
  sortsNatively,
  stableOrder,
} from "./sorting.ts";

/** Options of `np.unique`. */
export interface UniqueOptions {
  /** Also return the index of each unique value's first occurrence. */
  return_index?: boolean;
  /** Also return, for each element, the index of its value among the unique values. */
  return_inverse?: boolean;
  /** Also return how often each unique value occurs. */
  return_counts?: boolean;
  /** Find unique slices along this axis instead of unique elements (default null). */
  axis?: number | null;
  /** Collapse all NaNs into one (default true; ignored with an axis, as NumPy). */
  equal_nan?: boolean;
  /** Sort the result (default true; the result is always sorted here). */
  sorted?: boolean;
}

/** The `UniqueOptions` that make `np.unique` return more than the values. */
export type UniqueExtras =
  | { return_index: true }
  | { return_inverse: true }
  | { return_counts: true };

/** Options of `np.isin`. */
export interface IsinOptions {
  /** Both inputs are known to be free of duplicates (a hint; the result is the same). */
  assume_unique?: boolean;
  /** Return true where the element is NOT in the test elements. */
  invert?: boolean;
  /** NumPy's algorithm: null (default), "sort", or "table" (integers and bools only). */
  kind?: "sort" | "table" | null;
}

/** Options of `np.intersect1d`. */
export interface Intersect1dOptions {
  /** Both inputs are free of duplicates: skip making them unique (NumPy's fast path). */
  assume_unique?: boolean;
  /** Also return the indices of the common values' first occurrences in each input. */
  return_indices?: boolean;
}

/** Options of `np.setdiff1d` and `np.setxor1d`. */
export interface SetOpOptions {
  /** The inputs are free of duplicates: skip making them unique (NumPy's fast path). */
  assume_unique?: boolean;
}

const UNIQUE_KEYS = keysOf<UniqueOptions>({
  return_index: true,
  return_inverse: true,
  return_counts: true,
  axis: true,
  equal_nan: true,
  sorted: true,
});
const ISIN_KEYS = keysOf<IsinOptions>({ assume_unique: true, invert: true, kind: true });
const INTERSECT_KEYS = keysOf<Intersect1dOptions>({ assume_unique: true, return_indices: true });
const SETOP_KEYS = keysOf<SetOpOptions>({ assume_unique: true });
const TWO32 = 4294967296;

function flag(value: unknown, name: string, op: string, fallback: boolean): boolean {
  if (value === undefined) return fallback;
  if (typeof value !== "boolean") {
    throw new InvalidArgumentError(`${op}: ${name} must be a boolean, got ${String(value)}`);
  }
  return value;
}

/** An int64 array of non-negative integer values below 2^53. */
function int64Of(
  values: globalThis.ArrayLike<number>,
  n: number,
  shape: readonly number[],
): NDArray {
  const out = new BigInt64Array(n);
  const w = new Int32Array(out.buffer);
  for (let i = 0; i < n; i++) {
    const v = values[i], hi = Math.floor(v / TWO32);
    w[2 * i] = v - hi * TWO32;
    w[2 * i + 1] = hi;
  }
  return new NDArray(out, shape, "int64");
}

/**
 * Flat data cast to `to` as NumPy's `astype` (64-bit integers handled as 32-bit words, without
 * making bigints).
 */
function castFlat(data: NpTypedArray, from: NpDType, to: NpDType): NpTypedArray {
  if (from === to) return data;
  if (isBig(from) && to === "float64") return bigToFloat64(data, from);
  if (isBig(to) && !isBig(from) && kindOf(from) !== "f") {
    const out = alloc(to, data.length);
    const w = new Int32Array(out.buffer);
    const d = data as Int32Array;
    for (let i = 0; i < d.length; i++) {
      const v = d[i];
      w[2 * i] = v;
      w[2 * i + 1] = v < 0 ? -1 : 0;
    }
    return out;
  }
  return castData(data, from, to);
}

/** The flattened arrays joined in their promoted dtype (NumPy's `concatenate(..., axis=None)`). */
function concatFlat(xs: readonly NDArray[]): NDArray {
  const dtype = xs.map((x) => x.dtype).reduce((p, d) => npPromote(p, d));
  const total = xs.reduce((s, x) => s + x.size, 0);
  const out = alloc(dtype, total);
  let at = 0;
  for (const x of xs) {
    (out as Float64Array).set(castFlat(x.contiguousData(), x.dtype, dtype) as Float64Array, at);
    at += x.size;
  }
  return new NDArray(out, [total], dtype);
}

function flatten(x: NDArray): NDArray {
  return new NDArray(x.contiguousData(), [x.size], x.dtype);
}

/** What `unique1d` computes besides the values. */
interface Wanted {
  index: boolean;
  inverse: boolean;
  counts: boolean;
}

/**
 * NumPy's `_unique1d` of flat data: the sorted unique values, then the requested extras, from a
 * mask over the sorted order (true where an element differs from the one before it).
 */
function unique1d(
  x: NDArray,
  want: Wanted,
  equalNan: boolean,
  inverseShape: readonly number[],
): NDArray[] {
  const data = x.contiguousData(), dtype = x.dtype, n = data.length;
  if (!want.index && !want.inverse && !want.counts) {
    if (itemsize(dtype) === 1) return [presentBytes(data, dtype)];
    const { keys: [keys], exact } = keysOf64([{ data, dtype }]);
    if (exact) {
      // Hashing pays when the distinct values are few; fewer still beside the native sort.
      const limit = n >> (sortsNatively(dtype, n) ? 5 : 3);
      const hashed = n >= 1024 ? uniqueHashed(data, dtype, keys, equalNan, limit) : null;
      return [hashed ?? uniqueSorted(data, dtype, keys, equalNan)];
    }
    const native = sortedNatively(data, dtype);
    if (native !== null) return [uniqueOfSorted(native, dtype, equalNan)];
  }
  const { order, keys, count } = stableOrder(data, dtype);
  const pos = new Int32Array(n);
  let u = 0;
  for (let i = 0; i < n; i++) {
    const isNew = i === 0 ||
      (i < count ? keys[order[i]] !== keys[order[i - 1]] : !equalNan || i === count);
    if (isNew) pos[u++] = i;
  }
  const values = alloc(dtype, u);
  const dst = mover(values), src = mover(data);
  for (let i = 0; i < u; i++) dst[i] = src[order[pos[i]]];
  const result = [new NDArray(values, [u], dtype)];
  if (want.index) {
    const first = new Float64Array(u);
    for (let i = 0; i < u; i++) first[i] = order[pos[i]];
    result.push(int64Of(first, u, [u]));
  }
  if (want.inverse) {
    const inv = new Float64Array(n);
    for (let j = 0, i = 0; j < u; j++) {
      const end = j + 1 < u ? pos[j + 1] : n;
      for (; i < end; i++) inv[order[i]] = j;
    }
    result.push(int64Of(inv, n, inverseShape));
  }
  if (want.counts) result.push(int64Of(runLengths(pos, u, n), u, [u]));
  return result;
}

/**
 * The unique values of flat data with few distinct values, by a hash table of first occurrences
 * (NumPy 2 hashes too): null as soon as more than `limit` elements are distinct, when sorting
 * them all is faster. The distinct values are then sorted, each moved bit for bit from its first
 * occurrence (-0 and 0 are one key, as NaNs are with `equalNan`), NaNs last.
 */
function uniqueHashed(
  data: NpTypedArray,
  dtype: NpDType,
  keys: Float64Array,
  equalNan: boolean,
  limit: number,
): NDArray | null {
  const n = keys.length;
  const bits = 33 - Math.clz32(limit), mask = (1 << bits) - 1, shift = 32 - bits;
  const table = new Int32Array(1 << bits).fill(-1);
  const w = new Uint32Array(keys.buffer, keys.byteOffset, 2 * n);
  const firsts = new Int32Array(limit + 1);
  let u = 0, nans = 0, firstNaN = -1;
  for (let i = 0; i < n; i++) {
    const v = keys[i];
    if (v !== v) {
      if (nans++ === 0) firstNaN = i;
      continue;
    }
    let h = v === 0
      ? 0
      : Math.imul(w[2 * i] ^ Math.imul(w[2 * i + 1], 0x9e3779b1), 0x85ebca77) >>> shift;
    let t = table[h];
    while (t !== -1 && keys[t] !== v) {
      h = (h + 1) & mask;
      t = table[h];
    }
    if (t !== -1) continue;
    if (u === limit) return null;
    table[h] = i;
    firsts[u++] = i;
  }
  const s = new RadixSorter(u, true);
  for (let j = 0; j < u; j++) {
    s.keys[j] = keys[firsts[j]] + 0;
    s.idx![j] = firsts[j];
  }
  s.sort(0, u);
  const total = u + (nans === 0 ? 0 : equalNan ? 1 : nans);
  const out = alloc(dtype, total);
  const dst = mover(out), src = mover(data);
  for (let j = 0; j < u; j++) dst[j] = src[s.idx![j]];
  if (nans > 0 && equalNan) dst[u] = src[firstNaN];
  else if (nans > 0) {
    for (let i = firstNaN, j = u; i < n; i++) if (keys[i] !== keys[i]) dst[j++] = src[i];
  }
  return new NDArray(out, [total], dtype);
}

/**
 * The unique values of sorted flat data (NaNs last, as the stable sort leaves them), in place:
 * the first of each run of equal values (-0 equal to 0), then the NaNs (the first one only with
 * `equalNan`), each moved bit for bit; returned as `sorted` itself when every value is kept,
 * else as a copy of that prefix.
 */
function uniqueOfSorted(sorted: NpTypedArray, dtype: NpDType, equalNan: boolean): NDArray {
  const n = sorted.length, a = mover(sorted);
  // Up to the first repeat the values stay where they are; then each new one moves down.
  let u = 0;
  if (isBig(dtype)) {
    const w = new Int32Array(sorted.buffer, sorted.byteOffset, 2 * n);
    const same = (i: number): boolean => w[2 * i] === w[2 * i - 2] && w[2 * i + 1] === w[2 * i - 1];
    u = Math.min(n, 1);
    while (u < n && !same(u)) u++;
    for (let i = u; i < n; i++) if (!same(i)) a[u++] = a[i];
  } else {
    const v = sorted as Float64Array;
    let m = n;
    while (m > 0 && v[m - 1] !== v[m - 1]) m--;
    u = Math.min(m, 1);
    while (u < m && v[u] !== v[u - 1]) u++;
    for (let i = u; i < m; i++) if (v[i] !== v[i - 1]) a[u++] = a[i];
    const nans = equalNan ? Math.min(1, n - m) : n - m;
    for (let i = m; i < m + nans; i++) a[u++] = a[i];
  }
  return new NDArray(u === n ? sorted : sorted.slice(0, u), [u], dtype);
}

/**
 * The unique values of flat data with exact keys: sorted in place (float64 in the sorter's own
 * buffer), then the first of each run of equal keys kept (NaNs after them: one run when
 * `equalNan`). Floats are moved bit for bit from the sorted values (whose zeros keep their signs
 * in input order); integers are written from their exact keys.
 */
function uniqueSorted(
  data: NpTypedArray,
  dtype: NpDType,
  keys: Float64Array,
  equalNan: boolean,
): NDArray {
  const native = sortedNatively(data, dtype);
  if (native !== null) return uniqueOfSorted(native, dtype, equalNan);
  const n = data.length;
  const s = new RadixSorter(n, false);
  const float = kindOf(dtype) === "f";
  const sorted = !float ? null : dtype === "float64" ? s.keys : alloc(dtype, n);
  let m = n;
  if (sorted !== null) {
    if (n > 0) m = sortRow(keys, true, 0, n, s, sorted, mover(sorted), mover(data));
  } else {
    loadRow(keys, 0, n, s);
    s.sort(0, n);
  }
  const k = s.keys;
  let u = m > 0 ? 1 : 0;
  for (let i = 1; i < m; i++) u += +(k[i] !== k[i - 1]);
  u += m < n ? (equalNan ? 1 : n - m) : 0;
  const out = alloc(dtype, u);
  if (sorted !== null) {
    const dst = mover(out), src = mover(sorted);
    let j = 0;
    for (let i = 0; i < m; i++) if (i === 0 || k[i] !== k[i - 1]) dst[j++] = src[i];
    for (let i = m; i < n && j < u; i++) dst[j++] = src[i];
  } else if (isBig(dtype)) {
    const w = new Int32Array(out.buffer);
    for (let i = 0, j = 0; i < m; i++) {
      if (i > 0 && k[i] === k[i - 1]) continue;
      const hi = Math.floor(k[i] / TWO32);
      w[2 * j] = k[i] - hi * TWO32;
      w[2 * j++ + 1] = hi;
    }
  } else {
    const o = out as Float64Array;
    for (let i = 0, j = 0; i < m; i++) if (i === 0 || k[i] !== k[i - 1]) o[j++] = k[i];
  }
  return new NDArray(out, [u], dtype);
}

function runLengths(pos: Int32Array, u: number, n: number): Float64Array {
  const out = new Float64Array(u);
  for (let i = 0; i < u; i++) out[i] = (i + 1 < u ? pos[i + 1] : n) - pos[i];
  return out;
}

/** The distinct values of 1-byte data (bool, int8, uint8) in ascending order, by a table. */
function presentBytes(data: NpTypedArray, dtype: NpDType): NDArray {
  const bias = dtype === "int8" ? 128 : 0;
  const src = data as Uint8Array;
  const seen = new Uint8Array(256);
  if (dtype === "int8") {
    const s = data as Int8Array;
    for (let i = 0; i < s.length; i++) seen[s[i] + 128] = 1;
  } else for (let i = 0; i < src.length; i++) seen[src[i]] = 1;
  let u = 0;
  for (let d = 0; d < 256; d++) u += seen[d];
  const out = alloc(dtype, u) as Uint8Array;
  for (let d = 0, i = 0; d < 256; d++) if (seen[d]) out[i++] = d - bias;
  return new NDArray(out, [u], dtype);
}

/** `x`'s elements with axis order `order` (result axis i is x's axis order[i]), row-major. */
function permuted(x: NDArray, order: readonly number[]): NDArray {
  const v = new NDArray(x.data, order.map((i) => x.shape[i]), x.dtype, {
    strides: order.map((i) => x.strides[i]),
    offset: x.offset,
  });
  return new NDArray(v.contiguousData(), v.shape, x.dtype);
}

/**
 * NumPy's `unique` along an axis: the slices along it compared as rows, lexicographically (NaN
 * after numbers, but before them for float16, as NumPy's field compares; a NaN makes a row
 * unequal to every other).
 */
function uniqueAxis(x: NDArray, axis: number, want: Wanted): NDArray[] {
  const nd = x.ndim;
  const rest = x.shape.filter((_, i) => i !== axis);
  const front = permuted(x, [axis, ...rest.map((_, i) => (i < axis ? i : i + 1))]);
  const n = x.shape[axis], m = rest.reduce((p, d) => p * d, 1);
  const data = front.data;
  const { keys: [keys] } = keysOf64([{ data, dtype: x.dtype }]);
  // Rows sorted lexicographically: stable sorts by the last column first (an LSD pass order).
  let order = new Int32Array(n);
  for (let i = 0; i < n; i++) order[i] = i;
  const s = new RadixSorter(n, true);
  const col = new Float64Array(n);
  // NumPy compares the fields of its row view with the dtype's compare, which puts NaN last
  // for float32/float64 but first for float16.
  const nanFirst = x.dtype === "float16";
  for (let c = m - 1; c >= 0 && n > 1; c--) {
    for (let i = 0; i < n; i++) col[i] = keys[order[i] * m + c];
    const count = loadRow(col, 0, n, s);
    s.sort(0, count);
    const next = new Int32Array(n), idx = s.idx!;
    const nans = nanFirst ? n - count : 0;
    for (let i = 0; i < count; i++) next[nans + i] = order[idx[i]];
    for (let i = count; i < n; i++) next[nanFirst ? i - count : i] = order[idx[i]];
    order = next;
  }
  const pos = new Int32Array(n);
  let u = 0;
  for (let i = 0; i < n; i++) {
    let isNew = i === 0;
    for (let c = 0; c < m && !isNew; c++) {
      isNew = !(keys[order[i] * m + c] === keys[order[i - 1] * m + c]);
    }
    if (isNew) pos[u++] = i;
  }
  const out = alloc(x.dtype, u * m);
  const dst = mover(out), src = mover(data);
  for (let j = 0; j < u; j++) {
    const from = order[pos[j]] * m;
    for (let c = 0; c < m; c++) dst[j * m + c] = src[from + c];
  }
  const firstShape = [u, ...rest];
  const back = Array.from({ length: nd }, (_, i) => (i < axis ? i + 1 : i === axis ? 0 : i));
  const values = permuted(new NDArray(out, firstShape, x.dtype), back);
  const result = [values];
  if (want.index) {
    const first = new Float64Array(u);
    for (let i = 0; i < u; i++) first[i] = order[pos[i]];
    result.push(int64Of(first, u, [u]));
  }
  if (want.inverse) {
    const inv = new Float64Array(n);
    for (let j = 0, i = 0; j < u; j++) {
      const end = j + 1 < u ? pos[j + 1] : n;
      for (; i < end; i++) inv[order[i]] = j;
    }
    result.push(int64Of(inv, n, [n]));
  }
  if (want.counts) result.push(int64Of(runLengths(pos, u, n), u, [u]));
  return result;
}

/**
 * The sorted unique elements of `ar` (flattened), or with `axis` the unique slices along it.
 * With `return_index`, `return_inverse` or `return_counts` the result is an array of NDArrays in
 * NumPy's order: values, first indices, inverse (the input's shape; 1-d with an axis), counts.
 * NaNs collapse into one unless `equal_nan` is false; -0 equals 0 (the first one met is kept).
 *
 * @example
 * ```ts
 * import * as np from "@denotensor/core/numpy";
 * console.log(np.unique(np.array([3, 1, 3, NaN, 1, NaN])).toString()); // [ 1.  3. nan]
 * const [values, counts] = np.unique(np.array([2, 1, 2]), { return_counts: true });
 * console.log(values.toString(), counts.toString()); // [1. 2.] [1 2]
 * ```
 */
export function unique(
  ar: ArrayLike,
  options?: UniqueOptions & { return_index?: false; return_inverse?: false; return_counts?: false },
): NDArray;
/** `np.unique` with extras requested: `[values, ...extras]`. */
export function unique(ar: ArrayLike, options: UniqueOptions & UniqueExtras): NDArray[];
/** `np.unique`: the values, or `[values, ...extras]` when extras are requested. */
export function unique(ar: ArrayLike, options?: UniqueOptions): NDArray | NDArray[];
export function unique(ar: ArrayLike, options?: UniqueOptions): NDArray | NDArray[] {
  const op = "np.unique";
  checkOptions(options, UNIQUE_KEYS, `${op} options`);
  const want: Wanted = {
    index: flag(options?.return_index, "return_index", op, false),
    inverse: flag(options?.return_inverse, "return_inverse", op, false),
    counts: flag(options?.return_counts, "return_counts", op, false),
  };
  const equalNan = flag(options?.equal_nan, "equal_nan", op, true);
  flag(options?.sorted, "sorted", op, true);
  const x = asNDArray(ar, op, true);
  const axis = options?.axis;
  let result: NDArray[];
  if (axis === undefined || axis === null) {
    result = unique1d(flatten(x), want, equalNan, x.shape);
  } else {
    if (typeof axis !== "number" || !Number.isInteger(axis)) {
      throw new InvalidArgumentError(`${op}: axis must be an integer or null, got ${String(axis)}`);
    }
    if (axis < -x.ndim || axis >= x.ndim) {
      throw new InvalidArgumentError(
        `${op}: axis ${axis} is out of bounds for array of dimension ${x.ndim}`,
      );
    }
    result = uniqueAxis(x, axis < 0 ? axis + x.ndim : axis, want);
  }
  return want.index || want.inverse || want.counts ? result : result[0];
}

/** True where each element of `keys` is among the sorted non-NaN keys `set[0, m)`. */
function members(
  keys: Float64Array,
  set: Float64Array,
  m: number,
  out: Uint8Array,
  invert: boolean,
): void {
  const hit = invert ? 0 : 1;
  for (let i = 0; i < keys.length; i++) {
    const v = keys[i];
    let lo = 0, hi = m;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (set[mid] < v) lo = mid + 1;
      else hi = mid;
    }
    out[i] = lo < m && set[lo] === v ? hit : 1 - hit;
  }
}

const ISIN_KINDS: readonly unknown[] = [undefined, null, "sort", "table"];

/** `isin` of arrays: a bool array of `element`'s shape. */
function isinArrays(el: NDArray, test: NDArray, invert: boolean): NDArray {
  const [ek, tk] = comparable([el, test]);
  const s = new RadixSorter(tk.length, false);
  const m = loadRow(tk, 0, tk.length, s);
  s.sort(0, m);
  const out = new Uint8Array(el.size);
  members(ek, s.keys, m, out, invert);
  return new NDArray(out, el.shape, "bool");
}

/**
 * Whether each element of `element` is among `test_elements` (flattened): a bool array of
 * `element`'s shape (`invert` negates it). The values compare in their promoted dtype; NaN is in
 * nothing, -0 is 0.
 *
 * @example
 * ```ts
 * import * as np from "@denotensor/core/numpy";
 * console.log(np.isin(np.array([[1, 2], [3, 4]]), [4, 2, 9]).toString()); // [[False  True]\n [False  True]]
 * console.log(np.isin(np.array([1, NaN]), [NaN, 1], { invert: true }).toString()); // [False  True]
 * ```
 */
export function isin(
  element: ArrayLike,
  test_elements: ArrayLike,
  options?: IsinOptions,
): NDArray {
  const op = "np.isin";
  checkOptions(options, ISIN_KEYS, `${op} options`);
  flag(options?.assume_unique, "assume_unique", op, false);
  const invert = flag(options?.invert, "invert", op, false);
  const kind = options?.kind;
  if (!ISIN_KINDS.includes(kind)) {
    throw new InvalidArgumentError(
      `${op}: invalid kind ${JSON.stringify(kind)}: use null, "sort" or "table"`,
    );
  }
  const el = asNDArray(element, op, true), test = asNDArray(test_elements, op, true);
  if (kind === "table" && (kindOf(el.dtype) === "f" || kindOf(test.dtype) === "f")) {
    throw new InvalidArgumentError(
      `${op}: the "table" kind is only supported for boolean or integer arrays, got ${el.dtype} ` +
        `and ${test.dtype}`,
    );
  }
  return isinArrays(el, test, invert);
}

/** The ascending stable order of 1-d `x` with a mask of neighbours equal (NaN never equal). */
function sortedPairs(x: NDArray): { order: Int32Array; same: Uint8Array } {
  const { order, keys } = stableOrder(x.contiguousData(), x.dtype);
  const n = order.length;
  const same = new Uint8Array(Math.max(0, n - 1));
  for (let i = 0; i + 1 < n; i++) same[i] = +(keys[order[i + 1]] === keys[order[i]]);
  return { order, same };
}

/** The elements of 1-d `x` at the positions `at[0, k)` of the sorted order. */
function pick(x: NDArray, order: Int32Array, at: Int32Array, k: number): NDArray {
  const out = alloc(x.dtype, k);
  const dst = mover(out), src = mover(x.contiguousData());
  for (let i = 0; i < k; i++) dst[i] = src[order[at[i]]];
  return new NDArray(out, [k], x.dtype);
}

/**
 * The sorted values common to `ar1` and `ar2` (flattened, each made unique unless
 * `assume_unique`), in their promoted dtype. With `return_indices`, `[values, indices in ar1,
 * indices in ar2]` (first occurrences).
 *
 * @example
 * ```ts
 * import * as np from "@denotensor/core/numpy";
 * console.log(np.intersect1d([1, 3, 4, 3], [3, 1, 2, 1]).toString()); // [1. 3.]
 * ```
 */
export function intersect1d(
  ar1: ArrayLike,
  ar2: ArrayLike,
  options?: Intersect1dOptions & { return_indices?: false },
): NDArray;
/** `np.intersect1d` with `return_indices`: `[values, indices in ar1, indices in ar2]`. */
export function intersect1d(
  ar1: ArrayLike,
  ar2: ArrayLike,
  options: Intersect1dOptions & { return_indices: true },
): NDArray[];
/** `np.intersect1d`: the values, or `[values, indices1, indices2]` with `return_indices`. */
export function intersect1d(
  ar1: ArrayLike,
  ar2: ArrayLike,
  options?: Intersect1dOptions,
): NDArray | NDArray[];
export function intersect1d(
  ar1: ArrayLike,
  ar2: ArrayLike,
  options?: Intersect1dOptions,
): NDArray | NDArray[] {
  const op = "np.intersect1d";
  checkOptions(options, INTERSECT_KEYS, `${op} options`);
  const assumeUnique = flag(options?.assume_unique, "assume_unique", op, false);
  const withIndices = flag(options?.return_indices, "return_indices", op, false);
  let a = flatten(asNDArray(ar1, op, true)), b = flatten(asNDArray(ar2, op, true));
  let ia: NDArray | null = null, ib: NDArray | null = null;
  if (!assumeUnique) {
    const want = { index: withIndices, inverse: false, counts: false };
    const ua = unique1d(a, want, true, a.shape), ub = unique1d(b, want, true, b.shape);
    [a, ia, b, ib] = [ua[0], ua[1] ?? null, ub[0], ub[1] ?? null];
  }
  const aux = concatFlat([a, b]);
  const { order, same } = sortedPairs(aux);
  const at = new Int32Array(same.length);
  let k = 0;
  for (let i = 0; i < same.length; i++) if (same[i]) at[k++] = i;
  const values = pick(aux, order, at, k);
  if (!withIndices) return values;
  const i1 = new Float64Array(k), i2 = new Float64Array(k);
  const first = ia === null ? null : new Float64Array(ia.size);
  const second = ib === null ? null : new Float64Array(ib.size);
  if (first !== null) first.set(bigToFloat64(ia!.data, "int64"));
  if (second !== null) second.set(bigToFloat64(ib!.data, "int64"));
  for (let j = 0; j < k; j++) {
    const p = order[at[j]], q = order[at[j] + 1] - a.size;
    i1[j] = first === null ? p : first[p];
    i2[j] = second === null ? q : second[q];
  }
  return [values, int64Of(i1, k, [k]), int64Of(i2, k, [k])];
}

/**
 * The sorted unique values in either input (flattened), in their promoted dtype; one NaN.
 *
 * @example
 * ```ts
 * import * as np from "@denotensor/core/numpy";
 * console.log(np.union1d([-1, 0, 1], [-2, 0, 2]).toString()); // [-2. -1.  0.  1.  2.]
 * ```
 */
export function union1d(ar1: ArrayLike, ar2: ArrayLike): NDArray {
  const op = "np.union1d";
  const aux = concatFlat([asNDArray(ar1, op, true), asNDArray(ar2, op, true)]);
  return unique1d(aux, { index: false, inverse: false, counts: false }, true, aux.shape)[0];
}

/**
 * The sorted unique values of `ar1` that are not in `ar2` (flattened), in `ar1`'s dtype; with
 * `assume_unique`, `ar1` as it is (not sorted).
 *
 * @example
 * ```ts
 * import * as np from "@denotensor/core/numpy";
 * console.log(np.setdiff1d([1, 2, 3, 2, 4, 1], [3, 4, 5, 6]).toString()); // [1. 2.]
 * ```
 */
export function setdiff1d(ar1: ArrayLike, ar2: ArrayLike, options?: SetOpOptions): NDArray {
  const op = "np.setdiff1d";
  checkOptions(options, SETOP_KEYS, `${op} options`);
  const assumeUnique = flag(options?.assume_unique, "assume_unique", op, false);
  const none = { index: false, inverse: false, counts: false };
  let a = flatten(asNDArray(ar1, op, true)), b = asNDArray(ar2, op, true);
  if (!assumeUnique) {
    a = unique1d(a, none, true, a.shape)[0];
    b = unique1d(flatten(b), none, true, [b.size])[0];
  }
  const keep = isinArrays(a, b, true).data as Uint8Array;
  const at = new Int32Array(a.size);
  let k = 0;
  for (let i = 0; i < keep.length; i++) if (keep[i]) at[k++] = i;
  const identity = new Int32Array(a.size);
  for (let i = 0; i < identity.length; i++) identity[i] = i;
  return pick(a, identity, at, k);
}

/**
 * The sorted values in exactly one of the inputs (flattened, each made unique unless
 * `assume_unique`), in their promoted dtype; NaNs, equal to nothing, all stay.
 *
 * @example
 * ```ts
 * import * as np from "@denotensor/core/numpy";
 * console.log(np.setxor1d([1, 2, 3, 2, 4], [2, 3, 5, 7, 5]).toString()); // [1. 4. 5. 7.]
 * ```
 */
export function setxor1d(ar1: ArrayLike, ar2: ArrayLike, options?: SetOpOptions): NDArray {
  const op = "np.setxor1d";
  checkOptions(options, SETOP_KEYS, `${op} options`);
  const assumeUnique = flag(options?.assume_unique, "assume_unique", op, false);
  const none = { index: false, inverse: false, counts: false };
  let a = flatten(asNDArray(ar1, op, true)), b = flatten(asNDArray(ar2, op, true));
  if (!assumeUnique) {
    a = unique1d(a, none, true, a.shape)[0];
    b = unique1d(b, none, true, b.shape)[0];
  }
  const aux = concatFlat([a, b]);
  const { order, same } = sortedPairs(aux);
  const n = aux.size;
  const at = new Int32Array(n);
  let k = 0;
  for (let i = 0; i < n; i++) {
    const before = i > 0 && same[i - 1] === 1, after = i + 1 < n && same[i] === 1;
    if (!before && !after) at[k++] = i;
  }
  return pick(aux, order, at, k);
}
