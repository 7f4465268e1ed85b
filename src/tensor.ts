/**
 * The Tensor: an immutable, strided view of a device storage. It holds metadata, gives copies of
 * its data, prints as TensorFlow does, and offers every functional op whose first argument is a
 * tensor as a one-line method.
 *
 * Tensor sits above the ops (its methods call them), which sit above the engine: when this module
 * loads it hands the class to the engine, which makes every op's tensors with it.
 *
 * @module
 */
import type { Storage } from "./backends/backend.ts";
import type { NestedArray } from "./convert.ts";
import { backendFor } from "./device.ts";
import { setTensorFactory } from "./engine.ts";
import type { DType, Scalar, TypedArray } from "./dtype.ts";
import { FailedPreconditionError, InvalidArgumentError } from "./errors.ts";
import {
  arrayRepr,
  arrayStr,
  formatShape,
  type PrintData,
  type StridedPrintData,
} from "./format.ts";
import { trackTensor, untrackTensor } from "./memory.ts";
import { NDArray, type NestedList } from "./ndarray.ts";
import { index } from "./ops/indexing.ts";
import { checkSize, contiguousStrides, MAX_SIZE } from "./shape.ts";
import { KIND, READ } from "./symbols.ts";
import { TensorMethods } from "./tensor_methods.ts";

/** Anything an op accepts as a tensor: a tensor, a Variable, or a value `tf.constant` takes. */
export type TensorLike = TensorMethods | Scalar | NestedArray | ArrayBufferView | NDArray;

let nextId = 0;

/** An immutable n-dimensional array on a device. */
export class Tensor extends TensorMethods {
  /** The element dtype. */
  readonly dtype: DType;
  /** The extent of each axis. */
  readonly shape: readonly number[];
  /** Internal: the step of each axis in the storage, in elements (may be negative or 0). */
  readonly strides: readonly number[];
  /** Internal: the index of the first element in the storage. */
  readonly offset: number;
  /** The number of elements. */
  readonly size: number;
  /** Internal: the memory that holds the elements (shared by views). */
  readonly storage: Storage;
  /** Internal: a unique id, for gradient tapes. */
  readonly id: number;
  /** True once disposed: the tensor can no longer be used. */
  disposed = false;
  /** True once passed to `tf.keep`: no tidy scope disposes it. */
  kept = false;

  /**
   * Internal: tensors are made by ops (`tf.constant`, `tf.zeros`, ...), never by this
   * constructor, which refuses outside callers: a shape, strides or offset that reach outside the
   * storage would read out of bounds. `aliasOf` makes a holder of another tensor's value (a tape's
   * saved copy): same id, outside every tidy scope.
   */
  constructor(
    storage: Storage,
    shape: readonly number[],
    strides: readonly number[],
    offset: number,
    size: number,
    aliasOf?: Tensor,
  ) {
    super();
    const ok = trusted;
    trusted = false;
    if (!ok) {
      throw new FailedPreconditionError(
        "new tf.Tensor(...) is internal: make tensors with tf.constant, tf.zeros, tf.fill and the " +
          "other ops, and views with reshape, slice, transpose or at()",
      );
    }
    // The one size check every tensor goes through (creation, loads, views, op outputs).
    if (!(size <= MAX_SIZE)) checkSize(size, shape, "tensor");
    this.dtype = storage.dtype;
    this.shape = shape;
    this.strides = strides;
    this.offset = offset;
    this.size = size;
    this.storage = storage;
    this.id = aliasOf === undefined ? nextId++ : aliasOf.id;
    trackTensor(this, storage, aliasOf === undefined);
  }

  /** The number of axes. */
  get rank(): number {
    return this.shape.length;
  }

  /**
   * The number of axes (NumPy's and TensorFlow's `ndim`; the same as `rank`).
   *
   * @example
   * ```ts
   * import * as tf from "@denotensor/core";
   * console.log(tf.zeros([2, 3]).ndim); // 2
   * ```
   */
  get ndim(): number {
    return this.shape.length;
  }

  /** The device that holds the data: "cpu" or "cuda:0". */
  get device(): string {
    return this.storage.device;
  }

  /** Internal: a tensor, not a Variable. */
  get [KIND](): "tensor" {
    return "tensor";
  }

  /** Internal: the tensor itself, for an op, after checking that it is not disposed. */
  [READ](op: string): Tensor {
    if (this.disposed) {
      throw new FailedPreconditionError(
        `${op}: the tensor of shape ${formatShape(this.shape)} is disposed`,
      );
    }
    return this;
  }

