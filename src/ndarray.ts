/**
 * NDArray: a NumPy-style host array `{ dtype, shape, strides, offset, data }` with NumPy's numeric
 * dtypes, printed exactly as NumPy prints. `t.numpy()` returns one; `tf.constant(ndarray)` takes
 * one.
 *
 * @module
 */
import type { DType } from "./dtype.ts";
import { FailedPreconditionError, InvalidArgumentError } from "./errors.ts";
import { basicIndex, parseIndices } from "./index_expr.ts";
import type { CumulativeOptions } from "./np/cumulative.ts";
import type { ArgmaxOptions, ReduceOptions, SumOptions } from "./np/reduce.ts";
import type { VarOptions } from "./np/statistics.ts";
import type { Index } from "./ops/indexing.ts";
import type { TensorLike } from "./tensor.ts";
import { checkOptions, keysOf } from "./options.ts";
import { checkSize, contiguousStrides } from "./shape.ts";
import {
  arrayRepr,
  arrayStr,
  type PrintData,
  type PrintDType,
  type StridedPrintData,
} from "./format.ts";

/** NumPy's numeric dtypes. */
export type NpDType = PrintDType;

/** A typed array that holds NDArray data. */
export type NpTypedArray = PrintData;

/** The typed array of each NumPy dtype (bool is stored as 0/1 in a Uint8Array). */
export const NP_ARRAY_TYPES: Record<
  NpDType,
  { new (n: number): NpTypedArray; readonly BYTES_PER_ELEMENT: number }
> = {
  bool: Uint8Array,
  int8: Int8Array,
  int16: Int16Array,
  int32: Int32Array,
  int64: BigInt64Array,
  uint8: Uint8Array,
  uint16: Uint16Array,
  uint32: Uint32Array,
  uint64: BigUint64Array,
  float16: Float16Array,
  float32: Float32Array,
  float64: Float64Array,
};

/**
 * The tensor dtype that `tf.constant` gives an NDArray of each NumPy dtype: its own where it is a
 * tensor dtype, else the smallest that holds it, as for typed arrays (int8, int16 and uint16 give
 * int32; uint32 and uint64 give int64, with a range check).
 */
export const NP_TO_TENSOR: Record<NpDType, DType> = {
  bool: "bool",
  int8: "int32",
  int16: "int32",
  int32: "int32",
  int64: "int64",
  uint8: "uint8",
  uint16: "int32",
  uint32: "int64",
  uint64: "int64",
  float16: "float16",
  float32: "float32",
  float64: "float64",
};

/** A nested list of NDArray elements, as `tolist()` returns it. */
export type NestedList = number | bigint | boolean | NestedList[];

/** Options of the NDArray constructor. */
export interface NDArrayOptions {
  /** Strides in elements; row-major when omitted. */
  strides?: readonly number[];
  /** Index of the first element in `data`; 0 when omitted. */
  offset?: number;
}

const NDARRAY_KEYS = keysOf<NDArrayOptions>({ strides: true, offset: true });

/** The `np` reductions behind NDArray's methods (`a.sum()` is `np.sum(a)`). */
export type NDArrayReduction =
  | "sum"
  | "prod"
  | "mean"
  | "var"
  | "std"
  | "max"
  | "min"
  | "argmax"
  | "argmin"
  | "all"
  | "any"
  | "cumsum"
  | "cumprod";

/**
 * Internal: the `np` functions behind NDArray's methods. The `np` modules import NDArray, so
 * NDArray cannot import them; `src/np/methods.ts` (loaded by `numpy.ts` and `mod.ts`) hands them
 * over with `setNDArrayHooks` when it loads.
 */
export interface NDArrayHooks {
  /** The `np` reduction `name` of an NDArray with its options, naming `op` in errors. */
  reduce(name: NDArrayReduction, a: NDArray, options: object | undefined, op: string): NDArray;
  /** `np.reshape` of an NDArray, naming `op` in errors. */
  reshape(a: NDArray, shape: readonly number[], op: string): NDArray;
  /** A row-major copy of a strided NDArray's elements (block moves, the copy kernel). */
  copy(a: NDArray): NpTypedArray;
  /** `np.astype`: a copy cast to `dtype`. */
  astype(a: NDArray, dtype: NpDType): NDArray;
  /** Writes `value` into the view `target`, broadcast and cast to its dtype. */
  assign(target: NDArray, value: TensorLike, op: string): void;
}

