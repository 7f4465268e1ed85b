/**
 * The symbols that Tensor and Variable carry, and the checks built on them: low modules (the
 * engine, the ops, `np` and `io` conversions) tell a tensor or a Variable from other values with
 * these, without importing the classes (which sit above the ops).
 *
 * @module
 */
import type { Tensor } from "./tensor.ts";
import type { TensorMethods } from "./tensor_methods.ts";

/** The key of the internal method that gives ops the tensor behind a Tensor or Variable. */
export const READ: unique symbol = Symbol("denotensor.read");

/** The key of the getter that says what an op input is: `"tensor"` or `"variable"`. */
export const KIND: unique symbol = Symbol("denotensor.kind");

/** True for a Tensor or a Variable (anything an op reads through `READ`). */
export function isTensorOrVariable(x: unknown): x is TensorMethods {
  // A property load, not `READ in x`: V8 caches it per shape, which keeps tiny ops fast.
  return typeof x === "object" && x !== null && (x as { [READ]?: unknown })[READ] !== undefined;
}

/** True for a Tensor (not a Variable). */
export function isTensor(x: unknown): x is Tensor {
  return typeof x === "object" && x !== null && (x as { [KIND]?: unknown })[KIND] === "tensor";
}