  /**
   * A copy of the elements as a flat typed array in row-major order (bool as 0/1 in a Uint8Array,
   * int64 as a BigInt64Array). Waits for the device.
   *
   * @example
   * ```ts
   * import * as tf from "@denotensor/core";
   * console.log(tf.constant([[1, 2], [3, 4]]).dataSync()); // Float32Array(4) [ 1, 2, 3, 4 ]
   * ```
   */
  dataSync(): TypedArray {
    this[READ]("dataSync");
    return backendFor(this.storage.device).download(this);
  }

  /**
   * As `dataSync`, without blocking while a device finishes its work.
   *
   * @example
   * ```ts
   * import * as tf from "@denotensor/core";
   * console.log(await tf.ones([2]).data()); // Float32Array(2) [ 1, 1 ]
   * ```
   */
  data(): Promise<TypedArray> {
    try {
      this[READ]("data");
      return backendFor(this.storage.device).downloadAsync(this);
    } catch (e) {
      // An async read reports its errors through the promise, so that .catch() sees them.
      return Promise.reject(e);
    }
  }

  /**
   * A copy of the elements as a NumPy-style NDArray (prints as NumPy does).
   *
   * @example
   * ```ts
   * import * as tf from "@denotensor/core";
   * console.log(tf.constant([[1, 2], [3, 4]], "int32").numpy().toString()); // [[1 2]\n [3 4]]
   * ```
   */
  numpy(): NDArray {
    return new NDArray(this.dataSync(), this.shape.slice(), this.dtype);
  }

  /**
   * The elements as nested arrays (a rank-0 tensor gives its element): numbers, booleans for
   * bool, bigints for int64.
   *
   * @example
   * ```ts
   * import * as tf from "@denotensor/core";
   * console.log(tf.constant([[1, 2]]).tolist()); // [[1, 2]]
   * ```
   */
  tolist(): NestedList {
    return this.numpy().tolist();
  }

  /**
   * The single element of a one-element tensor.
   *
   * @example
   * ```ts
   * import * as tf from "@denotensor/core";
   * console.log(tf.reduceSum([1, 2]).item()); // 3
   * ```
   */
  item(): number | boolean | bigint {
    if (this.size !== 1) {
      throw new InvalidArgumentError(
        `item: only a tensor with one element can be converted, got shape ${
          formatShape(this.shape)
        } (${this.size} elements)`,
      );
    }
    const v = this.dataSync()[0];
    return this.dtype === "bool" ? v !== 0 : v;
  }

  /**
   * The sub-tensors along axis 0, as views.
   *
   * @example
   * ```ts
   * import * as tf from "@denotensor/core";
   * for (const x of tf.constant([1, 2, 3])) console.log(x.toString()); // tf.Tensor(1.0, shape=(), dtype=float32) ...
   * ```
   */
  *[Symbol.iterator](): IterableIterator<Tensor> {
    this[READ]("iterate");
    if (this.rank === 0) {
      throw new InvalidArgumentError("Cannot iterate over a scalar tensor (shape ())");
    }
    for (let i = 0; i < this.shape[0]; i++) yield index(this, i);
  }

  /**
   * TensorFlow's str: `tf.Tensor(<NumPy str>, shape=(2, 2), dtype=float32)`.
   *
   * @example
   * ```ts
   * import * as tf from "@denotensor/core";
   * console.log(String(tf.constant(2))); // tf.Tensor(2.0, shape=(), dtype=float32)
   * ```
   */
  override toString(): string {
    if (this.disposed) return `tf.Tensor(<disposed>, shape=${formatShape(this.shape)})`;
    const text = arrayStr(printedElements(this), this.shape, this.dtype);
    return `tf.Tensor(${text.includes("\n") ? "\n" + text : text}, shape=${
      formatShape(this.shape)
    }, dtype=${this.dtype})`;
  }

  /**
   * TensorFlow's repr: `<tf.Tensor: shape=(), dtype=float32, numpy=2.0>`.
   *
   * @example
   * ```ts
   * import * as tf from "@denotensor/core";
   * console.log(tf.constant([1, 2]).repr()); // <tf.Tensor: shape=(2,), dtype=float32, numpy=array([1., 2.], dtype=float32)>
   * ```
   */
  repr(): string {
    if (this.disposed) return `<tf.Tensor: shape=${formatShape(this.shape)}, disposed>`;
    const text = this.rank === 0
      ? arrayStr(printedElements(this), this.shape, this.dtype)
      : arrayRepr(printedElements(this), this.shape, this.dtype);
    return `<tf.Tensor: shape=${formatShape(this.shape)}, dtype=${this.dtype}, numpy=${
      text.includes("\n") ? "\n" + text : text
    }>`;
  }

