// Tensors of more than 2^31 and 2^32 elements (slow: gigabytes of memory, seconds per test).
// Sizes, offsets and strides are 64-bit across the native interface; these tests check that
// slices, splits, reverses, reductions, broadcasts and elementwise ops at element offsets of
// 2^31 and 2^32 and beyond give the right answer on whatever device runs them: `deno task test`
// runs this file on the CPU with the native kernels, on the TypeScript kernels alone
// (DENOTENSOR_CPU_KERNELS=none) and on the CUDA backend over the emulation library
// (DENOTENSOR_DEVICE=cuda-emu). The expected values come from the host data itself.
import * as tf from "../mod.ts";
import assert from "node:assert/strict";

const TWO31 = 2 ** 31, TWO32 = 2 ** 32;
const GiB = 2 ** 30;

/** Bytes of memory the system can give now (0 when unknown). */
function available(): number {
  try {
    return Deno.systemMemoryInfo().available;
  } catch {
    return 0;
  }
}

/** The elements of a host array of numbers (not int64). */
function nums(a: ArrayLike<unknown>): number[] {
  return Array.from(a as ArrayLike<number>);
}

/** The value the test data holds at index i of a marked window (never 0). */
function mark(i: number): number {
  return (i * 7 + 3) % 250 + 1;
}

/**
 * A uint8 host array of n elements, zero but for the windows [start, start + len), which hold
 * `mark(i)`, and one 255 at `peak`.
 */
function data(n: number, windows: [number, number][], peak: number): Uint8Array {
  const a = new Uint8Array(n);
  for (const [start, len] of windows) for (let i = start; i < start + len; i++) a[i] = mark(i);
  a[peak] = 255;
  return a;
}

/** The expected elements of [start, start + len) of data(...). */
function expected(
  start: number,
  len: number,
  windows: [number, number][],
  peak: number,
): number[] {
  const out = new Array<number>(len).fill(0);
  for (const [s, l] of windows) {
    for (let i = Math.max(s, start); i < Math.min(s + l, start + len); i++) {
      out[i - start] = mark(i);
    }
  }
  if (peak >= start && peak < start + len) out[peak - start] = 255;
  return out;
}

const device = tf.listDevices().find((d) => d.name === "cuda:0" && d.available) &&
    Deno.env.get("DENOTENSOR_DEVICE")?.startsWith("cuda")
  ? "cuda:0"
  : "cpu";
/**
 * The TypeScript kernels alone take about 10 ns per element: there every whole-tensor reduction
 * is one pass (the native kernels and the emulation run them all).
 */
const typescript = device === "cpu" && tf.config.getCpuKernels().kernels === "typescript";
const label = `[${device}${typescript ? ", TypeScript kernels" : ""}]`;

/** Checks the slices, splits, reverses and elementwise ops of `x` around `at`. */
function around(x: tf.Tensor, at: number, windows: [number, number][], peak: number): void {
  const len = 4000;
  const s = tf.slice(x, [at], [len]);
  const want = expected(at, len, windows, peak);
  assert.deepEqual(nums(s.dataSync()), want, `slice at ${at}`);
  assert.equal(tf.reduceMax(s).item(), Math.max(...want), `reduceMax of the slice at ${at}`);
  assert.equal(tf.argmax(s).item(), want.indexOf(Math.max(...want)), `argmax at ${at}`);
  assert.deepEqual(nums(tf.reverse(s, 0).dataSync()), want.slice().reverse(), "reverse");
  assert.deepEqual(
    nums(s.add(1).dataSync()),
    want.map((v) => (v + 1) % 256),
    `add at ${at}`,
  );
  assert.deepEqual(nums(s.cast("float32").mul(0.5).dataSync()), want.map((v) => v / 2));
  // A strided view starting at the offset: every third element, backwards.
  const step = tf.slice(x, [at], [len]).at("::-3");
  assert.deepEqual(
    nums(step.dataSync()),
    want.filter((_, i) => (len - 1 - i) % 3 === 0).reverse(),
    `strided view at ${at}`,
  );
  // The tail after the offset, from a split.
  const [, tail] = tf.split(x, [at, x.size - at]);
  assert.equal(tail.size, x.size - at);
  assert.equal(
    tf.reduceMax(tf.slice(tail, [0], [len])).item(),
    Math.max(...want),
    "split",
  );
  for (const t of [s, step, tail]) t.dispose();
}

