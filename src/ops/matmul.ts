/**
 * Matrix products: `matmul` with TensorFlow's batch broadcasting and transposes that cost no
 * copy (they are strides).
 *
 * @module
 */
import type { View } from "../backends/backend.ts";
import { currentBackend } from "../device.ts";
import { promoteTypes } from "../dtype.ts";
import { castTensor, input, output, record, recording } from "../engine.ts";
import { InvalidArgumentError } from "../errors.ts";
import { checkOptions, keysOf } from "../options.ts";
import { formatShape } from "../format.ts";
import { broadcastShapes, broadcastStrides, contiguousStrides, reshapeStrides } from "../shape.ts";
import type { Tensor, TensorLike } from "../tensor.ts";

/** Options of matmul. */
export interface MatmulOptions {
  /** Multiply by the transpose of the last two axes of `a`. */
  transposeA?: boolean;
  /** Multiply by the transpose of the last two axes of `b`. */
  transposeB?: boolean;
}

const MATMUL_KEYS = keysOf<MatmulOptions>({ transposeA: true, transposeB: true });

function checkFlag(v: unknown, name: string): boolean {
  if (v === undefined) return false;
  if (typeof v !== "boolean") {
    throw new InvalidArgumentError(`matmul: ${name} must be a boolean, got ${String(v)}`);
  }
  return v;
}

/**
 * A rank-3 `[batch, rows, cols]` view of `t` broadcast to `batch`: its batch axes merged into
 * one when their strides allow, else `null` (the caller copies).
 */
function batchView(t: Tensor, batch: readonly number[], swap: boolean): View | null {
  const r = t.rank;
  const rows = swap ? t.shape[r - 1] : t.shape[r - 2];
  const cols = swap ? t.shape[r - 2] : t.shape[r - 1];
  const rs = swap ? t.strides[r - 1] : t.strides[r - 2];
  const cs = swap ? t.strides[r - 2] : t.strides[r - 1];
  const bStrides = broadcastStrides(t.shape.slice(0, -2), t.strides.slice(0, -2), batch);
  const total = batch.reduce((a, b) => a * b, 1);
  const merged = reshapeStrides(batch, bStrides, [total]);
  if (merged === null) return null;
  return {
    storage: t.storage,
    dtype: t.dtype,
    shape: [total, rows, cols],
    strides: [merged[0], rs, cs],
    offset: t.offset,
    size: total * rows * cols,
  };
}

/** A contiguous copy of `t` broadcast to `batch`, as a rank-3 view. */
function materialize(t: Tensor, batch: readonly number[], swap: boolean): [View, Tensor] {
  const backend = currentBackend();
  const r = t.rank;
  const shape = [...batch, t.shape[r - 2], t.shape[r - 1]];
  const src: View = {
    storage: t.storage,
    dtype: t.dtype,
    shape,
    strides: broadcastStrides(t.shape, t.strides, shape),
    offset: t.offset,
    size: shape.reduce((a, b) => a * b, 1),
  };
  const copy = output(backend, t.dtype, shape, src.size);
  backend.copy(src, copy);
  return [batchView(copy, batch, swap) as View, copy];
}

/**
 * Matrix product of the last two axes, broadcasting the leading (batch) axes. Both inputs need
 * rank 2 or more; dtypes are promoted (bool is not supported). `options` transposes either side;
 * TF.js's positional booleans `matmul(a, b, transposeA, transposeB)` are accepted too, and an
 * unknown option key (`transpose_b`) is an error, never ignored.
 *
 * @example
 * ```ts
 * import * as tf from "@denotensor/core";
 * const a = tf.constant([[1, 2], [3, 4]]);
 * console.log(tf.matmul(a, a).toString()); // tf.Tensor(\n[[ 7. 10.]\n [15. 22.]], shape=(2, 2), dtype=float32)
 * console.log(tf.matmul(a, a, { transposeB: true }).toString()); // [[ 5. 11.] [11. 25.]]
 * console.log(tf.matmul(a, a, false, true).toString()); // the same: TF.js's positional form
 * ```
 */
export function matmul(
  a: TensorLike,
  b: TensorLike,
  options?: MatmulOptions | boolean,
  transposeB?: boolean,
): Tensor {
  const x = input(a, "matmul");
  const y = input(b, "matmul");
  let ta: boolean, tb: boolean;
  if (typeof options === "boolean" || (options === undefined && transposeB !== undefined)) {
    // TF.js's positional form: matmul(a, b, transposeA, transposeB).
    if (transposeB !== undefined && typeof transposeB !== "boolean") {
      throw new InvalidArgumentError(`matmul: transposeB must be a boolean, got ${transposeB}`);
    }
    ta = options === true;
    tb = transposeB === true;
  } else {
    if (transposeB !== undefined) {
      throw new InvalidArgumentError(
        "matmul: a fourth argument goes with the positional form matmul(a, b, transposeA, " +
          "transposeB), not with an options object",
      );
    }
    const o = checkOptions(options, MATMUL_KEYS, "matmul options");
    ta = checkFlag(o?.transposeA, "transposeA");
    tb = checkFlag(o?.transposeB, "transposeB");
  }
  if (x.rank < 2 || y.rank < 2) {
    throw new InvalidArgumentError(
      `matmul: both inputs need rank 2 or more, got shapes ${formatShape(x.shape)} and ` +
        `${formatShape(y.shape)}`,
    );
  }
  const dtype = promoteTypes(x.dtype, y.dtype);
  if (dtype === "bool") throw new InvalidArgumentError("matmul: not supported for dtype bool");
  const m = ta ? x.shape[x.rank - 1] : x.shape[x.rank - 2];
  const k = ta ? x.shape[x.rank - 2] : x.shape[x.rank - 1];
  const k2 = tb ? y.shape[y.rank - 1] : y.shape[y.rank - 2];
  const n = tb ? y.shape[y.rank - 2] : y.shape[y.rank - 1];
  if (k !== k2) {
    throw new InvalidArgumentError(
      `matmul: inner dimensions differ: ${formatShape(x.shape)}${ta ? "ᵀ" : ""} and ` +
        `${formatShape(y.shape)}${tb ? "ᵀ" : ""} (${k} != ${k2})`,
    );
  }
  const batch = broadcastShapes(x.shape.slice(0, -2), y.shape.slice(0, -2), "matmul");
  const backend = currentBackend();
  const xx = castTensor(x, dtype, backend);
  const yy = castTensor(y, dtype, backend);
  const temps: Tensor[] = [];
  const view = (t: Tensor, swap: boolean): View => {
    const v = batchView(t, batch, swap);
    if (v !== null) return v;
    const [mv, copy] = materialize(t, batch, swap);
    temps.push(copy);
    return mv;
  };
  const av = view(xx, ta);
  const bv = view(yy, tb);
  const shape = [...batch, m, n];
  const total = av.shape[0];
  const out = output(backend, dtype, shape, total * m * n, contiguousStrides(shape));
  if (out.size > 0) {
    if (k === 0) backend.fill(out, dtype === "int64" ? 0n : 0);
    else {
      backend.matmul(av, bv, {
        storage: out.storage,
        dtype,
        shape: [total, m, n],
        strides: [m * n, n, 1],
        offset: 0,
        size: out.size,
      });
    }
  }
  for (const t of temps) t.dispose();
  if (xx !== x) xx.dispose();
  if (yy !== y) yy.dispose();
  if (recording()) record("matmul", [x, y], out, { transposeA: ta, transposeB: tb });
  return out;
}
