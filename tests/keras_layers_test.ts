// tf.keras.layers SimpleRNN, LSTM, GRU, MultiHeadAttention, Conv1D, GlobalAveragePooling1D/2D and
// the Orthogonal initializer: forward values against NumPy references of Keras 3's formulas
// (tests/gen_keras_layer_fixtures.py writes tests/fixtures/keras_layers.json), gradients w.r.t.
// inputs, initial states and every weight against central finite differences (float64),
// returnSequences / returnState / goBackwards, and option errors.
import assert from "node:assert/strict";
import * as tf from "../mod.ts";
import { assertClose, assertEquals, assertThrows, makeRandom } from "./helpers.ts";
import fixtures from "./fixtures/keras_layers.json" with { type: "json" };

const { layers, initializers } = tf.keras;
const E = tf.InvalidArgumentError;

interface Arr {
  s: number[];
  v: number[];
}

const DTYPES = ["float64", "float32"] as const;
type FloatType = typeof DTYPES[number];

function tensor(a: Arr, dtype: FloatType = "float64"): tf.Tensor {
  return tf.constant(new Float64Array(a.v), "float64", a.s).cast(dtype);
}

function values(t: tf.Tensor | tf.Variable): number[] {
  return Array.from(t.dataSync() as Float64Array, Number);
}

/** Closeness by dtype: float64 to 1e-10, float32 to 1e-4 relative (plus a small absolute). */
function expectClose(actual: tf.Tensor, expected: Arr, dtype: FloatType, label: string): void {
  assertEquals(actual.shape, expected.s, `${label}: shape`);
  assertEquals(actual.dtype, dtype, `${label}: dtype`);
  const [rtol, atol] = dtype === "float64" ? [1e-10, 1e-12] : [1e-4, 2e-5];
  try {
    assertClose(values(actual), expected.v, rtol, atol);
  } catch (e) {
    throw new Error(`${label}: ${(e as Error).message}`);
  }
}

// ---------------------------------------------------------------------------------------------
// Finite differences.

const random = makeRandom(31337);

/**
 * The tape's gradients of `sum_i <run(inputs)_i, w_i>` (w random, fixed) with respect to every
 * input tensor and every variable, against central differences that perturb each element (the
 * variables through `assign`, restored after).
 */
function checkLayerGrad(
  label: string,
  run: (inputs: tf.Tensor[]) => tf.Tensor[],
  inputs: tf.Tensor[],
  variables: tf.Variable[],
  eps = 1e-6,
  tol = 1e-6,
): void {
  const weights = run(inputs).map((y) => {
    assert.equal(y.dtype, "float64", `${label}: outputs must be float64`);
    return new Float64Array(y.size).map(() => (random() < 0.5 ? -1 : 1) * (0.5 + random()));
  });
  const lossValue = (xs: tf.Tensor[]): number =>
    tf.tidy(() => {
      let total = 0;
      run(xs).forEach((y, i) => {
        const d = y.dataSync() as Float64Array;
        for (let j = 0; j < d.length; j++) total += d[j] * weights[i][j];
      });
      return total;
    });
  const tape = new tf.GradientTape();
  tape.watch(inputs);
  const target = run(inputs)
    .map((y, i) => tf.reduceSum(tf.mul(y, tf.constant(weights[i], "float64", y.shape))))
    .reduce((a, b) => tf.add(a, b));
  const grads = tape.gradient(target, [...inputs, ...variables]);
  const compare = (k: number, what: string, numeric: Float64Array): void => {
    const g = grads[k];
    assert.ok(g !== null, `${label}: no gradient for ${what}`);
    try {
      assertClose(values(g), numeric, tol, tol);
    } catch (e) {
      throw new Error(`${label}, ${what}: ${(e as Error).message}`);
    }
  };
  inputs.forEach((x, k) => {
    const base = x.dataSync() as Float64Array;
    const numeric = new Float64Array(x.size).map((_, j) => {
      const at = (delta: number): number => {
        const d = base.slice();
        d[j] += delta;
        return lossValue(inputs.map((v, i) => (i === k ? tf.constant(d, "float64", x.shape) : v)));
      };
      return (at(eps) - at(-eps)) / (2 * eps);
    });
    compare(k, `input ${k} ${x.shape}`, numeric);
  });
  variables.forEach((v, k) => {
    const base = Float64Array.from(v.dataSync() as Float64Array);
    const set = (d: Float64Array) => v.assign(tf.constant(d, "float64", v.shape));
    const numeric = new Float64Array(v.size).map((_, j) => {
      const at = (delta: number): number => {
        const d = base.slice();
        d[j] += delta;
        set(d);
        return lossValue(inputs);
      };
      const r = (at(eps) - at(-eps)) / (2 * eps);
      set(base);
      return r;
    });
    compare(inputs.length + k, `variable ${v.name}`, numeric);
  });
}

// ---------------------------------------------------------------------------------------------
// Recurrent layers.

