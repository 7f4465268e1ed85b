// The CUDA backend's parallel reductions and scans (kernels/reduce.cu): two-pass reductions of
// whole tensors and of few long rows, the warp-per-row path, the block-parallel cumsum. Each
// result must be the CPU backend's (exactly, for integers and for float data whose sums are
// exact; within float64 rounding for random floats) and the same on every run. The launch log
// checks that the work is spread over many blocks. Runs where CUDA is available (a GPU, or
// DENOTENSOR_DEVICE=cuda-emu).
import * as tf from "../mod.ts";
import type { DType, Tensor } from "../mod.ts";
import { assertClose, assertEquals, cudaTest, ints, launchLog, onEmulation } from "./helpers.ts";

const test = cudaTest;

// The launch log needs the emulation library (it prints the GPU's grids without a GPU).
const emu = onEmulation();

/** A tensor made on the CPU, and its copy on CUDA. */
function pair(values: number[] | boolean[], dtype: DType, shape: number[]): [Tensor, Tensor] {
  const c = tf.device("cpu", () => tf.constant(values, dtype, shape));
  return [c, c.cuda()];
}

type Op = (t: Tensor) => Tensor;

/** op on the CPU copy and on the CUDA copy; their values (flat), CPU first. */
function onBoth(c: Tensor, g: Tensor, op: Op): [unknown, unknown] {
  const a = tf.tidy(() => tf.device("cpu", () => op(c)).dataSync().slice());
  const b = tf.tidy(() => {
    const y = tf.device("cuda", () => op(g));
    assertEquals(y.device, "cuda:0");
    return y.dataSync().slice();
  });
  return [a, b];
}

/**
 * Throws unless the flat arrays hold the same values (Object.is: NaN equals NaN, -0 is not 0),
 * naming the first difference (assertEquals would diff a million elements).
 */
function assertSame(actual: unknown, expected: unknown, what: string): void {
  const a = actual as ArrayLike<unknown>, e = expected as ArrayLike<unknown>;
  if (a.length !== e.length) throw new Error(`${what}: ${a.length} values, expected ${e.length}`);
  for (let i = 0; i < a.length; i++) {
    if (!Object.is(a[i], e[i])) {
      throw new Error(`${what}: element ${i} is ${String(a[i])}, expected ${String(e[i])}`);
    }
  }
}

/** Every op gives the CPU's values exactly. */
function same(c: Tensor, g: Tensor, ops: Record<string, Op>, what: string): void {
  for (const [name, op] of Object.entries(ops)) {
    const [a, b] = onBoth(c, g, op);
    assertSame(b, a, `${what}: ${name}`);
  }
}

const FOLDS: Record<string, (axis?: number) => Op> = {
  sum: (axis) => (t) => tf.reduceSum(t, axis),
  mean: (axis) => (t) => tf.reduceMean(t, axis),
  max: (axis) => (t) => tf.reduceMax(t, axis),
  min: (axis) => (t) => tf.reduceMin(t, axis),
  argmax: (axis) => (t) => tf.argmax(t, axis ?? 0),
  argmin: (axis) => (t) => tf.argmin(t, axis ?? 0),
};
function folds(axis?: number, names = Object.keys(FOLDS)): Record<string, Op> {
  return Object.fromEntries(names.map((n) => [n, FOLDS[n](axis)]));
}

test("full reductions of 10^7 int32 are the CPU's (two passes)", () => {
  const [c, g] = pair(ints(10_000_000, -50, 50, 7), "int32", [10_000_000]);
  same(c, g, { ...folds(), prod: (t) => tf.reduceProd(t) }, "int32 [1e7]");
  c.dispose(), g.dispose();
});

test("full reductions of float data with exact sums are the CPU's", () => {
  // Small integers: every partial sum is exact in float64, ties make argmax/argmin pick the first.
  for (const [dtype, n] of [["float32", 1_000_003], ["float64", 300_001]] as const) {
    const [c, g] = pair(ints(n, -100, 100, 11), dtype, [n]);
    same(c, g, folds(), `${dtype} [${n}]`);
    c.dispose(), g.dispose();
  }
  // Products of 1, -1, 2 and 0.5 are exact.
  const pv = ints(200_000, 0, 99, 5).map((v) => v === 0 ? 2 : v === 1 ? 0.5 : v < 50 ? 1 : -1);
  const [c, g] = pair(pv, "float64", [200_000]);
  same(c, g, { prod: (t) => tf.reduceProd(t) }, "float64 prod");
  c.dispose(), g.dispose();
});

/**
 * Rows of -1 and zeros whose first zero (at a pseudo-random place in the first 300) is -0 and
 * whose later zeros are +0: max must be -0 (the first zero), the first zero's index argmax;
 * negated, min must be +0.
 */
function signedZeros(rows: number, cols: number, seed: number): number[] {
  const r = ints(rows * cols, 0, 2, seed), first = ints(rows, 0, Math.min(cols - 1, 299), seed);
  return r.map((v, i) => {
    const k = i % cols, f = first[Math.floor(i / cols)];
    return k < f ? -1 : k === f ? -0 : v === 0 ? -1 : 0;
  });
}

