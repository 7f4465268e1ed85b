// NDArray's numpy.ndarray methods (.T, .reshape, .at, .set, .item, reductions, ...). Expected
// values were checked against NumPy 2.4 by hand (the python3 expression is given where useful).
import assert from "node:assert/strict";
import * as tf from "../mod.ts";
import * as np from "../numpy.ts";
import { assertThrows } from "./helpers.ts";

const E = tf.InvalidArgumentError;
const ar = (n: number, shape: number[], dtype: np.NpDType = "int32"): np.NDArray =>
  np.arange(n, undefined, 1, dtype).reshape(shape);

Deno.test("ndim, size, itemsize, nbytes", () => {
  const a = np.zeros([2, 3], "int16");
  assert.deepEqual([a.ndim, a.size, a.itemsize, a.nbytes], [2, 6, 2, 12]);
  const b = np.zeros([5], "float64").at("::2");
  assert.deepEqual([b.ndim, b.size, b.itemsize, b.nbytes], [1, 3, 8, 24]);
  assert.deepEqual([np.array(1n).itemsize, np.array(true).nbytes], [8, 1]);
});

Deno.test("T: a view with axes reversed (1-d and 3-d)", () => {
  const v = np.array([1, 2, 3]);
  assert.deepEqual(v.T.shape, [3]);
  assert.deepEqual(v.T.tolist(), [1, 2, 3]);
  const a = ar(24, [2, 3, 4]);
  const t = a.T; // a.T.shape (4, 3, 2), a.T[1, 2, 0] == 9
  assert.deepEqual(t.shape, [4, 3, 2]);
  assert.deepEqual(t.strides, [1, 4, 12]);
  assert.equal(t.item(1, 2, 0), 9);
  assert.equal(t.data, a.data);
  t.set([1, 2, 0], -9);
  assert.equal(a.item(0, 2, 1), -9);
});

Deno.test("reshape: varargs or one array, -1, views when the strides allow", () => {
  const a = np.arange(6, undefined, 1, "int32");
  const r = a.reshape(2, -1);
  assert.deepEqual(r.tolist(), [[0, 1, 2], [3, 4, 5]]);
  assert.equal(r.data, a.data);
  assert.deepEqual(a.reshape([3, 2]).shape, [3, 2]);
  assert.deepEqual(a.reshape(-1).shape, [6]);
  assert.deepEqual(np.array(5).reshape(1, 1).shape, [1, 1]);
  assert.deepEqual(np.array([7]).reshape([]).shape, []);
  // A transposed array cannot be reshaped as a view: a copy with the row-major order.
  const t = r.T.reshape(6);
  assert.notEqual(t.data, a.data);
  assert.deepEqual(t.tolist(), [0, 3, 1, 4, 2, 5]);
  // A strided 1-d slice can be (NumPy: np.arange(10)[::2].reshape(5, 1) is a view).
  const s = np.arange(10, undefined, 1, "int32").at("::2").reshape(5, 1);
  assert.deepEqual(s.strides, [2, 2]);
  assertThrows(() => a.reshape(4, -1), E, "NDArray.reshape", "cannot reshape array of size 6");
  assertThrows(() => a.reshape(-1, -1), E, "NDArray.reshape", "one unknown dimension");
  assertThrows(() => a.reshape(["2"] as unknown as number[]), E, "NDArray.reshape", '"2"');
});