interface RecurrentCase {
  layer: string;
  o: Record<string, unknown>;
  x: Arr;
  w: Arr[];
  sequences: Arr;
  states: Arr[];
  initialState?: Arr[];
}

type AnyRNN =
  | tf.keras.layers.SimpleRNN<boolean>
  | tf.keras.layers.LSTM<boolean>
  | tf.keras.layers.GRU<boolean>;

/** A recurrent layer of a fixture case's class, with its options plus `extra`. */
function makeRecurrent(c: RecurrentCase, extra: Record<string, unknown>): AnyRNN {
  const options = { ...c.o, ...extra } as never;
  if (c.layer === "SimpleRNN") return new layers.SimpleRNN<boolean>(options);
  if (c.layer === "LSTM") return new layers.LSTM<boolean>(options);
  if (c.layer === "GRU") return new layers.GRU<boolean>(options);
  throw new Error(`unknown layer ${c.layer}`);
}

/** The outputs of `layer.apply` as a list (one tensor, or the returnState array). */
function list(y: tf.Tensor | tf.Tensor[]): tf.Tensor[] {
  return Array.isArray(y) ? y : [y];
}

const RECURRENT = fixtures.recurrent as RecurrentCase[];

function label(c: RecurrentCase, i: number): string {
  return `${c.layer} case ${i} ${JSON.stringify(c.o)}`;
}

Deno.test("SimpleRNN, LSTM, GRU: sequences and final states match the NumPy references", () => {
  for (const [i, c] of RECURRENT.entries()) {
    for (const dtype of DTYPES) {
      const name = `${label(c, i)} ${dtype}`;
      const layer = makeRecurrent(c, { dtype, returnSequences: true, returnState: true });
      const x = tensor(c.x, dtype);
      layer.build(x.shape);
      layer.setWeights(c.w.map((w) => tensor(w)));
      const init = c.initialState?.map((s) => tensor(s, dtype));
      const out = list(layer.apply(x, init ? { initialState: init } : undefined));
      assertEquals(out.length, 1 + c.states.length, `${name}: outputs`);
      expectClose(out[0], c.sequences, dtype, `${name}: sequences`);
      c.states.forEach((s, k) => expectClose(out[1 + k], s, dtype, `${name}: state ${k}`));
      // The same weights without returnSequences / returnState: the last output, a tensor.
      const last = makeRecurrent(c, { dtype });
      last.build(x.shape);
      last.setWeights(c.w.map((w) => tensor(w)));
      const y = last.apply(x, init ? { initialState: init } : undefined);
      assert.ok(!Array.isArray(y), `${name}: a tensor without returnState`);
      expectClose(y, c.states[0], dtype, `${name}: last output`);
      // call gives what apply gives, float32 inputs cast to the layer's dtype.
      const called = list(layer.call(x.cast("float32"), init ? { initialState: init } : undefined));
      assertClose(values(called[0]), values(out[0]), dtype === "float64" ? 1e-6 : 1e-6, 1e-6);
    }
  }
});

Deno.test("SimpleRNN, LSTM, GRU: gradients w.r.t. inputs, initial states and weights match finite differences", () => {
  for (const [i, c] of RECURRENT.entries()) {
    const layer = makeRecurrent(c, { dtype: "float64", returnSequences: true, returnState: true });
    const x = tensor(c.x);
    layer.build(x.shape);
    layer.setWeights(c.w.map((w) => tensor(w)));
    const init = c.initialState?.map((s) => tensor(s)) ?? [];
    checkLayerGrad(
      label(c, i),
      ([xs, ...states]) =>
        list(layer.apply(xs, states.length > 0 ? { initialState: states } : undefined)),
      [x, ...init],
      layer.trainableVariables,
    );
  }
});

Deno.test("recurrent layers: returnSequences, returnState and goBackwards shapes and values", () => {
  tf.random.setSeed(7);
  const x = tf.random.normal([2, 5, 3], { seed: 1 });
  for (const Cls of [layers.SimpleRNN, layers.LSTM, layers.GRU]) {
    const states = Cls === layers.LSTM ? 2 : 1;
    const seq = new Cls({ units: 4, returnSequences: true });
    assertEquals(seq.apply(x).shape, [2, 5, 4]);
    assertEquals(seq.outputShape, [2, 5, 4]);
    const last = new Cls({ units: 4 });
    assertEquals(last.apply(x).shape, [2, 4]);
    const withState = new Cls({ units: 4, returnState: true });
    const out = withState.apply(x);
    assertEquals(out.map((t) => t.shape), Array(1 + states).fill([2, 4]));
    assertEquals(withState.outputShape, [2, 4]);
    assertEquals(values(out[0]), values(out[1]), "the output is the final h");
    const both = new Cls({ units: 4, returnSequences: true, returnState: true });
    const [ys, h] = both.apply(x);
    assertEquals(ys.shape, [2, 5, 4]);
    assertEquals(values(ys.at(":", -1)), values(h), "the last step's output is the final h");
    // call returns what apply returns.
    assertEquals(withState.call(x).length, 1 + states);
    // goBackwards == the forward layer on the reversed sequence, outputs in processing order.
    const fwd = new Cls({ units: 4, returnSequences: true });
    const bwd = new Cls({ units: 4, returnSequences: true, goBackwards: true });
    fwd.apply(x);
    bwd.apply(x);
    bwd.setWeights(fwd.getWeights());
    assertClose(values(bwd.apply(x)), values(fwd.apply(tf.reverse(x, 1))), 1e-6, 1e-7);
    // An initial state changes the result; zeros give the default.
    const zeros = Array.from({ length: states }, () => tf.zeros([2, 4]));
    const ones = Array.from({ length: states }, () => tf.ones([2, 4]));
    assertEquals(values(fwd.apply(x, { initialState: zeros })), values(fwd.apply(x)));
    assert.notDeepEqual(values(fwd.apply(x, { initialState: ones })), values(fwd.apply(x)));
    if (states === 1) {
      assertEquals(
        values(fwd.apply(x, { initialState: ones[0] })),
        values(fwd.apply(x, { initialState: ones })),
      );
    }
  }
});

