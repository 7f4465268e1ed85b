/**
 * NumPy's matrix products: `matmul`, `dot`, `vdot`, `inner` and `tensordot`, with NumPy's shape
 * rules, in the promoted dtype of the two arrays, and the batched product they (and `einsum`)
 * share. Each is one batched matrix product over views of the inputs (transposed operands are
 * strides, not copies):
 *
 * - float32/float64: the tensors' matmul kernel (the system BLAS's `gemm` when present, as
 *   NumPy's); a product with a vector side on BLAS's `dot`/`gemv`; a batch of row dot products
 *   (einsum's "ij,ij->i") on `dot` per row or the elementwise kernels;
 * - integers and bool, when large: exact float64 products of 16-bit limbs on the same kernel,
 *   combined modulo 2^bits (`linalg/int_matmul.ts`): NumPy's wrapped results at BLAS speed;
 * - smaller ones: the kernel's TypeScript loops for uint8, int32, int64 and float16 (integers
 *   wrap as NumPy's loops; float16 accumulates in float64 and rounds once), the loops here for
 *   the other dtypes (bool gives "any of and").
 *
 * Float results differ from NumPy's in the last bits where the summation order does (BLAS
 * accumulates float32 in float32, the TypeScript kernel in float64).
 *
 * @module
 */
import { blasMinWork } from "../backends/cpu/blas.ts";
import { type FloatData, systemVectorBlas } from "../backends/cpu/lapack.ts";
import { InvalidArgumentError } from "../errors.ts";
import { NDArray, type NpDType, type NpTypedArray } from "../ndarray.ts";
import { contiguousStrides } from "../shape.ts";
import { broadcastShape, npShape } from "./broadcast.ts";
import { type ArrayLike, asNDArray } from "./convert.ts";
import { alloc, castData, isBig, kindOf } from "./dtypes.ts";
import { kernelBinary, kernelCast, kernelCopy, kernelMatmul, kernelReduce } from "./kernels.ts";
import { intProduct } from "./linalg/int_matmul.ts";
import { npPromote } from "./promote.ts";
import { multiply } from "./ufuncs.ts";

/** The dtypes whose products the tensor kernel computes exactly as NumPy (floats: to rounding). */
const KERNEL_DTYPES: ReadonlySet<NpDType> = new Set<NpDType>([
  "uint8",
  "int32",
  "int64",
  "float16",
  "float32",
  "float64",
]);

function sizeOf(shape: readonly number[]): number {
  return shape.reduce((p, d) => p * d, 1);
}

/** True when `x` is laid out in row-major order (any offset). */
function isRowMajor(x: NDArray): boolean {
  const rm = contiguousStrides(x.shape);
  return x.shape.every((d, i) => d === 1 || x.strides[i] === rm[i]);
}

/** `x` in `dtype`: itself, or a cast copy (a widening cast: exact on the kernels). */
export function castTo(x: NDArray, dtype: NpDType): NDArray {
  if (x.dtype === dtype) return x;
  return kernelCast(x, dtype) ??
    new NDArray(castData(x.contiguousData(), x.dtype, dtype), x.shape, dtype);
}

/** A row-major copy of `x`. */
function copyOf(x: NDArray): NDArray {
  return kernelCopy(x) ?? new NDArray(x.contiguousData().slice(), x.shape, x.dtype);
}

/** `x` with a new shape of the same size: a view when `x` is row-major, else a copy. */
export function reshaped(x: NDArray, shape: readonly number[]): NDArray {
  const src = isRowMajor(x) ? x : copyOf(x);
  return new NDArray(src.data, shape, src.dtype, { offset: src.offset });
}

/** The view of `x` with its axes in the order `perm`. */
export function permuted(x: NDArray, perm: readonly number[]): NDArray {
  return new NDArray(x.data, perm.map((p) => x.shape[p]), x.dtype, {
    strides: perm.map((p) => x.strides[p]),
    offset: x.offset,
  });
}

/**
 * `x`, whose leading axes `batch` broadcast to `target`, as a rank-3 `[count or 1, r, c]` array
 * of its last two axes: a view where the batch axes collapse into one stride, else a copy.
 */
