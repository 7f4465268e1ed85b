// The standing hostile-input suite, ops half: out-of-range and negative indices on every
// indexing op, bad axes, shapes and sizes, and ops on disposed tensors and views over them. Each
// must be an error of the right type whose message names the op and the bad value, and the
// backend must stay usable afterwards. Runs on every backend of the test task (CPU, native CPU,
// cuda-emu); on a device the index checks run in the kernels and surface at the next read, so
// each case reads its result.
import * as tf from "../mod.ts";
import * as np from "../numpy.ts";
import { assertEquals, assertThrows, deviceTest } from "./helpers.ts";

type Case = [name: string, run: (x: tf.Tensor) => unknown, fragments: string[]];

const read = (t: tf.Tensor | tf.Tensor[]) =>
  Array.isArray(t) ? t.map((u) => u.dataSync()) : t.dataSync();
const i32 = (v: number[] | number[][]) => tf.constant(v, "int32");

// x is [[0, 1, 2, 3], [4, 5, 6, 7], [8, 9, 10, 11]] (float32).
const INDEXING: Case[] = [
  ["gather past the end", (x) => read(tf.gather(x, i32([0, 3]))), ["gather", "index 3", "[0, 3)"]],
  ["gather negative", (x) => read(tf.gather(x, i32([-1]))), ["gather", "index -1"]],
  [
    "gather int64 past 2^32",
    (x) => read(tf.gather(x, tf.constant([2n ** 40n], "int64"))),
    ["gather", "1099511627776"],
  ],
  ["gather uint8", (x) => read(tf.gather(x, tf.constant([200], "uint8"))), ["gather", "200"]],
  ["gather float indices", (x) => read(tf.gather(x, tf.constant([0.5]))), ["gather", "float32"]],
  ["gather axis", (x) => read(tf.gather(x, [0], 2)), ["gather", "axis 2"]],
  ["gatherNd", (x) => read(tf.gatherNd(x, i32([[0, 4]]))), ["gatherNd", "row 0", "(3, 4)"]],
  ["gatherNd negative", (x) => read(tf.gatherNd(x, i32([[1, 0], [-1, 0]]))), ["gatherNd", "row 1"]],
  ["gatherNd too long", (x) => read(tf.gatherNd(x, i32([[0, 0, 0]]))), ["gatherNd", "(1, 3)"]],
  [
    "scatterNd",
    () => read(tf.scatterNd(i32([[3]]), [[1, 2, 3, 4]], [3, 4])),
    ["scatterNd", "row 0", "(3,)"],
  ],
  [
    "scatterNd negative",
    () => read(tf.scatterNd(i32([[0], [-2]]), [[1, 2], [3, 4]], [3, 2])),
    ["scatterNd", "row 1"],
  ],
  [
    "scatterNd updates",
    () => read(tf.scatterNd(i32([[0]]), [[1, 2, 3]], [3, 4])),
    ["scatterNd", "(1, 3)", "(1, 4)"],
  ],
  ["slice begin", (x) => read(tf.slice(x, [4, 0], [1, 1])), ["slice", "begin 4", "length 3"]],
  ["slice size", (x) => read(tf.slice(x, [0, 0], [1, 9])), ["slice", "size 9"]],
  ["slice negative size", (x) => read(tf.slice(x, [0, 0], [-2, 1])), ["slice", "size -2"]],
  ["at", (x) => x.at(5), ["at", "index 5", "size 3"]],
  ["at negative", (x) => x.at(-4), ["at", "index -4"]],
  ["booleanMask", (x) => read(tf.booleanMask(x, [true, false])), ["booleanMask", "(2,)"]],
  ["topk", (x) => read(tf.topk(x, 5).values), ["topk", "got 5"]],
  ["split", (x) => read(tf.split(x, [1, 1], 0)), ["split", "[1,1]", "3"]],
  ["unstack", (x) => read(tf.unstack(x, 2)), ["unstack", "axis 2"]],
  ["reverse", (x) => read(tf.reverse(x, [2])), ["reverse", "axis 2"]],
  ["transpose", (x) => read(tf.transpose(x, [0, 0])), ["transpose", "[0,0]"]],
  ["pad", (x) => read(tf.pad(x, [[-1, 0], [0, 0]])), ["pad", "[[-1,0],[0,0]]"]],
  ["tile", (x) => read(tf.tile(x, [-1, 1])), ["tile", "[-1,1]"]],
  ["reshape", (x) => read(tf.reshape(x, [5, -1])), ["reshape", "(5, -1)"]],
  ["expandDims", (x) => read(tf.expandDims(x, 5)), ["expandDims", "axis 5"]],
  ["squeeze", (x) => read(tf.squeeze(x, [0])), ["squeeze", "axis 0", "length 3"]],
  ["concat", (x) => read(tf.concat([x, tf.ones([2, 3])], 0)), ["concat", "(2, 3)"]],
  ["stack", (x) => read(tf.stack([x, tf.ones([4, 3])])), ["stack", "(4, 3)"]],
  ["broadcastTo", (x) => read(tf.broadcastTo(x, [3, 5])), ["broadcastTo", "(3, 5)"]],
  ["oneHot depth", () => read(tf.oneHot(i32([0]), -1)), ["oneHot", "-1"]],
  [
    "sparse cross-entropy label",
    () => read(tf.nn.sparseSoftmaxCrossEntropyWithLogits({ labels: [4], logits: [[1, 2, 3]] })),
    ["sparseSoftmaxCrossEntropyWithLogits", "position 0", "[0, 3)"],
  ],
  [
    "sparse cross-entropy negative label",
    () =>
      read(
        tf.nn.sparseSoftmaxCrossEntropyWithLogits({
          labels: [0, -1],
          logits: [[1, 2, 3], [1, 2, 3]],
        }),
      ),
    ["sparseSoftmaxCrossEntropyWithLogits", "position 1"],
  ],
  [
    "Embedding id",
    () => read(new tf.keras.layers.Embedding({ inputDim: 3, outputDim: 2 }).apply(i32([[5]]))),
    ["gather", "index 5", "[0, 3)"],
  ],
  ["argmax axis", (x) => read(tf.argmax(x, 3)), ["argmax", "axis 3"]],
  ["reduceSum axis", (x) => read(tf.reduceSum(x, -3)), ["reduceSum", "axis -3"]],
  ["cumsum axis", (x) => read(tf.cumsum(x, 2)), ["cumsum", "axis 2"]],
  ["eye", () => read(tf.eye(-1)), ["eye", "-1"]],
  ["zeros", () => read(tf.zeros([1.5])), ["zeros", "1.5"]],
  ["range", () => read(tf.range(0, 10, 0)), ["range", "delta"]],
];

