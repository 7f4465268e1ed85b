// tf.keras training options against NumPy (tests/fixtures/keras_train.json, written by
// tests/gen_keras_fixtures.py from Keras 3's formulas): sample and class weights, weighted
// metrics, regularizers, several inputs and outputs, labels of shape (N,); and data sets,
// ModelCheckpoint, evaluate's return value, weights in Keras's order, Sequential.pop,
// Metric.addWeight, metrics whose result is a Variable, saveWeights' default format.
import * as tf from "../mod.ts";
import { assertClose, assertEquals, assertThrows } from "./helpers.ts";

const { layers, callbacks, regularizers, metrics } = tf.keras;

// deno-lint-ignore no-explicit-any
type Case = Record<string, any>;
const FIXTURES: Record<string, Case> = JSON.parse(
  Deno.readTextFileSync(new URL("fixtures/keras_train.json", import.meta.url)),
).cases;

const flat = (t: tf.Tensor | tf.Variable): number[] =>
  Array.from(t.dataSync() as Float32Array, Number);
const flatList = (a: unknown): number[] => (Array.isArray(a) ? a.flat(Infinity) : [a]) as number[];
const RTOL = 2e-5, ATOL = 1e-6;

/** A ProgressOutput that keeps what is written. */
class Capture implements tf.keras.ProgressOutput {
  text = "";
  writeSync(p: Uint8Array): number {
    this.text += new TextDecoder().decode(p);
    return p.length;
  }
  isTerminal(): boolean {
    return false;
  }
}

/** A Sequential with one Dense of fixed weights. */
function dense(c: Case, options: Partial<tf.keras.layers.DenseOptions> = {}): tf.keras.Sequential {
  const units = c.w[0].length;
  const model = new tf.keras.Sequential([
    new layers.Dense({ units, inputShape: [c.x[0].length], ...options }),
  ]);
  model.setWeights([c.w, c.b]);
  return model;
}

const sgd = (lr: number) => new tf.keras.optimizers.SGD({ learningRate: lr });

// ---------------------------------------------------------------- sample and class weights

Deno.test("fit with sampleWeight: Keras's loss (divided by the batch size), weighted metrics, one SGD step", () => {
  const c = FIXTURES.mse_sample_weight;
  const model = dense(c);
  model.compile({
    optimizer: sgd(c.lr),
    loss: "mse",
    metrics: ["mae"],
    weightedMetrics: ["mae"],
  });
  assertEquals(model.metricsNames, ["loss", "mae", "weighted_mae"]);
  const h = model.fit(c.x, c.y, {
    sampleWeight: c.sampleWeight,
    batchSize: 4,
    shuffle: false,
    verbose: 0,
  });
  assertEquals(Object.keys(h.history), ["loss", "mae", "weighted_mae"]);
  assertClose(
    [h.history.loss[0], h.history.mae[0], h.history.weighted_mae[0]],
    [c.loss, c.mae, c.weighted_mae],
    RTOL,
    ATOL,
  );
  const [w, b] = model.getWeights();
  assertClose(flat(w), flatList(c.w1), RTOL, ATOL);
  assertClose(flat(b), flatList(c.b1), RTOL, ATOL);
  // evaluate takes sample weights too; without them the loss is the plain mean.
  const weighted = model.evaluate(c.x, c.y, {
    sampleWeight: c.sampleWeight,
    verbose: 0,
    returnDict: true,
  });
  assertClose([weighted.loss], [c.evalLossWeighted], RTOL, ATOL);
  const plain = model.evaluate(c.x, c.y, { verbose: 0 }) as number[];
  assertClose([plain[0]], [c.evalLoss], RTOL, ATOL);
  // Sample weights of shape (N, 1) line up with the (N,) per-example losses.
  const loss = new tf.keras.losses.MeanSquaredError();
  const p = model.predict(c.x);
  assertClose(
    [loss.apply(c.y, p, tf.constant(c.sampleWeight).reshape([4, 1])).item() as number],
    [loss.apply(c.y, p, c.sampleWeight).item() as number],
    1e-6,
  );
});