Deno.test("astype, copy, flatten, ravel", () => {
  const a = np.array([1.7, -300.5, NaN]);
  // np.array([1.7, -300.5, np.nan]).astype(np.int8) -> [1, -44, 0]
  assert.deepEqual(a.astype("int8").tolist(), [1, -44, 0]);
  assert.deepEqual(a.astype("bool").tolist(), [true, true, true]);
  const i = np.array([1, 2], "int32");
  const c = i.astype("int32");
  assert.notEqual(c.data, i.data); // astype copies, as NumPy's default
  assertThrows(() => i.astype("complex64" as np.NpDType), E, "NDArray.astype", '"complex64"');
  const cp = i.copy();
  cp.set(0, 9);
  assert.deepEqual([i.tolist(), cp.tolist()], [[1, 2], [9, 2]]);
  const m = ar(6, [2, 3]);
  const f = m.T.flatten();
  assert.deepEqual(f.tolist(), [0, 3, 1, 4, 2, 5]);
  assert.notEqual(m.flatten().data, m.data);
  const rv = m.ravel(); // a view: C-contiguous
  assert.equal(rv.data, m.data);
  rv.set(0, 42);
  assert.equal(m.item(0, 0), 42);
  assert.notEqual(m.T.ravel().data, m.data); // a copy
  assert.deepEqual(m.T.ravel().tolist(), [42, 3, 1, 4, 2, 5]);
  // np.arange(10)[::2].ravel() is a copy in NumPy (not C-contiguous); so here.
  const s = np.arange(10, undefined, 1, "int32").at("::2");
  assert.notEqual(s.ravel().data, s.data);
  assert.equal(m.at(1).ravel().data, m.data); // a contiguous row: a view
  assert.equal(m.at(1).ravel().offset, 3);
});

Deno.test("item: 0-d, flat index, multi-index, dtypes, errors", () => {
  const a = ar(6, [2, 3]);
  assert.equal(np.array(3, "int32").item(), 3);
  assert.equal(a.item(4), 4);
  assert.equal(a.item(-1), 5);
  assert.equal(a.item(1, 2), 5);
  assert.equal(a.item(-1, 0), 3);
  assert.equal(a.T.item(1), 3); // flat index in the transpose's row-major order
  assert.equal(np.array([true]).item(), true);
  assert.equal(np.array([2n ** 62n]).item(0), 2n ** 62n);
  assert.equal(np.array(1.5, "float32").item(), 1.5);
  assertThrows(() => a.item(), E, "NDArray.item", "size 1", "size 6");
  assertThrows(() => a.item(6), E, "NDArray.item", "index 6 is out of bounds for size 6");
  assertThrows(() => a.item(0, 3), E, "index 3 is out of bounds for axis 1 with size 3");
  assertThrows(() => a.item(0, 0, 0), E, "incorrect number of indices");
  assertThrows(() => a.item(0.5), E, "NDArray.item", "0.5");
});

Deno.test("tolist", () => {
  assert.deepEqual(ar(4, [2, 2]).T.tolist(), [[0, 2], [1, 3]]);
  assert.equal(np.array(2.5).tolist(), 2.5);
});

Deno.test("at: integers, slices, negative steps, newaxis, ellipsis (views)", () => {
  const a = ar(24, [2, 3, 4]);
  assert.deepEqual(a.at(1, 0).tolist(), [12, 13, 14, 15]);
  assert.deepEqual(a.at(-1, -1, -1).tolist(), 23);
  assert.deepEqual(a.at("..., ::-1").at(1, 0).tolist(), [15, 14, 13, 12]);
  // a[:, -1:-4:-2, 1] -> [[9, 1], [21, 13]]
  assert.deepEqual(a.at(":, -1:-4:-2, 1").tolist(), [[9, 1], [21, 13]]);
  // a[1:, ::-1][0, 0] -> [20, 21, 22, 23]
  assert.deepEqual(a.at("1:, ::-1").at(0, 0).tolist(), [20, 21, 22, 23]);
  // a[None, 1, ..., 2] -> shape (1, 3), [[14, 18, 22]]
  const n = a.at(null, 1, "...", 2);
  assert.deepEqual(n.shape, [1, 3]);
  assert.deepEqual(n.tolist(), [[14, 18, 22]]);
  assert.deepEqual(a.at("None, ..., None").shape, [1, 2, 3, 4, 1]);
  assert.deepEqual(a.at("5:").shape, [0, 3, 4]);
  assert.deepEqual(a.at(1n, np.array(2, "int64")).tolist(), [20, 21, 22, 23]);
  assert.deepEqual(a.at(tf.constant(1, "int32"), 0, 0).tolist(), 12);
  const v = a.at("::-1, 1");
  assert.equal(v.data, a.data);
  assert.deepEqual(a.at().shape, [2, 3, 4]);
});

