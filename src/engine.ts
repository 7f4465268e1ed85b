/**
 * The engine: the mechanics every op shares. It turns inputs into tensors, places them on the
 * current device, casts them to the op's compute dtype, broadcasts, allocates the output, calls
 * the backend, and hands the result to the tapes: the kernel families (`runUnary`, `runBinary`,
 * `runReduce`) take an op's name, find its code and gradient in the op tables and record it;
 * other ops call `record` with their name, inputs, output and the attributes their gradient
 * (in `gradients.ts`) reads. The ops in `ops/` decide dtypes and shapes; the engine carries them
 * out.
 *
 * The engine sits below the ops, which sit below Tensor (whose methods call them), so it does not
 * import the Tensor class: `tensor.ts` hands it a factory with `setTensorFactory` when it loads.
 *
 * @module
 */
import type { Backend, Storage, View } from "./backends/backend.ts";
import { backendFor, currentBackend } from "./device.ts";
import { ARRAY_TYPES, type DType, type Scalar, type TypedArray } from "./dtype.ts";
import { CpuStorage } from "./backends/cpu/backend.ts";
import { hostData } from "./convert.ts";
import { FailedPreconditionError } from "./errors.ts";
import { broadcastStrides, contiguousStrides, isContiguous, sameShape } from "./shape.ts";
import type { Tensor, TensorLike } from "./tensor.ts";
import { isTensorOrVariable, READ } from "./symbols.ts";
import { record, recording } from "./recording.ts";
import {
  BINARY,
  BINARY_OPS,
  type BinaryName,
  codes,
  REDUCE,
  REDUCE_OPS,
  type ReduceName,
  UNARY,
  UNARY_OPS,
  type UnaryName,
} from "./ops/op_ids.ts";

export { record, recording, tracked, withoutRecording } from "./recording.ts";

/** Makes a Tensor: storage, shape, strides, offset, size. */
export type TensorFactory = (
  storage: Storage,
  shape: readonly number[],
  strides: readonly number[],
  offset: number,
  size: number,
) => Tensor;

/** Stands for the factory until `tensor.ts` has loaded (importing an op module alone, say). */
function unloaded(): never {
  throw new FailedPreconditionError(
    "engine: the Tensor class is not loaded yet: import mod.ts (or src/tensor.ts) before " +
      "running an op",
  );
}

// A function, not the class: `new` on a binding assigned at run time is not inlined by V8 (a
// 2x2 op paid ~20 ns for it), a call of a small function is.
let makeTensor: TensorFactory = unloaded;

/** Internal: `tensor.ts` hands the engine its factory when it loads. */
export function setTensorFactory(make: TensorFactory): void {
  makeTensor = make;
}

const UNARY_CODE = codes(UNARY_OPS);
const BINARY_CODE = codes(BINARY_OPS);
const REDUCE_CODE = codes(REDUCE_OPS);

/** A tensor input, or a weak JS scalar passed by value. */
export type Operand = Tensor | Scalar;

/** True for the JS values that ops take by value. */
export function isScalar(x: unknown): x is Scalar {
  const t = typeof x;
  return t === "number" || t === "boolean" || t === "bigint";
}

/**
 * The tensor behind an op input: a tensor as is, a Variable's value, anything else converted
 * with `tf.constant`'s rules (optionally to `dtype`).
 */
export function input(x: TensorLike, op: string, dtype?: DType): Tensor {
  if (isTensorOrVariable(x)) return x[READ](op);
  const host = hostData(x, dtype, op);
  const backend = currentBackend();
  const storage = backend.upload(host.data, host.dtype);
  return makeTensor(storage, host.shape, contiguousStrides(host.shape), 0, host.data.length);
}

/** A fresh contiguous tensor of `dtype` and `shape` on `backend`. */
export function output(
  backend: Backend,
  dtype: DType,
  shape: readonly number[],
  size: number,
  strides?: readonly number[],
): Tensor {
  const storage = backend.alloc(dtype, size);
  return makeTensor(storage, shape, strides ?? contiguousStrides(shape), 0, size);
}

/** A tensor that shares `x`'s storage with another shape, strides or offset. */
export function view(
  x: Tensor,
  shape: readonly number[],
  strides: readonly number[],
  offset: number,
): Tensor {
  let size = 1;
  for (let i = 0; i < shape.length; i++) size *= shape[i];
  return makeTensor(x.storage, shape, strides, offset, size);
}

/** `x` on `backend`: itself when it is there, else a copy. */
export function place(x: Tensor, backend: Backend): Tensor {
  if (x.storage.device === backend.device) return x;
  const host = backendOf(x).download(x);
  const storage = backend.upload(host, x.dtype);
  return makeTensor(storage, x.shape, contiguousStrides(x.shape), 0, x.size);
}

/** The backend that holds a tensor's storage. */
export function backendOf(x: Tensor): Backend {
  const cur = currentBackend();
  return x.storage.device === cur.device ? cur : backendFor(x.storage.device);
}

