// Tensor metadata, data access (always copies), printing wrappers, iteration and views.
import * as tf from "../mod.ts";
import * as np from "../numpy.ts";
import { assertEquals, assertThrows } from "./helpers.ts";

Deno.test("str and repr follow TensorFlow around NumPy's text", () => {
  assertEquals(String(tf.constant(2)), "tf.Tensor(2.0, shape=(), dtype=float32)");
  assertEquals(String(tf.constant(true)), "tf.Tensor(True, shape=(), dtype=bool)");
  assertEquals(String(tf.constant(7n)), "tf.Tensor(7, shape=(), dtype=int64)");
  assertEquals(String(tf.constant([1, 2])), "tf.Tensor([1. 2.], shape=(2,), dtype=float32)");
  assertEquals(
    String(tf.constant([[1, 2], [3, 4]])),
    "tf.Tensor(\n[[1. 2.]\n [3. 4.]], shape=(2, 2), dtype=float32)",
  );
  assertEquals(String(tf.zeros([0, 3])), "tf.Tensor([], shape=(0, 3), dtype=float32)");
  assertEquals(tf.constant(2).repr(), "<tf.Tensor: shape=(), dtype=float32, numpy=2.0>");
  assertEquals(
    tf.constant([[1, 2], [3, 4]], "int32").repr(),
    "<tf.Tensor: shape=(2, 2), dtype=int32, numpy=\narray([[1, 2],\n       [3, 4]], dtype=int32)>",
  );
  assertEquals(
    tf.constant([1, 2], "float64").repr(),
    "<tf.Tensor: shape=(2,), dtype=float64, numpy=array([1., 2.])>",
  );
});

Deno.test("console.log prints str at top level and repr when nested", () => {
  const t = tf.constant(2);
  assertEquals(Deno.inspect(t), "tf.Tensor(2.0, shape=(), dtype=float32)");
  assertEquals(Deno.inspect([t]), "[ <tf.Tensor: shape=(), dtype=float32, numpy=2.0> ]");
  assertEquals(
    Deno.inspect({ w: t }),
    "{ w: <tf.Tensor: shape=(), dtype=float32, numpy=2.0> }",
  );
  assertEquals(Deno.inspect(tf.constant([[1, 2]], "int32").numpy()), "[[1 2]]");
});

Deno.test("metadata", () => {
  const t = tf.zeros([2, 3, 4], "int32");
  assertEquals([t.shape, t.rank, t.size, t.dtype, t.device], [[2, 3, 4], 3, 24, "int32", "cpu"]);
  assertEquals(tf.constant(1).rank, 0);
});

Deno.test("creation dtypes follow API.md", () => {
  assertEquals(tf.constant(1).dtype, "float32");
  assertEquals(tf.constant([true]).dtype, "bool");
  assertEquals(tf.constant([1n]).dtype, "int64");
  assertEquals(tf.constant(new Int8Array(2)).dtype, "int32");
  assertEquals(tf.constant(new Int16Array(2)).dtype, "int32");
  assertEquals(tf.constant(new Uint16Array(2)).dtype, "int32");
  assertEquals(tf.constant(new Uint32Array([4294967295])).tolist(), [4294967295n]);
  assertEquals(tf.constant(new Uint8Array(2)).dtype, "uint8");
  assertEquals(tf.constant(new Float64Array(2)).dtype, "float64");
  assertEquals(tf.constant(new Float16Array(2)).dtype, "float16");
  assertEquals(tf.constant(new BigInt64Array(2)).dtype, "int64");
  assertEquals(tf.range(3).dtype, "float32");
  assertEquals(tf.linspace(0, 1, 3).dtype, "float32");
  assertEquals(tf.constant(np.array([1, 2], "int32")).dtype, "int32");
  assertEquals(tf.constant(np.array([1, 2], "int16")).dtype, "int32");
});

