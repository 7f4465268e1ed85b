/**
 * Linear algebra (`tf.linalg`): `inv`, `det` and `solve` by LU decomposition with partial
 * pivoting, batched over the leading axes, and `norm`. The factorisations run on the host in
 * float64 (`runHost`: on a GPU the input is read back, soft placement) and round once to the
 * result dtype; their gradients are written with public ops, so they run on every device and
 * nest for higher orders. Also re-exports `matmul`, `tensordot` and `einsum`, as `tf.linalg`
 * does.
 *
 * @module
 */
import { type DType, floatOf, isFloat, promoteTypes, type TypedArray } from "../dtype.ts";
import { castTensor, input, record, recording, runHost, view } from "../engine.ts";
import { InvalidArgumentError } from "../errors.ts";
import { formatShape } from "../format.ts";
import {
  broadcastShapes,
  broadcastStrides,
  normalizeAxes,
  normalizeAxis,
  sameShape,
  sizeOf,
} from "../shape.ts";
import type { Tensor, TensorLike } from "../tensor.ts";
import { pow } from "./binary.ts";
import { matmul } from "./matmul.ts";
import { expandDims, squeeze, transpose } from "./movement.ts";
import { reduceMax, reduceSum } from "./reduce.ts";
import { cast } from "./select.ts";
import { abs, sqrt, square } from "./unary.ts";

export { matmul } from "./matmul.ts";
export { einsum, tensordot } from "./einsum.ts";

// ---------------------------------------------------------------------------------------------
// Host kernels: LU with partial pivoting, in float64.

/**
 * Factors the n×n row-major matrix `a` in place into P·A = L·U (L unit lower, below the
 * diagonal; U on and above it), recording the pivot row of each step in `piv`. Returns the
 * sign of the permutation, or 0 when a pivot is exactly zero (the matrix is singular). NaN is
 * chosen as a pivot, so that it propagates instead of reading as singular.
 */
function luFactor(a: Float64Array, n: number, piv: Int32Array): number {
  let sign = 1;
  for (let c = 0; c < n; c++) {
    let p = c;
    let best = Math.abs(a[c * n + c]);
    for (let r = c + 1; r < n; r++) {
      const v = Math.abs(a[r * n + c]);
      if (v > best || (v !== v && best === best)) {
        best = v;
        p = r;
      }
    }
    piv[c] = p;
    if (best === 0) return 0;
    if (p !== c) {
      for (let j = 0; j < n; j++) {
        const tmp = a[c * n + j];
        a[c * n + j] = a[p * n + j];
        a[p * n + j] = tmp;
      }
      sign = -sign;
    }
    const d = a[c * n + c];
    for (let r = c + 1; r < n; r++) {
      const f = a[r * n + c] / d;
      a[r * n + c] = f;
      for (let j = c + 1; j < n; j++) a[r * n + j] -= f * a[c * n + j];
    }
  }
  return sign;
}

/** Solves L·U·x = P·b in place for one right-hand side `b` (a factored `a` and its pivots). */
function luSolve(a: Float64Array, n: number, piv: Int32Array, b: Float64Array): void {
  for (let c = 0; c < n; c++) {
    const p = piv[c];
    if (p !== c) {
      const tmp = b[c];
      b[c] = b[p];
      b[p] = tmp;
    }
  }
  for (let r = 1; r < n; r++) {
    let s = b[r];
    for (let j = 0; j < r; j++) s -= a[r * n + j] * b[j];
    b[r] = s;
  }
  for (let r = n - 1; r >= 0; r--) {
    let s = b[r];
    for (let j = r + 1; j < n; j++) s -= a[r * n + j] * b[j];
    b[r] = s / a[r * n + r];
  }
}

/** Copies matrix `b` (n×n, or its transpose) of a batch into `m`. */
function loadMatrix(src: TypedArray, b: number, n: number, m: Float64Array, adjoint = false): void {
  const at = b * n * n;
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) {
      m[i * n + j] = Number(adjoint ? src[at + j * n + i] : src[at + i * n + j]);
    }
  }
}

/** The error for a singular matrix of a batch. */
function singular(op: string, b: number, batch: readonly number[]): InvalidArgumentError {
  if (batch.length === 0) {
    return new InvalidArgumentError(`${op}: the matrix is singular (it has no inverse)`);
  }
  const idx: number[] = [];
  for (let d = batch.length - 1, r = b; d >= 0; d--) {
    idx.unshift(r % batch[d]);
    r = Math.floor(r / batch[d]);
  }
  return new InvalidArgumentError(
    `${op}: matrix [${idx.join(", ")}] of the batch ${formatShape(batch)} is singular ` +
      `(it has no inverse)`,
  );
}

