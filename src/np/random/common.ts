/**
 * Shared pieces of `np.random`: sizes and output shapes (`size` against the broadcast shape of
 * array parameters, as NumPy's `cont`/`disc` check it), parameters read in broadcast order, and
 * the kernel fills. Without a `size` and with scalar parameters a method returns a 0-d NDArray
 * (as `np.sum` returns its scalars).
 *
 * @module
 */
import { InvalidArgumentError } from "../../errors.ts";
import type { NDArray, NpTypedArray } from "../../ndarray.ts";
import { broadcastShape, indexMap, npShape } from "../broadcast.ts";
import type { Pcg64Kernel } from "./pcg64_kernel.ts";
import { BUF_LEN, MEM } from "./pcg64_kernel.ts";

/** An output shape: a length, or the extent of each axis. */
export type Size = number | readonly number[];

/** The float dtypes of `random`, `standard_normal` and the other float methods. */
export type FloatDType = "float64" | "float32";

/** The shape of `size` ([] when undefined: a 0-d result). */
export function shapeOf(size: Size | null | undefined, op: string): number[] {
  if (size === undefined || size === null) return [];
  const shape = typeof size === "number" ? [size] : Array.isArray(size) ? [...size] : [NaN];
  for (const d of shape) {
    if (!Number.isSafeInteger(d) || d < 0) {
      throw new InvalidArgumentError(
        `${op}: size must be a non-negative integer or a list of them, got ${JSON.stringify(size)}`,
      );
    }
  }
  return shape;
}

/**
 * The output shape of a draw with parameters of `shapes`: `size` when given (the parameters must
 * broadcast to it), else their broadcast shape.
 */
export function outputShape(
  size: Size | null | undefined,
  shapes: readonly (readonly number[])[],
  op: string,
): number[] {
  const params = broadcastShape(shapes, op);
  if (size === undefined || size === null) return params;
  const shape = shapeOf(size, op);
  const both = broadcastShape([shape, params], op);
  if (both.length !== shape.length || both.some((d, i) => d !== shape[i])) {
    throw new InvalidArgumentError(
      `${op}: size ${npShape(shape)} is not compatible with the broadcast shape ${
        npShape(params)
      } of the parameters`,
    );
  }
  return shape;
}

/** The element count of a shape. */
export function count(shape: readonly number[]): number {
  return shape.reduce((a, b) => a * b, 1);
}

/** The elements of `a` in the C order of `shape`, a shape `a` broadcasts to. */
export function broadcastTo(a: NDArray, shape: readonly number[]): NpTypedArray {
  const src = a.contiguousData();
  const n = count(shape);
  const map = indexMap(a.shape, shape);
  const Ctor = src.constructor as new (n: number) => NpTypedArray;
  if (map === null) {
    if (src.length === n) return src;
    const out = new Ctor(n);
    (out as Float64Array).fill(n === 0 ? 0 : (src as Float64Array)[0]);
    return out;
  }
  const out = new Ctor(n) as Float64Array;
  const s = src as Float64Array;
  for (let i = 0; i < n; i++) out[i] = s[map[i]];
  return out;
}

/** Checks a float dtype option. */
export function floatDType(dtype: unknown, op: string): FloatDType {
  if (dtype === undefined) return "float64";
  if (dtype !== "float64" && dtype !== "float32") {
    throw new InvalidArgumentError(
      `${op}: dtype must be "float64" or "float32", got ${JSON.stringify(dtype)}`,
    );
  }
  return dtype;
}

/** The kernel fills, by the element type they write. */
export type FloatFill = "fill_double" | "fill_normal" | "fill_exponential";
/** The float32 kernel fills. */
export type Float32Fill = "fill_float" | "fill_normal_f" | "fill_exponential_f";

/** `n` values of a kernel fill, through its buffer, into a new array. */
export function kernelFill(k: Pcg64Kernel, fill: FloatFill, n: number): Float64Array;
/** `n` float32 values of a kernel fill, through its buffer, into a new array. */
export function kernelFill(k: Pcg64Kernel, fill: Float32Fill, n: number): Float32Array;
export function kernelFill(
  k: Pcg64Kernel,
  fill: FloatFill | Float32Fill,
  n: number,
): Float64Array | Float32Array {
  const f32 = fill.endsWith("_f") || fill === "fill_float";
  const out = f32 ? new Float32Array(n) : new Float64Array(n);
  const chunk = f32 ? 2 * BUF_LEN : BUF_LEN;
  const view = f32
    ? new Float32Array(k.memory.buffer, MEM.BUF, chunk)
    : new Float64Array(k.memory.buffer, MEM.BUF, chunk);
  for (let i = 0; i < n; i += chunk) {
    const m = Math.min(chunk, n - i);
    k[fill](m);
    out.set(m === chunk ? view : view.subarray(0, m), i);
  }
  return out;
}