function rank3(x: NDArray, target: readonly number[]): NDArray {
  const nb = x.ndim - 2;
  const [r, c] = x.shape.slice(nb);
  const [rs, cs] = x.strides.slice(nb);
  const count = sizeOf(x.shape.slice(0, nb));
  if (count === 1 || count === 0) {
    return new NDArray(x.data, [count, r, c], x.dtype, {
      strides: [0, rs, cs],
      offset: x.offset,
    });
  }
  if (count === sizeOf(target)) {
    // Same batch: one stride when the batch axes (those longer than 1) are evenly spaced.
    const axes = x.shape.slice(0, nb).map((d, i) => [d, x.strides[i]]).filter(([d]) => d > 1);
    if (axes.every(([, s], i) => i === axes.length - 1 || s === axes[i + 1][0] * axes[i + 1][1])) {
      return new NDArray(x.data, [count, r, c], x.dtype, {
        strides: [axes[axes.length - 1][1], rs, cs],
        offset: x.offset,
      });
    }
  }
  const lead = target.length - nb;
  const wide = new NDArray(x.data, [...target, r, c], x.dtype, {
    strides: [
      ...target.map((_, i) => (i < lead || x.shape[i - lead] === 1 ? 0 : x.strides[i - lead])),
      rs,
      cs,
    ],
    offset: x.offset,
  });
  return reshaped(wide, [sizeOf(target), r, c]);
}

/**
 * out[oOff + i*m + j] = sum_p a[aOff + i*k + p] * b[bOff + p*m + j] for an (n, k) by (k, m)
 * product of row-major blocks, in `dtype`'s arithmetic (the dtypes without a kernel).
 */