for (const name of ["sparse_class_weight", "categorical_class_weight"]) {
  Deno.test(`fit with classWeight (${name}): the class of each example weights its loss`, () => {
    const c = FIXTURES[name];
    const model = dense(c, { activation: "softmax" });
    model.compile({
      optimizer: sgd(c.lr),
      loss: name.startsWith("sparse")
        ? "sparse_categorical_crossentropy"
        : "categorical_crossentropy",
      metrics: ["accuracy"],
      weightedMetrics: ["accuracy"],
    });
    const y = name.startsWith("sparse") ? tf.constant(c.y, "int32") : c.y;
    const h = model.fit(c.x, y, {
      classWeight: c.classWeight,
      batchSize: 4,
      shuffle: false,
      verbose: 0,
    });
    assertClose(
      [h.history.loss[0], h.history.accuracy[0], h.history.weighted_accuracy[0]],
      [c.loss, c.accuracy, c.weighted_accuracy],
      RTOL,
      ATOL,
    );
    const [w, b] = model.getWeights();
    assertClose(flat(w), flatList(c.w1), RTOL, ATOL);
    assertClose(flat(b), flatList(c.b1), RTOL, ATOL);
    // A Map works the same; a class not listed weighs 1.
    const again = dense(c, { activation: "softmax" });
    again.compile({ optimizer: sgd(c.lr), loss: model.loss as tf.keras.losses.Loss });
    const map = new Map(Object.entries(c.classWeight).map(([k, v]) => [Number(k), v as number]));
    const h2 = again.fit(c.x, y, { classWeight: map, batchSize: 4, shuffle: false, verbose: 0 });
    assertClose([h2.history.loss[0]], [c.loss], RTOL, ATOL);
  });
}

Deno.test("fit with classWeight on a binary target of shape (N,): the rounded 0/1 label picks the weight", () => {
  const c = FIXTURES.binary_class_weight;
  const model = dense(c, { activation: "sigmoid" });
  model.compile({ optimizer: sgd(c.lr), loss: "binary_crossentropy" });
  const h = model.fit(c.x, c.y, {
    classWeight: c.classWeight,
    batchSize: 4,
    shuffle: false,
    verbose: 0,
  });
  assertClose([h.history.loss[0]], [c.loss], RTOL, ATOL);
  const [w, b] = model.getWeights();
  assertClose(flat(w), flatList(c.w1), RTOL, ATOL);
  assertClose(flat(b), flatList(c.b1), RTOL, ATOL);
});

Deno.test("classWeight and sampleWeight are checked as Keras checks them", () => {
  const c = FIXTURES.binary_class_weight;
  const model = dense(c, { activation: "sigmoid" });
  model.compile({ optimizer: "sgd", loss: "binary_crossentropy" });
  const E = tf.InvalidArgumentError;
  assertThrows(
    () => model.fit(c.x, c.y, { classWeight: { 0: 1 }, sampleWeight: [1, 1, 1, 1], verbose: 0 }),
    E,
    "classWeight and sampleWeight",
  );
  assertThrows(() => model.fit(c.x, c.y, { classWeight: { "-1": 2 }, verbose: 0 }), E, '"-1"');
  assertThrows(
    () => model.fit(c.x, c.y, { classWeight: { 0: NaN }, verbose: 0 }),
    E,
    "classWeight[0]",
  );
  assertThrows(
    () => model.fit(c.x, c.y, { sampleWeight: [1, 1, 1], verbose: 0 }),
    E,
    "sampleWeight (3,)",
  );
});

// ---------------------------------------------------------------- labels of shape (N,)

Deno.test("targets of shape (N,) meet predictions of shape (N, 1) as (N, 1), never broadcast to (N, N)", () => {
  const c = FIXTURES.mse_rank1_targets;
  const model = dense(c);
  // A loss function and a metric function of the user: lined up before they are called.
  const myLoss = (yTrue: tf.TensorLike, yPred: tf.TensorLike): tf.Tensor =>
    tf.square(tf.sub(yPred, yTrue)).mean(-1);
  function myMetric(yTrue: tf.TensorLike, yPred: tf.TensorLike): tf.Tensor {
    return tf.square(tf.sub(yPred, yTrue)).mean(-1);
  }
  for (const loss of ["mse", myLoss] as const) {
    model.compile({ optimizer: "sgd", loss, metrics: [myMetric] });
    const [l, m] = model.evaluate(c.x, c.y, { verbose: 0 }) as number[];
    assertClose([l, m], [c.loss, c.loss], RTOL, ATOL);
    assertEquals(Math.abs(l - c.broadcastLoss) > 0.1, true);
  }
  // The per-example values keep the batch axis.
  const p = model.predict(c.x);
  assertEquals(new tf.keras.losses.MeanSquaredError({ reduction: "none" }).apply(c.y, p).shape, [
    4,
  ]);
  assertEquals(tf.keras.losses.binaryCrossentropy([[1], [0]], [0.5, 0.5]).shape, [2]);
});

// ---------------------------------------------------------------- regularizers

