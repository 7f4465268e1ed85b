/**
 * Internal: the structure of a dataset element (a tensor, or a tuple or record of elements), its
 * conversion from what users pass or return, and who owns its tensors.
 *
 * Ownership: every tensor of an element that the pipeline hands on belongs to whoever receives
 * it. A tensor made during the call that returned it (a generator step, a map function) is
 * handed over as it is; any other (a tensor captured from outside, a Variable's value, a tensor
 * the call returned twice) is handed over as a fresh view of the same storage, so that disposing
 * it never disposes the original.
 *
 * @module
 */
import { input, output, view } from "../engine.ts";
import { backendFor } from "../device.ts";
import { InvalidArgumentError } from "../errors.ts";
import { NDArray } from "../ndarray.ts";
import { isTensor, isTensorOrVariable } from "../symbols.ts";
import type { Tensor, TensorLike } from "../tensor.ts";
import type { NestedArray } from "../convert.ts";

/**
 * One element of a dataset: a tensor, or an array (a tuple, as TensorFlow's Python tuples) or a
 * record (TensorFlow's dicts) of elements.
 */
export type Element = Tensor | Element[] | { [key: string]: Element };

/**
 * The element made from a value `S`: every tensor-like leaf (a tensor, Variable, number, bigint,
 * boolean, nested array of numbers, typed array or NDArray) becomes a Tensor; arrays that hold
 * anything else are tuples and plain objects are records, converted leaf by leaf.
 */
export type ElementOf<S> = S extends Exclude<TensorLike, NestedArray> ? Tensor
  : S extends NestedArray ? Tensor
  : S extends readonly unknown[] ? { -readonly [K in keyof S]: ElementOf<S[K]> }
  : S extends object ? { -readonly [K in keyof S]: ElementOf<S[K]> }
  : Tensor;

/** The arguments a `map` or `filter` function gets: a tuple's components, else the element. */
export type ArgsOf<T> = T extends unknown[] ? T : [T];

/** True for a plain object (a record), not a class instance or an array. */
function isRecord(v: unknown): v is Record<string, unknown> {
  if (v === null || typeof v !== "object" || Array.isArray(v)) return false;
  const proto = Object.getPrototypeOf(v);
  return proto === Object.prototype || proto === null;
}

/** True for numbers, booleans, bigints and arrays nested of them only (one tensor's data). */
function isNumericNested(v: unknown): boolean {
  const t = typeof v;
  if (t === "number" || t === "boolean" || t === "bigint") return true;
  return Array.isArray(v) && v.every(isNumericNested);
}

/** True for a value that becomes one tensor (a leaf of the structure). */
export function isLeaf(v: unknown): v is TensorLike {
  return isTensorOrVariable(v) || v instanceof NDArray || ArrayBuffer.isView(v) ||
    isNumericNested(v);
}

/** A value for an error message: `number 3`, `string "a"`, `a function`. */
export function show(v: unknown): string {
  if (v === null) return "null";
  if (v === undefined) return "undefined";
  if (typeof v === "string") return `string ${JSON.stringify(v)}`;
  if (typeof v === "function") return "a function";
  if (typeof v === "bigint") return `bigint ${v}n`;
  if (Array.isArray(v)) return "an array";
  if (typeof v === "object") return `an object (${v.constructor?.name ?? "null prototype"})`;
  return `${typeof v} ${String(v)}`;
}

/**
 * The element made from `value`: leaves converted to tensors (a tensor or a Variable gives its
 * tensor itself, not a copy; ownership is the caller's business), tuples and records walked.
 * `what` names the value in errors ("Dataset.map: fn's result").
 */
export function toElement(value: unknown, what: string): Element {
  if (isLeaf(value)) {
    // A Variable's value changes on assignment: the element gets a view of the current one.
    if (isTensorOrVariable(value) && !isTensor(value)) return viewOf(value, what);
    try {
      return input(value, what);
    } catch (e) {
      if (isTensorOrVariable(value)) throw e;
      const hint = Array.isArray(value)
        ? " (an array of only numbers is one tensor; make a tuple's components tensors)"
        : "";
      throw new InvalidArgumentError(
        `${what}: cannot convert the value to a tensor${hint}: ${(e as Error).message}`,
        { cause: e },
      );
    }
  }
  if (Array.isArray(value)) return value.map((v, i) => toElement(v, `${what}[${i}]`));
  if (isRecord(value)) {
    const out: Record<string, Element> = {};
    for (const [k, v] of Object.entries(value)) out[k] = toElement(v, `${what}.${k}`);
    return out;
  }
  throw new InvalidArgumentError(
    `${what} must be a tensor, a tensor-like value, or an array or record of them, got ` +
      show(value),
  );
}

