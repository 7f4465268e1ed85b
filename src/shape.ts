/**
 * Shape arithmetic: validation, strides, broadcasting, axes and the view-or-copy decision of
 * reshape. Strides are in elements and may be negative or zero.
 *
 * @module
 */
import { InvalidArgumentError } from "./errors.ts";
import { formatShape } from "./format.ts";

/**
 * The largest number of elements a tensor (or a view of one) may have: the largest integer a
 * double holds exactly, which is what sizes, offsets and strides are across the native interface.
 * Whether memory for that many elements can be had is the allocator's question (a
 * ResourceExhaustedError when it cannot).
 */
export const MAX_SIZE: number = Number.MAX_SAFE_INTEGER;

/**
 * Throws unless `size` elements (of `shape`, for the message) are within MAX_SIZE: the one check
 * that every tensor and NDArray goes through.
 */
export function checkSize(size: number, shape: readonly number[], op: string): void {
  if (!(size <= MAX_SIZE)) {
    throw new InvalidArgumentError(
      `${op}: shape ${formatShape(shape)} has ${size} elements, more than the limit of ` +
        `${MAX_SIZE} (2^53 - 1)`,
    );
  }
}

/** Checks every entry of a shape and returns its number of elements. */
export function checkShape(shape: readonly number[], op: string): number {
  if (!Array.isArray(shape)) {
    throw new InvalidArgumentError(
      `${op}: shape must be an array of integers, got ${String(shape)}`,
    );
  }
  let size = 1;
  for (let i = 0; i < shape.length; i++) {
    const d = shape[i];
    if (typeof d !== "number" || !Number.isInteger(d) || d < 0) {
      throw new InvalidArgumentError(
        `${op}: shape entries must be non-negative integers, got ${String(d)} at index ${i} of [${
          shape.map(String).join(", ")
        }]`,
      );
    }
    size *= d;
  }
  checkSize(size, shape, op);
  return size;
}

/** Product of the entries. */
export function sizeOf(shape: readonly number[]): number {
  let n = 1;
  for (let i = 0; i < shape.length; i++) n *= shape[i];
  return n;
}

/** Row-major (C order) strides of a shape, in elements. */
export function contiguousStrides(shape: readonly number[]): number[] {
  const strides = new Array<number>(shape.length);
  let s = 1;
  for (let i = shape.length - 1; i >= 0; i--) {
    strides[i] = s;
    s *= shape[i];
  }
  return strides;
}

/** True when a view with these strides walks its elements in row-major order without gaps. */
export function isContiguous(shape: readonly number[], strides: readonly number[]): boolean {
  let s = 1;
  for (let i = shape.length - 1; i >= 0; i--) {
    const d = shape[i];
    if (d !== 1 && strides[i] !== s) return d === 0;
    s *= d;
  }
  return true;
}

