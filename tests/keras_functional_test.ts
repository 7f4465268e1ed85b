// The Keras functional API: tf.keras.Input, layers applied to symbolic tensors, merge layers,
// new tf.keras.Model({ inputs, outputs }) with several inputs and outputs, shared layers, nested
// models, summary, weights files, gradients, fit, and the errors.
import * as tf from "../mod.ts";
import { assertClose, assertEquals, assertThrows } from "./helpers.ts";

const { layers } = tf.keras;
const E = tf.InvalidArgumentError;

function values(t: tf.Tensor | tf.Variable): number[] {
  return Array.from(t.dataSync() as Float32Array, Number);
}

/** A seeded batch of `n` rows of `features`. */
function data(n: number, features: number, seed: number): tf.Tensor {
  return tf.random.normal([n, features], { seed });
}

// ---------------------------------------------------------------- symbolic tensors

Deno.test("Input makes a symbolic tensor; layers applied to it record nodes", () => {
  const x = tf.keras.Input({ shape: [4], name: "features" });
  assertEquals(x instanceof tf.keras.KerasTensor, true);
  assertEquals([x.shape, x.dtype, x.name, x.rank], [[null, 4], "float32", "features", 2]);
  assertEquals(x.layer instanceof layers.InputLayer, true);
  assertEquals([x.nodeIndex, x.tensorIndex], [0, 0]);
  assertEquals(
    String(x),
    "<KerasTensor: shape=(None, 4) dtype=float32 (created by layer 'features')>",
  );
  const dense = new layers.Dense({ units: 3, name: "sym_dense" });
  const h = dense.apply(x);
  assertEquals([h.shape, h.dtype, h.name], [[null, 3], "float32", "sym_dense[0][0]"]);
  assertEquals(h.layer, dense);
  // The layer is built with the real input shape; applying it again makes a second node.
  assertEquals(dense.kernel?.shape, [4, 3]);
  const again = dense.apply(tf.keras.Input({ shape: [4] }));
  assertEquals([again.nodeIndex, again.name], [1, "sym_dense[1][0]"]);
  // A fixed batch size stays; unknown inner axes stay unknown where the output depends on them.
  const fixed = tf.keras.Input({ shape: [2, 5], batchSize: 8 });
  assertEquals(new layers.Dense({ units: 2 }).apply(fixed).shape, [8, 2, 2]);
  assertEquals(new layers.Flatten().apply(fixed).shape, [8, 10]);
  const ids = tf.keras.Input({ shape: [null], dtype: "int32" });
  const emb = new layers.Embedding({ inputDim: 10, outputDim: 3 }).apply(ids);
  assertEquals([emb.shape, emb.dtype], [[null, null, 3], "float32"]);
  const flat = new layers.Flatten().apply(emb);
  assertEquals(flat.shape, [null, null]);
});

Deno.test("applying layers to symbolic tensors computes nothing that stays", () => {
  const dense = new layers.Dense({ units: 2 });
  dense.apply(tf.ones([1, 3])).dispose();
  const before = tf.memory().numTensors;
  const x = tf.keras.Input({ shape: [3] });
  dense.apply(x);
  new layers.Dropout({ rate: 0.5 }).apply(new layers.Add().apply([x, x]));
  assertEquals(tf.memory().numTensors, before);
  // BatchNormalization's moving statistics are not touched, even with training: true.
  const bn = new layers.BatchNormalization();
  bn.apply(tf.keras.Input({ shape: [3] }), { training: true });
  assertEquals(values(bn.movingMean as tf.Variable), [0, 0, 0]);
  assertEquals(values(bn.movingVariance as tf.Variable), [1, 1, 1]);
});

// ---------------------------------------------------------------- models

