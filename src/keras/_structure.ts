/**
 * Internal: what layers with several inputs or outputs take and give (one value, an array or a
 * record of them), and the types of `Layer.apply`, which takes tensors or symbolic tensors.
 *
 * @module
 */
import { input } from "../engine.ts";
import { isTensorOrVariable } from "../symbols.ts";
import type { Tensor, TensorLike } from "../tensor.ts";
import type { KerasTensor } from "./functional.ts";

/**
 * One value, or several in an array or a record by name: what a layer or model with several
 * inputs or outputs takes and gives (`[a, b]`, `{ image, label }`).
 */
export type Structure<T> = T | readonly T[] | { readonly [name: string]: T };

/**
 * What `Layer.apply` takes: a tensor (or anything `tf.constant` takes), an array of tensors or a
 * record of tensor-likes for layers with several inputs, or symbolic tensors (`tf.keras.Input`
 * and what layers made of them) in the same forms.
 */
export type ApplyInput = TensorLike | Structure<TensorLike> | Structure<KerasTensor>;

/**
 * What `Layer.apply` returns for inputs of type `X`: symbolic inputs give a KerasTensor, others a
 * Tensor, unless `R` names the result (`model.apply<tf.Tensor[]>(x)` for a model with several
 * outputs; not checked).
 */
export type ApplyResult<X, R> = [R] extends [never]
  ? 0 extends (1 & X) ? Tensor : [X] extends [Structure<KerasTensor>] ? KerasTensor : Tensor
  : R;

/** Whether `x` is a plain object (a record): not an array, tensor, typed array or class. */
export function isRecord(x: unknown): x is { readonly [name: string]: unknown } {
  if (x === null || typeof x !== "object" || Array.isArray(x)) return false;
  const proto = Object.getPrototypeOf(x);
  return proto === Object.prototype || proto === null;
}

/**
 * Whether `x` is an array or record of values rather than one value: a record, or a non-empty
 * array whose elements are all `isLeaf` (an array of numbers is one tensor-like, not several).
 */
export function isStructure(x: unknown, isLeaf: (v: unknown) => boolean): boolean {
  if (isRecord(x)) return true;
  return Array.isArray(x) && x.length > 0 && x.every(isLeaf);
}

/** The values of a structure, in order: its elements or record values, or the one value. */
export function leaves<T>(s: Structure<T>): T[] {
  if (Array.isArray(s)) return [...s];
  if (isRecord(s)) return Object.values(s as { readonly [name: string]: T });
  return [s as T];
}

/** The same structure with `f` applied to each value (`key`: the index or name, 0 for one). */
export function mapStructure<A, B>(
  s: Structure<A>,
  f: (a: A, key: number | string) => B,
): Structure<B> {
  if (Array.isArray(s)) return s.map((v, i) => f(v, i));
  if (isRecord(s)) {
    return Object.fromEntries(
      Object.entries(s as { readonly [name: string]: A }).map(([k, v]) => [k, f(v, k)]),
    );
  }
  return f(s as A, 0);
}

/** Internal: the inputs of `Layer.apply` as tensors: one, an array of them, or a record. */
export function toTensors(x: TensorLike | Structure<TensorLike>, op: string): Structure<Tensor> {
  if (Array.isArray(x) && isStructure(x, isTensorOrVariable)) {
    return x.map((t, i) => input(t as TensorLike, `${op} (input ${i})`));
  }
  if (isRecord(x)) {
    return Object.fromEntries(
      Object.entries(x).map(([k, v]) => [k, input(v as TensorLike, `${op} (input '${k}')`)]),
    );
  }
  return input(x as TensorLike, op);
}
