/**
 * The op methods that Tensor and Variable share: every functional op whose first argument is a
 * tensor, as a one-line method that passes `this` (a Variable is read through its value).
 * Importing this module loads the ops in their dependency order (they sit below it).
 *
 * @module
 */
import type { DType, Scalar } from "./dtype.ts";
import * as binary from "./ops/binary.ts";
import * as creation from "./ops/creation.ts";
import { tensordot, type TensordotAxes } from "./ops/einsum.ts";
import { gather, gatherNd, type Index, index } from "./ops/indexing.ts";
import type { IntLike } from "./convert.ts";
import { norm, type NormOrder } from "./ops/linalg.ts";
import { relu } from "./ops/nn.ts";
import { matmul, type MatmulOptions } from "./ops/matmul.ts";
import * as movement from "./ops/movement.ts";
import { pad, type PadMode, type PadWidths } from "./ops/pad.ts";
import * as reduce from "./ops/reduce.ts";
import * as select from "./ops/select.ts";
import { argsort, sort, type SortDirection } from "./ops/sorting.ts";
import * as unary from "./ops/unary.ts";
import { KIND, READ } from "./symbols.ts";
import type { Tensor, TensorLike } from "./tensor.ts";

/** The op methods of tensors and variables. */
export abstract class TensorMethods {
  /** Internal: the tensor an op reads (checks that it is alive; a Variable gives its value). */
  abstract [READ](op: string): Tensor;
  /** Internal: what this is, for checks below the classes (see `symbols.ts`). */
  abstract get [KIND](): "tensor" | "variable";

  /** NumPy basic indexing (see `index`): `t.at(0)`, `t.at("1:3")`, `t.at("..., ::-1")`. */
  at(...indices: Index[]): Tensor {
    return index(this, ...indices);
  }

  // Binary ops.
  /** `tf.add(this, b)`. */
  add(b: TensorLike): Tensor {
    return binary.add(this, b);
  }
  /** `tf.sub(this, b)`. */
  sub(b: TensorLike): Tensor {
    return binary.sub(this, b);
  }
  /** `tf.subtract(this, b)`. */
  subtract(b: TensorLike): Tensor {
    return binary.sub(this, b);
  }
  /** `tf.mul(this, b)`. */
  mul(b: TensorLike): Tensor {
    return binary.mul(this, b);
  }
  /** `tf.multiply(this, b)`. */
  multiply(b: TensorLike): Tensor {
    return binary.mul(this, b);
  }
  /** `tf.div(this, b)`. */
  div(b: TensorLike): Tensor {
    return binary.div(this, b);
  }
  /** `tf.divide(this, b)`. */
  divide(b: TensorLike): Tensor {
    return binary.div(this, b);
  }
  /** `tf.floorDiv(this, b)`. */
  floorDiv(b: TensorLike): Tensor {
    return binary.floorDiv(this, b);
  }
  /** `tf.mod(this, b)`. */
  mod(b: TensorLike): Tensor {
    return binary.mod(this, b);
  }
  /** `tf.pow(this, b)`. */
  pow(b: TensorLike): Tensor {
    return binary.pow(this, b);
  }
  /** `tf.maximum(this, b)`. */
  maximum(b: TensorLike): Tensor {
    return binary.maximum(this, b);
  }
  /** `tf.minimum(this, b)`. */
  minimum(b: TensorLike): Tensor {
    return binary.minimum(this, b);
  }
  /** `tf.squaredDifference(this, b)`. */
  squaredDifference(b: TensorLike): Tensor {
    return binary.squaredDifference(this, b);
  }
  /** `tf.atan2(this, b)`. */
  atan2(b: TensorLike): Tensor {
    return binary.atan2(this, b);
  }
  /** `tf.equal(this, b)`. */
  equal(b: TensorLike): Tensor {
    return binary.equal(this, b);
  }
  /** `tf.notEqual(this, b)`. */
  notEqual(b: TensorLike): Tensor {
    return binary.notEqual(this, b);
  }
  /** `tf.less(this, b)`. */
  less(b: TensorLike): Tensor {
    return binary.less(this, b);
  }
  /** `tf.lessEqual(this, b)`. */
  lessEqual(b: TensorLike): Tensor {
    return binary.lessEqual(this, b);
  }
  /** `tf.greater(this, b)`. */
  greater(b: TensorLike): Tensor {
    return binary.greater(this, b);
  }
  /** `tf.greaterEqual(this, b)`. */
  greaterEqual(b: TensorLike): Tensor {
    return binary.greaterEqual(this, b);
  }
  /** `tf.logicalAnd(this, b)`. */
  logicalAnd(b: TensorLike): Tensor {
    return binary.logicalAnd(this, b);
  }
  /** `tf.logicalOr(this, b)`. */
  logicalOr(b: TensorLike): Tensor {
    return binary.logicalOr(this, b);
  }
  /** `tf.logicalXor(this, b)`. */
  logicalXor(b: TensorLike): Tensor {
    return binary.logicalXor(this, b);
  }

