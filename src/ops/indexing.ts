/**
 * Indexing: NumPy's basic indexing for `t.at(...)` (integers, slices with steps, `...`, new
 * axes; always a view), `gather`, `gatherNd`, `scatterNd` and `booleanMask`.
 *
 * @module
 */
import type { IndexCheck, View } from "../backends/backend.ts";
import { currentBackend } from "../device.ts";
import { backendOf, contiguous, input, output, record, recording, view } from "../engine.ts";
import { InvalidArgumentError } from "../errors.ts";
import { basicIndex, parseIndices } from "../index_expr.ts";
import { formatShape } from "../format.ts";
import { checkShape, contiguousStrides, normalizeAxis, sameShape, sizeOf } from "../shape.ts";
import { type IntLike, intOf } from "../convert.ts";
import type { Tensor, TensorLike } from "../tensor.ts";
import { greaterEqual, less, logicalOr, mul } from "./binary.ts";
import { constant, range, zeros } from "./creation.ts";
import { reshape } from "./movement.ts";
import { reduceAny, reduceSum } from "./reduce.ts";
import { cast, where } from "./select.ts";

/** One index of `t.at(...)`: an integer, `null` (new axis) or a NumPy index expression. */
/**
 * One index of `at`: an integer (a number, bigint or 0-d integer tensor/NDArray), `null` (a new
 * axis), or a string of NumPy index expressions (`"1:3"`, `"..., ::-1"`).
 */
export type Index = number | null | string | IntLike;

/**
 * NumPy basic indexing of `x` (what `t.at(...)` does): integers drop their axis (negative counts
 * from the end), slices `start:stop:step` keep it, `...` stands for the axes not named, and
 * `null` (or `None` in a string) inserts an axis of length 1. Always a view.
 *
 * @example
 * ```ts
 * import * as tf from "@denotensor/core";
 * const t = tf.reshape(tf.range(12), [3, 4]);
 * console.log(t.at(1).toString()); // tf.Tensor([4. 5. 6. 7.], shape=(4,), dtype=float32)
 * console.log(t.at("::2, ::-1").toString()); // rows 0 and 2, columns reversed
 * console.log(t.at(0, "1:3").toString()); // tf.Tensor([1. 2.], shape=(2,), dtype=float32)
 * ```
 */
export function index(x: TensorLike, ...indices: Index[]): Tensor {
  const t = input(x, "at");
  const items = parseIndices(indices, "at", (idx) => {
    if (typeof idx === "bigint" || (typeof idx === "object" && idx !== null && "shape" in idx)) {
      return intOf(idx as IntLike, "index", "at");
    }
    throw new InvalidArgumentError(
      `at: an index must be a number, null, a string or a 0-d integer tensor, got ${typeof idx}`,
    );
  });
  const { shape, strides, offset } = basicIndex(
    t.shape,
    t.strides,
    t.offset,
    items,
    "at",
    "a tensor",
  );
  const out = view(t, shape, strides, offset);
  if (recording()) record("at", [t], out, { indices });
  return out;
}

/**
 * Picks slices along `axis` by index: the result's shape is `x.shape[:axis] + indices.shape +
 * x.shape[axis+1:]`. Indices must be integers in [0, x.shape[axis]).
 *
 * @example
 * ```ts
 * import * as tf from "@denotensor/core";
 * console.log(tf.gather([10, 20, 30], tf.constant([2, 0], "int32")).toString()); // tf.Tensor([30. 10.], shape=(2,), dtype=float32)
 * ```
 */
export function gather(x: TensorLike, indices: TensorLike, axis = 0): Tensor {
  return gatherFor(input(x, "gather"), intIndices(indices, "gather"), axis);
}

/**
 * Internal: gather, naming `check` when a device finds an index out of range (gatherNd and the
 * sparse cross-entropy pass their own, naming their index vectors or labels).
 */