Deno.test("regularizers: penalties in layer.losses and model.losses, added to the training loss", () => {
  const c = FIXTURES.regularized;
  const model = dense(c, {
    kernelRegularizer: "l2",
    biasRegularizer: regularizers.l1(0.1),
    activityRegularizer: new regularizers.L2(0.05),
  });
  const layer = model.layers[0] as tf.keras.layers.Dense;
  model.apply(c.x);
  assertClose(layer.losses.map((t) => t.item() as number), c.losses, RTOL, ATOL);
  assertClose(model.losses.map((t) => t.item() as number), c.losses, RTOL, ATOL);
  model.compile({ optimizer: sgd(c.lr), loss: "mse", metrics: ["mse"] });
  const h = model.fit(c.x, c.y, { batchSize: 4, shuffle: false, verbose: 0 });
  assertClose([h.history.loss[0], h.history.mse[0]], [c.loss, c.mse], RTOL, ATOL);
  const [w, b] = model.getWeights();
  assertClose(flat(w), flatList(c.w1), RTOL, ATOL);
  assertClose(flat(b), flatList(c.b1), RTOL, ATOL);
  // Weight penalties follow the current weights; a frozen layer has none.
  const kernelPenalty = 0.01 * flat(w).reduce((s, v) => s + v * v, 0);
  assertClose([model.losses[1].item() as number], [kernelPenalty], 1e-5);
  layer.trainable = false;
  assertEquals(model.losses.length, 1); // the activity penalty of the last call
  layer.trainable = true;
  // The activity penalty is replaced by each call, and fit's memory stays flat.
  const before = tf.memory().numTensors;
  model.fit(c.x, c.y, { epochs: 3, batchSize: 2, verbose: 0 });
  assertEquals(tf.memory().numTensors, before);
});

Deno.test("regularizers: L1, L2, L1L2, l1l2, get, and Conv2D / Embedding options", () => {
  const x = tf.constant([[-2, 1], [0.5, 3]]);
  assertClose([new regularizers.L1(0.5).call(x).item() as number], [0.5 * 6.5]);
  assertClose([regularizers.l2().call(x).item() as number], [0.01 * 14.25]);
  assertClose([new regularizers.L1L2({ l1: 1, l2: 2 }).call(x).item() as number], [6.5 + 28.5]);
  assertEquals(new regularizers.L1L2().getConfig(), { l1: 0, l2: 0 });
  assertEquals(regularizers.l1l2().getConfig(), { l1: 0.01, l2: 0.01 });
  assertEquals((regularizers.get("l1") as tf.keras.regularizers.L1).l1, 0.01);
  assertEquals(regularizers.get("L2") instanceof regularizers.L2, true);
  assertEquals(regularizers.get("l1_l2").getConfig(), { l1: 0.01, l2: 0.01 });
  const fn = regularizers.get((t) => tf.reduceSum(t));
  assertEquals(fn.call(x).item(), 2.5);
  assertThrows(() => regularizers.get("l3"), tf.InvalidArgumentError, '"l3"');
  assertThrows(() => new regularizers.L2(-1), tf.InvalidArgumentError, "l2", "-1");
  assertThrows(() => regularizers.l1l2({ l1: Infinity }), tf.InvalidArgumentError, "l1");
  const conv = new layers.Conv2D({
    filters: 1,
    kernelSize: 1,
    kernelInitializer: "ones",
    kernelRegularizer: regularizers.l1(1),
    biasRegularizer: "l2",
    activityRegularizer: regularizers.l1(0.5),
  });
  conv.apply(tf.ones([2, 2, 2, 3]));
  // activity: 0.5 * sum(|3|) over 2*2*2 outputs / batch 2 = 6; kernel: 3; bias: 0.
  assertClose(conv.losses.map((t) => t.item() as number), [6, 3, 0]);
  const emb = new layers.Embedding({
    inputDim: 3,
    outputDim: 2,
    embeddingsInitializer: "ones",
    embeddingsRegularizer: regularizers.l2(1),
    activityRegularizer: regularizers.l1(1),
  });
  emb.apply(tf.constant([[0, 1]], "int32"));
  assertClose(emb.losses.map((t) => t.item() as number), [4, 6]);
  assertThrows(
    () => new layers.Embedding({ inputDim: 3, outputDim: 2, embeddingsRegularizer: "l0" }),
    tf.InvalidArgumentError,
    '"l0"',
  );
});

// ---------------------------------------------------------------- several inputs and outputs

class TwoHeads extends tf.keras.Model {
  first = new layers.Dense({ units: 1 });
  second = new layers.Dense({ units: 2 });
  constructor(readonly asRecord = false) {
    super();
  }
  // deno-lint-ignore no-explicit-any
  call(inputs: any): any {
    const [a, c] = this.asRecord ? [inputs.a, inputs.c] : inputs as tf.Tensor[];
    const out = [this.first.apply(a) as tf.Tensor, this.second.apply(c) as tf.Tensor];
    return this.asRecord ? { first: out[0], second: out[1] } : out;
  }
}

function twoHeads(c: Case, asRecord: boolean): TwoHeads {
  const model = new TwoHeads(asRecord);
  model.apply(
    asRecord ? { a: tf.constant(c.a), c: tf.constant(c.c) } : [tf.constant(c.a), tf.constant(c.c)],
  );
  model.first.setWeights([c.w1, c.b1]);
  model.second.setWeights([c.w2, c.b2]);
  return model;
}

