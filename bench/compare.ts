// Runs the same workloads in denotensor and NumPy (python3 subprocesses) in one run and prints
// our time over NumPy's (lower is better; 1.0 means as fast as NumPy):
// - the rows of ours() / workloads.py;
// - every workload of the peer benchmark (groups a-g of ../shared/peers: bench/peers.ts and
//   bench/peers.py, same data and timing rules), with the issue's targets, and TF.js's CPU
//   backend from the peers' recorded results when they are there (not the same run).
// Both libraries run under the same environment (OPENBLAS_CORETYPE included); the header says
// which kernels OpenBLAS picked for each.
// - the np-namespace rows, one per function family (bench/np_rows.json: bench/np_rows.ts and
//   bench/np_workloads.py), with the targets of the NumPy-API issue.
//   deno run -A bench/compare.ts [--json out.json] [--only=abcdefg] [--rounds N] [--no-legacy]
//     [--peers DIR] [--np=ufunc,reduction,...|none]
//   (DIR: the peers' results folder, default ../shared/peers/results; --np picks the np families)
// --rounds N alternates ours and NumPy N times and keeps each row's best median (the machines
// are shared: noise only ever slows a run down).
import * as tf from "../mod.ts";
import { type PeerResult, runPeerWorkloads } from "./peers.ts";
import { load as npLoad, save as npSave } from "../numpy.ts";
import { NP_ROWS, timeNpRows } from "./np_rows.ts";

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
  const cx = tf.random.normal([64, 32, 32, 64]);
  const cf = tf.random.normal([3, 3, 64, 64]);
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
    // Results are disposed (tf.tidy), as NumPy frees an unreferenced result at once.
    "add 1e6 float32": medianTime(() => tf.tidy(() => void tf.add(a6, b6))),
    "matmul 256 float32": medianTime(() => tf.tidy(() => void tf.matmul(ma, mb))),
    "reduceSum 1e6 float32": medianTime(() => tf.tidy(() => void tf.reduceSum(a6).item())),
    "seed training loop, 300 steps": medianTime(linreg),
    "conv2d 64x32x32x64, 3x3x64x64 SAME": medianTime(() =>
      tf.tidy(() => void tf.nn.conv2d(cx, cf, { padding: "SAME" }))
    ),
  };
  // The gradient of a reduceSum loss through matmul: the output gradient is a broadcast view.
  const ga = new tf.Variable(tf.random.normal([1024, 1024]));
  const gb = new tf.Variable(tf.random.normal([1024, 1024]));
  results["matmul 1024 float32, gradients of reduceSum"] = medianTime(() =>
    tf.tidy(() => {
      const tape = new tf.GradientTape();
      const loss = tf.reduceSum(tf.matmul(ga, gb));
      for (const g of tape.gradient(loss, [ga, gb])) g?.dataSync();
    })
  );
  // Data in and out of JS arrays.
  const nested = Array.from(
    { length: 1000 },
    (_, i) => Array.from({ length: 1000 }, (_, j) => i * 0.5 + j),
  );
  results["constant from nested 1000x1000 float64"] = medianTime(() =>
    tf.constant(nested, "float64").dispose()
  );
  const t1000 = tf.constant(nested, "float64");
  const ma1000 = tf.cast(t1000, "float32");
  results["tolist 1000x1000 float64"] = medianTime(() => void t1000.tolist());
  // Reductions over a leading axis (strided columns) and float max (NaN and signed-zero rules).
  const sq4096 = tf.random.normal([4096, 4096]);
  const a7 = tf.random.normal([1e7]);
  results["reduceSum over axis 0 of 4096x4096 float32"] = medianTime(() =>
    tf.tidy(() => void tf.reduceSum(sq4096, 0).dataSync())
  );
  results["reduceMax 1e7 float32"] = medianTime(() => tf.tidy(() => void tf.reduceMax(a7).item()));
  // Printing a summarised tensor (only the shown edges are read).
  results["toString of 1000x1000 float32"] = medianTime(() => void String(ma1000));
  // The cost of an op while a tape records something else (the op itself is not recorded).
  const tape = new tf.GradientTape();
  tape.watch(tf.ones([1]));
  results["add 2x2, tape active elsewhere"] = small(() => tf.add(a2, b2));
  tape.stop();
  last.dataSync();
  // File I/O: a 100 MB float32 .npy written and read back (in a temp dir, removed afterwards).
  const dir = Deno.makeTempDirSync({ prefix: "denotensor_bench_" });
  try {
    const big = tf.random.normal([25_000_000]).numpy();
    const file = `${dir}/big.npy`;
    results["np.save 100 MB float32 .npy"] = medianTime(() => npSave(file, big));
    results["np.load 100 MB float32 .npy"] = medianTime(() => void npLoad(file));
  } finally {
    Deno.removeSync(dir, { recursive: true });
  }
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