Deno.test("recurrent layers: weights named as Keras's, shaped by gates, Keras's initial values", () => {
  const x = tf.ones([1, 2, 3]);
  const rnn = new layers.SimpleRNN({ units: 2, name: "r" });
  rnn.apply(x);
  assertEquals(rnn.variables.map((v) => `${v.name} ${v.shape}`), [
    "r/kernel:0 3,2",
    "r/recurrent_kernel:0 2,2",
    "r/bias:0 2",
  ]);
  assertEquals(rnn.namedVariables().map((n) => n.path), ["kernel", "recurrentKernel", "bias"]);
  const lstm = new layers.LSTM({ units: 2 });
  lstm.apply(x);
  assert.match(lstm.name, /^lstm(_\d+)?$/);
  assertEquals(lstm.kernel?.shape, [3, 8]);
  assertEquals(lstm.recurrentKernel?.shape, [2, 8]);
  assertEquals(values(lstm.bias as tf.Variable), [0, 0, 1, 1, 0, 0, 0, 0], "unitForgetBias");
  const noForget = new layers.LSTM({ units: 2, unitForgetBias: false, biasInitializer: "ones" });
  noForget.apply(x);
  assertEquals(values(noForget.bias as tf.Variable), Array(8).fill(1));
  const forgetOnes = new layers.LSTM({ units: 1, biasInitializer: "ones" });
  forgetOnes.apply(x);
  assertEquals(values(forgetOnes.bias as tf.Variable), [1, 1, 1, 1]);
  const gru = new layers.GRU({ units: 2 });
  gru.apply(x);
  assertEquals(gru.bias?.shape, [2, 6]);
  assertEquals(gru.kernel?.shape, [3, 6]);
  const gruBefore = new layers.GRU({ units: 2, resetAfter: false, useBias: true });
  gruBefore.apply(x);
  assertEquals(gruBefore.bias?.shape, [6]);
  const noBias = new layers.GRU({ units: 2, useBias: false });
  noBias.apply(x);
  assertEquals(noBias.variables.length, 2);
  assertEquals(noBias.bias, null);
  // The default recurrent kernel is orthogonal: [units, gates * units] has orthonormal rows.
  for (const layer of [rnn, lstm, gru]) {
    const r = (layer.recurrentKernel as tf.Variable).value();
    const rrt = tf.matmul(r, r, { transposeB: true });
    assertClose(values(rrt), values(tf.eye(2)), 1e-5, 1e-5);
  }
  // The default names follow Keras's.
  assert.match(new layers.SimpleRNN({ units: 1 }).name, /^simple_rnn(_\d+)?$/);
  assert.match(new layers.GRU({ units: 1 }).name, /^gru(_\d+)?$/);
});

Deno.test("recurrent layers train inside a Sequential model; float32 gradients reach every weight", () => {
  tf.random.setSeed(3);
  const model = new tf.keras.Sequential([
    new layers.LSTM({ units: 4, returnSequences: true, inputShape: [5, 2] }),
    new layers.GRU({ units: 3, returnSequences: true }),
    new layers.SimpleRNN({ units: 3 }),
    new layers.Dense({ units: 1 }),
  ]);
  const x = tf.random.normal([8, 5, 2], { seed: 1 });
  const y = tf.reduceSum(x, [1, 2]).reshape([8, 1]);
  model.compile({ optimizer: "adam", loss: "mse" });
  const history = model.fit(x, y, { epochs: 3, batchSize: 4, verbose: 0 });
  const losses = history.history.loss as number[];
  assert.ok(losses.every(Number.isFinite), `losses ${losses}`);
  const tape = new tf.GradientTape();
  const loss = tf.reduceMean(tf.square(model.apply(x).sub(y)));
  const grads = tape.gradient(loss, model.trainableVariables);
  assertEquals(grads.length, 11);
  grads.forEach((g, i) => assert.ok(g !== null && g.dtype === "float32", `gradient ${i}`));
  assert.ok(model.summary({ print: false }).includes("(None, 5, 4)"));
});