Deno.test("several inputs and outputs: call receives [a, c]; losses per output with lossWeights", () => {
  const c = FIXTURES.multi_output;
  const model = twoHeads(c, false);
  model.compile({
    optimizer: sgd(c.lr),
    loss: ["mse", "mae"],
    lossWeights: c.lossWeights,
    metrics: [["mae"], []],
  });
  const x = [tf.constant(c.a), tf.constant(c.c)];
  const h = model.fit(x, [tf.constant(c.y1), tf.constant(c.y2)], {
    batchSize: 4,
    shuffle: false,
    verbose: 0,
  });
  assertEquals(Object.keys(h.history), ["loss", "output_1_mae", "output_1_loss", "output_2_loss"]);
  assertClose(
    [h.history.loss[0], h.history.output_1_loss[0], h.history.output_2_loss[0]],
    [c.loss, c.loss1, c.loss2],
    RTOL,
    ATOL,
  );
  assertClose(flat(model.first.kernel as tf.Variable), flatList(c.w1New), RTOL, ATOL);
  assertClose(flat(model.first.bias as tf.Variable), flatList(c.b1New), RTOL, ATOL);
  assertClose(flat(model.second.kernel as tf.Variable), flatList(c.w2New), RTOL, ATOL);
  assertClose(flat(model.second.bias as tf.Variable), flatList(c.b2New), RTOL, ATOL);
  const p = model.predict<tf.Tensor[]>(x, { batchSize: 3 });
  assertEquals(p.map((t) => t.shape), [[4, 1], [4, 2]]);
  // Mismatched lengths are errors naming every shape.
  assertThrows(
    () =>
      model.fit([tf.constant(c.a), tf.constant(c.c).at(":3")], [tf.constant(c.y1), c.y2], {
        verbose: 0,
      }),
    tf.InvalidArgumentError,
    "x [(4, 3), (3, 2)], y [(4, 1), (4, 2)]",
  );
});

Deno.test("several inputs and outputs as records: losses and lossWeights by output name", () => {
  const c = FIXTURES.multi_output;
  const model = twoHeads(c, true);
  model.compile({
    optimizer: sgd(c.lr),
    loss: { first: "mse", second: "mae" },
    lossWeights: { first: 1, second: 0.5 },
  });
  const h = model.fit({ a: c.a, c: c.c }, { first: c.y1, second: c.y2 }, {
    batchSize: 4,
    shuffle: false,
    verbose: 0,
  });
  assertEquals(Object.keys(h.history), ["loss", "first_loss", "second_loss"]);
  assertClose(
    [h.history.loss[0], h.history.first_loss[0], h.history.second_loss[0]],
    [c.loss, c.loss1, c.loss2],
    RTOL,
    ATOL,
  );
  assertClose(flat(model.second.kernel as tf.Variable), flatList(c.w2New), RTOL, ATOL);
  const ev = model.evaluate({ a: c.a, c: c.c }, { first: c.y1, second: c.y2 }, {
    verbose: 0,
    returnDict: true,
  });
  assertEquals(Object.keys(ev), ["loss", "first_loss", "second_loss"]);
  assertThrows(
    () => model.compile({ loss: { first: "mse", third: "mae" }, lossWeights: { fourth: 1 } }),
    tf.InvalidArgumentError,
    "fourth",
  );
});

// ---------------------------------------------------------------- metrics

class VariableTotal extends metrics.Metric {
  total = this.addWeight("total", [], { initializer: "zeros" });
  count = this.addWeight("count", [], { dtype: "float32" });
  updateState(yTrue: tf.TensorLike): void {
    const t = tf.convertToTensor(yTrue);
    this.total.assignAdd(tf.reduceSum(t));
    this.count.assignAdd(t.shape[0]);
  }
  result(): tf.Variable {
    return this.total;
  }
  resetState(): void {
    this.total.assign(0);
    this.count.assign(0);
  }
}

Deno.test("a metric whose result() is a Variable is logged by value: each epoch keeps its own", () => {
  const model = new tf.keras.Sequential([new layers.Dense({ units: 1, inputShape: [1] })]);
  const total = new VariableTotal({ name: "total" });
  assertEquals(total.variables.map((v) => v.name), ["total/total:0", "total/count:0"]);
  assertEquals(total.variables.every((v) => !v.trainable), true);
  model.compile({ optimizer: "sgd", loss: "mse", metrics: [total] });
  let epoch = 0;
  // Each epoch sees y * (epoch + 1): the totals differ by epoch.
  const ds = {
    *[Symbol.iterator]() {
      epoch++;
      yield [[[1], [2]], [[epoch], [epoch]]];
    },
  };
  const h = model.fit(ds, { epochs: 3, verbose: 0 });
  assertEquals(h.history.total, [2, 4, 6]);
  assertEquals(typeof h.history.total[0], "number");
  assertThrows(() => total.addWeight("w", [-1]), tf.InvalidArgumentError, "shape");
  assertThrows(
    () => total.addWeight("w", [], { dtype: "float99" as tf.DType }),
    tf.InvalidArgumentError,
  );
});

