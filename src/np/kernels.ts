/**
 * The `np` functions on the tensors' CPU kernels. An NDArray whose dtype is a tensor dtype (bool,
 * uint8, int32, int64, float16, float32, float64) is handed to the CPU backend as a view of its
 * own memory, without a copy: the backend runs its compiled TypeScript loops, or the native CPU
 * library (vectorised, threaded) and BLAS when FFI is granted and the array is large enough, the
 * same kernels as tensors. Every function here returns null for a dtype without tensor kernels
 * (int8, int16, uint16, uint32, uint64); the caller then runs its own typed-array loop.
 *
 * The callers keep NumPy's semantics: they pick the result dtype (NEP 50), cast the operands to
 * the dtype the kernel computes in, and use a kernel only where its results are NumPy's (checked
 * by the fixtures made with NumPy).
 *
 * @module
 */
import type { Backend, View } from "../backends/backend.ts";
import { CpuStorage } from "../backends/cpu/backend.ts";
import { cpuBackend } from "../device.ts";
import { type DType, DTYPES, type TypedArray } from "../dtype.ts";
import { NDArray, type NpDType } from "../ndarray.ts";
import {
  BINARY_OPS,
  type BinaryName,
  REDUCE_OPS,
  UNARY_OPS,
  type UnaryName,
} from "../ops/op_ids.ts";
import { alloc } from "./dtypes.ts";

/** A reduction of the tensor kernels. */
export type ReduceName = typeof REDUCE_OPS[number];

/** True when NumPy's dtype `d` is also a tensor dtype, so the CPU kernels take it as it is. */
export function hasKernels(d: NpDType): d is NpDType & DType {
  return (DTYPES as readonly string[]).includes(d);
}

/** The CPU backend the `np` functions share with tensors. */
function cpu(): Backend {
  return cpuBackend();
}

/**
 * The CPU backend's view of an NDArray (its own memory, not copied), broadcast to `shape` when
 * given (axes the array lacks or has as 1 get stride 0), or null for a dtype without kernels.
 */
export function viewOf(a: NDArray, shape?: readonly number[]): View | null {
  if (!hasKernels(a.dtype)) return null;
  const dtype = a.dtype as DType;
  const storage = new CpuStorage(dtype, a.data as unknown as TypedArray);
  let strides = a.strides;
  let vshape = a.shape;
  if (shape !== undefined && !sameShape(shape, a.shape)) {
    const lead = shape.length - a.shape.length;
    strides = shape.map((d, i) =>
      i < lead || (a.shape[i - lead] === 1 && d !== 1) ? 0 : a.strides[i - lead]
    );
    vshape = shape;
  }
  return { storage, dtype, shape: vshape, strides, offset: a.offset, size: size(vshape) };
}

/**
 * A new contiguous NDArray of `dtype` and `shape` with the backend's view of it; `into` (of that
 * dtype and shape, whole and C-contiguous: `isWholeC`) instead of a new array when given.
 */
export function output(
  dtype: NpDType,
  shape: readonly number[],
  into?: NDArray,
): [NDArray, View | null] {
  const out = into ?? new NDArray(alloc(dtype, size(shape)), shape, dtype);
  return [out, viewOf(out)];
}

/**
 * `op(x)` elementwise on the tensor kernel into a new array of `outDtype` (the op's kernel
 * result: `x`'s dtype, or bool for the predicates), or into `into` (see `output`; `x` is
 * broadcast to its shape), or null when `x`'s dtype has no kernels.
 */
export function kernelUnary(
  op: UnaryName,
  x: NDArray,
  outDtype: NpDType,
  into?: NDArray,
): NDArray | null {
  const xv = viewOf(x, into?.shape);
  if (xv === null || !hasKernels(outDtype)) return null;
  const [out, ov] = output(outDtype, x.shape, into);
  if (out.size > 0) cpu().unary(UNARY_OPS.indexOf(op), xv, ov!);
  return out;
}

/**
 * `op(a, b)` elementwise on the tensor kernel with NumPy broadcasting (by strides, no copies),
 * into a new array of `outDtype` or into `into` (see `output`); `a` and `b` must both have the
 * dtype the op computes in. Null when that dtype has no kernels.
 */