export function gatherFor(t: Tensor, idx: Tensor, axis: number, check?: IndexCheck): Tensor {
  if (t.rank === 0) throw new InvalidArgumentError("gather: cannot gather from a scalar");
  const ax = normalizeAxis(axis, t.rank, "gather");
  const n = t.shape[ax];
  const backend = currentBackend();
  const ic = contiguous(idx, backend);
  // On the CPU the indices are at hand: check them here. A GPU kernel checks them itself and
  // reports at the next synchronisation, so that indices never force one.
  if (backend.device === "cpu") checkIndices(backend.download(ic), n, ax, t.shape);
  const xc = contiguous(t, backend);
  const outer = t.shape.slice(0, ax).reduce((a, b) => a * b, 1);
  const inner = t.shape.slice(ax + 1).reduce((a, b) => a * b, 1);
  const shape = [...t.shape.slice(0, ax), ...idx.shape, ...t.shape.slice(ax + 1)];
  const out = output(backend, t.dtype, shape, outer * idx.size * inner);
  if (out.size > 0) {
    backend.gather(
      { ...viewOf(xc), shape: [outer, n, inner], strides: [n * inner, inner, 1] },
      viewOf(ic),
      { ...viewOf(out), shape: [outer, idx.size, inner], strides: [idx.size * inner, inner, 1] },
      check,
    );
  }
  if (xc !== t) xc.dispose();
  if (ic !== idx) ic.dispose();
  if (recording()) record("gather", [t, idx], out, { axis: ax });
  return out;
}

/**
 * Internal: the gradient of `gather`: zeros of `shape` with each slice of `updates` added at its
 * index along `axis` (repeated indices add up). Recorded, with gradient `gather(g)`.
 */
export function scatterAdd(
  updates: Tensor,
  indices: Tensor,
  axis: number,
  shape: readonly number[],
  check?: IndexCheck,
): Tensor {
  const backend = currentBackend();
  const out = zeros(shape, updates.dtype);
  const outer = shape.slice(0, axis).reduce((a, b) => a * b, 1);
  const inner = shape.slice(axis + 1).reduce((a, b) => a * b, 1);
  const n = shape[axis];
  const m = indices.size;
  if (updates.size > 0) {
    const u = contiguous(updates, backend);
    const ic = contiguous(indices, backend);
    backend.scatterAdd(
      { ...viewOf(u), shape: [outer, m, inner], strides: [m * inner, inner, 1] },
      viewOf(ic),
      { ...viewOf(out), shape: [outer, n, inner], strides: [n * inner, inner, 1] },
      check,
    );
    if (u !== updates) u.dispose();
    if (ic !== indices) ic.dispose();
  }
  if (recording()) record("scatterAdd", [updates, indices], out, { axis });
  return out;
}

function checkIndices(
  values: ArrayLike<number | bigint>,
  n: number,
  ax: number,
  shape: readonly number[],
): void {
  for (let i = 0; i < values.length; i++) {
    const v = Number(values[i]);
    if (v < 0 || v >= n) {
      throw new InvalidArgumentError(
        `gather: index ${v} (at position ${i}) is out of range [0, ${n}) for axis ${ax} of ` +
          `shape ${formatShape(shape)}`,
      );
    }
  }
}

function isIntLike(x: TensorLike): boolean {
  return typeof x === "object" && x !== null && !Array.isArray(x);
}

function viewOf(t: Tensor): View {
  return {
    storage: t.storage,
    dtype: t.dtype,
    shape: t.shape,
    strides: t.strides,
    offset: t.offset,
    size: t.size,
  };
}

/** Integer indices of an op: a tensor keeps its int dtype, JS arrays become int32. */
function intIndices(indices: TensorLike, op: string): Tensor {
  const idx = input(indices, op, isIntLike(indices) ? undefined : "int32");
  if (idx.dtype !== "int32" && idx.dtype !== "int64" && idx.dtype !== "uint8") {
    throw new InvalidArgumentError(`${op}: indices must be integers, got dtype ${idx.dtype}`);
  }
  return idx;
}

/**
 * The flat row of each index vector (the last axis of `idx`) into the leading axes `dims`, shaped
 * `idx.shape[:-1]`. On the host (`check`) every vector is checked here; on a device the rows are
 * computed there, and an out-of-range vector r becomes row -(r + 1), which the gather or scatterAdd
 * kernel reports at the next synchronisation (no sync is forced), naming the vector.
 */
