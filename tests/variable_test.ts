// Variables: updates, data access, printing, use by every kind of op, the promise that a held
// tensor never changes (in-place updates only when nothing shares the storage, copy-on-write
// otherwise), the version check of the tape, validation, and disposal.
import assert from "node:assert/strict";
import * as tf from "../mod.ts";
import { assertClose, assertThrows } from "./helpers.ts";

Deno.test("assign, assignAdd, assignSub; value, numpy, tolist, item; name and trainable", () => {
  const v = new tf.Variable([[1, 2], [3, 4]], { name: "weight" });
  assert.equal(v.name, "weight:0");
  assert.equal(v.trainable, true);
  assert.equal(v.dtype, "float32");
  assert.deepEqual(v.shape, [2, 2]);
  assert.equal(v.rank, 2);
  assert.equal(v.size, 4);
  assert.equal(v.device, tf.constant(1).device);
  assert.equal(new tf.Variable(1).name, "Variable:0");
  assert.equal(new tf.Variable(1, { trainable: false }).trainable, false);

  assert.equal(v.assign([[5, 6], [7, 8]]), v, "updates return the variable");
  assert.deepEqual(v.tolist(), [[5, 6], [7, 8]]);
  v.assignAdd([[1, 1], [1, 1]]);
  assert.deepEqual(v.tolist(), [[6, 7], [8, 9]]);
  v.assignSub(tf.constant([[0.5, 1], [1.5, 2]]));
  assert.deepEqual(v.tolist(), [[5.5, 6], [6.5, 7]]);
  // A scalar or a broadcastable value.
  v.assign(2);
  assert.deepEqual(v.tolist(), [[2, 2], [2, 2]]);
  v.assignAdd([10, 20]);
  assert.deepEqual(v.tolist(), [[12, 22], [12, 22]]);
  // Chained.
  assert.deepEqual(v.assign(0).assignAdd(3).assignSub(1).tolist(), [[2, 2], [2, 2]]);

  const value = v.value();
  assert.ok(value instanceof tf.Tensor);
  assert.deepEqual(value.tolist(), [[2, 2], [2, 2]]);
  const arr = v.numpy();
  assert.deepEqual(arr.shape, [2, 2]);
  assert.equal(arr.dtype, "float32");
  assert.deepEqual(Array.from(arr.data as Float32Array), [2, 2, 2, 2]);
  assert.deepEqual(Array.from(v.dataSync() as Float32Array), [2, 2, 2, 2]);
  const s = new tf.Variable(5.5);
  assert.equal(s.item(), 5.5);
  assert.equal(s.tolist(), 5.5);
  assert.throws(() => v.item(), tf.InvalidArgumentError);

  // dtype option and integer variables.
  const i = new tf.Variable([1, 2], { dtype: "int32" });
  assert.equal(i.dtype, "int32");
  i.assignAdd(5);
  assert.deepEqual(i.tolist(), [6, 7]);
  const d = new tf.Variable(tf.constant([1, 2], "int32"), { dtype: "float64" });
  assert.equal(d.dtype, "float64");
  assert.deepEqual(d.tolist(), [1, 2]);
});

Deno.test("numpy() and tolist() are copies: mutating them does not change the variable", () => {
  const v = new tf.Variable([1, 2, 3]);
  const arr = v.numpy();
  (arr.data as Float32Array)[0] = 100;
  const flat = v.dataSync() as Float32Array;
  flat[1] = 200;
  const l = v.tolist() as number[];
  l[2] = 300;
  assert.deepEqual(v.tolist(), [1, 2, 3]);
});