/** True when two shapes are equal entry by entry. */
export function sameShape(a: readonly number[], b: readonly number[]): boolean {
  if (a === b) return true;
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/** NumPy broadcasting of two shapes; throws naming the op and both shapes. */
export function broadcastShapes(a: readonly number[], b: readonly number[], op: string): number[] {
  const n = Math.max(a.length, b.length);
  const out = new Array<number>(n);
  for (let i = 0; i < n; i++) {
    const da = i < n - a.length ? 1 : a[i - (n - a.length)];
    const db = i < n - b.length ? 1 : b[i - (n - b.length)];
    if (da !== db && da !== 1 && db !== 1) {
      throw new InvalidArgumentError(
        `${op}: shapes ${formatShape(a)} and ${formatShape(b)} cannot be broadcast together`,
      );
    }
    out[i] = da === 1 ? db : da;
  }
  return out;
}

/** Strides that read a view of `shape`/`strides` as if broadcast to `target` (0 where repeated). */
export function broadcastStrides(
  shape: readonly number[],
  strides: readonly number[],
  target: readonly number[],
): number[] {
  const out = new Array<number>(target.length).fill(0);
  const lead = target.length - shape.length;
  for (let i = 0; i < shape.length; i++) {
    out[lead + i] = shape[i] === 1 && target[lead + i] !== 1 ? 0 : strides[i];
  }
  return out;
}

/** A negative axis counts from the end; throws when outside [-rank, rank). */
export function normalizeAxis(axis: number, rank: number, op: string): number {
  if (!Number.isInteger(axis) || axis < -rank || axis >= rank) {
    throw new InvalidArgumentError(
      `${op}: axis ${String(axis)} is out of range for a tensor of rank ${rank}`,
    );
  }
  return axis < 0 ? axis + rank : axis;
}

/** Normalises an axis, a list of axes or undefined (all axes) into sorted, distinct axes. */
export function normalizeAxes(
  axis: number | readonly number[] | undefined | null,
  rank: number,
  op: string,
): number[] {
  if (axis === undefined || axis === null) {
    const all: number[] = []; // not Array.from({ length }, fn): that costs ~0.2 µs per op
    for (let i = 0; i < rank; i++) all.push(i);
    return all;
  }
  const list = typeof axis === "number" ? [axis] : axis;
  if (!Array.isArray(list)) {
    throw new InvalidArgumentError(`${op}: axis must be a number or an array, got ${String(axis)}`);
  }
  const out = list.map((a) => normalizeAxis(a, rank, op)).sort((x, y) => x - y);
  for (let i = 1; i < out.length; i++) {
    if (out[i] === out[i - 1]) {
      throw new InvalidArgumentError(`${op}: axis ${out[i]} is repeated in [${list.join(", ")}]`);
    }
  }
  return out;
}

/** Resolves one -1 in a reshape target and checks that the sizes agree. */
export function inferShape(shape: readonly number[], size: number, op: string): number[] {
  let infer = -1;
  let known = 1;
  for (let i = 0; i < shape.length; i++) {
    const d = shape[i];
    if (d === -1) {
      if (infer >= 0) {
        throw new InvalidArgumentError(
          `${op}: only one dimension can be -1, got ${formatShape(shape)}`,
        );
      }
      infer = i;
    } else if (typeof d !== "number" || !Number.isInteger(d) || d < 0) {
      throw new InvalidArgumentError(
        `${op}: shape entries must be non-negative integers or -1, got ${String(d)} in ${
          formatShape(shape)
        }`,
      );
    } else known *= d;
  }
  const out = shape.slice();
  if (infer >= 0) {
    if (known === 0 || size % known !== 0) {
      throw new InvalidArgumentError(
        `${op}: cannot reshape a tensor of ${size} elements into shape ${formatShape(shape)}`,
      );
    }
    out[infer] = size / known;
  } else if (known !== size) {
    throw new InvalidArgumentError(
      `${op}: cannot reshape a tensor of ${size} elements into shape ${formatShape(shape)}`,
    );
  }
  return out;
}

/**
 * The strides that let a strided view be read as `newShape` without a copy, or null when a copy
 * is needed (PyTorch's `computeStride`).
 */
export function reshapeStrides(
  shape: readonly number[],
  strides: readonly number[],
  newShape: readonly number[],
): number[] | null {
  if (shape.length === 0 || sizeOf(shape) === 0) return contiguousStrides(newShape);
  const out = new Array<number>(newShape.length);
  let viewD = newShape.length - 1;
  let chunkStride = strides[strides.length - 1];
  let tensorNumel = 1;
  let viewNumel = 1;
  for (let d = shape.length - 1; d >= 0; d--) {
    tensorNumel *= shape[d];
    if (d === 0 || (shape[d - 1] !== 1 && strides[d - 1] !== tensorNumel * chunkStride)) {
      while (viewD >= 0 && (viewNumel < tensorNumel || newShape[viewD] === 1)) {
        out[viewD] = viewNumel * chunkStride;
        viewNumel *= newShape[viewD];
        viewD--;
      }
      if (viewNumel !== tensorNumel) return null;
      if (d > 0) {
        chunkStride = strides[d - 1];
        tensorNumel = 1;
        viewNumel = 1;
      }
    }
  }
  return viewD === -1 ? out : null;
}

/**
 * Merges adjacent axes that every operand walks as one (and drops axes of extent 1), so that the
 * innermost loop is as long as possible. Returns at least one axis.
 */
export function collapse(
  shape: readonly number[],
  strides: (readonly number[] | null)[],
): { shape: number[]; strides: number[][] } {
  const outShape: number[] = [];
  const outStrides: number[][] = strides.map(() => []);
  for (let d = 0; d < shape.length; d++) {
    const n = shape[d];
    if (n === 1) continue;
    const last = outShape.length - 1;
    if (
      last >= 0 &&
      strides.every((s, k) => s === null || outStrides[k][last] === s[d] * n)
    ) {
      outShape[last] *= n;
      strides.forEach((s, k) => {
        if (s !== null) outStrides[k][last] = s[d];
      });
      continue;
    }
    outShape.push(n);
    strides.forEach((s, k) => outStrides[k].push(s === null ? 0 : s[d]));
  }
  if (outShape.length === 0) {
    outShape.push(1);
    outStrides.forEach((s) => s.push(1));
  }
  return { shape: outShape, strides: outStrides };
}
