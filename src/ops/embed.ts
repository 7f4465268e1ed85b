/**
 * `embed`, the adjoint of the view ops: a filled tensor with a tensor written into one of its
 * views (the gradient of slice, basic indexing, unstack and einsum's diagonal; constant padding).
 * The view is named as data (a `Region`), so the gradient of `embed` is the same view op again:
 * every order of derivative works.
 *
 * @module
 */
import { currentBackend } from "../device.ts";
import type { Scalar } from "../dtype.ts";
import { castTensor, record, recording } from "../engine.ts";
import type { Tensor } from "../tensor.ts";
import { fill, zeros } from "./creation.ts";
import { diagonal } from "./einsum.ts";
import { type Index, index } from "./indexing.ts";
import { slice, unstackPart } from "./movement.ts";

/** A view op and its arguments, applied to a tensor by `region`. */
export type Region =
  | { readonly op: "slice"; readonly begin: readonly number[]; readonly size: readonly number[] }
  | { readonly op: "at"; readonly indices: readonly Index[] }
  | { readonly op: "unstack"; readonly axis: number; readonly index: number }
  | { readonly op: "diagonal"; readonly p: number; readonly q: number };

/** The view `r` of `x` (the view op, recorded). */
export function region(x: Tensor, r: Region): Tensor {
  switch (r.op) {
    case "slice":
      return slice(x, r.begin, r.size);
    case "at":
      return index(x, ...r.indices);
    case "unstack":
      return unstackPart(x, r.axis, r.index);
    case "diagonal":
      return diagonal(x, r.p, r.q);
  }
}

/**
 * Internal: zeros (or `value`) of `shape` with `dy` written into its view `r`. Recorded, with
 * gradient `region(g, r)`.
 */
export function embed(dy: Tensor, shape: readonly number[], r: Region, value?: Scalar): Tensor {
  const z = value === undefined ? zeros(shape, dy.dtype) : fill(shape, value, dy.dtype);
  const view = region(z, r);
  const backend = currentBackend();
  const src = castTensor(dy, dy.dtype, backend);
  if (view.size > 0) backend.copy(src, view);
  view.dispose();
  if (src !== dy) src.dispose();
  if (recording()) record("embed", [dy], z, { region: r });
  return z;
}
