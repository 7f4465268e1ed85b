/**
 * `np.matmul` and `np.dot`: NumPy's shape rules (1-D promotion, batch broadcasting for matmul,
 * dot's sum over the last axis of `a` and the second-to-last of `b`), in the promoted dtype of
 * the two arrays. Integers wrap exactly as NumPy's loops do; bool gives "any of and"; floats
 * accumulate in float64 and round once (NumPy's BLAS accumulates in the dtype, so float32 results
 * may differ from NumPy's in the last bits).
 *
 * @module
 */
import { InvalidArgumentError } from "../errors.ts";
import { NDArray, type NpDType, type NpTypedArray } from "../ndarray.ts";
import { broadcastShape, indexMap, npShape } from "./broadcast.ts";
import { type ArrayLike, asNDArray } from "./convert.ts";
import { alloc, castData, isBig, kindOf } from "./dtypes.ts";
import { binaryOp } from "./elementwise.ts";
import { npPromote } from "./promote.ts";

/**
 * out[oOff + i*ldo + j] = sum_p a[aOff + i*k + p] * b[bOff + p*m + j] for an (n, k) by (k, m)
 * product of row-major blocks, in `dtype`'s arithmetic.
 */
function gemm(
  dtype: NpDType,
  a: NpTypedArray,
  aOff: number,
  b: NpTypedArray,
  bOff: number,
  out: NpTypedArray,
  oOff: number,
  ldo: number,
  [n, k, m]: readonly [number, number, number],
): void {
  if (isBig(dtype)) {
    const x = a as BigInt64Array, y = b as BigInt64Array, o = out as BigInt64Array;
    for (let i = 0; i < n; i++) {
      for (let j = 0; j < m; j++) {
        let acc = 0n;
        for (let p = 0; p < k; p++) acc += x[aOff + i * k + p] * y[bOff + p * m + j];
        o[oOff + i * ldo + j] = acc;
      }
    }
    return;
  }
  const x = a as Float64Array, y = b as Float64Array, o = out as Float64Array;
  const row = new Float64Array(m);
  const k32 = dtype === "int32" || dtype === "uint32";
  const exact = kindOf(dtype) === "f" || k32 ? 0 : 1 << 20; // block for exact small-int sums
  for (let i = 0; i < n; i++) {
    row.fill(0);
    if (dtype === "bool") {
      for (let p = 0; p < k; p++) {
        if (!x[aOff + i * k + p]) continue;
        for (let j = 0; j < m; j++) row[j] = row[j] || y[bOff + p * m + j] ? 1 : 0;
      }
    } else if (k32) {
      for (let p = 0; p < k; p++) {
        const v = x[aOff + i * k + p];
        for (let j = 0; j < m; j++) row[j] = (row[j] + Math.imul(v, y[bOff + p * m + j])) | 0;
      }
    } else {
      for (let p = 0; p < k; p++) {
        const v = x[aOff + i * k + p];
        if (exact && p % exact === exact - 1) { for (let j = 0; j < m; j++) row[j] %= 2 ** 32; }
        for (let j = 0; j < m; j++) row[j] += v * y[bOff + p * m + j];
      }
    }
    for (let j = 0; j < m; j++) o[oOff + i * ldo + j] = row[j];
  }
}

function arraysOf(a: ArrayLike, b: ArrayLike, op: string): [NDArray, NDArray, NpDType] {
  const x = asNDArray(a, op, true), y = asNDArray(b, op, true);
  return [x, y, npPromote(x.dtype, y.dtype)];
}

/**
 * The matrix product of two arrays with NumPy's rules: the last two axes multiply, leading axes
 * broadcast as batches, a 1-D argument is a row (first) or a column (second) vector whose axis is
 * removed from the result. Scalars are an error (use `multiply`).
 *
 * @example
 * ```ts
 * import * as np from "@denotensor/core/numpy";
 * const a = np.array([[1, 2], [3, 4]], "int32");
 * console.log(np.matmul(a, a).toString()); // [[ 7 10]\n [15 22]]
 * console.log(np.matmul(a, [1, 1]).toString()); // [3. 7.]
 * ```
 */
