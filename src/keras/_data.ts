/**
 * Internal: the data side of `fit`, `evaluate` and `predict`: inputs as tensors or structures of
 * tensors (an array or a record: several inputs or outputs), batches and shuffling, data sets
 * (iterables of batches), class weights, and the drivers that run a training loop written once
 * synchronously or asynchronously.
 *
 * @module
 */
import { input } from "../engine.ts";
import { InvalidArgumentError } from "../errors.ts";
import { formatShape } from "../format.ts";
import { NDArray } from "../ndarray.ts";
import { gather } from "../ops/indexing.ts";
import { uniform } from "../ops/random.ts";
import { argmax } from "../ops/reduce.ts";
import { constant } from "../ops/creation.ts";
import { squeeze } from "../ops/movement.ts";
import { philoxWords, uniform53 } from "../random.ts";
import { isTensorOrVariable } from "../symbols.ts";
import { Tensor, type TensorLike } from "../tensor.ts";
import { Variable } from "../variable.ts";

/**
 * Model inputs, targets or sample weights: one tensor, or several as an array or a record (one
 * per input or output of a multi-input / multi-output model), all with the same first dimension.
 */
export type TensorStructure = Tensor | Tensor[] | { [key: string]: Tensor };

/**
 * What `fit`, `evaluate` and `predict` accept for a TensorStructure: anything `tf.constant`
 * takes (one tensor), an array whose elements are tensors, Variables, NDArrays or typed arrays
 * (several; an array of plain nested arrays is one tensor), or a plain record of those.
 */
export type TensorStructureLike =
  | TensorLike
  | readonly TensorLike[]
  | { readonly [key: string]: TensorLike };

/**
 * One element of a data set: `[x, y]`, `[x, y, sampleWeight]` (a JS array, as Keras's tuple), or
 * `x` alone (for `predict`).
 */
export type DataElement = TensorStructureLike | readonly TensorStructureLike[];

/** True for a plain record: an object whose prototype is Object.prototype or null. */
function isRecord(v: unknown): v is Record<string, unknown> {
  if (v === null || typeof v !== "object") return false;
  const proto = Object.getPrototypeOf(v);
  return proto === Object.prototype || proto === null;
}

/** True for one value that makes one tensor on its own (not a nested JS array). */
function isTensorValue(v: unknown): boolean {
  return isTensorOrVariable(v) || v instanceof NDArray || ArrayBuffer.isView(v);
}

/**
 * True when `v` is several tensors: an array with a tensor, Variable, NDArray or typed array
 * among its elements, or a plain record.
 */
export function isStructure(v: unknown): boolean {
  if (Array.isArray(v)) return v.length > 0 && v.some(isTensorValue);
  return isRecord(v);
}

/**
 * True for a data set: an object (not an array, tensor, Variable, NDArray or typed array) with
 * `[Symbol.asyncIterator]` or `[Symbol.iterator]`.
 */
export function isDataset(v: unknown): v is Iterable<unknown> | AsyncIterable<unknown> {
  if (v === null || typeof v !== "object" || Array.isArray(v) || isTensorValue(v)) return false;
  const o = v as { [Symbol.iterator]?: unknown; [Symbol.asyncIterator]?: unknown };
  return typeof o[Symbol.iterator] === "function" || typeof o[Symbol.asyncIterator] === "function";
}

/** True for a data set that can only be iterated asynchronously. */
export function isAsyncOnly(v: Iterable<unknown> | AsyncIterable<unknown>): boolean {
  return typeof (v as { [Symbol.iterator]?: unknown })[Symbol.iterator] !== "function";
}

/** A tensor for `x` and whether it was made here (and must be disposed by the caller). */
export function asTensor(x: TensorLike, what: string, op: string): [Tensor, boolean] {
  let t: Tensor;
  let owned = true;
  if (x instanceof Tensor) [t, owned] = [x, false];
  else if (x instanceof Variable) t = x.value();
  else {
    try {
      t = input(x, op);
    } catch (e) {
      throw new InvalidArgumentError(
        `${op}: cannot convert ${what} to a tensor: ${(e as Error).message}`,
      );
    }
  }
  if (t.rank === 0) {
    if (owned) t.dispose();
    throw new InvalidArgumentError(`${op}: ${what} must have a batch axis, got a scalar`);
  }
  return [t, owned];
}