// ---------------------------------------------------------------- evaluate's value

Deno.test("evaluate returns the loss alone, [loss, ...metrics], or the record with returnDict", () => {
  const model = new tf.keras.Sequential([
    new layers.Dense({ units: 1, kernelInitializer: "ones", inputShape: [1] }),
  ]);
  model.compile({ optimizer: "sgd", loss: "mse" });
  assertEquals(model.evaluate([[1], [2]], [[1], [4]], { verbose: 0 }), 2);
  model.compile({ optimizer: "sgd", loss: "mse", metrics: ["mae", "mse"] });
  assertEquals(model.evaluate([[1], [2]], [[1], [4]], { verbose: 0 }), [2, 1, 2]);
  assertEquals(model.evaluate([[1], [2]], [[1], [4]], { verbose: 0, returnDict: true }), {
    loss: 2,
    mae: 1,
    mse: 2,
  });
  assertEquals(model.evaluate([[1], [2]], [[1], [4]], { verbose: 0, steps: 1, batchSize: 1 }), [
    0,
    0,
    0,
  ]);
});

// ---------------------------------------------------------------- weights, pop, saveWeights

Deno.test("weights, trainableWeights and nonTrainableWeights in Keras's order; Sequential.pop", () => {
  class Odd extends tf.keras.Model {
    inner = new layers.BatchNormalization({ name: "odd_bn" });
    frozen = new tf.Variable(1, { name: "odd_frozen", trainable: false });
    w = new tf.Variable(2, { name: "odd_w" });
    call(x: tf.Tensor): tf.Tensor {
      return (this.inner.apply(x) as tf.Tensor).mul(this.w).add(this.frozen);
    }
  }
  const odd = new Odd();
  odd.apply(tf.ones([2, 3]));
  // Own weights first (trainable, then not), then each sub-layer's.
  assertEquals(odd.weights.map((v) => v.name), [
    "odd_w:0",
    "odd_frozen:0",
    "odd_bn/gamma:0",
    "odd_bn/beta:0",
    "odd_bn/moving_mean:0",
    "odd_bn/moving_variance:0",
  ]);
  assertEquals(odd.trainableWeights.map((v) => v.name), [
    "odd_w:0",
    "odd_bn/gamma:0",
    "odd_bn/beta:0",
  ]);
  assertEquals(odd.nonTrainableWeights.map((v) => v.name), [
    "odd_frozen:0",
    "odd_bn/moving_mean:0",
    "odd_bn/moving_variance:0",
  ]);
  assertEquals(new Set(odd.weights), new Set(odd.variables));
  const model = new tf.keras.Sequential([
    new layers.Dense({ units: 4, inputShape: [2], name: "pop_a" }),
    new layers.Dense({ units: 1, name: "pop_b" }),
  ]);
  assertEquals(model.pop().name, "pop_b");
  assertEquals(model.layers.length, 1);
  assertEquals(model.weights.map((v) => v.name), ["pop_a/kernel:0", "pop_a/bias:0"]);
  assertEquals(model.apply([[1, 2]]).shape, [1, 4]);
  model.pop();
  assertThrows(() => model.pop(), tf.InvalidArgumentError, "no layers");
});

Deno.test("saveWeights without .safetensors or .npz appends .safetensors; .h5 and .keras are errors", () => {
  const dir = Deno.makeTempDirSync();
  try {
    const make = () => new tf.keras.Sequential([new layers.Dense({ units: 1, inputShape: [2] })]);
    const a = make(), b = make();
    assertEquals(a.saveWeights(`${dir}/ckpt`), `${dir}/ckpt.safetensors`);
    assertEquals(Deno.statSync(`${dir}/ckpt.safetensors`).isFile, true);
    b.loadWeights(`${dir}/ckpt`);
    assertEquals(b.getWeights().map((w) => w.tolist()), a.getWeights().map((w) => w.tolist()));
    assertEquals(a.saveWeights(`${dir}/w.npz`), `${dir}/w.npz`);
    for (const bad of ["w.weights.h5", "w.keras", "w.hdf5"]) {
      assertThrows(() => a.saveWeights(`${dir}/${bad}`), tf.InvalidArgumentError, bad, ".npz");
    }
  } finally {
    Deno.removeSync(dir, { recursive: true });
  }
});

// ---------------------------------------------------------------- ModelCheckpoint

