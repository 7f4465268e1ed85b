/**
 * The parameters of NumPy's distributions (_common.pyx's `cont`/`disc`): each a float or an array
 * of them (any dtype, read as float64), checked against its constraint (NumPy's `CONS_*`, same
 * rules for NaN and -0.0), and broadcast with the others and `size`.
 *
 * @module
 */
import { InvalidArgumentError } from "../../errors.ts";
import { NDArray } from "../../ndarray.ts";
import { type ArrayLike, toArray } from "../convert.ts";
import { broadcastTo, outputShape, type Size } from "./common.ts";

/** A distribution parameter: a number or an array of them. */
export type Param = number | ArrayLike;

/** NumPy's parameter constraints. */
export type Constraint = "none" | "non-negative" | "positive" | "probability" | "poisson";

/** `POISSON_LAM_MAX`: int64's max less ten times its square root, in float64. */
export const POISSON_LAM_MAX: number = 2 ** 63 - Math.sqrt(2 ** 63) * 10;

const signbit = (v: number): boolean => v < 0 || Object.is(v, -0);

/** Why `v` breaks `cons` (NumPy's message), or undefined. */
function broken(v: number, name: string, cons: Constraint): string | undefined {
  switch (cons) {
    case "non-negative":
      return !Number.isNaN(v) && signbit(v) ? `${name} < 0` : undefined;
    case "positive":
      return v <= 0 ? `${name} <= 0` : undefined;
    case "probability":
      return v >= 0 && v <= 1 ? undefined : `${name} < 0, ${name} > 1 or ${name} is NaN`;
    case "poisson":
      if (!(v >= 0)) return `${name} < 0 or ${name} is NaN`;
      return v <= POISSON_LAM_MAX ? undefined : `${name} value too large`;
    default:
      return undefined;
  }
}

/** Throws NumPy's error when `v` breaks `cons`. */
export function check(v: number, name: string, cons: Constraint, op: string): void {
  const why = broken(v, name, cons);
  if (why !== undefined) throw new InvalidArgumentError(`${op}: ${why}, got ${v}`);
}

/** The parameters of one call: scalars (all of them), or arrays broadcast to `shape`. */
export interface Params {
  /** The output shape. */
  shape: number[];
  /** The parameters when all are scalars (or 0-d arrays), else null. */
  scalars: number[] | null;
  /** Each parameter broadcast to `shape` (C order) when any is an array. */
  arrays: Float64Array[];
}

/**
 * Reads and checks the parameters `[value, name, constraint]` of `op`: scalars stay scalars (a
 * `size`-shaped output, 0-d without one); arrays are read as float64 and broadcast together and
 * with `size`.
 */
export function readParams(
  op: string,
  size: Size | null | undefined,
  list: readonly (readonly [Param, string, Constraint])[],
): Params {
  const arrays = list.map(([v]) => typeof v === "number" ? undefined : toArray(v, "float64", op));
  if (arrays.every((a) => a === undefined || a.ndim === 0)) {
    const scalars = list.map(([v], i) => arrays[i]?.item() as number ?? v as number);
    scalars.forEach((v, i) => check(v, list[i][1], list[i][2], op));
    return { shape: outputShape(size, [], op), scalars, arrays: [] };
  }
  const full = list.map(([v], i) =>
    arrays[i] ?? new NDArray(Float64Array.of(v as number), [], "float64")
  );
  for (let i = 0; i < list.length; i++) {
    const d = full[i].contiguousData() as Float64Array;
    for (const v of d) check(v, list[i][1], list[i][2], op);
  }
  const shape = outputShape(size, full.map((a) => a.shape), op);
  return { shape, scalars: null, arrays: full.map((a) => broadcastTo(a, shape) as Float64Array) };
}
