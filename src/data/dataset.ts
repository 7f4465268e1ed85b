/**
 * `tf.data.Dataset`: an input pipeline of tensors, as TensorFlow's `tf.data`: a source
 * (`fromTensorSlices`, `fromGenerator`, `range`) and transformations (`map`, `filter`, `batch`,
 * `shuffle`, `repeat`, `take`, `skip`, `prefetch`, `unbatch`), each giving a new dataset. A
 * dataset is immutable and can be iterated any number of times; each iteration runs the pipeline
 * afresh, one element at a time.
 *
 * @module
 */
import { checkDType, type DType } from "../dtype.ts";
import { FailedPreconditionError, InvalidArgumentError } from "../errors.ts";
import { checkOptions, keysOf } from "../options.ts";
import type { Tensor } from "../tensor.ts";
import { batchPlan, unbatchPlan } from "./batch.ts";
import { checkFunction, filterPlan, mapPlan } from "./map.ts";
import type { Plan } from "./pipeline.ts";
import { AUTOTUNE_BUFFER, prefetchPlan } from "./prefetch.ts";
import { repeatPlan } from "./repeat.ts";
import { shufflePlan } from "./shuffle.ts";
import { generatorPlan, rangePlan, slicesPlan } from "./sources.ts";
import { type ArgsOf, disposeAll, type Element, type ElementOf, show } from "./structure.ts";
import { skipPlan, takePlan } from "./take_skip.ts";

export type { ArgsOf, Element, ElementOf } from "./structure.ts";

/**
 * `prefetch(tf.data.AUTOTUNE)` lets the library pick the buffer size (here a small fixed
 * default, 2). The value is TensorFlow's, -1.
 */
export const AUTOTUNE: number = -1;

/** `cardinality()` of a dataset that never ends. TensorFlow says -1; here it is `Infinity`. */
export const INFINITE_CARDINALITY: number = Infinity;

/** `cardinality()` of a dataset whose size is not known without iterating it (TensorFlow's -2). */
export const UNKNOWN_CARDINALITY: number = -2;

/** Options of `Dataset.range`. */
export interface RangeOptions {
  /** The dtype of the elements (TensorFlow's `output_type`; default int64). */
  dtype?: DType;
}

/** Options of `Dataset.batch`. */
export interface BatchOptions {
  /** Drop a last batch that has fewer than `batchSize` elements (default false: keep it). */
  dropRemainder?: boolean;
}

/** Options of `Dataset.shuffle`. */
export interface ShuffleOptions {
  /**
   * A seed: the same seed gives the same orders on every run and device. Without one the
   * stream comes from the global seed (`tf.random.setSeed` makes it reproducible).
   */
  seed?: number;
  /** A new order on each iteration (default true); false repeats the first order. */
  reshuffleEachIteration?: boolean;
}

const RANGE_KEYS = keysOf<RangeOptions>({ dtype: true });
const BATCH_KEYS = keysOf<BatchOptions>({ dropRemainder: true });
const SHUFFLE_KEYS = keysOf<ShuffleOptions>({ seed: true, reshuffleEachIteration: true });

/** Throws unless `v` is an integer of at least `min`, or -1 when `minusOne` names it. */
function countOf(v: unknown, what: string, op: string, min: number, minusOne?: string): number {
  if (typeof v === "number" && Number.isSafeInteger(v) && (v >= min || (minusOne && v === -1))) {
    return v;
  }
  const want = min === 1 ? "a positive integer" : "a non-negative integer";
  throw new InvalidArgumentError(
    `${op}: ${what} must be ${want}${minusOne ? ` or ${minusOne}` : ""}, got ${show(v)}`,
  );
}

/** Throws unless `v` is undefined or a boolean. */
function flagOf(v: unknown, what: string, op: string): boolean | undefined {
  if (v === undefined || typeof v === "boolean") return v;
  throw new InvalidArgumentError(`${op}: ${what} must be a boolean, got ${show(v)}`);
}