Deno.test("recurrent layers: option and input errors", () => {
  for (const Cls of [layers.SimpleRNN, layers.LSTM, layers.GRU]) {
    const n = Cls.name;
    assertThrows(
      () => new Cls({ units: 2, returnSequence: true } as never),
      E,
      `${n} options`,
      '"returnSequence"',
      'did you mean "returnSequences"',
    );
    assertThrows(() => new Cls({ units: 0 }), E, "units must be a positive integer, got 0");
    assertThrows(() => new Cls({ units: 1.5 }), E, "got 1.5");
    assertThrows(() => new Cls({ units: 2, activation: "bogus" as never }), E, '"bogus"');
    assertThrows(() => new Cls({ units: 2, useBias: "yes" as never }), E, "useBias", '"yes"');
    assertThrows(() => new Cls({ units: 2, returnState: 1 as never }), E, "returnState", "1");
    assertThrows(() => new Cls({ units: 2, goBackwards: null as never }), E, "goBackwards", "null");
    assertThrows(() => new Cls({ units: 2, dtype: "int32" as never }), E, "float dtype", '"int32"');
    assertThrows(() => new Cls({ units: 2, recurrentInitializer: "bogus" }), E, '"bogus"');
    const layer = new Cls({ units: 2 });
    assertThrows(() => layer.apply(tf.ones([2, 3])), E, "rank 3", "(2, 3)");
    layer.apply(tf.ones([2, 3, 4]));
    assertThrows(() => layer.apply(tf.ones([2, 3, 5])), E, "(batch, time, 4)", "(2, 3, 5)");
    assertThrows(() => layer.apply(tf.ones([2, 0, 4])), E, "no time steps");
    assertThrows(
      () => layer.apply(tf.ones([2, 3, 4]), { initalState: [] } as never),
      E,
      '"initalState"',
      'did you mean "initialState"',
    );
    assertThrows(() => layer.apply(tf.ones([2, 3, 4]), { initialState: [tf.ones([2, 3])] }), E);
    assertThrows(
      () => layer.apply(tf.ones([2, 3, 4]), { initialState: [] }),
      E,
      "initialState must be",
    );
    assertThrows(
      () => layer.apply(tf.ones([2, 3, 4]), { initialState: Array(3).fill(tf.ones([2, 2])) }),
      E,
      "an array of 3",
    );
    assertThrows(
      () => layer.call(tf.ones([2, 3, 4]), { bogus: 1 } as never),
      E,
      `${n}.call options`,
    );
  }
  assertThrows(
    () => new layers.LSTM({ units: 2, unitForgetBias: 1 } as never),
    E,
    "unitForgetBias must be a boolean, got 1",
  );
  assertThrows(
    () => new layers.GRU({ units: 2, resetAfter: "no" } as never),
    E,
    'resetAfter must be a boolean, got "no"',
  );
  assertThrows(
    () => new layers.SimpleRNN({ units: 2, recurrentActivation: "sigmoid" } as never),
    E,
    '"recurrentActivation"',
  );
  assertThrows(
    () => new layers.LSTM({ units: 2, resetAfter: true } as never),
    E,
    '"resetAfter"',
  );
});

// ---------------------------------------------------------------------------------------------
// MultiHeadAttention.

interface AttentionCase {
  o: Record<string, unknown>;
  query: Arr;
  value: Arr;
  key?: Arr;
  mask?: { s: number[]; v: boolean[] };
  causal?: boolean;
  w: Arr[];
  y: Arr;
  scores: Arr;
}

const ATTENTION = fixtures.attention as AttentionCase[];

function attentionLayer(c: AttentionCase, dtype: FloatType): tf.keras.layers.MultiHeadAttention {
  const layer = new layers.MultiHeadAttention({ ...c.o, dtype } as never);
  layer.build(c.query.s, c.value.s, c.key?.s);
  layer.setWeights(c.w.map((w) => tensor(w)));
  return layer;
}

function attentionArgs(c: AttentionCase, dtype: FloatType) {
  return {
    value: tensor(c.value, dtype),
    ...(c.key ? { key: tensor(c.key, dtype) } : {}),
    ...(c.mask ? { attentionMask: tf.constant(c.mask.v, "bool", c.mask.s) } : {}),
    ...(c.causal ? { useCausalMask: true } : {}),
  };
}

Deno.test("MultiHeadAttention: outputs and attention scores match the NumPy references", () => {
  for (const [i, c] of ATTENTION.entries()) {
    for (const dtype of DTYPES) {
      const name = `MultiHeadAttention case ${i} ${JSON.stringify(c.o)} ${dtype}`;
      const layer = attentionLayer(c, dtype);
      const query = tensor(c.query, dtype);
      const args = attentionArgs(c, dtype);
      const [y, scores] = layer.apply(query, { ...args, returnAttentionScores: true });
      expectClose(y, c.y, dtype, `${name}: output`);
      expectClose(scores, c.scores, dtype, `${name}: scores`);
      const plain = layer.apply(query, args);
      assert.ok(!Array.isArray(plain));
      expectClose(plain, c.y, dtype, `${name}: output without scores`);
      assertEquals(layer.outputShape, c.y.s);
      const [called] = layer.call(query, { ...args, returnAttentionScores: true });
      expectClose(called, c.y, dtype, `${name}: call`);
    }
  }
});