  // Unary ops.
  /** `tf.neg(this)`. */
  neg(): Tensor {
    return unary.neg(this);
  }
  /** `tf.abs(this)`. */
  abs(): Tensor {
    return unary.abs(this);
  }
  /** `tf.sign(this)`. */
  sign(): Tensor {
    return unary.sign(this);
  }
  /** `tf.exp(this)`. */
  exp(): Tensor {
    return unary.exp(this);
  }
  /** `tf.cbrt(this)`. */
  cbrt(): Tensor {
    return unary.cbrt(this);
  }
  /** `tf.expm1(this)`. */
  expm1(): Tensor {
    return unary.expm1(this);
  }
  /** `tf.log(this)`. */
  log(): Tensor {
    return unary.log(this);
  }
  /** `tf.log1p(this)`. */
  log1p(): Tensor {
    return unary.log1p(this);
  }
  /** `tf.sqrt(this)`. */
  sqrt(): Tensor {
    return unary.sqrt(this);
  }
  /** `tf.rsqrt(this)`. */
  rsqrt(): Tensor {
    return unary.rsqrt(this);
  }
  /** `tf.square(this)`. */
  square(): Tensor {
    return unary.square(this);
  }
  /** `tf.reciprocal(this)`. */
  reciprocal(): Tensor {
    return unary.reciprocal(this);
  }
  /** `tf.sin(this)`. */
  sin(): Tensor {
    return unary.sin(this);
  }
  /** `tf.cos(this)`. */
  cos(): Tensor {
    return unary.cos(this);
  }
  /** `tf.tan(this)`. */
  tan(): Tensor {
    return unary.tan(this);
  }
  /** `tf.asin(this)`. */
  asin(): Tensor {
    return unary.asin(this);
  }
  /** `tf.acos(this)`. */
  acos(): Tensor {
    return unary.acos(this);
  }
  /** `tf.atan(this)`. */
  atan(): Tensor {
    return unary.atan(this);
  }
  /** `tf.sinh(this)`. */
  sinh(): Tensor {
    return unary.sinh(this);
  }
  /** `tf.cosh(this)`. */
  cosh(): Tensor {
    return unary.cosh(this);
  }
  /** `tf.tanh(this)`. */
  tanh(): Tensor {
    return unary.tanh(this);
  }
  /** `tf.asinh(this)`. */
  asinh(): Tensor {
    return unary.asinh(this);
  }
  /** `tf.acosh(this)`. */
  acosh(): Tensor {
    return unary.acosh(this);
  }
  /** `tf.atanh(this)`. */
  atanh(): Tensor {
    return unary.atanh(this);
  }
  /** `tf.sigmoid(this)`. */
  sigmoid(): Tensor {
    return unary.sigmoid(this);
  }
  /** `tf.nn.relu(this)`. */
  relu(): Tensor {
    return relu(this);
  }
  /** `tf.erf(this)`. */
  erf(): Tensor {
    return unary.erf(this);
  }
  /** `tf.floor(this)`. */
  floor(): Tensor {
    return unary.floor(this);
  }
  /** `tf.ceil(this)`. */
  ceil(): Tensor {
    return unary.ceil(this);
  }
  /** `tf.round(this)`. */
  round(): Tensor {
    return unary.round(this);
  }
  /** `tf.logicalNot(this)`. */
  logicalNot(): Tensor {
    return unary.logicalNot(this);
  }
  /** `tf.isNan(this)`. */
  isNan(): Tensor {
    return unary.isNan(this);
  }
  /** `tf.isFinite(this)`. */
  isFinite(): Tensor {
    return unary.isFinite(this);
  }
  /** `tf.isInf(this)`. */
  isInf(): Tensor {
    return unary.isInf(this);
  }
  /** `tf.clipByValue(this, min, max)`. */
  clipByValue(min: TensorLike, max: TensorLike): Tensor {
    return select.clipByValue(this, min, max);
  }
  /** `tf.cast(this, dtype)`. */
  cast(dtype: DType): Tensor {
    return select.cast(this, dtype);
  }
  /** `tf.where(this, x, y)`. */
  where(x: TensorLike, y: TensorLike): Tensor {
    return select.where(this, x, y);
  }

