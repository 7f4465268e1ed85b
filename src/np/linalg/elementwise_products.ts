/**
 * `np.outer`, `np.kron` and `np.cross`: products made of elementwise multiplications and
 * subtractions, done in the promoted dtype exactly as NumPy's implementations do them (`outer`
 * and `kron` one broadcast `multiply`, `cross` NumPy's sequence of `multiply`, `subtract` and
 * negation per component), so results are NumPy's bit for bit in every dtype. Float operands run
 * on the tensors' elementwise kernels (broadcast by strides, vectorised and threaded when the
 * native library is there), the others on `np.multiply`/`np.subtract`.
 *
 * @module
 */
import { InvalidArgumentError } from "../../errors.ts";
import { NDArray, type NpDType } from "../../ndarray.ts";
import { checkOptions, keysOf } from "../../options.ts";
import { broadcastShape } from "../broadcast.ts";
import { type ArrayLike, asNDArray } from "../convert.ts";
import { alloc, isBig } from "../dtypes.ts";
import { kernelBinary } from "../kernels.ts";
import { castTo, permuted, reshaped } from "../linalg.ts";
import { npPromote } from "../promote.ts";
import { multiply, subtract } from "../ufuncs.ts";

const FLOATS: ReadonlySet<NpDType> = new Set<NpDType>(["float16", "float32", "float64"]);

/**
 * `x * y` or `x - y` elementwise with broadcasting: both of one float dtype on the tensor kernel
 * (IEEE arithmetic, rounded once: NumPy's), else `np.multiply`/`np.subtract`.
 */
function binary(op: "mul" | "sub", x: NDArray, y: NDArray): NDArray {
  if (x.dtype === y.dtype && FLOATS.has(x.dtype)) {
    const shape = broadcastShape([x.shape, y.shape], `np.${op}`);
    const out = kernelBinary(op, x, y, shape, x.dtype);
    if (out !== null) return out;
  }
  return op === "mul" ? multiply(x, y) : subtract(x, y);
}

/**
 * NumPy's `outer`: `out[i, j] = a.ravel()[i] * b.ravel()[j]`, exactly the elementwise products.
 *
 * @example
 * ```ts
 * import * as np from "@denotensor/core/numpy";
 * console.log(np.outer(np.array([1, 2], "int32"), np.array([3, 4, 5], "int32")).toString()); // [[ 3  4  5]\n [ 6  8 10]]
 * ```
 */
export function outer(a: ArrayLike, b: ArrayLike): NDArray {
  const op = "np.outer";
  const x = asNDArray(a, op, true), y = asNDArray(b, op, true);
  const dtype = npPromote(x.dtype, y.dtype);
  return binary(
    "mul",
    reshaped(castTo(x, dtype), [x.size, 1]),
    reshaped(castTo(y, dtype), [1, y.size]),
  );
}

/**
 * The Kronecker product of two arrays: a block array whose blocks are `b` scaled by each element
 * of `a` (the shapes are padded with leading 1s to the same rank; the result's shape is their
 * product).
 *
 * @example
 * ```ts
 * import * as np from "@denotensor/core/numpy";
 * const a = np.array([[1, 2], [3, 4]], "int32");
 * console.log(np.kron(a, np.array([1, 10], "int32")).toString()); // [[ 1 10  2 20]\n [ 3 30  4 40]]
 * ```
 */
export function kron(a: ArrayLike, b: ArrayLike): NDArray {
  const op = "np.kron";
  let x = asNDArray(a, op, true), y = asNDArray(b, op, true);
  if (x.ndim < y.ndim) x = reshaped(x, [...new Array(y.ndim - x.ndim).fill(1), ...x.shape]);
  if (x.ndim === 0 || y.ndim === 0) return multiply(x, y);
  const dtype = npPromote(x.dtype, y.dtype);
  [x, y] = [castTo(x, dtype), castTo(y, dtype)];
  const nd = Math.max(x.ndim, y.ndim);
  const pad = (s: readonly number[]) => [...new Array(nd - s.length).fill(1), ...s];
  const as = pad(x.shape), bs = pad(y.shape);
  // a as [a0, 1, a1, 1, ...] and b as [1, b0, 1, b1, ...]: their product is the block array.
  const xa = reshaped(x, as.flatMap((d) => [d, 1]));
  const yb = reshaped(y, bs.flatMap((d) => [1, d]));
  return reshaped(binary("mul", xa, yb), as.map((d, i) => d * bs[i]));
}

/** Options of `np.cross`. */
export interface CrossOptions {
  /** The axis of `a` that holds the vectors (default -1). */
  axisa?: number;
  /** The axis of `b` that holds the vectors (default -1). */
  axisb?: number;
  /** The axis of the result that holds the vectors (default -1). */
  axisc?: number;
  /** Sets `axisa`, `axisb` and `axisc` at once. */
  axis?: number | null;
}

const CROSS_KEYS = keysOf<CrossOptions>({ axisa: true, axisb: true, axisc: true, axis: true });

function axisIndex(axis: unknown, ndim: number, name: string, op: string): number {
  if (typeof axis !== "number" || !Number.isInteger(axis)) {
    throw new InvalidArgumentError(`${op}: ${name} must be an integer, got ${String(axis)}`);
  }
  if (axis < -ndim || axis >= ndim) {
    throw new InvalidArgumentError(
      `${op}: ${name}: axis ${axis} is out of bounds for array of dimension ${ndim}`,
    );
  }
  return axis < 0 ? axis + ndim : axis;
}