Deno.test("MultiHeadAttention: gradients w.r.t. query, value, key and weights match finite differences", () => {
  for (const [i, c] of ATTENTION.entries()) {
    const layer = attentionLayer(c, "float64");
    const { value: _, key: __, ...rest } = attentionArgs(c, "float64");
    const inputs = [tensor(c.query), tensor(c.value), ...(c.key ? [tensor(c.key)] : [])];
    checkLayerGrad(
      `MultiHeadAttention case ${i}`,
      ([q, v, k]) => {
        const [y, s] = layer.apply(q, { ...rest, value: v, key: k, returnAttentionScores: true });
        return [y, s];
      },
      inputs,
      layer.trainableVariables,
    );
  }
});

Deno.test("MultiHeadAttention: shapes, weights, masks, dropout and self-attention", () => {
  tf.random.setSeed(11);
  const q = tf.random.normal([2, 3, 8], { seed: 1 });
  const v = tf.random.normal([2, 4, 6], { seed: 2 });
  const mha = new layers.MultiHeadAttention({ numHeads: 2, keyDim: 5, name: "att" });
  assertEquals(mha.apply(q, { value: v }).shape, [2, 3, 8]);
  assertEquals(mha.variables.map((w) => `${w.name} ${w.shape}`), [
    "att/query/kernel:0 8,2,5",
    "att/query/bias:0 2,5",
    "att/key/kernel:0 6,2,5",
    "att/key/bias:0 2,5",
    "att/value/kernel:0 6,2,5",
    "att/value/bias:0 2,5",
    "att/attention_output/kernel:0 2,5,8",
    "att/attention_output/bias:0 8",
  ]);
  assertEquals(mha.valueDim, 5);
  const noBias = new layers.MultiHeadAttention({
    numHeads: 3,
    keyDim: 2,
    valueDim: 4,
    useBias: false,
    outputShape: [2, 5],
  });
  const [out, scores] = noBias.apply(q, { value: v, returnAttentionScores: true });
  assertEquals(out.shape, [2, 3, 2, 5]);
  assertEquals(scores.shape, [2, 3, 3, 4]);
  assertEquals(noBias.variables.map((w) => w.shape), [[8, 3, 2], [6, 3, 2], [6, 3, 4], [
    3,
    4,
    2,
    5,
  ]]);
  // Probabilities sum to 1 over the keys; a [T, S] mask broadcasts; masked keys get 0.
  assertClose(values(tf.reduceSum(scores, -1)), Array(18).fill(1), 1e-5);
  const mask = tf.constant([[true, false, true, false], [true, true, true, true], [
    false,
    false,
    false,
    true,
  ]]);
  const [, masked] = mha.apply(q, { value: v, attentionMask: mask, returnAttentionScores: true });
  const m = masked.numpy().tolist() as number[][][][];
  for (const b of [0, 1]) {
    for (const h of [0, 1]) {
      assertEquals(m[b][h][0][1], 0);
      assertEquals(m[b][h][0][3], 0);
      assertEquals(m[b][h][2].slice(0, 3), [0, 0, 0]);
      assertClose([m[b][h][2][3]], [1], 1e-6);
    }
  }
  // A numeric mask counts > 0.5 as attend.
  const numeric = mha.apply(q, { value: v, attentionMask: tf.cast(mask, "float32") });
  assertEquals(values(numeric), values(mha.apply(q, { value: v, attentionMask: mask })));
  // Causal self-attention: the first query sees only the first key.
  const self = new layers.MultiHeadAttention({ numHeads: 1, keyDim: 2 });
  const [, causal] = self.apply(q, { value: q, useCausalMask: true, returnAttentionScores: true });
  assertEquals((causal.numpy().tolist() as number[][][][])[0][0][0].slice(1), [0, 0]);
  // key defaults to value: passing it explicitly gives the same.
  assertEquals(values(mha.apply(q, { value: v, key: v })), values(mha.apply(q, { value: v })));
  // Dropout acts only while training.
  const drop = new layers.MultiHeadAttention({ numHeads: 2, keyDim: 3, dropout: 0.5, seed: 4 });
  const a = drop.apply(q, { value: v });
  assertEquals(values(drop.apply(q, { value: v })), values(a));
  assert.notDeepEqual(values(drop.apply(q, { value: v, training: true })), values(a));
  // Gradients reach every weight (float32, through the tape).
  const tape = new tf.GradientTape();
  const loss = tf.reduceSum(tf.square(mha.apply(q, { value: v })));
  assert.ok(tape.gradient(loss, mha.trainableVariables).every((g) => g !== null));
});

