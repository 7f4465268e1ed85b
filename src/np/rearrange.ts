/**
 * Rearranging elements: `flip`, `fliplr`, `flipud` and `rot90` (views, as NumPy's), `tile`,
 * `repeat` and `roll` (copies, made with block moves or the copy kernel over broadcast views).
 *
 * @module
 */
import { InvalidArgumentError } from "../errors.ts";
import { NDArray } from "../ndarray.ts";
import { checkOptions, keysOf } from "../options.ts";
import { contiguousStrides } from "../shape.ts";
import { npShape } from "./broadcast.ts";
import { type ArrayLike, asNDArray } from "./convert.ts";
import { alloc } from "./dtypes.ts";
import { permute, ravel } from "./shape.ts";
import {
  copyInto,
  describe,
  integer,
  normalizeAxes,
  normalizeAxis,
  rowMajor,
  sliceAxis,
  view,
  words,
} from "./strided.ts";

/** A view of `x` reversed along `axes`. */
function flipView(x: NDArray, axes: readonly number[]): NDArray {
  const strides = x.strides.slice();
  let offset = x.offset;
  for (const a of axes) {
    if (x.shape[a] > 0) offset += (x.shape[a] - 1) * x.strides[a];
    strides[a] = -x.strides[a];
  }
  return x.size === 0 ? view(x, x.shape, x.strides, x.offset) : view(x, x.shape, strides, offset);
}

/** Options of `np.flip`. */
export interface FlipOptions {
  /** The axis or axes to reverse (default: all). */
  axis?: number | readonly number[] | null;
}

const FLIP_KEYS = keysOf<FlipOptions>({ axis: true });

/**
 * `m` with the order of its elements reversed along `axis` (every axis by default): a view.
 *
 * @example
 * ```ts
 * import * as np from "@denotensor/core/numpy";
 * const a = np.array([[1, 2], [3, 4]], "int32");
 * console.log(np.flip(a).toString(), np.flip(a, { axis: 1 }).toString()); // [[4 3]\n [2 1]] [[2 1]\n [4 3]]
 * ```
 */
export function flip(m: ArrayLike, options?: FlipOptions): NDArray {
  const op = "np.flip";
  checkOptions(options, FLIP_KEYS, `${op} options`);
  const x = asNDArray(m, op, true);
  const axis = options?.axis;
  const axes = axis === undefined || axis === null
    ? x.shape.map((_, i) => i)
    : normalizeAxes(axis, x.ndim, op);
  return flipView(x, axes);
}

/**
 * `m` reversed left to right (along axis 1; at least 2-d): a view.
 *
 * @example
 * ```ts
 * import * as np from "@denotensor/core/numpy";
 * console.log(np.fliplr(np.array([[1, 2, 3]], "int32")).toString()); // [[3 2 1]]
 * ```
 */
export function fliplr(m: ArrayLike): NDArray {
  const x = asNDArray(m, "np.fliplr", true);
  if (x.ndim < 2) {
    throw new InvalidArgumentError(`np.fliplr: input must be >= 2-d, got ${x.ndim}-d`);
  }
  return flipView(x, [1]);
}

/**
 * `m` reversed up to down (along axis 0; at least 1-d): a view.
 *
 * @example
 * ```ts
 * import * as np from "@denotensor/core/numpy";
 * console.log(np.flipud(np.array([1, 2, 3], "int32")).toString()); // [3 2 1]
 * ```
 */
export function flipud(m: ArrayLike): NDArray {
  const x = asNDArray(m, "np.flipud", true);
  if (x.ndim < 1) {
    throw new InvalidArgumentError(`np.flipud: input must be >= 1-d, got ${x.ndim}-d`);
  }
  return flipView(x, [0]);
}

/** Options of `np.rot90`. */
export interface Rot90Options {
  /** The number of quarter turns (default 1; negative turns the other way). */
  k?: number;
  /** The plane of the rotation, from the first axis toward the second (default [0, 1]). */
  axes?: readonly [number, number] | readonly number[];
}

const ROT90_KEYS = keysOf<Rot90Options>({ k: true, axes: true });

/**
 * `m` rotated by 90 degrees `k` times in the plane of `axes`, from the first axis toward the
 * second: a view.
 *
 * @example
 * ```ts
 * import * as np from "@denotensor/core/numpy";
 * console.log(np.rot90(np.array([[1, 2], [3, 4]], "int32")).toString()); // [[2 4]\n [1 3]]
 * ```
 */
