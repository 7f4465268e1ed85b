/**
 * `np.take`, `np.take_along_axis`, `np.put_along_axis`, `np.nonzero`, `np.argwhere` and
 * `np.flatnonzero`. Elements move bit for bit through typed-array views of their bytes (one
 * element per load and store; 8-byte ones as doubles, which V8 copies without touching NaN bits),
 * and the int64 results are written as little-endian 32-bit words, so no bigints are made.
 *
 * @module
 */
import { InvalidArgumentError } from "../errors.ts";
import { NDArray, type NpTypedArray } from "../ndarray.ts";
import { checkOptions, keysOf } from "../options.ts";
import { contiguousStrides } from "../shape.ts";
import { broadcastShape, npShape } from "./broadcast.ts";
import { type ArrayLike, asNDArray, toArray } from "./convert.ts";
import { alloc, kindOf } from "./dtypes.ts";
import { indexDoubles, type Mover, mover } from "./sorting.ts";

/** Options of `np.take`. */
export interface TakeOptions {
  /** The axis to take along; null (the default) takes from the flattened array. */
  axis?: number | null;
  /**
   * Out-of-range indices: "raise" (default) is an error, "wrap" wraps them around, "clip" clips
   * them to the axis (negative indices then give the first element).
   */
  mode?: "raise" | "wrap" | "clip";
}

/** Options of `np.take_along_axis`. */
export interface TakeAlongAxisOptions {
  /** The axis to take along (default -1, the last); null takes from the flattened array. */
  axis?: number | null;
}

const TAKE_KEYS = keysOf<TakeOptions>({ axis: true, mode: true });
const TAKE_ALONG_KEYS = keysOf<TakeAlongAxisOptions>({ axis: true });

function int64Words(a: BigInt64Array): Int32Array {
  return new Int32Array(a.buffer, a.byteOffset, 2 * a.length);
}

/** The axis `axis` of an `ndim`-d array, or NumPy's AxisError. */
function axisOf(axis: unknown, ndim: number, op: string): number {
  if (typeof axis !== "number" || !Number.isInteger(axis)) {
    throw new InvalidArgumentError(`${op}: axis must be an integer or null, got ${String(axis)}`);
  }
  if (axis < -ndim || axis >= ndim) {
    throw new InvalidArgumentError(
      `${op}: axis ${axis} is out of bounds for array of dimension ${ndim}`,
    );
  }
  return axis < 0 ? axis + ndim : axis;
}

/** Checks a 1-d array's `axis` option (0, -1 or null). */
function checkAxisOf(axis: number | null | undefined, op: string): void {
  if (axis !== null) axisOf(axis ?? -1, 1, op);
}

function flat(x: NDArray): NDArray {
  return new NDArray(x.contiguousData(), [x.size], x.dtype);
}

function prod(shape: readonly number[]): number {
  return shape.reduce((p, d) => p * d, 1);
}

/** `v` as NumPy prints an index in its messages. */
function showIndex(v: number): string {
  return Number.isSafeInteger(v) ? String(v) : BigInt(v).toString();
}

function outOfBounds(op: string, v: number, axis: number, n: number): InvalidArgumentError {
  return new InvalidArgumentError(
    `${op}: index ${showIndex(v)} is out of bounds for axis ${axis} with size ${n}`,
  );
}

/**
 * Elements of `a` at `indices` along `axis` (of the flattened array when axis is null, the
 * default): the result's shape is `a`'s with that axis replaced by the indices' shape. Negative
 * indices count from the end; `mode` says what out-of-range ones do. JS numbers must be
 * integers; index arrays must have an integer (or bool) dtype.
 *
 * @example
 * ```ts
 * import * as np from "@denotensor/core/numpy";
 * const a = np.array([[1, 2, 3], [4, 5, 6]]);
 * console.log(np.take(a, [0, 5]).toString()); // [1. 6.]
 * console.log(np.take(a, [2, -3], { axis: 1 }).toString()); // [[3. 1.]\n [6. 4.]]
 * console.log(np.take(a, [7], { mode: "clip" }).toString()); // [6.]
 * ```
 */
