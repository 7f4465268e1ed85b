// Runs the same workloads in denotensor and NumPy (a python3 subprocess) in one run and prints
// our time over NumPy's (lower is better; 1.0 means as fast as NumPy).
//   deno run -A bench/compare.ts [--json out.json]
import * as tf from "../mod.ts";

/** Median seconds per call of `fn`, after a warm-up: at least 5 runs and 0.5 s of work. */
function medianTime(fn: () => void, inner = 1): number {
  fn();
  const times: number[] = [];
  const start = performance.now();
  while ((times.length < 5 || performance.now() - start < 500) && times.length < 500) {
    const t0 = performance.now();
    for (let i = 0; i < inner; i++) fn();
    times.push((performance.now() - t0) / 1000 / inner);
  }
  times.sort((x, y) => x - y);
  return times[times.length >> 1];
}

function ours(): Record<string, number> {
  const a2 = tf.constant([[1, 2], [3, 4]]);
  const b2 = tf.constant([[5, 6], [7, 8]]);
  tf.random.setSeed(0);
  const a6 = tf.random.normal([1e6]);
  const b6 = tf.random.normal([1e6]);
  const ma = tf.random.normal([256, 256]);
  const mb = tf.random.normal([256, 256]);
  const lx = tf.random.normal([2000]);
  const ly = lx.mul(3).add(2).add(tf.random.normal([2000]));
  const linreg = () => {
    const w = new tf.Variable(5.0), b = new tf.Variable(10.0);
    const opt = new tf.keras.optimizers.SGD({ learningRate: 0.01 });
    for (let i = 0; i < 300; i++) {
      tf.tidy(() => {
        using tape = new tf.GradientTape();
        const loss = tf.reduceMean(tf.square(lx.mul(w).add(b).sub(ly)));
        const [gw, gb] = tape.gradient(loss, [w, b]);
        opt.applyGradients([[gw, w], [gb, b]]);
      });
    }
    w.item();
  };
  let last: tf.Tensor = a2;
  const small = (fn: () => tf.Tensor) =>
    medianTime(() => {
      last = fn();
    }, 20000);
  const results: Record<string, number> = {
    "add 2x2": small(() => tf.add(a2, b2)),
    "matmul 2x2": small(() => tf.matmul(a2, b2)),
    "mul 2x2 by a scalar": small(() => a2.mul(3)),
    "add 1e6 float32": medianTime(() => void tf.add(a6, b6)),
    "matmul 256 float32": medianTime(() => void tf.matmul(ma, mb)),
    "reduceSum 1e6 float32": medianTime(() => void tf.reduceSum(a6).item()),
    "seed training loop, 300 steps": medianTime(linreg),
  };
  // The cost of an op while a tape records something else (the op itself is not recorded).
  const tape = new tf.GradientTape();
  tape.watch(tf.ones([1]));
  results["add 2x2, tape active elsewhere"] = small(() => tf.add(a2, b2));
  tape.stop();
  last.dataSync();
  return results;
}

async function numpy(): Promise<{ numpy: string; results: Record<string, number> }> {
  const script = new URL("workloads.py", import.meta.url).pathname;
  const out = await new Deno.Command("python3", { args: [script], stdout: "piped" }).output();
  if (!out.success) throw new Error("python3 bench/workloads.py failed (is NumPy installed?)");
  return JSON.parse(new TextDecoder().decode(out.stdout));
}

const fmt = (s: number): string =>
  s < 1e-3 ? `${(s * 1e6).toFixed(2)} µs` : `${(s * 1e3).toFixed(3)} ms`;

const mine = ours();
const np = await numpy();
const rows = Object.keys(mine).map((name) => {
  const theirs = np.results[name];
  return { name, ours: mine[name], numpy: theirs, ratio: mine[name] / theirs };
});
console.log(`| workload | denotensor (CPU) | NumPy ${np.numpy} | ours / NumPy |`);
console.log("|---|---:|---:|---:|");
for (const r of rows) {
  console.log(`| ${r.name} | ${fmt(r.ours)} | ${fmt(r.numpy)} | ${r.ratio.toFixed(2)} |`);
}
const i = Deno.args.indexOf("--json");
if (i >= 0) {
  await Deno.writeTextFile(
    Deno.args[i + 1],
    JSON.stringify({ date: new Date().toISOString(), deno: Deno.version.deno, rows }, null, 2),
  );
}