Deno.test("printing: TensorFlow's repr", () => {
  const w = new tf.Variable([[1.0]], { name: "weight" });
  const expected =
    "<tf.Variable 'weight:0' shape=(1, 1) dtype=float32, numpy=array([[1.]], dtype=float32)>";
  assert.equal(String(w), expected);
  assert.equal(w.repr(), expected);
  assert.equal(Deno.inspect(w), expected);
  assert.ok(Deno.inspect([w]).includes(expected), "nested in an array: the repr");
  const s = new tf.Variable(5.0, { name: "weight" });
  assert.equal(String(s), "<tf.Variable 'weight:0' shape=() dtype=float32, numpy=5.0>");
  s.assignSub(1);
  assert.equal(String(s), "<tf.Variable 'weight:0' shape=() dtype=float32, numpy=4.0>");
  assert.equal(
    String(new tf.Variable([1, 2], { dtype: "int32" })),
    "<tf.Variable 'Variable:0' shape=(2,) dtype=int32, numpy=array([1, 2], dtype=int32)>",
  );
  assert.equal(
    String(new tf.Variable(7, { dtype: "int32", name: "step" })),
    "<tf.Variable 'step:0' shape=() dtype=int32, numpy=7>",
  );
  assert.equal(
    String(new tf.Variable([[1, 2], [3, 4]])),
    "<tf.Variable 'Variable:0' shape=(2, 2) dtype=float32, numpy=\n" +
      "array([[1., 2.],\n       [3., 4.]], dtype=float32)>",
  );
});

Deno.test("Variables are accepted by every kind of op and as the receiver of Tensor methods", () => {
  const v = new tf.Variable([[1, 2], [3, 4]]);
  assert.equal(v instanceof tf.Tensor, false);
  const same = (t: tf.Tensor, expected: unknown): void => {
    assert.ok(t instanceof tf.Tensor);
    assert.deepEqual(t.tolist(), expected);
  };
  // Methods.
  same(v.add(1), [[2, 3], [4, 5]]);
  same(v.mul(v), [[1, 4], [9, 16]]);
  same(v.sum(), 10);
  same(v.sum(0), [4, 6]);
  same(v.matmul(v), [[7, 10], [15, 22]]);
  same(v.matmul([[1], [1]]), [[3], [7]]);
  same(v.at(0), [1, 2]);
  same(v.at(":, -1"), [2, 4]);
  same(v.reshape([4]), [1, 2, 3, 4]);
  same(v.transpose(), [[1, 3], [2, 4]]);
  same(v.square(), [[1, 4], [9, 16]]);
  same(v.cast("int32"), [[1, 2], [3, 4]]);
  same(v.max(), 4);
  same(v.argmax(1), [1, 1]);
  same(v.cumsum(1), [[1, 3], [3, 7]]);
  same(v.gather(tf.constant([1], "int32")), [[3, 4]]);
  assert.deepEqual([...v.value()].map((row) => row.tolist()), [[1, 2], [3, 4]]);
  // Functional ops of every family, the variable on either side.
  same(tf.add(1, v), [[2, 3], [4, 5]]);
  same(tf.sub(v, tf.constant([1, 1])), [[0, 1], [2, 3]]);
  same(tf.maximum(v, 2.5), [[2.5, 2.5], [3, 4]]);
  same(tf.greater(v, 2), [[false, false], [true, true]]);
  same(tf.neg(v), [[-1, -2], [-3, -4]]);
  same(tf.reduceMean(v), 2.5);
  same(tf.matmul(tf.constant([[1, 0]]), v), [[1, 2]]);
  same(tf.concat([v, tf.constant([[5, 6]])], 0), [[1, 2], [3, 4], [5, 6]]);
  same(tf.stack([v, v]).sum([1, 2]), [10, 10]);
  same(tf.where([[true, false], [false, true]], v, 0), [[1, 0], [0, 4]]);
  same(tf.gather(v, tf.constant([0], "int32"), 1), [[1], [3]]);
  same(tf.slice(v, [1, 0], [1, 2]), [[3, 4]]);
  same(tf.broadcastTo(new tf.Variable([1, 2]), [2, 2]), [[1, 2], [1, 2]]);
  same(tf.zerosLike(v), [[0, 0], [0, 0]]);
  same(tf.nn.relu(tf.sub(v, 2)), [[0, 0], [1, 2]]);
  assertClose(tf.nn.softmax(v).sum(1).dataSync() as Float32Array, [1, 1], 1e-6);
  same(tf.constant(v), [[1, 2], [3, 4]]);
  same(tf.convertToTensor(v), [[1, 2], [3, 4]]);
  same(tf.constant(v, "int32"), [[1, 2], [3, 4]]);
  assert.equal(tf.constant(v, "int32").dtype, "int32");
  // A Variable initialised from another Variable copies it.
  const copy = new tf.Variable(v);
  v.assign(0);
  assert.deepEqual(copy.tolist(), [[1, 2], [3, 4]]);
});

