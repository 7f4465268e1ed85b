/**
 * `np.pad` with NumPy's modes "constant", "edge", "reflect", "symmetric" and "wrap", following
 * numpy/lib/_arraypad_impl.py step by step (axis by axis, each axis padding over the already
 * padded earlier axes, so corners come out as NumPy's). Every step is a block copy or fill.
 *
 * @module
 */
import { InvalidArgumentError } from "../errors.ts";
import { NDArray, type NpDType } from "../ndarray.ts";
import { checkOptions, keysOf } from "../options.ts";
import { npShape } from "./broadcast.ts";
import { type ArrayLike, asNDArray, fromNested, isScalar } from "./convert.ts";
import { alloc, castData, kindOf } from "./dtypes.ts";
import { broadcastView } from "./shape.ts";
import { copyInto, describe, fillView, isZeroBits, sliceAxis } from "./strided.ts";

/** The padding modes of `np.pad`. */
export type PadMode = "constant" | "edge" | "reflect" | "symmetric" | "wrap";

const MODES: readonly PadMode[] = ["constant", "edge", "reflect", "symmetric", "wrap"];

/** Options of `np.pad`. */
export interface PadOptions {
  /** How to fill the padding (default "constant"). */
  mode?: PadMode;
  /**
   * The values of mode "constant" (default 0): one value, `[before, after]`, or one pair per
   * axis (`[[before0, after0], [before1, after1], ...]`), cast to the array's dtype.
   */
  constantValues?: number | bigint | boolean | ArrayLike;
}

const PAD_KEYS = keysOf<PadOptions>({ mode: true, constantValues: true });

/** The pad widths: one count, `[before, after]`, one pair per axis, or `{ axis: width }`. */
export type PadWidth =
  | number
  | readonly number[]
  | readonly (readonly number[])[]
  | ArrayLike
  | { readonly [axis: number]: number | readonly [number, number] };

/** NumPy's `_as_pairs`: `x` as `ndim` pairs, from the flat values and shape of its array. */
function asPairs<T>(flat: readonly T[], shape: readonly number[], ndim: number, op: string): T[][] {
  if (shape.length < 3) {
    if (flat.length === 1) return Array.from({ length: ndim }, () => [flat[0], flat[0]]);
    if (flat.length === 2 && !(shape.length === 2 && shape[0] === 2 && shape[1] === 1)) {
      return Array.from({ length: ndim }, () => [flat[0], flat[1]]);
    }
  }
  // np.broadcast_to(x, (ndim, 2)).tolist()
  const lead = 2 - shape.length;
  const ok = lead >= 0 && shape.every((d, i) => d === 1 || d === [ndim, 2][lead + i]);
  if (!ok) {
    throw new InvalidArgumentError(
      `${op}: operands could not be broadcast together with remapped shapes: ` +
        `${npShape(shape)} and requested shape (${ndim},2)`,
    );
  }
  const at = (i: number, j: number): T => {
    const idx = [i, j].slice(lead).map((v, k) => (shape[k] === 1 ? 0 : v));
    return flat[idx.length === 2 ? idx[0] * shape[1] + idx[1] : idx.length === 1 ? idx[0] : 0];
  };
  return Array.from({ length: ndim }, (_, i) => [at(i, 0), at(i, 1)]);
}

/** The pad widths as `ndim` pairs of non-negative integers. */
function widths(padWidth: PadWidth, ndim: number, op: string): number[][] {
  let pw: unknown = padWidth;
  if (
    typeof pw === "object" && pw !== null && !Array.isArray(pw) && !ArrayBuffer.isView(pw) &&
    !(pw instanceof NDArray) && Object.getPrototypeOf(pw) === Object.prototype
  ) {
    const seq = Array.from({ length: ndim }, () => [0, 0]);
    for (const [key, w] of Object.entries(pw)) {
      const axis = Number(key);
      if (!Number.isInteger(axis) || axis < -ndim || axis >= ndim) {
        throw new InvalidArgumentError(
          `${op}: pad_width key ${JSON.stringify(key)} is not an axis of an array of dimension ` +
            `${ndim}`,
        );
      }
      const pair = typeof w === "number" ? [w, w] : w;
      if (!Array.isArray(pair) || pair.length !== 2 || !pair.every(Number.isInteger)) {
        throw new InvalidArgumentError(
          `${op}: pad_width for axis ${key} must be an integer or a pair of integers, got ` +
            `${describe(w)}`,
        );
      }
      seq[axis < 0 ? axis + ndim : axis] = pair;
    }
    pw = seq;
  }
  const arr = isScalar(pw) || Array.isArray(pw) || ArrayBuffer.isView(pw) || pw instanceof NDArray
    ? asNDArray(pw as ArrayLike, op, true)
    : null;
  const flat = arr === null ? null : [...arr.contiguousData()].map(Number);
  // NumPy reads a list as an array: an empty one is float64, not integral.
  const ints = arr !== null &&
    (/int/.test(arr.dtype) || (arr.size > 0 && flat!.every(Number.isInteger)));
  if (arr === null || arr.dtype === "bool" || !ints) {
    throw new InvalidArgumentError(
      `${op}: \`pad_width\` must be of integral type, got ${describe(padWidth)}`,
    );
  }
  const pairs = asPairs(flat!, arr.shape, ndim, op);
  if (pairs.some((p) => p[0] < 0 || p[1] < 0) || (arr.size > 0 && flat!.some((v) => v < 0))) {
    throw new InvalidArgumentError(
      `${op}: index can't contain negative values: pad_width ${describe(padWidth)}`,
    );
  }
  return pairs;
}