function flatRows(idx: Tensor, dims: readonly number[], op: string, check: boolean): Tensor {
  const k = dims.length;
  const lead = idx.shape.slice(0, -1);
  const rows = sizeOf(lead);
  const strides = contiguousStrides(dims);
  const wide = idx.dtype === "int64" || sizeOf(dims) > 2 ** 31 - 1;
  if (check) {
    const values = backendOf(idx).download(idx);
    const flat = new Float64Array(rows);
    for (let r = 0; r < rows; r++) {
      let f = 0;
      for (let j = 0; j < k; j++) {
        const v = Number(values[r * k + j]);
        if (v < 0 || v >= dims[j]) {
          const vec = Array.from({ length: k }, (_, i) => String(values[r * k + i]));
          throw new InvalidArgumentError(
            `${op}: index [${vec.join(", ")}] (row ${r} of indices ${formatShape(idx.shape)}) ` +
              `is out of range for the leading axes ${formatShape(dims)}`,
          );
        }
        f += v * strides[j];
      }
      flat[r] = f;
    }
    return wide
      ? constant(BigInt64Array.from(flat, (v) => BigInt(v)), "int64", lead)
      : constant(Int32Array.from(flat), "int32", lead);
  }
  const dt = wide ? "int64" : "int32";
  const ii = cast(idx, dt);
  const flat = reduceSum(mul(ii, constant(strides, dt)), -1);
  const bad = reduceAny(logicalOr(less(ii, 0), greaterEqual(ii, constant(dims.slice(), dt))), -1);
  const negRow = reshape(range(-1, -rows - 1, -1, dt), lead);
  return where(bad, negRow, flat);
}

/** The device bounds check of an op whose index vectors `flatRows` made into rows. */
function vectorCheck(op: string, indices: readonly number[], dims: readonly number[]): IndexCheck {
  return {
    op,
    indices,
    axes: dims,
    row: (r) =>
      `the index vector at row ${r} of indices ${formatShape(indices)} is out of range for the ` +
      `leading axes ${formatShape(dims)}`,
  };
}

/**
 * Gathers slices of `params` addressed by index vectors (TensorFlow's `gather_nd`): the last axis
 * of `indices` (length K) indexes the first K axes of `params`, so the result has shape
 * `indices.shape[:-1] + params.shape[K:]`. Every index must be in range.
 *
 * @example
 * ```ts
 * import * as tf from "@denotensor/core";
 * const x = tf.constant([[1, 2], [3, 4]]);
 * console.log(tf.gatherNd(x, tf.constant([[1, 0], [0, 1]], "int32")).toString()); // tf.Tensor([3. 2.], shape=(2,), dtype=float32)
 * console.log(tf.gatherNd(x, [[1]]).toString()); // tf.Tensor([[3. 4.]], shape=(1, 2), dtype=float32)
 * ```
 */
export function gatherNd(params: TensorLike, indices: TensorLike): Tensor {
  const t = input(params, "gatherNd");
  const idx = intIndices(indices, "gatherNd");
  const k = idx.rank === 0 ? -1 : idx.shape[idx.rank - 1];
  if (k < 0 || k > t.rank) {
    throw new InvalidArgumentError(
      `gatherNd: indices ${formatShape(idx.shape)} need rank 1 or more and a last axis of at ` +
        `most ${t.rank}, the rank of params ${formatShape(t.shape)}`,
    );
  }
  const dims = t.shape.slice(0, k);
  const flat = flatRows(idx, dims, "gatherNd", currentBackend().device === "cpu");
  const check = vectorCheck("gatherNd", idx.shape, dims);
  return gatherFor(reshape(t, [sizeOf(dims), ...t.shape.slice(k)]), flat, 0, check);
}