/**
 * `v` as a TensorStructure; tensors made here are pushed to `owned` (the caller disposes them).
 * `what` names it in messages ("x", "y", "sampleWeight").
 */
export function toStructure(
  v: TensorStructureLike,
  what: string,
  op: string,
  owned: Tensor[],
): TensorStructure {
  const one = (x: unknown, name: string): Tensor => {
    const [t, made] = asTensor(x as TensorLike, name, op);
    if (made) owned.push(t);
    return t;
  };
  if (Array.isArray(v) && isStructure(v)) return v.map((x, i) => one(x, `${what}[${i}]`));
  if (isRecord(v)) {
    const keys = Object.keys(v);
    if (keys.length === 0) throw new InvalidArgumentError(`${op}: ${what} is an empty record`);
    return Object.fromEntries(keys.map((k) => [k, one(v[k], `${what}.${k}`)]));
  }
  return one(v, what);
}

/** The tensors of a structure, in order. */
export function leaves(s: TensorStructure): Tensor[] {
  if (s instanceof Tensor) return [s];
  return Array.isArray(s) ? s : Object.values(s);
}

/** A structure of the same shape with `f` applied to every tensor. */
export function mapStructure(s: TensorStructure, f: (t: Tensor) => Tensor): TensorStructure {
  if (s instanceof Tensor) return f(s);
  if (Array.isArray(s)) return s.map(f);
  return Object.fromEntries(Object.entries(s).map(([k, t]) => [k, f(t)]));
}

/** A description of a structure's shapes for messages: `(4, 2)` or `[(4, 2), (4, 3)]`. */
export function describeStructure(s: TensorStructure): string {
  if (s instanceof Tensor) return formatShape(s.shape);
  if (Array.isArray(s)) return `[${s.map((t) => formatShape(t.shape)).join(", ")}]`;
  return `{ ${Object.entries(s).map(([k, t]) => `${k}: ${formatShape(t.shape)}`).join(", ")} }`;
}

/**
 * The number of examples of every structure given (the first dimension of every tensor), which
 * must all agree (Keras: "data cardinality is ambiguous") and be at least one.
 */
export function examplesOf(parts: readonly [string, TensorStructure][], op: string): number {
  const sizes = new Set<number>();
  for (const [, s] of parts) for (const t of leaves(s)) sizes.add(t.shape[0]);
  if (sizes.size > 1) {
    const list = parts.map(([what, s]) => `${what} ${describeStructure(s)}`).join(", ");
    throw new InvalidArgumentError(
      `${op}: every array must hold the same number of examples (the first dimension), got ${list}`,
    );
  }
  const n = [...sizes][0] ?? 0;
  if (n === 0) {
    const names = parts.map(([what]) => what).join(" and ");
    throw new InvalidArgumentError(
      `${op}: ${names} ${parts.length === 1 ? "holds" : "hold"} no examples`,
    );
  }
  return n;
}

/** Throws unless x and y hold the same number of examples (and at least one). */
export function checkSameLength(x: Tensor, y: Tensor, op: string): number {
  if (x.shape[0] !== y.shape[0]) {
    throw new InvalidArgumentError(
      `${op}: x and y must hold the same number of examples, got x of shape ` +
        `${formatShape(x.shape)} and y of shape ${formatShape(y.shape)}`,
    );
  }
  if (x.shape[0] === 0) throw new InvalidArgumentError(`${op}: x and y hold no examples`);
  return x.shape[0];
}

/** Rows [start, end) of `t`, or the rows `order[start..end)` when an order is given. */
export function rows(t: Tensor, start: number, end: number, order: Int32Array | null): Tensor {
  if (order === null) return t.at(`${start}:${end}`);
  return gather(t, order.subarray(start, end), 0);
}