Deno.test("a two-layer functional model equals the Sequential with the same weights", () => {
  tf.random.setSeed(1);
  const seq = new tf.keras.Sequential([
    new layers.Dense({ units: 5, activation: "relu", inputShape: [4] }),
    new layers.Dense({ units: 2, activation: "softmax" }),
  ]);
  const inputs = tf.keras.Input({ shape: [4] });
  const hidden = new layers.Dense({ units: 5, activation: "relu" }).apply(inputs);
  const outputs = new layers.Dense({ units: 2, activation: "softmax" }).apply(hidden);
  const model = new tf.keras.Model({ inputs, outputs, name: "mlp" });
  assertEquals(model.name, "mlp");
  assertEquals(model.layers.map((l) => l.constructor.name), ["InputLayer", "Dense", "Dense"]);
  assertEquals(model.inputs, [inputs]);
  assertEquals(model.outputs, [outputs]);
  assertEquals(model.namedVariables().map((n) => n.path), [
    "layers/1/kernel",
    "layers/1/bias",
    "layers/2/kernel",
    "layers/2/bias",
  ]);
  assertEquals(model.countParams(), seq.countParams());
  model.setWeights(seq.getWeights());
  const x = data(6, 4, 2);
  assertEquals(values(model.apply(x)), values(seq.apply(x)));
  assertEquals(model.apply(x).shape, [6, 2]);
  // predict runs the graph in batches too.
  assertEquals(values(model.predict(x, { batchSize: 4 })), values(seq.predict(x)));
  // A Tensor-like input is converted as for any layer.
  assertEquals(model.apply([[0, 0, 0, 0]]).shape, [1, 2]);
});

/** Two Inputs -> Concatenate -> Dense, with ones as kernel. */
function twoInputs(): {
  a: tf.keras.KerasTensor;
  b: tf.keras.KerasTensor;
  out: tf.keras.KerasTensor;
} {
  const a = tf.keras.Input({ shape: [2], name: "in_a" });
  const b = tf.keras.Input({ shape: [3], name: "in_b" });
  const joined = new layers.Concatenate().apply([a, b]);
  assertEquals(joined.shape, [null, 5]);
  const out = new layers.Dense({ units: 1, kernelInitializer: "ones", biasInitializer: "ones" })
    .apply(joined);
  return { a, b, out };
}

Deno.test("multi-input models take an array or a record of tensors", () => {
  const { a, b, out } = twoInputs();
  const model = new tf.keras.Model({ inputs: [a, b], outputs: out });
  const xa = tf.constant([[1, 2], [0, 0]]), xb = tf.constant([[1, 1, 1], [0, 0, 5]]);
  assertEquals(model.apply([xa, xb]).tolist(), [[7], [6]]);
  // By Input name, and as plain arrays in a record.
  assertEquals(model.apply({ in_a: xa, in_b: xb }).tolist(), [[7], [6]]);
  assertEquals(model.apply({ in_b: [[1, 1, 1]], in_a: [[1, 2]] }).tolist(), [[7]]);
  // A record of inputs.
  const byName = new tf.keras.Model({ inputs: { first: a, second: b }, outputs: out });
  assertEquals(byName.apply({ second: xb, first: xa }).tolist(), [[7], [6]]);
  assertThrows(() => byName.apply({ first: xa }), E, "expected a record with keys first, second");
  assertThrows(
    () => byName.apply({ first: xa, second: xb, third: xb }),
    E,
    "expected a record with keys first, second",
  );
  assertThrows(() => model.apply([xa]), E, "expected 2 inputs", "an array of 1");
  assertThrows(() => model.apply(xa), E, "expected 2 inputs", "one tensor of shape (2, 2)");
  assertThrows(
    () => model.apply([xb, xa]),
    E,
    "input 'in_a' must have shape (None, 2), got (2, 3)",
  );
  // Other dtypes are cast to the Input's.
  assertEquals(model.apply([tf.constant([[1, 2]], "int32"), tf.zeros([1, 3])]).tolist(), [[4]]);
});

Deno.test("multi-output models return an array or a record", () => {
  const x = tf.keras.Input({ shape: [3] });
  const trunk = new layers.Dense({ units: 4, kernelInitializer: "ones" }).apply(x);
  const left = new layers.Dense({ units: 1, kernelInitializer: "ones" }).apply(trunk);
  const right = new layers.Dense({ units: 2, kernelInitializer: "zeros" }).apply(trunk);
  const pair = new tf.keras.Model({ inputs: x, outputs: [left, right] });
  const [l, r] = pair.apply<tf.Tensor[]>([[1, 1, 1]]);
  assertEquals([l.tolist(), r.tolist()], [[[12]], [[0, 0]]]);
  const named = new tf.keras.Model({ inputs: [x], outputs: { score: left, logits: right } });
  const y = named.apply<Record<string, tf.Tensor>>(tf.ones([2, 3]));
  assertEquals(Object.keys(y), ["score", "logits"]);
  assertEquals([y.score.shape, y.logits.shape], [[2, 1], [2, 2]]);
  // A functional model applied to symbolic tensors gives symbolic outputs in the same form.
  const outer = named.apply<Record<string, tf.keras.KerasTensor>>(tf.keras.Input({ shape: [3] }));
  assertEquals([outer.score.shape, outer.logits.shape], [[null, 1], [null, 2]]);
});

