/**
 * Internal: the plan behind a Dataset and the drivers that run its stages.
 *
 * A plan opens fresh iterators, so a dataset can be iterated again and again. A synchronous plan
 * (its source and every stage synchronous) opens both a sync and an async iterator; an
 * asynchronous one only an async iterator. Most transformations are a `Stage`: per iteration, an
 * object that takes upstream elements one at a time and says which to emit. The drivers below run
 * a stage over its upstream, once for `for...of` and once for `for await`, so each transformation
 * is written once.
 *
 * @module
 */
import { InvalidArgumentError } from "../errors.ts";
import { disposeElement, type Element } from "./structure.ts";

/** How a dataset makes its elements. */
export interface Plan {
  /** True when the source and every stage are synchronous: `openSync` works. */
  readonly sync: boolean;
  /** Why the plan is asynchronous (for the error of a synchronous iteration). */
  readonly why: string;
  /** The number of elements: a count, `Infinity`, or -2 (unknown). */
  readonly cardinality: number;
  /** A fresh synchronous iterator (only for a sync plan). */
  openSync(): IterableIterator<Element>;
  /** A fresh asynchronous iterator. */
  openAsync(): AsyncIterableIterator<Element>;
}

/** One iteration's state of a transformation. */
export interface Stage {
  /** Takes one upstream element (now the stage's); returns the elements to emit now. */
  push(x: Element): Element[] | Promise<Element[]>;
  /** The upstream ended: the elements left to emit. */
  end(): Element[];
  /** True when the stage wants no more input (take): the driver stops pulling and ends. */
  done(): boolean;
  /** Disposes what the stage holds (after the end, an early exit or an error). */
  close(): void;
}

/** The `UNKNOWN_CARDINALITY` of TensorFlow: the count is not known without iterating. */
export const UNKNOWN = -2;

/** True for a Promise or another thenable. */
export function isThenable(v: unknown): v is PromiseLike<unknown> {
  return (typeof v === "object" || typeof v === "function") && v !== null &&
    typeof (v as { then?: unknown }).then === "function";
}

/** What kind of function `fn` is, from its constructor. */
function kindOf(fn: unknown): string {
  return (fn as { constructor?: { name?: string } }).constructor?.name ?? "Function";
}

/** True for an `async function` or `async function*` (or a bound one). */
export function isAsyncFunction(fn: unknown): boolean {
  const kind = kindOf(fn);
  return kind === "AsyncFunction" || kind === "AsyncGeneratorFunction";
}

/** The async view of a sync iterator: one element per `next()`, `return()` passed on. */
async function* asAsync(it: Iterator<Element>): AsyncGenerator<Element> {
  try {
    for (let r = it.next(); !r.done; r = it.next()) yield r.value;
  } finally {
    it.return?.();
  }
}

/** A synchronous plan over `open`. */
export function syncPlan(cardinality: number, open: () => IterableIterator<Element>): Plan {
  return {
    sync: true,
    why: "",
    cardinality,
    openSync: open,
    openAsync: () => asAsync(open()),
  };
}

/** An asynchronous plan over `open`; `why` says what makes it so. */
export function asyncPlan(
  cardinality: number,
  why: string,
  open: () => AsyncIterableIterator<Element>,
): Plan {
  return {
    sync: false,
    why,
    cardinality,
    openSync: () => {
      throw new InvalidArgumentError(`Dataset: ${why}: it cannot be iterated synchronously`);
    },
    openAsync: open,
  };
}

/** The sync driver: pulls from `it` into the stage and yields what it emits. */
function* runSync(it: Iterator<Element>, stage: Stage, op: string): Generator<Element> {
  let out: Element[] = [];
  let at = 0;
  try {
    while (!stage.done()) {
      const r = it.next();
      if (r.done) break;
      const emitted = stage.push(r.value);
      if (isThenable(emitted)) {
        emitted.then((els) => els.forEach(disposeElement), () => {});
        throw new InvalidArgumentError(`${op}: an asynchronous step in a synchronous iteration`);
      }
      [out, at] = [emitted, 0];
      while (at < out.length) yield out[at++];
    }
    [out, at] = [stage.end(), 0];
    while (at < out.length) yield out[at++];
  } finally {
    for (let k = at; k < out.length; k++) disposeElement(out[k]);
    try {
      stage.close();
    } finally {
      it.return?.();
    }
  }
}

/** The async driver: as `runSync`, awaiting the upstream and the stage. */
async function* runAsync(it: AsyncIterator<Element>, stage: Stage): AsyncGenerator<Element> {
  let out: Element[] = [];
  let at = 0;
  try {
    while (!stage.done()) {
      const r = await it.next();
      if (r.done) break;
      [out, at] = [await stage.push(r.value), 0];
      while (at < out.length) yield out[at++];
    }
    [out, at] = [stage.end(), 0];
    while (at < out.length) yield out[at++];
  } finally {
    for (let k = at; k < out.length; k++) disposeElement(out[k]);
    try {
      stage.close();
    } finally {
      await it.return?.();
    }
  }
}

/** What a staged plan needs besides its upstream and stage. */
export interface StageInfo {
  /** The method, for messages ("Dataset.map"). */
  op: string;
  /** False when the stage itself is asynchronous (an async map function). */
  sync: boolean;
  /** Why the stage is asynchronous, when it is. */
  why?: string;
  /** The cardinality of the result. */
  cardinality: number;
}

/** The plan of `make`'s stage over `up`: a new stage per iteration. */
export function staged(up: Plan, make: () => Stage, info: StageInfo): Plan {
  const open = () => runAsync(up.openAsync(), make());
  if (!up.sync) return asyncPlan(info.cardinality, up.why, open);
  if (!info.sync) {
    return asyncPlan(info.cardinality, info.why ?? `${info.op} is asynchronous`, open);
  }
  return syncPlan(info.cardinality, () => runSync(up.openSync(), make(), info.op));
}
