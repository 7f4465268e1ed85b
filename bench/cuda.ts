// `deno task bench:cuda`: the GPU benchmark. Runs each workload on the CUDA backend and, in the
// same run, in PyTorch when python3 can import torch with CUDA; prints a table and writes
// bench/results/cuda-<gpu>.json. Every timed region ends with a device synchronisation.
//   deno run -A bench/cuda.ts [--quick] [--out file.json]
import * as tf from "../mod.ts";
import { loadedCuda as backend } from "../src/device.ts";

const quick = Deno.args.includes("--quick");
const outArg = Deno.args.indexOf("--out");
const N_ADD = quick ? 1e5 : 1e8;
const N_MM = quick ? 64 : 4096;
const N_RED = quick ? 1e5 : 1e7;
const N_SCAN = quick ? 1e4 : 1e6;
const N_EMB = quick ? 1e4 : 1e6;

function time(fn: () => void, minRuns = 5, minMs = 500): number {
  fn();
  tf.synchronize();
  const runs: number[] = [];
  const start = performance.now();
  while (runs.length < minRuns || (performance.now() - start < minMs && runs.length < 100)) {
    const t0 = performance.now();
    fn();
    tf.synchronize();
    runs.push((performance.now() - t0) / 1000);
  }
  runs.sort((a, b) => a - b);
  return runs[runs.length >> 1];
}

interface Row {
  id: string;
  unit: string;
  ours: number;
  torch?: number;
  note?: string;
}

function ours(): Row[] {
  const rows: Row[] = [];
  tf.device("cuda", () => {
    const cuda = backend();
    if (cuda === null) throw new Error("no CUDA backend");
    tf.random.setSeed(0);
    const a = tf.random.normal([N_ADD]);
    const b = tf.random.normal([N_ADD]);
    const c = tf.zeros([N_ADD]);
    const tAdd = time(() => tf.tidy(() => void tf.add(a, b)));
    rows.push({ id: "add_1e8_f32", unit: "GB/s", ours: (3 * 4 * N_ADD) / tAdd / 1e9 });
    const tCopy = time(() => cuda.memcpy(a, c));
    rows.push({ id: "device_copy_1e8_f32", unit: "GB/s", ours: (2 * 4 * N_ADD) / tCopy / 1e9 });
    const ma = tf.random.normal([N_MM, N_MM]);
    const mb = tf.random.normal([N_MM, N_MM]);
    const flops = 2 * N_MM ** 3;
    tf.config.setTf32Enabled(false);
    const tMm = time(() => tf.tidy(() => void tf.matmul(ma, mb)));
    rows.push({ id: "matmul_4096_f32", unit: "TFLOP/s", ours: flops / tMm / 1e12 });
    tf.config.setTf32Enabled(true);
    const tTf = time(() => tf.tidy(() => void tf.matmul(ma, mb)));
    tf.config.setTf32Enabled(false);
    rows.push({ id: "matmul_4096_tf32", unit: "TFLOP/s", ours: flops / tTf / 1e12 });
    const s1 = tf.ones([2, 2]), s2 = tf.ones([2, 2]);
    const reps = quick ? 200 : 10000;
    const tSmall = time(
      () => {
        tf.tidy(() => {
          for (let i = 0; i < reps; i++) tf.add(s1, s2);
        });
      },
      3,
      200,
    );
    rows.push({ id: "add_2x2_latency", unit: "us/op", ours: (tSmall / reps) * 1e6 });
    const lx = tf.random.normal([2000]);
    const ly = lx.mul(3).add(2).add(tf.random.normal([2000]));
    const tLin = time(
      () => {
        const w = new tf.Variable(5.0), bb = new tf.Variable(10.0);
        const opt = new tf.keras.optimizers.SGD({ learningRate: 0.01 });
        for (let i = 0; i < 300; i++) {
          tf.tidy(() => {
            using tape = new tf.GradientTape();
            const loss = tf.reduceMean(tf.square(lx.mul(w).add(bb).sub(ly)));
            const [gw, gb] = tape.gradient(loss, [w, bb]);
            opt.applyGradients([[gw, w], [gb, bb]]);
          });
        }
        w.item();
        w.dispose();
        bb.dispose();
      },
      3,
      200,
    );
    rows.push({ id: "seed_loop_300_steps", unit: "ms", ours: tLin * 1e3 });
    const x = tf.random.normal([256, 784]);
    const labels = tf.random.uniform([256], { maxval: 10, dtype: "int32" });
    const w1 = new tf.Variable(tf.random.normal([784, 256], { stddev: Math.sqrt(2 / 784) }));
    const b1 = new tf.Variable(tf.zeros([256]));
    const w2 = new tf.Variable(tf.random.normal([256, 10], { stddev: Math.sqrt(2 / 256) }));
    const b2 = new tf.Variable(tf.zeros([10]));
    const opt = new tf.keras.optimizers.SGD({ learningRate: 0.01 });
    const tMlp = time(
      () => {
        tf.tidy(() => {
          using tape = new tf.GradientTape();
          const h = tf.nn.relu(tf.matmul(x, w1).add(b1));
          const logits = tf.matmul(h, w2).add(b2);
          const loss = tf.reduceMean(
            tf.nn.sparseSoftmaxCrossEntropyWithLogits({ labels, logits }),
          );
          const g = tape.gradient(loss, [w1, b1, w2, b2]);
          opt.applyGradients([[g[0], w1], [g[1], b1], [g[2], w2], [g[3], b2]]);
          loss.item();
        });
      },
      5,
      300,
    );
    rows.push({ id: "mlp_step_256x784_256_10", unit: "ms/step", ours: tMlp * 1e3 });
    // The parallel reductions, scan and scatter-add (issue 12): each was one SM or one thread.
    const r = tf.random.normal([N_RED]);
    const tSum = time(() => tf.tidy(() => void tf.reduceSum(r)));
    rows.push({ id: "sum_1e7_f32", unit: "GB/s", ours: (4 * N_RED) / tSum / 1e9 });
    const sm = tf.random.normal([8192, 512]);
    const tSm = time(() => tf.tidy(() => void tf.nn.softmax(sm)));
    rows.push({ id: "softmax_8192x512_f32", unit: "ms", ours: tSm * 1e3 });
    const cs = tf.random.normal([N_SCAN]);
    const tScan = time(() => tf.tidy(() => void tf.cumsum(cs)));
    rows.push({ id: "cumsum_1e6_f32", unit: "ms", ours: tScan * 1e3 });
    const table = new tf.Variable(tf.random.normal([50000, 64]));
    const ids = tf.random.uniform([N_EMB], { maxval: 50000, dtype: "int32" });
    const tEmb = time(() =>
      tf.tidy(() => {
        using tape = new tf.GradientTape();
        const loss = tf.reduceSum(tf.gather(table, ids));
        void tape.gradient(loss, [table]);
      })
    );
    rows.push({ id: "embedding_grad_1e6_x64", unit: "ms", ours: tEmb * 1e3 });
  });
  return rows;
}