function gemm(
  dtype: NpDType,
  a: NpTypedArray,
  aOff: number,
  b: NpTypedArray,
  bOff: number,
  out: NpTypedArray,
  oOff: number,
  [n, k, m]: readonly [number, number, number],
): void {
  if (isBig(dtype)) {
    const x = a as BigInt64Array, y = b as BigInt64Array, o = out as BigInt64Array;
    const row = new Array<bigint>(m);
    for (let i = 0; i < n; i++) {
      row.fill(0n);
      for (let p = 0; p < k; p++) {
        const v = x[aOff + i * k + p];
        if (v === 0n) continue;
        for (let j = 0; j < m; j++) row[j] += v * y[bOff + p * m + j];
      }
      for (let j = 0; j < m; j++) o[oOff + i * m + j] = row[j];
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
    o.set(row, oOff + i * m);
  }
}

/**
 * A single float product `[1, n, k] x [1, k, m]` with n or m equal to 1 on BLAS's `dot`/`gemv`
 * (memory-bound: `gemm` would pack the operands first), or null when it does not apply.
 */
function vectorProduct(x: NDArray, y: NDArray, dtype: NpDType): NpTypedArray | null {
  const [, n, k] = x.shape, m = y.shape[2];
  if ((dtype !== "float32" && dtype !== "float64") || (n !== 1 && m !== 1) || n * m === 0) {
    return null;
  }
  if (k * Math.max(n, m) < blasMinWork()) return null;
  const blas = systemVectorBlas();
  if (blas === null) return null;
  const [, xr, xc] = x.strides, [, yr, yc] = y.strides;
  const xd = x.data as FloatData, yd = y.data as FloatData, xo = x.offset, yo = y.offset;
  const out = alloc(dtype, n * m) as FloatData;
  if (n === 1 && m === 1) {
    if (xc <= 0 || yr <= 0) return null;
    out[0] = blas.dot(k, xd, xo, xc, yd, yo, yr);
  } else if (m === 1) {
    // out = X y: X is (n, k).
    if (yr <= 0) return null;
    if (xc === 1 && xr >= k) blas.gemv(false, n, k, xd, xo, xr, yd, yo, yr, out, 0);
    else if (xr === 1 && xc >= n) blas.gemv(true, n, k, xd, xo, xc, yd, yo, yr, out, 0);
    else return null;
  } else {
    // out = Y^T x: Y^T is (m, k) with Y^T[j, p] = y[p, j].
    if (xc <= 0) return null;
    if (yr === 1 && yc >= k) blas.gemv(false, m, k, yd, yo, yc, xd, xo, xc, out, 0);
    else if (yc === 1 && yr >= m) blas.gemv(true, m, k, yd, yo, yr, xd, xo, xc, out, 0);
    else return null;
  }
  return out;
}

/**
 * A batch of float dot products `[count, 1, k] x [count, 1, k]^T` (einsum's "ij,ij->i") as an
 * elementwise product and a sum on the tensor kernels (matmul would make one call per row), or
 * null when it does not apply.
 */
function batchedDots(x: NDArray, y: NDArray, count: number, dtype: NpDType): NpTypedArray | null {
  const [, n, k] = x.shape, m = y.shape[2];
  if ((dtype !== "float32" && dtype !== "float64") || n !== 1 || m !== 1 || count < 2) return null;
  const [xb, , xs] = x.strides, [yb, ys] = y.strides;
  const blas = k >= 128 && xs > 0 && ys > 0 ? systemVectorBlas() : null;
  if (blas !== null) {
    // Long rows: one BLAS dot each.
    const out = alloc(dtype, count) as FloatData;
    const xd = x.data as FloatData, yd = y.data as FloatData;
    const xstep = x.shape[0] === 1 ? 0 : xb, ystep = y.shape[0] === 1 ? 0 : yb;
    for (let t = 0; t < count; t++) {
      out[t] = blas.dot(k, xd, x.offset + t * xstep, xs, yd, y.offset + t * ystep, ys);
    }
    return out;
  }
  const rows = (a: NDArray, step: number) =>
    new NDArray(a.data, [a.shape[0], k], dtype, {
      strides: [a.strides[0], step],
      offset: a.offset,
    });
  const prod = kernelBinary("mul", rows(x, xs), rows(y, ys), [count, k], dtype);
  return prod === null ? null : kernelReduce("sum", prod, [1], dtype)?.data ?? null;
}

/**
 * The matrix product of `x` (..., n, k) and `y` (..., k, m), both of `dtype`, with NumPy's batch
 * broadcasting: a new row-major array of shape `[...batch, n, m]`.
 */
export function batchedProduct(x: NDArray, y: NDArray, dtype: NpDType, op: string): NDArray {
  const batch = broadcastShape([x.shape.slice(0, -2), y.shape.slice(0, -2)], op);
  const count = sizeOf(batch);
  const [n, k] = x.shape.slice(-2), m = y.shape[y.ndim - 1];
  const shape = [...batch, n, m];
  const x3 = rank3(x, batch), y3 = rank3(y, batch);
  const vec = count === 1 ? vectorProduct(x3, y3, dtype) : null;
  if (vec !== null) return new NDArray(vec, shape, dtype);
  const dots = batchedDots(x3, y3, count, dtype);
  if (dots !== null) return new NDArray(dots, shape, dtype);
  const ints = kindOf(dtype) === "f" ? null : intProduct(x3, y3, count, dtype);
  if (ints !== null) return new NDArray(ints.data, shape, dtype);
  if (KERNEL_DTYPES.has(dtype)) {
    const out = kernelMatmul(x3, y3, count, dtype);
    if (out !== null) return new NDArray(out.data, shape, dtype);
  }
  const out = alloc(dtype, count * n * m);
  if (out.length > 0) {
    const xd = x3.contiguousData(), yd = y3.contiguousData();
    const xs = x3.shape[0] === 1 ? 0 : n * k, ys = y3.shape[0] === 1 ? 0 : k * m;
    for (let t = 0; t < count; t++) gemm(dtype, xd, t * xs, yd, t * ys, out, t * n * m, [n, k, m]);
  }
  return new NDArray(out, shape, dtype);
}

/** Both inputs as NDArrays (not copied) and their promoted dtype. */
function arraysOf(a: ArrayLike, b: ArrayLike, op: string): [NDArray, NDArray, NpDType] {
  const x = asNDArray(a, op, true), y = asNDArray(b, op, true);
  const dtype = npPromote(x.dtype, y.dtype);
  return [castTo(x, dtype), castTo(y, dtype), dtype];
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
  const xm = x.ndim === 1 ? reshaped(x, [1, x.shape[0]]) : x;
  const ym = y.ndim === 1 ? reshaped(y, [y.shape[0], 1]) : y;
  const k = xm.shape[xm.ndim - 1], k2 = ym.shape[ym.ndim - 2];
  if (k !== k2) {
    throw new InvalidArgumentError(
      `${op}: input operand 1 has a mismatch in its core dimension 0, with gufunc signature ` +
        `(n?,k),(k,m?)->(n?,m?) (size ${k2} is different from ${k})`,
    );
  }
  const out = batchedProduct(xm, ym, dtype, op);
  const batch = out.shape.slice(0, -2);
  const [n, m] = out.shape.slice(-2);
  const shape = [...batch, ...(x.ndim === 1 ? [] : [n]), ...(y.ndim === 1 ? [] : [m])];
  return new NDArray(out.data, shape, dtype);
}

/** The sum product over the last axis of `x` and axis `yk` of `y` (dot's and inner's core). */
function contractLast(x: NDArray, y: NDArray, yk: number, dtype: NpDType, op: string): NDArray {
  const k = x.shape[x.ndim - 1];
  const xFree = x.shape.slice(0, -1), yFree = y.shape.filter((_, i) => i !== yk);
  const x2 = reshaped(x, [sizeOf(xFree), k]);
  // y as a (k, rest) matrix: its axis yk first, the others in order; a view when y is row-major
  // and yk is its first axis, or its last (a transposed matrix), else a copy.
  const rest = sizeOf(yFree);
  const y2 = yk === y.ndim - 1 && yk > 0 && isRowMajor(y)
    ? new NDArray(y.data, [k, rest], y.dtype, { strides: [1, k], offset: y.offset })
    : reshaped(permuted(y, [yk, ...y.shape.map((_, i) => i).filter((i) => i !== yk)]), [k, rest]);
  const out = batchedProduct(x2, y2, dtype, op);
  return new NDArray(out.data, [...xFree, ...yFree], dtype);
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
  if (x.ndim === 0 || y.ndim === 0) return multiply(x, y);
  const k = x.shape[x.ndim - 1];
  const yk = y.ndim === 1 ? 0 : y.ndim - 2;
  if (y.shape[yk] !== k) {
    throw new InvalidArgumentError(
      `${op}: shapes ${npShape(x.shape)} and ${npShape(y.shape)} not aligned: ${k} (dim ${
        x.ndim - 1
      }) != ${y.shape[yk]} (dim ${yk})`,
    );
  }
  return contractLast(x, y, yk, dtype, op);
}

/**
 * NumPy's `vdot`: the dot product of the two arrays flattened (they must have the same size), a
 * 0-d array.
 *
 * @example
 * ```ts
 * import * as np from "@denotensor/core/numpy";
 * console.log(np.vdot([[1, 2], [3, 4]], [[1, 1], [1, 1]]).toString()); // 10.0
 * ```
 */
export function vdot(a: ArrayLike, b: ArrayLike): NDArray {
  const op = "np.vdot";
  const [x, y, dtype] = arraysOf(a, b, op);
  if (x.size !== y.size) {
    throw new InvalidArgumentError(
      `${op}: the arrays must have the same size, got ${x.size} (shape ${
        npShape(x.shape)
      }) and ${y.size} (shape ${npShape(y.shape)})`,
    );
  }
  const out = batchedProduct(reshaped(x, [1, x.size]), reshaped(y, [y.size, 1]), dtype, op);
  return new NDArray(out.data, [], dtype);
}

/**
 * NumPy's `inner`: the sum product over the last axes of `a` and `b` (result shape
 * `a.shape[:-1] + b.shape[:-1]`); with a scalar the elementwise product.
 *
 * @example
 * ```ts
 * import * as np from "@denotensor/core/numpy";
 * console.log(np.inner([1, 2, 3], [0, 1, 0]).toString()); // 2.0
 * console.log(np.inner(np.ones([2, 3]), np.ones([4, 3])).shape); // [ 2, 4 ]
 * ```
 */
export function inner(a: ArrayLike, b: ArrayLike): NDArray {
  const op = "np.inner";
  const [x, y, dtype] = arraysOf(a, b, op);
  if (x.ndim === 0 || y.ndim === 0) return multiply(x, y);
  const k = x.shape[x.ndim - 1], yk = y.ndim - 1;
  if (y.shape[yk] !== k) {
    const moved = [y.shape[yk], ...y.shape.slice(0, -1)];
    throw new InvalidArgumentError(
      `${op}: shapes ${npShape(x.shape)} and ${npShape(moved)} not aligned: ${k} (dim ${
        x.ndim - 1
      }) != ${y.shape[yk]} (dim 0)`,
    );
  }
  return contractLast(x, y, yk, dtype, op);
}

/** The axes of `tensordot`: a count N, or the axes of `a` and of `b` to contract, pairwise. */
export type TensordotAxes =
  | number
  | readonly [number | readonly number[], number | readonly number[]];

function axisList(list: unknown, ndim: number, which: string, op: string): number[] {
  const axes = typeof list === "number" ? [list] : list;
  if (!Array.isArray(axes) || !axes.every((a) => Number.isInteger(a))) {
    throw new InvalidArgumentError(
      `${op}: the axes of ${which} must be an integer or an array of integers, got ${
        JSON.stringify(list)
      }`,
    );
  }
  const out = axes.map((a: number) => {
    if (a < -ndim || a >= ndim) {
      throw new InvalidArgumentError(
        `${op}: axis ${a} is out of bounds for ${which} of dimension ${ndim}`,
      );
    }
    return a < 0 ? a + ndim : a;
  });
  if (new Set(out).size !== out.length) {
    throw new InvalidArgumentError(`${op}: duplicate axes are not allowed in tensordot`);
  }
  return out;
}

/**
 * NumPy's `tensordot`: the sum of products over the axes `axes` names: a count N (the last N
 * axes of `a` with the first N of `b`, default 2) or a pair `[axesA, axesB]`. The result has the
 * remaining axes of `a`, then those of `b`.
 *
 * @example
 * ```ts
 * import * as np from "@denotensor/core/numpy";
 * const a = np.ones([3, 4, 5]), b = np.ones([4, 3, 2]);
 * console.log(np.tensordot(a, b, [[1, 0], [0, 1]]).shape); // [ 5, 2 ]
 * console.log(np.tensordot([1, 2], [3, 4], 0).toString()); // [[3. 4.]\n [6. 8.]]
 * ```
 */
export function tensordot(a: ArrayLike, b: ArrayLike, axes: TensordotAxes = 2): NDArray {
  const op = "np.tensordot";
  const [x, y, dtype] = arraysOf(a, b, op);
  let ax: number[], bx: number[];
  if (typeof axes === "number") {
    if (!Number.isInteger(axes) || axes < 0 || axes > x.ndim || axes > y.ndim) {
      throw new InvalidArgumentError(
        `${op}: axes ${axes} must be an integer in [0, ${Math.min(x.ndim, y.ndim)}] for shapes ${
          npShape(x.shape)
        } and ${npShape(y.shape)}`,
      );
    }
    ax = Array.from({ length: axes }, (_, i) => x.ndim - axes + i);
    bx = Array.from({ length: axes }, (_, i) => i);
  } else {
    if (!Array.isArray(axes) || axes.length !== 2) {
      throw new InvalidArgumentError(
        `${op}: axes must be an integer or a pair [axesA, axesB], got ${JSON.stringify(axes)}`,
      );
    }
    ax = axisList(axes[0], x.ndim, "a", op);
    bx = axisList(axes[1], y.ndim, "b", op);
  }
  if (ax.length !== bx.length || ax.some((d, i) => x.shape[d] !== y.shape[bx[i]])) {
    throw new InvalidArgumentError(
      `${op}: shape-mismatch for sum: axes [${ax.join(", ")}] of ${npShape(x.shape)} and ` +
        `[${bx.join(", ")}] of ${npShape(y.shape)}`,
    );
  }
  const freeA = x.shape.map((_, d) => d).filter((d) => !ax.includes(d));
  const freeB = y.shape.map((_, d) => d).filter((d) => !bx.includes(d));
  const k = sizeOf(ax.map((d) => x.shape[d]));
  const at = reshaped(permuted(x, [...freeA, ...ax]), [sizeOf(freeA.map((d) => x.shape[d])), k]);
  const bt = reshaped(permuted(y, [...bx, ...freeB]), [k, sizeOf(freeB.map((d) => y.shape[d]))]);
  const out = batchedProduct(at, bt, dtype, op);
  return new NDArray(
    out.data,
    [...freeA.map((d) => x.shape[d]), ...freeB.map((d) => y.shape[d])],
    dtype,
  );
}