function arg(name: string): string | undefined {
  const i = Deno.args.findIndex((a) => a === name || a.startsWith(`${name}=`));
  if (i < 0) return undefined;
  const a = Deno.args[i];
  return a.includes("=") ? a.slice(a.indexOf("=") + 1) : Deno.args[i + 1];
}

const only = arg("--only") ?? "abcdefg";
const rounds = Number(arg("--rounds") ?? 1);
const legacy = !Deno.args.includes("--no-legacy");

interface NumpyPeers {
  numpy: string;
  blas: Record<string, unknown>;
  results: Record<string, { ms: number; value: number; check?: Record<string, number> }>;
}

async function numpyPeers(): Promise<NumpyPeers> {
  const script = new URL("peers.py", import.meta.url).pathname;
  const out = await new Deno.Command("python3", {
    args: [script, `--only=${only}`],
    stdout: "piped",
  }).output();
  if (!out.success) throw new Error("python3 bench/peers.py failed (is NumPy installed?)");
  return JSON.parse(new TextDecoder().decode(out.stdout));
}

/** The issue's target for a peer row, as the largest allowed time ratio ours / NumPy. */
function target(id: string): { max: number; text: string } | null {
  if (id === "a.add_2x2") return { max: 2, text: "≤ 2× NumPy's latency" };
  if (id.startsWith("b.") || id.startsWith("d.") || id.startsWith("e.")) {
    return { max: 1, text: "≥ 1.0× NumPy's speed" };
  }
  if (id.startsWith("c.")) return { max: 1 / 0.9, text: "≥ 0.9× NumPy's GFLOP/s" };
  if (id === "f.linreg") return { max: 2, text: "≤ 2× NumPy's time" };
  if (id === "g.mlp_step") return { max: 1.5, text: "≤ 1.5× NumPy's time" };
  return null;
}

/** TF.js's CPU backend on Deno, from the peers' recorded results (ms per run), if present. */
function tfjsRecorded(): Record<string, number> {
  const dir = arg("--peers") ??
    new URL("../../shared/peers/results", import.meta.url).pathname;
  try {
    const j = JSON.parse(Deno.readTextFileSync(`${dir}/tfjs-cpu-deno.json`)) as {
      results: { id: string; median_ms: number; us_per_op?: number; ops_per_run?: number }[];
    };
    const out: Record<string, number> = {};
    for (const r of j.results) {
      const id = r.id === "f.linreg_sgd_minimize" ? "f.linreg" : r.id;
      out[id] = r.ops_per_run ? r.median_ms / r.ops_per_run : r.median_ms;
    }
    return out;
  } catch {
    return {};
  }
}

// Legacy rows (ours() / workloads.py), then the peer workloads, alternating for --rounds.
const legacyRows: { name: string; ours: number; numpy: number; ratio: number }[] = [];
if (legacy) {
  const mine = ours();
  const np = await numpy();
  for (const name of Object.keys(mine)) {
    const theirs = np.results[name];
    legacyRows.push({ name, ours: mine[name], numpy: theirs, ratio: mine[name] / theirs });
  }
}
// The np rows, ours then NumPy's (each family's functions on the same data).
const npFamilies = arg("--np");
const npRows: {
  id: string;
  label: string;
  ours: number;
  numpy: number;
  ratio: number;
  target: number;
  met: boolean;
}[] = [];
let npVersion = "";
if (npFamilies !== "none") {
  const families = npFamilies === undefined ? undefined : npFamilies.split(",");
  const mine = timeNpRows(families);
  const script = new URL("np_workloads.py", import.meta.url).pathname;
  const out = await new Deno.Command("python3", {
    args: [script, npFamilies ?? ""],
    stdout: "piped",
  }).output();
  if (!out.success) throw new Error("python3 bench/np_workloads.py failed (is NumPy installed?)");
  const theirs = JSON.parse(new TextDecoder().decode(out.stdout)) as {
    numpy: string;
    results: Record<string, number>;
  };
  npVersion = theirs.numpy;
  for (const r of NP_ROWS) {
    if (!(r.id in mine)) continue;
    const ratio = mine[r.id] / theirs.results[r.id];
    npRows.push({
      id: r.id,
      label: r.label,
      ours: mine[r.id],
      numpy: theirs.results[r.id],
      ratio,
      target: r.target,
      met: ratio <= r.target,
    });
  }
}
const best = new Map<string, PeerResult>();
let np: NumpyPeers | null = null;
for (let r = 0; r < rounds; r++) {
  for (const res of runPeerWorkloads(only)) {
    const prev = best.get(res.id);
    if (prev === undefined || res.ms < prev.ms) best.set(res.id, res);
  }
  const run = await numpyPeers();
  if (np === null) np = run;
  else {
    for (const [id, v] of Object.entries(run.results)) {
      if (v.ms < np.results[id].ms) np.results[id] = v;
    }
  }
}
const numpyRun = np as NumpyPeers;
const tfjs = tfjsRecorded();
const cpu = tf.config.getCpuKernels();
const env = (name: string) => Deno.env.get(name) ?? "(unset)";
const cpuModel = (() => {
  try {
    return Deno.readTextFileSync("/proc/cpuinfo").match(/model name\s*:\s*(.*)/)?.[1] ?? "?";
  } catch {
    return "?";
  }
})();