/**
 * A tensor of `shape` holding zeros, with each slice of `updates` added at the position that its
 * index vector names (TensorFlow's `scatter_nd`; repeated indices add up). The last axis of
 * `indices` (length K) indexes the first K axes of `shape`; `updates` has shape
 * `indices.shape[:-1] + shape[K:]`.
 *
 * @example
 * ```ts
 * import * as tf from "@denotensor/core";
 * const idx = tf.constant([[1], [3], [1]], "int32");
 * console.log(tf.scatterNd(idx, [5, 6, 7], [4]).toString()); // tf.Tensor([ 0. 12.  0.  6.], shape=(4,), dtype=float32)
 * ```
 */
export function scatterNd(
  indices: TensorLike,
  updates: TensorLike,
  shape: readonly number[],
): Tensor {
  const idx = intIndices(indices, "scatterNd");
  const u = input(updates, "scatterNd");
  checkShape(shape, "scatterNd");
  const k = idx.rank === 0 ? -1 : idx.shape[idx.rank - 1];
  if (k < 0 || k > shape.length) {
    throw new InvalidArgumentError(
      `scatterNd: indices ${formatShape(idx.shape)} need rank 1 or more and a last axis of at ` +
        `most ${shape.length}, the rank of shape ${formatShape(shape)}`,
    );
  }
  const rest = shape.slice(k);
  const want = [...idx.shape.slice(0, -1), ...rest];
  if (!sameShape(u.shape, want)) {
    throw new InvalidArgumentError(
      `scatterNd: updates have shape ${formatShape(u.shape)}, expected ${formatShape(want)} ` +
        `(indices.shape[:-1] + shape[${k}:])`,
    );
  }
  if (u.dtype === "bool") {
    throw new InvalidArgumentError("scatterNd: updates of dtype bool cannot be added up");
  }
  const dims = shape.slice(0, k);
  const backend = currentBackend();
  // float16 has no device scatter kernel (it runs on the host, unchecked): check those here too.
  const flat = flatRows(idx, dims, "scatterNd", backend.device === "cpu" || u.dtype === "float16");
  const rows = flat.size;
  const check = vectorCheck("scatterNd", idx.shape, dims);
  const sum = scatterAdd(reshape(u, [rows, ...rest]), flat, 0, [sizeOf(dims), ...rest], check);
  return reshape(sum, shape);
}

/**
 * The slices of `tensor` where `mask` is true (TensorFlow's `boolean_mask`): `mask` (bool, rank
 * K) matches axes `axis` to `axis + K` of `tensor`, which become one axis holding the selected
 * slices in row-major order. The mask is read on the host (the result's shape depends on it).
 *
 * @example
 * ```ts
 * import * as tf from "@denotensor/core";
 * console.log(tf.booleanMask([1, 2, 3, 4], [true, false, true, false]).toString()); // tf.Tensor([1. 3.], shape=(2,), dtype=float32)
 * console.log(tf.booleanMask([[1, 2], [3, 4]], [false, true], 1).toString()); // tf.Tensor(\n[[2.]\n [4.]], shape=(2, 1), dtype=float32)
 * ```
 */
export function booleanMask(tensor: TensorLike, mask: TensorLike, axis = 0): Tensor {
  const t = input(tensor, "booleanMask");
  const m = input(mask, "booleanMask");
  if (m.dtype !== "bool") {
    throw new InvalidArgumentError(`booleanMask: mask must be bool, got dtype ${m.dtype}`);
  }
  if (m.rank === 0) throw new InvalidArgumentError("booleanMask: mask cannot be a scalar");
  const ax = normalizeAxis(axis, Math.max(t.rank, 1), "booleanMask");
  const dims = t.shape.slice(ax, ax + m.rank);
  if (ax + m.rank > t.rank || !sameShape(dims, m.shape)) {
    throw new InvalidArgumentError(
      `booleanMask: mask ${formatShape(m.shape)} does not match axes ${ax} to ` +
        `${ax + m.rank - 1} of tensor ${formatShape(t.shape)}`,
    );
  }
  const bits = backendOf(m).download(m);
  const picked: number[] = [];
  for (let i = 0; i < bits.length; i++) if (bits[i]) picked.push(i);
  const merged = reshape(t, [
    ...t.shape.slice(0, ax),
    m.size,
    ...t.shape.slice(ax + m.rank),
  ]);
  return gather(merged, constant(Int32Array.from(picked), "int32"), ax);
}