Deno.test("a layer applied twice is two nodes with the same weights", () => {
  const a = tf.keras.Input({ shape: [2] }), b = tf.keras.Input({ shape: [2] });
  const shared = new layers.Dense({ units: 2 });
  const sum = new layers.Add().apply([shared.apply(a), shared.apply(b)]);
  const model = new tf.keras.Model({ inputs: [a, b], outputs: sum });
  assertEquals(model.layers.filter((l) => l === shared).length, 1);
  assertEquals(model.variables.length, 2);
  assertEquals(model.countParams(), 6);
  const xa = tf.constant([[1, 2]]), xb = tf.constant([[3, -1]]);
  const expected = tf.add(shared.apply(xa), shared.apply(xb));
  assertClose(values(model.apply([xa, xb])), values(expected));
  // Training the model trains the one kernel through both uses.
  using tape = new tf.GradientTape();
  const loss = tf.reduceSum(model.apply([xa, xb]));
  const [gk] = tape.gradient(loss, model.trainableVariables) as tf.Tensor[];
  assertClose(values(gk), [4, 4, 1, 1]);
});

Deno.test("functional models nest: a model applied to symbolic tensors is a layer", () => {
  const x = tf.keras.Input({ shape: [3] });
  const innerDense = new layers.Dense({ units: 2, name: "inner_dense" });
  const inner = new tf.keras.Model({ inputs: x, outputs: innerDense.apply(x), name: "inner" });
  const p = tf.keras.Input({ shape: [3], name: "p" });
  const q = tf.keras.Input({ shape: [3], name: "q" });
  const head = new layers.Dense({ units: 1, name: "nest_head" });
  const out = head.apply(
    new layers.Add({ name: "nest_add" }).apply([inner.apply(p), inner.apply(q)]),
  );
  const outer = new tf.keras.Model({ inputs: [p, q], outputs: out, name: "outer" });
  assertEquals(outer.layers.map((l) => l.name), ["p", "q", "inner", "nest_add", "nest_head"]);
  assertEquals(outer.namedVariables().map((n) => n.path), [
    "layers/2/layers/1/kernel",
    "layers/2/layers/1/bias",
    "layers/4/kernel",
    "layers/4/bias",
  ]);
  const xp = data(2, 3, 4), xq = data(2, 3, 5);
  const expected = head.apply(tf.add(innerDense.apply(xp), innerDense.apply(xq)));
  assertClose(values(outer.apply([xp, xq])), values(expected), 1e-6);
  // Sequential models nest in functional ones and the other way round.
  const seq = new tf.keras.Sequential([new layers.Dense({ units: 2 }), outer]);
  assertThrows(() => seq.apply(tf.ones([1, 3])), E, "expected 2 inputs");
  const s = tf.keras.Input({ shape: [3] });
  const wrapped = new tf.keras.Model({
    inputs: s,
    outputs: new tf.keras.Sequential([inner]).apply(s),
  });
  assertClose(values(wrapped.apply(xp)), values(innerDense.apply(xp)));
});

// ---------------------------------------------------------------- summary

Deno.test("summary prints Keras's functional table with the Connected to column", () => {
  const left = tf.keras.Input({ shape: [4], name: "left" });
  const right = tf.keras.Input({ shape: [4], name: "right" });
  const tower = new layers.Dense({ units: 3, name: "tower" });
  const join = new layers.Concatenate({ name: "join" }).apply([
    tower.apply(left),
    tower.apply(right),
  ]);
  const score = new layers.Dense({ units: 1, name: "score" }).apply(join);
  const model = new tf.keras.Model({ inputs: [left, right], outputs: score, name: "two_tower" });
  const rule = "_".repeat(98), double = "=".repeat(98);
  assertEquals(
    model.summary({ print: false }),
    [
      'Model: "two_tower"',
      rule,
      "Layer (type)                    Output Shape         Param #     Connected to",
      double,
      "left (InputLayer)               [(None, 4)]          0",
      rule,
      "right (InputLayer)              [(None, 4)]          0",
      rule,
      "tower (Dense)                   (None, 3)            15          left[0][0]",
      "                                                                 right[0][0]",
      rule,
      "join (Concatenate)              (None, 6)            0           tower[0][0]",
      "                                                                 tower[1][0]",
      rule,
      "score (Dense)                   (None, 1)            7           join[0][0]",
      double,
      "Total params: 22",
      "Trainable params: 22",
      "Non-trainable params: 0",
      rule,
    ].join("\n"),
  );
});

