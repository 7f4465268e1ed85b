/**
 * `np.linalg.inv`, `solve`, `det`, `slogdet` and `matrix_power`: LU factorisations with partial
 * pivoting (LAPACK's `dgesv`/`dgetrf` as NumPy calls them, on stacks of matrices), in float64,
 * returned as float32 for float32 input. `det` is NumPy's `sign * exp(logabsdet)`, not the
 * product of the pivots, so it carries NumPy's last-bit rounding.
 *
 * @module
 */
import { InvalidArgumentError } from "../../errors.ts";
import { NDArray } from "../../ndarray.ts";
import { broadcastShape, indexMap } from "../broadcast.ts";
import { type ArrayLike, asNDArray } from "../convert.ts";
import { alloc } from "../dtypes.ts";
import { matmul, reshaped } from "../linalg.ts";
import {
  lapack,
  linalgType,
  matrices,
  readColMajor,
  stackOf,
  writeRowMajor,
  zerosOf,
} from "./stack.ts";

/**
 * The inverse of a square matrix, or of each matrix of a stack (`a` of shape `(..., M, M)`).
 * A singular matrix is an error, as NumPy's LinAlgError.
 *
 * @example
 * ```ts
 * import * as np from "@denotensor/core/numpy";
 * console.log(np.linalg.inv([[1, 2], [3, 4]]).toString()); // [[-2.   1. ]\n [ 1.5 -0.5]]
 * ```
 */
export function inv(a: ArrayLike): NDArray {
  return invert(a, "np.linalg.inv");
}

/** The inverses of a stack of square matrices, naming `op` in errors. */
function invert(a: ArrayLike, op: string): NDArray {
  const x = matrices(a, op, true);
  const dtype = linalgType([x], op);
  const s = stackOf(x);
  const n = s.rows;
  const out = zerosOf(dtype, x.shape);
  const L = lapack();
  const A = new Float64Array(n * n), B = new Float64Array(n * n), ipiv = new Int32Array(n);
  for (let t = 0; t < s.count && n > 0; t++) {
    readColMajor(s, t, A);
    B.fill(0);
    for (let i = 0; i < n; i++) B[i + i * n] = 1;
    if (L.gesv(n, n, A, ipiv, B) > 0) throw new InvalidArgumentError(`${op}: singular matrix`);
    writeRowMajor(B, n, n, n, out.data, t * n * n);
  }
  return out;
}

/**
 * Solves `a @ x = b` for `x`: `a` is `(..., M, M)`; `b` is a vector `(M,)` or a stack of matrices
 * `(..., M, K)` whose leading axes broadcast with `a`'s. A singular `a` is an error.
 *
 * @example
 * ```ts
 * import * as np from "@denotensor/core/numpy";
 * console.log(np.linalg.solve([[3, 1], [1, 2]], [9, 8]).toString()); // [2. 3.]
 * ```
 */
export function solve(a: ArrayLike, b: ArrayLike): NDArray {
  const op = "np.linalg.solve";
  const x = matrices(a, op, true);
  const y = asNDArray(b, op, true);
  const dtype = linalgType([x, y], op);
  const n = x.shape[x.ndim - 1];
  const vector = y.ndim === 1;
  if (y.ndim === 0) {
    throw new InvalidArgumentError(
      `${op}: input operand 1 does not have enough dimensions (has 0, gufunc core with ` +
        `signature (m,m),(m,n)->(m,n) requires 2)`,
    );
  }
  const m = vector ? y.shape[0] : y.shape[y.ndim - 2];
  if (m !== n) {
    throw new InvalidArgumentError(
      `${op}: input operand 1 has a mismatch in its core dimension 0, with gufunc signature ` +
        `${vector ? "(m,m),(m)->(m)" : "(m,m),(m,n)->(m,n)"} (size ${m} is different from ${n})`,
    );
  }
  const k = vector ? 1 : y.shape[y.ndim - 1];
  const xb = x.shape.slice(0, -2), yb = vector ? [] : y.shape.slice(0, -2);
  const batch = broadcastShape([xb, yb], op);
  const count = batch.reduce((p, d) => p * d, 1);
  const out = zerosOf(dtype, [...batch, n, ...(vector ? [] : [k])]);
  if (n === 0 || k === 0) return out;
  const sa = stackOf(x), sb = stackOf(vector ? reshaped(y, [n, 1]) : y);
  const ma = indexMap(xb, batch), mb = indexMap(yb, batch);
  const L = lapack();
  const A = new Float64Array(n * n), B = new Float64Array(n * k), ipiv = new Int32Array(n);
  for (let t = 0; t < count; t++) {
    readColMajor(sa, ma !== null ? ma[t] : sa.count === 1 ? 0 : t, A);
    readColMajor(sb, mb !== null ? mb[t] : sb.count === 1 ? 0 : t, B);
    if (L.gesv(n, k, A, ipiv, B) > 0) throw new InvalidArgumentError(`${op}: singular matrix`);
    writeRowMajor(B, n, n, k, out.data, t * n * k);
  }
  return out;
}

