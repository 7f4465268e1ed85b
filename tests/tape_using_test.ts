// Issue 14, item 5: the tape in a `using` block (recording stops, the record stays until
// gradient() / release() / collection), batchJacobian, watchedVariables, structured targets and
// sources, and tf.Module's tracking.
import assert from "node:assert/strict";
import * as tf from "../mod.ts";
import { collectGarbage, prepareCollector } from "../src/gc.ts";
import { assertClose, assertThrows } from "./helpers.ts";

type JacobianOptions = Parameters<tf.GradientTape["batchJacobian"]>[2];

const f64 = (v: number | number[] | number[][]): tf.Tensor => tf.constant(v, "float64");
const list = (t: tf.Tensor | null | undefined): unknown => {
  assert.ok(t !== null && t !== undefined, "expected a gradient, got none");
  return t.tolist();
};

// ---- The tape in a `using` block ----

Deno.test("using: the end of the block stops recording; gradient() after it works, once", () => {
  const x = f64([1, 2, 3]);
  const tape = new tf.GradientTape();
  let y: tf.Tensor;
  {
    using _ = tape;
    tape.watch(x);
    y = x.mul(x).sum();
  }
  const late = x.mul(5).sum(); // after the block: not recorded
  assert.deepEqual(list(tape.gradient(y, x)), [2, 4, 6]);
  // Non-persistent: the first gradient() released the record.
  assertThrows(() => tape.gradient(late, x), tf.FailedPreconditionError, "only compute", "once");
  // And a tape stopped by the block did not see `late` at all.
  const t2 = new tf.GradientTape();
  let y2: tf.Tensor;
  {
    using _ = t2;
    t2.watch(x);
    y2 = x.square();
  }
  const late2 = x.mul(5); // would add 5 to each gradient, were it recorded
  assert.deepEqual(list(t2.gradient([late2, y2], x)), [2, 4, 6]);
});

Deno.test("using: the record's tensors stay after the block and go at gradient()", () => {
  const x = f64([1, 2]);
  const base = tf.memory().numTensors;
  const tape = new tf.GradientTape();
  let y: tf.Tensor;
  {
    using _ = tape;
    tape.watch(x);
    y = tf.tidy(() => tf.exp(tf.exp(x)).sum()); // exp holds its output: two holders
  }
  assert.equal(tf.memory().numTensors, base + 1 + 2, "the block's end freed the record");
  const g = tape.gradient(y, x) as tf.Tensor;
  const e = Math.exp;
  assertClose(g.dataSync() as Float64Array, [1, 2].map((t) => e(e(t)) * e(t)), 1e-14);
  assert.equal(tf.memory().numTensors, base + 1 + 1, "gradient() kept the record");
  g.dispose();
  y.dispose();
  assert.equal(tf.memory().numTensors, base);
});

Deno.test("using: a persistent tape keeps the record through gradient() calls until release()", () => {
  const x = f64(3);
  const base = tf.memory().numTensors;
  const tape = new tf.GradientTape({ persistent: true });
  let y: tf.Tensor, z: tf.Tensor;
  {
    using _ = tape;
    tape.watch(x);
    y = tf.tidy(() => tf.exp(x));
    z = y.mul(y);
  }
  const held = tf.memory().numTensors;
  assert.ok(held > base + 2, "the persistent record holds tensors");
  tf.tidy(() => {
    assertClose([tape.gradient(y, x)?.item() as number], [Math.exp(3)], 1e-14);
    assertClose([tape.gradient(z, x)?.item() as number], [2 * Math.exp(6)], 1e-14);
  });
  assert.equal(tf.memory().numTensors, held, "gradient() of a persistent tape released it");
  tape.release();
  y.dispose();
  z.dispose();
  assert.equal(tf.memory().numTensors, base);
  assertThrows(() => tape.gradient(y, x), tf.FailedPreconditionError, "released");
  tape.dispose(); // the same as release(), and harmless twice
});