/** `x` with axis `from` moved to the end (a view). */
function toLast(x: NDArray, from: number): NDArray {
  const perm = x.shape.map((_, i) => i).filter((i) => i !== from);
  return permuted(x, [...perm, from]);
}

/** Component `i` of the vectors along the last axis of `x` (a view). */
function component(x: NDArray, i: number): NDArray {
  return new NDArray(x.data, x.shape.slice(0, -1), x.dtype, {
    strides: x.strides.slice(0, -1),
    offset: x.offset + i * x.strides[x.ndim - 1],
  });
}

/** `-x` elementwise in place on a fresh array (integers wrap, floats flip the sign bit). */
function negate(x: NDArray): NDArray {
  const d = x.data as Float64Array;
  if (isBig(x.dtype)) {
    const b = x.data as BigInt64Array;
    for (let i = 0; i < b.length; i++) b[i] = -b[i];
  } else for (let i = 0; i < d.length; i++) d[i] = -d[i];
  return x;
}

/**
 * The cross product of 3-vectors (or 2-vectors, whose third component is 0: two 2-vectors give
 * the z component alone) along the last axis of `a` and `b` (or `axisa`/`axisb`; `axisc` places
 * the vectors of the result), broadcasting the other axes, in the promoted dtype.
 *
 * @example
 * ```ts
 * import * as np from "@denotensor/core/numpy";
 * console.log(np.cross([1, 0, 0], [0, 1, 0]).toString()); // [0. 0. 1.]
 * console.log(np.cross(np.array([[1, 2, 3]], "int32"), np.array([[4, 5, 6]], "int32")).toString()); // [[-3  6 -3]]
 * ```
 */
export function cross(a: ArrayLike, b: ArrayLike, options?: CrossOptions): NDArray {
  const op = "np.cross";
  const o = checkOptions(options, CROSS_KEYS, `${op} options`) ?? {};
  let { axisa = -1, axisb = -1, axisc = -1 } = o;
  if (o.axis !== undefined && o.axis !== null) axisa = axisb = axisc = o.axis;
  const x0 = asNDArray(a, op, true), y0 = asNDArray(b, op, true);
  if (x0.ndim < 1 || y0.ndim < 1) {
    throw new InvalidArgumentError(`${op}: at least one array has zero dimension`);
  }
  const dtype: NpDType = npPromote(x0.dtype, y0.dtype);
  const x = castTo(toLast(x0, axisIndex(axisa, x0.ndim, "axisa", op)), dtype);
  const y = castTo(toLast(y0, axisIndex(axisb, y0.ndim, "axisb", op)), dtype);
  const na = x.shape[x.ndim - 1], nb = y.shape[y.ndim - 1];
  if ((na !== 2 && na !== 3) || (nb !== 2 && nb !== 3)) {
    throw new InvalidArgumentError(
      `${op}: incompatible dimensions for cross product (dimension must be 2 or 3), got ${na} ` +
        `and ${nb}`,
    );
  }
  const shape = broadcastShape([x.shape.slice(0, -1), y.shape.slice(0, -1)], op);
  if (na === 3 || nb === 3) axisIndex(axisc, shape.length + 1, "axisc", op);
  if (dtype === "bool") {
    throw new InvalidArgumentError(
      `${op}: numpy boolean subtract, the \`-\` operator, is not supported (bool vectors)`,
    );
  }
  const [a0, a1, b0, b1] = [component(x, 0), component(x, 1), component(y, 0), component(y, 1)];
  if (na === 2 && nb === 2) return binary("sub", binary("mul", a0, b1), binary("mul", a1, b0));
  let parts: NDArray[];
  if (na === 2) {
    const b2 = component(y, 2);
    parts = [
      binary("mul", a1, b2),
      negate(binary("mul", a0, b2)),
      binary("sub", binary("mul", a0, b1), binary("mul", a1, b0)),
    ];
  } else if (nb === 2) {
    const a2 = component(x, 2);
    parts = [
      negate(binary("mul", a2, b1)),
      binary("mul", a2, b0),
      binary("sub", binary("mul", a0, b1), binary("mul", a1, b0)),
    ];
  } else {
    const [a2, b2] = [component(x, 2), component(y, 2)];
    parts = [
      binary("sub", binary("mul", a1, b2), binary("mul", a2, b1)),
      binary("sub", binary("mul", a2, b0), binary("mul", a0, b2)),
      binary("sub", binary("mul", a0, b1), binary("mul", a1, b0)),
    ];
  }
  // The components side by side along a new last axis, then that axis moved to axisc.
  const count = shape.reduce((p, d) => p * d, 1);
  const out = alloc(dtype, count * 3) as Float64Array;
  parts.forEach((p, c) => {
    const full = p.shape.length === shape.length && p.size === count ? p : broadcastTo(p, shape);
    const d = full.contiguousData() as Float64Array;
    for (let i = 0; i < count; i++) out[3 * i + c] = d[i];
  });
  const result = new NDArray(out, [...shape, 3], dtype);
  const c = axisIndex(axisc, shape.length + 1, "axisc", op);
  const perm = shape.map((_, i) => i);
  perm.splice(c, 0, shape.length);
  return permuted(result, perm);
}

/** `x` broadcast to `shape` (a view with zero strides). */
function broadcastTo(x: NDArray, shape: readonly number[]): NDArray {
  const lead = shape.length - x.ndim;
  return new NDArray(x.data, shape, x.dtype, {
    strides: shape.map((d, i) => (i < lead || x.shape[i - lead] !== d ? 0 : x.strides[i - lead])),
    offset: x.offset,
  });
}