async function torch(): Promise<{ gpu: string; results: Record<string, number> } | null> {
  const script = new URL("torch_cuda.py", import.meta.url).pathname;
  try {
    const out = await new Deno.Command("python3", {
      args: [script, ...(quick ? ["--quick"] : [])],
      stdout: "piped",
      stderr: "piped",
    }).output();
    if (!out.success) {
      console.error(
        `PyTorch side skipped: ${new TextDecoder().decode(out.stderr).trim().split("\n").pop()}`,
      );
      return null;
    }
    return JSON.parse(new TextDecoder().decode(out.stdout));
  } catch (e) {
    console.error(`PyTorch side skipped: ${(e as Error).message}`);
    return null;
  }
}

const device = tf.listDevices()[1];
if (!device.available) {
  console.error(`No CUDA backend: ${device.reason}`);
  Deno.exit(1);
}
const rows = ours();
const pt = await torch();
for (const r of rows) if (pt && r.id in pt.results) r.torch = pt.results[r.id];
const gpu = device.description ?? "unknown";
const lower = new Set(["us/op", "ms", "ms/step"]);
console.log(`GPU: ${gpu}${quick ? " (quick sizes)" : ""}`);
console.log("| workload | unit | denotensor | PyTorch | ours vs PyTorch |");
console.log("|---|---|---:|---:|---:|");
for (const r of rows) {
  const ratio = r.torch === undefined
    ? "n/a"
    : (lower.has(r.unit) ? r.torch / r.ours : r.ours / r.torch).toFixed(2) + "×";
  console.log(
    `| ${r.id} | ${r.unit} | ${r.ours.toPrecision(4)} | ${
      r.torch?.toPrecision(4) ?? "n/a"
    } | ${ratio} |`,
  );
}
const add = rows.find((r) => r.id === "add_1e8_f32")!;
const copy = rows.find((r) => r.id === "device_copy_1e8_f32")!;
console.log(`elementwise add at ${(100 * add.ours / copy.ours).toFixed(0)}% of copy bandwidth`);
if (backend()?.emulated && outArg < 0) {
  console.log("emulation library: results not written (pass --out to keep them)");
  Deno.exit(0);
}
const slug = gpu.split(/[,(]/)[0].trim().toLowerCase().replace(/[^a-z0-9]+/g, "-");
const out = outArg >= 0
  ? Deno.args[outArg + 1]
  : new URL(`results/cuda-${slug}${quick ? "-quick" : ""}.json`, import.meta.url).pathname;
await Deno.writeTextFile(
  out,
  JSON.stringify(
    { date: new Date().toISOString(), gpu, quick, torch: pt?.gpu ?? null, rows },
    null,
    2,
  ) +
    "\n",
);
console.log(`wrote ${out}`);
