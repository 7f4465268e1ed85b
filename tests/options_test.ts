// Options arguments are checked, never ignored. tests/options_walk_test.ts calls every function
// that takes an options object with an unknown key and with a non-object; here, what those
// checks let through.
import * as tf from "../mod.ts";
import * as np from "../numpy.ts";
import { assertEquals, assertThrows } from "./helpers.ts";

const x = tf.constant([[1, 2], [3, 4]]);

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
  assertThrows(
    () => new tf.keras.layers.Dense({ units: 1, use_bias: false } as never),
    tf.InvalidArgumentError,
    "Dense options",
    '"useBias"',
  );
  assertThrows(
    () => np.sum([1, 2], { keepDims: true } as never),
    tf.InvalidArgumentError,
    "np.sum options",
    '"keepdims"',
  );
});

Deno.test("a subclass takes its base's keys and its own; a function form only its own", () => {
  const { layers, losses, optimizers } = tf.keras;
  const dense = new layers.Dense({ units: 1, name: "d", trainable: false, inputShape: [2] });
  assertEquals([dense.name, dense.trainable, dense.inputShape], ["d", false, [2]]);
  assertEquals(new layers.MaxPool2D({ name: "p", poolSize: 3 }).name, "p");
  assertEquals(new tf.keras.Sequential([], { name: "s" }).name, "s");
  assertEquals(new optimizers.AdamW({ learningRate: 0.1, beta1: 0.5 }).weightDecay, 0.004);
  assertEquals(new optimizers.SGD({ clipnorm: 1, nesterov: true }).clipnorm, 1);
  const bce = new losses.BinaryCrossentropy({ reduction: "sum", name: "b", fromLogits: true });
  assertEquals([bce.reduction, bce.name, bce.fromLogits], ["sum", "b", true]);
  assertEquals(new tf.keras.metrics.BinaryAccuracy({ name: "a", threshold: 0.7 }).name, "a");
  assertThrows(
    () => losses.binaryCrossentropy([[1]], [[0.5]], { reduction: "sum" } as never),
    tf.InvalidArgumentError,
    "binaryCrossentropy options",
    '"reduction"',
  );
});