/** The constant values as `ndim` pairs of one-element arrays of `dtype`. */
function constants(values: unknown, dtype: NpDType, ndim: number, op: string): NDArray[][] {
  let arr: NDArray;
  if (isScalar(values) || Array.isArray(values)) {
    const k = kindOf(dtype);
    const bad = (function first(v: unknown): number | undefined {
      if (typeof v === "number") return Number.isFinite(v) ? undefined : v;
      if (Array.isArray(v)) { for (const u of v) if (first(u) !== undefined) return first(u); }
      return undefined;
    })(values);
    if ((k === "i" || k === "u") && bad !== undefined) {
      throw new InvalidArgumentError(
        `${op}: cannot convert float ${bad} to integer (${dtype}) for the constant values`,
      );
    }
    arr = fromNested(values, dtype, op);
  } else {
    const a = asNDArray(values as ArrayLike, op, true);
    arr = new NDArray(castData(a.contiguousData(), a.dtype, dtype), a.shape, dtype);
  }
  const data = arr.contiguousData();
  const cells = Array.from({ length: arr.size }, (_, i) => {
    const one = alloc(dtype, 1);
    (one as Float64Array)[0] = (data as Float64Array)[i];
    return new NDArray(one, [], dtype);
  });
  return asPairs(cells, arr.shape, ndim, op);
}

/** `padded[..., lo:hi, ...] = value` along `axis`, `value` broadcast to the region. */
function setArea(padded: NDArray, axis: number, lo: number, hi: number, value: NDArray): void {
  if (hi <= lo) return;
  const dst = sliceAxis(padded, axis, lo, hi);
  copyInto(broadcastView(value, dst.shape)!, dst);
}

/** `padded[..., lo:hi, ...] = value` for a one-element `value` (a new array is already 0). */
function fillArea(padded: NDArray, axis: number, lo: number, hi: number, value: NDArray): void {
  if (hi > lo && !isZeroBits(value)) fillView(sliceAxis(padded, axis, lo, hi), value);
}

/**
 * `array` padded along each axis by `pad_width` (one count, `[before, after]`, one pair per axis,
 * or `{ axis: width }`), filled by `mode`: "constant" (`constantValues`, default 0), "edge" (the
 * edge values), "reflect" (mirrored about the edge), "symmetric" (mirrored including the edge)
 * or "wrap" (the other end's values).
 *
 * @example
 * ```ts
 * import * as np from "@denotensor/core/numpy";
 * const a = np.array([1, 2, 3], "int32");
 * console.log(np.pad(a, [2, 1]).toString()); // [0 0 1 2 3 0]
 * console.log(np.pad(a, 2, { mode: "reflect" }).toString()); // [3 2 1 2 3 2 1]
 * console.log(np.pad(a, 1, { constantValues: [-1, 9] }).toString()); // [-1  1  2  3  9]
 * ```
 */