export function take(a: ArrayLike, indices: ArrayLike, options?: TakeOptions): NDArray {
  const op = "np.take";
  checkOptions(options, TAKE_KEYS, `${op} options`);
  const mode = options?.mode ?? "raise";
  if (mode !== "raise" && mode !== "wrap" && mode !== "clip") {
    throw new InvalidArgumentError(
      `${op}: mode must be "raise", "wrap" or "clip", got ${JSON.stringify(mode)}`,
    );
  }
  let x = asNDArray(a, op, true);
  let axis = 0;
  if (options?.axis === undefined || options.axis === null) x = flat(x);
  else axis = axisOf(options.axis, x.ndim, op);
  const ind = asNDArray(indices, op, true);
  const n = x.shape[axis];
  if (n === 0 && ind.size > 0) {
    throw new InvalidArgumentError(`${op}: cannot do a non-empty take from an empty axis`);
  }
  const outer = prod(x.shape.slice(0, axis)), inner = prod(x.shape.slice(axis + 1));
  const shape = [...x.shape.slice(0, axis), ...ind.shape, ...x.shape.slice(axis + 1)];
  const out = alloc(x.dtype, prod(shape));
  if (out.length === 0) return new NDArray(out, shape, x.dtype);
  const dst = mover(out), src = mover(x.contiguousData());
  const fix = (v: number): number => position(v, n, mode, op, axis);
  if (inner === 1 && ind.dtype === "int64") {
    // The common case (flat, or the last axis, int64 indices): read the index words directly.
    const d = ind.contiguousData();
    gatherInt64(dst, src, new Int32Array(d.buffer, d.byteOffset, 2 * d.length), outer, n, fix);
  } else {
    const idx = indexDoubles(ind, indices, op, "indices");
    const at = new Int32Array(idx.length);
    for (let i = 0; i < idx.length; i++) {
      const v = idx[i];
      at[i] = v >= 0 && v < n ? v : fix(v);
    }
    gatherBlocks(dst, src, at, outer, n, inner);
  }
  return new NDArray(out, shape, x.dtype);
}

/** An index outside `[0, n)` as a position by `mode` (NumPy's IndexError for "raise"). */
function position(v: number, n: number, mode: string, op: string, axis: number): number {
  if (v >= 0 && v < n) return v;
  if (mode === "raise") {
    if (v < -n || v >= n) throw outOfBounds(op, v, axis, n);
    return v + n;
  }
  if (mode === "wrap") return ((v % n) + n) % n;
  return v < 0 ? 0 : n - 1;
}

/** `gatherBlocks` with one element per index, the indices as int64 words. */
function gatherInt64(
  dst: Mover,
  src: Mover,
  w: Int32Array,
  outer: number,
  n: number,
  fix: (v: number) => number,
): void {
  const k = w.length >> 1;
  for (let o = 0, at = 0; o < outer; o++) {
    const base = o * n;
    for (let j = 0; j < k; j++) {
      const lo = w[2 * j], hi = w[2 * j + 1];
      const p = hi === 0 && lo >= 0 && lo < n ? lo : fix(hi * 4294967296 + (lo >>> 0));
      dst[at++] = src[base + p];
    }
  }
}

/** For each of `outer` blocks of `n * inner` elements, the `inner`-runs at `idx`, in order. */
function gatherBlocks(
  dst: Mover,
  src: Mover,
  idx: Int32Array,
  outer: number,
  n: number,
  inner: number,
): void {
  const k = idx.length;
  if (inner === 1) {
    for (let o = 0, at = 0; o < outer; o++) {
      const base = o * n;
      for (let j = 0; j < k; j++) dst[at++] = src[base + idx[j]];
    }
    return;
  }
  for (let o = 0, at = 0; o < outer; o++) {
    for (let j = 0; j < k; j++) {
      const from = (o * n + idx[j]) * inner;
      for (let i = 0; i < inner; i++) dst[at++] = src[from + i];
    }
  }
}

