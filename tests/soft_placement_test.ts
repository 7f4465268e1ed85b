// No silent soft placement: on the CUDA backend (here over the emulation library, which runs the
// same dispatch), every op of every family on every dtype but float16 must run on a device
// kernel. The only ops allowed to run on the CPU are float16 ones (no device kernels by design)
// and the host-run ops named in HOST_RUN with the reason. DENOTENSOR_SOFT_PLACEMENT=warn|error
// makes a fallback visible or forbidden, and tf.memory() counts it.
import * as tf from "../mod.ts";
import assert from "node:assert/strict";
import { BINARY_OPS, REDUCE_OPS, UNARY_OPS } from "../src/ops/op_ids.ts";
import { type DType, DTYPES } from "../src/dtype.ts";
import { InvalidArgumentError } from "../src/errors.ts";

const cuda = tf.listDevices().some((d) => d.name === "cuda:0" && d.available);

/** Ops that run on the host by design, whatever the device, and why. */
const HOST_RUN: Record<string, string> = {
  "linalg.inv": "LU factorisation on the host (no device solver yet)",
  "linalg.det": "LU factorisation on the host",
  "linalg.solve": "LU factorisation on the host",
  "norm": "the spectral norm's power iteration runs on the host",
  "sort": "sorting runs on the host (no device sort yet)",
  "argsort": "sorting runs on the host",
  "topk": "sorting runs on the host",
  "random.truncatedNormal": "rejection sampling on the host",
};

type Fn = (...args: unknown[]) => tf.Tensor;
/** The public functions by name: tf.* first, then tf.nn.* (relu lives there). */
const api = new Proxy({} as Record<string, Fn>, {
  get: (_, name: string) =>
    (tf as unknown as Record<string, Fn>)[name] ?? (tf.nn as unknown as Record<string, Fn>)[name],
});

/** Runs `f`; an InvalidArgumentError (an op not defined for a dtype) is not a placement. */
function attempt(f: () => unknown): void {
  try {
    f();
  } catch (e) {
    if (!(e instanceof InvalidArgumentError)) throw e;
  }
}