Deno.test("summary: a chain prints as Keras prints it, without connections; nested models", () => {
  const x = tf.keras.Input({ shape: [5], name: "chain_in" });
  const h = new layers.Dense({ units: 3, name: "chain_hidden" }).apply(x);
  const bn = new layers.BatchNormalization({ name: "chain_bn" }).apply(h);
  const inner = new tf.keras.Model({ inputs: x, outputs: bn, name: "chain" });
  const rule = "_".repeat(65), double = "=".repeat(65);
  assertEquals(
    inner.summary({ print: false }),
    [
      'Model: "chain"',
      rule,
      "Layer (type)                 Output Shape              Param #",
      double,
      "chain_in (InputLayer)        [(None, 5)]               0",
      rule,
      "chain_hidden (Dense)         (None, 3)                 18",
      rule,
      "chain_bn (BatchNormalization (None, 3)                 12",
      double,
      "Total params: 30",
      "Trainable params: 24",
      "Non-trainable params: 6",
      rule,
    ].join("\n"),
  );
  // Used on two inputs, the nested model is a row connected to both; its outputs are its nodes
  // 1 and 2 (Keras's node 0 links its own inputs to its outputs).
  const p = tf.keras.Input({ shape: [5], name: "nest_p" });
  const q = tf.keras.Input({ shape: [5], name: "nest_q" });
  const avg = new layers.Average({ name: "nest_avg" }).apply([inner.apply(p), inner.apply(q)]);
  const outer = new tf.keras.Model({ inputs: [p, q], outputs: avg, name: "siamese" });
  const lines = outer.summary({ print: false }).split("\n");
  assertEquals(lines.slice(8, 14), [
    "chain (Functional)              (None, 3)            30          nest_p[0][0]",
    "                                                                 nest_q[0][0]",
    "_".repeat(98),
    "nest_avg (Average)              (None, 3)            0           chain[1][0]",
    "                                                                 chain[2][0]",
    "=".repeat(98),
  ]);
  assertEquals(outer.summary({ print: false, lineLength: 120 }).split("\n")[1].length, 120);
});

// ---------------------------------------------------------------- weights, gradients, fit

Deno.test("saveWeights / loadWeights round-trip a functional model", () => {
  const make = (): tf.keras.FunctionalModel => {
    const { a, b, out } = twoInputs();
    const head = new layers.Dense({ units: 2 }).apply(out);
    return new tf.keras.Model({ inputs: [a, b], outputs: head });
  };
  tf.random.setSeed(7);
  const m1 = make(), m2 = make();
  const x = [data(3, 2, 8), data(3, 3, 9)];
  const dir = Deno.makeTempDirSync();
  try {
    for (const ext of ["safetensors", "npz"]) {
      const path = `${dir}/w.${ext}`;
      m1.saveWeights(path);
      assertEquals(Object.keys(tf.io.loadTensors(path)).sort(), [
        "layers/3/bias",
        "layers/3/kernel",
        "layers/4/bias",
        "layers/4/kernel",
      ]);
      const m3 = make();
      m3.loadWeights(path);
      assertEquals(values(m3.apply(x)), values(m1.apply(x)));
    }
    m2.loadWeights(`${dir}/w.npz`);
    assertEquals(values(m2.apply(x)), values(m1.apply(x)));
  } finally {
    Deno.removeSync(dir, { recursive: true });
  }
});

Deno.test("gradients through a functional model equal the Sequential's", () => {
  tf.random.setSeed(11);
  const seq = new tf.keras.Sequential([
    new layers.Dense({ units: 6, activation: "tanh", inputShape: [3] }),
    new layers.Dense({ units: 1 }),
  ]);
  const inputs = tf.keras.Input({ shape: [3] });
  const outputs = new layers.Dense({ units: 1 }).apply(
    new layers.Dense({ units: 6, activation: "tanh" }).apply(inputs),
  );
  const model = new tf.keras.Model({ inputs, outputs });
  model.setWeights(seq.getWeights());
  const x = data(8, 3, 12), y = data(8, 1, 13);
  const grads = (m: tf.keras.Model): number[][] => {
    using tape = new tf.GradientTape();
    const loss = tf.reduceMean(tf.square(m.apply(x).sub(y)));
    return (tape.gradient(loss, m.trainableVariables) as tf.Tensor[]).map(values);
  };
  const [gf, gs] = [grads(model), grads(seq)];
  assertEquals(gf.length, 4);
  gf.forEach((g, i) => assertClose(g, gs[i], 1e-5, 1e-7));
});