/** Disposes an engine temporary (an input cast or copy) unless it is the caller's own tensor. */
function release(tmp: Tensor, original: Tensor): void {
  if (tmp !== original) tmp.dispose();
}

/** `x` converted to `dtype` (a new tensor, or `x` when it already has that dtype). */
export function castTensor(x: Tensor, dtype: DType, backend: Backend = currentBackend()): Tensor {
  const xx = place(x, backend);
  if (xx.dtype === dtype) return xx;
  const out = output(backend, dtype, xx.shape, xx.size);
  backend.cast(xx, out);
  release(xx, x);
  return out;
}

/** `x` as a contiguous tensor on `backend`: itself when it already is one, else a copy. */
export function contiguous(x: Tensor, backend: Backend = currentBackend()): Tensor {
  const xx = place(x, backend);
  if (isContiguous(xx.shape, xx.strides)) return xx;
  const out = output(backend, xx.dtype, xx.shape, xx.size);
  backend.copy(xx, out);
  release(xx, x);
  return out;
}

/**
 * Runs the unary op `name`: `x` is cast to `compute`, the result has `dtype`. Recorded when the
 * op has a gradient.
 */
export function runUnary(name: UnaryName, x: Tensor, compute: DType, dtype: DType): Tensor {
  const out = unaryKernel(UNARY_CODE[name], x, compute, dtype);
  if (recording() && UNARY[name].grad !== null) record("unary", [x], out, { op: name });
  return out;
}

/**
 * The backend call of `runUnary`. The kernel runs are functions of their own, apart from the
 * record path, so that the JIT optimises them alike whether or not a tape has recorded through
 * them (inlining the record path would crowd them out).
 */
function unaryKernel(op: number, x: Tensor, compute: DType, dtype: DType): Tensor {
  const backend = currentBackend();
  const xx = castTensor(x, compute, backend);
  const cont = isContiguous(xx.shape, xx.strides);
  const out = output(backend, dtype, xx.shape, xx.size, cont ? xx.strides : undefined);
  backend.unary(op, xx, out);
  release(xx, x);
  return out;
}

function broadcastView(x: Tensor, shape: readonly number[]): View {
  if (sameShape(x.shape, shape)) return x;
  let size = 1;
  for (let i = 0; i < shape.length; i++) size *= shape[i];
  return {
    storage: x.storage,
    dtype: x.dtype,
    shape,
    strides: broadcastStrides(x.shape, x.strides, shape),
    offset: x.offset,
    size,
  };
}

/**
 * Runs the binary op `name` on two tensors or a tensor and a scalar value (already converted to
 * the compute dtype). Tensors are cast to `compute` and broadcast to `shape`. Recorded when the op
 * has a gradient (a scalar operand by value).
 */
export function runBinary(
  name: BinaryName,
  a: Tensor | number | bigint,
  b: Tensor | number | bigint,
  compute: DType,
  dtype: DType,
  shape: readonly number[],
): Tensor {
  const out = binaryKernel(BINARY_CODE[name], a, b, compute, dtype, shape);
  if (recording()) recordBinary(name, a, b, out);
  return out;
}

/** The backend call of `runBinary`. */
function binaryKernel(
  op: number,
  a: Tensor | number | bigint,
  b: Tensor | number | bigint,
  compute: DType,
  dtype: DType,
  shape: readonly number[],
): Tensor {
  const backend = currentBackend();
  const aa = typeof a === "object" ? castTensor(a, compute, backend) : a;
  const bb = typeof b === "object" ? castTensor(b, compute, backend) : b;
  let size = 1;
  for (let i = 0; i < shape.length; i++) size *= shape[i];
  const same = typeof aa === "object" && sameShape(aa.shape, shape) &&
    isContiguous(aa.shape, aa.strides);
  const out = output(backend, dtype, shape, size, same ? (aa as Tensor).strides : undefined);
  backend.binary(
    op,
    typeof aa === "object" ? broadcastView(aa, shape) : aa,
    typeof bb === "object" ? broadcastView(bb, shape) : bb,
    out,
  );
  if (typeof aa === "object") release(aa, a as Tensor);
  if (typeof bb === "object") release(bb, b as Tensor);
  return out;
}

/** Records a binary op that has a gradient (a JS scalar operand by value). */
function recordBinary(
  name: BinaryName,
  a: Tensor | number | bigint,
  b: Tensor | number | bigint,
  out: Tensor,
): void {
  if (BINARY[name].grad === null) return;
  const x = typeof a === "object" ? a : null, y = typeof b === "object" ? b : null;
  const av = typeof a === "object" ? null : a, bv = typeof b === "object" ? null : b;
  record("binary", [x, y], out, { op: name, a: av, b: bv });
}

/**
 * Runs a binary kernel into an existing tensor of the same shape (an in-place Variable update:
 * `out` may be `a` itself, which elementwise kernels allow).
 */
export function runBinaryInto(name: BinaryName, a: Tensor, b: Tensor, out: Tensor): void {
  const backend = currentBackend();
  backend.binary(BINARY_CODE[name], a, broadcastView(b, out.shape), out);
}