let hooks: NDArrayHooks | null = null;

/** Internal: `src/np/methods.ts` registers the `np` functions behind NDArray's methods. */
export function setNDArrayHooks(h: NDArrayHooks): void {
  hooks = h;
}

function npHooks(op: string): NDArrayHooks {
  if (hooks === null) {
    throw new FailedPreconditionError(
      `${op}: the np functions are not loaded yet: import numpy.ts or mod.ts (or ` +
        `src/np/methods.ts) first`,
    );
  }
  return hooks;
}

const INT_DTYPES = ["int8", "int16", "int32", "int64", "uint8", "uint16", "uint32", "uint64"];

/** The integer that a bigint or a 0-d integer NDArray/tensor index stands for. */
function indexInt(v: unknown, op: string): number {
  if (typeof v === "bigint") {
    if (v > BigInt(Number.MAX_SAFE_INTEGER) || v < -BigInt(Number.MAX_SAFE_INTEGER)) {
      throw new InvalidArgumentError(`${op}: index ${v} is too large`);
    }
    return Number(v);
  }
  if (typeof v === "object" && v !== null && "shape" in v && "dtype" in v) {
    const t = v as { shape: readonly number[]; dtype: string; dataSync?: () => ArrayLike<unknown> };
    if (t.shape.length !== 0 || !INT_DTYPES.includes(t.dtype)) {
      throw new InvalidArgumentError(
        `${op}: an index array must be a 0-d integer array, got a ${t.dtype} of shape ` +
          `[${t.shape.join(", ")}] (advanced indexing is not supported)`,
      );
    }
    if (v instanceof NDArray) return Number(v.data[v.offset]);
    if (typeof t.dataSync === "function") return Number(t.dataSync()[0]);
  }
  throw new InvalidArgumentError(
    `${op}: an index must be a number, null, a string or a 0-d integer array, got ${
      v === undefined || typeof v === "object" ? String(v) : `${typeof v} ${String(v)}`
    }`,
  );
}

/** A NumPy-style host array. */
export class NDArray {
  /** The NumPy dtype. */
  readonly dtype: NpDType;
  /** The extent of each axis. */
  readonly shape: readonly number[];
  /** The step of each axis, in elements. */
  readonly strides: readonly number[];
  /** Index of the first element in `data`. */
  readonly offset: number;
  /** The elements (shared, not copied). */
  readonly data: NpTypedArray;

  /**
   * Wraps a typed array (not copied) as an array of `shape`.
   *
   * @example
   * ```ts
   * import { NDArray } from "@denotensor/core/numpy";
   * const a = new NDArray(new Int32Array([1, 2, 3, 4]), [2, 2], "int32");
   * console.log(a.toString()); // [[1 2]\n [3 4]]
   * ```
   */
  constructor(
    data: NpTypedArray,
    shape: readonly number[],
    dtype: NpDType,
    options?: NDArrayOptions,
  ) {
    if (!(dtype in NP_ARRAY_TYPES)) {
      throw new InvalidArgumentError(`NDArray: unknown dtype ${JSON.stringify(dtype)}`);
    }
    if (!(data instanceof NP_ARRAY_TYPES[dtype])) {
      throw new InvalidArgumentError(
        `NDArray: dtype ${dtype} needs a ${
          NP_ARRAY_TYPES[dtype].name
        }, got a ${data.constructor.name}`,
      );
    }
    checkOptions(options, NDARRAY_KEYS, "NDArray options");
    const strides = options?.strides ?? contiguousStrides(shape);
    const offset = options?.offset ?? 0;
    let lo = offset, hi = offset;
    for (let i = 0; i < shape.length; i++) {
      if (!Number.isInteger(shape[i]) || shape[i] < 0) {
        throw new InvalidArgumentError(
          `NDArray: bad shape entry ${shape[i]} in [${shape.join(", ")}]`,
        );
      }
      if (shape[i] === 0) lo = hi = offset;
      else if (strides[i] > 0) hi += strides[i] * (shape[i] - 1);
      else lo += strides[i] * (shape[i] - 1);
    }
    checkSize(shape.reduce((a, b) => a * b, 1), shape, "NDArray");
    if (shape.every((d) => d > 0) && (lo < 0 || hi >= data.length)) {
      throw new InvalidArgumentError(
        `NDArray: shape [${shape.join(", ")}] with strides [${strides.join(", ")}] and offset ` +
          `${offset} reaches outside the ${data.length} elements of the data`,
      );
    }
    this.dtype = dtype;
    this.shape = shape.slice();
    this.strides = strides.slice();
    this.offset = offset;
    this.data = data;
  }

