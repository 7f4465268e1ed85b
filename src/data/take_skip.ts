/**
 * Internal: the `take` and `skip` stages. A count of -1 means "all" (TensorFlow's convention).
 *
 * @module
 */
import { type Plan, staged, UNKNOWN } from "./pipeline.ts";
import { disposeElement, type Element } from "./structure.ts";

/** The plan of `up.take(count)`: the first `count` elements (all of them for -1). */
export function takePlan(up: Plan, count: number): Plan {
  const n = up.cardinality;
  const cardinality = count < 0 || n === UNKNOWN ? n : Math.min(n, count);
  const make = () => {
    let taken = 0;
    return {
      push: (el: Element) => {
        taken++;
        return [el];
      },
      end: () => [],
      done: () => count >= 0 && taken >= count,
      close: () => {},
    };
  };
  return staged(up, make, { op: "Dataset.take", sync: true, cardinality });
}

/** The plan of `up.skip(count)`: all but the first `count` elements (none for -1). */
export function skipPlan(up: Plan, count: number): Plan {
  const n = up.cardinality;
  const cardinality = n === UNKNOWN || n === Infinity ? n : count < 0 ? 0 : Math.max(0, n - count);
  const make = () => {
    let skipped = 0;
    return {
      push: (el: Element) => {
        if (count >= 0 && skipped >= count) return [el];
        skipped++;
        disposeElement(el);
        return [];
      },
      end: () => [],
      done: () => false,
      close: () => {},
    };
  };
  return staged(up, make, { op: "Dataset.skip", sync: true, cardinality });
}