export function rot90(m: ArrayLike, options?: Rot90Options): NDArray {
  const op = "np.rot90";
  checkOptions(options, ROT90_KEYS, `${op} options`);
  const axes = options?.axes ?? [0, 1];
  if (!Array.isArray(axes) || axes.length !== 2) {
    throw new InvalidArgumentError(`${op}: len(axes) must be 2, got ${describe(axes)}`);
  }
  const x = asNDArray(m, op, true);
  const n = x.ndim;
  const [a0, a1] = axes.map((a) => integer(a, "an axis", op));
  if (a0 === a1 || Math.abs(a0 - a1) === n) {
    throw new InvalidArgumentError(`${op}: axes must be different, got ${describe(axes)}`);
  }
  if (a0 >= n || a0 < -n || a1 >= n || a1 < -n) {
    throw new InvalidArgumentError(
      `${op}: axes ${describe(axes)} out of range for array of ndim ${n}`,
    );
  }
  const i = a0 < 0 ? a0 + n : a0, j = a1 < 0 ? a1 + n : a1;
  const k = ((integer(options?.k ?? 1, "k", op) % 4) + 4) % 4;
  if (k === 0) return view(x, x.shape, x.strides, x.offset);
  if (k === 2) return flipView(x, [i, j]);
  const perm = x.shape.map((_, d) => (d === i ? j : d === j ? i : d));
  return k === 1 ? permute(flipView(x, [j]), perm) : flipView(permute(x, perm), [j]);
}

/**
 * `A` repeated `reps` times along each axis (`reps` an integer or one count per axis; the shorter
 * of `A`'s shape and `reps` is padded with leading ones).
 *
 * @example
 * ```ts
 * import * as np from "@denotensor/core/numpy";
 * const a = np.array([1, 2], "int32");
 * console.log(np.tile(a, 2).toString(), np.tile(a, [2, 1]).toString()); // [1 2 1 2] [[1 2]\n [1 2]]
 * ```
 */
export function tile(A: ArrayLike, reps: number | readonly number[]): NDArray {
  const op = "np.tile";
  const x = asNDArray(A, op, true);
  const list = typeof reps === "number" ? [reps] : reps;
  if (!Array.isArray(list)) {
    throw new InvalidArgumentError(
      `${op}: reps must be an integer or an array of integers, got ${describe(reps)}`,
    );
  }
  list.forEach((r) => integer(r, "reps", op));
  const d = Math.max(list.length, x.ndim);
  const shape = [...new Array(d - x.ndim).fill(1), ...x.shape];
  const strides = [...new Array(d - x.ndim).fill(0), ...x.strides];
  const t = [...new Array(d - list.length).fill(1), ...list];
  if (shape.some((s, i) => s > 0 && t[i] < 0)) {
    throw new InvalidArgumentError(
      `${op}: negative dimensions are not allowed: reps ${describe(reps)} for shape ` +
        `${npShape(x.shape)}`,
    );
  }
  const outShape = shape.map((s, i) => (s === 0 ? 0 : s * t[i]));
  // The source as [t0, s0, t1, s1, ...] with stride 0 on the repeats: one copy.
  const srcShape = shape.flatMap((s, i) => [Math.max(t[i], 0), s]);
  const src = view(x, srcShape, strides.flatMap((st) => [0, st]), x.offset);
  const out = new NDArray(alloc(x.dtype, src.size), srcShape, x.dtype);
  copyInto(src, out);
  return new NDArray(out.data, outShape, x.dtype);
}

/** Options of `np.repeat`. */
export interface RepeatOptions {
  /** The axis along which to repeat (default: the flattened array). */
  axis?: number | null;
}

const REPEAT_KEYS = keysOf<RepeatOptions>({ axis: true });