Deno.test("using the tape itself: a gradient inside the block (the seed training loop)", () => {
  const w = new tf.Variable([1, 2], { dtype: "float64" });
  const base = tf.memory().numTensors;
  for (let step = 0; step < 2; step++) {
    tf.tidy(() => {
      using tape = new tf.GradientTape();
      const [g] = tape.gradient(tf.exp(w).sum(), [w]);
      w.assignSub((g as tf.Tensor).mul(0.01));
    });
    assert.equal(tf.memory().numTensors, base);
  }
});

Deno.test("a non-persistent gradient() that throws still releases the record", () => {
  const x = f64([1, 2]);
  const base = tf.memory().numTensors;
  const tape = new tf.GradientTape();
  tape.watch(x);
  const y = tf.tidy(() => tf.exp(x));
  assertThrows(
    () => tape.gradient(y, x, { outputGradients: [1, 2, 3] }),
    tf.InvalidArgumentError,
    "outputGradients shape (3,)",
  );
  y.dispose();
  assert.equal(tf.memory().numTensors, base);
  // Errors found before the computation leave the tape usable.
  const t2 = new tf.GradientTape();
  t2.watch(x);
  const y2 = x.mul(x);
  assertThrows(
    () => t2.gradient(y2, x, { unconnectedGradients: "zeros" as "zero" }),
    tf.InvalidArgumentError,
    "unconnectedGradients",
  );
  assert.deepEqual(list(t2.gradient(y2, x)), [2, 4]);
});

Deno.test("a stopped tape nobody released lets go of its record when it is collected", async () => {
  prepareCollector();
  for (let i = 0; i < 100 && !collectGarbage(); i++) {
    await new Promise((r) => setTimeout(r, 10));
  }
  if (!collectGarbage()) return; // no collector in this runtime: nothing to observe
  const x = f64([1, 2, 3]);
  const base = tf.memory().numTensors;
  const make = (): tf.Tensor => {
    const tape = new tf.GradientTape({ persistent: true });
    using _ = tape;
    tape.watch(x);
    return tf.tidy(() => tf.exp(tf.exp(x)));
  };
  const y = make();
  assert.equal(tf.memory().numTensors, base + 1 + 2);
  for (let i = 0; i < 50 && tf.memory().numTensors !== base + 1; i++) {
    collectGarbage();
    await new Promise((r) => setTimeout(r, 5));
  }
  assert.equal(tf.memory().numTensors, base + 1, "the collected tape's record was not released");
  y.dispose();
});

// ---- batchJacobian ----

/** y[b] = [tanh(x[b] · W), sum(x[b]²) * x[b, 0]]: examples independent. */
function perExample(x: tf.Tensor): tf.Tensor {
  const w = f64([[0.5, -1, 2], [1.5, 0.25, -0.5]]); // [2, 3]
  const a = tf.tanh(tf.matmul(x, w)); // [B, 3]
  const b = tf.reduceSum(x.square(), 1, true).mul(tf.slice(x, [0, 0], [-1, 1])); // [B, 1]
  return tf.concat([a, b], 1); // [B, 4]
}

Deno.test("batchJacobian equals the full jacobian's diagonal blocks", () => {
  const x = f64([[0.3, -1.2], [2, 0.5], [-0.7, 0.1]]); // [3, 2]
  const tape = new tf.GradientTape({ persistent: true });
  tape.watch(x);
  const y = perExample(x); // [3, 4]
  const full = tape.jacobian(y, x); // [3, 4, 3, 2]
  const bj = tape.batchJacobian(y, x);
  assert.deepEqual(bj.shape, [3, 4, 2]);
  assert.equal(bj.dtype, "float64");
  const J = full.tolist() as number[][][][];
  const expected: number[] = [];
  for (let b = 0; b < 3; b++) {
    for (let i = 0; i < 4; i++) for (let j = 0; j < 2; j++) expected.push(J[b][i][b][j]);
  }
  assertClose(bj.dataSync() as Float64Array, expected, 1e-14);
  // Hand values of the last row: d/dx (x0 (x0² + x1²)) = [3x0² + x1², 2 x0 x1].
  const X = [[0.3, -1.2], [2, 0.5], [-0.7, 0.1]];
  const got = bj.tolist() as number[][][];
  for (let b = 0; b < 3; b++) {
    const [x0, x1] = X[b];
    assertClose(got[b][3], [3 * x0 * x0 + x1 * x1, 2 * x0 * x1], 1e-14);
  }
  tape.release();
});

