// tf.keras: layer tracking, layers, losses, metrics, Sequential, compile/fit/evaluate/predict,
// callbacks, progress output and memory.
import * as tf from "../mod.ts";
import { assertClose, assertEquals, assertThrows } from "./helpers.ts";

const { layers, losses, metrics, callbacks } = tf.keras;

function values(t: tf.Tensor | tf.Variable): number[] {
  return Array.from(t.dataSync() as Float32Array, Number);
}

/** A ProgressOutput that keeps what is written. */
class Capture implements tf.keras.ProgressOutput {
  text = "";
  constructor(readonly terminal = false) {}
  writeSync(p: Uint8Array): number {
    this.text += new TextDecoder().decode(p);
    return p.length;
  }
  isTerminal(): boolean {
    return this.terminal;
  }
}

// ---------------------------------------------------------------- tracking

class Block extends layers.Layer {
  inner = new layers.Dense({ units: 2, name: "block_dense" });
  scale = new tf.Variable(1.0, { name: "block_scale" });
  call(x: tf.Tensor): tf.Tensor {
    return this.inner.apply(x).mul(this.scale);
  }
}

class Net extends tf.keras.Model {
  w = new tf.Variable([1, 2], { name: "w" });
  frozen = new tf.Variable(3.0, { name: "frozen", trainable: false });
  stack = [new layers.Dense({ units: 3, name: "first" }), new Block({ name: "block" })];
  sub = new tf.keras.Sequential([new layers.Dense({ units: 1, name: "sub_dense" })]);
  #hidden = new tf.Variable(7.0, { name: "hidden" });
  notALayer = { v: new tf.Variable(9.0) };
  call(x: tf.Tensor): tf.Tensor {
    let h = x;
    for (const l of this.stack) h = l.apply(h);
    return this.sub.apply(h).add(this.#hidden.mul(0));
  }
}

Deno.test("Model tracks variables in public fields, arrays, nested layers and sub-models", () => {
  const net = new Net();
  net.apply(tf.ones([4, 5]));
  assertEquals(net.namedVariables().map((n) => n.path), [
    "w",
    "frozen",
    "stack/0/kernel",
    "stack/0/bias",
    "stack/1/inner/kernel",
    "stack/1/inner/bias",
    "stack/1/scale",
    "sub/layers/0/kernel",
    "sub/layers/0/bias",
  ]);
  assertEquals(net.variables.map((v) => v.name), [
    "w:0",
    "frozen:0",
    "first/kernel:0",
    "first/bias:0",
    "block_dense/kernel:0",
    "block_dense/bias:0",
    "block_scale:0",
    "sub_dense/kernel:0",
    "sub_dense/bias:0",
  ]);
  assertEquals(net.trainableVariables.length, 8);
  assertEquals(net.nonTrainableVariables.map((v) => v.name), ["frozen:0"]);
  assertEquals(net.countParams(), 2 + 1 + 15 + 3 + 6 + 2 + 1 + 2 + 1);
  // Stable: a second call builds nothing new.
  net.apply(tf.ones([2, 5]));
  assertEquals(net.variables.length, 9);
});

Deno.test("a layer marked not trainable keeps its variables out of trainableVariables", () => {
  const net = new Net();
  net.apply(tf.ones([1, 5]));
  net.sub.trainable = false;
  assertEquals(net.trainableVariables.map((v) => v.name).includes("sub_dense/kernel:0"), false);
  assertEquals(net.nonTrainableVariables.length, 3);
});

Deno.test("default layer names are snake_case and numbered", () => {
  class MyFancyLayer extends layers.Layer {
    call(x: tf.Tensor): tf.Tensor {
      return x;
    }
  }
  const a = new MyFancyLayer(), b = new MyFancyLayer();
  assertEquals(a.name.startsWith("my_fancy_layer"), true);
  assertEquals(b.name === a.name, false);
  assertThrows(() => new MyFancyLayer({ name: "" }), tf.InvalidArgumentError, "name");
});

Deno.test("getWeights and setWeights round-trip and check shapes", () => {
  const d = new layers.Dense({ units: 2 });
  d.apply(tf.ones([1, 3]));
  const w = d.getWeights();
  assertEquals(w.map((t) => t.shape), [[3, 2], [2]]);
  d.setWeights([tf.ones([3, 2]), [1, -1]]);
  assertEquals(d.apply([[1, 2, 3]]).tolist(), [[7, 5]]);
  assertThrows(() => d.setWeights([tf.ones([2, 2]), [0, 0]]), tf.InvalidArgumentError, "(3, 2)");
  assertThrows(() => d.setWeights([tf.ones([3, 2])]), tf.InvalidArgumentError, "expected 2");
});

// ---------------------------------------------------------------- layers

Deno.test("Dense computes activation(x @ kernel + bias) and names its weights", () => {
  const d = new layers.Dense({ units: 2, activation: "relu", name: "my_dense" });
  d.apply(tf.zeros([1, 3]));
  d.setWeights([[[1, -1], [2, 0], [0, 1]], [0.5, -4]]);
  assertEquals(d.apply([[1, 1, 1], [2, 0, -1]]).tolist(), [[3.5, 0], [2.5, 0]]);
  assertEquals(d.kernel?.name, "my_dense/kernel:0");
  assertEquals(d.bias?.name, "my_dense/bias:0");
  // Rank 3: applied over the last axis.
  const y = d.apply(tf.ones([4, 5, 3]));
  assertEquals(y.shape, [4, 5, 2]);
  assertClose(values(y.at(0, 0)), [3.5, 0]);
  // No bias, sigmoid.
  const s = new layers.Dense({ units: 1, useBias: false, activation: "sigmoid" });
  s.apply(tf.zeros([1, 1]));
  s.setWeights([[[2]]]);
  assertClose(values(s.apply([[0], [1]])), [0.5, 1 / (1 + Math.exp(-2))], 1e-6);
  assertEquals(s.bias, null);
});

Deno.test("Dense activations by name", () => {
  const x = [[-1, 0, 2]];
  const run = (activation: "tanh" | "softmax" | "linear"): number[] => {
    const d = new layers.Dense({ units: 3, activation, useBias: false });
    d.apply(tf.zeros([1, 3]));
    d.setWeights([tf.eye(3)]);
    return values(d.apply(x));
  };
  assertClose(run("tanh"), [Math.tanh(-1), 0, Math.tanh(2)], 1e-6);
  assertClose(run("linear"), [-1, 0, 2]);
  const e = [Math.exp(-1), 1, Math.exp(2)], sum = e[0] + e[1] + e[2];
  assertClose(run("softmax"), e.map((v) => v / sum), 1e-6);
});

Deno.test("Dense validates options and inputs", () => {
  assertThrows(() => new layers.Dense({ units: 0 }), tf.InvalidArgumentError, "units", "0");
  assertThrows(
    // deno-lint-ignore no-explicit-any
    () => new layers.Dense({ units: 2, activation: "relux" as any }),
    tf.InvalidArgumentError,
    '"relux"',
  );
  assertThrows(
    () => new layers.Dense({ units: 2, kernelInitializer: "glorot_sideways" }),
    tf.InvalidArgumentError,
    '"glorot_sideways"',
  );
  const d = new layers.Dense({ units: 2 });
  d.apply(tf.zeros([1, 3]));
  assertThrows(() => d.apply(tf.zeros([1, 4])), tf.InvalidArgumentError, "(..., 3)", "(1, 4)");
  assertThrows(
    () => new layers.Dense({ units: 2 }).apply([1, 2]),
    tf.InvalidArgumentError,
    "rank 2",
  );
});

Deno.test("initializers: names, bounds and seeds", () => {
  const fill = (init: string): number[] => {
    const d = new layers.Dense({ units: 64, kernelInitializer: init, biasInitializer: "ones" });
    d.apply(tf.zeros([1, 32]));
    assertEquals(values(d.bias as tf.Variable).every((v) => v === 1), true);
    return values(d.kernel as tf.Variable);
  };
  assertEquals(fill("zeros").every((v) => v === 0), true);
  const limit = Math.sqrt(6 / (32 + 64));
  const g = fill("glorotUniform");
  assertEquals(g.every((v) => Math.abs(v) <= limit), true);
  assertEquals(Math.max(...g.map(Math.abs)) > 0.9 * limit, true);
  const he = fill("he_normal");
  const std = Math.sqrt(he.reduce((s, v) => s + v * v, 0) / he.length);
  assertClose([std], [Math.sqrt(2 / 32)], 0.1);
  // Truncated at two standard deviations of the untruncated distribution.
  assertEquals(he.every((v) => Math.abs(v) <= 2 * Math.sqrt(2 / 32) / 0.87962566103423978), true);
  tf.random.setSeed(5);
  const a = fill("glorotUniform");
  tf.random.setSeed(5);
  assertEquals(fill("glorotUniform"), a);
  const init = new tf.keras.initializers.Constant({ value: 0.25 });
  assertEquals(init.call([2]).tolist(), [0.25, 0.25]);
});

Deno.test("Dropout is the identity unless training, and inverted-scales what it keeps", () => {
  const drop = new layers.Dropout({ rate: 0.25, seed: 3 });
  const x = tf.ones([4000]);
  assertEquals(drop.apply(x).tolist(), x.tolist());
  assertEquals(drop.apply(x, { training: false }).tolist(), x.tolist());
  const y = values(drop.apply(x, { training: true }));
  const kept = y.filter((v) => v !== 0);
  assertEquals(kept.every((v) => Math.abs(v - 1 / 0.75) < 1e-6), true);
  const dropped = 1 - kept.length / y.length;
  assertEquals(Math.abs(dropped - 0.25) < 0.03, true, `dropped ${dropped}`);
  // Each call draws a new mask.
  const z = values(drop.apply(x, { training: true }));
  assertEquals(z.some((v, i) => v !== y[i]), true);
  // The gradient flows through the kept units only.
  const v = new tf.Variable(tf.ones([100]));
  const tape = new tf.GradientTape();
  const out = drop.apply(v, { training: true });
  const g = values(tape.gradient(out.sum(), v) as tf.Tensor);
  const o = values(out);
  assertEquals(g, o);
  assertEquals(new layers.Dropout({ rate: 0 }).apply(x, { training: true }).tolist(), x.tolist());
  assertThrows(() => new layers.Dropout({ rate: 1 }), tf.InvalidArgumentError, "rate", "1");
  assertThrows(() => new layers.Dropout({ rate: 0.5, seed: 1.5 }), tf.InvalidArgumentError, "1.5");
});

Deno.test("Flatten keeps the batch axis", () => {
  const f = new layers.Flatten();
  assertEquals(f.apply(tf.zeros([3, 2, 4])).shape, [3, 8]);
  assertEquals(f.apply(tf.zeros([3])).shape, [3, 1]);
  assertEquals(f.apply(tf.zeros([0, 5, 2])).shape, [0, 10]);
  assertEquals(f.apply(tf.range(6).reshape([1, 2, 3])).tolist(), [[0, 1, 2, 3, 4, 5]]);
  assertThrows(() => f.apply(tf.constant(1)), tf.InvalidArgumentError, "scalar");
});

Deno.test("Embedding gathers rows and gets gradients", () => {
  const emb = new layers.Embedding({ inputDim: 4, outputDim: 2, name: "emb" });
  emb.apply(tf.constant([0], "int32"));
  assertEquals(emb.embeddings?.name, "emb/embeddings:0");
  assertEquals(values(emb.embeddings as tf.Variable).every((v) => Math.abs(v) <= 0.05), true);
  emb.setWeights([[[0, 1], [2, 3], [4, 5], [6, 7]]]);
  assertEquals(emb.apply(tf.constant([[3, 1], [0, 0]], "int32")).tolist(), [
    [[6, 7], [2, 3]],
    [[0, 1], [0, 1]],
  ]);
  assertEquals(emb.apply([2.0, 1.0]).tolist(), [[4, 5], [2, 3]]); // float ids truncate
  const tape = new tf.GradientTape();
  const y = emb.apply(tf.constant([1, 1, 3], "int32"));
  const g = tape.gradient(y.sum(), emb.embeddings as tf.Variable) as tf.Tensor;
  assertEquals(g.tolist(), [[0, 0], [2, 2], [0, 0], [1, 1]]);
  assertThrows(() => emb.apply(tf.constant([4], "int32")), tf.InvalidArgumentError, "4");
  assertThrows(() => new layers.Embedding({ inputDim: 0, outputDim: 2 }), tf.InvalidArgumentError);
});

Deno.test("LayerNormalization matches the NumPy formula", () => {
  const x = tf.constant([[[1, 2, 4], [0, -1, 3]], [[2, 2, 2], [5, -3, 0.5]]]);
  const norm = new layers.LayerNormalization({ name: "ln" });
  norm.apply(x);
  assertEquals(norm.gamma?.name, "ln/gamma:0");
  assertEquals(norm.beta?.name, "ln/beta:0");
  assertEquals(values(norm.gamma as tf.Variable), [1, 1, 1]);
  norm.setWeights([[1.5, -0.5, 2.0], [0.1, 0.2, -0.3]]);
  // (x - mean) / sqrt(var + 1e-3) * gamma + beta over the last axis, from NumPy in float64.
  assertClose(
    values(norm.apply(x)),
    [
      -1.503052267458421,
      0.33358768895486846,
      2.371753779097368,
      -0.4882466023117352,
      0.6902055019264459,
      2.445150810788098,
      0.1,
      0.2,
      -0.3,
      2.008610744098862,
      0.7853072948569844,
      -0.503585146037212,
    ],
    1e-5,
    1e-6,
  );
  const both = new layers.LayerNormalization({ axis: [1, 2], center: false });
  assertClose(
    values(both.apply(x)),
    [
      -0.29271984564004544,
      0.29271984564004544,
      1.4635992282002273,
      -0.8781595369201364,
      -1.4635992282002273,
      0.8781595369201364,
      0.24428026253200377,
      0.24428026253200377,
      0.24428026253200377,
      1.5005787555537375,
      -1.849550559170886,
      -0.38386898397886315,
    ],
    1e-5,
    1e-6,
  );
  assertEquals(both.gamma?.shape, [2, 3]);
  assertEquals(both.beta, null);
  // Gradients reach gamma and beta.
  const tape = new tf.GradientTape();
  const y = norm.apply(x);
  const [gg, gb] = tape.gradient(y.sum(), [norm.gamma as tf.Variable, norm.beta as tf.Variable]);
  assertEquals(gb?.tolist(), [4, 4, 4]);
  assertEquals(gg?.shape, [3]);
  assertThrows(
    () => new layers.LayerNormalization({ axis: 3 }).apply(x),
    tf.InvalidArgumentError,
    "3",
  );
  assertThrows(() => new layers.LayerNormalization({ epsilon: -1 }), tf.InvalidArgumentError, "-1");
});

// ---------------------------------------------------------------- losses

Deno.test("mean squared and absolute error", () => {
  const yt = [[0, 1], [2, 2]], yp = [[1, 1], [0, 5]];
  assertClose(values(losses.meanSquaredError(yt, yp)), [0.5, 6.5]);
  assertClose(values(losses.meanAbsoluteError(yt, yp)), [0.5, 2.5]);
  assertClose([new losses.MeanSquaredError().apply(yt, yp).item() as number], [3.5]);
  assertClose([new losses.MeanAbsoluteError().apply(yt, yp).item() as number], [1.5]);
  assertClose([new losses.MeanSquaredError({ reduction: "sum" }).apply(yt, yp).item() as number], [
    7,
  ]);
  assertClose(values(new losses.MeanSquaredError({ reduction: "none" }).apply(yt, yp)), [0.5, 6.5]);
  // Sample weights multiply the per-example values; the mean divides by the batch size.
  assertClose([new losses.MeanSquaredError().apply(yt, yp, [2, 0]).item() as number], [0.5]);
  // Labels of shape [batch] go with predictions of shape [batch, 1].
  assertClose(values(losses.meanSquaredError([1, 2], [[1], [4]])), [0, 4]);
  assertThrows(
    () => losses.meanSquaredError([1, 2, 3], [[1], [4]]),
    tf.InvalidArgumentError,
    "(3,)",
    "(2, 1)",
  );
  assertEquals(new losses.MeanSquaredError().name, "mean_squared_error");
});

Deno.test("binary cross-entropy from probabilities (clipped) and from logits", () => {
  const yt = [[0, 1], [1, 0]];
  const bce = losses.binaryCrossentropy(yt, [[0.1, 0.8], [0.7, 0.4]]);
  assertClose(values(bce), [0.164252033486018, 0.4337502838523616], 1e-5);
  const cls = new losses.BinaryCrossentropy();
  assertClose(
    [cls.apply(yt, [[0.1, 0.8], [0.7, 0.4]]).item() as number],
    [0.2990011586691898],
    1e-5,
  );
  // Certain and wrong: clipped to 1e-7 and 1 - 1e-7 (float32), not infinite.
  assertClose(
    values(losses.binaryCrossentropy([[1], [0]], [[0], [1]])),
    [16.118095, 15.942385],
    1e-4,
  );
  const logits = [[-1, 2], [0.5, -0.3]];
  assertClose(
    values(losses.binaryCrossentropy(yt, logits, { fromLogits: true })),
    [0.2200948492805977, 0.5142161143243169],
    1e-5,
  );
  const fromLogits = new losses.BinaryCrossentropy({ fromLogits: true });
  assertClose([fromLogits.apply(yt, logits).item() as number], [0.3671554818024573], 1e-5);
  // Large logits stay finite.
  assertClose(
    values(losses.binaryCrossentropy([[1]], [[-200]], { fromLogits: true })),
    [200],
    1e-6,
  );
  // Label smoothing: targets 0/1 become 0.05/0.95.
  const smooth = losses.binaryCrossentropy([[1]], [[0.5]], { labelSmoothing: 0.1 });
  assertClose(values(smooth), [Math.log(2)], 1e-6);
  assertThrows(
    // deno-lint-ignore no-explicit-any
    () => new losses.BinaryCrossentropy({ fromLogits: "yes" as any }),
    tf.InvalidArgumentError,
    "fromLogits",
  );
});

Deno.test("categorical and sparse categorical cross-entropy", () => {
  const probs = [[0.2, 0.3, 0.5], [0.1, 0.1, 0.3]]; // the second row sums to 0.5
  const onehot = [[0, 0, 1], [0, 1, 0]];
  assertClose(
    values(losses.categoricalCrossentropy(onehot, probs)),
    [Math.log(2), Math.log(5)],
    1e-6,
  );
  const logits = [[1, 2, 3], [0, -1, 2]];
  assertClose(
    values(losses.categoricalCrossentropy(onehot, logits, { fromLogits: true })),
    [0.40760596444438013, 3.1698460195562856],
    1e-5,
  );
  assertClose(
    [
      new losses.CategoricalCrossentropy({ fromLogits: true }).apply(onehot, logits)
        .item() as number,
    ],
    [(0.40760596444438013 + 3.1698460195562856) / 2],
    1e-5,
  );
  const ids = tf.constant([2, 1], "int32");
  assertClose(
    values(losses.sparseCategoricalCrossentropy(ids, probs)),
    [Math.log(2), Math.log(5)],
    1e-6,
  );
  assertClose(
    values(losses.sparseCategoricalCrossentropy(ids, logits, { fromLogits: true })),
    [0.40760596444438013, 3.1698460195562856],
    1e-5,
  );
  // Float ids, and ids of shape [batch, 1].
  assertClose(values(losses.sparseCategoricalCrossentropy([[2], [1]], probs)), [
    Math.log(2),
    Math.log(5),
  ], 1e-6);
  const scce = new losses.SparseCategoricalCrossentropy();
  assertClose(
    [scce.apply([2, 1], probs).item() as number],
    [(Math.log(2) + Math.log(5)) / 2],
    1e-6,
  );
  // A zero probability is clipped to 1e-7.
  assertClose(values(losses.categoricalCrossentropy([[1, 0]], [[0, 1]])), [16.118095], 1e-4);
  assertThrows(
    () => losses.sparseCategoricalCrossentropy([3, 1], probs),
    tf.InvalidArgumentError,
    "3",
  );
  assertThrows(
    () => losses.sparseCategoricalCrossentropy([1, 1, 1], probs),
    tf.InvalidArgumentError,
    "(3,)",
  );
});

Deno.test("losses.get resolves names, classes and functions", () => {
  assertEquals(losses.get("mse") instanceof losses.MeanSquaredError, true);
  assertEquals(losses.get("binary_crossentropy") instanceof losses.BinaryCrossentropy, true);
  assertEquals(
    losses.get("categoricalCrossentropy") instanceof losses.CategoricalCrossentropy,
    true,
  );
  assertEquals(
    losses.get("sparse_categorical_crossentropy") instanceof losses.SparseCategoricalCrossentropy,
    true,
  );
  const own = new losses.BinaryCrossentropy({ fromLogits: true });
  assertEquals(losses.get(own), own);
  function twice(yTrue: tf.TensorLike, yPred: tf.TensorLike): tf.Tensor {
    return losses.meanSquaredError(yTrue, yPred).mul(2);
  }
  const wrapped = losses.get(twice);
  assertEquals(wrapped.name, "twice");
  assertClose([wrapped.apply([[0], [0]], [[1], [2]]).item() as number], [5]);
  assertThrows(() => losses.get("hinge"), tf.InvalidArgumentError, '"hinge"');
  assertThrows(
    // deno-lint-ignore no-explicit-any
    () => new losses.MeanSquaredError({ reduction: "mean" as any }),
    tf.InvalidArgumentError,
    '"mean"',
  );
});

// ---------------------------------------------------------------- metrics

Deno.test("Mean accumulates weighted values and resets", () => {
  const m = new metrics.Mean({ name: "m" });
  assertEquals(m.result(), 0);
  m.updateState([1, 2, 3]);
  m.updateState([10], [3]);
  assertClose([m.result()], [(1 + 2 + 3 + 30) / 6], 1e-12);
  m.resetState();
  assertEquals(m.result(), 0);
  assertEquals(m.name, "m");
});

Deno.test("accuracy metrics: binary, categorical, sparse and the 'accuracy' string", () => {
  const bin = new metrics.BinaryAccuracy();
  bin.updateState([[1], [0], [1], [0]], [[0.9], [0.6], [0.2], [0.1]]);
  assertEquals(bin.result(), 0.5);
  bin.updateState([1, 1], [[0.7], [0.8]]);
  assertClose([bin.result()], [4 / 6], 1e-12);
  const strict = new metrics.BinaryAccuracy({ threshold: 0.95 });
  strict.updateState([[1]], [[0.9]]);
  assertEquals(strict.result(), 0);
  const cat = new metrics.CategoricalAccuracy();
  cat.updateState([[0, 1, 0], [1, 0, 0]], [[0.1, 0.8, 0.1], [0.2, 0.3, 0.5]]);
  assertEquals(cat.result(), 0.5);
  const sparse = new metrics.SparseCategoricalAccuracy();
  sparse.updateState(tf.constant([1, 2], "int32"), [[0.1, 0.8, 0.1], [0.2, 0.3, 0.5]]);
  assertEquals(sparse.result(), 1);
  // "accuracy" picks the variant from the shapes, as Keras does.
  assertEquals(metrics.accuracy([[1], [0]], [[0.7], [0.7]]).tolist(), [1, 0]); // binary
  assertEquals(metrics.accuracy([1, 0], [[0.7], [0.7]]).tolist(), [1, 0]); // binary, [batch] labels
  assertEquals(metrics.accuracy([2, 0], [[0, 0, 1], [0, 1, 0]]).tolist(), [1, 0]); // sparse
  assertEquals(metrics.accuracy([[2], [1]], [[0, 0, 1], [0, 1, 0]]).tolist(), [1, 1]); // sparse
  assertEquals(metrics.accuracy([[0, 0, 1], [1, 0, 0]], [[0, 0, 1], [0, 1, 0]]).tolist(), [1, 0]);
  const exact = new metrics.Accuracy();
  exact.updateState([[1], [2], [3], [4]], [[1], [2], [0], [4]]);
  assertEquals(exact.result(), 0.75);
});

Deno.test("MeanSquaredError metric and metrics.get", () => {
  const m = new metrics.MeanSquaredError();
  m.updateState([[0], [0]], [[1], [3]]);
  m.updateState([[0, 0]], [[2, 2]]);
  // Per-example values 1, 9 and 4, averaged over the three examples.
  assertClose([m.result()], [14 / 3], 1e-6);
  assertEquals(m.name, "mean_squared_error");
  const acc = metrics.get("acc");
  assertEquals(acc.name, "acc");
  acc.updateState([1, 0], [[0.2, 0.8], [0.6, 0.4]]);
  assertEquals(acc.result(), 1);
  assertEquals(metrics.get("mse").name, "mse");
  const mine = new metrics.CategoricalAccuracy({ name: "cat" });
  assertEquals(metrics.get(mine), mine);
  assertThrows(() => metrics.get("f1"), tf.InvalidArgumentError, '"f1"');
});

// ---------------------------------------------------------------- Sequential, compile, fit

function linearData(n: number): [tf.Tensor, tf.Tensor] {
  const x = tf.linspace(-1, 1, n).reshape([n, 1]);
  return [x, x.mul(2).add(1)];
}

Deno.test("Sequential runs layers in order and add() appends", () => {
  const model = new tf.keras.Sequential([
    new layers.Dense({ units: 3, kernelInitializer: "ones" }),
  ]);
  model.add(new layers.Dense({ units: 1, kernelInitializer: "ones" }));
  assertEquals(model.layers.length, 2);
  assertEquals(model.apply([[1, 2]]).tolist(), [[9]]);
  assertThrows(
    // deno-lint-ignore no-explicit-any
    () => model.add({} as any),
    tf.InvalidArgumentError,
    "expected a Layer",
  );
  assertThrows(() => model.add(model.layers[0]), tf.InvalidArgumentError, "already");
  // An inputShape on the model (or its first layer) builds it at once.
  const eager = new tf.keras.Sequential([new layers.Dense({ units: 2 })], { inputShape: [3] });
  assertEquals(eager.layers[0].outputShape, [1, 2]);
  assertEquals(eager.variables.length, 2);
  // Sequential models nest.
  const outer = new tf.keras.Sequential([model, new layers.Dense({ units: 2 })]);
  assertEquals(outer.apply([[1, 2]]).shape, [1, 2]);
  assertEquals(outer.variables.length, 6);
});

Deno.test("compile + fit converges on a tiny regression and returns its History", () => {
  tf.random.setSeed(1);
  const [x, y] = linearData(64);
  const model = new tf.keras.Sequential([new layers.Dense({ units: 1, inputShape: [1] })]);
  model.compile({ optimizer: new tf.keras.optimizers.SGD({ learningRate: 0.2 }), loss: "mse" });
  const history = model.fit(x, y, { epochs: 40, batchSize: 16, verbose: 0 });
  assertEquals(history.epoch, [...Array(40).keys()]);
  assertEquals(Object.keys(history.history), ["loss"]);
  const loss = history.history.loss;
  assertEquals(loss.length, 40);
  assertEquals(loss[39] < 1e-4, true, `final loss ${loss[39]}`);
  assertEquals(loss[39] < loss[0], true);
  const [kernel, bias] = model.getWeights();
  assertClose(values(kernel), [2], 1e-2);
  assertClose(values(bias), [1], 1e-2);
});

Deno.test("fit with validationData, metrics by name and an optimizer by name", () => {
  tf.random.setSeed(2);
  const x = tf.random.normal([256, 2]);
  const y = tf.cast(tf.greater(x.at(":", "0:1").sub(x.at(":", "1:2")), 0), "float32");
  const model = new tf.keras.Sequential([
    new layers.Dense({ units: 8, activation: "tanh" }),
    new layers.Dense({ units: 1, activation: "sigmoid" }),
  ]);
  model.compile({ optimizer: "adam", loss: "binary_crossentropy", metrics: ["accuracy", "mse"] });
  assertEquals(model.metricsNames, ["loss", "accuracy", "mse"]);
  const history = model.fit(x.at("0:200"), y.at("0:200"), {
    epochs: 30,
    batchSize: 20,
    verbose: 0,
    validationData: [x.at("200:"), y.at("200:")],
    seed: 4,
  });
  assertEquals(Object.keys(history.history), [
    "loss",
    "accuracy",
    "mse",
    "val_loss",
    "val_accuracy",
    "val_mse",
  ]);
  for (const k of Object.keys(history.history)) assertEquals(history.history[k].length, 30);
  const acc = history.history.accuracy, valAcc = history.history.val_accuracy;
  assertEquals(acc[29] > 0.9, true, `accuracy ${acc[29]}`);
  assertEquals(valAcc[29] > 0.85, true, `val_accuracy ${valAcc[29]}`);
  // val_loss is evaluate()'s loss on the validation data after the last epoch.
  // evaluate returns [loss, ...metrics] in metricsNames order, as Keras 3.
  const ev = model.evaluate(x.at("200:"), y.at("200:"), { verbose: 0 }) as number[];
  assertEquals(ev.length, 3);
  assertClose([ev[0], ev[1]], [history.history.val_loss[29], valAcc[29]], 1e-5);
});

Deno.test("validationSplit holds out the last examples", () => {
  const [x, y] = linearData(10);
  const model = new tf.keras.Sequential([new layers.Dense({ units: 1 })]);
  model.compile({ optimizer: "sgd", loss: "mse" });
  const logger = new (class extends callbacks.Callback {
    steps = 0;
    override onTrainBegin(): void {
      this.steps = this.params?.steps ?? -1;
    }
  })();
  const h = model.fit(x, y, {
    epochs: 1,
    batchSize: 2,
    verbose: 0,
    validationSplit: 0.2,
    callbacks: [logger],
  });
  assertEquals(logger.steps, 4);
  assertEquals(Object.keys(h.history), ["loss", "val_loss"]);
  assertThrows(
    () => model.fit(x, y, { verbose: 0, validationSplit: 0.95 }),
    tf.InvalidArgumentError,
    "validationSplit",
  );
});

Deno.test("fit on a subclassed Model with a sparse categorical loss from logits", () => {
  tf.random.setSeed(3);
  class Classifier extends tf.keras.Model {
    hidden = new layers.Dense({ units: 16, activation: "relu" });
    out = new layers.Dense({ units: 3 });
    call(x: tf.Tensor, options?: tf.keras.layers.CallOptions): tf.Tensor {
      return this.out.apply(this.hidden.apply(x, options), options);
    }
  }
  const x = tf.random.normal([150, 2]);
  // Class = which third of the angle the point falls in.
  const angle = values(tf.atan2(x.at(":", 1), x.at(":", 0)));
  const ids = tf.constant(
    Int32Array.from(angle, (a) => Math.min(2, Math.floor((a + Math.PI) / (2 * Math.PI / 3)))),
  );
  const model = new Classifier();
  model.compile({
    optimizer: new tf.keras.optimizers.Adam({ learningRate: 0.05 }),
    loss: new losses.SparseCategoricalCrossentropy({ fromLogits: true }),
    metrics: ["accuracy"],
  });
  const h = model.fit(x, ids, { epochs: 40, batchSize: 30, verbose: 0, seed: 0 });
  const acc = h.history.accuracy;
  assertEquals(acc[acc.length - 1] > 0.9, true, `accuracy ${acc[acc.length - 1]}`);
  assertEquals(model.predict(x).shape, [150, 3]);
});

Deno.test("fit with a seed shuffles the same way every time", () => {
  const run = (): number[] => {
    tf.random.setSeed(11);
    const [x, y] = linearData(40);
    const model = new tf.keras.Sequential([new layers.Dense({ units: 1 })]);
    model.compile({ optimizer: "sgd", loss: "mse" });
    return model.fit(x, y, { epochs: 3, batchSize: 8, seed: 9, verbose: 0 }).history.loss;
  };
  assertEquals(run(), run());
  // The order does matter: without shuffling the losses differ.
  tf.random.setSeed(11);
  const [x, y] = linearData(40);
  const model = new tf.keras.Sequential([new layers.Dense({ units: 1 })]);
  model.compile({ optimizer: "sgd", loss: "mse" });
  const plain =
    model.fit(x, y, { epochs: 3, batchSize: 8, shuffle: false, verbose: 0 }).history.loss;
  assertEquals(plain.some((v, i) => v !== run()[i]), true);
});

Deno.test("loss as a function and metrics as functions", () => {
  const [x, y] = linearData(16);
  const model = new tf.keras.Sequential([new layers.Dense({ units: 1 })]);
  function absError(yTrue: tf.TensorLike, yPred: tf.TensorLike): tf.Tensor {
    return tf.abs(tf.sub(yPred, yTrue)).mean(-1);
  }
  model.compile({
    optimizer: "sgd",
    loss: (a, b) => losses.meanSquaredError(a, b),
    metrics: [absError],
  });
  const h = model.fit(x, y, { epochs: 2, verbose: 0 });
  assertEquals(Object.keys(h.history), ["loss", "absError"]);
});

Deno.test("compile and fit validate their arguments", () => {
  const model = new tf.keras.Sequential([new layers.Dense({ units: 1 })]);
  assertThrows(() => model.fit([[1]], [[1]], { verbose: 0 }), tf.InvalidArgumentError, "compile(");
  assertThrows(
    // deno-lint-ignore no-explicit-any
    () => model.compile({ optimizer: "adamax" as any, loss: "mse" }),
    tf.InvalidArgumentError,
    '"adamax"',
  );
  assertThrows(() => model.compile({ loss: "hinge" }), tf.InvalidArgumentError, '"hinge"');
  assertThrows(
    () => model.compile({ loss: "mse", metrics: ["f1"] }),
    tf.InvalidArgumentError,
    '"f1"',
  );
  assertThrows(
    () => model.compile({ loss: "mse", metrics: ["mse", "mse"] }),
    tf.InvalidArgumentError,
    "two metrics",
  );
  model.compile({ optimizer: "sgd", loss: "mse" });
  assertEquals(model.optimizer instanceof tf.keras.optimizers.SGD, true);
  assertThrows(
    () => model.fit([[1], [2]], [[1]], { verbose: 0 }),
    tf.InvalidArgumentError,
    "(2, 1)",
    "(1, 1)",
  );
  assertThrows(
    () => model.fit([[1]], [[1]], { epochs: 1.5 }),
    tf.InvalidArgumentError,
    "epochs",
    "1.5",
  );
  assertThrows(
    () => model.fit([[1]], [[1]], { batchSize: 0 }),
    tf.InvalidArgumentError,
    "batchSize",
    "0",
  );
  assertThrows(
    // deno-lint-ignore no-explicit-any
    () => model.fit([[1]], [[1]], { verbose: 3 as any }),
    tf.InvalidArgumentError,
    "verbose",
    "3",
  );
  assertThrows(() => model.fit([], [], { verbose: 0 }), tf.InvalidArgumentError, "no examples");
});

// ---------------------------------------------------------------- callbacks

Deno.test("EarlyStopping stops after `patience` epochs without improvement", () => {
  const [x, y] = linearData(8);
  const model = new tf.keras.Sequential([new layers.Dense({ units: 1 })]);
  model.compile({ optimizer: new tf.keras.optimizers.SGD({ learningRate: 0 }), loss: "mse" });
  const stop = new callbacks.EarlyStopping({ monitor: "loss", patience: 3 });
  const h = model.fit(x, y, { epochs: 100, verbose: 0, callbacks: [stop] });
  assertEquals(h.epoch, [0, 1, 2, 3]);
  assertEquals(stop.stoppedEpoch, 3);
  assertEquals(model.stopTraining, true);
  // Monitoring a missing log does nothing; "auto" mode maximizes accuracies.
  const none = new callbacks.EarlyStopping({ patience: 0 });
  assertEquals(model.fit(x, y, { epochs: 5, verbose: 0, callbacks: [none] }).epoch.length, 5);
  assertEquals(new callbacks.EarlyStopping({ monitor: "val_accuracy" }).mode, "max");
  assertEquals(new callbacks.EarlyStopping().mode, "min");
  assertThrows(() => new callbacks.EarlyStopping({ patience: -1 }), tf.InvalidArgumentError, "-1");
});

Deno.test("EarlyStopping with restoreBestWeights puts back the best epoch's weights", () => {
  const [x, y] = linearData(8);
  const model = new tf.keras.Sequential([
    new layers.Dense({ units: 1, kernelInitializer: "zeros" }),
  ]);
  // A learning rate so large that training diverges after the first epoch.
  model.compile({ optimizer: new tf.keras.optimizers.SGD({ learningRate: 3 }), loss: "mse" });
  let best: number[] = [];
  const spy = new (class extends callbacks.Callback {
    bestLoss = Infinity;
    override onEpochEnd(_epoch: number, logs: tf.keras.Logs = {}): void {
      if (logs.loss < this.bestLoss) {
        this.bestLoss = logs.loss;
        best = values(model.getWeights()[0]);
      }
    }
  })();
  const stop = new callbacks.EarlyStopping({
    monitor: "loss",
    patience: 2,
    restoreBestWeights: true,
  });
  const h = model.fit(x, y, { epochs: 20, batchSize: 8, verbose: 0, callbacks: [spy, stop] });
  assertEquals(h.epoch.length < 20, true);
  assertEquals(values(model.getWeights()[0]), best);
});

Deno.test("callbacks see every hook in order, and stopTraining ends fit mid-epoch", () => {
  const [x, y] = linearData(10);
  const model = new tf.keras.Sequential([new layers.Dense({ units: 1 })]);
  model.compile({ optimizer: "sgd", loss: "mse" });
  const calls: string[] = [];
  const cb = new (class extends callbacks.Callback {
    override onTrainBegin(): void {
      calls.push("train_begin");
    }
    override onEpochBegin(e: number): void {
      calls.push(`epoch_begin ${e}`);
    }
    override onBatchBegin(b: number): void {
      calls.push(`batch_begin ${b}`);
    }
    override onBatchEnd(b: number, logs?: tf.keras.Logs): void {
      calls.push(`batch_end ${b} ${Object.keys(logs ?? {})}`);
      if (b === 1 && this.model) this.model.stopTraining = true;
    }
    override onEpochEnd(e: number): void {
      calls.push(`epoch_end ${e}`);
    }
    override onTrainEnd(): void {
      calls.push("train_end");
    }
  })();
  const h = model.fit(x, y, { epochs: 3, batchSize: 4, verbose: 0, callbacks: [cb] });
  assertEquals(calls, [
    "train_begin",
    "epoch_begin 0",
    "batch_begin 0",
    "batch_end 0 loss",
    "batch_begin 1",
    "batch_end 1 loss",
    "epoch_end 0",
    "train_end",
  ]);
  assertEquals(h.epoch, [0]);
  assertEquals(cb.model, model);
  assertEquals(cb.params, { epochs: 3, steps: 3, verbose: 0 });
});

// ---------------------------------------------------------------- evaluate, predict

Deno.test("predict and evaluate: shapes and values", () => {
  const model = new tf.keras.Sequential([new layers.Dense({ units: 2, activation: "relu" })]);
  const x = tf.random.normal([70, 3]);
  const direct = model.apply(x);
  const p = model.predict(x, { batchSize: 32 });
  assertEquals(p.shape, [70, 2]);
  assertClose(values(p), values(direct), 1e-6, 1e-7);
  assertEquals(model.predict([[1, 2, 3]]).shape, [1, 2]);
  const y = tf.random.normal([70, 2]);
  model.compile({ optimizer: "sgd", loss: "mse", metrics: ["mae"] });
  const ev = model.evaluate(x, y, { batchSize: 16, verbose: 0, returnDict: true });
  assertEquals(Object.keys(ev), ["loss", "mae"]);
  assertEquals(model.evaluate(x, y, { batchSize: 16, verbose: 0 }), [ev.loss, ev.mae]);
  const diff = direct.sub(y);
  assertClose([ev.loss, ev.mae], [
    diff.square().mean().item() as number,
    diff.abs().mean().item() as number,
  ], 1e-5);
  // Dropout is off in predict and evaluate.
  const dropping = new tf.keras.Sequential([new layers.Dropout({ rate: 0.5 })]);
  assertEquals(dropping.predict([[1, 1]]).tolist(), [[1, 1]]);
  assertThrows(() => model.predict(tf.zeros([0, 3])), tf.InvalidArgumentError, "no examples");
});

// ---------------------------------------------------------------- summary

Deno.test("summary prints a Keras-like table and returns it", () => {
  const model = new tf.keras.Sequential([
    new layers.Dense({ units: 64, activation: "relu", inputShape: [2], name: "hidden" }),
    new layers.Dropout({ rate: 0.2, name: "drop" }),
    new layers.Dense({ units: 1, name: "out" }),
  ], { name: "spiral_mlp" });
  const text = model.summary({ print: false });
  const lines = text.split("\n");
  assertEquals(lines[0], 'Model: "spiral_mlp"');
  assertEquals(lines[2], "Layer (type)                 Output Shape              Param #");
  assertEquals(lines[4], "hidden (Dense)               (None, 64)                192");
  assertEquals(lines[6], "drop (Dropout)               (None, 64)                0");
  assertEquals(lines[8], "out (Dense)                  (None, 1)                 65");
  assertEquals(lines.slice(10, 13), [
    "Total params: 257",
    "Trainable params: 257",
    "Non-trainable params: 0",
  ]);
  // Before the first call shapes are unknown; sub-models appear as one row.
  const lazy = new tf.keras.Sequential([new layers.Dense({ units: 3, name: "lazy" })]);
  assertEquals(
    lazy.summary({ print: false }).includes(
      "lazy (Dense)                 ?                         0",
    ),
    true,
  );
  const net = new Net();
  net.apply(tf.ones([1, 5]));
  const s = net.summary({ print: false });
  assertEquals(s.includes("Total params: 33"), true);
  assertEquals(s.includes("Non-trainable params: 1"), true);
  assertEquals(/sequential\S* \(Sequential\)\s+\(None, 1\)\s+3/.test(s), true);
});

Deno.test("summary shows the shapes and parameters of Conv2D, pooling and BatchNormalization", () => {
  const model = new tf.keras.Sequential([
    new layers.Conv2D({ filters: 8, kernelSize: 3, inputShape: [16, 16, 1], name: "c1" }),
    new layers.BatchNormalization({ name: "bn" }),
    new layers.MaxPool2D({ name: "pool" }),
    new layers.Conv2D({ filters: 4, kernelSize: 3, padding: "same", name: "c2" }),
    new layers.AveragePooling2D({ poolSize: 7, name: "avg" }),
    new layers.Flatten({ name: "flat" }),
  ], { name: "cnn" });
  const lines = model.summary({ print: false }).split("\n");
  assertEquals(lines[4], "c1 (Conv2D)                  (None, 14, 14, 8)         80");
  assertEquals(lines[6], "bn (BatchNormalization)      (None, 14, 14, 8)         32");
  assertEquals(lines[8], "pool (MaxPool2D)             (None, 7, 7, 8)           0");
  assertEquals(lines[10], "c2 (Conv2D)                  (None, 7, 7, 4)           292");
  assertEquals(lines[12], "avg (AveragePooling2D)       (None, 1, 1, 4)           0");
  assertEquals(lines[14], "flat (Flatten)               (None, 4)                 0");
  assertEquals(lines.slice(16, 19), [
    "Total params: 404",
    "Trainable params: 388",
    "Non-trainable params: 16",
  ]);
});

// ---------------------------------------------------------------- progress

Deno.test("progress output: a bar per epoch, one line each when not a terminal", () => {
  const [x, y] = linearData(50);
  const model = new tf.keras.Sequential([new layers.Dense({ units: 1 })]);
  model.compile({ optimizer: "sgd", loss: "mse", metrics: ["mae"] });
  const out = new Capture();
  model.fit(x, y, { epochs: 2, batchSize: 16, progressOutput: out, validationData: [x, y] });
  const lines = out.text.split("\n");
  assertEquals(lines.length, 5);
  assertEquals(lines[0], "Epoch 1/2");
  assertEquals(lines[2], "Epoch 2/2");
  assertEquals(lines[4], "");
  const bar =
    /^4\/4 \[={30}\] - \d+s \d+(us|ms|s)\/step - loss: \d+\.\d{4} - mae: \d+\.\d{4} - val_loss: \d+\.\d{4} - val_mae: \d+\.\d{4}$/;
  assertEquals(bar.test(lines[1]), true, lines[1]);
  assertEquals(bar.test(lines[3]), true, lines[3]);
});

Deno.test("progress output: verbose 2, verbose 0, and a terminal redrawn in place", () => {
  const [x, y] = linearData(50);
  const model = new tf.keras.Sequential([new layers.Dense({ units: 1 })]);
  model.compile({ optimizer: "sgd", loss: "mse" });
  const two = new Capture(true);
  model.fit(x, y, { epochs: 1, batchSize: 10, verbose: 2, progressOutput: two });
  assertEquals(
    /^Epoch 1\/1\n5\/5 - \d+s - \d+(us|ms|s)\/step - loss: \d+\.\d{4}\n$/.test(two.text),
    true,
    two.text,
  );
  const none = new Capture(true);
  model.fit(x, y, { epochs: 1, verbose: 0, progressOutput: none });
  assertEquals(none.text, "");
  const term = new Capture(true);
  model.fit(x, y, { epochs: 1, batchSize: 10, progressOutput: term });
  assertEquals(term.text.startsWith("Epoch 1/1\n\r"), true, JSON.stringify(term.text));
  assertEquals(term.text.endsWith("\n"), true);
  const last = term.text.split("\r").at(-1) as string;
  assertEquals(
    /^5\/5 \[={30}\] - \d+s \d+(us|ms|s)\/step - loss: \d+\.\d{4} *\n$/.test(last),
    true,
    JSON.stringify(last),
  );
  // A bar mid-way shows its progress and an ETA.
  const bar = new callbacks.Progbar(4, { output: term, interval: 0 });
  term.text = "";
  bar.update(2, { loss: 0.00012 });
  assertEquals(
    /^\r2\/4 \[==============>\.{15}\] - ETA: \d+s - loss: 1\.2000e-04$/.test(term.text),
    true,
    JSON.stringify(term.text),
  );
});

// ---------------------------------------------------------------- memory

Deno.test("fit, evaluate and predict keep tf.memory().numTensors flat", () => {
  tf.random.setSeed(7);
  const x = tf.random.normal([96, 4]);
  const y = tf.cast(tf.greater(x.sum(1, true), 0), "float32");
  const model = new tf.keras.Sequential([
    new layers.Dense({ units: 16, activation: "relu" }),
    new layers.Dropout({ rate: 0.2 }),
    new layers.LayerNormalization(),
    new layers.Dense({ units: 1, activation: "sigmoid" }),
  ]);
  model.compile({ optimizer: "adam", loss: "binary_crossentropy", metrics: ["accuracy"] });
  const counts: number[] = [];
  const probe = new (class extends callbacks.Callback {
    override onEpochEnd(): void {
      counts.push(tf.memory().numTensors);
    }
  })();
  model.fit(x, y, {
    epochs: 6,
    batchSize: 16,
    verbose: 0,
    callbacks: [probe],
    validationData: [x, y],
  });
  assertEquals(new Set(counts).size, 1, `numTensors per epoch: ${counts}`);
  const before = tf.memory().numTensors;
  model.fit(x, y, { epochs: 2, batchSize: 16, verbose: 0 });
  model.evaluate(x, y, { verbose: 0 });
  model.predict(x).dispose();
  model.fit(
    values(x).reduce<number[][]>((rows, v, i) => {
      if (i % 4 === 0) rows.push([]);
      rows[rows.length - 1].push(v);
      return rows;
    }, []),
    values(y).map((v) => [v]),
    { epochs: 1, verbose: 0 },
  );
  assertEquals(tf.memory().numTensors, before);
});