  /**
   * `console.log(t)` prints the str for a top-level argument and the repr inside arrays and
   * objects. Nesting is read from `seen` (the containers being printed): Deno's `currentDepth`
   * stays raised after an earlier argument of the same call that had nested values.
   */
  [Symbol.for("Deno.customInspect")](
    _inspect: unknown,
    options: { currentDepth?: number; seen?: unknown[] },
  ): string {
    const nested = Array.isArray(options?.seen)
      ? options.seen.length > 0
      : Boolean(options?.currentDepth);
    return nested ? this.repr() : this.toString();
  }

  /**
   * The value of a one-element tensor where JavaScript wants a primitive: `+t`, `Number(t)`,
   * `t * 2` (a number; int64 within ±2^53, bool as 0/1). A string hint (`${t}`) gives the str.
   * With the default hint (`t + x`, `t == x`) a larger tensor gives its str; with a number hint
   * it is an error, as NumPy's "only size-1 arrays can be converted".
   *
   * @example
   * ```ts
   * import * as tf from "@denotensor/core";
   * const loss = tf.reduceMean([1, 2]);
   * console.log(+loss, Number(loss) * 2); // 1.5 3
   * ```
   */
  [Symbol.toPrimitive](hint: "number" | "string" | "default"): number | string {
    if (hint === "string" || (hint === "default" && this.size !== 1)) return this.toString();
    if (this.size !== 1) {
      throw new InvalidArgumentError(
        `Tensor to number: only a tensor with one element converts, got shape ${
          formatShape(this.shape)
        } (${this.size} elements)`,
      );
    }
    const v = this.dataSync()[0];
    if (typeof v === "bigint") {
      if (v > BigInt(Number.MAX_SAFE_INTEGER) || v < -BigInt(Number.MAX_SAFE_INTEGER)) {
        throw new InvalidArgumentError(`the int64 value ${v} does not fit a JS number exactly`);
      }
      return Number(v);
    }
    return v;
  }

  /**
   * Frees the tensor's memory (when no other tensor shares it). Using it afterwards is an
   * error; disposing twice does nothing.
   *
   * @example
   * ```ts
   * import * as tf from "@denotensor/core";
   * const t = tf.ones([1000]);
   * t.dispose();
   * console.log(t.disposed); // true
   * ```
   */
  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    if (untrackTensor(this.storage)) backendFor(this.storage.device).free(this.storage);
  }

  /**
   * A copy on another device ("cpu", "cuda", "cuda:0", "CPU:0", "GPU:0"); a view of this tensor
   * when it is already there.
   *
   * @example
   * ```ts
   * import * as tf from "@denotensor/core";
   * console.log(tf.ones([2]).to("cpu").device); // "cpu"
   * ```
   */
  to(device: string): Tensor {
    const backend = backendFor(device);
    const t = this[READ]("to");
    if (t.storage.device === backend.device) {
      return makeTensor(t.storage, t.shape, t.strides, t.offset, t.size);
    }
    const host = backendFor(t.storage.device).download(t);
    const storage = backend.upload(host, t.dtype);
    return makeTensor(storage, t.shape, contiguousStrides(t.shape), 0, t.size);
  }

  /** A copy on the CPU (`to("cpu")`). */
  cpu(): Tensor {
    return this.to("cpu");
  }

  /** A copy on the GPU (`to("cuda")`); an error naming the reason when there is none. */
  cuda(): Tensor {
    return this.to("cuda");
  }

  /** `using t = ...` disposes the tensor at the end of the block. */
  [Symbol.dispose](): void {
    this.dispose();
  }
}

/** Set by the module's own makers just before `new Tensor` (the constructor resets it). */
let trusted = false;

/** Internal: a tensor over `storage`, for the engine, the tape and Variable. */
export function makeTensor(
  storage: Storage,
  shape: readonly number[],
  strides: readonly number[],
  offset: number,
  size: number,
): Tensor {
  trusted = true;
  return new Tensor(storage, shape, strides, offset, size);
}

/** Internal: a holder of `t`'s value with its id, outside every tidy scope (the tape's copy). */
export function holdTensor(t: Tensor): Tensor {
  trusted = true;
  return new Tensor(t.storage, t.shape, t.strides, t.offset, t.size, t);
}

setTensorFactory(makeTensor);

/**
 * A tensor's elements as the printer reads them: host memory through the tensor's strides (a
 * summarised print reads only the elements it shows), else a download. Internal to the library
 * (Tensor and Variable printing).
 */
export function printedElements(t: Tensor): PrintData | StridedPrintData {
  t[READ]("toString");
  const s = t.storage as Storage & { data?: PrintData };
  if (s.device === "cpu" && s.data !== undefined) {
    return { data: s.data, strides: t.strides, offset: t.offset };
  }
  return t.dataSync() as PrintData;
}