export function matmul(a: ArrayLike, b: ArrayLike): NDArray {
  const op = "np.matmul";
  const [x, y, dtype] = arraysOf(a, b, op);
  for (const [i, t] of [[0, x], [1, y]] as const) {
    if (t.ndim === 0) {
      throw new InvalidArgumentError(
        `${op}: input operand ${i} does not have enough dimensions (has 0, gufunc core with ` +
          `signature (n?,k),(k,m?)->(n?,m?) requires 1)`,
      );
    }
  }
  const xs = x.ndim === 1 ? [1, x.shape[0]] : x.shape;
  const ys = y.ndim === 1 ? [y.shape[0], 1] : y.shape;
  const [n, k] = xs.slice(-2), [k2, m] = ys.slice(-2);
  if (k !== k2) {
    throw new InvalidArgumentError(
      `${op}: input operand 1 has a mismatch in its core dimension 0, with gufunc signature ` +
        `(n?,k),(k,m?)->(n?,m?) (size ${k2} is different from ${k})`,
    );
  }
  const xb = xs.slice(0, -2), yb = ys.slice(0, -2);
  const batch = broadcastShape([xb, yb], op);
  const count = batch.reduce((p, d) => p * d, 1);
  const out = alloc(dtype, count * n * m);
  const xd = castData(x.contiguousData(), x.dtype, dtype);
  const yd = castData(y.contiguousData(), y.dtype, dtype);
  const mx = indexMap(xb, batch), my = indexMap(yb, batch);
  const nx = xb.reduce((p, d) => p * d, 1), ny = yb.reduce((p, d) => p * d, 1);
  for (let t = 0; t < count; t++) {
    const ix = mx !== null ? mx[t] : nx === 1 ? 0 : t;
    const iy = my !== null ? my[t] : ny === 1 ? 0 : t;
    gemm(dtype, xd, ix * n * k, yd, iy * k * m, out, t * n * m, m, [n, k, m]);
  }
  const shape = [...batch, ...(x.ndim === 1 ? [] : [n]), ...(y.ndim === 1 ? [] : [m])];
  return new NDArray(out, shape, dtype);
}

/**
 * NumPy's `dot`: for 1-D arrays the inner product, for 2-D the matrix product, with a scalar
 * (or 0-d array) the elementwise product, and in general the sum product over the last axis of
 * `a` and the second-to-last axis of `b` (result shape `a.shape[:-1] + b.shape[:-2] +
 * b.shape[-1:]`).
 *
 * @example
 * ```ts
 * import * as np from "@denotensor/core/numpy";
 * console.log(np.dot([1, 2, 3], [4, 5, 6]).toString()); // 32.0
 * console.log(np.dot(np.ones([2, 3, 4]), np.ones([4, 5])).shape); // [ 2, 3, 5 ]
 * ```
 */
export function dot(a: ArrayLike, b: ArrayLike): NDArray {
  const op = "np.dot";
  const [x, y, dtype] = arraysOf(a, b, op);
  if (x.ndim === 0 || y.ndim === 0) return binaryOp("multiply", x, y);
  const k = x.shape[x.ndim - 1];
  const yk = y.ndim === 1 ? 0 : y.ndim - 2;
  if (y.shape[yk] !== k) {
    throw new InvalidArgumentError(
      `${op}: shapes ${npShape(x.shape)} and ${npShape(y.shape)} not aligned: ${k} (dim ${
        x.ndim - 1
      }) != ${y.shape[yk]} (dim ${yk})`,
    );
  }
  const rows = x.shape.slice(0, -1).reduce((p, d) => p * d, 1);
  const m = y.ndim === 1 ? 1 : y.shape[y.ndim - 1];
  const blocks = y.ndim <= 2 ? 1 : y.shape.slice(0, -2).reduce((p, d) => p * d, 1);
  const out = alloc(dtype, rows * blocks * m);
  const xd = castData(x.contiguousData(), x.dtype, dtype);
  const yd = castData(y.contiguousData(), y.dtype, dtype);
  for (let j = 0; j < blocks; j++) {
    gemm(dtype, xd, 0, yd, j * k * m, out, j * m, blocks * m, [rows, k, m]);
  }
  const shape = [...x.shape.slice(0, -1), ...y.shape.slice(0, -2), ...(y.ndim === 1 ? [] : [m])];
  return new NDArray(out, shape, dtype);
}