  /** Number of axes. */
  get ndim(): number {
    return this.shape.length;
  }

  /** Number of elements. */
  get size(): number {
    return this.shape.reduce((a, b) => a * b, 1);
  }

  /**
   * Bytes per element.
   *
   * @example
   * ```ts
   * import * as np from "@denotensor/core/numpy";
   * console.log(np.zeros([2, 3], "int16").itemsize); // 2
   * ```
   */
  get itemsize(): number {
    return NP_ARRAY_TYPES[this.dtype].BYTES_PER_ELEMENT;
  }

  /**
   * Bytes of the elements (`size * itemsize`; a view counts its own elements only).
   *
   * @example
   * ```ts
   * import * as np from "@denotensor/core/numpy";
   * console.log(np.zeros([2, 3], "int16").nbytes); // 12
   * ```
   */
  get nbytes(): number {
    return this.size * this.itemsize;
  }

  /**
   * The transpose (axes reversed): a view sharing the data. A 1-d array is its own transpose.
   *
   * @example
   * ```ts
   * import * as np from "@denotensor/core/numpy";
   * console.log(np.array([[1, 2, 3]], "int32").T.toString()); // [[1]\n [2]\n [3]]
   * ```
   */
  get T(): NDArray {
    return new NDArray(this.data, this.shape.toReversed(), this.dtype, {
      strides: this.strides.toReversed(),
      offset: this.offset,
    });
  }

  /**
   * The array with a new shape of the same size, given as arguments (`a.reshape(2, 3)`) or as
   * one array (`a.reshape([2, 3])`); one entry may be -1 (inferred). A view sharing the data when
   * the strides allow (as NumPy), else a copy.
   *
   * @example
   * ```ts
   * import * as np from "@denotensor/core/numpy";
   * const a = np.arange(6, undefined, 1, "int32");
   * console.log(a.reshape(2, -1).toString()); // [[0 1 2]\n [3 4 5]]
   * console.log(a.reshape([3, 2]).shape); // [ 3, 2 ]
   * ```
   */
  reshape(...shape: number[] | [readonly number[]]): NDArray {
    const op = "NDArray.reshape";
    const target = shape.length === 1 && Array.isArray(shape[0])
      ? shape[0] as readonly number[]
      : shape as number[];
    if (!target.every((d) => typeof d === "number")) {
      throw new InvalidArgumentError(
        `${op}: the shape must be integers or one array of integers, got ${JSON.stringify(shape)}`,
      );
    }
    return npHooks(op).reshape(this, target, op);
  }

  /**
   * A copy cast to `dtype` with NumPy's `astype` rules (integers wrap, floats round to nearest
   * even, anything to bool is `!= 0`, floats to integers truncate).
   *
   * @example
   * ```ts
   * import * as np from "@denotensor/core/numpy";
   * console.log(np.array([1.7, -300.5]).astype("int8").toString()); // [  1 -44]
   * ```
   */
  astype(dtype: NpDType): NDArray {
    if (typeof dtype !== "string" || !Object.hasOwn(NP_ARRAY_TYPES, dtype)) {
      throw new InvalidArgumentError(
        `NDArray.astype: unknown dtype ${JSON.stringify(dtype)}: expected one of ${
          Object.keys(NP_ARRAY_TYPES).join(", ")
        }`,
      );
    }
    return npHooks("NDArray.astype").astype(this, dtype);
  }