Deno.test({
  name: "soft placement: every family op on every dtype runs on a CUDA kernel (cuda-emu)",
  ignore: !cuda,
  fn() {
    tf.device("cuda", () => {
      const before = new Map(tf.config.getSoftPlacements().map((s) => [`${s.op} ${s.dtype}`, s]));
      const kernelDtypes = DTYPES.filter((d): d is DType => d !== "float16");
      for (const dtype of kernelDtypes) {
        const x = tf.constant([0, 1, 2, 3, 4, 5], dtype, [2, 3]);
        const y = tf.constant([1, 1, 3, 2, 5, 0], dtype, [2, 3]);
        for (const name of UNARY_OPS) attempt(() => api[name](x));
        for (const name of BINARY_OPS) {
          attempt(() => api[name](x, y));
          attempt(() => api[name](x, 2));
          attempt(() => api[name](3, y));
          attempt(() => api[name](x.transpose(), y.transpose())); // strided
          attempt(() => api[name](x, tf.slice(y, [0, 0], [1, 3]))); // broadcast
        }
        for (const name of REDUCE_OPS) {
          const f = api[`reduce${name[0].toUpperCase()}${name.slice(1)}`];
          attempt(() => f(x));
          attempt(() => f(x, 0));
          attempt(() => f(x.transpose(), 1));
        }
        attempt(() => tf.argmax(x, 1));
        attempt(() => tf.argmin(x.transpose(), 0));
        attempt(() => tf.cumsum(x, 1));
        attempt(() => tf.cast(x, "float32"));
        attempt(() => tf.cast(tf.cast(x, "float32"), dtype));
        attempt(() => tf.where(tf.greater(x, 1), x, y));
        attempt(() => tf.matmul(x, y.transpose()));
        attempt(() => tf.gather(x, [1, 0, 1], 1));
        attempt(() => tf.concat([x, y], 0));
        attempt(() => tf.reverse(x, 1));
        attempt(() => tf.tile(x, [2, 1]));
        attempt(() => tf.pad(x, [[1, 1], [0, 2]]));
        attempt(() => tf.pad(x, [[1, 1], [1, 1]], "REFLECT"));
        attempt(() => tf.transpose(x).add(0));
        attempt(() => tf.zerosLike(x));
        attempt(() => tf.fill([3], 2, dtype));
        attempt(() => tf.range(0, 5, 1, dtype));
        attempt(() => tf.oneHot(tf.constant([0, 2], "int32"), 3));
        attempt(() => tf.clipByValue(x, 1, 3));
      }
      const f = tf.ones([1, 5, 5, 2]);
      attempt(() => tf.nn.conv2d(f, tf.ones([3, 3, 2, 4]), { padding: "SAME" }));
      attempt(() => tf.nn.maxPool2d(f, 2, 2, "VALID"));
      attempt(() => tf.nn.avgPool2d(f, 2, 1, "SAME"));
      attempt(() => tf.nn.softmax(tf.ones([2, 3])));
      attempt(() => tf.random.uniform([10]));
      attempt(() => tf.random.normal([10], { dtype: "float64" }));
      attempt(() => tf.random.uniform([10], { maxval: 9, dtype: "int32" }));
      // Gradients run on the device too.
      const w = new tf.Variable(tf.ones([3, 2]));
      const tape = new tf.GradientTape();
      const loss = tf.reduceSum(tf.nn.relu(tf.matmul(tf.ones([4, 3]), w)).square());
      attempt(() => tape.gradient(loss, w));
      const wrong = tf.config.getSoftPlacements().filter((s) => {
        const old = before.get(`${s.op} ${s.dtype}`);
        return (old === undefined || old.count < s.count) && s.dtype !== "float16" &&
          !(s.op in HOST_RUN);
      });
      assert.deepEqual(
        wrong.map((s) => `${s.op} (${s.dtype}): ${s.reason}`),
        [],
        "ops that ran on the CPU instead of the CUDA kernels",
      );
    });
  },
});

async function runScript(env: Record<string, string>): Promise<{ code: number; err: string }> {
  const mod = JSON.stringify(new URL("../mod.ts", import.meta.url).href);
  const script = `import * as tf from ${mod};
const h = tf.device("cpu", () => tf.ones([3], "float16"));
const y = tf.device("cuda", () => tf.add(h, 1));
console.log(y.dataSync()[0], tf.memory().devices["cuda:0"].softPlacedOps);`;
  const res = await new Deno.Command(Deno.execPath(), {
    args: ["eval", script],
    env: { DENOTENSOR_DEVICE: "cuda-emu", ...env },
    stdout: "piped",
    stderr: "piped",
  }).output();
  const dec = new TextDecoder();
  return { code: res.code, err: dec.decode(res.stdout) + dec.decode(res.stderr) };
}

Deno.test({
  name: "soft placement: DENOTENSOR_SOFT_PLACEMENT=warn warns once, =error refuses (cuda-emu)",
  ignore: !cuda,
  async fn() {
    const quiet = await runScript({});
    assert.equal(quiet.code, 0, quiet.err);
    assert.match(quiet.err, /^2 1\n/); // the add: float16 has no CUDA kernels
    assert.doesNotMatch(quiet.err, /runs on the CPU/);
    const warn = await runScript({ DENOTENSOR_SOFT_PLACEMENT: "warn" });
    assert.equal(warn.code, 0, warn.err);
    assert.match(warn.err, /add \(float16\) runs on the CPU instead of cuda:0/);
    const error = await runScript({ DENOTENSOR_SOFT_PLACEMENT: "error" });
    assert.notEqual(error.code, 0);
    assert.match(
      error.err,
      /UnimplementedError: add \(float16\) runs on the CPU instead of cuda:0/,
    );
    assert.match(error.err, /DENOTENSOR_SOFT_PLACEMENT=error forbids/);
  },
});