Deno.test("fit, evaluate and predict train a single-input functional model", () => {
  tf.random.setSeed(5);
  const x = data(64, 2, 21);
  const y = x.matmul(tf.constant([[2], [-1]])).add(0.5);
  const inputs = tf.keras.Input({ shape: [2] });
  const outputs = new layers.Dense({ units: 1 }).apply(inputs);
  const model = new tf.keras.Model({ inputs, outputs });
  model.compile({ optimizer: new tf.keras.optimizers.SGD({ learningRate: 0.1 }), loss: "mse" });
  const history = model.fit(x, y, { epochs: 30, batchSize: 16, verbose: 0, seed: 1 });
  const losses = history.history.loss as number[];
  if (!(losses[losses.length - 1] < 1e-3 && losses[0] > losses[losses.length - 1])) {
    throw new Error(`did not converge: ${losses[0]} -> ${losses[losses.length - 1]}`);
  }
  model.evaluate(x, y, { verbose: 0 });
  const predicted = model.predict(x, { batchSize: 10 });
  assertEquals(predicted.shape, [64, 1]);
  const mse = tf.reduceMean(tf.square(predicted.sub(y))).item() as number;
  if (!(mse < 1e-3)) throw new Error(`predict mse ${mse}`);
});

Deno.test("training: the model's flag reaches Dropout; a flag given at graph building wins", () => {
  const x = tf.keras.Input({ shape: [200] });
  const follows = new tf.keras.Model({
    inputs: x,
    outputs: new layers.Dropout({ rate: 0.5, seed: 3 }).apply(x),
  });
  const ones = tf.ones([1, 200]);
  assertEquals(values(follows.apply(ones)).every((v) => v === 1), true);
  const trained = values(follows.apply(ones, { training: true }));
  assertEquals(trained.some((v) => v === 0) && trained.some((v) => v === 2), true);
  const always = new tf.keras.Model({
    inputs: x,
    outputs: new layers.Dropout({ rate: 0.5, seed: 3 }).apply(x, { training: true }),
  });
  assertEquals(values(always.apply(ones)).some((v) => v === 0), true);
});

// ---------------------------------------------------------------- merge layers

Deno.test("merge layers on tensors and symbolic tensors", () => {
  const a = tf.constant([[1, 5]]), b = tf.constant([[3, 4]]), c = tf.constant([[2, 0]]);
  assertEquals(new layers.Add().apply([a, b, c]).tolist(), [[6, 9]]);
  assertEquals(new layers.Subtract().apply([a, b]).tolist(), [[-2, 1]]);
  assertEquals(new layers.Multiply().apply([a, b, c]).tolist(), [[6, 0]]);
  assertEquals(new layers.Average().apply([a, b, c]).tolist(), [[2, 3]]);
  assertEquals(new layers.Maximum().apply([a, b, c]).tolist(), [[3, 5]]);
  assertEquals(new layers.Minimum().apply([a, b, c]).tolist(), [[1, 0]]);
  assertEquals(new layers.Concatenate({ axis: 0 }).apply([a, b]).tolist(), [[1, 5], [3, 4]]);
  assertEquals(new layers.Concatenate().apply([a, b]).tolist(), [[1, 5, 3, 4]]);
  // Broadcasting, as the ops.
  assertEquals(new layers.Add().apply([tf.ones([2, 3]), tf.ones([1, 3])]).shape, [2, 3]);
  const s = tf.keras.Input({ shape: [4] }), t = tf.keras.Input({ shape: [1] });
  assertEquals(new layers.Multiply().apply([s, t]).shape, [null, 4]);
  assertEquals(new layers.Concatenate().apply([s, t]).shape, [null, 5]);
  assertEquals(new layers.Concatenate({ axis: 0 }).apply([s, s]).shape, [null, 4]);
  // Errors name the layer and the shapes.
  assertThrows(() => new layers.Add({ name: "lonely" }).apply([a]), E, "lonely", "at least 2");
  assertThrows(() => new layers.Subtract().apply([a, b, c]), E, "exactly 2");
  assertThrows(() => new layers.Add().apply(a), E, "takes an array");
  assertThrows(
    () => new layers.Add({ name: "bad_add" }).apply([tf.ones([1, 3]), tf.ones([1, 4])]),
    E,
    "bad_add",
    "(1, 3), (1, 4)",
  );
  assertThrows(
    () => new layers.Concatenate({ name: "cat" }).apply([tf.ones([2, 3]), tf.ones([3, 3])]),
    E,
    "cat",
    "except along axis -1",
    "(2, 3), (3, 3)",
  );
  assertThrows(() => new layers.Concatenate({ axis: 1.5 }), E, "axis must be an integer");
});

