// Reductions over a leading axis (columns: the reduced axis strided, the last kept axis
// contiguous) give, bit for bit, what the same reduction gives over the last axis of the
// transposed data made contiguous: the native CPU library folds neighbouring columns together
// but keeps each row's grouping (kernels/reduce.cu, dt_reduce_cpu_cols); the TypeScript kernels
// fold every row in order. Sizes cross the 16-lane and 16384-element chunk boundaries.
import * as tf from "../mod.ts";
import { assertEquals } from "./helpers.ts";

/** Deterministic values with ties, zeros of both signs and a wide range of magnitudes. */
function values(n: number, dtype: "float32" | "int32"): number[] {
  const out: number[] = [];
  let h = 7;
  for (let i = 0; i < n; i++) {
    h = (h * 1103515245 + 12345) % 2147483648;
    const v = (h / 2 ** 31 - 0.5) * 10 ** ((h >> 7) % 7 - 3);
    out.push(dtype === "int32" ? Math.round(v * 1000) : i % 97 === 0 ? (i & 1 ? -0 : 0) : v);
  }
  return out;
}

/** `x` (shape [rows, cols]) transposed into a new contiguous tensor. */
function denseTranspose(x: tf.Tensor): tf.Tensor {
  const [r, c] = x.shape,
    d = x.dataSync(),
    out = new (d.constructor as Float32ArrayConstructor)(
      r * c,
    );
  for (let i = 0; i < r; i++) for (let j = 0; j < c; j++) out[j * r + i] = d[i * c + j] as number;
  return tf.reshape(tf.constant(out, x.dtype), [c, r]);
}

function bits(t: tf.Tensor): string {
  const d = t.dataSync();
  return Array.from(d as ArrayLike<number>, (v) => Object.is(v, -0) ? "-0" : String(v)).join(",");
}

const REDUCTIONS = {
  sum: (x: tf.Tensor, axis: number) => tf.reduceSum(x, axis),
  mean: (x: tf.Tensor, axis: number) => tf.reduceMean(x, axis),
  max: (x: tf.Tensor, axis: number) => tf.reduceMax(x, axis),
  min: (x: tf.Tensor, axis: number) => tf.reduceMin(x, axis),
  prod: (x: tf.Tensor, axis: number) => tf.reduceProd(x, axis),
};

Deno.test("column reductions equal row reductions of the transposed data, bit for bit", () => {
  for (const [rows, cols] of [[20_000, 9], [37, 300], [16, 64], [15, 257], [3, 8]]) {
    for (const dtype of ["float32", "int32"] as const) {
      const x = tf.reshape(tf.constant(values(rows * cols, dtype), dtype), [rows, cols]);
      const xt = denseTranspose(x);
      for (const [name, f] of Object.entries(REDUCTIONS)) {
        if (name === "prod" && rows > 100) continue; // overflows to inf/0 either way
        assertEquals(bits(f(x, 0)), bits(f(xt, 1)), `${name} ${dtype} ${rows}x${cols}`);
      }
    }
  }
  // NaNs: a row holding one gives NaN on both paths (the vectorised ordered fold of contiguous
  // rows and the column fold), and rows without keep their zeros' signs.
  const nanData = values(3000 * 24, "float32").map((v, i) => i % 1013 === 5 ? NaN : v);
  const z = tf.reshape(tf.constant(nanData), [3000, 24]), zt = denseTranspose(z);
  assertEquals(bits(tf.reduceMax(z, 0)), bits(tf.reduceMax(zt, 1)));
  assertEquals(bits(tf.reduceMin(z, 0)), bits(tf.reduceMin(zt, 1)));
  // A middle axis of a 3-D tensor: the kept axes around it, the last one contiguous.
  const y = tf.reshape(tf.constant(values(4 * 500 * 70, "float32")), [4, 500, 70]);
  const yt = tf.reshape(tf.constant(tf.transpose(y, [0, 2, 1]).dataSync()), [4, 70, 500]);
  assertEquals(bits(tf.reduceSum(y, 1)), bits(tf.reduceSum(yt, 2)));
  assertEquals(bits(tf.reduceMax(y, 1)), bits(tf.reduceMax(yt, 2)));
});