Deno.test("ModelCheckpoint: Keras's placeholders, saveBestOnly, saveFreq in batches, messages", () => {
  const dir = Deno.makeTempDirSync();
  try {
    const x = tf.linspace(-1, 1, 8).reshape([8, 1]), y = x.mul(2);
    const model = new tf.keras.Sequential([new layers.Dense({ units: 1, inputShape: [1] })]);
    model.compile({ optimizer: sgd(0.1), loss: "mse" });
    const out = new Capture();
    const every = new callbacks.ModelCheckpoint({
      filepath: `${dir}/sub/e{epoch:02d}-{loss:.3f}.safetensors`,
      monitor: "loss",
      verbose: 1,
      output: out,
    });
    const h = model.fit(x, y, { epochs: 3, batchSize: 8, verbose: 0, callbacks: [every] });
    const names = [...Deno.readDirSync(`${dir}/sub`)].map((e) => e.name).sort();
    assertEquals(names, h.history.loss.map((l, i) => `e0${i + 1}-${l.toFixed(3)}.safetensors`));
    assertEquals(out.text.split("\n")[0], `Epoch 1: saving model to ${dir}/sub/${names[0]}`);
    // The last file holds the final weights, by attribute path.
    const saved = tf.io.loadTensors(`${dir}/sub/${names[2]}`);
    assertEquals(saved["layers/0/kernel"].tolist(), model.getWeights()[0].tolist());
    // saveBestOnly: an epoch that does not improve the monitored value is not saved.
    const best = new callbacks.ModelCheckpoint({
      filepath: `${dir}/best.npz`,
      monitor: "loss",
      saveBestOnly: true,
      verbose: 1,
      output: out,
    });
    out.text = "";
    model.compile({ optimizer: sgd(0), loss: "mse" }); // the loss never changes
    model.fit(x, y, { epochs: 2, batchSize: 8, verbose: 0, callbacks: [best] });
    const lines = out.text.trimEnd().split("\n");
    assertEquals(
      /^Epoch 1: loss improved from inf to \d+\.\d{5}, saving model to .*best\.npz$/.test(lines[0]),
      true,
      lines[0],
    );
    assertEquals(/^Epoch 2: loss did not improve from \d+\.\d{5}$/.test(lines[1]), true, lines[1]);
    assertEquals(best.mode, "min");
    // Batch-level saves: {batch} counts from 1.
    const batches = new callbacks.ModelCheckpoint({
      filepath: `${dir}/b/{epoch}-{batch}.safetensors`,
      saveFreq: 3,
    });
    model.fit(x, y, { epochs: 2, batchSize: 2, verbose: 0, callbacks: [batches] });
    assertEquals([...Deno.readDirSync(`${dir}/b`)].map((e) => e.name).sort(), [
      "1-3.safetensors",
      "2-2.safetensors",
    ]);
    assertEquals(
      new callbacks.ModelCheckpoint({ filepath: "a.npz", monitor: "val_accuracy" }).mode,
      "max",
    );
    const E = tf.InvalidArgumentError;
    assertThrows(
      () => new callbacks.ModelCheckpoint({ filepath: "a.safetensors", saveWeightsOnly: false }),
      E,
      "saveWeightsOnly",
      "only weights",
    );
    assertThrows(
      () => new callbacks.ModelCheckpoint({ filepath: "a.weights.h5" }),
      E,
      ".safetensors or .npz",
    );
    assertThrows(
      () => new callbacks.ModelCheckpoint({ filepath: "a.npz", saveFreq: 0 }),
      E,
      "saveFreq",
    );
    const missing = new callbacks.ModelCheckpoint({ filepath: `${dir}/{val_loss:.2f}.npz` });
    assertThrows(
      () => model.fit(x, y, { epochs: 1, verbose: 0, callbacks: [missing] }),
      E,
      "{val_loss}",
    );
  } finally {
    Deno.removeSync(dir, { recursive: true });
  }
});

// ---------------------------------------------------------------- data sets

/** An async-only data set of `[x, y]` batches of two rows, made fresh for every pass. */
function asyncBatches(x: tf.Tensor, y: tf.Tensor): AsyncIterable<[tf.Tensor, tf.Tensor]> {
  return {
    async *[Symbol.asyncIterator]() {
      for (let i = 0; i < x.shape[0]; i += 2) {
        await Promise.resolve();
        yield [x.at(`${i}:${i + 2}`), y.at(`${i}:${i + 2}`)];
      }
    },
  };
}

