/**
 * Coordinate grids: `meshgrid`, `indices` and `fromfunction`. The grids are broadcast views of
 * the coordinate vectors, copied (block moves or the copy kernel) unless asked not to.
 *
 * @module
 */
import { InvalidArgumentError } from "../errors.ts";
import { NDArray, type NpDType } from "../ndarray.ts";
import { checkOptions, keysOf } from "../options.ts";
import { type ArrayLike, asNDArray } from "./convert.ts";
import { arange } from "./creation.ts";
import { alloc, checkNpDType } from "./dtypes.ts";
import { broadcastView, ravel } from "./shape.ts";
import { copyInto, copyOf, describe, view } from "./strided.ts";

/** Options of `np.meshgrid`. */
export interface MeshgridOptions {
  /** "xy" (default: the first two axes swapped, for plotting) or "ij" (matrix indexing). */
  indexing?: "xy" | "ij";
  /** Return the coordinate arrays with length-1 axes instead of full grids (default false). */
  sparse?: boolean;
  /** Return copies (default true); false returns broadcast views of the inputs. */
  copy?: boolean;
}

const MESHGRID_KEYS = keysOf<MeshgridOptions>({ indexing: true, sparse: true, copy: true });

/**
 * Coordinate matrices from coordinate vectors: for inputs of lengths n0, n1, n2, ... the grids
 * have shape `[n1, n0, n2, ...]` ("xy", the default) or `[n0, n1, n2, ...]` ("ij"). The inputs
 * come in a list (NumPy's `*xi`); each is flattened.
 *
 * @example
 * ```ts
 * import * as np from "@denotensor/core/numpy";
 * const [X, Y] = np.meshgrid([np.array([1, 2, 3], "int32"), np.array([4, 5], "int32")]);
 * console.log(X.toString(), Y.toString()); // [[1 2 3]\n [1 2 3]] [[4 4 4]\n [5 5 5]]
 * ```
 */
export function meshgrid(xi: readonly ArrayLike[], options?: MeshgridOptions): NDArray[] {
  const op = "np.meshgrid";
  checkOptions(options, MESHGRID_KEYS, `${op} options`);
  const indexing = options?.indexing ?? "xy";
  if (indexing !== "xy" && indexing !== "ij") {
    throw new InvalidArgumentError(
      `${op}: valid values for \`indexing\` are "xy" and "ij", got ${describe(indexing)}`,
    );
  }
  if (!Array.isArray(xi)) {
    throw new InvalidArgumentError(
      `${op}: the coordinate vectors must come in a list, got ${describe(xi)}`,
    );
  }
  const nd = xi.length;
  const xs = xi.map((a) => ravel(asNDArray(a, op, true)));
  // Each vector along its own axis; "xy" swaps the first two axes.
  const axisOf = (i: number): number => (indexing === "xy" && nd > 1 && i < 2 ? 1 - i : i);
  const sparse = xs.map((x, i) => {
    const shape = new Array<number>(nd).fill(1), strides = new Array<number>(nd).fill(0);
    shape[axisOf(i)] = x.size;
    strides[axisOf(i)] = x.strides[0];
    return view(x, shape, strides, x.offset);
  });
  const shape = new Array<number>(nd).fill(1);
  xs.forEach((x, i) => (shape[axisOf(i)] = x.size));
  const grids = options?.sparse ? sparse : sparse.map((s) => broadcastView(s, shape)!);
  return options?.copy === false ? grids : grids.map((g) => copyOf(g));
}

/** Options of `np.indices`. */
export interface IndicesOptions {
  /** The dtype of the indices (default int64). */
  dtype?: NpDType;
  /** Return one array per axis with length-1 axes elsewhere, instead of one stacked grid. */
  sparse?: boolean;
}

const INDICES_KEYS = keysOf<IndicesOptions>({ dtype: true, sparse: true });

/** The dimensions of `np.indices`, checked. */
function dimensionsArg(dimensions: unknown, op: string): number[] {
  if (
    !Array.isArray(dimensions) ||
    !dimensions.every((d) => typeof d === "number" && Number.isInteger(d) && d >= 0)
  ) {
    throw new InvalidArgumentError(
      `${op}: dimensions must be an array of non-negative integers, got ${describe(dimensions)}`,
    );
  }
  return dimensions;
}

/**
 * The indices of a grid of shape `dimensions`: an array of shape `[N, ...dimensions]` whose i-th
 * entry holds each element's index along axis i (int64 unless `dtype` is given); with `sparse`,
 * a list of N arrays with length-1 axes except their own.
 *
 * @example
 * ```ts
 * import * as np from "@denotensor/core/numpy";
 * const g = np.indices([2, 3]);
 * console.log(g.shape, g.at(1).toString()); // [ 2, 2, 3 ] [[0 1 2]\n [0 1 2]]
 * ```
 */
export function indices(
  dimensions: readonly number[],
  options?: IndicesOptions & { sparse?: false },
): NDArray;
/** With `sparse: true`: one array per axis. */
export function indices(
  dimensions: readonly number[],
  options: IndicesOptions & { sparse: true },
): NDArray[];
export function indices(
  dimensions: readonly number[],
  options?: IndicesOptions,
): NDArray | NDArray[] {
  const op = "np.indices";
  checkOptions(options, INDICES_KEYS, `${op} options`);
  const dims = dimensionsArg(dimensions, op);
  const dtype = checkNpDType(options?.dtype ?? "int64", op);
  if (dtype === "bool") throw new InvalidArgumentError(`${op}: dtype bool is not supported`);
  const n = dims.length;
  const ranges = dims.map((d, i) => {
    const shape = new Array<number>(n).fill(1);
    shape[i] = d;
    return new NDArray(arange(0, d, 1, dtype).data, shape, dtype);
  });
  if (options?.sparse) return ranges;
  const size = dims.reduce((p, d) => p * d, 1);
  const out = new NDArray(alloc(dtype, n * size), [n, ...dims], dtype);
  ranges.forEach((r, i) => {
    copyInto(broadcastView(r, dims)!, out.at(i));
  });
  return out;
}

/** Options of `np.fromfunction`. */
export interface FromfunctionOptions {
  /** The dtype of the index arrays passed to the function (default float64). */
  dtype?: NpDType;
}

const FROMFUNCTION_KEYS = keysOf<FromfunctionOptions>({ dtype: true });

/**
 * Calls `fn` once with the index grids of `shape` (one array per axis, float64 unless `dtype` is
 * given, as `np.indices`) and returns what it returns.
 *
 * @example
 * ```ts
 * import * as np from "@denotensor/core/numpy";
 * const a = np.fromfunction((i, j) => np.add(np.multiply(i, 10), j), [2, 3], { dtype: "int32" });
 * console.log(a.toString()); // [[ 0  1  2]\n [10 11 12]]
 * ```
 */
export function fromfunction<T>(
  fn: (...indices: NDArray[]) => T,
  shape: readonly number[],
  options?: FromfunctionOptions,
): T {
  const op = "np.fromfunction";
  checkOptions(options, FROMFUNCTION_KEYS, `${op} options`);
  if (typeof fn !== "function") {
    throw new InvalidArgumentError(`${op}: function must be a function, got ${describe(fn)}`);
  }
  const grid = indices(dimensionsArg(shape, op), { dtype: options?.dtype ?? "float64" });
  return fn(...Array.from({ length: grid.shape[0] }, (_, i) => grid.at(i)));
}
