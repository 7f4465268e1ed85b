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
 * `yTrue` and `yPred` as float tensors of the same shape (yTrue in yPred's dtype). As Keras
 * does, a trailing axis of length 1 on one side only is added to or removed from yTrue, so
 * labels of shape `[batch]` go with predictions of shape `[batch, 1]`; any other difference is
 * an error (it would broadcast silently).
 */
export function alignTargets(yTrue: TensorLike, yPred: TensorLike, op: string): [Tensor, Tensor] {
  const p = floatTensor(yPred, op);
  const given = input(yTrue, op);
  let t = given;
  if (t.rank === p.rank - 1 && p.shape[p.rank - 1] === 1) t = expandDims(t, -1);
  else if (t.rank === p.rank + 1 && t.shape[t.rank - 1] === 1) t = squeeze(t, -1);
  if (t.shape.join() !== p.shape.join()) {
    throw new InvalidArgumentError(
      `${op}: yTrue of shape ${formatShape(given.shape)} does not match yPred of shape ` +
        formatShape(p.shape),
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