/** The result of `slogdet`: the sign (or 0) and the log of the absolute value of determinants. */
export interface SlogdetResult {
  /** 1 or -1 (0 for a singular matrix). */
  sign: NDArray;
  /** The natural log of the absolute value of the determinant (-inf when it is 0). */
  logabsdet: NDArray;
}

/** NumPy's slogdet of each matrix of a stack, as float64 sign and log arrays. */
function slogdets(a: ArrayLike, op: string): [NDArray, Float64Array, Float64Array] {
  const x = matrices(a, op, true);
  linalgType([x], op);
  const s = stackOf(x);
  const n = s.rows;
  const sign = new Float64Array(s.count), logdet = new Float64Array(s.count);
  const L = lapack();
  const A = new Float64Array(n * n), ipiv = new Int32Array(n);
  for (let t = 0; t < s.count; t++) {
    readColMajor(s, t, A);
    if (n > 0 && L.getrf(n, A, ipiv) > 0) {
      sign[t] = 0;
      logdet[t] = -Infinity;
      continue;
    }
    let sg = 1, acc = 0;
    for (let i = 0; i < n; i++) {
      if (ipiv[i] !== i + 1) sg = -sg;
      let d = A[i + i * n];
      if (d < 0) {
        sg = -sg;
        d = -d;
      }
      acc += Math.log(d);
    }
    sign[t] = sg;
    logdet[t] = acc;
  }
  return [x, sign, logdet];
}

/**
 * The sign and the natural log of the absolute value of the determinant of a square matrix (or
 * of each matrix of a stack): `{ sign, logabsdet }`, with sign 0 and logabsdet -inf for a
 * singular matrix. Immune to the overflow of `det`.
 *
 * @example
 * ```ts
 * import * as np from "@denotensor/core/numpy";
 * const { sign, logabsdet } = np.linalg.slogdet([[1, 2], [3, 4]]);
 * console.log(sign.toString(), logabsdet.toString()); // -1.0 0.6931471805599455
 * ```
 */
export function slogdet(a: ArrayLike): SlogdetResult {
  const op = "np.linalg.slogdet";
  const [x, sign, logdet] = slogdets(a, op);
  const dtype = linalgType([x], op);
  const batch = x.shape.slice(0, -2);
  const cast = (v: Float64Array) => {
    const d = alloc(dtype, v.length) as Float64Array;
    d.set(v);
    return new NDArray(d, batch, dtype);
  };
  return { sign: cast(sign), logabsdet: cast(logdet) };
}

/**
 * The determinant of a square matrix (or of each matrix of a stack), computed as NumPy does from
 * the LU factorisation: `sign * exp(logabsdet)`.
 *
 * @example
 * ```ts
 * import * as np from "@denotensor/core/numpy";
 * console.log(np.linalg.det([[1, 2], [3, 4]]).toString()); // -2.0000000000000004
 * ```
 */
export function det(a: ArrayLike): NDArray {
  const op = "np.linalg.det";
  const [x, sign, logdet] = slogdets(a, op);
  const dtype = linalgType([x], op);
  const d = alloc(dtype, sign.length) as Float64Array;
  for (let i = 0; i < sign.length; i++) d[i] = sign[i] * Math.exp(logdet[i]);
  return new NDArray(d, x.shape.slice(0, -2), dtype);
}

/**
 * A square matrix (or each matrix of a stack) raised to the integer power `n` by repeated
 * matrix products (NumPy's binary decomposition, in the array's own dtype: integers wrap);
 * `n = 0` gives identity matrices of that dtype, a negative `n` the power of the inverse.
 *
 * @example
 * ```ts
 * import * as np from "@denotensor/core/numpy";
 * const a = np.array([[1, 1], [1, 0]], "int32");
 * console.log(np.linalg.matrix_power(a, 10).toString()); // [[89 55]\n [55 34]]
 * ```
 */
export function matrix_power(a: ArrayLike, n: number): NDArray {
  const op = "np.linalg.matrix_power";
  let x = matrices(a, op, true);
  if (typeof n !== "number" || !Number.isInteger(n)) {
    throw new InvalidArgumentError(`${op}: exponent must be an integer, got ${String(n)}`);
  }
  if (n === 0) {
    const m = x.shape[x.ndim - 1];
    const data = alloc(x.dtype, x.size) as Float64Array;
    const one = data instanceof BigInt64Array || data instanceof BigUint64Array ? 1n : 1;
    for (let t = 0; t < x.size / Math.max(m * m, 1); t++) {
      for (let i = 0; i < m; i++) {
        (data as unknown as (number | bigint)[])[t * m * m + i * m + i] = one;
      }
    }
    return new NDArray(data, x.shape, x.dtype);
  }
  if (n < 0) {
    x = invert(x, op);
    n = -n;
  }
  if (n === 1) return x.copy();
  if (n === 2) return matmul(x, x);
  if (n === 3) return matmul(matmul(x, x), x);
  let z: NDArray | null = null, result: NDArray | null = null;
  while (n > 0) {
    z = z === null ? x : matmul(z, z);
    const bit = n % 2;
    n = Math.floor(n / 2);
    if (bit) result = result === null ? z : matmul(result, z);
  }
  return result!;
}