test("max/min keep the CPU's signed zero, NaN and first index on every path", () => {
  // Two passes (full and few rows), a block per row, a warp per row.
  const shapes = [[300_000], [3, 300_000], [100, 2000], [4096, 100]];
  for (const shape of shapes) {
    const axis = shape.length - 1, n = shape.reduce((a, b) => a * b);
    const [c, g] = pair(signedZeros(n / shape[axis], shape[axis], n), "float32", shape);
    same(c, g, folds(axis, ["max", "argmax"]), `signed zeros max [${shape}]`);
    const cn = tf.device("cpu", () => tf.neg(c)), gn = cn.cuda();
    same(cn, gn, folds(axis, ["min", "argmin"]), `signed zeros min [${shape}]`);
    for (const t of [c, g, cn, gn]) t.dispose();
  }
  const n = 300_000;
  const nan = ints(n, -5, 5, 13);
  nan[123_457] = NaN;
  nan[250_000] = NaN;
  const [c, g] = pair(nan, "float32", [n]);
  same(c, g, folds(), "NaN");
  c.dispose(), g.dispose();
});

test("all, any and int64 sums over a million elements are the CPU's", () => {
  const n = 1_000_000;
  const t = new Array<boolean>(n).fill(true);
  t[n - 3] = false;
  const f = new Array<boolean>(n).fill(false);
  f[777_777] = true;
  for (const v of [t, f]) {
    const [c, g] = pair(v, "bool", [n]);
    same(c, g, { all: (x) => tf.reduceAll(x), any: (x) => tf.reduceAny(x) }, "bool");
    c.dispose(), g.dispose();
  }
  const [c, g] = pair(ints(n, -(2 ** 30), 2 ** 30, 17), "int64", [n]);
  same(c, g, folds(undefined, ["sum", "mean", "max", "argmin"]), "int64");
  c.dispose(), g.dispose();
});

test("few long rows, contiguous and strided, are the CPU's", () => {
  const shapes: [number[], number][] = [[[3, 300_000], 1], [[7, 50_000], 1], [[300_000, 3], 0]];
  for (const [shape, axis] of shapes) {
    const n = shape[0] * shape[1];
    for (const dtype of ["int32", "float32"] as const) {
      const [c, g] = pair(ints(n, -1000, 1000, n + axis), dtype, shape);
      same(c, g, folds(axis), `${dtype} [${shape}] axis ${axis}`);
      c.dispose(), g.dispose();
    }
  }
});

test("random float sums are close to the CPU's and the same on every run", () => {
  tf.random.setSeed(21);
  const x32 = tf.device("cpu", () => tf.random.uniform([3_000_000], { minval: -1, maxval: 1 }));
  tf.random.setSeed(22);
  const x64 = tf.device("cpu", () => tf.random.normal([3, 300_000], { dtype: "float64" }));
  for (const [c, axis] of [[x32, undefined], [x64, 1]] as const) {
    const g = c.cuda();
    for (const name of ["sum", "mean"]) {
      const op = FOLDS[name](axis);
      const [a, b] = onBoth(c, g, op);
      const [, b2] = onBoth(c, g, op);
      assertSame(b2, b, `${c.dtype} ${name}: run to run`);
      // A float64 sum in another grouping: within float64 rounding of the terms' magnitude.
      const scale = onBoth(c, g, (t) => tf.reduceSum(tf.abs(t), axis))[0] as Float64Array;
      assertClose(
        Array.from(b as Float64Array),
        Array.from(a as Float64Array),
        1e-6,
        Math.max(...scale) * 1e-12,
      );
    }
    g.dispose();
  }
  x32.dispose(), x64.dispose();
});

test("rows of 512 (the warp per row path) are the CPU's", () => {
  const shape = [8192, 512];
  const [c, g] = pair(ints(8192 * 512, -30, 30, 29), "float32", shape);
  same(c, g, folds(1, ["sum", "max", "argmax", "min", "mean"]), "float32 [8192, 512]");
  c.dispose(), g.dispose();
  const [ci, gi] = pair(ints(4096 * 100, -30, 30, 31), "int32", [4096, 100]);
  same(ci, gi, folds(1, ["sum", "argmin"]), "int32 [4096, 100]");
  ci.dispose(), gi.dispose();
});

const SCANS: Record<string, tf.CumsumOptions> = {
  inclusive: {},
  exclusive: { exclusive: true },
  reverse: { reverse: true },
  "exclusive reverse": { exclusive: true, reverse: true },
};
function scans(axis: number): Record<string, Op> {
  const ops: Record<string, Op> = {};
  for (const [name, o] of Object.entries(SCANS)) ops[name] = (t) => tf.cumsum(t, axis, o);
  return ops;
}