// ---------------------------------------------------------------- errors

Deno.test("an incompatible input shape fails when the graph is built, naming layer and shapes", () => {
  const dense = new layers.Dense({ units: 2, name: "picky" });
  dense.apply(tf.ones([1, 3]));
  assertThrows(
    () => dense.apply(tf.keras.Input({ shape: [4] })),
    E,
    "picky (Dense) cannot be applied to the symbolic input of shape (None, 4)",
    "expected inputs of shape (..., 3)",
  );
  const a = tf.keras.Input({ shape: [2] }), b = tf.keras.Input({ shape: [3] });
  assertThrows(
    () => new layers.Add({ name: "mismatch" }).apply([a, b]),
    E,
    "mismatch (Add) cannot be applied to the symbolic inputs of shapes [(None, 2), (None, 3)]",
  );
  assertThrows(
    // deno-lint-ignore no-explicit-any
    () => new layers.Dense({ units: 1 }).apply([a, tf.ones([1, 2])] as any),
    E,
    "mix symbolic tensors",
  );
});

Deno.test("Model({ inputs, outputs }) checks its graph", () => {
  const a = tf.keras.Input({ shape: [2], name: "g_a" });
  const b = tf.keras.Input({ shape: [2], name: "g_b" });
  const h = new layers.Dense({ units: 2, name: "g_dense" }).apply(a);
  const sum = new layers.Add().apply([h, b]);
  assertThrows(
    () => new tf.keras.Model({ inputs: a, outputs: sum }),
    E,
    "graph disconnected",
    "needs the Input 'g_b'",
  );
  assertThrows(
    () => new tf.keras.Model({ inputs: h, outputs: sum }),
    E,
    "input 0 ('g_dense[0][0]') is not a tf.keras.Input",
    "made by layer 'g_dense' (Dense)",
  );
  assertThrows(
    // deno-lint-ignore no-explicit-any
    () => new tf.keras.Model({ inputs: tf.ones([1, 2]) as any, outputs: h }),
    E,
    "inputs must be symbolic tensors",
  );
  assertThrows(() => new tf.keras.Model({ inputs: [], outputs: h }), E, "inputs must be");
  // deno-lint-ignore no-explicit-any
  assertThrows(() => new tf.keras.Model({ inputs: a } as any), E, "needs both inputs and outputs");
  assertThrows(() => new tf.keras.Model({ inputs: [a, a], outputs: h }), E, "given twice");
  assertThrows(
    () => new tf.keras.Model({ inputs: a, outputs: h, inputShape: [2] }),
    E,
    "takes no inputShape",
  );
  // deno-lint-ignore no-explicit-any
  assertThrows(() => new tf.keras.Model({ input: a } as any), E, '"input"', "did you mean");
  const twin = new layers.Dense({ units: 2, name: "g_dense" }).apply(h);
  assertThrows(
    () => new tf.keras.Model({ inputs: a, outputs: twin }),
    E,
    "two layers of the model are named 'g_dense'",
  );
  // An unused input is allowed (and still required by apply).
  const unused = new tf.keras.Model({ inputs: [a, b], outputs: h });
  assertEquals(unused.layers.map((l) => l.name), ["g_a", "g_b", "g_dense"]); // as Keras orders them
  assertEquals(unused.apply([tf.ones([1, 2]), tf.ones([1, 2])]).shape, [1, 2]);
});