  // Reductions.
  /** `tf.reduceSum(this, axis, keepdims)`. */
  sum(axis?: reduce.Axis, keepdims = false): Tensor {
    return reduce.reduceSum(this, axis, keepdims);
  }
  /** `tf.reduceSum(this, axis, keepdims)`. */
  reduceSum(axis?: reduce.Axis, keepdims = false): Tensor {
    return reduce.reduceSum(this, axis, keepdims);
  }
  /** `tf.reduceMean(this, axis, keepdims)`. */
  mean(axis?: reduce.Axis, keepdims = false): Tensor {
    return reduce.reduceMean(this, axis, keepdims);
  }
  /** `tf.reduceMean(this, axis, keepdims)`. */
  reduceMean(axis?: reduce.Axis, keepdims = false): Tensor {
    return reduce.reduceMean(this, axis, keepdims);
  }
  /** `tf.reduceMax(this, axis, keepdims)`. */
  max(axis?: reduce.Axis, keepdims = false): Tensor {
    return reduce.reduceMax(this, axis, keepdims);
  }
  /** `tf.reduceMax(this, axis, keepdims)`. */
  reduceMax(axis?: reduce.Axis, keepdims = false): Tensor {
    return reduce.reduceMax(this, axis, keepdims);
  }
  /** `tf.reduceMin(this, axis, keepdims)`. */
  min(axis?: reduce.Axis, keepdims = false): Tensor {
    return reduce.reduceMin(this, axis, keepdims);
  }
  /** `tf.reduceMin(this, axis, keepdims)`. */
  reduceMin(axis?: reduce.Axis, keepdims = false): Tensor {
    return reduce.reduceMin(this, axis, keepdims);
  }
  /** `tf.reduceProd(this, axis, keepdims)`. */
  prod(axis?: reduce.Axis, keepdims = false): Tensor {
    return reduce.reduceProd(this, axis, keepdims);
  }
  /** `tf.reduceProd(this, axis, keepdims)`. */
  reduceProd(axis?: reduce.Axis, keepdims = false): Tensor {
    return reduce.reduceProd(this, axis, keepdims);
  }
  /** `tf.reduceAll(this, axis, keepdims)`. */
  all(axis?: reduce.Axis, keepdims = false): Tensor {
    return reduce.reduceAll(this, axis, keepdims);
  }
  /** `tf.reduceAll(this, axis, keepdims)`. */
  reduceAll(axis?: reduce.Axis, keepdims = false): Tensor {
    return reduce.reduceAll(this, axis, keepdims);
  }
  /** `tf.reduceAny(this, axis, keepdims)`. */
  any(axis?: reduce.Axis, keepdims = false): Tensor {
    return reduce.reduceAny(this, axis, keepdims);
  }
  /** `tf.reduceAny(this, axis, keepdims)`. */
  reduceAny(axis?: reduce.Axis, keepdims = false): Tensor {
    return reduce.reduceAny(this, axis, keepdims);
  }
  /** `tf.reduceLogSumExp(this, axis, keepdims)`. */
  reduceLogSumExp(axis?: reduce.Axis, keepdims = false): Tensor {
    return reduce.reduceLogSumExp(this, axis, keepdims);
  }
  /** `tf.reduceStd(this, axis, keepdims)`. */
  reduceStd(axis?: reduce.Axis, keepdims = false): Tensor {
    return reduce.reduceStd(this, axis, keepdims);
  }
  /** `tf.reduceVariance(this, axis, keepdims)`. */
  reduceVariance(axis?: reduce.Axis, keepdims = false): Tensor {
    return reduce.reduceVariance(this, axis, keepdims);
  }
  /** `tf.argmax(this, axis, options)`. */
  argmax(axis = 0, options?: reduce.ArgOptions): Tensor {
    return reduce.argmax(this, axis, options);
  }
  /** `tf.argmin(this, axis, options)`. */
  argmin(axis = 0, options?: reduce.ArgOptions): Tensor {
    return reduce.argmin(this, axis, options);
  }
  /** `tf.cumsum(this, axis, options)`. */
  cumsum(axis = 0, options?: reduce.CumsumOptions): Tensor {
    return reduce.cumsum(this, axis, options);
  }