Deno.test("batchJacobian: hand values, ranks, variables, unconnected sources", () => {
  const x = f64([[1, 2], [3, 4]]);
  const tape = new tf.GradientTape({ persistent: true });
  tape.watch(x);
  // Elementwise square: a diagonal block per example.
  assert.deepEqual(tape.batchJacobian(x.square(), x).tolist(), [
    [[2, 0], [0, 4]],
    [[6, 0], [0, 8]],
  ]);
  // A scalar per example: [B] by [B, 2] gives [B, 2] (the per-example gradient).
  assert.deepEqual(tape.batchJacobian(x.square().sum(1), x).tolist(), [[2, 4], [6, 8]]);
  // A rank-3 target by a rank-3 source: [B, 1, 2] by [B, 2, 1] gives [B, 1, 2, 2, 1].
  const x3 = tf.reshape(x, [2, 2, 1]);
  const y3 = tf.reshape(x3.mul(3), [2, 1, 2]);
  const j3 = tape.batchJacobian(y3, x3);
  assert.deepEqual(j3.shape, [2, 1, 2, 2, 1]);
  assert.deepEqual(j3.reshape([2, 4]).tolist(), [[3, 0, 0, 3], [3, 0, 0, 3]]);
  // A Variable source.
  const v = new tf.Variable([[1], [-2], [0.5]], { dtype: "float64" });
  const cube = v.pow(3).mul(f64([[1, 2]])); // [3, 2]
  assert.deepEqual(tape.batchJacobian(cube, v).tolist(), [[[3], [6]], [[12], [24]], [
    [0.75],
    [1.5],
  ]]);
  // An unconnected source gives zeros (with either unconnectedGradients, as in TF).
  const c = f64([[5, 6], [7, 8]]);
  const zerosJ = tape.batchJacobian(x.square(), c);
  assert.deepEqual(zerosJ.tolist(), [[[0, 0], [0, 0]], [[0, 0], [0, 0]]]);
  assert.deepEqual(
    tape.batchJacobian(x.square(), c, { unconnectedGradients: "zero" }).shape,
    [2, 2, 2],
  );
  // An empty batch.
  const e = f64([[1, 2]]).slice([0, 0], [0, 2]);
  tape.watch(e);
  assert.deepEqual(tape.batchJacobian(e.square(), e).shape, [0, 2, 2]);
  tape.release();
});