/** `dst[k] = src[at[k]]`, bit for bit. */
function gatherAt(dst: Mover, src: Mover, at: Int32Array): void {
  for (let k = 0; k < at.length; k++) dst[k] = src[at[k]];
}

/** `dst[at[k]] = src[from[k]]` (`src[k]` without `from`) in order: the last write wins. */
function scatterAt(dst: Mover, at: Int32Array, src: Mover, from: Float64Array | null): void {
  if (from === null) { for (let k = 0; k < at.length; k++) dst[at[k]] = src[k]; }
  else for (let k = 0; k < at.length; k++) dst[at[k]] = src[from[k]];
}

/** The fancy-index plan of take/put_along_axis: the result shape and the strided walks. */
interface AlongPlan {
  /** The result's shape (the indices broadcast against `arr` off the axis). */
  shape: number[];
  /** `arr`'s element step per result axis (0 on the axis and where broadcast). */
  arrSteps: number[];
  /** The indices' element step per result axis (0 where broadcast). */
  indSteps: number[];
  /** `arr`'s element step along the axis. */
  axisStep: number;
  /** `arr`'s element offset. */
  offset: number;
  /** The index values, row-major, normalised to [0, n). */
  idx: Float64Array;
}

function alongPlan(
  arr: NDArray,
  ind: NDArray,
  raw: unknown,
  axisOption: number | null | undefined,
  op: string,
): AlongPlan {
  if (kindOf(ind.dtype) === "b") {
    throw new InvalidArgumentError(`${op}: \`indices\` must be an integer array, got bool`);
  }
  const idx = indexDoubles(ind, raw, op, "`indices`");
  let x = arr, axis: number;
  if (axisOption === null) {
    if (ind.ndim !== 1) {
      throw new InvalidArgumentError(
        `${op}: when axis is null, \`indices\` must have a single dimension, got shape ${
          npShape(ind.shape)
        }`,
      );
    }
    x = arr.ndim === 1 ? arr : flat(arr);
    axis = 0;
  } else {
    axis = axisOf(axisOption ?? -1, arr.ndim, op);
    if (ind.ndim !== arr.ndim) {
      throw new InvalidArgumentError(
        `${op}: \`indices\` and \`arr\` must have the same number of dimensions (got ${ind.ndim} ` +
          `and ${arr.ndim})`,
      );
    }
  }
  const n = x.shape[axis];
  for (let i = 0; i < idx.length; i++) {
    const v = idx[i];
    if (v >= 0 && v < n) continue;
    if (v < -n || v >= n) throw outOfBounds(op, v, axis, n);
    idx[i] = v + n;
  }
  const other = x.shape.map((d, i) => (i === axis ? 1 : d));
  const shape = broadcastShape([other, ind.shape], op);
  shape[axis] = ind.shape[axis];
  const indStrides = contiguousStrides(ind.shape);
  return {
    shape,
    arrSteps: shape.map((_, i) => (i === axis || x.shape[i] === 1 ? 0 : x.strides[i])),
    indSteps: shape.map((_, i) => (ind.shape[i] === 1 ? 0 : indStrides[i])),
    axisStep: x.strides[axis],
    offset: x.offset,
    idx,
  };
}

/**
 * The offset in `arr`'s data of every element of the plan's result (row-major), the element it
 * reads (take) or writes (put), into `out`.
 */
function alongOffsets(p: AlongPlan): Int32Array {
  const { shape, arrSteps, indSteps, axisStep, idx } = p;
  const size = prod(shape);
  const out = new Int32Array(size);
  if (size === 0) return out;
  const nd = shape.length, last = nd - 1;
  const len = shape[last], aLast = arrSteps[last], iLast = indSteps[last];
  const pos = new Array<number>(nd).fill(0);
  let a0 = p.offset, i0 = 0;
  for (let k = 0; k < size; k += len) {
    rowOffsets(out, k, len, a0, aLast, idx, i0, iLast, axisStep);
    for (let d = last - 1; d >= 0; d--) {
      a0 += arrSteps[d];
      i0 += indSteps[d];
      if (++pos[d] < shape[d]) break;
      a0 -= arrSteps[d] * shape[d];
      i0 -= indSteps[d] * shape[d];
      pos[d] = 0;
    }
  }
  return out;
}