  // Linear algebra and shape.
  /** `tf.matmul(this, b, options)`, or TF.js's `tf.matmul(this, b, transposeA, transposeB)`. */
  matmul(b: TensorLike, options?: MatmulOptions | boolean, transposeB?: boolean): Tensor {
    return matmul(this, b, options, transposeB);
  }
  /** `tf.reshape(this, shape)`. */
  reshape(shape: readonly (number | IntLike)[]): Tensor {
    return movement.reshape(this, shape);
  }
  /** `tf.transpose(this, perm)`. */
  transpose(perm?: readonly number[]): Tensor {
    return movement.transpose(this, perm);
  }
  /** `tf.expandDims(this, axis)`. */
  expandDims(axis: number): Tensor {
    return movement.expandDims(this, axis);
  }
  /** `tf.squeeze(this, axis)`. */
  squeeze(axis?: number | readonly number[]): Tensor {
    return movement.squeeze(this, axis);
  }
  /** `tf.broadcastTo(this, shape)`. */
  broadcastTo(shape: readonly number[]): Tensor {
    return movement.broadcastTo(this, shape);
  }
  /** `tf.slice(this, begin, size)`. */
  slice(begin: readonly number[], size: readonly number[]): Tensor {
    return movement.slice(this, begin, size);
  }
  /** `tf.split(this, numOrSizes, axis)`. */
  split(numOrSizes: number | readonly number[], axis = 0): Tensor[] {
    return movement.split(this, numOrSizes, axis);
  }
  /** `tf.unstack(this, axis)`. */
  unstack(axis = 0): Tensor[] {
    return movement.unstack(this, axis);
  }
  /** `tf.gather(this, indices, axis)`. */
  gather(indices: TensorLike, axis = 0): Tensor {
    return gather(this, indices, axis);
  }
  /** `tf.gatherNd(this, indices)`. */
  gatherNd(indices: TensorLike): Tensor {
    return gatherNd(this, indices);
  }
  /** `tf.tile(this, multiples)`. */
  tile(multiples: readonly number[]): Tensor {
    return movement.tile(this, multiples);
  }
  /** `tf.pad(this, paddings, mode, constantValues)`. */
  pad(paddings: PadWidths, mode?: PadMode, constantValues?: Scalar): Tensor {
    return pad(this, paddings, mode, constantValues);
  }
  /** `tf.reverse(this, axis)`. */
  reverse(axis: number | readonly number[]): Tensor {
    return movement.reverse(this, axis);
  }
  /** `tf.tensordot(this, b, axes)`. */
  tensordot(b: TensorLike, axes: TensordotAxes): Tensor {
    return tensordot(this, b, axes);
  }
  /** `tf.norm(this, ord, axis, keepdims)`. */
  norm(ord?: NormOrder, axis?: number | readonly number[] | null, keepdims = false): Tensor {
    return norm(this, ord, axis, keepdims);
  }
  /** `tf.sort(this, axis, direction)`. */
  sort(axis = -1, direction?: SortDirection): Tensor {
    return sort(this, axis, direction);
  }
  /** `tf.argsort(this, axis, direction)`. */
  argsort(axis = -1, direction?: SortDirection): Tensor {
    return argsort(this, axis, direction);
  }
  /** `tf.zerosLike(this)`. */
  zerosLike(): Tensor {
    return creation.zerosLike(this);
  }
  /** `tf.onesLike(this)`. */
  onesLike(): Tensor {
    return creation.onesLike(this);
  }
}