Deno.test("batchJacobian: errors and options", () => {
  const x = f64([[1, 2], [3, 4]]);
  const tape = new tf.GradientTape({ persistent: true });
  tape.watch(x);
  const y = x.square();
  assertThrows(
    () => tape.batchJacobian(tf.slice(y, [0, 0], [1, 2]), x),
    tf.InvalidArgumentError,
    "same first (batch) dimension",
    "(1, 2)",
    "(2, 2)",
  );
  assertThrows(() => tape.batchJacobian(y.sum(), x), tf.InvalidArgumentError, "first (batch)");
  for (const key of ["experimentalUsePfor", "parallelIterations"]) {
    assertThrows(
      () => tape.batchJacobian(y, x, { [key]: false } as JacobianOptions),
      tf.InvalidArgumentError,
      `"${key}" is not supported`,
    );
  }
  assertThrows(
    () => tape.batchJacobian(y, x, { unconnected: "zero" } as JacobianOptions),
    tf.InvalidArgumentError,
    '"unconnected"',
    'did you mean "unconnectedGradients"',
  );
  assertThrows(
    () => tape.batchJacobian(y, x, "zero" as JacobianOptions),
    tf.InvalidArgumentError,
    "must be an object",
  );
  assertThrows(
    () => tape.batchJacobian(y, x, { unconnectedGradients: "zeros" as "zero" }),
    tf.InvalidArgumentError,
    "unconnectedGradients",
  );
  tape.release();
  // A non-persistent tape computes it once, then is released.
  const base = tf.memory().numTensors;
  const once = new tf.GradientTape();
  once.watch(x);
  const z = x.mul(x); // the tape holds x twice for mul's gradient
  assert.equal(tf.memory().numTensors, base + 1 + 2);
  const j = tf.tidy(() => once.batchJacobian(z, x));
  assert.equal(tf.memory().numTensors, base + 1 + 1, "only z and the result are left");
  assert.deepEqual(j.shape, [2, 2, 2]);
  assertThrows(() => once.batchJacobian(z, x), tf.FailedPreconditionError, "once");
});

// ---- watchedVariables ----

Deno.test("watchedVariables: explicit and accessed trainable variables, in first-watched order", () => {
  const a = new tf.Variable(1, { name: "a" });
  const b = new tf.Variable(2, { name: "b" });
  const c = new tf.Variable(3, { name: "c" });
  const frozen = new tf.Variable(4, { name: "frozen", trainable: false });
  const names = (t: tf.GradientTape): string[] => t.watchedVariables().map((v) => v.name);
  const tape = new tf.GradientTape();
  assert.deepEqual(tape.watchedVariables(), []);
  const y = c.mul(frozen).add(a); // c, then a (frozen is not trainable)
  tape.watch(frozen);
  tape.watch([a, b]); // a again: no repeat
  const z = y.add(b).add(c);
  assert.deepEqual(names(tape), ["c:0", "a:0", "frozen:0", "b:0"]);
  assert.ok(tape.watchedVariables()[0] === c, "the variables themselves");
  tape.gradient(z, [a, b]);
  // Still known after a non-persistent gradient() (as TF).
  assert.deepEqual(names(tape), ["c:0", "a:0", "frozen:0", "b:0"]);

  // watchAccessedVariables: false: only the explicitly watched ones.
  const quiet = new tf.GradientTape({ watchAccessedVariables: false });
  a.mul(b);
  quiet.watch(c);
  assert.deepEqual(names(quiet), ["c:0"]);
  quiet.stop();
  // Reads after the tape stopped do not count; reset() forgets.
  const t3 = new tf.GradientTape({ persistent: true });
  b.mul(2);
  t3.stop();
  a.mul(2);
  assert.deepEqual(names(t3), ["b:0"]);
  t3.reset();
  assert.deepEqual(names(t3), []);
  t3.release();
});

// ---- Structured targets and sources ----

Deno.test("gradient: a record or nested target is summed", () => {
  const x = f64([1, 2]);
  const tape = new tf.GradientTape({ persistent: true });
  tape.watch(x);
  const y1 = x.mul(x); // 2x
  const y2 = x.mul(3).sum(); // 3
  const y3 = x.pow(3); // 3x²
  assert.deepEqual(list(tape.gradient({ y1, y2 }, x)), [5, 7]);
  assert.deepEqual(list(tape.gradient({ a: y1, rest: [y2, { y3 }] }, x)), [8, 19]);
  assert.deepEqual(list(tape.gradient({}, x, { unconnectedGradients: "zero" })), [0, 0]);
  // outputGradients has the target's structure (null: ones).
  assert.deepEqual(
    list(tape.gradient({ y1, y2 }, x, { outputGradients: { y1: f64([1, 0]), y2: f64(2) } })),
    [8, 6],
  );
  assert.deepEqual(
    list(tape.gradient({ y1, y2 }, x, { outputGradients: { y1: null, y2: f64(0) } })),
    [2, 4],
  );
  // With one target leaf, the whole outputGradients may be its gradient.
  assert.deepEqual(list(tape.gradient({ y1 }, x, { outputGradients: [0.5, 0.5] })), [1, 2]);
  assert.deepEqual(list(tape.gradient([y1], x, { outputGradients: [[0.5, 0.5]] })), [1, 2]);
  assertThrows(
    () => tape.gradient({ y1, y2 }, x, { outputGradients: { y1: f64([1, 1]) } }),
    tf.InvalidArgumentError,
    "structure of the target",
  );
  assertThrows(
    () => tape.gradient({ y1, y2 }, x, { outputGradients: { y1: f64([1, 1, 1]), y2: f64(1) } }),
    tf.InvalidArgumentError,
    "outputGradients shape (3,)",
  );
  tape.release();
});