// ---------------------------------------------------------------------------------------------
// inv, det, solve.

/** The input of a matrix op: a float tensor (int and bool become float32) of square matrices. */
function squareMatrices(x: TensorLike, op: string): Tensor {
  const t0 = input(x, op);
  const t = cast(t0, floatOf(t0.dtype));
  const r = t.rank;
  if (r < 2 || t.shape[r - 1] !== t.shape[r - 2]) {
    throw new InvalidArgumentError(
      `${op}: needs square matrices in the last two axes (shape [..., M, M]), got shape ` +
        `${formatShape(t.shape)}`,
    );
  }
  return t;
}

/**
 * The inverse of each square matrix in the last two axes (batched over the leading axes). A
 * singular matrix is an InvalidArgumentError naming its batch index. Int and bool give float32.
 *
 * @example
 * ```ts
 * import * as tf from "@denotensor/core";
 * console.log(tf.linalg.inv([[2, 0], [0, 4]]).toString()); // tf.Tensor(\n[[0.5  0.  ]\n [0.   0.25]], shape=(2, 2), dtype=float32)
 * ```
 */
export function inv(x: TensorLike): Tensor {
  const t = squareMatrices(x, "linalg.inv");
  const n = t.shape[t.rank - 1];
  const batch = t.shape.slice(0, -2);
  const [y] = runHost("linalg.inv", [t], [{ dtype: t.dtype, shape: t.shape }], ([a], [out]) => {
    const m = new Float64Array(n * n);
    const piv = new Int32Array(n);
    const col = new Float64Array(n);
    for (let b = 0; b < sizeOf(batch); b++) {
      loadMatrix(a, b, n, m);
      if (luFactor(m, n, piv) === 0) throw singular("linalg.inv", b, batch);
      for (let j = 0; j < n; j++) {
        col.fill(0);
        col[j] = 1;
        luSolve(m, n, piv, col);
        for (let i = 0; i < n; i++) out[b * n * n + i * n + j] = col[i];
      }
    }
  });
  if (recording()) record("linalg.inv", [t], y);
  return y;
}

/**
 * The determinant of each square matrix in the last two axes (batched): the product of the LU
 * pivots. A singular matrix gives 0; a 0×0 matrix gives 1. Int and bool give float32.
 *
 * @example
 * ```ts
 * import * as tf from "@denotensor/core";
 * console.log(tf.linalg.det([[1, 2], [3, 4]]).toString()); // tf.Tensor(-2.0, shape=(), dtype=float32)
 * ```
 */
export function det(x: TensorLike): Tensor {
  const t = squareMatrices(x, "linalg.det");
  const n = t.shape[t.rank - 1];
  const batch = t.shape.slice(0, -2);
  const [y] = runHost("linalg.det", [t], [{ dtype: t.dtype, shape: batch }], ([a], [out]) => {
    const m = new Float64Array(n * n);
    const piv = new Int32Array(n);
    for (let b = 0; b < out.length; b++) {
      loadMatrix(a, b, n, m);
      let d = luFactor(m, n, piv);
      for (let i = 0; i < n && d !== 0; i++) d *= m[i * n + i];
      out[b] = d;
    }
  });
  if (recording()) record("linalg.det", [t], y);
  return y;
}

/** A view of `t` broadcast to `shape` (not recorded: the caller records the op). */
function broadcastView(t: Tensor, shape: readonly number[]): Tensor {
  if (sameShape(t.shape, shape)) return t;
  return view(t, shape, broadcastStrides(t.shape, t.strides, shape), t.offset);
}

/**
 * Solves `matrix · X = rhs` for X (or `matrixᵀ · X = rhs` with `adjoint`), for square matrices
 * `[..., M, M]` and right-hand sides `[..., M, K]`; the batch axes broadcast. A singular matrix is
 * an InvalidArgumentError naming its batch index. Dtypes are promoted to a float dtype.
 *
 * @example
 * ```ts
 * import * as tf from "@denotensor/core";
 * console.log(tf.linalg.solve([[2, 0], [0, 4]], [[2], [2]]).toString()); // tf.Tensor(\n[[1. ]\n [0.5]], shape=(2, 1), dtype=float32)
 * ```
 */