deviceTest("hostile indices, axes and sizes: clear errors, the backend still usable", () => {
  const x = tf.reshape(tf.range(12), [3, 4]);
  for (const [name, run, fragments] of INDEXING) {
    assertThrows(() => run(x), tf.InvalidArgumentError, ...fragments);
    // Usable afterwards: a gather (the flag is clear) and an add give right answers.
    assertEquals(tf.gather(x, i32([2, 0])).add(1).tolist(), [[9, 10, 11, 12], [1, 2, 3, 4]], name);
  }
});

deviceTest("ops on disposed tensors fail naming the op; views keep their storage", () => {
  const t = tf.reshape(tf.range(6), [2, 3]);
  const v = tf.transpose(t.reshape([3, 2])); // a view made before the dispose
  const s = tf.slice(t, [0, 1], [2, 2]);
  t.dispose();
  assertEquals(v.tolist(), [[0, 2, 4], [1, 3, 5]], "the view outlives its base");
  assertEquals(s.tolist(), [[1, 2], [4, 5]]);
  const E = tf.FailedPreconditionError;
  const ops: [string, () => unknown][] = [
    ["reshape", () => tf.reshape(t, [3, 2])],
    ["slice", () => tf.slice(t, [0, 0], [1, 1])],
    ["transpose", () => tf.transpose(t)],
    ["expandDims", () => tf.expandDims(t, 0)],
    ["at", () => t.at(0)],
    ["gather", () => tf.gather(t, [0])],
    ["add", () => tf.add(t, 1)],
    ["matmul", () => tf.matmul(t, tf.ones([3, 1]))],
    ["cast", () => tf.cast(t, "int32")],
    ["split", () => tf.split(t, 2)],
    ["np.asarray", () => np.asarray(t)],
    ["dataSync", () => t.dataSync()],
  ];
  for (const [op, run] of ops) assertThrows(run, E, op, "disposed");
  // A Variable refuses assign once disposed.
  const va = new tf.Variable([1, 2]);
  va.dispose();
  assertThrows(() => va.assign([3, 4]), E, "assign", "disposed");
  v.dispose();
  s.dispose();
  assertEquals(tf.add([1, 2], 1).tolist(), [2, 3]);
});
