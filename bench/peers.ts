// The peer benchmark's workloads (groups a-g of ../shared/peers, README "Workloads"), run on
// denotensor: the same sizes, the same deterministic float32 data (the peers' lowbias32 hash +
// Box-Muller, bit-identical to their generators), the same timing rules (warm-up runs, then at
// least 5 runs and 1 s of timed work, median). bench/peers.py runs the same on NumPy, and
// bench/compare.ts runs both in one process tree and prints the ratios.
//
// Like the TF.js peer, a run disposes its result (`using` or dispose), which gives a large
// output's buffer back to the CPU backend's pool; NumPy frees its result when the last reference
// goes. The training rows use the public API as a user would: GradientTape + SGD, where NumPy
// runs hand-written gradients.
import * as tf from "../mod.ts";

/** One workload's result: `ms` is the median time of one run (µs rows: of one op). */
export interface PeerResult {
  id: string;
  label: string;
  unit: "us/op" | "GB/s" | "GFLOP/s" | "ms" | "ms/step";
  /** Median milliseconds of one run (of one op for us/op rows). */
  ms: number;
  /** The value in `unit`. */
  value: number;
  /** Training rows: final loss, W and B, or the MLP's first and last losses. */
  check?: Record<string, number>;
}

export const WORKLOADS = {
  small: { shape: [2, 2], targetBatchMs: 10 },
  elementwise: { sizes: [1e6, 1e7] },
  matmul: { sizes: [256, 512, 1024, 2048] },
  reduce: { n: 1e7, matrix: 4096 },
  unary: { n: 1e7 },
  linreg: { numExamples: 2000, steps: 300, lr: 0.01, W0: 5, B0: 10, trueW: 3, trueB: 2 },
  mlp: { batch: 256, input: 784, hidden: 256, output: 10, lr: 0.01, warmupSteps: 3, steps: 20 },
};

const SEEDS = {
  smallA: 1,
  smallB: 2,
  ewA: 3,
  ewB: 4,
  mmA: 5,
  mmB: 6,
  reduce: 7,
  reduceMatrix: 8,
  unary: 9,
  linregX: 11,
  linregNoise: 12,
  mlpX: 21,
  mlpLabels: 22,
  mlpW1: 23,
  mlpW2: 24,
};

// ---- deterministic data (the peers' lib/workloads.mjs) ---------------------------------------
const GOLDEN = 0x9e3779b9;

function hash32(x: number): number {
  x = (x ^ (x >>> 16)) >>> 0;
  x = Math.imul(x, 0x7feb352d) >>> 0;
  x = (x ^ (x >>> 15)) >>> 0;
  x = Math.imul(x, 0x846ca68b) >>> 0;
  return (x ^ (x >>> 16)) >>> 0;
}

function uniform64(n: number, seed: number): Float64Array {
  const out = new Float64Array(n);
  const base = Math.imul(seed, GOLDEN) >>> 0;
  for (let i = 0; i < n; i++) out[i] = (hash32((i + base) >>> 0) + 0.5) / 4294967296;
  return out;
}

function uniformF32(n: number, seed: number): Float32Array {
  return Float32Array.from(uniform64(n, seed));
}

function normalF32(n: number, seed: number, scale = 1): Float32Array {
  const u1 = uniform64(n, 2 * seed + 1), u2 = uniform64(n, 2 * seed + 2);
  const out = new Float32Array(n);
  for (let i = 0; i < n; i++) {
    out[i] = scale * (Math.sqrt(-2 * Math.log(u1[i])) * Math.cos(2 * Math.PI * u2[i]));
  }
  return out;
}

// ---- timing (the peers' rules) ----------------------------------------------------------------
interface Timing {
  warmup?: number;
  minRuns?: number;
  maxRuns?: number;
  targetMs?: number;
}

function measure(fn: () => void, o: Timing = {}): number {
  const { warmup = 2, minRuns = 5, maxRuns = 200, targetMs = 1000 } = o;
  for (let i = 0; i < warmup; i++) fn();
  const times: number[] = [];
  let total = 0;
  while (times.length < maxRuns) {
    const t0 = performance.now();
    fn();
    const dt = performance.now() - t0;
    times.push(dt);
    total += dt;
    if (times.length >= minRuns && total >= targetMs) break;
  }
  times.sort((a, b) => a - b);
  const m = times.length;
  return m % 2 ? times[(m - 1) / 2] : (times[m / 2 - 1] + times[m / 2]) / 2;
}

