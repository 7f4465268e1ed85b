/**
 * The contract between the engine and a device. Ops are grouped into families; a backend
 * implements each family once, generically, and receives the op as an integer code (the index in
 * the family's id list of `ops/op_ids.ts`). The engine validates everything and allocates the
 * output before it calls a backend, so a backend never sees bad input.
 *
 * @module
 */
import type { DType, TypedArray } from "../dtype.ts";
import type { SoftPlacer } from "./soft_placement.ts";

/** Memory for the elements of one or more tensors (views share it). */
export interface Storage {
  /** The device that holds it: "cpu" or "cuda:0". */
  readonly device: string;
  /** The dtype of its elements. */
  readonly dtype: DType;
  /** Number of elements. */
  readonly size: number;
  /** Number of live tensors that use it; it is freed when this drops to zero. */
  refs: number;
}

/** A strided window onto a storage: strides in elements, negative or zero allowed. */
export interface View {
  /** The storage the view reads. */
  readonly storage: Storage;
  /** The dtype of the elements. */
  readonly dtype: DType;
  /** The extent of each axis. */
  readonly shape: readonly number[];
  /** The step in elements along each axis. */
  readonly strides: readonly number[];
  /** The index of the first element in the storage. */
  readonly offset: number;
  /** The number of elements. */
  readonly size: number;
}

/** Options of a batched matrix product. */
export interface MatmulOptions {
  /** Use the transpose of the last two axes of `a`. */
  transposeA: boolean;
  /** Use the transpose of the last two axes of `b`. */
  transposeB: boolean;
}

/** The key and counter start of a Philox4x32-10 stream. */
export interface PhiloxStream {
  /** The 64-bit key as two 32-bit words. */
  key: readonly [number, number];
  /** The third counter word, distinct for every call with the same key. */
  call: number;
}

/**
 * The spatial arithmetic of a convolution over NHWC images: tap (ky, kx) of output position
 * (oy, ox) reads input pixel (oy * sh - top + ky * dh, ox * sw - left + kx * dw), zero outside
 * the `h` x `w` image.
 */
export interface ConvGeometry {
  /** Input height. */
  readonly h: number;
  /** Input width. */
  readonly w: number;
  /** Filter height. */
  readonly kh: number;
  /** Filter width. */
  readonly kw: number;
  /** Stride along the height. */
  readonly sh: number;
  /** Stride along the width. */
  readonly sw: number;
  /** Dilation along the height. */
  readonly dh: number;
  /** Dilation along the width. */
  readonly dw: number;
  /** Padding rows above the image. */
  readonly top: number;
  /** Padding columns left of the image. */
  readonly left: number;
  /** Output height. */
  readonly oh: number;
  /** Output width. */
  readonly ow: number;
}

/** A device's kernels. Every output is a fresh contiguous view of the output dtype. */
export interface Backend {
  /** The device name: "cpu" or "cuda:0". */
  readonly device: string;
  /** Allocates uninitialised storage; throws ResourceExhaustedError when memory is short. */
  alloc(dtype: DType, size: number): Storage;
  /** Gives storage back (called when its last tensor is disposed). */
  free(storage: Storage): void;
  /** Copies host data into new storage of the same length. */
  upload(data: TypedArray, dtype: DType): Storage;
  /** Copies the elements of a view into a new contiguous host array, in row-major order. */
  download(x: View): TypedArray;
  /** As `download`, without blocking the thread while a device finishes its work. */
  downloadAsync(x: View): Promise<TypedArray>;
  /** Writes one value into every element of `out`. */
  fill(out: View, value: number | bigint): void;
  /** Writes `start + i * delta` into element i of `out` (computed in float64). */
  range(out: View, start: number, delta: number): void;
  /** `out = op(x)`; x has the compute dtype of the op, out the result dtype. */
  unary(op: number, x: View, out: View): void;
  /** `out = op(a, b)` with broadcasting already in the shapes/strides; one side may be a scalar. */
  binary(op: number, a: View | number | bigint, b: View | number | bigint, out: View): void;
  /** `out = cond ? a : b`, elementwise, inputs broadcast to out by their strides. */
  where(cond: View, a: View, b: View, out: View): void;
  /** Converts `x` to out's dtype with the numeric rules (truncate, saturate, NaN to 0, != 0). */
  cast(x: View, out: View): void;
  /** Copies a strided view into a strided view of the same shape and dtype. */
  copy(x: View, out: View): void;
  /** Reduces the last `reduced` axes of `x` (any strides) into `out`. */
  reduce(op: number, x: View, reduced: number, out: View): void;
  /** Index of the max or min along the last axis of `x`, as int32 or int64. */
  argReduce(op: number, x: View, out: View): void;
  /** Cumulative sum along the last axis of `x`. */
  cumsum(x: View, exclusive: boolean, reverse: boolean, out: View): void;
  /** Batched product of rank-3 views `[batch, m, k] x [batch, k, n]`; batch strides may be 0. */
  matmul(a: View, b: View, out: View): void;
  /**
   * `out[i, j, k] = x[i, idx[j], k]` for the rank-3 views. A host backend gets indices already
   * checked; a device checks them in its kernel and names `check` when one is out of range.
   */
  gather(x: View, indices: View, out: View, check?: IndexCheck): void;
  /** `out[i, idx[j], k] += upd[i, j, k]`, out already filled with zeros or a base. */
  scatterAdd(updates: View, indices: View, out: View, check?: IndexCheck): void;
  /**
   * im2col: the patches of the contiguous NHWC image `x` [n, h, w, c] into `out`
   * [n * oh * ow, kh * kw * c], row (b, oy, ox) holding the taps in (ky, kx, channel) order, 0 in
   * the padding.
   */
  im2col(x: View, geometry: ConvGeometry, out: View): void;
  /**
   * col2im, the adjoint of im2col: each element of `out` [n, h, w, c] is the sum of the entries
   * of the contiguous `cols` [n * oh * ow, kh * kw * c] that im2col reads from it, added in the
   * order of the patch rows; floats add in float64 and round once, integers wrap.
   */
  col2im(cols: View, geometry: ConvGeometry, out: View): void;
  /** Fills out with a distribution from the Philox stream (`a`, `b`: low/high or mean/stddev). */
  random(op: number, stream: PhiloxStream, a: number, b: number, out: View): void;
  /** Waits until all queued work is done. */
  synchronize(): void;
  /** A device backend's fallback onto the CPU (soft placement): policy and counters. */
  readonly soft?: SoftPlacer;
}

/**
 * What a device names when an index kernel finds an index out of range: the op the user called
 * (gather, gatherNd, an Embedding's lookup…), the shape of its indices and of the axes they
 * index. An op that checks its own index vectors (gatherNd, scatterNd, the sparse
 * cross-entropy's labels) passes row `-(r + 1)` for an entry `r` out of range, and `row`, the
 * message for that entry.
 */
export interface IndexCheck {
  op: string;
  indices: readonly number[];
  axes: readonly number[];
  row?: (r: number) => string;
}
