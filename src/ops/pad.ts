/**
 * Padding (`tf.pad`): a constant border is the input embedded in a filled tensor (`embed`, whose
 * gradient takes the window back out); mirrored borders are gathers with host-computed source
 * positions.
 *
 * @module
 */
import { type Scalar, scalarValue } from "../dtype.ts";
import { input, record, recording, view } from "../engine.ts";
import { InvalidArgumentError } from "../errors.ts";
import { formatShape } from "../format.ts";
import { checkShape } from "../shape.ts";
import type { Tensor, TensorLike } from "../tensor.ts";
import { constant } from "./creation.ts";
import { embed } from "./embed.ts";
import { gather } from "./indexing.ts";

/** How `pad` fills the border: a constant, or the input mirrored without or with the edge. */
export type PadMode = "CONSTANT" | "REFLECT" | "SYMMETRIC" | "constant" | "reflect" | "symmetric";

/** Reads `paddings` (an array or an int tensor of shape [rank, 2]) and checks it for `mode`. */
function padWidths(paddings: PadWidths, t: Tensor, mode: string): [number, number][] {
  let rows: unknown = paddings;
  if (!Array.isArray(paddings)) {
    const p = input(paddings as TensorLike, "pad");
    rows = p.rank === 2 && p.shape[1] === 2
      ? (p.tolist() as unknown[][]).map((r) => r.map(Number))
      : null;
  }
  const text = Array.isArray(rows) ? JSON.stringify(rows) : "a tensor";
  if (
    !Array.isArray(rows) || rows.length !== t.rank ||
    rows.some((r) =>
      !Array.isArray(r) || r.length !== 2 ||
      r.some((v) => typeof v !== "number" || !Number.isInteger(v) || v < 0)
    )
  ) {
    throw new InvalidArgumentError(
      `pad: paddings ${text} must be ${t.rank} pairs [before, after] of non-negative ` +
        `integers, one per axis of shape ${formatShape(t.shape)}`,
    );
  }
  const widths = rows as [number, number][];
  widths.forEach(([before, after], d) => {
    const n = t.shape[d];
    const most = mode === "REFLECT" ? n - 1 : mode === "SYMMETRIC" ? n : Infinity;
    if (before > most || after > most) {
      throw new InvalidArgumentError(
        `pad: paddings [${before}, ${after}] of axis ${d} are too large for mode ${mode}: ` +
          `at most ${Math.max(most, 0)} on each side for an axis of length ${n}`,
      );
    }
  });
  return widths;
}

/** The paddings of `pad`: one `[before, after]` pair per axis, or an int tensor of shape [rank, 2]. */
export type PadWidths = readonly (readonly number[])[] | TensorLike;

/**
 * Pads each axis `d` with `paddings[d][0]` elements before and `paddings[d][1]` after
 * (TensorFlow's `pad`). Mode `"CONSTANT"` (default) fills with `constantValues` (a value of the
 * input's dtype); `"REFLECT"` mirrors the input without repeating the edge (at most length - 1 on
 * a side); `"SYMMETRIC"` mirrors it including the edge (at most length). Modes are
 * case-insensitive.
 *
 * @example
 * ```ts
 * import * as tf from "@denotensor/core";
 * console.log(tf.pad([1, 2, 3], [[1, 2]]).toString()); // tf.Tensor([0. 1. 2. 3. 0. 0.], shape=(6,), dtype=float32)
 * console.log(tf.pad([1, 2, 3], [[2, 2]], "REFLECT").toString()); // tf.Tensor([3. 2. 1. 2. 3. 2. 1.], shape=(7,), dtype=float32)
 * console.log(tf.pad([1, 2, 3], [[2, 2]], "SYMMETRIC").toString()); // tf.Tensor([2. 1. 1. 2. 3. 3. 2.], shape=(7,), dtype=float32)
 * ```
 */
export function pad(
  x: TensorLike,
  paddings: PadWidths,
  mode: PadMode = "CONSTANT",
  constantValues: Scalar = 0,
): Tensor {
  const t = input(x, "pad");
  const m = typeof mode === "string" ? mode.toUpperCase() : "";
  if (m !== "CONSTANT" && m !== "REFLECT" && m !== "SYMMETRIC") {
    throw new InvalidArgumentError(
      `pad: mode must be "CONSTANT", "REFLECT" or "SYMMETRIC", got ${JSON.stringify(mode)}`,
    );
  }
  const widths = padWidths(paddings, t, m);
  const shape = t.shape.map((n, d) => n + widths[d][0] + widths[d][1]);
  checkShape(shape, "pad");
  if (m === "CONSTANT") {
    scalarValue(constantValues, t.dtype, "pad"); // a value the dtype cannot hold is an error
    const begin = widths.map((w) => w[0]);
    const size = t.shape.slice();
    return embed(t, shape, { op: "slice", begin, size }, constantValues);
  }
  // Mirror modes: one gather per padded axis, with host-computed source positions.
  let y = t;
  widths.forEach(([before, after], d) => {
    if (before === 0 && after === 0) return;
    const n = t.shape[d];
    if (n + before + after > 2 ** 31 - 1) {
      throw new InvalidArgumentError(
        `pad: mode ${m} pads axis ${d} to ${n + before + after} entries, more than its int32 ` +
          `source index holds (2147483647)`,
      );
    }
    const src = new Int32Array(n + before + after);
    for (let i = 0; i < src.length; i++) {
      const j = i - before;
      src[i] = j < 0
        ? (m === "REFLECT" ? -j : -j - 1)
        : j >= n
        ? (m === "REFLECT" ? 2 * n - 2 - j : 2 * n - 1 - j)
        : j;
    }
    y = gather(y, constant(src, "int32"), d);
  });
  if (y !== t) return y;
  const out = view(t, t.shape, t.strides, t.offset);
  if (recording()) record("pad", [t], out);
  return out;
}