/** µs per op of `batch(n)` with n calibrated so that one run takes ~10 ms. */
function measureSmall(batch: (n: number) => void): number {
  let n = 64;
  for (;;) {
    const t0 = performance.now();
    batch(n);
    const dt = performance.now() - t0;
    if (dt >= WORKLOADS.small.targetBatchMs / 4 || n >= 1 << 20) {
      n = Math.max(
        16,
        Math.min(1 << 20, Math.round(n * WORKLOADS.small.targetBatchMs / Math.max(dt, 1e-3))),
      );
      break;
    }
    n *= 4;
  }
  const ms = measure(() => batch(n), { warmup: 3, minRuns: 21 });
  return ms / n;
}

const gbps = (n: number, arrays: number, ms: number) => n * arrays * 4 / (ms * 1e6);
const gflops = (n: number, ms: number) => 2 * n ** 3 / (ms * 1e6);

// ---- the workloads ----------------------------------------------------------------------------
function small(out: PeerResult[]): void {
  const a = tf.constant(normalF32(4, SEEDS.smallA), "float32", [2, 2]);
  const b = tf.constant(normalF32(4, SEEDS.smallB), "float32", [2, 2]);
  const ops: [string, string, (x: tf.Tensor, y: tf.Tensor) => tf.Tensor][] = [
    ["add_2x2", "add 2x2", tf.add],
    ["matmul_2x2", "matmul 2x2", (x, y) => tf.matmul(x, y)],
  ];
  for (const [id, label, op] of ops) {
    // As the TF.js peer: the batch runs inside one tf.tidy (per-op bookkeeping and disposal
    // included); "materialise once" reads the last result back, "readback" every result.
    const once = measureSmall((n) =>
      tf.tidy(() => {
        let z = a;
        for (let i = 0; i < n; i++) z = op(a, b);
        z.dataSync();
      })
    );
    out.push({
      id: `a.${id}`,
      label: `${label} (materialise once)`,
      unit: "us/op",
      ms: once,
      value: once * 1000,
    });
    const rb = measureSmall((n) =>
      tf.tidy(() => {
        for (let i = 0; i < n; i++) op(a, b).dataSync();
      })
    );
    out.push({
      id: `a.${id}_readback`,
      label: `${label} (read back each op)`,
      unit: "us/op",
      ms: rb,
      value: rb * 1000,
    });
  }
}

function elementwise(out: PeerResult[]): void {
  for (const n of WORKLOADS.elementwise.sizes) {
    const a = tf.constant(normalF32(n, SEEDS.ewA));
    const b = tf.constant(normalF32(n, SEEDS.ewB));
    const e = n === 1e6 ? "1e6" : "1e7";
    for (const [op, fn] of [["add", tf.add], ["mul", tf.mul]] as const) {
      const ms = measure(() => fn(a, b).dispose());
      out.push({
        id: `b.${op}_${e}`,
        label: `${op} ${e} elems`,
        unit: "GB/s",
        ms,
        value: gbps(n, 3, ms),
      });
    }
    a.dispose();
    b.dispose();
  }
}

function matmul(out: PeerResult[]): void {
  for (const n of WORKLOADS.matmul.sizes) {
    const a = tf.constant(normalF32(n * n, SEEDS.mmA), "float32", [n, n]);
    const b = tf.constant(normalF32(n * n, SEEDS.mmB), "float32", [n, n]);
    const ms = measure(() => tf.matmul(a, b).dispose(), n >= 1024 ? { warmup: 1 } : {});
    out.push({
      id: `c.matmul_${n}`,
      label: `matmul ${n}x${n}`,
      unit: "GFLOP/s",
      ms,
      value: gflops(n, ms),
    });
  }
}

function reductions(out: PeerResult[]): void {
  const n = WORKLOADS.reduce.n;
  const x = tf.constant(normalF32(n, SEEDS.reduce));
  for (const [op, fn] of [["sum", tf.reduceSum], ["mean", tf.reduceMean]] as const) {
    const ms = measure(() => {
      using s = fn(x);
      s.dataSync();
    });
    out.push({
      id: `d.${op}_1e7`,
      label: `${op} of 1e7 elems (-> scalar, read back)`,
      unit: "ms",
      ms,
      value: ms,
    });
  }
  x.dispose();
  const k = WORKLOADS.reduce.matrix;
  const mat = tf.constant(normalF32(k * k, SEEDS.reduceMatrix), "float32", [k, k]);
  const ms = measure(() => {
    using s = tf.reduceSum(mat, 1);
    s.dataSync();
  });
  out.push({
    id: "d.sum_axis1_4096",
    label: `sum over axis 1 of ${k}x${k} (read back)`,
    unit: "ms",
    ms,
    value: ms,
  });
  mat.dispose();
}

function unary(out: PeerResult[]): void {
  const x = tf.constant(normalF32(WORKLOADS.unary.n, SEEDS.unary));
  for (const [op, fn] of [["exp", tf.exp], ["tanh", tf.tanh]] as const) {
    const ms = measure(() => fn(x).dispose());
    out.push({ id: `e.${op}_1e7`, label: `${op} of 1e7 elems`, unit: "ms", ms, value: ms });
  }
  x.dispose();
}