/** The plan handed to the constructor (set just before `new Dataset`, which resets it). */
let pending: Plan | null = null;

/** A dataset over `plan`. */
function make<T>(plan: Plan): Dataset<T> {
  pending = plan;
  return new Dataset<T>();
}

/**
 * A dataset: a re-iterable sequence of elements, each a tensor or an array (tuple) or record of
 * tensors. Make one with `Dataset.fromTensorSlices`, `Dataset.fromGenerator` or `Dataset.range`,
 * transform it with the methods, and iterate it with `for await` (always) or `for...of` (when
 * `isSync`). A dataset of `[x, y]` pairs of batches, as `fromTensorSlices([x, y]).batch(32)`
 * gives (x of shape `[32, ...]`, y of shape `[32, ...]`), is what `model.fit` takes.
 *
 * Memory: what an iteration yields belongs to the caller, who disposes it (or runs each step in
 * `tf.tidy`). The tensors the pipeline makes and drops itself (the elements a batch stacked, the
 * elements a filter or skip dropped, a synchronous map function's intermediates, a shuffle buffer
 * left behind by a `break`) are disposed. Pull elements outside of `tf.tidy` scopes (a loop over
 * the dataset does): a tidy around a single `next()` could free elements a shuffle buffer holds.
 *
 * @example
 * ```ts
 * import * as tf from "@denotensor/core";
 * const x = tf.constant([[1, 2], [3, 4], [5, 6]]);
 * const y = tf.constant([0, 1, 0]);
 * const ds = tf.data.Dataset.fromTensorSlices([x, y]).shuffle(3, { seed: 1 }).batch(2);
 * for (const [xb, yb] of ds) {
 *   console.log(xb.shape, yb.shape); // [ 2, 2 ] [ 2 ], then [ 1, 2 ] [ 1 ]
 *   xb.dispose();
 *   yb.dispose();
 * }
 * ```
 */
export class Dataset<T = Element> implements Iterable<T>, AsyncIterable<T> {
  readonly #plan: Plan;

  /**
   * Internal: datasets are made by `Dataset.fromTensorSlices`, `Dataset.fromGenerator`,
   * `Dataset.range` and the transformations, never by this constructor.
   */
  constructor() {
    const plan = pending;
    pending = null;
    if (plan === null) {
      throw new FailedPreconditionError(
        "new tf.data.Dataset() is internal: make datasets with Dataset.fromTensorSlices, " +
          "Dataset.fromGenerator or Dataset.range",
      );
    }
    this.#plan = plan;
  }

  /**
   * A dataset of the slices of `value` along axis 0: element i holds row i of each tensor.
   * `value` is a tensor or tensor-like value (nested arrays of numbers are one tensor, as a
   * Python list is in TensorFlow), an array of them (a tuple: an array that holds a tensor,
   * typed array, NDArray or record, rather than only numbers) or a record of them; every
   * element keeps that structure. All leading sizes must agree. The dataset keeps views of the
   * tensors (no copy): disposing them afterwards does not affect it.
   *
   * @param value A tensor, or a tuple or record of tensors, with a common size along axis 0.
   * @returns The dataset of the slices.
   *
   * @example
   * ```ts
   * import * as tf from "@denotensor/core";
   * const ds = tf.data.Dataset.fromTensorSlices({ x: [[1, 2], [3, 4]], y: [0, 1] });
   * for (const { x, y } of ds) console.log(x.tolist(), y.tolist()); // [ 1, 2 ] 0, then [ 3, 4 ] 1
   * ```
   */
  static fromTensorSlices<const S>(value: S): Dataset<ElementOf<S>> {
    return make(slicesPlan(value));
  }

