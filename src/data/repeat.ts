/**
 * Internal: the `repeat` plan: the upstream iterated again and again, each pass a fresh iteration
 * of it (so a shuffle upstream reshuffles).
 *
 * @module
 */
import { asyncPlan, type Plan, syncPlan, UNKNOWN } from "./pipeline.ts";
import type { Element } from "./structure.ts";

/** The plan of `up.repeat(count)`; a count of -1 repeats forever. A pass that is empty ends it. */
export function repeatPlan(up: Plan, count: number): Plan {
  const n = up.cardinality;
  // TensorFlow's rule: forever gives Infinity unless the upstream is empty.
  const cardinality = count < 0
    ? (n === 0 ? 0 : Infinity)
    : count === 0
    ? 0
    : (n === UNKNOWN || n === Infinity ? n : n * count);
  const more = (pass: number): boolean => count < 0 || pass < count;
  if (!up.sync) {
    return asyncPlan(cardinality, up.why, async function* (): AsyncGenerator<Element> {
      for (let pass = 0; more(pass); pass++) {
        let empty = true;
        for await (const el of { [Symbol.asyncIterator]: () => up.openAsync() }) {
          empty = false;
          yield el;
        }
        if (empty) return;
      }
    });
  }
  return syncPlan(cardinality, function* (): Generator<Element> {
    for (let pass = 0; more(pass); pass++) {
      let empty = true;
      for (const el of { [Symbol.iterator]: () => up.openSync() }) {
        empty = false;
        yield el;
      }
      if (empty) return;
    }
  });
}
