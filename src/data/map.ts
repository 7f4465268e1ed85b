/**
 * Internal: the `map` and `filter` stages. A tuple element is spread into the function's
 * arguments (as TensorFlow does with Python tuples); any other element is its one argument.
 *
 * A synchronous function runs inside `tf.tidy`, so the tensors it makes and drops are freed. An
 * `async` one cannot (a tidy scope cannot span an `await`): what it makes and drops is its own to
 * dispose. Either way, the tensors of the input element that the result does not hold are
 * disposed after the call, and a tensor of the result that was not made by the call (one captured
 * from outside) is handed on as a view.
 *
 * @module
 */
import { InvalidArgumentError } from "../errors.ts";
import { formatShape } from "../format.ts";
import { tidy } from "../memory.ts";
import { isTensorOrVariable } from "../symbols.ts";
import type { Tensor } from "../tensor.ts";
import { isAsyncFunction, isThenable, type Plan, staged, UNKNOWN } from "./pipeline.ts";
import {
  adopt,
  disposeElement,
  type Element,
  idMark,
  leaves,
  rebuild,
  show,
  toElement,
  viewOf,
} from "./structure.ts";

/** A function of an element's components. */
// deno-lint-ignore no-explicit-any
type Fn = (...args: any[]) => unknown;

/** Throws unless `fn` is a function; returns it. */
export function checkFunction(fn: unknown, what: string, op: string): Fn {
  if (typeof fn !== "function") {
    throw new InvalidArgumentError(`${op}: ${what} must be a function, got ${show(fn)}`);
  }
  return fn as Fn;
}

/** The arguments for an element: a tuple's components, else the element. */
function argsOf(el: Element): Element[] {
  return Array.isArray(el) ? el : [el];
}

/** The error of a non-async function that returned a Promise (which tidy cannot wait for). */
function promiseError(result: PromiseLike<unknown>, what: string, op: string): Error {
  Promise.resolve(result).catch(() => {});
  return new InvalidArgumentError(
    `${op}: ${what} returned a Promise but is not an async function: declare it \`async\` ` +
      "(the dataset is then asynchronous: iterate it with `for await`)",
  );
}

/** Disposes the tensors of `input` that `output` does not hold. */
function disposeDropped(input: Element, output: Element | null): void {
  const kept = new Set(output === null ? [] : leaves(output));
  for (const t of leaves(input)) if (!kept.has(t)) t.dispose();
}

/** The plan of `up.map(fn)`. */
export function mapPlan(up: Plan, fn: Fn): Plan {
  const op = "Dataset.map";
  const what = "fn's result";
  const async = isAsyncFunction(fn);
  const syncCall = (el: Element): Element => {
    const inputs = new Set(leaves(el));
    const seen = new Set<Tensor>();
    return tidy(() => {
      const result = fn(...argsOf(el));
      if (isThenable(result)) throw promiseError(result, "fn", op);
      const out = toElement(result, `${op}: ${what}`);
      // Made here: handed on as views (tidy frees the originals); the input's own: as they are.
      const all = leaves(out).map((t) => {
        const own = inputs.has(t) && !seen.has(t);
        seen.add(t);
        return own ? t : viewOf(t, op);
      });
      return rebuild(out, all);
    });
  };
  const push = (el: Element): Element[] | Promise<Element[]> => {
    if (!async) {
      let out: Element;
      try {
        out = syncCall(el);
      } catch (e) {
        disposeElement(el);
        throw e;
      }
      disposeDropped(el, out);
      return [out];
    }
    const mark = idMark();
    return (async () => {
      let out: Element;
      try {
        const result = await fn(...argsOf(el));
        out = adopt(toElement(result, `${op}: ${what}`), mark, new Set(leaves(el)), op);
      } catch (e) {
        disposeElement(el);
        throw e;
      }
      disposeDropped(el, out);
      return [out];
    })();
  };
  return staged(up, () => ({ push, end: () => [], done: () => false, close: () => {} }), {
    op,
    sync: !async,
    why: "Dataset.map got an async function",
    cardinality: up.cardinality,
  });
}

/** The truth of a predicate's result: a boolean, or a bool tensor of one element. */
function truth(result: unknown, op: string): boolean {
  if (typeof result === "boolean") return result;
  if (isTensorOrVariable(result)) {
    const t = result as Tensor;
    if (t.dtype === "bool" && t.size === 1) return t.item() as boolean;
    throw new InvalidArgumentError(
      `${op}: predicate must return a boolean or a bool scalar tensor, got a tensor of shape ` +
        `${formatShape(t.shape)} and dtype ${t.dtype}`,
    );
  }
  throw new InvalidArgumentError(
    `${op}: predicate must return a boolean or a bool scalar tensor, got ${show(result)}`,
  );
}

/** The plan of `up.filter(predicate)`. */
export function filterPlan(up: Plan, predicate: Fn): Plan {
  const op = "Dataset.filter";
  const async = isAsyncFunction(predicate);
  const decide = (el: Element, keep: boolean): Element[] => {
    if (keep) return [el];
    disposeElement(el);
    return [];
  };
  const push = (el: Element): Element[] | Promise<Element[]> => {
    if (!async) {
      let keep: boolean;
      try {
        keep = tidy(() => {
          const result = predicate(...argsOf(el));
          if (isThenable(result)) throw promiseError(result, "predicate", op);
          return truth(result, op);
        });
      } catch (e) {
        disposeElement(el);
        throw e;
      }
      return decide(el, keep);
    }
    const mark = idMark();
    return (async () => {
      let keep: boolean;
      try {
        const result = await predicate(...argsOf(el));
        keep = truth(result, op);
        // A tensor the predicate made is the pipeline's to free; the element's own are not.
        if (isTensorOrVariable(result)) {
          const t = result as Tensor;
          if (t.id >= mark && !leaves(el).includes(t)) t.dispose();
        }
      } catch (e) {
        disposeElement(el);
        throw e;
      }
      return decide(el, keep);
    })();
  };
  return staged(up, () => ({ push, end: () => [], done: () => false, close: () => {} }), {
    op,
    sync: !async,
    why: "Dataset.filter got an async function",
    cardinality: up.cardinality === 0 ? 0 : UNKNOWN,
  });
}
