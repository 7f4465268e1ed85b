/**
 * Internal: hands NDArray the `np` functions behind its methods (`a.sum()`, `a.reshape()`,
 * `a.astype()`, `a.set()`, ...). NDArray cannot import them (they import NDArray); this module
 * registers them with `setNDArrayHooks` when it loads. `numpy.ts` and `mod.ts` import it.
 *
 * @module
 */
import { InvalidArgumentError } from "../errors.ts";
import { NDArray, type NDArrayReduction, type NpDType, setNDArrayHooks } from "../ndarray.ts";
import { isTensorOrVariable } from "../symbols.ts";
import type { TensorLike } from "../tensor.ts";
import { npShape } from "./broadcast.ts";
import { asNDArray, fromNested, isScalar } from "./convert.ts";
import { astype } from "./creation.ts";
import { castData, kindOf } from "./dtypes.ts";
import { cumprodOf, cumsumOf } from "./cumulative.ts";
import { allOf, anyOf, argExtremum, maxOf, meanWith, minOf, prodOf, sumOf } from "./reduce.ts";
import { stdOf, varOf } from "./statistics.ts";
import { reshapeArray } from "./shape.ts";
import { copyOf } from "./strided.ts";

// deno-lint-ignore no-explicit-any
type Reducer = (a: NDArray, options: any, op: string) => NDArray;

/** The np function behind each reduction method. */
const REDUCERS: Record<NDArrayReduction, Reducer> = {
  sum: sumOf,
  prod: prodOf,
  mean: meanWith,
  var: varOf,
  std: stdOf,
  max: maxOf,
  min: minOf,
  argmax: (a, options, op) => argExtremum(a, options, true, op),
  argmin: (a, options, op) => argExtremum(a, options, false, op),
  all: allOf,
  any: anyOf,
  cumsum: cumsumOf,
  cumprod: cumprodOf,
};

/** The first NaN or infinity among the JS numbers of a nested value, or undefined. */
function nonFinite(value: unknown): number | undefined {
  if (typeof value === "number") return Number.isFinite(value) ? undefined : value;
  if (Array.isArray(value)) {
    for (const v of value) {
      const bad = nonFinite(v);
      if (bad !== undefined) return bad;
    }
  }
  return undefined;
}

/**
 * `value` as an NDArray of `dtype`, as NumPy's `a[...] = value` converts it: JS values as
 * `np.array(value, dtype)` (NaN or an infinity into an integer dtype is an error), arrays,
 * typed arrays and tensors by an unsafe cast.
 */
function source(value: TensorLike, dtype: NpDType, op: string): NDArray {
  if (isScalar(value) || Array.isArray(value)) {
    const k = kindOf(dtype);
    if (k === "i" || k === "u") {
      const bad = nonFinite(value);
      if (bad !== undefined) {
        throw new InvalidArgumentError(
          `${op}: cannot convert float ${bad} to integer (${dtype}), as NumPy's ${
            Number.isNaN(bad) ? "ValueError" : "OverflowError"
          }`,
        );
      }
    }
    return fromNested(value, dtype, op);
  }
  if (!(value instanceof NDArray) && !isTensorOrVariable(value) && !ArrayBuffer.isView(value)) {
    throw new InvalidArgumentError(
      `${op}: cannot assign ${
        value === null ? "null" : typeof value === "object" ? "an object" : typeof value
      }: expected a number, boolean, bigint, nested array, typed array, NDArray or tensor`,
    );
  }
  const a = asNDArray(value, op, true);
  return new NDArray(castData(a.contiguousData(), a.dtype, dtype), a.shape, dtype);
}

/** Writes `value` into the view `target`, broadcast to its shape (NumPy's setitem). */
function assign(target: NDArray, value: TensorLike, op: string): void {
  const src = source(value, target.dtype, op);
  // NumPy drops leading length-1 axes of the value, then broadcasts it to the target.
  let shape = src.shape.slice();
  while (shape.length > target.ndim && shape[0] === 1) shape = shape.slice(1);
  const nd = target.ndim, lead = nd - shape.length;
  const ok = lead >= 0 && shape.every((d, i) => d === 1 || d === target.shape[lead + i]);
  if (!ok) {
    throw new InvalidArgumentError(
      `${op}: could not broadcast input array from shape ${npShape(src.shape)} into shape ` +
        `${npShape(target.shape)}`,
    );
  }
  // A fresh row-major copy of the value (so that an overlapping source is read before writing).
  let data = src.contiguousData();
  if (data.buffer === target.data.buffer) data = data.slice();
  const rowMajor: number[] = new Array(nd).fill(0);
  for (let d = nd - 1, s = 1; d >= lead; d--) {
    const n = shape[d - lead];
    rowMajor[d] = n === 1 ? 0 : s;
    s *= n;
  }
  const n = target.size;
  if (n === 0) return;
  const out = target.data as Float64Array, inp = data as Float64Array;
  const idx = new Array<number>(nd).fill(0);
  let p = target.offset, q = 0;
  for (let k = 0; k < n; k++) {
    out[p] = inp[q];
    for (let d = nd - 1; d >= 0; d--) {
      p += target.strides[d];
      q += rowMajor[d];
      if (++idx[d] < target.shape[d]) break;
      idx[d] = 0;
      p -= target.strides[d] * target.shape[d];
      q -= rowMajor[d] * target.shape[d];
    }
  }
}

setNDArrayHooks({
  reduce: (name, a, options, op) => REDUCERS[name](a, options, op),
  reshape: (a, shape, op) => reshapeArray(a, shape, op),
  copy: (a) => copyOf(a).data,
  astype: (a, dtype) => astype(a, dtype),
  assign,
});