  /**
   * A row-major copy that shares nothing with this array.
   *
   * @example
   * ```ts
   * import * as np from "@denotensor/core/numpy";
   * const a = np.array([1, 2]);
   * const b = a.copy();
   * b.set(0, 9);
   * console.log(a.toString(), b.toString()); // [1. 2.] [9. 2.]
   * ```
   */
  copy(): NDArray {
    const data = this.contiguousData();
    return new NDArray(data === this.data ? data.slice() : data, this.shape, this.dtype);
  }

  /**
   * The elements in row-major order as a new 1-d array (always a copy).
   *
   * @example
   * ```ts
   * import * as np from "@denotensor/core/numpy";
   * console.log(np.array([[1, 2], [3, 4]], "int32").T.flatten().toString()); // [1 3 2 4]
   * ```
   */
  flatten(): NDArray {
    const data = this.contiguousData();
    return new NDArray(data === this.data ? data.slice() : data, [this.size], this.dtype);
  }

  /**
   * The elements in row-major order as a 1-d array: a view sharing the data when this array is
   * C-contiguous, else a copy (as NumPy's `ravel`).
   *
   * @example
   * ```ts
   * import * as np from "@denotensor/core/numpy";
   * const a = np.array([[1, 2], [3, 4]], "int32");
   * console.log(a.ravel().data === a.data, a.T.ravel().toString()); // true [1 3 2 4]
   * ```
   */
  ravel(): NDArray {
    const rm = contiguousStrides(this.shape);
    if (this.shape.every((d, i) => d === 1 || this.strides[i] === rm[i])) {
      return new NDArray(this.data, [this.size], this.dtype, { offset: this.offset });
    }
    return new NDArray(this.contiguousData(), [this.size], this.dtype);
  }

  /**
   * One element as a JS value (a number; a boolean for bool; a bigint for int64/uint64): with no
   * index the array must have exactly one element; one index is a flat (row-major) index; `ndim`
   * indices name one element. Negative indices count from the end.
   *
   * @example
   * ```ts
   * import * as np from "@denotensor/core/numpy";
   * const a = np.array([[1, 2, 3], [4, 5, 6]], "int32");
   * console.log(a.item(4), a.item(1, 2), np.array(7).item()); // 5 6 7
   * ```
   */
  item(...index: number[]): number | bigint | boolean {
    const op = "NDArray.item";
    let p = this.offset;
    const checked = (i: unknown, n: number, what: string): number => {
      if (typeof i !== "number" || !Number.isInteger(i)) {
        throw new InvalidArgumentError(`${op}: index ${String(i)} is not an integer`);
      }
      if (i < -n || i >= n) {
        throw new InvalidArgumentError(`${op}: index ${i} is out of bounds for ${what}`);
      }
      return i < 0 ? i + n : i;
    };
    if (index.length === 0) {
      if (this.size !== 1) {
        throw new InvalidArgumentError(
          `${op}: can only convert an array of size 1 to a scalar, got size ${this.size}`,
        );
      }
    } else if (index.length === 1 && this.ndim !== 1) {
      let flat = checked(index[0], this.size, `size ${this.size}`);
      for (let d = this.ndim - 1; d >= 0; d--) {
        p += (flat % this.shape[d]) * this.strides[d];
        flat = Math.floor(flat / this.shape[d]);
      }
    } else if (index.length === this.ndim) {
      index.forEach((i, d) => {
        p += checked(i, this.shape[d], `axis ${d} with size ${this.shape[d]}`) * this.strides[d];
      });
    } else {
      throw new InvalidArgumentError(
        `${op}: incorrect number of indices for an array of dimension ${this.ndim}: ` +
          `${index.length} were given`,
      );
    }
    const v = this.data[p];
    return this.dtype === "bool" ? v !== 0 : v;
  }