/** Rows [start, end) (or `order[start..end)`) of every tensor of a structure. */
export function structureRows(
  s: TensorStructure,
  start: number,
  end: number,
  order: Int32Array | null,
): TensorStructure {
  return mapStructure(s, (t) => rows(t, start, end, order));
}

/**
 * A random permutation of [0, n): from a Philox stream keyed by (seed, epoch) when a seed is
 * given (the same every run), else from the global `tf.random` stream.
 */
export function permutation(n: number, seed: number | undefined, epoch: number): Int32Array {
  let u: (i: number) => number;
  if (seed === undefined) {
    const t = uniform([n], { dtype: "float64" });
    const values = t.dataSync();
    t.dispose();
    u = (i) => Number(values[i]);
  } else {
    const words = philoxWords({ key: [seed >>> 0, epoch >>> 0], call: 0 }, 2 * n);
    u = (i) => uniform53(words[2 * i], words[2 * i + 1]);
  }
  const order = new Int32Array(n);
  for (let i = 0; i < n; i++) order[i] = i;
  for (let i = n - 1; i > 0; i--) {
    const j = Math.min(i, Math.floor(u(i) * (i + 1)));
    [order[i], order[j]] = [order[j], order[i]];
  }
  return order;
}

/** Throws unless `v` is a positive integer; returns it. */
export function batchSizeOf(v: unknown, op: string): number {
  if (typeof v !== "number" || !Number.isInteger(v) || v <= 0) {
    throw new InvalidArgumentError(`${op}: batchSize must be a positive integer, got ${String(v)}`);
  }
  return v;
}

/** Throws unless `v` is 0, 1 or 2; returns it. */
export function verbosityOf(v: unknown, op: string): 0 | 1 | 2 {
  if (v !== 0 && v !== 1 && v !== 2) {
    throw new InvalidArgumentError(`${op}: verbose must be 0, 1 or 2, got ${String(v)}`);
  }
  return v;
}

/** Throws unless `v` is undefined or a positive integer (`what` names it); returns it. */
export function stepsOf(v: unknown, what: string, op: string): number | undefined {
  if (v === undefined) return undefined;
  if (typeof v !== "number" || !Number.isInteger(v) || v <= 0) {
    throw new InvalidArgumentError(`${op}: ${what} must be a positive integer, got ${String(v)}`);
  }
  return v;
}

// ---------------------------------------------------------------- class weights

/** What `fit` accepts as `classWeight`: class id to weight, as a record or a Map. */
export type ClassWeight = Readonly<Record<number, number>> | ReadonlyMap<number, number>;

/** The class weights as a Map, checked: integer class ids >= 0 and finite weights. */
export function classWeightMap(cw: unknown, op: string): Map<number, number> {
  let entries: [unknown, unknown][];
  if (cw instanceof Map) entries = [...cw.entries()];
  else if (isRecord(cw)) entries = Object.entries(cw);
  else {
    throw new InvalidArgumentError(
      `${op}: classWeight must be a record or a Map from class id to weight, got ${String(cw)}`,
    );
  }
  const out = new Map<number, number>();
  for (const [k, w] of entries) {
    const id = typeof k === "string" ? Number(k) : k;
    if (typeof id !== "number" || !Number.isInteger(id) || id < 0 || String(k).trim() === "") {
      throw new InvalidArgumentError(
        `${op}: classWeight keys must be class ids (integers >= 0), got ${JSON.stringify(k)}`,
      );
    }
    if (typeof w !== "number" || !Number.isFinite(w)) {
      throw new InvalidArgumentError(
        `${op}: classWeight[${id}] must be a finite number, got ${String(w)}`,
      );
    }
    out.set(id, w);
  }
  return out;
}

/** Python's `round`: half to even. */
function roundHalfEven(v: number): number {
  const r = Math.round(v);
  return Math.abs(v % 1) === 0.5 && r % 2 !== 0 ? r - 1 : r;
}

/**
 * Keras's `class_weight_to_sample_weights`: the class of each example (its id for sparse labels,
 * the arg max of a one-hot row, the rounded 0/1 label of a binary target of shape `(N,)` or
 * `(N, 1)`), mapped to its weight (1 for a class not in the map), as float32 of shape `(N,)`.
 */