function linreg(out: PeerResult[]): void {
  const L = WORKLOADS.linreg;
  const xs = normalF32(L.numExamples, SEEDS.linregX);
  const noise = normalF32(L.numExamples, SEEDS.linregNoise);
  const ys = new Float32Array(L.numExamples);
  for (let i = 0; i < ys.length; i++) ys[i] = L.trueW * xs[i] + L.trueB + noise[i];
  const x = tf.constant(xs), y = tf.constant(ys);
  const check: Record<string, number> = {};
  const train = () => {
    const W = new tf.Variable(L.W0), B = new tf.Variable(L.B0);
    const opt = new tf.keras.optimizers.SGD({ learningRate: L.lr });
    const loss = () => tf.reduceMean(tf.square(tf.sub(tf.add(tf.mul(x, W), B), y)));
    for (let i = 0; i < L.steps; i++) {
      tf.tidy(() => {
        using tape = new tf.GradientTape();
        const [gW, gB] = tape.gradient(loss(), [W, B]);
        opt.applyGradients([[gW, W], [gB, B]]);
      });
    }
    check.loss = tf.tidy(() => loss().item()) as number;
    check.W = W.item() as number;
    check.B = B.item() as number;
    W.dispose();
    B.dispose();
  };
  const ms = measure(train, { warmup: 1, minRuns: 5, maxRuns: 5, targetMs: 0 });
  out.push({
    id: "f.linreg",
    label: "linreg 300 steps (ours: GradientTape + SGD; NumPy: analytic gradient), total",
    unit: "ms",
    ms,
    value: ms,
    check,
  });
}

function mlp(out: PeerResult[]): void {
  const M = WORKLOADS.mlp;
  const base = Math.imul(SEEDS.mlpLabels, GOLDEN) >>> 0;
  const labels = new Int32Array(M.batch).map((_, i) => hash32((i + base) >>> 0) % M.output);
  const X = tf.constant(uniformF32(M.batch * M.input, SEEDS.mlpX), "float32", [M.batch, M.input]);
  const Y = tf.oneHot(tf.constant(labels), M.output);
  const W1 = new tf.Variable(
    tf.constant(normalF32(M.input * M.hidden, SEEDS.mlpW1, Math.sqrt(2 / M.input)), "float32", [
      M.input,
      M.hidden,
    ]),
  );
  const b1 = new tf.Variable(tf.zeros([M.hidden]));
  const W2 = new tf.Variable(
    tf.constant(normalF32(M.hidden * M.output, SEEDS.mlpW2, Math.sqrt(1 / M.hidden)), "float32", [
      M.hidden,
      M.output,
    ]),
  );
  const b2 = new tf.Variable(tf.zeros([M.output]));
  const vars = [W1, b1, W2, b2];
  const opt = new tf.keras.optimizers.SGD({ learningRate: M.lr });
  const losses: number[] = [];
  const step = () =>
    tf.tidy(() => {
      using tape = new tf.GradientTape();
      const h = tf.nn.relu(tf.add(tf.matmul(X, W1), b1));
      const logits = tf.add(tf.matmul(h, W2), b2);
      const loss = tf.reduceMean(tf.nn.softmaxCrossEntropyWithLogits({ labels: Y, logits }));
      const grads = tape.gradient(loss, vars);
      opt.applyGradients(grads.map((g, i) => [g, vars[i]] as [tf.Tensor, tf.Variable]));
      losses.push(loss.item() as number);
    });
  const ms = measure(step, {
    warmup: M.warmupSteps,
    minRuns: M.steps,
    maxRuns: M.steps,
    targetMs: 0,
  });
  out.push({
    id: "g.mlp_step",
    label: "MLP step 256x784->256->10 (ours: GradientTape + SGD; NumPy: hand-written backward)",
    unit: "ms/step",
    ms,
    value: ms,
    check: { lossFirst: losses[0], lossLast: losses[losses.length - 1], steps: losses.length },
  });
  for (const v of vars) v.dispose();
}

const GROUPS: Record<string, (out: PeerResult[]) => void> = {
  a: small,
  b: elementwise,
  c: matmul,
  d: reductions,
  e: unary,
  f: linreg,
  g: mlp,
};

/** Runs the groups (all by default) and returns their results in order. */
export function runPeerWorkloads(groups = "abcdefg"): PeerResult[] {
  const out: PeerResult[] = [];
  for (const g of groups) GROUPS[g]?.(out);
  return out;
}

if (import.meta.main) {
  const only = Deno.args.find((a) => a.startsWith("--only="))?.slice(7);
  for (const r of runPeerWorkloads(only)) {
    console.log(r.id.padEnd(22), r.value.toPrecision(4).padStart(10), r.unit, r.check ?? "");
  }
}