test("cumsum of 10^6 int32 and of exact floats is the CPU's in every variant", () => {
  const n = 1_000_000;
  // int32 that wrap: partial sums pass 2^31 many times.
  const [c, g] = pair(ints(n, -(2 ** 30), 2 ** 30 + 5000, 37), "int32", [n]);
  same(c, g, scans(0), "int32 [1e6]");
  c.dispose(), g.dispose();
  // Small integers: every partial sum is exact in float32.
  const [cf, gf] = pair(ints(n, -8, 8, 41), "float32", [n]);
  same(cf, gf, scans(0), "float32 [1e6]");
  cf.dispose(), gf.dispose();
});

test("cumsum of few long rows, contiguous and strided, is the CPU's", () => {
  for (const [shape, axis] of [[[3, 200_000], 1], [[200_000, 3], 0]] as const) {
    for (const dtype of ["int32", "float64"] as const) {
      const [c, g] = pair(ints(600_000, -100, 100, 43 + axis), dtype, [...shape]);
      same(c, g, scans(axis), `${dtype} [${shape}] axis ${axis}`);
      c.dispose(), g.dispose();
    }
  }
  const [c, g] = pair(ints(3 * 5000, 0, 255, 47), "uint8", [3, 5000]);
  same(c, g, scans(1), "uint8 [3, 5000]");
  c.dispose(), g.dispose();
});

test("random float cumsums are the same on every run and close to the CPU's", () => {
  tf.random.setSeed(51);
  const c = tf.device("cpu", () => tf.random.uniform([1_000_000], { dtype: "float64" }));
  const g = c.cuda();
  for (const o of Object.values(SCANS)) {
    const op: Op = (t) => tf.cumsum(t, 0, o);
    const [a, b] = onBoth(c, g, op);
    const [, b2] = onBoth(c, g, op);
    assertSame(b2, b, "run to run");
    assertClose(b as Float64Array, a as Float64Array, 1e-9, 1e-9);
  }
  const c32 = tf.device("cpu", () => tf.random.uniform([500_000]));
  const g32 = c32.cuda();
  const [, b] = onBoth(c32, g32, (t) => tf.cumsum(t));
  const [, b2] = onBoth(c32, g32, (t) => tf.cumsum(t));
  assertSame(b2, b, "float32 run to run");
  for (const t of [c, g, c32, g32]) t.dispose();
});

// ---- the launch log (the emulation library prints the GPU's grids) ---------------------------
function emuTest(name: string, fn: () => Promise<void>): void {
  Deno.test({
    name: name + (emu ? "" : " (skipped: needs DENOTENSOR_DEVICE=cuda-emu)"),
    ignore: !emu,
    fn,
  });
}

/** The launches of `op` (an expression of x) on a CUDA tensor x made by `make`. */
function launchesOf(make: string, op: string) {
  return launchLog(`
    const x = tf.device("cuda", () => ${make});
    x.dataSync();
    console.error("launch-log-start");
    tf.device("cuda", () => ${op}).dataSync();
  `);
}

emuTest("reduceSum of 10^7 elements launches over many blocks", async () => {
  const log = await launchesOf("tf.ones([10_000_000])", "tf.reduceSum(x)");
  const wide = log.filter((l) => l.grid >= 132);
  if (wide.length === 0) throw new Error(`no launch with >= 132 blocks: ${JSON.stringify(log)}`);
  assertEquals(wide.some((l) => l.kernel.startsWith("dt_reduce_parts")), true);
  assertEquals(log.some((l) => l.kernel.startsWith("dt_reduce_join")), true);
});

emuTest("cumsum of 10^6 elements launches over many blocks", async () => {
  const log = await launchesOf("tf.ones([1_000_000], 'int32')", "tf.cumsum(x)");
  const wide = log.filter((l) => l.grid >= 132);
  if (wide.length === 0) throw new Error(`no launch with >= 132 blocks: ${JSON.stringify(log)}`);
  assertEquals(wide.some((l) => l.kernel.startsWith("dt_cumsum_scan")), true);
});

emuTest("a softmax-shaped sum over [8192, 512] runs a warp per row", async () => {
  const log = await launchesOf("tf.ones([8192, 512])", "tf.reduceSum(x, 1)");
  const warp = log.filter((l) => l.kernel.startsWith("dt_reduce_warp"));
  assertEquals(warp.length, 1, JSON.stringify(log));
  assertEquals([warp[0].grid, warp[0].block], [1024, 256]);
});

emuTest("shorter rows take a block, a thread per row; short cumsums a thread per row", async () => {
  const log = await launchLog(`
    const [a, b, c] = tf.device("cuda", () =>
      [tf.ones([100, 2000]), tf.ones([100_000, 10]), tf.ones([1000, 100])]);
    c.dataSync();
    console.error("launch-log-start");
    tf.device("cuda", () => [tf.reduceSum(a, 1), tf.reduceSum(b, 1), tf.cumsum(c, 1)])
      .map((t) => t.dataSync());
  `);
  assertEquals(log.map((l) => [l.kernel, l.grid]), [
    ["dt_reduce_block<R>", 100],
    ["dt_reduce_rows<R>", 391],
    ["dt_cumsum_rows<T>", 4],
  ]);
});