export function classWeightsToSampleWeights(y: Tensor, cw: ReadonlyMap<number, number>): Tensor {
  let ids: Tensor = y;
  const made: Tensor[] = [];
  if (y.rank > 1) {
    ids = y.shape[y.rank - 1] === 1 ? squeeze(y, -1) : argmax(y, -1);
    made.push(ids);
  }
  const values = ids.dataSync();
  for (const t of made) t.dispose();
  const w = new Float32Array(values.length);
  for (let i = 0; i < values.length; i++) w[i] = cw.get(roundHalfEven(Number(values[i]))) ?? 1;
  return constant(w, "float32");
}

// ---------------------------------------------------------------- loops, sync or async

/**
 * A loop written as a generator that yields whatever it must wait for (an iterator's `next()`
 * result, a Promise or not) and receives it settled. `runSync` feeds values straight back (a
 * synchronous data set or arrays); `runAsync` awaits them (an async data set).
 */
export type Loop<T> = Generator<unknown, T, unknown>;

/** Runs a loop whose waits are all synchronous. */
export function runSync<T>(loop: Loop<T>): T {
  let r = loop.next();
  while (!r.done) r = loop.next(r.value);
  return r.value;
}

/** Runs a loop, awaiting what it waits for (a rejection is thrown inside the loop). */
export async function runAsync<T>(loop: Loop<T>): Promise<T> {
  let r = loop.next();
  while (!r.done) {
    let value: unknown;
    try {
      value = await r.value;
    } catch (e) {
      r = loop.throw(e);
      continue;
    }
    r = loop.next(value);
  }
  return r.value;
}

/** A batch as it comes from a source, before it is sliced or converted (inside a step's tidy). */
export type RawBatch =
  | { kind: "rows"; start: number; end: number; order: Int32Array | null }
  | { kind: "element"; value: unknown };

/** Where batches come from: in-memory arrays sliced per step, or a data set's iterator. */
export interface BatchSource {
  /** Batches per pass, or null while unknown. */
  steps: number | null;
  /** Starts an epoch (a pass for arrays; for a data set, a new iterator unless one continues). */
  begin(epoch: number): void;
  /** The next batch of the epoch, or null when it is over. */
  next(): Loop<RawBatch | null>;
  /** Closes an iterator left open (after an early stop or an error). */
  close(): Loop<void>;
}

/** Batches of in-memory arrays: `ceil(n / batchSize)` per epoch, shuffled or not. */
export class ArraySource implements BatchSource {
  steps: number;
  #n: number;
  #batchSize: number;
  #shuffle: boolean;
  #seed: number | undefined;
  #order: Int32Array | null = null;
  #step = 0;

  constructor(n: number, batchSize: number, shuffle: boolean, seed: number | undefined) {
    this.#n = n;
    this.#batchSize = batchSize;
    this.#shuffle = shuffle;
    this.#seed = seed;
    this.steps = Math.ceil(n / batchSize);
  }

  begin(epoch: number): void {
    this.#order = this.#shuffle ? permutation(this.#n, this.#seed, epoch) : null;
    this.#step = 0;
  }