Deno.test("a Model with neither inputs/outputs nor an overridden call cannot be applied", () => {
  const bare = new tf.keras.Model();
  assertThrows(
    () => bare.apply(tf.ones([1, 2])),
    E,
    "override call, or pass { inputs, outputs }",
  );
  class Own extends tf.keras.Model {
    call(x: tf.Tensor): tf.Tensor {
      return x.mul(2);
    }
  }
  const x = tf.keras.Input({ shape: [2] });
  assertThrows(() => new Own({ inputs: x, outputs: x }), E, "Own overrides call");
  // A subclassed model still works, and applies to symbolic tensors like any layer.
  const own = new Own();
  assertEquals(own.apply([[1, 2]]).tolist(), [[2, 4]]);
  const y = own.apply(x);
  assertEquals(y.shape, [null, 2]);
  assertEquals(new tf.keras.Model({ inputs: x, outputs: y }).apply([[3, 4]]).tolist(), [[6, 8]]);
  // Sequential takes no inputs/outputs.
  assertThrows(
    // deno-lint-ignore no-explicit-any
    () => new tf.keras.Sequential([], { inputs: x, outputs: x } as any),
    E,
    "Sequential overrides call",
  );
});

Deno.test("Input and InputLayer check their options", () => {
  // deno-lint-ignore no-explicit-any
  const input = tf.keras.Input as (o: any) => unknown;
  assertThrows(() => input({ shape: [2], bogus: 1 }), E, '"bogus"', "did you mean");
  assertThrows(() => input(undefined), E, "options { shape } are required");
  assertThrows(() => input({ shape: [0] }), E, "shape must be an array of positive integers");
  assertThrows(() => input({ shape: 3 }), E, "shape must be an array");
  assertThrows(() => input({ shape: [2], batchSize: -1 }), E, "batchSize must be a positive");
  assertThrows(() => input({ shape: [2], dtype: "float8" }), E, "unknown dtype");
  assertThrows(() => input({ shape: [2], name: "" }), E, "name must be a non-empty string");
  const layer = new layers.InputLayer({ inputShape: [3], dtype: "int32", batchSize: 4 });
  assertEquals([layer.output.shape, layer.output.dtype], [[4, 3], "int32"]);
  // An InputLayer with a known shape starts a Sequential, which then builds at once.
  const seq = new tf.keras.Sequential([
    new layers.InputLayer({ inputShape: [3] }),
    new layers.Dense({ units: 2 }),
  ]);
  assertEquals(seq.variables.length, 2);
});

// Multi-input data in fit/predict (the fit side of issue 14) with a functional model.
Deno.test("fit and predict take the inputs of a multi-input model as an array or a record", () => {
  tf.random.setSeed(5);
  const a = tf.keras.Input({ shape: [2], name: "fit_a" });
  const b = tf.keras.Input({ shape: [1], name: "fit_b" });
  const out = new layers.Dense({ units: 1 }).apply(new layers.Concatenate().apply([a, b]));
  const model = new tf.keras.Model({ inputs: [a, b], outputs: out });
  model.compile({ optimizer: new tf.keras.optimizers.SGD({ learningRate: 0.1 }), loss: "mse" });
  const xa = data(64, 2, 31), xb = data(64, 1, 32);
  const y = xa.matmul(tf.constant([[2], [-1]])).add(xb.mul(3)).add(0.5);
  const losses = model.fit([xa, xb], y, { epochs: 30, batchSize: 16, verbose: 0, seed: 1 })
    .history.loss as number[];
  if (!(losses[losses.length - 1] < 1e-3)) throw new Error(`did not converge: ${losses}`);
  const more = model.fit({ fit_a: xa, fit_b: xb }, y, { epochs: 1, batchSize: 16, verbose: 0 })
    .history.loss as number[];
  if (!(more[0] < 1e-3)) throw new Error(`record inputs: loss ${more[0]}`);
  const predicted = model.predict([xa, xb]) as tf.Tensor;
  assertEquals(predicted.shape, [64, 1]);
  assertClose(values(predicted), values(model.apply([xa, xb])), 1e-6, 1e-6);
});

Deno.test("a functional model's call checks its options like every other", () => {
  const inputs = tf.keras.Input({ shape: [2] });
  const model = new tf.keras.Model({
    inputs,
    outputs: new tf.keras.layers.Dense({ units: 1 }).apply(inputs),
  });
  assertThrows(
    () => model.call(tf.ones([1, 2]), { bogusKey: 1 } as never),
    E,
    '"bogusKey"',
    "did you mean",
  );
  assertThrows(() => model.call(tf.ones([1, 2]), 42 as never), E, "must be an object");
});