  /**
   * A dataset of the values a generator yields: each a tensor, a tensor-like value, or an
   * array or record of them. Each iteration calls `fn` again. An `async function*` gives an
   * asynchronous dataset (iterate it with `for await`); a `function*` (or a function returning
   * an iterable) a synchronous one. A tensor the generator makes in the step that yields it is
   * handed on; a tensor made before (captured from outside, or kept across steps) is handed on
   * as a view, so the generator's own stays valid.
   *
   * @param fn A (async) generator function, or a function returning an (async) iterable.
   * @returns The dataset of the yielded elements (its cardinality is unknown).
   *
   * @example
   * ```ts
   * import * as tf from "@denotensor/core";
   * const ds = tf.data.Dataset.fromGenerator(function* () {
   *   for (let i = 1; i <= 3; i++) yield [tf.fill([i], i), i * 10];
   * });
   * for (const [x, y] of ds) console.log(x.tolist(), y.tolist()); // [ 1 ] 10, [ 2, 2 ] 20, [ 3, 3, 3 ] 30
   * ```
   */
  static fromGenerator<Y>(fn: () => Iterable<Y> | AsyncIterable<Y>): Dataset<ElementOf<Y>> {
    return make(generatorPlan(fn));
  }

  /**
   * A dataset of scalars from `start` (included) to `stop` (excluded) by `step`, as Python's
   * `range`: `range(stop)`, `range(start, stop)`, `range(start, stop, step)`, optionally
   * followed by options. The elements are int64 scalars, as in TensorFlow (`tolist()` gives a
   * bigint); `{ dtype: "int32" }` or a float dtype gives others.
   *
   * @param args `stop`, `start, stop` or `start, stop, step`, then optional RangeOptions.
   * @returns The dataset of the numbers.
   *
   * @example
   * ```ts
   * import * as tf from "@denotensor/core";
   * const ds = tf.data.Dataset.range(1, 10, 3);
   * console.log([...ds].map((t) => t.tolist())); // [ 1n, 4n, 7n ]
   * console.log(tf.data.Dataset.range(3, { dtype: "int32" }).cardinality()); // 3
   * ```
   */
  static range(
    ...args:
      | [stop: number, options?: RangeOptions]
      | [start: number, stop: number, options?: RangeOptions]
      | [start: number, stop: number, step: number, options?: RangeOptions]
  ): Dataset<Tensor> {
    const op = "Dataset.range";
    const list: unknown[] = [...args];
    const last = list.at(-1);
    const options = typeof last === "object" && last !== null
      ? list.pop() as RangeOptions
      : undefined;
    while (list.length > 0 && list.at(-1) === undefined) list.pop();
    checkOptions(options, RANGE_KEYS, `${op} options`);
    const dtype = checkDType(options?.dtype ?? "int64", op);
    if (list.length < 1 || list.length > 3) {
      throw new InvalidArgumentError(
        `${op}: expected 1 to 3 numbers (stop, or start, stop[, step]), got ${list.length}`,
      );
    }
    const [start, stop, step] = list.length === 1
      ? [0, list[0], 1]
      : [list[0], list[1], list[2] ?? 1];
    return make(rangePlan(start as number, stop as number, step as number, dtype));
  }

  /**
   * True when the source and every transformation are synchronous, so that `for...of` (and
   * spreading) works; false for an async generator source or an async `map`/`filter` function,
   * which need `for await`.
   *
   * @example
   * ```ts
   * import * as tf from "@denotensor/core";
   * const ds = tf.data.Dataset.range(3);
   * console.log(ds.isSync, ds.map(async (x) => x).isSync); // true false
   * ```
   */
  get isSync(): boolean {
    return this.#plan.sync;
  }

