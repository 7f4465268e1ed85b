// What is particular to the CUDA backend: the same random bits as the CPU, copies between
// devices, soft placement, the caching allocator, asynchronous reads, bounds errors reported at
// the next synchronisation. Runs where CUDA is available (a GPU, or DENOTENSOR_DEVICE=cuda-emu).
import * as tf from "../mod.ts";
import { assertClose, assertEquals, assertThrows, cudaTest } from "./helpers.ts";

const test = cudaTest;

const onCuda = <T>(fn: () => T): T => tf.device("cuda", fn);
const onCpu = <T>(fn: () => T): T => tf.device("cpu", fn);

test("tensors made under tf.device('cuda') live on cuda:0", () => {
  const t = onCuda(() => tf.ones([2, 2]).add(1));
  assertEquals(t.device, "cuda:0");
  assertEquals(t.tolist(), [[2, 2], [2, 2]]);
});

test("the same seed gives the same random bits on the CPU and on CUDA", () => {
  for (const dtype of ["float32", "float64", "int32"] as const) {
    const opts = dtype === "int32" ? { maxval: 1000, dtype } : { dtype };
    tf.random.setSeed(9);
    const a = onCpu(() => tf.random.uniform([1001], opts)).dataSync();
    tf.random.setSeed(9);
    const b = onCuda(() => tf.random.uniform([1001], opts)).dataSync();
    assertEquals(b, a, `uniform ${dtype}`);
  }
  for (const dtype of ["float32", "float64"] as const) {
    tf.random.setSeed(4);
    const a = onCpu(() => tf.random.normal([999], { dtype })).dataSync() as Float64Array;
    tf.random.setSeed(4);
    const b = onCuda(() => tf.random.normal([999], { dtype })).dataSync() as Float64Array;
    assertClose(b, a, dtype === "float32" ? 1.2e-7 : 1e-15, 1e-7);
  }
});

test("to(), cpu() and cuda() copy every dtype both ways", () => {
  const values = [0, 1, 2, 3, 250];
  for (const dtype of tf.DTYPES) {
    const host = dtype === "int64"
      ? tf.constant(values.map(BigInt), "int64")
      : dtype === "bool"
      ? tf.constant(values.map((v) => v % 2 === 1))
      : tf.constant(values, dtype);
    const dev = host.cuda();
    assertEquals(dev.device, "cuda:0");
    const back = dev.cpu();
    assertEquals(back.device, "cpu");
    assertEquals(back.tolist(), host.tolist(), dtype);
    assertEquals(dev.to("GPU:0").device, "cuda:0");
  }
});

test("an op on CUDA copies CPU inputs over", () => {
  const a = onCpu(() => tf.constant([1, 2, 3]));
  const y = onCuda(() => a.mul(2));
  assertEquals([y.device, y.tolist()], ["cuda:0", [2, 4, 6]]);
});

test("float16 runs on the CPU with copies (soft placement), counted in tf.memory()", () => {
  const before = tf.memory().devices["cuda:0"].softPlacedOps ?? 0;
  const y = onCuda(() => tf.constant([1, 2, 3], "float16").add(0.5));
  assertEquals([y.device, y.dtype, y.tolist()], ["cuda:0", "float16", [1.5, 2.5, 3.5]]);
  const after = tf.memory().devices["cuda:0"].softPlacedOps;
  if (!(after > before)) throw new Error(`softPlacedOps ${before} -> ${after}`);
});

test("the caching allocator reuses blocks and empties on request", () => {
  const step = () =>
    onCuda(() =>
      tf.tidy(() => {
        tf.zeros([1000]).add(1);
      })
    );
  step();
  const before = tf.memory().devices["cuda:0"];
  for (let i = 0; i < 50; i++) step();
  const after = tf.memory().devices["cuda:0"];
  assertEquals(after.deviceAllocs, before.deviceAllocs, "no device allocation per op");
  if (!(after.cacheHits > before.cacheHits)) throw new Error("no cache hits");
  // A tensor of its own segment (over 10 MiB): disposed, it is cached; emptyCache gives it back.
  onCuda(() => tf.zeros([4 * 2 ** 20])).dispose();
  const cached = tf.memory().devices["cuda:0"];
  tf.emptyCache();
  const emptied = tf.memory().devices["cuda:0"];
  assertEquals(cached.bytesReserved - emptied.bytesReserved >= 16 * 2 ** 20, true);
  assertEquals(emptied.bytesReserved - emptied.bytesInUse, emptied.bytesCached);
});

test("await data() reads without blocking and keeps the memory alive", async () => {
  const t = onCuda(() => tf.range(0, 10000));
  const p = t.data();
  t.dispose();
  const d = await p;
  assertEquals([d.length, d[9999]], [10000, 9999]);
});