export function pad(array: ArrayLike, pad_width: PadWidth, options?: PadOptions): NDArray {
  const op = "np.pad";
  checkOptions(options, PAD_KEYS, `${op} options`);
  const mode = options?.mode ?? "constant";
  if (!MODES.includes(mode)) {
    throw new InvalidArgumentError(
      `${op}: mode ${describe(mode)} is not supported: expected one of ${MODES.join(", ")}`,
    );
  }
  if (options?.constantValues !== undefined && mode !== "constant") {
    throw new InvalidArgumentError(
      `${op}: unsupported keyword arguments for mode "${mode}": constantValues`,
    );
  }
  const x = asNDArray(array, op, true);
  const nd = x.ndim;
  const pw = widths(pad_width, nd, op);
  const shape = x.shape.map((d, i) => pw[i][0] + d + pw[i][1]);
  const padded = new NDArray(alloc(x.dtype, shape.reduce((p, d) => p * d, 1)), shape, x.dtype);
  // The original area, then each axis's region of interest: earlier axes in full.
  let inner = padded;
  for (let i = 0; i < nd; i++) inner = sliceAxis(inner, i, pw[i][0], pw[i][0] + x.shape[i]);
  copyInto(x, inner);
  const roi = (axis: number): NDArray => {
    let r = padded;
    for (let i = axis + 1; i < nd; i++) r = sliceAxis(r, i, pw[i][0], pw[i][0] + x.shape[i]);
    return r;
  };
  if (mode === "constant") {
    const values = constants(options?.constantValues ?? 0, x.dtype, nd, op);
    for (let axis = 0; axis < nd; axis++) {
      const r = roi(axis), [left, right] = pw[axis];
      fillArea(r, axis, 0, left, values[axis][0]);
      fillArea(r, axis, r.shape[axis] - right, r.shape[axis], values[axis][1]);
    }
    return padded;
  }
  if (x.size === 0) {
    pw.forEach(([left, right], axis) => {
      if (x.shape[axis] === 0 && (left > 0 || right > 0)) {
        throw new InvalidArgumentError(
          `${op}: can't extend empty axis ${axis} using modes other than "constant" or "empty"`,
        );
      }
    });
    return padded;
  }
  for (let axis = 0; axis < nd; axis++) {
    const r = roi(axis);
    let [left, right] = pw[axis];
    const period = x.shape[axis];
    if (mode === "edge" || (period === 1 && mode !== "wrap")) {
      const len = r.shape[axis];
      setArea(r, axis, 0, left, sliceAxis(r, axis, left, left + 1));
      setArea(r, axis, len - right, len, sliceAxis(r, axis, len - right - 1, len - right));
    } else if (mode === "wrap") {
      while (left > 0 || right > 0) [left, right] = wrapBoth(r, axis, left, right, period);
    } else {
      const edge = mode === "symmetric";
      while (left > 0 || right > 0) [left, right] = reflectBoth(r, axis, left, right, period, edge);
    }
  }
  return padded;
}

/** NumPy's `_set_reflect_both` (method "even"). */
function reflectBoth(
  padded: NDArray,
  axis: number,
  leftPad: number,
  rightPad: number,
  period: number,
  includeEdge: boolean,
): [number, number] {
  const len = padded.shape[axis];
  let oldLength = len - rightPad - leftPad;
  let edgeOffset: number;
  if (includeEdge) {
    oldLength = Math.floor(oldLength / period) * period;
    edgeOffset = 1;
  } else {
    oldLength = Math.floor((oldLength - 1) / (period - 1)) * (period - 1) + 1;
    edgeOffset = 0;
    oldLength -= 1;
  }
  if (leftPad > 0) {
    const chunk = Math.min(oldLength, leftPad);
    const stop = leftPad - edgeOffset;
    // padded[stop + chunk : stop : -1] into padded[leftPad - chunk : leftPad]
    const src = sliceAxis(padded, axis, stop + chunk, stop, -1);
    copyInto(src, sliceAxis(padded, axis, leftPad - chunk, leftPad));
    leftPad -= chunk;
  }
  if (rightPad > 0) {
    const chunk = Math.min(oldLength, rightPad);
    const start = len - rightPad + edgeOffset - 2;
    // padded[start : start - chunk : -1] into padded[len - rightPad : len - rightPad + chunk]
    const src = sliceAxis(padded, axis, start, start - chunk, -1);
    copyInto(src, sliceAxis(padded, axis, len - rightPad, len - rightPad + chunk));
    rightPad -= chunk;
  }
  return [leftPad, rightPad];
}

/** NumPy's `_set_wrap_both`. */
function wrapBoth(
  padded: NDArray,
  axis: number,
  leftPad: number,
  rightPad: number,
  original: number,
): [number, number] {
  const len = padded.shape[axis];
  const period = Math.floor((len - rightPad - leftPad) / original) * original;
  let newLeft = 0, newRight = 0;
  if (leftPad > 0) {
    const end = leftPad + period, start = end - Math.min(period, leftPad);
    const chunk = sliceAxis(padded, axis, start, end);
    if (leftPad > period) {
      copyInto(chunk, sliceAxis(padded, axis, leftPad - period, leftPad));
      newLeft = leftPad - period;
    } else copyInto(chunk, sliceAxis(padded, axis, 0, leftPad));
  }
  if (rightPad > 0) {
    const start = len - rightPad - period, end = start + Math.min(period, rightPad);
    const chunk = sliceAxis(padded, axis, start, end);
    if (rightPad > period) {
      copyInto(chunk, sliceAxis(padded, axis, len - rightPad, len - rightPad + period));
      newRight = rightPad - period;
    } else copyInto(chunk, sliceAxis(padded, axis, len - rightPad, len));
  }
  return [newLeft, newRight];
}
