/**
 * Part 3 of the seed tutorial: dynamic control flow ("동적 흐름 제어").
 * Run: deno run examples/dynamic_control_flow.ts
 *
 * In TensorFlow 1.x graph mode, `for i in b` failed with "TypeError: Tensor objects are only
 * iterable when eager execution is enabled". Eager tensors iterate over their first axis, so
 * ordinary control flow works.
 */
import * as tf from "../mod.ts";

const b = tf.constant([1., 2., 3.]);
for (const i of b) {
  console.log(i);
}