/** The tensors of an element, depth first (arrays in order, records in key order). */
export function leaves(el: Element, into: Tensor[] = []): Tensor[] {
  if (isTensorOrVariable(el)) into.push(el);
  else if (Array.isArray(el)) { for (const v of el) leaves(v, into); }
  else for (const v of Object.values(el)) leaves(v, into);
  return into;
}

/** The element of `template`'s structure whose leaves are `values`, in `leaves` order. */
export function rebuild(template: Element, values: readonly Tensor[]): Element {
  let at = 0;
  const walk = (el: Element): Element => {
    if (isTensorOrVariable(el)) return values[at++];
    if (Array.isArray(el)) return el.map(walk);
    const out: Record<string, Element> = {};
    for (const [k, v] of Object.entries(el)) out[k] = walk(v);
    return out;
  };
  return walk(template);
}

/** The paths of an element's leaves, for messages: `[0]`, `.image`, `` (the element itself). */
export function paths(el: Element, prefix = "", into: string[] = []): string[] {
  if (isTensorOrVariable(el)) into.push(prefix);
  else if (Array.isArray(el)) el.forEach((v, i) => paths(v, `${prefix}[${i}]`, into));
  else for (const [k, v] of Object.entries(el)) paths(v, `${prefix}.${k}`, into);
  return into;
}

/** The structure of an element without its values, for messages: `[tensor, {x: tensor}]`. */
export function describeStructure(el: Element): string {
  if (isTensorOrVariable(el)) return "tensor";
  if (Array.isArray(el)) return `[${el.map(describeStructure).join(", ")}]`;
  return `{${Object.entries(el).map(([k, v]) => `${k}: ${describeStructure(v)}`).join(", ")}}`;
}

/** True when two elements have the same structure (records: the same keys, in any order). */
export function sameStructure(a: Element, b: Element): boolean {
  if (isTensorOrVariable(a) || isTensorOrVariable(b)) {
    return isTensorOrVariable(a) && isTensorOrVariable(b);
  }
  if (Array.isArray(a) || Array.isArray(b)) {
    return Array.isArray(a) && Array.isArray(b) && a.length === b.length &&
      a.every((v, i) => sameStructure(v, b[i]));
  }
  const ka = Object.keys(a), kb = Object.keys(b);
  return ka.length === kb.length &&
    ka.every((k) => Object.hasOwn(b, k) && sameStructure(a[k], b[k]));
}

/** `el` with its records' keys in `template`'s order (same structure assumed). */
export function inOrderOf(el: Element, template: Element): Element {
  if (isTensorOrVariable(template) || isTensorOrVariable(el)) return el;
  if (Array.isArray(template)) return (el as Element[]).map((v, i) => inOrderOf(v, template[i]));
  const rec = el as Record<string, Element>;
  const out: Record<string, Element> = {};
  for (const [k, v] of Object.entries(template)) out[k] = inOrderOf(rec[k], v);
  return out;
}

/** Disposes every tensor of an element (idempotent). */
export function disposeElement(el: Element): void {
  for (const t of leaves(el)) t.dispose();
}

/** Disposes every tensor of each element. */
export function disposeAll(els: Iterable<Element>): void {
  for (const el of els) disposeElement(el);
}

/** A new handle on `t`'s storage (a view: no copy), so that disposing one leaves the other. */
export function viewOf(t: TensorLike, op: string): Tensor {
  const s = input(t, op);
  return view(s, s.shape, s.strides, s.offset);
}

/**
 * A mark in time: every tensor made after this call has an id at least this large (ids only
 * grow). It costs an empty host tensor, made and disposed.
 */
export function idMark(): number {
  const probe = output(backendFor("cpu"), "float32", [0], 0);
  probe.dispose();
  return probe.id;
}

/**
 * The element a call returned, made safe to hand on: a tensor in `moved` (the input element, or
 * made after `mark`) is handed over itself, once; any other tensor (captured from outside, a
 * Variable's value, returned twice) as a fresh view.
 */
export function adopt(el: Element, mark: number, moved: ReadonlySet<Tensor>, op: string): Element {
  const seen = new Set<Tensor>();
  const all = leaves(el).map((t) => {
    const own = (moved.has(t) || t.id >= mark) && !seen.has(t);
    seen.add(t);
    return own ? t : viewOf(t, op);
  });
  return rebuild(el, all);
}

/** Throws unless every element of `els` has `first`'s structure; returns them in its order. */
export function checkStructures(els: readonly Element[], op: string): Element[] {
  const first = els[0];
  return els.map((el, i) => {
    if (!sameStructure(el, first)) {
      throw new InvalidArgumentError(
        `${op}: element ${i} has structure ${describeStructure(el)}, but element 0 has ` +
          describeStructure(first),
      );
    }
    return inOrderOf(el, first);
  });
}