Deno.test("a held tensor never changes: values and views taken before an update", () => {
  const v = new tf.Variable([1, 2, 3, 4]);
  const before = v.value();
  const view = v.reshape([2, 2]);
  const row = v.at("1:3");
  const constant = tf.constant(v);
  const converted = tf.convertToTensor(v);
  const sum = v.add(0);
  v.assign([5, 6, 7, 8]);
  v.assignAdd(1);
  assert.deepEqual(v.tolist(), [6, 7, 8, 9]);
  assert.deepEqual(before.tolist(), [1, 2, 3, 4]);
  assert.deepEqual(view.tolist(), [[1, 2], [3, 4]]);
  assert.deepEqual(row.tolist(), [2, 3]);
  assert.deepEqual(constant.tolist(), [1, 2, 3, 4]);
  assert.deepEqual(converted.tolist(), [1, 2, 3, 4]);
  assert.deepEqual(sum.tolist(), [1, 2, 3, 4]);
  // Disposing a held tensor leaves the variable intact.
  for (const t of [before, view, row, constant, converted]) t.dispose();
  assert.deepEqual(v.tolist(), [6, 7, 8, 9]);
  v.assignSub(6);
  assert.deepEqual(v.tolist(), [0, 1, 2, 3]);
  // A value taken after the update has the new value.
  assert.deepEqual(v.value().tolist(), [0, 1, 2, 3]);
});

Deno.test("updates are in place when nothing shares the storage, copy-on-write otherwise", () => {
  const v = new tf.Variable([1, 2, 3]);
  const first = v.handle.storage;
  v.assignAdd(1);
  v.assignSub([1, 1, 1]);
  v.assign([7, 8, 9]);
  assert.equal(v.handle.storage, first, "an update with nothing sharing the storage copied");
  // Temporaries from ops on the variable do not share its storage.
  v.add(1);
  v.sum();
  v.assignAdd(1);
  assert.equal(v.handle.storage, first);
  // A held view shares the storage: the update copies, the view keeps the old storage.
  const held = v.reshape([3, 1]);
  assert.equal(held.storage, first);
  v.assignAdd(1);
  assert.notEqual(v.handle.storage, first, "an update under a held view wrote in place");
  assert.equal(held.storage, first);
  assert.deepEqual(held.tolist(), [[8], [9], [10]]);
  assert.deepEqual(v.tolist(), [9, 10, 11]);
  // Once nothing shares the new storage, updates are in place again.
  const second = v.handle.storage;
  v.assign(0);
  assert.equal(v.handle.storage, second);
  // A tape that saved the variable's value also makes the update copy.
  const tape = new tf.GradientTape();
  const y = v.mul(v); // mul saves its operands
  v.assignAdd(1);
  assert.notEqual(v.handle.storage, second);
  tape.release();
  y.dispose();
  held.dispose();
  // Memory: the old storage is counted until its last holder goes.
  const base = tf.memory();
  const w = new tf.Variable(new Float32Array(1000));
  const hold = w.value();
  w.assignAdd(1);
  assert.equal(tf.memory().numBytes - base.numBytes, 8000, "two storages while one is held");
  hold.dispose();
  assert.equal(tf.memory().numBytes - base.numBytes, 4000, "the old storage was not freed");
  w.dispose();
  assert.equal(tf.memory().numBytes, base.numBytes);
  assert.equal(tf.memory().numTensors, base.numTensors);
});