export function solve(matrix: TensorLike, rhs: TensorLike, adjoint = false): Tensor {
  const op = "linalg.solve";
  const a0 = squareMatrices(matrix, op);
  const b0 = input(rhs, op);
  const dtype: DType = promoteTypes(a0.dtype, floatOf(b0.dtype));
  const a = cast(a0, dtype);
  const b = cast(b0, dtype);
  const n = a.shape[a.rank - 1];
  if (b.rank < 2 || b.shape[b.rank - 2] !== n) {
    throw new InvalidArgumentError(
      `${op}: rhs ${formatShape(b.shape)} must have shape [..., ${n}, K] for matrix ` +
        `${formatShape(a.shape)}`,
    );
  }
  const k = b.shape[b.rank - 1];
  const batch = broadcastShapes(a.shape.slice(0, -2), b.shape.slice(0, -2), op);
  const av = broadcastView(a, [...batch, n, n]);
  const bv = broadcastView(b, [...batch, n, k]);
  const [x] = runHost(op, [av, bv], [{ dtype, shape: [...batch, n, k] }], ([am, bm], [out]) => {
    const m = new Float64Array(n * n);
    const piv = new Int32Array(n);
    const col = new Float64Array(n);
    for (let i = 0; i < sizeOf(batch); i++) {
      loadMatrix(am, i, n, m, adjoint);
      if (luFactor(m, n, piv) === 0) throw singular(op, i, batch);
      const at = i * n * k;
      for (let j = 0; j < k; j++) {
        for (let r = 0; r < n; r++) col[r] = Number(bm[at + r * k + j]);
        luSolve(m, n, piv, col);
        for (let r = 0; r < n; r++) out[at + r * k + j] = col[r];
      }
    }
  });
  if (av !== a) av.dispose();
  if (bv !== b) bv.dispose();
  if (recording()) record("linalg.solve", [a, b], x, { adjoint });
  return x;
}

// ---------------------------------------------------------------------------------------------
// norm.

/** The order of a norm: a positive number (1, 2, Infinity, p), `"euclidean"` or `"fro"`. */
export type NormOrder = number | "euclidean" | "fro";

/**
 * The top right singular vector of the rows×cols matrix `m`: the eigenvector of MᵀM with the
 * largest eigenvalue, by cyclic Jacobi rotations. Written into `out` at `at`.
 */
function topSingularVector(
  m: Float64Array,
  rows: number,
  cols: number,
  out: TypedArray,
  at: number,
): void {
  const n = cols;
  const g = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    for (let j = i; j < n; j++) {
      let s = 0;
      for (let r = 0; r < rows; r++) s += m[r * cols + i] * m[r * cols + j];
      g[i * n + j] = g[j * n + i] = s;
    }
  }
  const v = new Float64Array(n * n);
  for (let i = 0; i < n; i++) v[i * n + i] = 1;
  for (let sweep = 0; sweep < 60; sweep++) {
    let off = 0, diag = 0;
    for (let i = 0; i < n; i++) {
      diag += g[i * n + i] * g[i * n + i];
      for (let j = i + 1; j < n; j++) off += g[i * n + j] * g[i * n + j];
    }
    if (!(off > 1e-32 * diag)) break;
    for (let p = 0; p < n; p++) {
      for (let q = p + 1; q < n; q++) {
        const gpq = g[p * n + q];
        if (gpq === 0) continue;
        const tau = (g[q * n + q] - g[p * n + p]) / (2 * gpq);
        const t = (tau >= 0 ? 1 : -1) / (Math.abs(tau) + Math.sqrt(1 + tau * tau));
        const c = 1 / Math.sqrt(1 + t * t), s = t * c;
        for (let k = 0; k < n; k++) {
          const kp = g[k * n + p], kq = g[k * n + q];
          g[k * n + p] = c * kp - s * kq;
          g[k * n + q] = s * kp + c * kq;
        }
        for (let k = 0; k < n; k++) {
          const pk = g[p * n + k], qk = g[q * n + k];
          g[p * n + k] = c * pk - s * qk;
          g[q * n + k] = s * pk + c * qk;
        }
        for (let k = 0; k < n; k++) {
          const kp = v[k * n + p], kq = v[k * n + q];
          v[k * n + p] = c * kp - s * kq;
          v[k * n + q] = s * kp + c * kq;
        }
      }
    }
  }
  let best = 0;
  for (let i = 1; i < n; i++) if (g[i * n + i] > g[best * n + best]) best = i;
  for (let i = 0; i < n; i++) out[at + i] = v[i * n + best];
}

/**
 * The spectral norm (largest singular value) of the matrices in the last two axes of `x`:
 * ‖x·v‖ with v the top right singular vector, found on the host and held constant. That is
 * the exact value and, v being stationary, the exact first-order gradient u·vᵀ (a second order
 * treats v as a constant).
 */