test("an out-of-range gather index surfaces at the next synchronisation", () => {
  const idx = onCuda(() => tf.constant([0, 7], "int32"));
  const y = onCuda(() => tf.gather(tf.ones([3]), idx)); // no host sync here
  assertThrows(() => y.dataSync(), tf.InvalidArgumentError, "index 7", "[0, 3)");
  assertEquals(onCuda(() => tf.ones([2]).add(1)).tolist(), [2, 2], "still works afterwards");
});

test("the bounds flag comes with the data of an async read, and a later read is clean", async () => {
  const idx = onCuda(() => tf.constant([5, 0], "int32"));
  const y = onCuda(() => tf.gather(tf.ones([3]), idx));
  let err: unknown = null;
  try {
    await y.data();
  } catch (e) {
    err = e;
  }
  if (!(err instanceof tf.InvalidArgumentError) || !/index 5/.test(err.message)) {
    throw new Error(`expected the index error from await data(), got ${err}`);
  }
  assertEquals(await onCuda(() => tf.ones([2])).data(), new Float32Array([1, 1]));
});

test("sparse cross-entropy checks its labels on the device, without a download", () => {
  const logits = onCuda(() => tf.constant([[1, 2, 3], [1, 1, 1]]));
  const good = onCuda(() =>
    tf.nn.sparseSoftmaxCrossEntropyWithLogits({
      labels: tf.constant([2, 0], "int32"),
      logits,
    })
  );
  const want = onCpu(() =>
    tf.nn.sparseSoftmaxCrossEntropyWithLogits({
      labels: tf.constant([2, 0], "int32"),
      logits: tf.constant([[1, 2, 3], [1, 1, 1]]),
    })
  );
  assertClose(good.dataSync() as Float32Array, want.dataSync() as Float32Array, 1e-6, 1e-6);
  const bad = onCuda(() =>
    tf.nn.sparseSoftmaxCrossEntropyWithLogits({
      labels: tf.constant([3, 0], "int32"),
      logits,
    })
  ); // no host sync here: the gather's bounds flag reports it at the next read
  assertThrows(() => bad.dataSync(), tf.InvalidArgumentError, "out of range");
});

test("matmul on CUDA matches the CPU (float32, float64, int32, transposes, batches)", () => {
  tf.random.setSeed(2);
  for (const dtype of ["float32", "float64"] as const) {
    const a = onCpu(() => tf.random.normal([3, 17, 33], { dtype }));
    const b = onCpu(() => tf.random.normal([33, 9], { dtype }));
    const want = onCpu(() => tf.matmul(a, b)).dataSync() as Float64Array;
    const got = onCuda(() => tf.matmul(a, b)).dataSync() as Float64Array;
    assertClose(got, want, 1e-4, 1e-4);
    const wantT = onCpu(() => tf.matmul(b, a.at(0), { transposeA: true, transposeB: true }));
    const gotT = onCuda(() => tf.matmul(b, a.at(0), { transposeA: true, transposeB: true }));
    assertClose(gotT.dataSync() as Float64Array, wantT.dataSync() as Float64Array, 1e-4, 1e-4);
  }
  const ai = tf.constant([[1, 2], [3, 4]], "int32");
  assertEquals(onCuda(() => tf.matmul(ai, ai)).tolist(), [[7, 10], [15, 22]]);
});

test("TF32 can be switched on and off", () => {
  tf.config.setTf32Enabled(true);
  assertEquals(tf.config.getTf32Enabled(), true);
  tf.config.setTf32Enabled(false);
  assertEquals(tf.config.getTf32Enabled(), false);
});

test("a training loop on CUDA keeps tf.memory() flat", () => {
  onCuda(() => {
    tf.random.setSeed(5);
    const x = tf.random.normal([256]);
    const y = x.mul(3).add(2);
    const w = new tf.Variable(0.0), b = new tf.Variable(0.0);
    const opt = new tf.keras.optimizers.SGD({ learningRate: 0.1 });
    const step = () =>
      tf.tidy(() => {
        using tape = new tf.GradientTape();
        const loss = tf.reduceMean(tf.square(x.mul(w).add(b).sub(y)));
        const [gw, gb] = tape.gradient(loss, [w, b]);
        opt.applyGradients([[gw, w], [gb, b]]);
      });
    step();
    const before = tf.memory();
    for (let i = 0; i < 300; i++) step();
    const after = tf.memory();
    assertEquals([after.numTensors, after.numBytes], [before.numTensors, before.numBytes]);
    assertClose([w.item() as number, b.item() as number], [3, 2], 1e-3, 1e-3);
  });
});
