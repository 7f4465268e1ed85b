/**
 * Internal: the plans of the dataset sources: slices of tensors, a generator function, a range
 * of integers.
 *
 * @module
 */
import { type DType, isFloat } from "../dtype.ts";
import { InvalidArgumentError } from "../errors.ts";
import { keep } from "../memory.ts";
import { constant } from "../ops/creation.ts";
import { unstackPart } from "../ops/movement.ts";
import { formatShape } from "../format.ts";
import {
  asyncPlan,
  isAsyncFunction,
  isThenable,
  type Plan,
  syncPlan,
  UNKNOWN,
} from "./pipeline.ts";
import {
  adopt,
  disposeElement,
  type Element,
  idMark,
  leaves,
  paths,
  rebuild,
  show,
  toElement,
} from "./structure.ts";

/**
 * The plan of `Dataset.fromTensorSlices(value)`: element i holds row i of every tensor of the
 * structure. The dataset keeps its own handles on the tensors (views of the caller's tensors,
 * conversions of the other values), kept out of every tidy scope, for as long as it lives.
 */
export function slicesPlan(value: unknown): Plan {
  const op = "Dataset.fromTensorSlices";
  const mark = idMark();
  const structure = adopt(toElement(value, op), mark, new Set(), op);
  const own = leaves(structure).map((t) => keep(t));
  const where = paths(structure).map((p) => p === "" ? "the value" : `component ${p}`);
  const fail = (message: string): never => {
    own.forEach((t) => t.dispose());
    throw new InvalidArgumentError(`${op}: ${message}`);
  };
  if (own.length === 0) fail("the structure holds no tensor");
  for (const [i, t] of own.entries()) {
    if (t.rank === 0) fail(`${where[i]} is a scalar (shape ()): slicing needs an axis 0`);
  }
  const n = own[0].shape[0];
  if (own.some((t) => t.shape[0] !== n)) {
    const shapes = own.map((t, i) => `${formatShape(t.shape)} (${where[i]})`);
    fail(`all components must have the same size along axis 0, got shapes ${shapes.join(", ")}`);
  }
  return syncPlan(n, function* () {
    for (let i = 0; i < n; i++) yield rebuild(structure, own.map((t) => unstackPart(t, 0, i)));
  });
}

/**
 * The plan of `Dataset.fromGenerator(fn)`: each iteration calls `fn` for a fresh (async)
 * iterable. A tensor made during the step that yields it is handed on; any other tensor is
 * handed on as a view (see `adopt`), so the generator's captured tensors stay valid.
 */
export function generatorPlan(fn: unknown): Plan {
  const op = "Dataset.fromGenerator";
  if (typeof fn !== "function") {
    throw new InvalidArgumentError(`${op}: expected a generator function, got ${show(fn)}`);
  }
  const call = (): Iterator<unknown> | AsyncIterator<unknown> => {
    const it = fn();
    if (it !== null && typeof it === "object") {
      if (typeof it[Symbol.asyncIterator] === "function") return it[Symbol.asyncIterator]();
      if (typeof it[Symbol.iterator] === "function") return it[Symbol.iterator]();
    }
    throw new InvalidArgumentError(
      `${op}: the function must return an iterable or an async iterable (a generator), got ` +
        show(it),
    );
  };
  const convert = (value: unknown, mark: number, i: number): Element =>
    adopt(toElement(value, `${op}: element ${i}`), mark, new Set(), op);
  if (isAsyncFunction(fn)) {
    return asyncPlan(UNKNOWN, `${op} got an async function`, async function* () {
      const it = call();
      try {
        for (let i = 0;; i++) {
          const mark = idMark();
          const r = await it.next();
          if (r.done) return;
          yield convert(r.value, mark, i);
        }
      } finally {
        await it.return?.();
      }
    });
  }
  return syncPlan(UNKNOWN, function* () {
    const it = call();
    try {
      for (let i = 0;; i++) {
        const mark = idMark();
        const r = it.next();
        if (isThenable(r)) {
          r.then((x) => x.done || disposeElement(convert(x.value, mark, i)), () => {});
          throw new InvalidArgumentError(
            `${op}: the function returned an async iterable, but it is not an async function: ` +
              "declare it `async function*` so that the dataset is asynchronous",
          );
        }
        if (r.done) return;
        yield convert(r.value, mark, i);
      }
    } finally {
      it.return?.();
    }
  });
}

/**
 * The plan of `Dataset.range(start, stop, step)`: scalars of `dtype` from start (included) to
 * stop (excluded).
 */
export function rangePlan(start: number, stop: number, step: number, dtype: DType): Plan {
  const op = "Dataset.range";
  for (const [name, v] of [["start", start], ["stop", stop], ["step", step]] as const) {
    if (typeof v !== "number" || !Number.isFinite(v)) {
      throw new InvalidArgumentError(`${op}: ${name} must be a finite number, got ${show(v)}`);
    }
    if (!isFloat(dtype) && !Number.isSafeInteger(v)) {
      throw new InvalidArgumentError(
        `${op}: ${name} must be an integer for dtype ${dtype}, got ${show(v)}`,
      );
    }
  }
  if (step === 0) throw new InvalidArgumentError(`${op}: step must not be 0, got number 0`);
  if (dtype === "bool") throw new InvalidArgumentError(`${op}: dtype bool is not supported`);
  const n = Math.max(0, Math.ceil((stop - start) / step));
  return syncPlan(n, function* () {
    for (let i = 0; i < n; i++) {
      const v = start + i * step;
      yield constant(dtype === "int64" ? BigInt(v) : v, dtype);
    }
  });
}
