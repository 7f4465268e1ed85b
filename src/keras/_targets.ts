/**
 * Internal: lining up targets and predictions for losses and metrics.
 *
 * @module
 */
import { isFloat } from "../dtype.ts";
import { input } from "../engine.ts";
import { InvalidArgumentError } from "../errors.ts";
import { formatShape } from "../format.ts";
import { expandDims, squeeze } from "../ops/movement.ts";
import { cast } from "../ops/select.ts";
import type { Tensor, TensorLike } from "../tensor.ts";

/** A float tensor: float inputs as they are, others cast to float32. */
export function floatTensor(x: TensorLike, op: string): Tensor {
  const t = input(x, op);
  return isFloat(t.dtype) ? t : cast(t, "float32");
}

/**
 * Keras 3's `squeeze_or_expand_to_same_rank(x1, x2)`: when the ranks differ by one and the
 * longer side ends in an axis of length 1, that axis is removed, except that a rank-1 shorter
 * side gets one instead (so `(N,)` with `(N, 1)` gives two `(N, 1)`). Otherwise unchanged.
 */
export function squeezeOrExpand(a: Tensor, b: Tensor): [Tensor, Tensor] {
  if (a.rank === b.rank + 1 && a.shape[a.rank - 1] === 1) {
    return b.rank === 1 ? [a, expandDims(b, -1)] : [squeeze(a, -1), b];
  }
  if (b.rank === a.rank + 1 && b.shape[b.rank - 1] === 1) {
    return a.rank === 1 ? [expandDims(a, -1), b] : [a, squeeze(b, -1)];
  }
  return [a, b];
}

/**
 * `yTrue` and `yPred` as float tensors of the same shape (yTrue in yPred's dtype), lined up by
 * Keras's `squeeze_or_expand_to_same_rank`: labels of shape `[batch]` go with predictions of
 * shape `[batch, 1]` (both become `[batch, 1]`), and a trailing axis of length 1 on one side is
 * removed otherwise; any other difference is an error (it would broadcast silently, `(N,)`
 * against `(N, 1)` into `(N, N)`).
 */
export function alignTargets(yTrue: TensorLike, yPred: TensorLike, op: string): [Tensor, Tensor] {
  const given = input(yTrue, op);
  const pred = floatTensor(yPred, op);
  const [t, p] = squeezeOrExpand(given, pred);
  if (t.shape.join() !== p.shape.join()) {
    throw new InvalidArgumentError(
      `${op}: yTrue of shape ${formatShape(given.shape)} does not match yPred of shape ` +
        formatShape(pred.shape),
    );
  }
  return [t.dtype === p.dtype ? t : cast(t, p.dtype), p];
}

/**
 * Integer class ids for sparse losses and metrics: yTrue of shape `yPred.shape[:-1]` (or with a
 * trailing axis of 1), cast to int32.
 */
export function sparseTargets(yTrue: TensorLike, yPred: TensorLike, op: string): [Tensor, Tensor] {
  const p = floatTensor(yPred, op);
  const given = input(yTrue, op);
  let t = given;
  if (t.rank === p.rank && t.shape[t.rank - 1] === 1) t = squeeze(t, -1);
  if (p.rank === 0 || t.shape.join() !== p.shape.slice(0, -1).join()) {
    throw new InvalidArgumentError(
      `${op}: yTrue of shape ${formatShape(given.shape)} must hold one class id per row of yPred ` +
        `of shape ${formatShape(p.shape)}`,
    );
  }
  return [t.dtype === "int32" ? t : cast(t, "int32"), p];
}
