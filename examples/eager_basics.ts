/**
 * Part 1 of the seed tutorial (TensorFlow 1.15 eager execution, "즉시 실행"), in denotensor.
 * Run: deno run examples/eager_basics.ts
 *
 * Without eager execution, TensorFlow 1.x only built a graph:
 *
 *     a = tf.constant([[1.,2.], [3.,4.]])
 *     print(a)              # Tensor("Const:0", shape=(2, 2), dtype=float32)
 *     print(tf.matmul(a,a)) # Tensor("MatMul:0", shape=(2, 2), dtype=float32)
 *
 * and the values needed a session: `with tf.Session() as sess: print(sess.run(a))`.
 * denotensor has no graphs and no sessions: every op runs when it is called.
 */
import * as tf from "../mod.ts";

// tf.executing_eagerly() => True (printed the way Python prints booleans, as in the tutorial).
console.log(tf.executingEagerly() ? "True" : "False");

const a = tf.constant([[1., 2.], [3., 4.]]);
console.log(a);
console.log(tf.matmul(a, a));