  /**
   * The number of elements, when it is known without iterating: a count, `Infinity`
   * (`tf.data.INFINITE_CARDINALITY`; TensorFlow says -1) for a dataset that never ends, or -2
   * (`tf.data.UNKNOWN_CARDINALITY`) when it depends on the data (`fromGenerator`, `filter`,
   * `unbatch`).
   *
   * @returns The count, `Infinity` or -2.
   *
   * @example
   * ```ts
   * import * as tf from "@denotensor/core";
   * const ds = tf.data.Dataset.range(10);
   * console.log(ds.batch(3).cardinality(), ds.repeat().cardinality()); // 4 Infinity
   * console.log(ds.filter((x) => x.greater(4)).cardinality()); // -2
   * ```
   */
  cardinality(): number {
    return this.#plan.cardinality;
  }

  /**
   * Applies `fn` to each element: a tuple's components are its arguments (as TensorFlow spreads
   * Python tuples: `ds.map((x, y) => ...)`), any other element is its one argument. It returns
   * the new element: a tensor, a tensor-like value, or an array or record of them. A
   * synchronous `fn` runs inside `tf.tidy` (the tensors it makes and drops are freed); an `async`
   * one makes the dataset asynchronous and must dispose its own intermediates. The tensors of
   * the input element that the result does not hold are disposed after the call.
   *
   * @param fn The function of the element (its components, for a tuple).
   * @returns The dataset of the results.
   *
   * @example
   * ```ts
   * import * as tf from "@denotensor/core";
   * const ds = tf.data.Dataset.fromTensorSlices([tf.constant([1, 2]), tf.constant([10, 20])])
   *   .map((x, y) => ({ sum: x.add(y), x }));
   * for (const { sum } of ds) console.log(sum.tolist()); // 11, then 22
   * ```
   */
  map<U>(fn: (...args: ArgsOf<T>) => U): Dataset<ElementOf<Awaited<U>>> {
    return make(mapPlan(this.#plan, checkFunction(fn, "fn", "Dataset.map")));
  }

  /**
   * The elements for which `predicate` (spread over a tuple's components, as in `map`) returns
   * true or a bool scalar tensor holding true. Dropped elements are disposed. An `async`
   * predicate makes the dataset asynchronous.
   *
   * @param predicate The test of an element.
   * @returns The dataset of the elements that pass.
   *
   * @example
   * ```ts
   * import * as tf from "@denotensor/core";
   * const even = tf.data.Dataset.range(6).filter((x) => x.mod(2).equal(0));
   * console.log([...even].map((t) => t.tolist())); // [ 0n, 2n, 4n ]
   * ```
   */
  filter(
    predicate: (...args: ArgsOf<T>) => boolean | Tensor | Promise<boolean | Tensor>,
  ): Dataset<T> {
    return make(filterPlan(this.#plan, checkFunction(predicate, "predicate", "Dataset.filter")));
  }

  /**
   * Stacks consecutive elements into batches: each tensor of the structure gets a new axis 0 of
   * length `batchSize`. The last batch is smaller when the elements do not divide evenly,
   * unless `dropRemainder`. Elements must share their structure, shapes and dtypes; the stacked
   * elements are disposed.
   *
   * @param batchSize The number of elements per batch, at least 1.
   * @param options `dropRemainder`.
   * @returns The dataset of batches.
   *
   * @example
   * ```ts
   * import * as tf from "@denotensor/core";
   * const ds = tf.data.Dataset.range(5);
   * console.log([...ds.batch(2)].map((b) => b.tolist())); // [ [ 0n, 1n ], [ 2n, 3n ], [ 4n ] ]
   * console.log(ds.batch(2, { dropRemainder: true }).cardinality()); // 2
   * ```
   */
  batch(batchSize: number, options?: BatchOptions): Dataset<T> {
    const op = "Dataset.batch";
    checkOptions(options, BATCH_KEYS, `${op} options`);
    const size = countOf(batchSize, "batchSize", op, 1);
    const drop = flagOf(options?.dropRemainder, "dropRemainder", op) ?? false;
    return make(batchPlan(this.#plan, size, drop));
  }

  /**
   * Splits each element along axis 0 into elements (views, no copy): the inverse of `batch`.
   * Every tensor of an element must have the same size along axis 0.
   *
   * @returns The dataset of the rows.
   *
   * @example
   * ```ts
   * import * as tf from "@denotensor/core";
   * const ds = tf.data.Dataset.fromTensorSlices([[[1, 2], [3, 4]]]).unbatch();
   * console.log([...ds].map((t) => t.tolist())); // [ [ 1, 2 ], [ 3, 4 ] ]
   * ```
   */
  unbatch(): Dataset<T> {
    return make(unbatchPlan(this.#plan));
  }

  /**
   * Shuffles with TensorFlow's buffer algorithm: a buffer holds the next `bufferSize`
   * elements, and each output is a uniformly chosen one of them, replaced by the next upstream
   * element. A buffer at least as large as the dataset shuffles it fully; a buffer of 1 keeps the
   * order. Each iteration gives a new order unless `reshuffleEachIteration` is false.
   *
   * @param bufferSize The number of elements to choose from, at least 1.
   * @param options `seed`, `reshuffleEachIteration`.
   * @returns The shuffled dataset.
   *
   * @example
   * ```ts
   * import * as tf from "@denotensor/core";
   * const ds = tf.data.Dataset.range(5).shuffle(5, { seed: 42 });
   * const order = () => [...ds].map((t) => Number(t.item()));
   * console.log(order().toSorted()); // [ 0, 1, 2, 3, 4 ]: a permutation, another on each pass
   * ```
   */
  shuffle(bufferSize: number, options?: ShuffleOptions): Dataset<T> {
    const op = "Dataset.shuffle";
    checkOptions(options, SHUFFLE_KEYS, `${op} options`);
    const size = countOf(bufferSize, "bufferSize", op, 1);
    const seed = options?.seed;
    if (seed !== undefined && (typeof seed !== "number" || !Number.isSafeInteger(seed))) {
      throw new InvalidArgumentError(`${op}: seed must be an integer, got ${show(seed)}`);
    }
    const reshuffle = flagOf(options?.reshuffleEachIteration, "reshuffleEachIteration", op);
    return make(shufflePlan(this.#plan, size, seed, reshuffle ?? true));
  }

  /**
   * The dataset `count` times over (forever when `count` is omitted or -1); each pass is a new
   * iteration of this dataset (so an upstream shuffle reshuffles). Repeating an empty dataset
   * gives an empty one.
   *
   * @param count The number of passes, or -1 (the default) for no end.
   * @returns The repeated dataset.
   *
   * @example
   * ```ts
   * import * as tf from "@denotensor/core";
   * const ds = tf.data.Dataset.range(2).repeat(2);
   * console.log([...ds].map((t) => t.tolist())); // [ 0n, 1n, 0n, 1n ]
   * ```
   */
  repeat(count?: number): Dataset<T> {
    const n = count === undefined
      ? -1
      : countOf(count, "count", "Dataset.repeat", 0, "-1 (forever)");
    return make(repeatPlan(this.#plan, n));
  }

  /**
   * The first `count` elements (all of them when there are fewer, or for -1, as TensorFlow).
   * Stops pulling from upstream once it has them.
   *
   * @param count How many elements to keep, or -1 for all.
   * @returns The shorter dataset.
   *
   * @example
   * ```ts
   * import * as tf from "@denotensor/core";
   * const ds = tf.data.Dataset.range(100).repeat().take(3);
   * console.log([...ds].map((t) => t.tolist()), ds.cardinality()); // [ 0n, 1n, 2n ] 3
   * ```
   */
  take(count: number): Dataset<T> {
    return make(takePlan(this.#plan, countOf(count, "count", "Dataset.take", 0, "-1 (all)")));
  }

  /**
   * All but the first `count` elements (none for -1, as TensorFlow); the skipped ones are
   * disposed.
   *
   * @param count How many elements to drop, or -1 for all.
   * @returns The shorter dataset.
   *
   * @example
   * ```ts
   * import * as tf from "@denotensor/core";
   * const ds = tf.data.Dataset.range(5).skip(3);
   * console.log([...ds].map((t) => t.tolist())); // [ 3n, 4n ]
   * ```
   */
  skip(count: number): Dataset<T> {
    return make(skipPlan(this.#plan, countOf(count, "count", "Dataset.skip", 0, "-1 (all)")));
  }

  /**
   * Prepares up to `bufferSize` elements ahead: in `for await`, the upstream pipeline (an async
   * source, an async map) works on the next elements while the consumer works on the current
   * one. `tf.data.AUTOTUNE` picks a small default (2); 0 prefetches nothing. A synchronous
   * iteration has nothing to overlap and passes the elements through.
   *
   * @param bufferSize The number of elements in flight, `tf.data.AUTOTUNE`, or 0.
   * @returns The prefetching dataset (the same elements).
   *
   * @example
   * ```ts
   * import * as tf from "@denotensor/core";
   * const slow = tf.data.Dataset.range(3).map(async (x) => {
   *   await new Promise((r) => setTimeout(r, 1)); // e.g. reading a file
   *   return x.mul(2);
   * });
   * for await (const x of slow.prefetch(tf.data.AUTOTUNE)) console.log(x.tolist()); // 0n, 2n, 4n
   * ```
   */
  prefetch(bufferSize: number): Dataset<T> {
    const op = "Dataset.prefetch";
    const size = countOf(bufferSize, "bufferSize", op, 0, "tf.data.AUTOTUNE (-1)");
    return make(prefetchPlan(this.#plan, size === AUTOTUNE ? AUTOTUNE_BUFFER : size));
  }

  /**
   * All elements in an array (they belong to the caller). Works for every dataset; a
   * synchronous one can also be spread: `[...ds]`. An infinite dataset never finishes.
   *
   * @returns The elements, in order.
   *
   * @example
   * ```ts
   * import * as tf from "@denotensor/core";
   * const all = await tf.data.Dataset.range(3).toArray();
   * console.log(all.map((t) => t.tolist())); // [ 0n, 1n, 2n ]
   * ```
   */
  async toArray(): Promise<T[]> {
    const out: T[] = [];
    try {
      for await (const el of this) out.push(el);
    } catch (e) {
      disposeAll(out as Element[]);
      throw e;
    }
    return out;
  }

  /**
   * A synchronous iteration, for a dataset whose source and transformations are all
   * synchronous (`isSync`); an asynchronous one throws an InvalidArgumentError saying to use
   * `for await`.
   *
   * @returns A fresh iterator over the elements.
   *
   * @example
   * ```ts
   * import * as tf from "@denotensor/core";
   * for (const x of tf.data.Dataset.range(2)) console.log(x.toString()); // tf.Tensor(0, shape=(), dtype=int64) ...
   * ```
   */
  [Symbol.iterator](): IterableIterator<T> {
    if (!this.#plan.sync) {
      throw new InvalidArgumentError(
        `Dataset: this dataset is asynchronous (${this.#plan.why}): iterate it with ` +
          "`for await (const x of ds)` or `await ds.toArray()`",
      );
    }
    return this.#plan.openSync() as IterableIterator<unknown> as IterableIterator<T>;
  }

  /**
   * An asynchronous iteration (`for await`): works for every dataset.
   *
   * @returns A fresh async iterator over the elements.
   *
   * @example
   * ```ts
   * import * as tf from "@denotensor/core";
   * for await (const x of tf.data.Dataset.range(2)) console.log(x.toString()); // tf.Tensor(0, shape=(), dtype=int64) ...
   * ```
   */
  [Symbol.asyncIterator](): AsyncIterableIterator<T> {
    return this.#plan.openAsync() as AsyncIterableIterator<unknown> as AsyncIterableIterator<T>;
  }
}