Deno.test("gradient: record and nested sources give the same structure back", () => {
  const w = new tf.Variable([[1, 2]], { dtype: "float64", name: "w" });
  const b = new tf.Variable([0.5], { dtype: "float64", name: "b" });
  const x = f64([[3], [4]]);
  const tape = new tf.GradientTape({ persistent: true });
  tape.watch(x);
  const y = tf.matmul(x, w).add(b).sum(); // sum over rows of x w + b
  const g = tape.gradient(y, { dense: { w, b }, inputs: [x], none: [] });
  assert.deepEqual(Object.keys(g), ["dense", "inputs", "none"]);
  assert.deepEqual(list(g.dense.w), [[7, 7]]);
  assert.deepEqual(list(g.dense.b), [4]);
  assert.deepEqual(list(g.inputs[0]), [[3], [3]]);
  assert.deepEqual(g.none, []);
  const nested = tape.gradient(y, [[w], { b }]);
  assert.deepEqual(list((nested[0] as (tf.Tensor | null)[])[0]), [[7, 7]]);
  // Unconnected leaves in a record: null, or zeros.
  const c = f64(1);
  const r = tape.gradient(y, { w, c });
  assert.equal(r.c, null);
  assert.equal(tape.gradient(y, { c }, { unconnectedGradients: "zero" }).c?.item(), 0);
  assertThrows(
    () => tape.gradient(y, { w, bad: 3 } as unknown as { w: tf.Variable }),
    tf.InvalidArgumentError,
    "a source must be a tensor or Variable",
    "number 3",
  );
  tape.release();
});

// ---- tf.Module ----