Deno.test("fit, evaluate and predict take an async data set and return Promises", async () => {
  const x = tf.linspace(-1, 1, 8).reshape([8, 1]), y = x.mul(2).add(1);
  const make = () => {
    const m = new tf.keras.Sequential([new layers.Dense({ units: 1, inputShape: [1] })]);
    m.setWeights([[[0.5]], [0]]);
    m.compile({ optimizer: sgd(0.1), loss: "mse", metrics: ["mae"] });
    return m;
  };
  const a = make(), b = make();
  const pending = a.fit(asyncBatches(x, y), { epochs: 3, verbose: 0 });
  assertEquals(pending instanceof Promise, true);
  const h = await pending;
  // The same batches as arrays without shuffling: the same training.
  const hb = b.fit(x, y, { epochs: 3, batchSize: 2, shuffle: false, verbose: 0 });
  assertClose(h.history.loss, hb.history.loss, 1e-6);
  assertEquals(a.getWeights()[0].tolist(), b.getWeights()[0].tolist());
  const ev = await a.evaluate(asyncBatches(x, y), { verbose: 0 });
  assertClose(ev as number[], b.evaluate(x, y, { verbose: 0 }) as number[], 1e-6);
  const p = await a.predict(asyncBatches(x, y));
  assertEquals(p.tolist(), b.predict(x).tolist());
  // validationData as a data set, evaluated afresh each epoch.
  const hv = await make().fit(asyncBatches(x, y), {
    epochs: 2,
    verbose: 0,
    validationData: asyncBatches(x, y),
  });
  assertEquals(Object.keys(hv.history), ["loss", "mae", "val_loss", "val_mae"]);
  // Options that are for arrays are errors with a data set.
  const E = tf.InvalidArgumentError;
  assertThrows(
    () => a.fit(asyncBatches(x, y), { batchSize: 2 }),
    E,
    "batchSize",
    "its own batches",
  );
  assertThrows(() => a.fit(asyncBatches(x, y), { shuffle: true }), E, "shuffle");
  assertThrows(() => a.fit(asyncBatches(x, y), { validationSplit: 0.5 }), E, "validationSplit");
  assertThrows(() => a.evaluate(asyncBatches(x, y), { batchSize: 2 }), E, "batchSize");
  assertThrows(
    () => b.fit(x, y, { validationData: asyncBatches(x, y), verbose: 0 }),
    E,
    "synchronous",
  );
  assertThrows(() => b.fit(x, y, { stepsPerEpoch: 2, verbose: 0 }), E, "stepsPerEpoch");
});

Deno.test("a synchronous iterable trains synchronously; stepsPerEpoch continues one iterator", () => {
  const x = tf.linspace(-1, 1, 8).reshape([8, 1]), y = x.mul(2);
  const model = new tf.keras.Sequential([new layers.Dense({ units: 1, inputShape: [1] })]);
  model.compile({ optimizer: sgd(0.05), loss: "mse" });
  let opened = 0, pulled = 0;
  const ds = {
    *[Symbol.iterator]() {
      opened++;
      for (let i = 0; i < 8; i += 2) {
        pulled++;
        yield [x.at(`${i}:${i + 2}`), y.at(`${i}:${i + 2}`)] as const;
      }
    },
  };
  const h = model.fit(ds, { epochs: 2, verbose: 0 });
  assertEquals(h.epoch, [0, 1]);
  assertEquals([opened, pulled], [2, 8]);
  // stepsPerEpoch: 3 batches per epoch from one iterator; a fresh one when it runs out (the
  // epoch is cut short: Keras's warning, and training stops).
  opened = pulled = 0;
  const out = new Capture();
  const steps: number[] = [];
  const count = new (class extends callbacks.Callback {
    n = 0;
    override onEpochBegin(): void {
      this.n = 0;
    }
    override onBatchEnd(): void {
      this.n++;
    }
    override onEpochEnd(): void {
      steps.push(this.n);
    }
  })();
  model.fit(ds, {
    epochs: 3,
    stepsPerEpoch: 3,
    verbose: 0,
    callbacks: [count],
    progressOutput: out,
  });
  assertEquals(steps, [3, 1]);
  assertEquals(opened, 1);
  assertEquals(
    out.text.includes("Your input ran out of data; interrupting training"),
    true,
    out.text,
  );
  // A generator object is used up by its first pass: the second epoch has no data.
  function* once() {
    yield [x, y] as const;
  }
  const gen = model.fit(once(), { epochs: 3, verbose: 0, progressOutput: out });
  assertEquals(gen.epoch, [0]);
  assertThrows(
    () => model.fit({ *[Symbol.iterator]() {} }, { verbose: 0 }),
    tf.InvalidArgumentError,
    "no batches",
  );
  assertThrows(() => model.fit(ds, [[1]] as never, {}), tf.InvalidArgumentError, "its own targets");
  assertThrows(() => model.fit(x, undefined as never), tf.InvalidArgumentError, "y is missing");
});