  // deno-lint-ignore require-yield
  *next(): Loop<RawBatch | null> {
    if (this.#step >= this.steps) return null;
    const start = this.#step * this.#batchSize;
    this.#step++;
    return {
      kind: "rows",
      start,
      end: Math.min(this.#n, start + this.#batchSize),
      order: this.#order,
    };
  }

  *close(): Loop<void> {}
}

/** The number of batches a data set says it holds per pass (`length`, or `cardinality()`). */
function declaredLength(ds: object): number | null | "infinite" {
  const length = (ds as { length?: unknown }).length;
  if (typeof length === "number" && Number.isInteger(length) && length >= 0) return length;
  const card = (ds as { cardinality?: unknown }).cardinality;
  if (typeof card === "function") {
    const c = Number(card.call(ds));
    if (Number.isInteger(c) && c >= 0) return c;
    if (c === -1) return "infinite"; // tf.data.INFINITE_CARDINALITY
  }
  return null;
}

/**
 * Batches of a data set. Without `steps`, every epoch is one full pass over a fresh iterator (its
 * length learnt on the first pass unless the data set declares one); with `steps`, each epoch
 * takes that many batches from an iterator that continues across epochs (`fit`'s
 * `stepsPerEpoch`) or starts afresh every time (`restart`: validation and `evaluate`).
 */
export class DatasetSource implements BatchSource {
  steps: number | null;
  /** Whether the iterator ran out before `steps` batches (a warning and the end of training). */
  ranOut = false;
  #ds: Iterable<unknown> | AsyncIterable<unknown>;
  #async: boolean;
  #fixed: number | undefined;
  #restart: boolean;
  #it: Iterator<unknown> | AsyncIterator<unknown> | null = null;
  #taken = 0;

  constructor(
    ds: Iterable<unknown> | AsyncIterable<unknown>,
    steps: number | undefined,
    restart: boolean,
    op: string,
  ) {
    this.#ds = ds;
    this.#async = isAsyncOnly(ds);
    this.#fixed = steps;
    this.#restart = restart;
    const declared = declaredLength(ds);
    if (declared === "infinite" && steps === undefined) {
      throw new InvalidArgumentError(
        `${op}: the data set repeats forever: give the number of batches per epoch ` +
          `(stepsPerEpoch for fit, steps for evaluate and predict, validationSteps)`,
      );
    }
    this.steps = steps ?? (declared === "infinite" ? null : declared);
  }

  /** Whether iterating needs `await`. */
  get async(): boolean {
    return this.#async;
  }

  begin(): void {
    this.#taken = 0;
    this.ranOut = false;
    if (this.#fixed === undefined || this.#restart) this.#it = null;
  }

  *next(): Loop<RawBatch | null> {
    if (this.#fixed !== undefined && this.#taken >= this.#fixed) return null;
    if (this.#it === null) {
      this.#it = this.#async
        ? (this.#ds as AsyncIterable<unknown>)[Symbol.asyncIterator]()
        : (this.#ds as Iterable<unknown>)[Symbol.iterator]();
    }
    const r = (yield this.#it.next()) as IteratorResult<unknown>;
    if (r === null || typeof r !== "object") {
      throw new InvalidArgumentError(
        `the data set's iterator returned ${String(r)} from next(), not an iterator result`,
      );
    }
    if (r.done) {
      this.#it = null;
      if (this.#fixed !== undefined) this.ranOut = true;
      else if (this.steps === null) this.steps = this.#taken;
      return null;
    }
    this.#taken++;
    return { kind: "element", value: r.value };
  }

  *close(): Loop<void> {
    const it = this.#it;
    this.#it = null;
    if (it !== null && typeof it.return === "function") yield it.return();
  }
}

/** An element of a data set split as Keras's `unpack_x_y_sample_weight`. */
export interface UnpackedElement {
  /** The inputs. */
  x: TensorStructureLike;
  /** The targets, if any. */
  y?: TensorStructureLike;
  /** The sample weights, if any. */
  sampleWeight?: TensorStructureLike;
}

/**
 * Keras's `unpack_x_y_sample_weight`: a JS array is a tuple `[x]`, `[x, y]` or
 * `[x, y, sampleWeight]` (several inputs go in a nested array: `[[a, b], y]`); anything else is
 * `x` alone.
 */
export function unpackElement(value: unknown, op: string): UnpackedElement {
  if (Array.isArray(value)) {
    if (value.length === 0 || value.length > 3) {
      throw new InvalidArgumentError(
        `${op}: a data set element must be x, [x], [x, y] or [x, y, sampleWeight], got an ` +
          `array of ${value.length}`,
      );
    }
    const [x, y, sampleWeight] = value as TensorStructureLike[];
    return { x, y, sampleWeight };
  }
  if (value === undefined || value === null) {
    throw new InvalidArgumentError(`${op}: the data set yielded ${String(value)}`);
  }
  return { x: value as TensorStructureLike };
}
