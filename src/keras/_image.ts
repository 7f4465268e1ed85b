/**
 * Internal: option and input checks shared by the image layers (Conv2D and the poolings).
 *
 * @module
 */
import { InvalidArgumentError } from "../errors.ts";
import { formatShape } from "../format.ts";

/** Internal: one number or a pair of positive integers, as `[height, width]`. */
export function spatialOption(value: unknown, what: string, op: string): [number, number] {
  const ok = (v: unknown): v is number => typeof v === "number" && Number.isInteger(v) && v > 0;
  if (ok(value)) return [value, value];
  if (Array.isArray(value) && value.length === 2 && value.every(ok)) return [value[0], value[1]];
  throw new InvalidArgumentError(
    `${op}: ${what} must be a positive integer or a pair of them, got ${JSON.stringify(value)}`,
  );
}

/** Internal: Keras's `"valid"` / `"same"` (any case) as tf.nn's `"VALID"` / `"SAME"`. */
export function paddingOption(value: unknown, op: string): "VALID" | "SAME" {
  const p = typeof value === "string" ? value.toLowerCase() : value;
  if (p === "valid") return "VALID";
  if (p === "same") return "SAME";
  throw new InvalidArgumentError(
    `${op}: padding must be "valid" or "same", got ${JSON.stringify(value)}`,
  );
}

/** Internal: throws unless the layer input is a rank-4 NHWC batch. */
export function checkImages(inputShape: readonly number[], name: string, layer: string): void {
  if (inputShape.length !== 4) {
    throw new InvalidArgumentError(
      `${name}: ${layer} needs inputs of rank 4 [batch, height, width, channels], got shape ` +
        formatShape(inputShape),
    );
  }
}