Deno.test("fit on a data set without a length shows Unknown steps, then the count", async () => {
  const x = tf.linspace(-1, 1, 6).reshape([6, 1]), y = x.mul(2);
  const model = new tf.keras.Sequential([new layers.Dense({ units: 1, inputShape: [1] })]);
  model.compile({ optimizer: "sgd", loss: "mse" });
  const out = new Capture();
  await model.fit(asyncBatches(x, y), { epochs: 2, progressOutput: out });
  const lines = out.text.trimEnd().split("\n");
  assertEquals(lines[0], "Epoch 1/2");
  assertEquals(
    /^3\/3 \[={30}\] - \d+s \d+(us|ms|s)\/step - loss: \d+\.\d{4}$/.test(lines[1]),
    true,
    lines[1],
  );
  assertEquals(/^3\/3 \[={30}\] - \d+s /.test(lines[3]), true, lines[3]);
  // A Progbar whose target is unknown: Keras's "Unknown" count.
  const bar = new callbacks.Progbar(null, { output: out, verbose: 2 });
  out.text = "";
  bar.update(7, { loss: 0.5 }, true);
  assertEquals(
    /^7\/Unknown - \d+s - \d+(us|ms|s)\/step - loss: 0\.5000\n$/.test(out.text.trimStart()),
    true,
    out.text,
  );
  // A data set that declares its length: the bar knows it from the first epoch.
  const sized = Object.assign(asyncBatches(x, y), { length: 3 });
  const seen: (number | null)[] = [];
  const spy = new (class extends callbacks.Callback {
    override onEpochBegin(): void {
      seen.push(this.params === null ? -1 : this.params.steps);
    }
  })();
  await model.fit(sized, { epochs: 1, verbose: 0, callbacks: [spy] });
  await model.fit(asyncBatches(x, y), { epochs: 2, verbose: 0, callbacks: [spy] });
  assertEquals(seen, [3, null, 3]);
});

Deno.test("several inputs from a data set: call receives [a, b]; predict on a data set of x", async () => {
  class Sum extends tf.keras.Model {
    da = new layers.Dense({ units: 1, kernelInitializer: "ones", useBias: false });
    db = new layers.Dense({ units: 1, kernelInitializer: "ones", useBias: false });
    // deno-lint-ignore no-explicit-any
    call(inputs: any): tf.Tensor {
      const [a, b] = inputs as tf.Tensor[];
      return (this.da.apply(a) as tf.Tensor).add(this.db.apply(b) as tf.Tensor);
    }
  }
  const a = tf.constant([[1, 2], [3, 4], [5, 6], [7, 8]]), b = tf.constant([[1], [0], [2], [1]]);
  const y = tf.constant([[4], [7], [13], [16]]);
  const model = new Sum();
  model.compile({ optimizer: sgd(0), loss: "mse" });
  assertEquals(model.evaluate([a, b], y, { verbose: 0 }), 0);
  const ds = {
    async *[Symbol.asyncIterator]() {
      yield [[a.at(":2"), b.at(":2")], y.at(":2")];
      yield [[a.at("2:"), b.at("2:")], y.at("2:"), [1, 1]];
    },
  };
  assertEquals(await model.evaluate(ds, { verbose: 0 }), 0);
  const h = await model.fit(ds, { epochs: 1, verbose: 0 });
  assertEquals(h.history.loss, [0]);
  // An element [a, b] would be Keras's tuple (x, y): several inputs alone go as [[a, b]].
  const xs = {
    *[Symbol.iterator]() {
      yield [[a.at(":3"), b.at(":3")]];
      yield [[a.at("3:"), b.at("3:")]];
    },
  };
  assertEquals(model.predict(xs).tolist(), y.tolist());
});

Deno.test("fit, evaluate and predict with weights, regularizers and data sets keep tf.memory() flat", async () => {
  tf.random.setSeed(5);
  const x = tf.random.normal([40, 3]);
  const ids = tf.constant(Int32Array.from({ length: 40 }, (_, i) => i % 3));
  const ones = tf.ones([40]);
  const model = new tf.keras.Sequential([
    new layers.Dense({
      units: 3,
      activation: "softmax",
      kernelRegularizer: "l2",
      activityRegularizer: "l1",
    }),
  ]);
  model.compile({
    optimizer: "adam",
    loss: "sparse_categorical_crossentropy",
    metrics: ["accuracy"],
    weightedMetrics: ["accuracy"],
  });
  model.fit(x, ids, { epochs: 1, verbose: 0 });
  const batches = [0, 10, 20, 30].map((i) => [x.at(`${i}:${i + 10}`), ids.at(`${i}:${i + 10}`)]);
  const before = tf.memory().numTensors;
  model.fit(x, ids, {
    epochs: 2,
    batchSize: 8,
    verbose: 0,
    classWeight: { 0: 2 },
    validationSplit: 0.25,
  });
  model.fit(x, ids, {
    epochs: 2,
    batchSize: 8,
    verbose: 0,
    sampleWeight: ones,
    validationData: [x, ids, ones],
  });
  model.evaluate(x, ids, { verbose: 0, sampleWeight: ones });
  model.predict(x, { batchSize: 7 }).dispose();
  model.fit({
    *[Symbol.iterator]() {
      yield* batches;
    },
  }, { epochs: 2, verbose: 0, classWeight: { 1: 3 } });
  await model.fit(
    {
      async *[Symbol.asyncIterator]() {
        yield* batches;
      },
    },
    {
      epochs: 2,
      verbose: 0,
      validationData: {
        *[Symbol.iterator]() {
          yield* batches;
        },
      },
    },
  );
  (await model.predict({
    async *[Symbol.asyncIterator]() {
      yield* batches;
    },
  })).dispose();
  assertEquals(tf.memory().numTensors, before);
});