/** The repeat counts: one integer, or one per element along the axis. */
function repeatCounts(repeats: unknown, n: number, op: string): number | Float64Array {
  if (typeof repeats === "number" || typeof repeats === "bigint") {
    const r = integer(Number(repeats), "repeats", op);
    if (r < 0) {
      throw new InvalidArgumentError(`${op}: repeats may not contain negative values, got ${r}`);
    }
    return r;
  }
  let list: Float64Array;
  if (Array.isArray(repeats) && repeats.every((r) => typeof r === "number")) {
    list = new Float64Array(repeats.map((r) => integer(r, "repeats", op)));
  } else {
    const a = asNDArray(repeats as ArrayLike, op, true);
    if (a.ndim > 1 || !/^(u?int|bool)/.test(a.dtype)) {
      throw new InvalidArgumentError(
        `${op}: repeats must be an integer or a 1-d array of integers, got a ${a.dtype} array ` +
          `of shape ${npShape(a.shape)}`,
      );
    }
    const flat = a.contiguousData();
    list = new Float64Array(flat.length);
    for (let i = 0; i < flat.length; i++) list[i] = Number(flat[i]);
  }
  if (list.some((r) => r < 0)) {
    throw new InvalidArgumentError(`${op}: repeats may not contain negative values`);
  }
  if (list.length === 1) return list[0];
  if (list.length !== n) {
    throw new InvalidArgumentError(
      `${op}: operands could not be broadcast together with shape (${n},) (${list.length},)`,
    );
  }
  return list;
}

/**
 * The element words of `repeat`: for each of `outer` blocks, each of the `n` rows of `blk` words
 * of `S` written `counts[j]` times into `D`, in order.
 */
function repeatWords(
  S: Uint8Array | Uint16Array | Int32Array,
  D: Uint8Array | Uint16Array | Int32Array,
  outer: number,
  n: number,
  blk: number,
  counts: Float64Array,
): void {
  let q = 0;
  for (let o = 0; o < outer; o++) {
    for (let j = 0; j < n; j++) {
      const p = (o * n + j) * blk;
      const r = counts[j];
      if (blk === 1) {
        const v = S[p];
        for (let k = 0; k < r; k++) D[q++] = v;
      } else if (blk === 2) {
        const u = S[p], v = S[p + 1];
        for (let k = 0; k < r; k++, q += 2) D[q] = u, D[q + 1] = v;
      } else if (blk < 32) {
        for (let k = 0; k < r; k++) for (let t = 0; t < blk; t++) D[q++] = S[p + t];
      } else {
        const row = S.subarray(p, p + blk);
        for (let k = 0; k < r; k++, q += blk) D.set(row, q);
      }
    }
  }
}

/**
 * Each element of `a` repeated: `repeats` times (an integer), or `repeats[i]` times for the i-th
 * element along `axis` (of the flattened array when `axis` is omitted).
 *
 * @example
 * ```ts
 * import * as np from "@denotensor/core/numpy";
 * const a = np.array([[1, 2], [3, 4]], "int32");
 * console.log(np.repeat(a, 2).toString()); // [1 1 2 2 3 3 4 4]
 * console.log(np.repeat(a, [1, 2], { axis: 0 }).toString()); // [[1 2]\n [3 4]\n [3 4]]
 * ```
 */
export function repeat(
  a: ArrayLike,
  repeats: number | readonly number[] | ArrayLike,
  options?: RepeatOptions,
): NDArray {
  const op = "np.repeat";
  checkOptions(options, REPEAT_KEYS, `${op} options`);
  let x = asNDArray(a, op, true);
  const axisOpt = options?.axis;
  // NumPy's PyArray_CheckAxis: the flattened array, and a 0-d array as 1-d.
  if (axisOpt === undefined || axisOpt === null || x.ndim === 0) x = ravel(x);
  const ax = axisOpt === undefined || axisOpt === null ? 0 : normalizeAxis(axisOpt, x.ndim, op);
  const n = x.shape[ax];
  const counts = repeatCounts(repeats, n, op);
  const outer = x.shape.slice(0, ax).reduce((p, d) => p * d, 1);
  const inner = x.shape.slice(ax + 1).reduce((p, d) => p * d, 1);
  const w = x.data.BYTES_PER_ELEMENT === 8 ? 2 : 1;
  const blk = inner * w;
  const shape = x.shape.slice();
  if (typeof counts === "number") {
    // One copy of a broadcast view (stride 0 on the repeats): long rows as [..., n, r, inner],
    // short ones as r passes [..., r, n, inner] so the copy's inner loop runs along n.
    const pre = x.shape.slice(0, ax), post = x.shape.slice(ax + 1);
    const ps = x.strides.slice(0, ax), qs = x.strides.slice(ax + 1);
    const sn = x.strides[ax], r = counts;
    const out = new NDArray(
      alloc(x.dtype, outer * n * r * inner),
      [outer * n * r * inner],
      x.dtype,
    );
    const outStrides = contiguousStrides([...pre, n, r, ...post]);
    const [srcShape, srcStrides, dstStrides] = blk >= 32
      ? [[...pre, n, r, ...post], [...ps, sn, 0, ...qs], outStrides]
      : [
        [...pre, r, n, ...post],
        [...ps, 0, sn, ...qs],
        [
          ...outStrides.slice(0, ax),
          outStrides[ax + 1],
          outStrides[ax],
          ...outStrides.slice(ax + 2),
        ],
      ];
    copyInto(view(x, srcShape, srcStrides, x.offset), view(out, srcShape, dstStrides, 0));
    shape[ax] = n * r;
    return new NDArray(out.data, shape, x.dtype);
  }
  const total = counts.reduce((p, r) => p + r, 0);
  shape[ax] = total;
  const out = alloc(x.dtype, outer * total * inner);
  const src = rowMajor(x);
  repeatWords(words(src.data), words(out), outer, n, blk, counts);
  return new NDArray(out, shape, x.dtype);
}

