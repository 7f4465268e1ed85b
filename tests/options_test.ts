// Options arguments are checked, never ignored: every function that takes an options object
// rejects an unknown key (naming the closest known one) and a value that is not an object.
import * as tf from "../mod.ts";
import { assertThrows } from "./helpers.ts";

// deno-lint-ignore no-explicit-any
type Call = (options: any) => unknown;

const x = tf.constant([[1, 2], [3, 4]]);
const idx = tf.constant([0, 1], "int32");
const CALLS: Record<string, Call> = {
  matmul: (o) => tf.matmul(x, x, o),
  oneHot: (o) => tf.oneHot(idx, 3, o),
  "random.normal": (o) => tf.random.normal([2], o),
  "random.uniform": (o) => tf.random.uniform([2], o),
  "random.truncatedNormal": (o) => tf.random.truncatedNormal([2], o),
  "random.shuffle": (o) => tf.random.shuffle(idx, o),
  argmax: (o) => tf.argmax(x, 0, o),
  argmin: (o) => tf.argmin(x, 0, o),
  cumsum: (o) => tf.cumsum(x, 0, o),
  "nn.dropout": (o) => tf.nn.dropout(x, 0.5, o),
  "nn.softmaxCrossEntropyWithLogits": (o) => tf.nn.softmaxCrossEntropyWithLogits(o),
  "nn.sparseSoftmaxCrossEntropyWithLogits": (o) => tf.nn.sparseSoftmaxCrossEntropyWithLogits(o),
  GradientTape: (o) => new tf.GradientTape(o).stop?.(),
  Variable: (o) => new tf.Variable([1], o),
};

for (const [name, call] of Object.entries(CALLS)) {
  Deno.test(`${name}: an unknown option key or a non-object options argument is an error`, () => {
    const E = tf.InvalidArgumentError;
    assertThrows(() => call({ bogusKey: 1 }), E, '"bogusKey"', "did you mean", "known:");
    assertThrows(() => call("options"), E, "must be an object");
    assertThrows(() => call(42), E, "must be an object");
  });
}

Deno.test("the closest known key is suggested for a Python or TF.js spelling", () => {
  assertThrows(
    () => tf.cumsum(x, 0, { exclusive_: true } as never),
    tf.InvalidArgumentError,
    '"exclusive"',
  );
  assertThrows(
    () => tf.argmax(x, 0, { output_type: "int64" } as never),
    tf.InvalidArgumentError,
    '"outputType"',
  );
});
