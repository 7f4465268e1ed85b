/**
 * Shared pieces of `np.random`: sizes, the bounded-integer fill both generators use, and
 * output arrays (a 0-d NDArray when no size is given, as `np.sum` returns its scalars).
 *
 * @module
 */
import { InvalidArgumentError } from "../../errors.ts";
import { NDArray } from "../../ndarray.ts";
import type { BitGen } from "./bitgen.ts";
import { boundedDrawer } from "./bounded.ts";

/** An output shape: a length, or the extent of each axis. */
export type Size = number | readonly number[];

/** The integer dtypes `integers`/`randint` produce. */
export type IntDType = "int64" | "int32" | "uint64" | "uint32";

/** The float dtypes of `random` and `standard_normal`. */
export type FloatDType = "float64" | "float32";

/** The shape of `size` ([] when undefined: a 0-d result). */
export function shapeOf(size: Size | null | undefined, op: string): number[] {
  if (size === undefined || size === null) return [];
  const shape = typeof size === "number" ? [size] : [...size];
  for (const d of shape) {
    if (!Number.isSafeInteger(d) || d < 0) {
      throw new InvalidArgumentError(
        `${op}: size must be a non-negative integer or a list of them, got ${JSON.stringify(size)}`,
      );
    }
  }
  return shape;
}

/** The element count of a shape. */
export function count(shape: readonly number[]): number {
  return shape.reduce((a, b) => a * b, 1);
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

/** A float NDArray of `shape` filled by `draw`. */
export function fillFloat(
  shape: readonly number[],
  dtype: FloatDType,
  draw: () => number,
): NDArray {
  const n = count(shape);
  const data = dtype === "float32" ? new Float32Array(n) : new Float64Array(n);
  for (let i = 0; i < n; i++) data[i] = draw();
  return new NDArray(data, shape, dtype);
}

const LIMITS: Record<IntDType, [bigint, bigint]> = {
  int64: [-(1n << 63n), (1n << 63n) - 1n],
  int32: [-(1n << 31n), (1n << 31n) - 1n],
  uint64: [0n, (1n << 64n) - 1n],
  uint32: [0n, (1n << 32n) - 1n],
};

function toBig(v: number | bigint, what: string, op: string): bigint {
  if (typeof v === "bigint") return v;
  if (typeof v !== "number" || !Number.isInteger(v)) {
    throw new InvalidArgumentError(`${op}: ${what} must be an integer, got ${String(v)}`);
  }
  return BigInt(v);
}

/**
 * NumPy's `_rand_{int64,int32,uint64,uint32}` with scalar bounds: `[low, high)` (or
 * `[low, high]` with `endpoint`) drawn by `random_bounded_uint{64,32}_fill`.
 */
export function boundedIntegers(
  g: BitGen,
  low: number | bigint,
  high: number | bigint,
  shape: readonly number[],
  dtype: unknown,
  endpoint: boolean,
  masked: boolean,
  op: string,
): NDArray {
  const dt = (dtype ?? "int64") as IntDType;
  if (!Object.hasOwn(LIMITS, dt)) {
    throw new InvalidArgumentError(
      `${op}: dtype must be one of ${Object.keys(LIMITS).join(", ")}, got ${JSON.stringify(dtype)}`,
    );
  }
  const lo = toBig(low, "low", op);
  let hi = toBig(high, "high", op);
  const [min, max] = LIMITS[dt];
  if (lo < min) throw new InvalidArgumentError(`${op}: low is out of bounds for ${dt}, got ${lo}`);
  if (!endpoint) hi -= 1n;
  if (hi > max) {
    throw new InvalidArgumentError(`${op}: high is out of bounds for ${dt}, got ${high}`);
  }
  if (lo > hi) {
    throw new InvalidArgumentError(
      `${op}: low ${endpoint ? ">" : ">="} high (low ${low}, high ${high})`,
    );
  }
  const n = count(shape);
  const draw = boundedDrawer(g, hi - lo, masked);
  if (dt === "int32" || dt === "uint32") {
    const data = dt === "int32" ? new Int32Array(n) : new Uint32Array(n);
    const off = Number(lo);
    for (let i = 0; i < n; i++) data[i] = off + (draw() as number);
    return new NDArray(data, shape, dt);
  }
  const data = dt === "int64" ? new BigInt64Array(n) : new BigUint64Array(n);
  if (hi - lo <= 0xffffffffn && lo > -(1n << 52n) && lo < 1n << 52n) {
    const off = Number(lo);
    for (let i = 0; i < n; i++) data[i] = BigInt(off + (draw() as number));
  } else {
    for (let i = 0; i < n; i++) data[i] = lo + BigInt(draw());
  }
  return new NDArray(data, shape, dt);
}
