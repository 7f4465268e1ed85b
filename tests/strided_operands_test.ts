// Elementwise ops whose operands are read across their rows (transposes, permutations, flips of
// large tensors) give the values of the same op on dense copies: the CPU backend makes such an
// operand dense first (a tiled copy) when the native library runs, and reads it in place
// otherwise. Broadcast and contiguous operands are read as they are.
import * as tf from "../mod.ts";
import { assertEquals } from "./helpers.ts";

/** The values of `t` as a plain list (bigints as strings, -0 kept). */
function values(t: tf.Tensor): string[] {
  return Array.from(
    t.dataSync() as ArrayLike<number | bigint>,
    (v) => Object.is(v, -0) ? "-0" : String(v),
  );
}

/** A dense tensor with the values of `t`, in C order. */
function dense(t: tf.Tensor): tf.Tensor {
  return tf.reshape(tf.constant(t.dataSync(), t.dtype), t.shape);
}

Deno.test("elementwise ops of transposed and permuted large operands equal those of dense copies", () => {
  const n = 300, m = 400; // 120000 elements: above the size from which operands are made dense
  const base = tf.reshape(tf.range(0, n * m, 1, "float32"), [n, m]);
  const x = tf.sin(base), y = tf.cos(base);
  for (const dtype of ["float32", "int32", "int64", "float64"] as const) {
    const a = tf.cast(tf.mul(x, 1000), dtype), b = tf.cast(tf.mul(y, 1000), dtype);
    const at = tf.transpose(a), bt = tf.transpose(b);
    assertEquals(values(tf.add(at, bt)), values(tf.add(dense(at), dense(bt))), `add ${dtype}`);
    assertEquals(values(tf.sub(at, 7)), values(tf.sub(dense(at), 7)), `sub scalar ${dtype}`);
    assertEquals(values(tf.maximum(at, tf.transpose(a))), values(dense(at)), `max ${dtype}`);
    // A broadcast operand next to a transposed one.
    const row = tf.slice(bt, [0, 0], [1, n]);
    assertEquals(values(tf.mul(at, row)), values(tf.mul(dense(at), dense(row))), `mul ${dtype}`);
  }
  // A 3-D permutation and a reversed axis.
  const c = tf.reshape(x, [30, 40, 100]);
  const cp = tf.transpose(c, [2, 0, 1]);
  assertEquals(values(tf.add(cp, cp)), values(tf.add(dense(cp), dense(cp))));
  const rev = tf.reverse(x, [1]);
  assertEquals(values(tf.mul(rev, 2)), values(tf.mul(dense(rev), 2)));
  // Unary ops.
  assertEquals(values(tf.exp(cp)), values(tf.exp(dense(cp))));
  assertEquals(values(tf.neg(tf.transpose(x))), values(tf.neg(dense(tf.transpose(x)))));
  // Booleans.
  const p = tf.greater(tf.transpose(x), 0), q = tf.less(tf.transpose(y), 0.5);
  assertEquals(values(tf.logicalAnd(p, q)), values(tf.logicalAnd(dense(p), dense(q))));
});
