// dispose, using, tidy, keep and tf.memory().
import * as tf from "../mod.ts";
import { assertEquals, assertThrows } from "./helpers.ts";

Deno.test("dispose frees a tensor once and tf.memory counts it", () => {
  const before = tf.memory();
  const t = tf.ones([10]);
  assertEquals(tf.memory().numTensors, before.numTensors + 1);
  assertEquals(tf.memory().numBytes, before.numBytes + 40);
  t.dispose();
  t.dispose();
  assertEquals(tf.memory().numTensors, before.numTensors);
  assertEquals(tf.memory().numBytes, before.numBytes);
  assertEquals(tf.memory().devices.cpu.numTensors, before.devices.cpu.numTensors);
});

Deno.test("views share bytes: the storage is freed with its last tensor", () => {
  const before = tf.memory().numBytes;
  const t = tf.ones([4]);
  const v = t.reshape([2, 2]);
  assertEquals(tf.memory().numBytes, before + 16);
  t.dispose();
  assertEquals(tf.memory().numBytes, before + 16);
  assertEquals(v.tolist(), [[1, 1], [1, 1]]);
  v.dispose();
  assertEquals(tf.memory().numBytes, before);
});

Deno.test("using disposes at the end of the block", () => {
  let seen: tf.Tensor;
  {
    using t = tf.ones([3]);
    seen = t;
    assertEquals(t.disposed, false);
  }
  assertEquals(seen.disposed, true);
});

Deno.test("tidy frees intermediates and keeps results, kept tensors and nesting", () => {
  const before = tf.memory().numTensors;
  let kept!: tf.Tensor;
  const result = tf.tidy(() => {
    const a = tf.ones([2]);
    const b = a.mul(2);
    kept = tf.keep(b.add(1));
    const inner = tf.tidy(() => b.add(a).sub(1));
    return { sum: inner.add(b), list: [b] };
  });
  assertEquals(result.sum.tolist(), [4, 4]);
  assertEquals(result.list[0].tolist(), [2, 2]);
  assertEquals(kept.tolist(), [3, 3]);
  assertEquals(tf.memory().numTensors, before + 3);
  for (const t of [result.sum, result.list[0], kept]) t.dispose();
  assertEquals(tf.memory().numTensors, before);
});

Deno.test("tidy disposes its tensors when fn throws or returns a Promise", () => {
  const before = tf.memory().numTensors;
  try {
    tf.tidy(() => {
      tf.ones([2]).add(1);
      throw new Error("boom");
    });
  } catch (e) {
    assertEquals((e as Error).message, "boom");
  }
  assertEquals(tf.memory().numTensors, before);
  try {
    tf.tidy(() => Promise.resolve(tf.ones([2])));
  } catch (e) {
    assertEquals(e instanceof tf.InvalidArgumentError, true);
  }
  assertEquals(tf.memory().numTensors, before);
});

Deno.test("a loop inside tidy keeps tf.memory flat", () => {
  const x = tf.ones([100]);
  const before = tf.memory();
  for (let i = 0; i < 1000; i++) {
    tf.tidy(() => x.mul(2).add(1).reduceSum().item());
  }
  assertEquals(tf.memory(), before);
});

Deno.test("constant with a shape leaves only its result counted (reshape, fill, error)", () => {
  const base = tf.memory().numTensors;
  const a = tf.constant([1, 2, 3, 4], "float32", [2, 2]);
  const s = tf.constant(5, "int32", [3]);
  assertThrows(() => tf.constant([1, 2, 3], "float32", [2, 2]), tf.InvalidArgumentError);
  assertEquals(tf.memory().numTensors, base + 2);
  a.dispose(), s.dispose();
  assertEquals(tf.memory().numTensors, base);
});