/** Options of `np.roll`. */
export interface RollOptions {
  /** The axis or axes to roll along (default: the flattened array, reshaped back). */
  axis?: number | readonly number[] | null;
}

const ROLL_KEYS = keysOf<RollOptions>({ axis: true });

/**
 * `a` with its elements shifted by `shift` along `axis` (elements that roll off one end come back
 * at the other); with several axes, `shift` gives one shift per axis (or one for all).
 *
 * @example
 * ```ts
 * import * as np from "@denotensor/core/numpy";
 * const a = np.arange(5, undefined, 1, "int32");
 * console.log(np.roll(a, 2).toString(), np.roll(a, -1).toString()); // [3 4 0 1 2] [1 2 3 4 0]
 * ```
 */
export function roll(
  a: ArrayLike,
  shift: number | readonly number[],
  options?: RollOptions,
): NDArray {
  const op = "np.roll";
  checkOptions(options, ROLL_KEYS, `${op} options`);
  const x = asNDArray(a, op, true);
  const axisOpt = options?.axis;
  const flat = axisOpt === undefined || axisOpt === null;
  const src = flat ? ravel(x) : x;
  const axes = flat ? [0] : axisOpt as number | readonly number[];
  const axisList = typeof axes === "number" ? [axes] : axes;
  if (!Array.isArray(axisList)) {
    throw new InvalidArgumentError(
      `${op}: axis must be an integer or an array of integers, got ${describe(axes)}`,
    );
  }
  const norm = axisList.map((ax) => normalizeAxis(ax, src.ndim, op));
  const shifts = typeof shift === "number" ? [shift] : shift;
  if (!Array.isArray(shifts)) {
    throw new InvalidArgumentError(
      `${op}: shift must be an integer or an array of integers, got ${describe(shift)}`,
    );
  }
  shifts.forEach((s) => integer(s, "shift", op));
  // NumPy broadcasts `shift` against `axis` (a scalar against anything, a list of one against
  // a list of any length).
  const lengths = [
    ...(typeof shift === "number" ? [] : [shifts.length]),
    ...(typeof axes === "number" ? [] : [norm.length]),
  ];
  const count = lengths.length === 0
    ? 1
    : lengths.includes(1)
    ? lengths.reduce((p, l) => (l === 1 ? p : l), 1)
    : lengths[0];
  if (lengths.some((l) => l !== 1 && l !== count)) {
    throw new InvalidArgumentError(
      `${op}: shape mismatch: objects cannot be broadcast to a single shape: shift of length ` +
        `${shifts.length} and axis of length ${norm.length}`,
    );
  }
  const total = new Array<number>(src.ndim).fill(0);
  for (let k = 0; k < count; k++) {
    total[norm[norm.length === 1 ? 0 : k]] += shifts[shifts.length === 1 ? 0 : k];
  }
  const out = new NDArray(alloc(x.dtype, src.size), src.shape, x.dtype);
  // One block per combination of each axis's two pieces (before and after the cut).
  const offsets = total.map((s, ax) => {
    const len = src.shape[ax] || 1;
    return ((s % len) + len) % len;
  });
  const blocks = (ax: number, from: NDArray, to: NDArray): void => {
    if (ax === src.ndim) return copyInto(from, to);
    const o = offsets[ax], len = src.shape[ax];
    if (o === 0) return blocks(ax + 1, from, to);
    blocks(ax + 1, sliceAxis(from, ax, 0, len - o), sliceAxis(to, ax, o, len));
    blocks(ax + 1, sliceAxis(from, ax, len - o, len), sliceAxis(to, ax, 0, o));
  };
  blocks(0, src, out);
  return flat ? new NDArray(out.data, x.shape, x.dtype) : out;
}