  /**
   * NumPy's basic indexing (`a[...]`): integers drop their axis (negative counts from the end;
   * out of range is an error), strings hold NumPy index expressions (`"1:3"`, `"::-1"`,
   * `"..., 0"`, `"None"`), `null` inserts an axis of length 1, and bigints or 0-d integer
   * arrays count as integers. Always a view sharing the data (as NumPy's basic indexing); a
   * single element is a 0-d array (use `item` for the JS value).
   *
   * @example
   * ```ts
   * import * as np from "@denotensor/core/numpy";
   * const a = np.arange(12, undefined, 1, "int32").reshape(3, 4);
   * console.log(a.at(1).toString()); // [4 5 6 7]
   * console.log(a.at("::2, ::-1").toString()); // [[ 3  2  1  0]\n [11 10  9  8]]
   * console.log(a.at(null, "...", 0).shape); // [ 1, 3 ]
   * ```
   */
  at(...index: Index[]): NDArray {
    return this.#view(index, "NDArray.at");
  }

  #view(index: readonly unknown[], op: string): NDArray {
    const items = parseIndices(index, op, (v) => indexInt(v, op));
    const v = basicIndex(this.shape, this.strides, this.offset, items, op, "an array");
    return new NDArray(this.data, v.shape, this.dtype, { strides: v.strides, offset: v.offset });
  }

  /**
   * Assigns `value` to the elements that `index` selects (`a[index] = value`): `index` is one
   * index of `at` or an array of them (a tuple, not a fancy index; `[]` selects the whole
   * array). `value` is broadcast to the selection and converted as NumPy assigns: JS numbers,
   * booleans, bigints and nested arrays as `np.array(value, a.dtype)` (an integer outside an
   * integer dtype's range, NaN or an infinity into an integer dtype is an error, as NumPy's
   * OverflowError/ValueError; fractions truncate), arrays and tensors with an unsafe cast (as
   * `astype`: integers wrap, NaN into an integer dtype gives what the processor gives).
   * Overlapping source and target are handled as by NumPy (the source is read first).
   *
   * @example
   * ```ts
   * import * as np from "@denotensor/core/numpy";
   * const a = np.zeros([2, 3], "int32");
   * a.set(0, 7);
   * a.set([1, "1:"], [8, 9.9]);
   * console.log(a.toString()); // [[7 7 7]\n [0 8 9]]
   * ```
   */
  set(index: Index | readonly Index[], value: TensorLike): void {
    const op = "NDArray.set";
    const list = Array.isArray(index) ? index as readonly Index[] : [index as Index];
    npHooks(op).assign(this.#view(list, op), value, op);
  }

  /**
   * The sum over `axis` (all by default) with NumPy's result dtypes: `np.sum(a, options)`.
   *
   * @example
   * ```ts
   * import * as np from "@denotensor/core/numpy";
   * const a = np.array([[1, 2], [3, 4]], "int32");
   * console.log(a.sum().toString(), a.sum({ axis: 0 }).toString()); // 10 [4 6]
   * ```
   */
  sum(options?: SumOptions): NDArray {
    return this.#reduce("sum", options);
  }

  /**
   * The product over `axis` (all by default): `np.prod(a, options)`.
   *
   * @example
   * ```ts
   * import * as np from "@denotensor/core/numpy";
   * console.log(np.array([[1, 2], [3, 4]], "int32").prod({ axis: 1 }).toString()); // [ 2 12]
   * ```
   */
  prod(options?: SumOptions): NDArray {
    return this.#reduce("prod", options);
  }

  /**
   * The arithmetic mean over `axis` (all by default): `np.mean(a, options)`.
   *
   * @example
   * ```ts
   * import * as np from "@denotensor/core/numpy";
   * console.log(np.array([[1, 2], [3, 4]], "int32").mean({ axis: 1 }).toString()); // [1.5 3.5]
   * ```
   */
  mean(options?: SumOptions): NDArray {
    return this.#reduce("mean", options);
  }

  /**
   * The variance over `axis` (all by default; `ddof` delta degrees of freedom): `np.var(a,
   * options)`.
   *
   * @example
   * ```ts
   * import * as np from "@denotensor/core/numpy";
   * console.log(np.array([1, 2, 3, 4]).var().toString()); // 1.25
   * ```
   */
  var(options?: VarOptions): NDArray {
    return this.#reduce("var", options);
  }

  /**
   * The standard deviation over `axis` (all by default): `np.std(a, options)`.
   *
   * @example
   * ```ts
   * import * as np from "@denotensor/core/numpy";
   * console.log(np.array([1, 2, 3, 4]).std({ ddof: 1 }).toString()); // 1.2909944487358056
   * ```
   */
  std(options?: VarOptions): NDArray {
    return this.#reduce("std", options);
  }

  /**
   * The largest element over `axis` (all by default): `np.max(a, options)`.
   *
   * @example
   * ```ts
   * import * as np from "@denotensor/core/numpy";
   * console.log(np.array([[1, 5], [3, 2]], "int32").max({ axis: 0 }).toString()); // [3 5]
   * ```
   */
  max(options?: ReduceOptions): NDArray {
    return this.#reduce("max", options);
  }

  /**
   * The smallest element over `axis` (all by default): `np.min(a, options)`.
   *
   * @example
   * ```ts
   * import * as np from "@denotensor/core/numpy";
   * console.log(np.array([[1, 5], [3, 2]], "int32").min().toString()); // 1
   * ```
   */
  min(options?: ReduceOptions): NDArray {
    return this.#reduce("min", options);
  }

  /**
   * The index of the first largest element along `axis` (of the flattened array by default), as
   * int64: `np.argmax(a, options)`.
   *
   * @example
   * ```ts
   * import * as np from "@denotensor/core/numpy";
   * const a = np.array([[1, 5, 5], [7, 2, 0]]);
   * console.log(a.argmax().toString(), a.argmax({ axis: 1 }).toString()); // 3 [1 0]
   * ```
   */
  argmax(options?: ArgmaxOptions): NDArray {
    return this.#reduce("argmax", options);
  }

  /**
   * The index of the first smallest element along `axis` (of the flattened array by default), as
   * int64: `np.argmin(a, options)`.
   *
   * @example
   * ```ts
   * import * as np from "@denotensor/core/numpy";
   * const a = np.array([[1, 5, 5], [7, 2, 0]]);
   * console.log(a.argmin().toString(), a.argmin({ axis: 1 }).toString()); // 5 [0 2]
   * ```
   */
  argmin(options?: ArgmaxOptions): NDArray {
    return this.#reduce("argmin", options);
  }

  /**
   * True where every element over `axis` (all by default) is nonzero: `np.all(a, options)`.
   *
   * @example
   * ```ts
   * import * as np from "@denotensor/core/numpy";
   * console.log(np.array([[1, 0], [2, 3]], "int32").all({ axis: 1 }).toString()); // [False  True]
   * ```
   */
  all(options?: ReduceOptions): NDArray {
    return this.#reduce("all", options);
  }

  /**
   * True where some element over `axis` (all by default) is nonzero: `np.any(a, options)`.
   *
   * @example
   * ```ts
   * import * as np from "@denotensor/core/numpy";
   * console.log(np.array([[1, 0], [0, 0]], "int32").any({ axis: 1 }).toString()); // [ True False]
   * ```
   */
  any(options?: ReduceOptions): NDArray {
    return this.#reduce("any", options);
  }

  /**
   * The cumulative sum along `axis` (of the flattened array by default): `np.cumsum(a,
   * options)`.
   *
   * @example
   * ```ts
   * import * as np from "@denotensor/core/numpy";
   * console.log(np.array([[1, 2], [3, 4]], "int32").cumsum({ axis: 1 }).toString()); // [[1 3]\n [3 7]]
   * ```
   */
  cumsum(options?: CumulativeOptions): NDArray {
    return this.#reduce("cumsum", options);
  }

  /**
   * The cumulative product along `axis` (of the flattened array by default): `np.cumprod(a,
   * options)`.
   *
   * @example
   * ```ts
   * import * as np from "@denotensor/core/numpy";
   * console.log(np.array([1, 2, 3, 4], "int32").cumprod().toString()); // [ 1  2  6 24]
   * ```
   */
  cumprod(options?: CumulativeOptions): NDArray {
    return this.#reduce("cumprod", options);
  }

  #reduce(name: NDArrayReduction, options: object | undefined): NDArray {
    const op = `NDArray.${name}`;
    return npHooks(op).reduce(name, this, options, op);
  }

  /**
   * The sub-arrays along axis 0, as views sharing the data (a 0-d array cannot be iterated).
   *
   * @example
   * ```ts
   * import * as np from "@denotensor/core/numpy";
   * for (const row of np.array([[1, 2], [3, 4]], "int32")) console.log(row.toString()); // [1 2] then [3 4]
   * ```
   */
  *[Symbol.iterator](): IterableIterator<NDArray> {
    if (this.ndim === 0) {
      throw new InvalidArgumentError("NDArray: iteration over a 0-d array");
    }
    for (let i = 0; i < this.shape[0]; i++) yield this.#view([i], "NDArray iteration");
  }

  /** The elements in row-major order: `data` itself when it already is that, else a copy. */
  contiguousData(): NpTypedArray {
    const n = this.size;
    const rm = contiguousStrides(this.shape);
    if (
      this.offset === 0 && this.data.length === n &&
      this.shape.every((d, i) => d === 1 || this.strides[i] === rm[i])
    ) return this.data;
    if (hooks !== null) return hooks.copy(this);
    const out = new NP_ARRAY_TYPES[this.dtype](n) as Float64Array;
    const src = this.data as Float64Array;
    const idx = new Array<number>(this.shape.length).fill(0);
    let p = this.offset;
    for (let k = 0; k < n; k++) {
      out[k] = src[p];
      for (let d = this.shape.length - 1; d >= 0; d--) {
        p += this.strides[d];
        if (++idx[d] < this.shape[d]) break;
        idx[d] = 0;
        p -= this.strides[d] * this.shape[d];
      }
    }
    return out;
  }

  /**
   * The elements as nested arrays (numbers; booleans for bool; bigints for 64-bit integers); a
   * 0-d array gives its element.
   *
   * @example
   * ```ts
   * import * as tf from "@denotensor/core";
   * console.log(tf.constant([[1, 2]]).numpy().tolist()); // [[1, 2]]
   * ```
   */
  tolist(): NestedList {
    const flat = this.contiguousData() as Float64Array;
    const shape = this.shape, bool = this.dtype === "bool";
    if (shape.length === 0) return bool ? flat[0] !== 0 : flat[0];
    const last = shape.length - 1, n = shape[last];
    let k = 0;
    // Rows are filled by push (packed arrays), one plain loop per row.
    const build = (d: number): NestedList[] => {
      const out: NestedList[] = [];
      if (d === last) {
        if (bool) { for (let i = 0; i < n; i++) out.push(flat[k++] !== 0); }
        else for (let i = 0; i < n; i++) out.push(flat[k++]);
      } else {
        for (let i = 0; i < shape[d]; i++) out.push(build(d + 1));
      }
      return out;
    };
    return build(0);
  }

  /** NumPy's `str(a)`. */
  toString(): string {
    return arrayStr(this.#printed(), this.shape, this.dtype);
  }

  /** NumPy's `repr(a)`. */
  repr(): string {
    return arrayRepr(this.#printed(), this.shape, this.dtype);
  }

  /** The elements as the printer reads them: through the strides, no copy. */
  #printed(): StridedPrintData {
    return { data: this.data as PrintData, strides: this.strides, offset: this.offset };
  }

  /** `console.log(a)` prints NumPy's str at top level and its repr when nested. */
  [Symbol.for("Deno.customInspect")](
    _inspect: unknown,
    options: { currentDepth?: number },
  ): string {
    return options?.currentDepth ? this.repr() : this.toString();
  }
}