Deno.test({
  name: `large: 2^31 + 4096 uint8 elements: offsets past 2^31, whole reductions ${label}`,
  ignore: available() < 8 * GiB,
  fn() {
    const n = TWO31 + 4096;
    const windows: [number, number][] = [[100, 5000], [TWO31 - 3000, 6000], [n - 800, 800]];
    const peak = TWO31 + 777;
    const x = tf.device(device, () => tf.constant(data(n, windows, peak), "uint8"));
    try {
      tf.device(device, () => {
        around(x, TWO31 + 8, windows, peak);
        around(x, TWO31 - 2000, windows, peak);
        // Rows of a reshape: the reduction's output has 2^19 + 1 entries.
        const rows = tf.reduceMax(x.reshape([n / 4096, 4096]), 1).dataSync();
        assert.equal(rows.length, n / 4096);
        const last = expected(n - 4096, 4096, windows, peak);
        assert.equal(rows[rows.length - 1], Math.max(...last));
        assert.equal(rows[Math.floor(peak / 4096)], 255);
        if (typescript) return;
        assert.equal(tf.reduceMax(x).item(), 255);
        assert.equal(tf.argmax(x, 0, { outputType: "int64" }).item(), BigInt(peak));
        assert.equal(tf.reduceAny(x).item(), true);
        let sum = 255;
        for (const [s, l] of windows) {
          for (let i = s; i < s + l; i++) if (i !== peak) sum += mark(i);
        }
        assert.equal(tf.reduceMean(x).item(), Math.fround(sum / n));
      });
    } finally {
      x.dispose();
    }
  },
});

Deno.test({
  name: `large: a broadcast view of more than 2^31 elements reduces correctly ${label}`,
  fn() {
    tf.device(device, () => {
      const rows = Math.ceil(TWO31 / 3) + 1; // 3 * rows > 2^31
      const b = tf.broadcastTo(tf.constant([[1, 2, 3]], "uint8"), [rows, 3]);
      assert.equal(b.size, 3 * rows);
      assert.deepEqual(nums(tf.reduceMax(b, 0).dataSync()), [1, 2, 3]);
      if (!typescript) assert.equal(tf.reduceMean(b).item(), 2);
      assert.equal(tf.reduceAll(tf.greater(tf.slice(b, [rows - 2, 0], [2, 3]), 0)).item(), true);
    });
  },
});

Deno.test({
  name: `large: conv2d with strides of 2^31 and a slice at 2^31 of a broadcast ${label}`,
  fn() {
    tf.device(device, () => {
      const x = tf.range(1, 5).reshape([1, 1, 4, 1]);
      const f = tf.ones([1, 1, 1, 1]);
      const y = tf.nn.conv2d(x, f, { strides: [1, TWO31, TWO31, 1], padding: "VALID" });
      assert.deepEqual(y.shape, [1, 1, 1, 1]);
      assert.equal(y.item(), 1);
      const z = tf.nn.conv2d(x, f, { strides: [1, 1, TWO31, 1], padding: "SAME" });
      assert.deepEqual(nums(z.dataSync()), [1]);
      const b = tf.broadcastTo(tf.constant([5], "int32"), [TWO31 + 10]);
      assert.deepEqual(nums(tf.slice(b, [TWO31 + 2], [4]).add(1).dataSync()), [6, 6, 6, 6]);
    });
  },
});

Deno.test({
  name: `large: 2^32 + 4096 uint8 elements: offsets past 2^32 ${label}`,
  // The tensor and its host copy need about 8 GiB (a CUDA emulation upload 12 GiB).
  ignore: available() < (device === "cpu" ? 10 : 14) * GiB,
  fn() {
    const n = TWO32 + 4096;
    const windows: [number, number][] = [[TWO32 - 100, 5000], [TWO31 + 50, 100]];
    const peak = TWO32 + 1234;
    const x = tf.device(device, () => tf.constant(data(n, windows, peak), "uint8"));
    try {
      tf.device(device, () => {
        around(x, TWO32 + 16, windows, peak);
        around(x, TWO32 - 50, windows, peak);
        assert.equal(tf.reduceMax(tf.slice(x, [TWO32], [4096])).item(), 255);
      });
    } finally {
      x.dispose();
    }
  },
});

Deno.test("large: sizes beyond 2^53 - 1 are refused with the limit named", () => {
  assert.throws(
    () => tf.broadcastTo(tf.constant([1]), [2 ** 27, 2 ** 27]),
    /more than the limit of 9007199254740991/,
  );
  assert.throws(() => tf.zeros([2 ** 30, 2 ** 30, 16]), /more than the limit/);
});
