/**
 * Variable: the one mutable thing. It owns a tensor (its handle) that ops read directly; an update
 * writes into the handle's storage when nothing else shares it, else it makes a new storage
 * (copy-on-write), so a tensor someone holds never changes. A version counter lets tapes notice
 * an update between recording and `gradient()`.
 *
 * @module
 */
import { checkOptions, keysOf } from "./options.ts";
import { currentBackend } from "./device.ts";
import { checkDType, type DType, type TypedArray } from "./dtype.ts";
import {
  castTensor,
  input,
  output,
  place,
  record,
  recording,
  runBinaryInto,
  view,
} from "./engine.ts";
import { FailedPreconditionError, InvalidArgumentError } from "./errors.ts";
import { arrayRepr, arrayStr, formatShape } from "./format.ts";
import type { NDArray, NestedList } from "./ndarray.ts";
import { noteRead } from "./recording.ts";
import { makeTensor, printedElements, type Tensor, type TensorLike } from "./tensor.ts";
import { TensorMethods } from "./tensor_methods.ts";
import { isTensorOrVariable, KIND, READ } from "./symbols.ts";
import { broadcastShapes, broadcastStrides, isContiguous, sameShape } from "./shape.ts";
import type { BinaryName } from "./ops/op_ids.ts";

/** Options of a Variable. */
export interface VariableOptions {
  /** Whether tapes watch it and optimizers train it (default true). */
  trainable?: boolean;
  /** Its name (default "Variable"); printed and reported as `name:0`. */
  name?: string;
  /** Convert the initial value to this dtype. */
  dtype?: DType;
}

const VARIABLE_KEYS = keysOf<VariableOptions>({ trainable: true, name: true, dtype: true });

/**
 * A mutable tensor-valued variable, accepted by every op.
 *
 * @example
 * ```ts
 * import * as tf from "@denotensor/core";
 * const w = new tf.Variable(5.0, { name: "weight" });
 * w.assignSub(1);
 * console.log(String(w)); // <tf.Variable 'weight:0' shape=() dtype=float32, numpy=4.0>
 * ```
 */
export class Variable extends TensorMethods {
  /** Whether tapes watch it and optimizers train it. */
  readonly trainable: boolean;
  #name: string;
  #handle: Tensor;
  #version = 0;

  /** Creates a variable holding a copy of `initial`. */
  constructor(initial: TensorLike, options?: VariableOptions) {
    super();
    checkOptions(options, VARIABLE_KEYS, "Variable options");
    const dtype = options?.dtype === undefined ? undefined : checkDType(options.dtype, "Variable");
    const t = input(initial, "Variable", dtype);
    const value = dtype === undefined || t.dtype === dtype ? t : castTensor(t, dtype);
    this.#handle = owned(value);
    if (value !== t) value.dispose();
    if (!isTensorOrVariable(initial)) t.dispose();
    this.trainable = options?.trainable ?? true;
    this.#name = options?.name ?? "Variable";
  }

  /** The name, TensorFlow-style: `weight:0`. */
  get name(): string {
    return `${this.#name}:0`;
  }

  /** Internal: the tensor ops read now (it changes when an update copies). */
  get handle(): Tensor {
    return this.#handle;
  }

  /** Bumped by every assignment. */
  get version(): number {
    return this.#version;
  }

  /** The element dtype. */
  get dtype(): DType {
    return this.#handle.dtype;
  }

  /** The shape. */
  get shape(): readonly number[] {
    return this.#handle.shape;
  }

  /** The number of axes. */
  get rank(): number {
    return this.#handle.rank;
  }

  /** The number of elements. */
  get size(): number {
    return this.#handle.size;
  }

  /** The device that holds it. */
  get device(): string {
    return this.#handle.device;
  }

  /** Internal: a Variable, not a tensor. */
  get [KIND](): "variable" {
    return "variable";
  }

  /** Internal: the handle, for an op; tells recording tapes that the variable was read. */
  [READ](op: string): Tensor {
    const h = this.#handle[READ](op);
    if (recording()) noteRead(this);
    return h;
  }

  /**
   * The current value as a tensor that later updates do not change.
   *
   * @example
   * ```ts
   * import * as tf from "@denotensor/core";
   * const v = new tf.Variable([1, 2]);
   * const before = v.value();
   * v.assign([3, 4]);
   * console.log(before.tolist(), v.value().tolist()); // [1, 2] [3, 4]
   * ```
   */
  value(): Tensor {
    const h = this[READ]("value");
    const out = makeTensor(h.storage, h.shape, h.strides, h.offset, h.size);
    // A read, as in TensorFlow: gradients flow through it to the variable.
    if (recording()) record("value", [h], out);
    return out;
  }

  /** A copy of the value as an NDArray. */
  numpy(): NDArray {
    return this.#handle.numpy();
  }

  /** A copy of the value as a flat typed array. */
  dataSync(): TypedArray {
    return this.#handle.dataSync();
  }

  /** A copy of the value as nested arrays. */
  tolist(): NestedList {
    return this.#handle.tolist();
  }

  /** The single element of a one-element variable. */
  item(): number | boolean | bigint {
    return this.#handle.item();
  }

