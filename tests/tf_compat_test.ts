// TensorFlow behaviours a TF user relies on without thinking: soft device placement, `ndim`,
// one-element tensors as numbers, 0-d tensors as indices and shape entries, and console.log
// printing the str of a top-level tensor whatever came before it in the call.
import * as assert from "node:assert/strict";
import * as tf from "../mod.ts";
import * as np from "../numpy.ts";
import { assertThrows, runDeno } from "./helpers.ts";

Deno.test("tf.device('GPU:0') without a GPU runs on the CPU, saying so once; off, it is an error", async () => {
  const code = `import * as tf from "./mod.ts";
console.log(tf.device("GPU:0", () => tf.ones([2]).add(1)).device);
console.log(tf.device("/device:GPU:0", () => tf.ones([2])).device);
tf.config.setSoftDevicePlacement(false);
try { tf.device("GPU:0", () => 1); } catch (e) { console.log(e.name); }
tf.config.setSoftDevicePlacement(true);
try { tf.ones([1]).cuda(); } catch (e) { console.log("cuda()", e.name); }`;
  // No kernels library: no GPU here, whatever the machine has.
  const res = await runDeno(["eval", "--ext=ts", code], {
    DENOTENSOR_CUDA_KERNELS: "/nonexistent/libdenotensor_cuda.so",
  });
  assert.deepStrictEqual(res.stdout.trim().split("\n"), [
    "cpu",
    "cpu",
    "InvalidArgumentError",
    "cuda() InvalidArgumentError",
  ]);
  const notes = res.stderr.split("\n").filter((l) => l.includes("runs on the CPU"));
  assert.strictEqual(notes.length, 1, res.stderr);
  assert.match(notes[0], /tf\.device\("GPU:0"\) runs on the CPU: no usable GPU/);
  // An explicit DENOTENSOR_DEVICE=cuda that cannot be honoured stays an error.
  const strict = await runDeno(["eval", "--ext=ts", code], {
    DENOTENSOR_DEVICE: "cuda",
    DENOTENSOR_CUDA_KERNELS: "/nonexistent/libdenotensor_cuda.so",
  });
  assert.notStrictEqual(strict.code, 0);
  assert.match(strict.stderr, /not available/);
  assertThrows(() => tf.config.setSoftDevicePlacement("no" as never), tf.InvalidArgumentError);
});

Deno.test("ndim, and one-element tensors where JavaScript wants a number", () => {
  assert.strictEqual(tf.zeros([2, 3, 4]).ndim, 3);
  assert.strictEqual(tf.constant(1).ndim, 0);
  const s = tf.reduceMean([1, 2]);
  assert.strictEqual(+s, 1.5);
  assert.strictEqual(Number(s) * 2, 3);
  assert.strictEqual(s as unknown as number + 1, 2.5);
  assert.strictEqual(`${s}`, "tf.Tensor(1.5, shape=(), dtype=float32)");
  assert.strictEqual(+tf.constant([7n], "int64"), 7);
  assert.strictEqual(+tf.constant(true), 1);
  const m = tf.constant([1, 2]);
  assert.strictEqual("" + m, m.toString(), "the default hint of a larger tensor gives its str");
  assertThrows(() => Number(m), tf.InvalidArgumentError, "one element", "(2,)");
  assertThrows(
    () => +tf.constant([2n ** 60n], "int64"),
    tf.InvalidArgumentError,
    "1152921504606846976",
  );
});

Deno.test("0-d integer tensors and NDArrays as indices and shape entries", () => {
  const t = tf.reshape(tf.range(6), [3, 2]);
  for (const i of [tf.constant(1, "int32"), tf.constant(1n, "int64"), np.array(1, "int32"), 1n]) {
    assert.deepStrictEqual(t.at(i).tolist(), [2, 3]);
  }
  assert.deepStrictEqual(tf.reshape(t, [tf.constant(2, "int32"), -1]).shape, [2, 3]);
  assert.deepStrictEqual(t.reshape([np.array(6, "int64"), 1]).shape, [6, 1]);
  assertThrows(() => t.at(tf.constant([1], "int32")), tf.InvalidArgumentError, "0-d", "[1]");
  assertThrows(() => t.at(tf.constant(1.5)), tf.InvalidArgumentError, "float32");
  assertThrows(() => tf.reshape(t, [tf.constant(2.5), 3]), tf.InvalidArgumentError, "reshape");
});

Deno.test("console.log prints a top-level tensor's str, whatever precedes it", async () => {
  const code = `import * as tf from "./mod.ts";
const t = tf.constant([1, 2]);
console.log("shape:", t.shape, t);
console.log("x", { a: 1 }, t, [t]);`;
  const res = await runDeno(["eval", "--ext=ts", code]);
  assert.strictEqual(
    res.stdout,
    "shape: [ 2 ] tf.Tensor([1. 2.], shape=(2,), dtype=float32)\n" +
      "x { a: 1 } tf.Tensor([1. 2.], shape=(2,), dtype=float32) [\n" +
      "  <tf.Tensor: shape=(2,), dtype=float32, numpy=array([1., 2.], dtype=float32)>\n]\n",
  );
});
