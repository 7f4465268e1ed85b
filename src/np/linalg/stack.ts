/**
 * What every `np.linalg` routine shares: NumPy's dtype rule (`_commonType`: float32 stays
 * float32, any other dtype but float16 gives float64, and the computation is float64 either way),
 * the checks of stacked matrices with NumPy's messages, the LAPACK in use, and moving matrices
 * between row-major NDArray data and the column-major float64 buffers LAPACK works on.
 *
 * @module
 */
import { type Lapack, systemLapack } from "../../backends/cpu/lapack.ts";
import { InvalidArgumentError } from "../../errors.ts";
import { NDArray, type NpTypedArray } from "../../ndarray.ts";
import { type ArrayLike, asNDArray } from "../convert.ts";
import { alloc } from "../dtypes.ts";
import { castTo } from "../linalg.ts";
import { TS_LAPACK } from "./fallback.ts";

/** The float dtypes `np.linalg` returns. */
export type LinalgDType = "float32" | "float64";

/** The routines in use: the system LAPACK when it can be opened, else the TypeScript ones. */
export function lapack(): Lapack {
  return systemLapack() ?? TS_LAPACK;
}

/**
 * NumPy's `_commonType`: float32 when every array is float32, float64 otherwise; float16 is an
 * error, as in NumPy.
 */
export function linalgType(arrays: readonly NDArray[], op: string): LinalgDType {
  let single = true;
  for (const a of arrays) {
    if (a.dtype === "float16") {
      throw new InvalidArgumentError(`${op}: array type float16 is unsupported in linalg`);
    }
    if (a.dtype !== "float32") single = false;
  }
  return single ? "float32" : "float64";
}

/** The input as an NDArray (not copied), checked to be a stack of matrices (square if asked). */
export function matrices(a: ArrayLike, op: string, square: boolean): NDArray {
  const x = asNDArray(a, op, true);
  if (x.ndim < 2) {
    throw new InvalidArgumentError(
      `${op}: ${x.ndim}-dimensional array given. Array must be at least two-dimensional`,
    );
  }
  if (square && x.shape[x.ndim - 1] !== x.shape[x.ndim - 2]) {
    throw new InvalidArgumentError(`${op}: last 2 dimensions of the array must be square`);
  }
  return x;
}

/** Checks that an array is exactly two-dimensional (NumPy's `_assert_2d`). */
export function assert2d(x: NDArray, op: string): void {
  if (x.ndim !== 2) {
    throw new InvalidArgumentError(
      `${op}: ${x.ndim}-dimensional array given. Array must be two-dimensional`,
    );
  }
}

/** A stack of matrices: the batch shape, the matrix count and the rows and columns of each. */
export interface Stack {
  /** The leading (batch) axes. */
  batch: number[];
  /** The number of matrices. */
  count: number;
  /** Rows of each matrix. */
  rows: number;
  /** Columns of each matrix. */
  cols: number;
  /** The elements in row-major order (the array's own when it is row-major). */
  data: NpTypedArray;
}

/** The matrices of `x` (ndim >= 2), as float32 (kept) or float64 (any other dtype, cast). */
export function stackOf(x: NDArray): Stack {
  if (x.dtype !== "float32" && x.dtype !== "float64") x = castTo(x, "float64");
  const batch = x.shape.slice(0, -2);
  const [rows, cols] = x.shape.slice(-2);
  const count = batch.reduce((p, d) => p * d, 1);
  return { batch, count, rows, cols, data: x.contiguousData() };
}

/** Copies matrix `t` of a stack into `dst` in column-major order (as float64). */
export function readColMajor(s: Stack, t: number, dst: Float64Array): void {
  const { rows, cols } = s;
  const src = s.data as Float64Array;
  const base = t * rows * cols;
  for (let i = 0; i < rows; i++) {
    const r = base + i * cols;
    for (let j = 0; j < cols; j++) dst[i + j * rows] = src[r + j];
  }
}

/**
 * Writes the column-major `rows` x `cols` matrix `src` (leading dimension `ld`) into `dst` at
 * `off` in row-major order; `triangle` keeps only the lower ("L") or upper ("U") triangle.
 */
export function writeRowMajor(
  src: Float64Array,
  ld: number,
  rows: number,
  cols: number,
  dst: NpTypedArray,
  off: number,
  triangle?: "L" | "U",
): void {
  const d = dst as Float64Array;
  for (let i = 0; i < rows; i++) {
    const r = off + i * cols;
    for (let j = 0; j < cols; j++) {
      const zero = triangle === "L" ? j > i : triangle === "U" ? j < i : false;
      d[r + j] = zero ? 0 : src[i + j * ld];
    }
  }
}

/** A new array of `dtype` and `shape` (zeros). */
export function zerosOf(dtype: LinalgDType, shape: readonly number[]): NDArray {
  return new NDArray(alloc(dtype, shape.reduce((p, d) => p * d, 1)), shape, dtype);
}

/** A stack of identity matrices (`rows` x `cols`, ones on the diagonal). */
export function eyes(
  dtype: LinalgDType,
  batch: readonly number[],
  rows: number,
  cols: number,
): NDArray {
  const out = zerosOf(dtype, [...batch, rows, cols]);
  const d = out.data as Float64Array, per = rows * cols;
  for (let t = 0; t < d.length / Math.max(per, 1); t++) {
    for (let i = 0; i < Math.min(rows, cols); i++) d[t * per + i * cols + i] = 1;
  }
  return out;
}