  /**
   * The value as a tensor of the variable's dtype and shape (broadcast), plus the temporaries
   * made on the way (never the caller's own tensor or another Variable's value).
   */
  #operand(value: TensorLike, op: string): { v: Tensor; temps: Tensor[] } {
    const own = isTensorOrVariable(value);
    const t = input(value, op, own ? undefined : this.dtype);
    const temps = own ? [] : [t];
    if (t.dtype !== this.dtype) {
      throw new InvalidArgumentError(
        `${op}: value of dtype ${t.dtype} cannot update Variable '${this.name}' of dtype ` +
          `${this.dtype}; cast it first`,
      );
    }
    if (sameShape(t.shape, this.shape)) return { v: t, temps };
    let strides: number[];
    try {
      if (!sameShape(broadcastShapes(t.shape, this.shape, op), this.shape)) throw new Error();
      strides = broadcastStrides(t.shape, t.strides, this.shape);
    } catch {
      throw new InvalidArgumentError(
        `${op}: value of shape ${formatShape(t.shape)} cannot update Variable ` +
          `'${this.name}' of shape ${formatShape(this.shape)}`,
      );
    }
    const b = view(t, this.shape, strides, t.offset);
    temps.push(b);
    return { v: b, temps };
  }

  /** True when an update may write into the handle's storage: nothing else uses it. */
  #exclusive(): boolean {
    const h = this.#handle;
    return h.storage.refs === 1 && h.device === currentBackend().device &&
      isContiguous(h.shape, h.strides);
  }

  /**
   * Writes `value` (or `handle op value`) into the handle when nothing shares its storage, else
   * into a new storage that becomes the handle (copy-on-write); bumps the version.
   */
  #update(op: string, value: TensorLike, binaryOp: BinaryName | null): this {
    if (this.#handle.disposed) {
      throw new FailedPreconditionError(
        `${op}: the Variable of shape ${formatShape(this.#handle.shape)} is disposed`,
      );
    }
    const { v, temps } = this.#operand(value, op);
    const backend = currentBackend();
    const src = place(v, backend);
    if (src !== v) temps.push(src);
    const h = this.#handle;
    if (this.#exclusive()) {
      if (binaryOp === null) backend.copy(src, h);
      else runBinaryInto(binaryOp, h, src, h);
    } else {
      const next = output(backend, h.dtype, h.shape, h.size);
      next.kept = true;
      if (binaryOp === null) backend.copy(src, next);
      else {
        const old = place(h, backend);
        runBinaryInto(binaryOp, old, src, next);
        if (old !== h) old.dispose();
      }
      this.#handle = next;
      h.dispose();
    }
    for (const t of temps) t.dispose();
    this.#version++;
    return this;
  }

  /**
   * Sets the value (same dtype; broadcast to the variable's shape).
   *
   * @example
   * ```ts
   * import * as tf from "@denotensor/core";
   * const v = new tf.Variable([1, 2]);
   * console.log(v.assign([5, 6]).tolist()); // [5, 6]
   * ```
   */
  assign(value: TensorLike): this {
    return this.#update("assign", value, null);
  }

  /**
   * Adds to the value.
   *
   * @example
   * ```ts
   * import * as tf from "@denotensor/core";
   * console.log(new tf.Variable([1, 2]).assignAdd(1).tolist()); // [2, 3]
   * ```
   */
  assignAdd(delta: TensorLike): this {
    return this.#update("assignAdd", delta, "add");
  }

  /**
   * Subtracts from the value.
   *
   * @example
   * ```ts
   * import * as tf from "@denotensor/core";
   * console.log(new tf.Variable([1, 2]).assignSub(1).tolist()); // [0, 1]
   * ```
   */
  assignSub(delta: TensorLike): this {
    return this.#update("assignSub", delta, "sub");
  }

  /** Frees the variable's memory; using it afterwards is an error. */
  dispose(): void {
    this.#handle.dispose();
  }

  /** `using v = new tf.Variable(...)` disposes it at the end of the block. */
  [Symbol.dispose](): void {
    this.dispose();
  }

  /** TensorFlow's repr: `<tf.Variable 'weight:0' shape=() dtype=float32, numpy=5.0>`. */
  override toString(): string {
    return this.repr();
  }

  /** TensorFlow's repr: `<tf.Variable 'weight:0' shape=() dtype=float32, numpy=5.0>`. */
  repr(): string {
    const h = this.#handle;
    const data = printedElements(h);
    const text = h.rank === 0
      ? arrayStr(data, h.shape, h.dtype)
      : arrayRepr(data, h.shape, h.dtype);
    return `<tf.Variable '${this.name}' shape=${formatShape(h.shape)} dtype=${h.dtype}, numpy=${
      text.includes("\n") ? "\n" + text : text
    }>`;
  }

  /** `console.log(v)` prints the repr, as TensorFlow does. */
  [Symbol.for("Deno.customInspect")](): string {
    return this.repr();
  }
}

/** A fresh tensor that owns a copy of `t`'s elements, outside every tidy scope. */
function owned(t: Tensor): Tensor {
  const backend = currentBackend();
  const out = output(backend, t.dtype, t.shape, t.size);
  backend.copy(place(t, backend), out);
  out.kept = true;
  return out;
}