Deno.test("at: errors name the method and the bad index", () => {
  const a = ar(6, [2, 3]);
  assertThrows(() => a.at(2), E, "NDArray.at", "index 2 is out of bounds for axis 0 with size 2");
  assertThrows(() => a.at(0, -4), E, "index -4 is out of bounds for axis 1 with size 3");
  assertThrows(() => a.at(0, 0, 0), E, "too many indices for an array", "(2, 3)");
  assertThrows(() => a.at("..., ..."), E, "single ellipsis");
  assertThrows(() => a.at("::0"), E, "slice step cannot be zero");
  assertThrows(() => a.at("1:a"), E, "bad index expression", '"a"');
  assertThrows(() => a.at(0.5), E, "index 0.5 is not an integer");
  assertThrows(() => a.at(np.array([0, 1], "int32")), E, "0-d integer array");
  assertThrows(() => a.at(np.array(1.0)), E, "0-d integer array", "float64");
  assertThrows(() => a.at(undefined as unknown as number), E, "NDArray.at", "undefined");
});

Deno.test("set: through slice views, the base changes (as NumPy)", () => {
  const a = ar(12, [3, 4]);
  const v = a.at("1:, ::-2");
  v.set([], 0);
  assert.deepEqual(a.tolist(), [[0, 1, 2, 3], [4, 0, 6, 0], [8, 0, 10, 0]]);
  const row = a.at(0);
  row.set("1:3", [-1, -2]);
  assert.deepEqual(a.at(0).tolist(), [0, -1, -2, 3]);
  for (const r of a) r.set(0, 7); // iterator views write through too
  assert.deepEqual(a.at(":, 0").tolist(), [7, 7, 7]);
  const z = np.array(1.5);
  z.set([], 2.5);
  assert.equal(z.item(), 2.5);
  z.set("...", 3);
  assert.equal(z.item(), 3);
});

Deno.test("set: broadcasting", () => {
  const a = np.zeros([2, 3], "int32");
  a.set("...", [1, 2, 3]);
  assert.deepEqual(a.tolist(), [[1, 2, 3], [1, 2, 3]]);
  a.set(":, 1", 9);
  assert.deepEqual(a.tolist(), [[1, 9, 3], [1, 9, 3]]);
  a.set([], [[5], [6]]);
  assert.deepEqual(a.tolist(), [[5, 5, 5], [6, 6, 6]]);
  a.set([], np.ones([1, 1, 3], "int32")); // leading length-1 axes are dropped, as NumPy
  assert.deepEqual(a.tolist(), [[1, 1, 1], [1, 1, 1]]);
  a.set([1, "::-1"], tf.constant([1, 2, 3], "int32"));
  assert.deepEqual(a.at(1).tolist(), [3, 2, 1]);
  assertThrows(
    () => a.set([], [1, 2]),
    E,
    "NDArray.set",
    "could not broadcast input array from shape (2,) into shape (2,3)",
  );
  assertThrows(() => a.set(5, 1), E, "NDArray.set", "index 5 is out of bounds");
  // Overlap: the source is read before writing (a[::-1] = a gives the reverse).
  const c = np.arange(5, undefined, 1, "int32");
  c.set("::-1", c);
  assert.deepEqual(c.tolist(), [4, 3, 2, 1, 0]);
});