export function kernelBinary(
  op: BinaryName,
  a: NDArray,
  b: NDArray,
  shape: readonly number[],
  outDtype: NpDType,
  into?: NDArray,
): NDArray | null {
  const av = viewOf(a, shape), bv = viewOf(b, shape);
  if (av === null || bv === null || !hasKernels(outDtype)) return null;
  const [out, ov] = output(outDtype, shape, into);
  if (out.size > 0) cpu().binary(BINARY_OPS.indexOf(op), av, bv, ov!);
  return out;
}

/** Elementwise `cond ? a : b` broadcast to `shape` (cond bool; a, b of one kernel dtype). */
export function kernelWhere(
  cond: NDArray,
  a: NDArray,
  b: NDArray,
  shape: readonly number[],
): NDArray | null {
  const cv = viewOf(cond, shape), av = viewOf(a, shape), bv = viewOf(b, shape);
  if (cv === null || av === null || bv === null || cond.dtype !== "bool") return null;
  const [out, ov] = output(a.dtype, shape);
  if (out.size > 0) cpu().where(cv, av, bv, ov!);
  return out;
}

/**
 * A copy of `x` with the tensor kernels' cast to `dtype`, or null when either dtype has none.
 * The tensor cast truncates floats toward zero and saturates (NaN gives 0): use it for NumPy's
 * `astype` only where the values are in range, or between float dtypes and from ints to floats.
 */
export function kernelCast(x: NDArray, dtype: NpDType): NDArray | null {
  const xv = viewOf(x);
  if (xv === null || !hasKernels(dtype)) return null;
  const [out, ov] = output(dtype, x.shape);
  if (out.size > 0) cpu().cast(xv, ov!);
  return out;
}

/** A contiguous copy of any NDArray (its elements in row-major order) on the copy kernel. */
export function kernelCopy(x: NDArray): NDArray | null {
  const xv = viewOf(x);
  if (xv === null) return null;
  const [out, ov] = output(x.dtype, x.shape);
  if (out.size > 0) cpu().copy(xv, ov!);
  return out;
}

/**
 * Reduces the axes `axes` (sorted, distinct) of `x` with the tensor reduction `op` into a new
 * array of `outDtype` (the op's kernel result for `x`'s dtype) with the other axes in order, or
 * null when `x`'s dtype has no kernels. The kernel's summation order is its own (not NumPy's
 * pairwise order): callers that promise NumPy's bits use it only where the order cannot matter
 * (max, min, all, any, integer sums).
 */
export function kernelReduce(
  op: ReduceName,
  x: NDArray,
  axes: readonly number[],
  outDtype: NpDType,
): NDArray | null {
  const xv = viewOf(x);
  if (xv === null || !hasKernels(outDtype)) return null;
  const keep = x.shape.map((_, i) => i).filter((i) => !axes.includes(i));
  const order = [...keep, ...axes];
  const permuted: View = {
    ...xv,
    shape: order.map((i) => x.shape[i]),
    strides: order.map((i) => x.strides[i]),
  };
  const [out, ov] = output(outDtype, keep.map((i) => x.shape[i]));
  if (out.size > 0) cpu().reduce(REDUCE_OPS.indexOf(op), permuted, axes.length, ov!);
  return out;
}

/**
 * The batched matrix product of contiguous rank-3 arrays `[batch, m, k] x [batch, k, n]` (batch
 * of 1 broadcast by stride 0) of one float dtype on the tensor kernel (BLAS when present), or
 * null when the dtype has no kernels.
 */
export function kernelMatmul(
  a: NDArray,
  b: NDArray,
  batch: number,
  outDtype: NpDType,
): NDArray | null {
  const av = viewOf(a), bv = viewOf(b);
  if (av === null || bv === null || !hasKernels(outDtype) || a.ndim !== 3 || b.ndim !== 3) {
    return null;
  }
  const [m, n] = [a.shape[1], b.shape[2]];
  const bcast = (v: View, d: number): View =>
    d === batch
      ? v
      : { ...v, shape: [batch, ...v.shape.slice(1)], strides: [0, ...v.strides.slice(1)] };
  const [out, ov] = output(outDtype, [batch, m, n]);
  if (out.size > 0) cpu().matmul(bcast(av, a.shape[0]), bcast(bv, b.shape[0]), ov!);
  return out;
}

function sameShape(a: readonly number[], b: readonly number[]): boolean {
  return a.length === b.length && a.every((d, i) => d === b[i]);
}

function size(shape: readonly number[]): number {
  return shape.reduce((p, d) => p * d, 1);
}