Deno.test("MultiHeadAttention: option and call errors", () => {
  const make = (o: unknown) => new layers.MultiHeadAttention(o as never);
  assertThrows(
    () => make({ numHeads: 2, keyDim: 2, numHead: 1 }),
    E,
    '"numHead"',
    'did you mean "numHeads"',
  );
  assertThrows(
    () => make({ numHeads: 0, keyDim: 2 }),
    E,
    "numHeads must be a positive integer, got 0",
  );
  assertThrows(() => make({ numHeads: 2 }), E, "keyDim must be a positive integer, got undefined");
  assertThrows(() => make({ numHeads: 2, keyDim: 2, valueDim: -1 }), E, "valueDim", "-1");
  assertThrows(
    () => make({ numHeads: 2, keyDim: 2, dropout: 1 }),
    E,
    "dropout must be a number in [0, 1), got 1",
  );
  assertThrows(() => make({ numHeads: 2, keyDim: 2, outputShape: [] }), E, "outputShape", "[]");
  assertThrows(() => make({ numHeads: 2, keyDim: 2, outputShape: 0 }), E, "outputShape", "got 0");
  assertThrows(
    () => make({ numHeads: 2, keyDim: 2, useBias: 0 }),
    E,
    "useBias must be a boolean, got 0",
  );
  assertThrows(
    () => make({ numHeads: 2, keyDim: 2, seed: 0.5 }),
    E,
    "seed must be an integer, got 0.5",
  );
  assertThrows(() => make({ numHeads: 2, keyDim: 2, dtype: "bool" }), E, '"bool"');
  const mha = new layers.MultiHeadAttention({ numHeads: 2, keyDim: 2 });
  const q = tf.ones([2, 3, 4]);
  const apply = (o: unknown) => mha.apply(q, o as never);
  assertThrows(() => apply(undefined), E, "needs the value");
  assertThrows(() => apply({}), E, "needs the value");
  assertThrows(
    () => apply({ value: q, atentionMask: q }),
    E,
    '"atentionMask"',
    'did you mean "attentionMask"',
  );
  assertThrows(
    () => apply({ value: q, returnAttentionScores: 1 }),
    E,
    "returnAttentionScores must be a boolean, got 1",
  );
  assertThrows(
    () => apply({ value: q, useCausalMask: "yes" }),
    E,
    'useCausalMask must be a boolean, got "yes"',
  );
  assertThrows(() => apply({ value: tf.ones([2, 3]) }), E, "value of rank 3");
  mha.apply(q, { value: q });
  assertThrows(() => apply({ value: tf.ones([2, 3, 5]) }), E, "(batch, steps, 4)", "(2, 3, 5)");
  assertThrows(() => apply({ value: tf.ones([3, 3, 4]) }), E, "share the batch");
  assertThrows(() => apply({ value: q, key: tf.ones([2, 2, 4]) }), E, "share the batch");
  assertThrows(
    () => apply({ value: q, attentionMask: tf.ones([2, 3, 2]) }),
    E,
    "attentionMask must have shape",
    "(2, 3, 2)",
  );
  assertThrows(
    () => mha.call(q, { value: q, bogus: 1 } as never),
    E,
    "MultiHeadAttention.call options",
    '"bogus"',
  );
});

// ---------------------------------------------------------------------------------------------
// Conv1D and the global poolings.

interface ConvCase {
  o: Record<string, unknown>;
  x: Arr;
  w: Arr[];
  y: Arr;
}

const CONV = fixtures.conv1d as ConvCase[];

function convLayer(c: ConvCase, dtype: FloatType): tf.keras.layers.Conv1D {
  const layer = new layers.Conv1D({ ...c.o, dtype } as never);
  layer.build(c.x.s);
  layer.setWeights(c.w.map((w) => tensor(w)));
  return layer;
}

Deno.test("Conv1D: outputs match the NumPy references (valid, same, causal, strides, dilation)", () => {
  for (const [i, c] of CONV.entries()) {
    for (const dtype of DTYPES) {
      const layer = convLayer(c, dtype);
      expectClose(
        layer.apply(tensor(c.x, dtype)),
        c.y,
        dtype,
        `Conv1D case ${i} ${JSON.stringify(c.o)}`,
      );
    }
  }
});

Deno.test("Conv1D: gradients w.r.t. inputs, kernel and bias match finite differences", () => {
  for (const [i, c] of CONV.entries()) {
    if (c.o.activation === "relu") continue; // kinks; the other cases cover the convolution
    const layer = convLayer(c, "float64");
    checkLayerGrad(
      `Conv1D case ${i}`,
      ([x]) => [layer.apply(x)],
      [tensor(c.x)],
      layer.trainableVariables,
    );
  }
});

