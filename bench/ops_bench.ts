// deno bench bench/ — eager op latency and throughput on the current device.
// `deno task bench:compare` (bench/compare.ts) runs the same workloads next to NumPy.
import * as tf from "../mod.ts";

const a2 = tf.constant([[1, 2], [3, 4]]);
const b2 = tf.constant([[5, 6], [7, 8]]);
tf.random.setSeed(0);
const a6 = tf.random.normal([1e6]);
const b6 = tf.random.normal([1e6]);
const m256a = tf.random.normal([256, 256]);
const m256b = tf.random.normal([256, 256]);

Deno.bench("add 2x2", { group: "small" }, () => {
  tf.add(a2, b2);
});

Deno.bench("matmul 2x2", { group: "small" }, () => {
  tf.matmul(a2, b2);
});

Deno.bench("mul 2x2 by a JS scalar", { group: "small" }, () => {
  a2.mul(3);
});

Deno.bench("add 1e6 float32", { group: "large" }, () => {
  tf.add(a6, b6);
});

Deno.bench("matmul 256 float32", { group: "large" }, () => {
  tf.matmul(m256a, m256b);
});

Deno.bench("reduceSum 1e6 float32", { group: "large" }, () => {
  tf.reduceSum(a6).item();
});

// Large tensors: the native CPU kernels and BLAS when present (see tf.config.getCpuKernels()),
// results disposed so that their buffers are recycled, as in bench/compare.ts.
const a7 = tf.random.normal([1e7]);
const b7 = tf.random.normal([1e7]);
const m1024a = tf.random.normal([1024, 1024]);
const m1024b = tf.random.normal([1024, 1024]);
const m4096 = tf.random.normal([4096, 4096]);

Deno.bench("add 1e7 float32 (disposed)", { group: "native" }, () => {
  tf.add(a7, b7).dispose();
});

Deno.bench("exp 1e7 float32 (disposed)", { group: "native" }, () => {
  tf.exp(a7).dispose();
});

Deno.bench("tanh 1e7 float32 (disposed)", { group: "native" }, () => {
  tf.tanh(a7).dispose();
});

Deno.bench("reduceSum 1e7 float32", { group: "native" }, () => {
  tf.reduceSum(a7).dispose();
});

Deno.bench("reduceSum over axis 1 of 4096x4096", { group: "native" }, () => {
  tf.reduceSum(m4096, 1).dispose();
});

Deno.bench("matmul 1024 float32", { group: "native" }, () => {
  tf.matmul(m1024a, m1024b).dispose();
});