function rowOffsets(
  out: Int32Array,
  k: number,
  len: number,
  a0: number,
  aStep: number,
  idx: Float64Array,
  i0: number,
  iStep: number,
  axisStep: number,
): void {
  for (let j = 0; j < len; j++) out[k + j] = a0 + j * aStep + idx[i0 + j * iStep] * axisStep;
}

/**
 * Elements of `arr` at `indices` along `axis` (default -1; null: the flattened array with 1-d
 * indices), matching the indices' positions: `indices` has `arr`'s number of dimensions and
 * broadcasts against it off the axis. The partner of `np.argsort` and `np.argpartition`.
 *
 * @example
 * ```ts
 * import * as np from "@denotensor/core/numpy";
 * const a = np.array([[10, 30, 20], [60, 40, 50]]);
 * console.log(np.take_along_axis(a, np.argsort(a, { axis: 1 }), { axis: 1 }).toString()); // [[10. 20. 30.]\n [40. 50. 60.]]
 * ```
 */
export function take_along_axis(
  arr: ArrayLike,
  indices: ArrayLike,
  options?: TakeAlongAxisOptions,
): NDArray {
  const op = "np.take_along_axis";
  checkOptions(options, TAKE_ALONG_KEYS, `${op} options`);
  const x = asNDArray(arr, op, true);
  const ind = asNDArray(indices, op, true);
  if (x.ndim === 1 && ind.ndim === 1 && ind.dtype === "int64") {
    // 1-d (as after argsort): a gather straight from the int64 index words.
    checkAxisOf(options?.axis, op);
    const n = x.size, out = alloc(x.dtype, ind.size);
    const d = ind.contiguousData(), data = x.contiguousData();
    const fix = (v: number): number => position(v, n, "raise", op, 0);
    gatherInt64(
      mover(out),
      mover(data),
      new Int32Array(d.buffer, d.byteOffset, 2 * d.length),
      1,
      n,
      fix,
    );
    return new NDArray(out, ind.shape, x.dtype);
  }
  const p = alongPlan(x, ind, indices, options?.axis, op);
  const out = alloc(x.dtype, prod(p.shape));
  gatherAt(mover(out), mover(x.data), alongOffsets(p));
  return new NDArray(out, p.shape, x.dtype);
}

/**
 * Writes `values` into the NDArray `arr` in place at `indices` along `axis` (null: the flattened
 * array), the inverse of `np.take_along_axis`: `values` broadcasts to the indexed shape and is
 * cast to `arr`'s dtype (JS numbers as NumPy's Python scalars: an integer out of range is an
 * error, a fraction is truncated for integer dtypes). Of repeated indices, the last write wins.
 *
 * @example
 * ```ts
 * import * as np from "@denotensor/core/numpy";
 * const a = np.zeros([2, 3]);
 * np.put_along_axis(a, np.array([[0], [2]], "int64"), 9, 1);
 * console.log(a.toString()); // [[9. 0. 0.]\n [0. 0. 9.]]
 * ```
 */