console.log(`CPU: ${cpuModel}, ${navigator.hardwareConcurrency} logical CPUs`);
console.log(
  `Environment of both: OPENBLAS_CORETYPE=${env("OPENBLAS_CORETYPE")} ` +
    `OPENBLAS_NUM_THREADS=${env("OPENBLAS_NUM_THREADS")}`,
);
console.log(
  `denotensor: ${
    cpu.kernels === "native"
      ? `native CPU kernels ${cpu.library?.split("/").pop()} (${cpu.isa}, ${cpu.threads} threads)`
      : `TypeScript kernels (${cpu.reason})`
  }; matmul: ${
    cpu.matmul === "blas"
      ? `${cpu.blas} [${cpu.blasConfig ?? "?"}]`
      : `TypeScript (${cpu.blasReason})`
  }`,
);
const nb = numpyRun.blas;
console.log(
  `NumPy ${numpyRun.numpy}: BLAS [${nb.config ?? "?"}] (core ${nb.core ?? "?"}, ${
    nb.threads ?? "?"
  } threads); elementwise, reductions and unary ops are NumPy's own single-threaded loops`,
);
console.log();

if (legacyRows.length > 0) {
  console.log(`| workload | denotensor (CPU) | NumPy ${numpyRun.numpy} | ours / NumPy |`);
  console.log("|---|---:|---:|---:|");
  for (const r of legacyRows) {
    console.log(`| ${r.name} | ${fmt(r.ours)} | ${fmt(r.numpy)} | ${r.ratio.toFixed(2)} |`);
  }
  console.log();
}

if (npRows.length > 0) {
  console.log(`| np function | denotensor | NumPy ${npVersion} | ours / NumPy | target | met |`);
  console.log("|---|---:|---:|---:|---:|:-:|");
  for (const r of npRows) {
    console.log(
      `| ${r.label} | ${fmt(r.ours)} | ${fmt(r.numpy)} | ${r.ratio.toFixed(2)} | ≤ ${r.target} | ${
        r.met ? "yes" : "no"
      } |`,
    );
  }
  console.log();
}

const show = (v: number) => (v >= 100 ? v.toFixed(0) : v >= 10 ? v.toFixed(1) : v.toPrecision(3));
const peerRows = [...best.values()].map((o) => {
  const n = numpyRun.results[o.id];
  const t = target(o.id);
  const ratio = o.ms / n.ms;
  const tj = tfjs[o.id];
  return {
    id: o.id,
    label: o.label,
    unit: o.unit,
    ours: o.value,
    numpy: n.value,
    oursMs: o.ms,
    numpyMs: n.ms,
    ratio,
    target: t?.text ?? "",
    met: t === null ? null : ratio <= t.max,
    tfjsMs: tj ?? null,
    tfjsOverOurs: tj === undefined ? null : tj / o.ms,
    check: o.check,
    numpyCheck: n.check,
  };
});
console.log(
  "| case | unit | denotensor | NumPy | ours / NumPy (time) | target | met | TF.js CPU time / ours |",
);
console.log("|---|---|---:|---:|---:|---|:-:|---:|");
for (const r of peerRows) {
  console.log(
    `| ${r.id} — ${r.label} | ${r.unit} | ${show(r.ours)} | ${show(r.numpy)} | ${
      r.ratio.toFixed(2)
    } | ${r.target} | ${r.met === null ? "" : r.met ? "yes" : "no"} | ${
      r.tfjsOverOurs === null ? "n/a" : `${show(r.tfjsOverOurs)}×`
    } |`,
  );
}
for (const r of peerRows) {
  if (r.check) {
    console.log(
      `${r.id} sanity: ours ${JSON.stringify(r.check)} NumPy ${JSON.stringify(r.numpyCheck)}`,
    );
  }
}

const j = arg("--json");
if (j !== undefined) {
  await Deno.writeTextFile(
    j,
    JSON.stringify(
      {
        date: new Date().toISOString(),
        cpu: cpuModel,
        logicalCpus: navigator.hardwareConcurrency,
        deno: Deno.version.deno,
        env: {
          OPENBLAS_CORETYPE: Deno.env.get("OPENBLAS_CORETYPE") ?? null,
          OPENBLAS_NUM_THREADS: Deno.env.get("OPENBLAS_NUM_THREADS") ?? null,
        },
        rounds,
        denotensor: cpu,
        numpy: { version: numpyRun.numpy, blas: numpyRun.blas },
        tfjsSource: Object.keys(tfjs).length > 0
          ? "peers results/tfjs-cpu-deno.json (recorded, not this run)"
          : null,
        rows: legacyRows,
        np: npRows,
        peers: peerRows,
      },
      null,
      2,
    ) + "\n",
  );
}