Deno.test("a tensor never changes: inputs and outputs are copies", () => {
  const src = new Float32Array([1, 2, 3]);
  const t = tf.constant(src);
  src[0] = 100;
  assertEquals(t.tolist(), [1, 2, 3]);
  const d = t.dataSync();
  d[1] = 100;
  assertEquals(t.tolist(), [1, 2, 3]);
  const n = t.numpy();
  (n.data as Float32Array)[2] = 100;
  assertEquals(t.tolist(), [1, 2, 3]);
  const nd = np.array([1, 2]);
  const u = tf.constant(nd);
  (nd.data as Float64Array)[0] = 9;
  assertEquals(u.tolist(), [1, 2]);
});

Deno.test("data access: dataSync, data, numpy, tolist, item", async () => {
  const t = tf.constant([[1, 2], [3, 4]], "int32");
  assertEquals(t.dataSync(), new Int32Array([1, 2, 3, 4]));
  assertEquals(await t.data(), new Int32Array([1, 2, 3, 4]));
  assertEquals(t.transpose().dataSync(), new Int32Array([1, 3, 2, 4]));
  assertEquals(t.tolist(), [[1, 2], [3, 4]]);
  assertEquals(t.numpy().shape, [2, 2]);
  assertEquals(t.numpy().dtype, "int32");
  assertEquals(tf.constant([true, false]).tolist(), [true, false]);
  assertEquals(tf.constant([[5n]]).item(), 5n);
  assertEquals(tf.constant([[true]]).item(), true);
  assertEquals(tf.constant(2.5).tolist(), 2.5);
  assertEquals(tf.zeros([2, 0]).tolist(), [[], []]);
});

Deno.test("iteration yields sub-tensors along axis 0", () => {
  const rows = [...tf.constant([[1, 2], [3, 4]])].map((r) => r.tolist());
  assertEquals(rows, [[1, 2], [3, 4]]);
  assertEquals([...tf.zeros([0, 2])].length, 0);
});

Deno.test("views share storage; reshape copies only when the strides need it", () => {
  const t = tf.reshape(tf.range(12), [3, 4]);
  assertEquals(t.transpose().storage, t.storage);
  assertEquals(t.reshape([4, 3]).storage, t.storage);
  assertEquals(t.at("::2").storage, t.storage);
  assertEquals(t.expandDims(0).storage, t.storage);
  assertEquals(t.broadcastTo([2, 3, 4]).storage, t.storage);
  assertEquals(t.at(":, 1").reshape([3, 1]).storage, t.storage);
  const tt = t.transpose();
  const flat = tt.reshape([12]);
  assertEquals(flat.storage === t.storage, false, "a transpose cannot be flattened without a copy");
  assertEquals(flat.tolist(), [0, 4, 8, 1, 5, 9, 2, 6, 10, 3, 7, 11]);
  assertEquals(t.at("::-1", "::2").tolist(), [[8, 10], [4, 6], [0, 2]]);
  assertEquals(t.at("::2").reshape([-1]).tolist(), [0, 1, 2, 3, 8, 9, 10, 11]);
});

Deno.test("binary ops take JS scalars by value", () => {
  const x = tf.constant([1, 2], "int32");
  assertEquals(x.mul(3).dtype, "int32");
  assertEquals(tf.sub(10, x).tolist(), [9, 8]);
  assertEquals(tf.div(1, tf.constant([2, 4])).tolist(), [0.5, 0.25]);
  assertEquals(tf.add(1, 2).dtype, "float32");
});

Deno.test("new tf.Tensor(...) is internal: it refuses to build a view outside its storage", () => {
  const t = tf.zeros([4096]);
  assertThrows(
    () => new tf.Tensor(t.storage, [4_000_000], [1], 0, 4_000_000),
    tf.FailedPreconditionError,
    "new tf.Tensor(...) is internal",
    "tf.constant",
  );
  assertEquals(t.add(1).sum().item(), 4096, "the library still makes tensors");
});

Deno.test("data() of a disposed tensor is a rejected promise, not a synchronous throw", async () => {
  const t = tf.ones([3]);
  t.dispose();
  let sync = false;
  let p: Promise<unknown> | null = null;
  try {
    p = t.data();
  } catch {
    sync = true;
  }
  assertEquals(sync, false);
  let caught: unknown = null;
  await p!.catch((e) => caught = e);
  assertEquals(caught instanceof tf.FailedPreconditionError, true);
});