export function put_along_axis(
  arr: NDArray,
  indices: ArrayLike,
  values: ArrayLike,
  axis: number | null,
): void {
  const op = "np.put_along_axis";
  if (!(arr instanceof NDArray)) {
    throw new InvalidArgumentError(
      `${op}: arr must be an NDArray (it is changed in place), got ${
        arr === null ? "null" : typeof arr === "object" ? "another object" : typeof arr
      }`,
    );
  }
  if (axis === undefined) {
    throw new InvalidArgumentError(`${op}: axis must be an integer or null, got undefined`);
  }
  // With a null axis the writes go through the flat view, which NumPy makes writable only for a
  // contiguous array (a copy of any other, read-only).
  let target = arr;
  if (axis === null && arr.ndim !== 1) {
    const rm = contiguousStrides(arr.shape);
    if (!arr.shape.every((d, i) => d === 1 || arr.strides[i] === rm[i])) {
      throw new InvalidArgumentError(
        `${op}: assignment destination is read-only: with axis null, arr must be contiguous`,
      );
    }
    target = new NDArray(arr.data, [arr.size], arr.dtype, { offset: arr.offset });
  }
  const p = alongPlan(target, asNDArray(indices, op, true), indices, axis, op);
  const v = toArray(values, arr.dtype, op);
  const vShape = broadcastShapeTo(v.shape, p.shape, op);
  const vals = new NDArray(v.contiguousData(), vShape.own, v.dtype);
  const vData = mover(vals.data);
  const vStrides = contiguousStrides(vShape.own);
  const lead = p.shape.length - vShape.own.length;
  const steps = p.shape.map((_, i) =>
    i < lead || vShape.own[i - lead] === 1 ? 0 : vStrides[i - lead]
  );
  const dst = mover(arr.data);
  // The value read for result element k: walk its broadcast offsets alongside.
  const vOffsets = broadcastOffsets(p.shape, steps);
  scatterAt(dst, alongOffsets(p), vData, vOffsets);
}

/** Checks that `shape` broadcasts to `target` (NumPy's setitem error otherwise). */
function broadcastShapeTo(
  shape: readonly number[],
  target: readonly number[],
  op: string,
): { own: number[] } {
  const lead = target.length - shape.length;
  const ok = lead >= 0 && shape.every((d, i) => d === 1 || d === target[lead + i]);
  if (!ok) {
    throw new InvalidArgumentError(
      `${op}: shape mismatch: value array of shape ${npShape(shape)} could not be broadcast to ` +
        `indexing result of shape ${npShape(target)}`,
    );
  }
  return { own: shape.slice() };
}

/** Row-major offsets of a broadcast walk with element `steps`, or null for the identity. */
function broadcastOffsets(shape: readonly number[], steps: readonly number[]): Float64Array | null {
  const rm = contiguousStrides(shape);
  if (steps.every((s, i) => s === rm[i] || shape[i] === 1)) return null;
  const size = prod(shape);
  const out = new Float64Array(size);
  const pos = new Array<number>(shape.length).fill(0);
  let p = 0;
  for (let k = 0; k < size; k++) {
    out[k] = p;
    for (let d = shape.length - 1; d >= 0; d--) {
      p += steps[d];
      if (++pos[d] < shape[d]) break;
      p -= steps[d] * shape[d];
      pos[d] = 0;
    }
  }
  return out;
}

/**
 * The flat (row-major) positions of the non-zero elements of `data` (NaN included, -0 not): as
 * int64 words (the high words 0) in `words` when given (`count` of them), else as int32.
 */
function flatPositions(data: NpTypedArray): Int32Array {
  const out = new Int32Array(countNonzero(data));
  fillPositions(data, out, 1);
  return out;
}

function countNonzero(data: NpTypedArray): number {
  const n = data.length;
  let count = 0;
  if (data instanceof BigInt64Array || data instanceof BigUint64Array) {
    const w = new Int32Array(data.buffer, data.byteOffset, 2 * n);
    for (let i = 0; i < n; i++) count += +((w[2 * i] | w[2 * i + 1]) !== 0);
    return count;
  }
  const d = data as Float64Array;
  for (let i = 0; i < n; i++) count += +(d[i] !== 0);
  return count;
}