/** Runs `where`: all three tensors broadcast to `shape`; `a` and `b` cast to `dtype`. */
export function runWhere(
  cond: Tensor,
  a: Tensor,
  b: Tensor,
  dtype: DType,
  shape: readonly number[],
): Tensor {
  const backend = currentBackend();
  const c = castTensor(cond, "bool", backend);
  const aa = castTensor(a, dtype, backend);
  const bb = castTensor(b, dtype, backend);
  let size = 1;
  for (let i = 0; i < shape.length; i++) size *= shape[i];
  const out = output(backend, dtype, shape, size);
  backend.where(broadcastView(c, shape), broadcastView(aa, shape), broadcastView(bb, shape), out);
  release(c, cond);
  release(aa, a);
  release(bb, b);
  return out;
}

/**
 * Runs the reduction `name` of `x` over sorted distinct `axes` into a tensor of `dtype` and
 * `outShape`: the kept axes are moved first (a view), the backend folds the trailing reduced
 * ones. Recorded when the reduction has a gradient.
 */
export function runReduce(
  name: ReduceName,
  x: Tensor,
  axes: readonly number[],
  compute: DType,
  dtype: DType,
  outShape: readonly number[],
): Tensor {
  const out = reduceKernel(REDUCE_CODE[name], x, axes, compute, dtype, outShape);
  if (recording() && REDUCE[name].grad !== null) record("reduce", [x], out, { op: name, axes });
  return out;
}

/** The backend call of `runReduce`. */
function reduceKernel(
  op: number,
  x: Tensor,
  axes: readonly number[],
  compute: DType,
  dtype: DType,
  outShape: readonly number[],
): Tensor {
  const backend = currentBackend();
  const xx = castTensor(x, compute, backend);
  const kept: number[] = [];
  for (let d = 0; d < xx.shape.length; d++) if (!axes.includes(d)) kept.push(d);
  const perm = kept.concat(axes);
  const permuted: View = {
    storage: xx.storage,
    dtype: xx.dtype,
    shape: perm.map((d) => xx.shape[d]),
    strides: perm.map((d) => xx.strides[d]),
    offset: xx.offset,
    size: xx.size,
  };
  let size = 1;
  for (const d of kept) size *= xx.shape[d];
  const out = output(backend, dtype, outShape, size);
  backend.reduce(op, permuted, axes.length, out);
  release(xx, x);
  return out;
}

/** A view of `x` with `axis` moved last (for the kernels that work along the last axis). */
export function lastAxisView(x: Tensor, axis: number): View {
  const perm: number[] = [];
  for (let d = 0; d < x.shape.length; d++) if (d !== axis) perm.push(d);
  perm.push(axis);
  return {
    storage: x.storage,
    dtype: x.dtype,
    shape: perm.map((d) => x.shape[d]),
    strides: perm.map((d) => x.strides[d]),
    offset: x.offset,
    size: x.size,
  };
}

/** The dtype and shape of an output of a host kernel. */
export interface HostOutput {
  /** The output dtype. */
  dtype: DType;
  /** The output shape. */
  shape: readonly number[];
}

/**
 * Runs an op as a host kernel, whatever the device: `kernel` reads its inputs as row-major host
 * arrays (it must not write to them) and fills fresh host arrays for its outputs, which become
 * tensors on the current device. Ops without device kernels (sorting, linear algebra) use this;
 * on a GPU it is soft placement: the copies are counted in `tf.memory()`.
 */
export function runHost(
  op: string,
  inputs: readonly Tensor[],
  outputs: readonly HostOutput[],
  kernel: (ins: TypedArray[], outs: TypedArray[]) => void,
): Tensor[] {
  const backend = currentBackend();
  const reason = "a host-run op (no device kernel)";
  backend.soft?.allow(op, outputs[0]?.dtype ?? inputs[0]?.dtype ?? "float32", reason);
  let copied = 0;
  const ins = inputs.map((t) => {
    const data = (t.storage as { data?: TypedArray }).data;
    // A contiguous CPU tensor that spans its whole storage is read in place.
    if (
      data !== undefined && t.offset === 0 && data.length === t.size &&
      isContiguous(t.shape, t.strides)
    ) return data;
    const host = backendOf(t).download(t);
    copied += host.byteLength;
    return host;
  });
  const outs = outputs.map((o) => {
    let n = 1;
    for (const d of o.shape) n *= d;
    return new ARRAY_TYPES[o.dtype](n);
  });
  kernel(ins, outs);
  const result = outs.map((data, i) => {
    const { dtype, shape } = outputs[i];
    if (backend.device !== "cpu") copied += data.byteLength;
    const storage = backend.device === "cpu"
      ? new CpuStorage(dtype, data)
      : backend.upload(data, dtype);
    return makeTensor(storage, shape.slice(), contiguousStrides(shape), 0, data.length);
  });
  if (backend.soft !== undefined) {
    backend.soft.count(op, outputs[0]?.dtype ?? "float32", reason, copied);
  }
  return result;
}
