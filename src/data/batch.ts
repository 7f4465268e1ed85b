/**
 * Internal: the `batch` and `unbatch` stages.
 *
 * @module
 */
import { InvalidArgumentError } from "../errors.ts";
import { formatShape } from "../format.ts";
import { tidy } from "../memory.ts";
import { stack, unstackPart } from "../ops/movement.ts";
import type { Tensor } from "../tensor.ts";
import { type Plan, type Stage, staged, UNKNOWN } from "./pipeline.ts";
import {
  checkStructures,
  disposeAll,
  disposeElement,
  type Element,
  leaves,
  paths,
  rebuild,
} from "./structure.ts";

/** A component's name for messages. */
function componentName(path: string): string {
  return path === "" ? "the element" : `component ${path}`;
}

/**
 * One element of `els`' structure whose tensors are the elements' tensors stacked along a new
 * axis 0. The elements are disposed (their tensors were copied into the batch).
 */
export function stackElements(els: readonly Element[], op: string): Element {
  const ordered = checkStructures(els, op);
  const columns = ordered.map((el) => leaves(el));
  const where = paths(ordered[0]);
  const out: Tensor[] = [];
  try {
    for (let c = 0; c < where.length; c++) {
      const parts = columns.map((l) => l[c]);
      const first = parts[0];
      for (const [i, t] of parts.entries()) {
        const shapeDiffers = t.rank !== first.rank || t.shape.some((d, k) => d !== first.shape[k]);
        if (shapeDiffers || t.dtype !== first.dtype) {
          const [what, a, b] = shapeDiffers
            ? ["shapes", formatShape(first.shape), formatShape(t.shape)]
            : ["dtypes", first.dtype, t.dtype];
          throw new InvalidArgumentError(
            `${op}: cannot batch elements of different ${what} in ${componentName(where[c])}: ` +
              `element 0 has ${a} and element ${i} has ${b}`,
          );
        }
      }
      out.push(tidy(() => stack(parts)));
    }
  } catch (e) {
    out.forEach((t) => t.dispose());
    throw e;
  }
  disposeAll(els);
  return rebuild(ordered[0], out);
}

/** The plan of `up.batch(batchSize, { dropRemainder })`. */
export function batchPlan(up: Plan, batchSize: number, dropRemainder: boolean): Plan {
  const op = "Dataset.batch";
  const n = up.cardinality;
  const cardinality = n === UNKNOWN || n === Infinity
    ? n
    : (dropRemainder ? Math.floor(n / batchSize) : Math.ceil(n / batchSize));
  const make = (): Stage => {
    let buffer: Element[] = [];
    const flush = (): Element[] => {
      const batch = stackElements(buffer, op);
      buffer = [];
      return [batch];
    };
    return {
      push: (el) => {
        buffer.push(el);
        return buffer.length === batchSize ? flush() : [];
      },
      end: () => buffer.length > 0 && !dropRemainder ? flush() : [],
      done: () => false,
      close: () => {
        disposeAll(buffer);
        buffer = [];
      },
    };
  };
  return staged(up, make, { op, sync: true, cardinality });
}

/** The plan of `up.unbatch()`: each element split along axis 0 into views. */
export function unbatchPlan(up: Plan): Plan {
  const op = "Dataset.unbatch";
  const push = (el: Element): Element[] => {
    const all = leaves(el);
    const where = paths(el);
    const fail = (message: string): never => {
      disposeElement(el);
      throw new InvalidArgumentError(`${op}: ${message}`);
    };
    if (all.length === 0) fail("the element holds no tensor");
    all.forEach((t, i) => {
      if (t.rank === 0) {
        fail(`${componentName(where[i])} is a scalar (shape ()): it has no batch axis`);
      }
    });
    const n = all[0].shape[0];
    if (all.some((t) => t.shape[0] !== n)) {
      const shapes = all.map((t, i) => `${formatShape(t.shape)} (${componentName(where[i])})`);
      fail(`all components must have the same batch size, got shapes ${shapes.join(", ")}`);
    }
    const out = Array.from(
      { length: n },
      (_, i) => rebuild(el, all.map((t) => unstackPart(t, 0, i))),
    );
    disposeElement(el);
    return out;
  };
  return staged(up, () => ({ push, end: () => [], done: () => false, close: () => {} }), {
    op,
    sync: true,
    cardinality: up.cardinality === 0 ? 0 : UNKNOWN,
  });
}
