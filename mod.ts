/**
 * denotensor: TensorFlow-style eager tensors for Deno. Every op runs when it is called and
 * returns a real value.
 *
 * @example
 * ```ts
 * import * as tf from "@denotensor/core";
 * const a = tf.constant([[1, 2], [3, 4]]);
 * console.log(tf.matmul(a, a).toString());
 * // tf.Tensor(
 * // [[ 7. 10.]
 * //  [15. 22.]], shape=(2, 2), dtype=float32)
 * ```
 *
 * @module
 */
// Registers the np functions behind NDArray's methods (a.sum(), a.set(), ...).
import "./src/np/methods.ts";
export { Tensor, type TensorLike } from "./src/tensor.ts";
/** The methods every Tensor and Variable has (`t.add(u)`, `t.reshape(...)`, ...). */
export type { TensorMethods } from "./src/tensor_methods.ts";
/** Internal types that public ones name: a tensor's storage, a tape's recorder protocol. */
export type { Storage } from "./src/backends/backend.ts";
export type { Recorder, Watchable } from "./src/recording.ts";
export type { DType, Scalar, TypedArray } from "./src/dtype.ts";
export { DTYPES } from "./src/dtype.ts";
export type { IntLike, NestedArray } from "./src/convert.ts";
export {
  CudaError,
  FailedPreconditionError,
  InvalidArgumentError,
  NativeLibraryError,
  ResourceExhaustedError,
  UnimplementedError,
} from "./src/errors.ts";
export {
  type DeviceMemory,
  type Disposable,
  keep,
  memory,
  type MemoryInfo,
  tidy,
} from "./src/memory.ts";
export { device, type DeviceInfo, emptyCache, listDevices } from "./src/device.ts";
export * as config from "./src/config.ts";
export { executingEagerly, synchronize } from "./src/runtime.ts";
export {
  constant,
  convertToTensor,
  eye,
  fill,
  linspace,
  ones,
  onesLike,
  range,
  zeros,
  zerosLike,
} from "./src/ops/creation.ts";
export { oneHot, type OneHotOptions } from "./src/ops/one_hot.ts";
export {
  abs,
  acos,
  acosh,
  asin,
  asinh,
  atan,
  atanh,
  cbrt,
  ceil,
  cos,
  cosh,
  erf,
  exp,
  expm1,
  floor,
  isFinite,
  isInf,
  isNan,
  log,
  log1p,
  logicalNot,
  neg,
  reciprocal,
  round,
  rsqrt,
  sigmoid,
  sign,
  sin,
  sinh,
  sqrt,
  square,
  tan,
  tanh,
} from "./src/ops/unary.ts";
export {
  add,
  atan2,
  div,
  divide,
  equal,
  floorDiv,
  greater,
  greaterEqual,
  less,
  lessEqual,
  logicalAnd,
  logicalOr,
  logicalXor,
  maximum,
  minimum,
  mod,
  mul,
  multiply,
  notEqual,
  pow,
  squaredDifference,
  sub,
  subtract,
} from "./src/ops/binary.ts";
export { cast, clipByValue, stopGradient, where } from "./src/ops/select.ts";
export {
  argmax,
  argmin,
  type ArgOptions,
  type Axis,
  cumsum,
  type CumsumOptions,
  reduceAll,
  reduceAny,
  reduceLogSumExp,
  reduceMax,
  reduceMean,
  reduceMin,
  reduceProd,
  reduceStd,
  reduceSum,
  reduceVariance,
} from "./src/ops/reduce.ts";
export { matmul, type MatmulOptions } from "./src/ops/matmul.ts";
export { norm, type NormOrder } from "./src/ops/linalg.ts";
export { einsum, tensordot, type TensordotAxes } from "./src/ops/einsum.ts";
export * as linalg from "./src/ops/linalg.ts";
export {
  broadcastTo,
  concat,
  expandDims,
  rank,
  reshape,
  reverse,
  shape,
  size,
  slice,
  split,
  squeeze,
  stack,
  tile,
  transpose,
  unstack,
} from "./src/ops/movement.ts";
export { pad, type PadMode, type PadWidths } from "./src/ops/pad.ts";
export { booleanMask, gather, gatherNd, type Index, scatterNd } from "./src/ops/indexing.ts";
export { argsort, sort, type SortDirection, type TopK, topk } from "./src/ops/sorting.ts";
export { Variable, type VariableOptions } from "./src/variable.ts";
export {
  type Backward,
  type GradientOptions,
  type Gradients,
  GradientTape,
  type GradientTapeOptions,
  type JacobianOptions,
  type OutputGradients,
  type Source,
  type Sources,
  type Target,
} from "./src/tape.ts";
export {
  customGradient,
  type CustomGradientResult,
  grad,
  type ValueAndGrad,
  valueAndGrad,
} from "./src/autodiff.ts";
export { Module, type ModuleOptions, type Submodule } from "./src/module.ts";
export * as random from "./src/ops/random.ts";
export * as nn from "./src/ops/nn.ts";
export * as keras from "./src/keras/mod.ts";
export * as optimizers from "./src/optimizers/mod.ts";
export { clipByGlobalNorm, clipByNorm } from "./src/optimizers/clip.ts";
export * as io from "./src/io/mod.ts";
export * as data from "./src/data/mod.ts";