Deno.test("Conv1D: shapes, weights and causality", () => {
  const conv = new layers.Conv1D({ filters: 3, kernelSize: 4, name: "c1" });
  assertEquals(conv.apply(tf.ones([2, 9, 5])).shape, [2, 6, 3]);
  assertEquals(conv.variables.map((v) => `${v.name} ${v.shape}`), [
    "c1/kernel:0 4,5,3",
    "c1/bias:0 3",
  ]);
  assert.match(new layers.Conv1D({ filters: 1, kernelSize: 1 }).name, /^conv1d(_\d+)?$/);
  assertEquals(
    new layers.Conv1D({ filters: 2, kernelSize: 3, strides: 2, padding: "same" }).apply(
      tf.ones([1, 9, 1]),
    ).shape,
    [1, 5, 2],
  );
  // Causal: output t depends on inputs up to t only.
  const causal = new layers.Conv1D({
    filters: 1,
    kernelSize: 3,
    padding: "causal",
    dilationRate: 2,
    dtype: "float64",
  });
  const x = tf.constant(new Float64Array(8).map((_, i) => i + 1), "float64", [1, 8, 1]);
  causal.apply(x);
  const tape = new tf.GradientTape({ persistent: true });
  tape.watch(x);
  const y = causal.apply(x);
  for (let t = 0; t < 8; t++) {
    const g = tape.gradient(y.at(0, t, 0), x) as tf.Tensor;
    const row = values(g);
    for (let s = t + 1; s < 8; s++) assertEquals(row[s], 0, `output ${t} sees input ${s}`);
  }
  tape.release();
});

Deno.test("Conv1D: option and input errors", () => {
  const make = (o: unknown) => new layers.Conv1D(o as never);
  assertThrows(
    () => make({ filters: 2, kernelSize: 3, padings: "same" }),
    E,
    '"padings"',
    'did you mean "padding"',
  );
  assertThrows(
    () => make({ filters: 0, kernelSize: 3 }),
    E,
    "filters must be a positive integer, got 0",
  );
  assertThrows(() => make({ filters: 2, kernelSize: [3, 3] }), E, "kernelSize", "[3,3]");
  assertThrows(() => make({ filters: 2, kernelSize: 3, strides: 0 }), E, "strides", "got 0");
  assertThrows(
    () => make({ filters: 2, kernelSize: 3, padding: "full" }),
    E,
    'padding must be "valid", "same" or "causal", got "full"',
  );
  assertThrows(
    () => make({ filters: 2, kernelSize: 3, strides: 2, dilationRate: 2 }),
    E,
    "strides > 1 cannot be combined with dilationRate > 1",
  );
  assertThrows(() => make({ filters: 2, kernelSize: 3, dtype: "int32" }), E, '"int32"');
  const conv = new layers.Conv1D({ filters: 2, kernelSize: 3 });
  assertThrows(() => conv.apply(tf.ones([2, 5])), E, "rank 3", "(2, 5)");
  conv.apply(tf.ones([1, 5, 2]));
  assertThrows(() => conv.apply(tf.ones([1, 5, 3])), E, "(batch, steps, 2)");
  assertThrows(() => conv.apply(tf.ones([1, 2, 2])), E, "fewer than");
  assert.equal(make({ filters: 1, kernelSize: 2, padding: "CAUSAL" }).padding, "causal");
});

Deno.test("GlobalAveragePooling1D/2D: means match NumPy; keepdims; errors", () => {
  const [p1, p2] = fixtures.pooling as { layer: string; x: Arr; y: Arr }[];
  expectClose(new layers.GlobalAveragePooling1D().apply(tensor(p1.x)), p1.y, "float64", "1D");
  expectClose(new layers.GlobalAveragePooling2D().apply(tensor(p2.x)), p2.y, "float64", "2D");
  expectClose(
    new layers.GlobalAvgPool1D().apply(tensor(p1.x, "float32")),
    p1.y,
    "float32",
    "1D f32",
  );
  const k1 = new layers.GlobalAveragePooling1D({ keepdims: true }).apply(tensor(p1.x));
  assertEquals(k1.shape, [3, 1, 2]);
  assertClose(values(k1), p1.y.v, 1e-12);
  const k2 = new layers.GlobalAvgPool2D({ keepdims: true }).apply(tensor(p2.x));
  assertEquals(k2.shape, [2, 1, 1, 3]);
  assertClose(values(k2), p2.y.v, 1e-12);
  assert.match(new layers.GlobalAveragePooling1D().name, /^global_average_pooling1d(_\d+)?$/);
  assert.match(new layers.GlobalAveragePooling2D().name, /^global_average_pooling2d(_\d+)?$/);
  // Gradient: each input gets 1 / (pooled count).
  const x = tf.ones([1, 4, 2]);
  const tape = new tf.GradientTape();
  tape.watch(x);
  const pooled: tf.Tensor = new layers.GlobalAveragePooling1D().apply(x);
  const g = tape.gradient(tf.reduceSum(pooled), x) as tf.Tensor;
  assertEquals(values(g), Array(8).fill(0.25));
  assertThrows(
    () => new layers.GlobalAveragePooling1D({ keepDims: true } as never),
    E,
    '"keepDims"',
    'did you mean "keepdims"',
  );
  assertThrows(
    () => new layers.GlobalAveragePooling2D({ keepdims: 1 } as never),
    E,
    "keepdims must be a boolean, got 1",
  );
  assertThrows(
    () => new layers.GlobalAveragePooling1D().apply(tf.ones([2, 3])),
    E,
    "rank 3",
    "(2, 3)",
  );
  assertThrows(
    () => new layers.GlobalAveragePooling2D().apply(tf.ones([2, 3, 3])),
    E,
    "rank 4",
    "(2, 3, 3)",
  );
});

