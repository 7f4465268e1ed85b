/**
 * Internal: NumPy's basic indexing, shared by `t.at(...)` (tensors) and `a.at(...)`/`a.set(...)`
 * (NDArrays): the parser of index arguments (integers, `null` = new axis, strings of NumPy index
 * expressions such as `"1:3"` or `"..., ::-1"`, 0-d integer arrays) and the view it selects
 * (shape, strides and offset over the same data).
 *
 * @module
 */
import { InvalidArgumentError } from "./errors.ts";

/** One parsed index item. */
export type IndexItem =
  | { kind: "int"; value: number }
  | { kind: "slice"; start: number | null; stop: number | null; step: number | null }
  | { kind: "newaxis" }
  | { kind: "ellipsis" };

/** The view that basic indexing selects. */
export interface BasicView {
  shape: number[];
  strides: number[];
  offset: number;
}

const INT = /^[+-]?\d+$/;

function parseInteger(text: string, whole: string, op: string): number | null {
  const s = text.trim();
  if (s === "") return null;
  if (!INT.test(s)) {
    throw new InvalidArgumentError(
      `${op}: bad index expression ${JSON.stringify(whole)}: ${JSON.stringify(s)} is not an ` +
        `integer`,
    );
  }
  return Number(s);
}

/** Parses one string argument of `at` into index items. */
function parse(text: string, op: string): IndexItem[] {
  const items: IndexItem[] = [];
  for (const raw of text.split(",")) {
    const part = raw.trim();
    if (part === "") {
      throw new InvalidArgumentError(
        `${op}: bad index expression ${JSON.stringify(text)}: empty index between commas`,
      );
    }
    if (part === "...") items.push({ kind: "ellipsis" });
    else if (part === "None" || part === "newaxis" || part === "null") {
      items.push({ kind: "newaxis" });
    } else if (part.includes(":")) {
      const bits = part.split(":");
      if (bits.length > 3) {
        throw new InvalidArgumentError(
          `${op}: bad index expression ${JSON.stringify(text)}: ${JSON.stringify(part)} has ` +
            `more than two colons`,
        );
      }
      const step = bits.length === 3 ? parseInteger(bits[2], text, op) : null;
      if (step === 0) {
        throw new InvalidArgumentError(
          `${op}: slice step cannot be zero in ${JSON.stringify(text)}`,
        );
      }
      items.push({
        kind: "slice",
        start: parseInteger(bits[0], text, op),
        stop: parseInteger(bits[1], text, op),
        step,
      });
    } else {
      items.push({ kind: "int", value: parseInteger(part, text, op) as number });
    }
  }
  return items;
}

/** Python's `slice.indices(n)`: start, step and the slice length. */
export function sliceIndices(
  n: number,
  start: number | null,
  stop: number | null,
  step: number | null,
): [number, number, number] {
  const s = step ?? 1;
  let a: number, b: number;
  if (s > 0) {
    a = start === null ? 0 : start < 0 ? Math.max(start + n, 0) : Math.min(start, n);
    b = stop === null ? n : stop < 0 ? Math.max(stop + n, 0) : Math.min(stop, n);
    return [a, s, b > a ? Math.ceil((b - a) / s) : 0];
  }
  a = start === null ? n - 1 : start < 0 ? Math.max(start + n, -1) : Math.min(start, n - 1);
  b = stop === null ? -1 : stop < 0 ? Math.max(stop + n, -1) : Math.min(stop, n - 1);
  return [a, s, a > b ? Math.ceil((a - b) / -s) : 0];
}

/**
 * Parses the index arguments of `at`: numbers (integers), `null`, strings, and anything else
 * through `toInt` (bigints and 0-d integer arrays; it throws for what it does not take).
 */
export function parseIndices(
  indices: readonly unknown[],
  op: string,
  toInt: (v: unknown) => number,
): IndexItem[] {
  const items: IndexItem[] = [];
  for (const idx of indices) {
    if (idx === null) items.push({ kind: "newaxis" });
    else if (typeof idx === "number") {
      if (!Number.isInteger(idx)) {
        throw new InvalidArgumentError(`${op}: index ${idx} is not an integer`);
      }
      items.push({ kind: "int", value: idx });
    } else if (typeof idx === "string") items.push(...parse(idx, op));
    else items.push({ kind: "int", value: toInt(idx) });
  }
  return items;
}

/**
 * The view of an array (`shape`, `strides`, `offset`) that basic indexing with `items` selects:
 * integers drop their axis (negative counts from the end; out of range is an error), slices keep
 * it, `...` stands for the axes not named, new axes have length 1 and stride 0. `noun` names the
 * indexed thing in errors ("a tensor", "an array").
 */
export function basicIndex(
  shape: readonly number[],
  strides: readonly number[],
  offset: number,
  items: readonly IndexItem[],
  op: string,
  noun: string,
): BasicView {
  const rank = shape.length;
  const ellipses = items.filter((i) => i.kind === "ellipsis").length;
  if (ellipses > 1) {
    throw new InvalidArgumentError(`${op}: an index can only have a single ellipsis ('...')`);
  }
  const used = items.filter((i) => i.kind === "int" || i.kind === "slice").length;
  if (used > rank) {
    throw new InvalidArgumentError(
      `${op}: too many indices for ${noun} of shape (${shape.join(", ")}${
        rank === 1 ? "," : ""
      }): ${used} were given`,
    );
  }
  const outShape: number[] = [];
  const outStrides: number[] = [];
  let d = 0;
  for (const item of items) {
    if (item.kind === "ellipsis") {
      for (let k = 0; k < rank - used; k++, d++) {
        outShape.push(shape[d]);
        outStrides.push(strides[d]);
      }
    } else if (item.kind === "newaxis") {
      outShape.push(1);
      outStrides.push(0);
    } else if (item.kind === "int") {
      const n = shape[d];
      if (item.value < -n || item.value >= n) {
        throw new InvalidArgumentError(
          `${op}: index ${item.value} is out of bounds for axis ${d} with size ${n}`,
        );
      }
      offset += (item.value < 0 ? item.value + n : item.value) * strides[d];
      d++;
    } else {
      const [start, step, len] = sliceIndices(shape[d], item.start, item.stop, item.step);
      if (len > 0) offset += start * strides[d];
      outShape.push(len);
      outStrides.push(strides[d] * step);
      d++;
    }
  }
  for (; d < rank; d++) {
    outShape.push(shape[d]);
    outStrides.push(strides[d]);
  }
  return { shape: outShape, strides: outStrides, offset };
}
