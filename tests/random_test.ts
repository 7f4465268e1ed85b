// Philox4x32-10 streams and TensorFlow's seed rules.
import * as tf from "../mod.ts";
import { philox } from "../src/random.ts";
import { assertEquals } from "./helpers.ts";

Deno.test("Philox4x32-10 matches the Random123 known-answer tests", () => {
  const out = new Uint32Array(4);
  const hex = () => [...out].map((x) => x.toString(16).padStart(8, "0"));
  philox(0, 0, 0, 0, 0, 0, out, 0);
  assertEquals(hex(), ["6627e8d5", "e169c58d", "bc57ac4c", "9b00dbd8"]);
  const f = 0xffffffff;
  philox(f, f, f, f, f, f, out, 0);
  assertEquals(hex(), ["408f276d", "41c83b0e", "a20bc7c6", "6d5451fd"]);
  philox(0x243f6a88, 0x85a308d3, 0x13198a2e, 0x03707344, 0xa4093822, 0x299f31d0, out, 0);
  assertEquals(hex(), ["d16cfe09", "94fdcceb", "5001e420", "24126ea1"]);
});

Deno.test("setSeed makes unseeded ops reproducible; repeated calls differ", () => {
  tf.random.setSeed(7);
  const a = tf.random.normal([5]).tolist();
  const b = tf.random.normal([5]).tolist();
  tf.random.setSeed(7);
  assertEquals(tf.random.normal([5]).tolist(), a);
  assertEquals(tf.random.normal([5]).tolist(), b);
  assertEquals(a === b || JSON.stringify(a) === JSON.stringify(b), false);
});

Deno.test("an op seed gives its own stream, advancing per call until setSeed", () => {
  tf.random.setSeed(1);
  const a1 = tf.random.uniform([4], { seed: 3 }).tolist();
  const a2 = tf.random.uniform([4], { seed: 3 }).tolist();
  tf.random.setSeed(1);
  assertEquals(tf.random.uniform([4], { seed: 3 }).tolist(), a1);
  assertEquals(tf.random.uniform([4], { seed: 3 }).tolist(), a2);
  assertEquals(JSON.stringify(a1) === JSON.stringify(a2), false);
});

Deno.test("the first elements of a stream do not depend on the length drawn", () => {
  tf.random.setSeed(5);
  const long = tf.random.normal([9], { seed: 1 }).tolist() as number[];
  tf.random.setSeed(5);
  const short = tf.random.normal([3], { seed: 1 }).tolist() as number[];
  assertEquals(long.slice(0, 3), short);
});

Deno.test("normal and uniform have the right moments and ranges", () => {
  tf.random.setSeed(11);
  const n = tf.random.normal([200000], { mean: 2, stddev: 3, dtype: "float64" });
  const mean = n.mean().item() as number;
  const std = n.reduceStd().item() as number;
  if (Math.abs(mean - 2) > 0.03 || Math.abs(std - 3) > 0.03) {
    throw new Error(`normal moments off: mean ${mean}, std ${std}`);
  }
  const u = tf.random.uniform([100000], { minval: -1, maxval: 3 });
  const lo = u.min().item() as number, hi = u.max().item() as number;
  const um = u.mean().item() as number;
  if (lo < -1 || hi >= 3 || Math.abs(um - 1) > 0.02) {
    throw new Error(`uniform off: [${lo}, ${hi}], mean ${um}`);
  }
  const d = tf.random.uniform([10000], { minval: 1, maxval: 7, dtype: "int32" });
  assertEquals([d.min().item(), d.max().item(), d.dtype], [1, 6, "int32"]);
  const counts = [1, 2, 3, 4, 5, 6].map((v) => tf.equal(d, v).cast("int32").sum().item() as number);
  for (const c of counts) if (Math.abs(c - 10000 / 6) > 150) throw new Error(`counts ${counts}`);
  const h = tf.random.normal([1000], { dtype: "float16" });
  assertEquals(h.dtype, "float16");
});