Deno.test("version counter: gradient() fails clearly when a recorded Variable was assigned", () => {
  const v = new tf.Variable([1, 2], { name: "kernel", dtype: "float64" });
  const v0 = v.version;
  v.assign([3, 4]);
  v.assignAdd(1);
  v.assignSub(1);
  assert.equal(v.version, v0 + 3, "every update bumps the version");

  // Updated in place (add saves nothing, so nothing shares the storage).
  let tape = new tf.GradientTape();
  let y = v.add(1);
  const storage = v.handle.storage;
  v.assignAdd(1);
  assert.equal(v.handle.storage, storage);
  assertThrows(
    () => tape.gradient(y, v),
    tf.FailedPreconditionError,
    "Variable 'kernel:0'",
    "assigned",
  );
  // Copy-on-write (mul saved the value).
  tape = new tf.GradientTape();
  y = v.mul(v);
  v.assign([1, 1]);
  assertThrows(() => tape.gradient(y, [v]), tf.FailedPreconditionError, "kernel:0");
  // Assigning after gradient() is fine; a fresh tape sees the new value.
  tape = new tf.GradientTape();
  y = v.mul(v);
  assert.deepEqual(tape.gradient(y, v)?.tolist(), [2, 2]);
  v.assign([5, 6]);
  tape = new tf.GradientTape();
  assert.deepEqual(tape.gradient(v.mul(v), v)?.tolist(), [10, 12]);
  // A read recorded before an assignment that no gradient flows through is not an error, and a
  // read after the assignment is the value the gradient sees.
  tape = new tf.GradientTape();
  tape.watch(v);
  v.assign([1, 2]);
  y = v.mul(v);
  assert.deepEqual(tape.gradient(y, v)?.tolist(), [2, 4]);
  // An update of another variable does not disturb the gradient.
  const other = new tf.Variable(1, { dtype: "float64" });
  tape = new tf.GradientTape();
  y = v.mul(2);
  other.assign(3);
  assert.deepEqual(tape.gradient(y, v)?.tolist(), [2, 2]);
});

Deno.test("assign: dtype and shape mismatches are clear InvalidArgumentErrors", () => {
  const v = new tf.Variable([[1, 2], [3, 4]], { name: "w" });
  assertThrows(
    () => v.assign(tf.constant([[1, 2], [3, 4]], "int32")),
    tf.InvalidArgumentError,
    "int32",
    "float32",
    "'w:0'",
  );
  assertThrows(
    () => v.assignAdd(tf.constant([[1, 2], [3, 4]], "float64")),
    tf.InvalidArgumentError,
    "float64",
  );
  assertThrows(() => v.assign([1, 2, 3]), tf.InvalidArgumentError, "shape (3,)", "(2, 2)", "w:0");
  assertThrows(() => v.assignSub(tf.zeros([2, 2, 2])), tf.InvalidArgumentError, "(2, 2, 2)");
  assertThrows(() => v.assign([[1, 2]].concat([[3]]) as number[][]), tf.InvalidArgumentError);
  // Nothing changed after the failed updates.
  assert.deepEqual(v.tolist(), [[1, 2], [3, 4]]);
  const i = new tf.Variable([1, 2], { dtype: "int32" });
  assertThrows(() => i.assign(tf.constant([1.5, 2])), tf.InvalidArgumentError, "float32", "int32");
  assertThrows(() => i.assignAdd(0.5), tf.InvalidArgumentError);
  assert.deepEqual(i.tolist(), [1, 2]);
});

Deno.test("`using v = new tf.Variable(...)` disposes it", () => {
  const base = tf.memory().numTensors;
  const baseBytes = tf.memory().numBytes;
  let escaped: tf.Variable | null = null;
  {
    using v = new tf.Variable([1, 2, 3]);
    v.assignAdd(1);
    assert.deepEqual(v.tolist(), [2, 3, 4]);
    escaped = v;
  }
  assert.equal(tf.memory().numTensors, base);
  assert.equal(tf.memory().numBytes, baseBytes);
  const v = escaped as tf.Variable;
  assertThrows(() => v.add(1), tf.FailedPreconditionError, "disposed");
  assert.throws(() => v.tolist(), tf.FailedPreconditionError);
  // A variable made inside tidy survives it (only tensors are scoped).
  const kept = tf.tidy(() => new tf.Variable([1, 2]));
  assert.deepEqual(kept.tolist(), [1, 2]);
  kept.dispose();
});

Deno.test("a disposed Variable refuses assign, assignAdd and assignSub", () => {
  const v = new tf.Variable([1, 2]);
  v.dispose();
  for (const f of [() => v.assign([3, 4]), () => v.assignAdd(1), () => v.assignSub(1)]) {
    assertThrows(f, tf.FailedPreconditionError, "is disposed");
  }
});