function spectralNorm(x: Tensor): Tensor {
  const rows = x.shape[x.rank - 2], cols = x.shape[x.rank - 1];
  const batch = x.shape.slice(0, -2);
  const [v] = runHost(
    "norm",
    [x],
    [{ dtype: x.dtype, shape: [...batch, cols, 1] }],
    ([a], [out]) => {
      const m = new Float64Array(rows * cols);
      for (let b = 0; b < sizeOf(batch); b++) {
        for (let i = 0; i < m.length; i++) m[i] = Number(a[b * rows * cols + i]);
        topSingularVector(m, rows, cols, out, b * cols);
      }
    },
  );
  return sqrt(reduceSum(square(matmul(x, v)), [-2, -1]));
}

/**
 * The norm of `tensor` (TensorFlow's `tf.norm`). With `axis` omitted or null the whole tensor
 * is one vector; a number (or one axis in an array) gives vector norms along that axis; two axes
 * give matrix norms. Vector orders: `"euclidean"` (default) or 2, 1, Infinity, or any positive
 * p. Matrix orders: `"euclidean"`/`"fro"` (Frobenius), 1 (largest column sum of |x|), Infinity
 * (largest row sum), 2 (largest singular value; its singular vector is found on the host, and
 * a second-order gradient treats it as a constant). Int and bool give float32.
 *
 * @example
 * ```ts
 * import * as tf from "@denotensor/core";
 * console.log(tf.norm([3, 4]).toString()); // tf.Tensor(5.0, shape=(), dtype=float32)
 * console.log(tf.norm([[1, -2], [3, 4]], 1, [0, 1]).toString()); // tf.Tensor(6.0, shape=(), dtype=float32)
 * console.log(tf.norm([[1, -2], [3, 4]], Infinity, -1).toString()); // tf.Tensor([2. 4.], shape=(2,), dtype=float32)
 * ```
 */
export function norm(
  tensor: TensorLike,
  ord: NormOrder = "euclidean",
  axis?: number | readonly number[] | null,
  keepdims = false,
): Tensor {
  const t0 = input(tensor, "norm");
  const t = isFloat(t0.dtype) ? t0 : castTensor(t0, "float32");
  const list = axis === undefined || axis === null
    ? null
    : typeof axis === "number"
    ? [axis]
    : axis;
  if (list !== null && (!Array.isArray(list) || list.length < 1 || list.length > 2)) {
    throw new InvalidArgumentError(
      `norm: axis must be omitted, a number, or an array of one or two axes, got ` +
        `${JSON.stringify(axis)}`,
    );
  }
  const ordText = typeof ord === "string" ? JSON.stringify(ord) : String(ord);
  if (list === null || list.length === 1) {
    const axes = list === null ? normalizeAxes(null, t.rank, "norm") : [
      normalizeAxis(list[0], t.rank, "norm"),
    ];
    if (ord === "euclidean" || ord === 2) return sqrt(reduceSum(square(t), axes, keepdims));
    if (ord === 1) return reduceSum(abs(t), axes, keepdims);
    if (ord === Infinity) return reduceMax(abs(t), axes, keepdims);
    if (typeof ord === "number" && ord > 0 && Number.isFinite(ord)) {
      return pow(reduceSum(pow(abs(t), ord), axes, keepdims), 1 / ord);
    }
    throw new InvalidArgumentError(
      `norm: ord ${ordText} is not a vector norm: use "euclidean", 1, 2, Infinity or another ` +
        `positive number ("fro" is for matrices: give two axes)`,
    );
  }
  const r = normalizeAxis(list[0], t.rank, "norm");
  const c = normalizeAxis(list[1], t.rank, "norm");
  if (r === c) {
    throw new InvalidArgumentError(`norm: the two matrix axes are the same axis ${r}`);
  }
  const done = (y: Tensor): Tensor => (keepdims ? y : squeeze(y, [r, c]));
  if (ord === "euclidean" || ord === "fro") return sqrt(reduceSum(square(t), [r, c], keepdims));
  if (ord === 1) return done(reduceMax(reduceSum(abs(t), r, true), c, true));
  if (ord === Infinity) return done(reduceMax(reduceSum(abs(t), c, true), r, true));
  if (ord === 2) {
    const rest = t.shape.map((_, d) => d).filter((d) => d !== r && d !== c);
    const y = spectralNorm(transpose(t, [...rest, r, c]));
    return keepdims ? expandDims(expandDims(y, Math.min(r, c)), Math.max(r, c)) : y;
  }
  throw new InvalidArgumentError(
    `norm: ord ${ordText} is not a matrix norm: use "euclidean", "fro", 1, 2 or Infinity`,
  );
}