/** Writes the positions of the non-zero elements to `out[0]`, `out[step]`, `out[2 * step]`... */
function fillPositions(data: NpTypedArray, out: Int32Array, step: number): void {
  const n = data.length;
  // Branch-free: every position is written, and kept (by moving on) only when non-zero; a
  // write past the end of `out` is dropped.
  if (data instanceof BigInt64Array || data instanceof BigUint64Array) {
    const w = new Int32Array(data.buffer, data.byteOffset, 2 * n);
    for (let i = 0, at = 0; i < n; i++) {
      out[at] = i;
      at += step * +((w[2 * i] | w[2 * i + 1]) !== 0);
    }
    return;
  }
  const d = data as Float64Array;
  for (let i = 0, at = 0; i < n; i++) {
    out[at] = i;
    at += step * +(d[i] !== 0);
  }
}

/** The positions of the non-zero elements as an int64 array, written as words directly. */
function int64Positions(data: NpTypedArray): BigInt64Array {
  const out = new BigInt64Array(countNonzero(data));
  fillPositions(data, int64Words(out), 2);
  return out;
}

/** Int64 words of `k`-th coordinates: `out[2 * (i * step + at)] = coordinate of flat[i]`. */
function coordinateInto(
  flat: Int32Array,
  stride: number,
  extent: number,
  out: Int32Array,
  step: number,
  at: number,
): void {
  for (let i = 0; i < flat.length; i++) {
    out[2 * (i * step + at)] = Math.floor(flat[i] / stride) % extent;
  }
}

/**
 * The indices of the non-zero elements (NaN counts as non-zero): one int64 array per axis, in
 * row-major order (NumPy's tuple, as a JS array). A 0-d array is an error, as in NumPy 2.
 *
 * @example
 * ```ts
 * import * as np from "@denotensor/core/numpy";
 * const [rows, cols] = np.nonzero(np.array([[0, 3], [4, 0]]));
 * console.log(rows.toString(), cols.toString()); // [0 1] [1 0]
 * ```
 */
export function nonzero(a: ArrayLike): NDArray[] {
  const op = "np.nonzero";
  const x = asNDArray(a, op, true);
  if (x.ndim === 0) {
    throw new InvalidArgumentError(
      `${op}: calling nonzero on 0d arrays is not allowed: use np.atleast_1d(scalar).nonzero() ` +
        `instead`,
    );
  }
  if (x.ndim === 1) {
    const out = int64Positions(x.contiguousData());
    return [new NDArray(out, [out.length], "int64")];
  }
  const flat = flatPositions(x.contiguousData());
  const strides = contiguousStrides(x.shape);
  return x.shape.map((extent, k) => {
    const out = new BigInt64Array(flat.length);
    coordinateInto(flat, strides[k], extent, int64Words(out), 1, 0);
    return new NDArray(out, [flat.length], "int64");
  });
}

/**
 * The coordinates of the non-zero elements as rows of an int64 `[count, ndim]` array (a 0-d
 * input gives shape `[1, 0]` or `[0, 0]`, as NumPy).
 *
 * @example
 * ```ts
 * import * as np from "@denotensor/core/numpy";
 * console.log(np.argwhere(np.array([[0, 3], [4, 0]])).toString()); // [[0 1]\n [1 0]]
 * ```
 */
export function argwhere(a: ArrayLike): NDArray {
  const op = "np.argwhere";
  const x = asNDArray(a, op, true);
  const flat = flatPositions(x.contiguousData());
  const nd = x.ndim, count = flat.length;
  const out = new BigInt64Array(count * nd);
  const strides = contiguousStrides(x.shape);
  const w = int64Words(out);
  for (let k = 0; k < nd; k++) coordinateInto(flat, strides[k], x.shape[k], w, nd, k);
  return new NDArray(out, [count, nd], "int64");
}

/**
 * The flat (row-major) indices of the non-zero elements, int64.
 *
 * @example
 * ```ts
 * import * as np from "@denotensor/core/numpy";
 * console.log(np.flatnonzero(np.array([[0, 3], [4, 0]])).toString()); // [1 2]
 * ```
 */
export function flatnonzero(a: ArrayLike): NDArray {
  const x = asNDArray(a, "np.flatnonzero", true);
  const out = int64Positions(x.contiguousData());
  return new NDArray(out, [out.length], "int64");
}