Deno.test("set: casting as NumPy's setitem", () => {
  const b = np.zeros([4], "int8");
  // b[::-1] = np.array([1, 300.7, -1.5, np.nan]) -> [0, -1, 44, 1] (unsafe cast, NumPy warns)
  b.set("::-1", np.array([1, 300.7, -1.5, NaN]));
  assert.deepEqual(b.tolist(), [0, -1, 44, 1]);
  b.set(":2", np.array([300, -129], "int32")); // arrays wrap: [44, 127]
  assert.deepEqual(b.tolist(), [44, 127, 44, 1]);
  b.set(0, 1.7); // b[0] = 1.7 -> 1; b[1] = -1.7 -> -1
  b.set(1, -1.7);
  assert.deepEqual(b.tolist(), [1, -1, 44, 1]);
  b.set("2:", [true, 2.9]);
  assert.deepEqual(b.tolist(), [1, -1, 1, 2]);
  // Python scalars and lists out of range: OverflowError; NaN: ValueError; inf: OverflowError.
  assertThrows(() => b.set(0, 300), E, "NDArray.set", "300", "int8");
  assertThrows(() => b.set(":2", [300, 1]), E, "NDArray.set", "300");
  assertThrows(() => b.set(0, NaN), E, "NDArray.set", "NaN");
  assertThrows(() => b.set(0, [Infinity]), E, "NDArray.set", "Infinity");
  assertThrows(() => np.zeros([1], "uint8").set(0, -1), E, "-1", "uint8");
  assertThrows(() => b.set(0, "x" as unknown as number), E, "NDArray.set");
  const u = np.zeros([2, 2], "uint8");
  u.set(":, 1", np.array([-1, 257], "int32"));
  assert.deepEqual(u.tolist(), [[0, 255], [0, 1]]);
  const bo = np.zeros([3], "bool");
  bo.set([], [0, 2.5, NaN]);
  assert.deepEqual(bo.tolist(), [false, true, true]);
  const h = np.zeros([2], "float16");
  h.set([], [70000, 1 / 3]);
  assert.deepEqual(h.tolist(), [Infinity, 0.333251953125]);
  const i6 = np.zeros([2], "int64");
  i6.set(0, 2n ** 62n);
  i6.set(1, -7);
  assert.deepEqual(i6.tolist(), [2n ** 62n, -7n]);
  const f = np.zeros([2], "float64");
  f.set([], np.array([1n, 2n])); // int64 -> float64
  assert.deepEqual(f.tolist(), [1, 2]);
});

Deno.test("reductions delegate to np (axis, keepdims)", () => {
  const f = ar(6, [2, 3], "float32");
  assert.deepEqual(f.mean({ axis: 0 }).tolist(), [1.5, 2.5, 3.5]);
  assert.equal(f.mean().dtype, "float32");
  assert.deepEqual(f.max({ axis: 1, keepdims: true }).tolist(), [[2], [5]]);
  assert.equal(f.argmax().item(), 5n);
  assert.equal(f.sum({ axis: [0, 1] }).item(), 15);
  assert.equal(ar(6, [2, 3]).sum().dtype, "int64");
  assert.deepEqual(f.T.min({ axis: 0 }).tolist(), [0, 3]);
  assert.deepEqual(f.argmax({ axis: 0 }).tolist(), [1n, 1n, 1n]);
  assertThrows(() => f.sum({ axis: 2 }), E, "axis 2 is out of bounds");
  assertThrows(() => f.sum({ axis: 0, keepDims: true } as never), E, "NDArray.sum", "keepdims");
});

Deno.test("iterator: views along axis 0; 0-d is an error", () => {
  const a = ar(6, [3, 2]);
  const rows = [...a];
  assert.deepEqual(rows.map((r) => r.tolist()), [[0, 1], [2, 3], [4, 5]]);
  assert.ok(rows.every((r) => r.data === a.data));
  assert.deepEqual([...np.array([1, 2])].map((x) => x.shape), [[], []]);
  assert.deepEqual([...np.zeros([0, 2])], []);
  assertThrows(() => [...np.array(1)], E, "iteration over a 0-d array");
});
