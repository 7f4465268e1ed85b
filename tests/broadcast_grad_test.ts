// Gradients whose output gradient is a broadcast view (the gradient of reduceSum/reduceMean: one
// value with stride 0) give the same values as a dense output gradient, through matmul (BLAS and
// the TypeScript kernel both read a dense copy of such a view) and conv2d.
import * as tf from "../mod.ts";
import { assertClose, makeRandom } from "./helpers.ts";

const random = makeRandom(7);

function grads(
  f: (xs: tf.Tensor[]) => tf.Tensor,
  xs: tf.Tensor[],
  reduce: "sum" | "mean",
): tf.Tensor[] {
  const vs = xs.map((x) => new tf.Variable(x));
  const tape = new tf.GradientTape();
  const y = f(vs.map((v) => v.value()));
  const loss = reduce === "sum" ? tf.reduceSum(y) : tf.reduceMean(y);
  return tape.gradient(loss, vs) as tf.Tensor[];
}

function dense(f: (xs: tf.Tensor[]) => tf.Tensor, xs: tf.Tensor[], scale: number): tf.Tensor[] {
  const vs = xs.map((x) => new tf.Variable(x));
  const tape = new tf.GradientTape();
  const y = f(vs.map((v) => v.value()));
  const dy = tf.fill(y.shape, scale);
  return tape.gradient(y, vs, { outputGradients: dy }) as tf.Tensor[];
}

const CASES: [string, number[][], (xs: tf.Tensor[]) => tf.Tensor][] = [
  ["matmul 64x48 by 48x80", [[64, 48], [48, 80]], ([a, b]) => tf.matmul(a, b)],
  [
    "matmul transposed",
    [[48, 64], [80, 48]],
    ([a, b]) => tf.matmul(a, b, { transposeA: true, transposeB: true }),
  ],
  ["batched matmul", [[3, 16, 8], [3, 8, 12]], ([a, b]) => tf.matmul(a, b)],
  [
    "conv2d SAME",
    [[2, 9, 9, 4], [3, 3, 4, 5]],
    ([x, f]) => tf.nn.conv2d(x, f, { padding: "SAME" }),
  ],
  [
    "conv2d VALID stride 2",
    [[2, 9, 9, 3], [3, 3, 3, 4]],
    ([x, f]) => tf.nn.conv2d(x, f, { padding: "VALID", strides: 2 }),
  ],
];

for (const [name, shapes, f] of CASES) {
  for (const dtype of ["float32", "float64"] as const) {
    Deno.test(`${name} (${dtype}): reduceSum/reduceMean gradients equal dense ones`, () => {
      const xs = shapes.map((s) => {
        const values = Float64Array.from({ length: s.reduce((p, d) => p * d, 1) }, random);
        return tf.constant(values, dtype).reshape(s);
      });
      const n = f(xs).size;
      for (const [reduce, scale] of [["sum", 1], ["mean", 1 / n]] as const) {
        const got = grads(f, xs, reduce), want = dense(f, xs, scale);
        got.forEach((g, i) =>
          assertClose(
            g.dataSync() as Float64Array,
            want[i].dataSync() as Float64Array,
            dtype === "float32" ? 1e-5 : 1e-12,
            1e-6,
          )
        );
      }
    });
  }
}