Deno.test("tf.Module: variables, trainableVariables and submodules through fields, arrays, records", () => {
  class Dense extends tf.Module {
    w: tf.Variable;
    b: tf.Variable;
    #secret = new tf.Variable(0, { name: "secret" });
    constructor(name: string) {
      super({ name });
      this.w = new tf.Variable([[1, 2]], { name: `${name}_w` });
      this.b = new tf.Variable([0, 0], { name: `${name}_b` });
    }
    get secret(): tf.Variable {
      return this.#secret;
    }
  }
  class Net extends tf.Module {
    first = new Dense("first");
    blocks = [new Dense("b0"), {
      inner: new Dense("b1"),
      scale: new tf.Variable(2, { name: "s" }),
    }];
    steps = new tf.Variable(0, { name: "steps", trainable: false });
    constant = tf.ones([2]); // tensors are not tracked
    config = { units: 3, note: "x" };
    alias: tf.Variable;
    constructor() {
      super();
      this.alias = this.first.w; // the same variable again: listed once
    }
  }
  const net = new Net();
  assert.equal(net.name, "net");
  const names = (vs: tf.Variable[]): string[] => vs.map((v) => v.name.replace(/:0$/, ""));
  assert.deepEqual(names(net.variables), [
    "first_w",
    "first_b",
    "b0_w",
    "b0_b",
    "b1_w",
    "b1_b",
    "s",
    "steps",
  ]);
  assert.ok(!names(net.variables).includes("secret"), "#private fields are not tracked");
  assert.deepEqual(names(net.trainableVariables), names(net.variables).slice(0, 7));
  assert.deepEqual(names(net.nonTrainableVariables), ["steps"]);
  assert.deepEqual(net.submodules.map((m) => m.name), ["first", "b0", "b1"]);
  assert.deepEqual(net.first.variables.length, 2);
  assert.deepEqual(net.first.submodules, []);
  // A plain Module, filled in afterwards; empty until then.
  const m = new tf.Module({ name: "holder" });
  assert.deepEqual(m.variables, []);
  Object.assign(m, { net, extra: { deep: [new tf.Variable(1, { name: "deep" })] } });
  assert.equal(m.variables.length, 9);
  assert.deepEqual(m.submodules.map((s) => s.name), ["net", "first", "b0", "b1"]);
  // Cycles are walked once.
  Object.assign(net.first, { parent: net });
  assert.equal(net.variables.length, 8);
  // Gradients through the tracked variables.
  const tape = new tf.GradientTape();
  const loss = tf.matmul(tf.ones([1, 1]), net.first.w).add(net.first.b).mul(net.steps).sum();
  const grads = tape.gradient(loss, net.trainableVariables);
  assert.equal(grads.length, 7);
  assert.deepEqual(grads[0]?.tolist(), [[0, 0]]);
});

Deno.test("tf.Module: names, options, and Keras layers inside modules (and modules in models)", () => {
  class MyModule extends tf.Module {}
  class MLP extends tf.Module {}
  assert.equal(new MyModule().name, "my_module");
  assert.equal(new MLP().name, "mlp");
  assert.equal(new tf.Module().name, "module");
  assert.equal(new tf.Module({ name: "_ok1" }).name, "_ok1");
  for (const bad of ["", "1st", "a-b", "a/b"]) {
    assertThrows(() => new tf.Module({ name: bad }), tf.InvalidArgumentError, "module name");
  }
  assertThrows(
    () => new tf.Module({ nme: "x" } as tf.ModuleOptions),
    tf.InvalidArgumentError,
    '"nme"',
    'did you mean "name"',
  );
  assertThrows(
    () => new tf.Module("name" as tf.ModuleOptions),
    tf.InvalidArgumentError,
    "must be an object",
  );
  // A Keras layer inside a module: its variables are tracked, it counts as a submodule, and a
  // frozen layer's variables are not trainable.
  const dense = new tf.keras.layers.Dense({ units: 2, name: "d" });
  const frozen = new tf.keras.layers.Dense({ units: 1, name: "f", trainable: false });
  dense.apply([[1, 2, 3]]);
  frozen.apply([[1, 2]]);
  const m = new tf.Module({ name: "m" });
  Object.assign(m, { layers: { dense, frozen } });
  assert.deepEqual(m.variables.map((v) => v.name), [
    "d/kernel:0",
    "d/bias:0",
    "f/kernel:0",
    "f/bias:0",
  ]);
  assert.deepEqual(m.trainableVariables.map((v) => v.name), ["d/kernel:0", "d/bias:0"]);
  assert.deepEqual(m.submodules, [dense, frozen]);
  // A Keras model holding a module in a field tracks the module's variables.
  class Wrapped extends tf.keras.Model {
    inner = m;
    call(x: tf.Tensor): tf.Tensor {
      return x;
    }
  }
  const model = new Wrapped();
  assert.deepEqual(model.variables.length, 4);
  assert.deepEqual(model.trainableVariables.map((v) => v.name), ["d/kernel:0", "d/bias:0"]);
  assert.deepEqual(
    model.namedVariables().map((n) => n.path),
    [
      "inner/layers/dense/kernel",
      "inner/layers/dense/bias",
      "inner/layers/frozen/kernel",
      "inner/layers/frozen/bias",
    ],
  );
});