// ---------------------------------------------------------------------------------------------
// The Orthogonal initializer.

Deno.test("initializers.Orthogonal: orthonormal columns or rows, gain, seeds, Keras's sign rule", () => {
  for (const shape of [[4, 4], [6, 3], [3, 6], [2, 3, 4], [5, 1]]) {
    const q = new initializers.Orthogonal({ seed: 3 }).call(shape, "float64");
    assertEquals(q.shape, shape);
    assertEquals(q.dtype, "float64");
    const cols = shape[shape.length - 1], rows = q.size / cols;
    const m = q.reshape([rows, cols]);
    const gram = rows >= cols
      ? tf.matmul(m, m, { transposeA: true })
      : tf.matmul(m, m, { transposeB: true });
    const n = Math.min(rows, cols);
    assertClose(values(gram), values(tf.eye(n, n, "float64")), 1e-12, 1e-12);
  }
  const g = new initializers.Orthogonal({ gain: 2, seed: 1 }).call([3, 3], "float64");
  assertClose(
    values(tf.matmul(g, g, { transposeA: true })),
    values(tf.eye(3, 3, "float64").mul(4)),
    1e-12,
    1e-12,
  );
  assertEquals(new initializers.Orthogonal().call([2, 2]).dtype, "float32");
  // Reproducible under a global seed; it is the Q of the normal draws whose R has a positive
  // diagonal: Qᵀ A is upper triangular with a positive diagonal.
  for (const [rows, cols] of [[5, 3], [3, 5]]) {
    tf.random.setSeed(42);
    const q = new initializers.Orthogonal({ seed: 9 }).call([rows, cols], "float64");
    tf.random.setSeed(42);
    const q2 = new initializers.Orthogonal({ seed: 9 }).call([rows, cols], "float64");
    assertEquals(values(q), values(q2));
    tf.random.setSeed(42);
    const a = tf.random.normal([Math.max(rows, cols), Math.min(rows, cols)], {
      seed: 9,
      dtype: "float64",
    });
    const qTall = rows >= cols ? q : tf.transpose(q);
    const r = tf.matmul(qTall, a, { transposeA: true }).numpy().tolist() as number[][];
    r.forEach((row, i) =>
      row.forEach((v, j) => {
        if (j < i) assert.ok(Math.abs(v) < 1e-12, `R[${i}][${j}] = ${v}`);
        if (j === i) assert.ok(v > 0, `R[${i}][${i}] = ${v}`);
      })
    );
  }
  assert.ok(initializers.get("orthogonal") instanceof initializers.Orthogonal);
  assertThrows(() => new initializers.Orthogonal().call([3]), E, "rank 2 or more", "[3]");
  assertThrows(
    () => new initializers.Orthogonal({ gian: 1 } as never),
    E,
    '"gian"',
    'did you mean "gain"',
  );
  assertThrows(
    () => new initializers.Orthogonal({ gain: NaN }),
    E,
    "gain must be a finite number, got NaN",
  );
  assertThrows(
    () => new initializers.Orthogonal({ seed: 1.5 }),
    E,
    "seed must be an integer, got 1.5",
  );
});

Deno.test("MultiHeadAttention takes [query, value, key?] and works in a functional model", () => {
  tf.random.setSeed(3);
  const q = tf.keras.Input({ shape: [4, 6] });
  const v = tf.keras.Input({ shape: [5, 3] });
  const mha = new tf.keras.layers.MultiHeadAttention({ numHeads: 2, keyDim: 3 });
  const out = mha.apply([q, v]);
  assert.deepStrictEqual(out.shape, [null, 4, 6]);
  const model = new tf.keras.Model({ inputs: [q, v], outputs: out });
  const xq = tf.random.normal([2, 4, 6]), xv = tf.random.normal([2, 5, 3]);
  const direct = mha.apply(xq, { value: xv });
  assert.deepStrictEqual((model.apply([xq, xv]) as tf.Tensor).tolist(), direct.tolist());
  assert.deepStrictEqual((mha.apply([xq, xv, xv]) as tf.Tensor).tolist(), direct.tolist());
  assert.throws(
    () => mha.apply([xq, xv], { value: xv } as never),
    /either in the list \[query, value, key\] or as options/,
  );
  assert.throws(
    () => mha.apply([q, v], { returnAttentionScores: true }),
    /on symbolic inputs MultiHeadAttention takes only/,
  );
});
