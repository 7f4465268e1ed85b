// Tests of the CPU backend's native paths (src/backends/cpu/native.ts, blas.ts) against its
// TypeScript kernels:
// - every built variant of libdenotensor_cpu*.so passes the differential suite of the emulation
//   library (tests/native/differential.ts: every op, dtype, cast and reduction, bit for bit but
//   for libm functions) with its thread pool forced on for every size;
// - large and strided tensors give the TypeScript kernels' results: exactly for integers, casts,
//   comparisons, + - * /, max/min, argmax, cumsum and uniform random bits; within an ulp for the
//   float32 functions; float sums within float64 rounding (a different, fixed order);
// - results do not depend on the thread count;
// - im2col and col2im give the TypeScript kernels' results bit for bit, for every dtype;
// - BLAS matmul (transposes, batches, broadcast batches) matches the TypeScript kernel, which is
//   exactly the ordered float64 sum;
// - without permissions, or with DENOTENSOR_CPU_KERNELS=none / DENOTENSOR_BLAS=none, everything
//   runs in TypeScript and says so;
// - disposing a large tensor recycles its buffer.
// Tests that need the library or BLAS are ignored when they are absent.
import * as tf from "../mod.ts";
import assert from "node:assert/strict";
import { assertClose } from "./helpers.ts";
import { differential } from "./native/differential.ts";
import { nativeKernels, setNativeKernels } from "../src/backends/cpu/native.ts";
import { setBlas, systemBlas } from "../src/backends/cpu/blas.ts";
import { CPU_SYMBOLS } from "../ffi/cpu.ts";
import { CpuBackend, CpuStorage } from "../src/backends/cpu/backend.ts";
import type { ConvGeometry, View } from "../src/backends/backend.ts";
import { ARRAY_TYPES, type DType, type TypedArray } from "../src/dtype.ts";
import { contiguousStrides } from "../src/shape.ts";

const BUILD = new URL("../build/", import.meta.url).pathname;
/** The x86-64 level this CPU runs (from the baseline library; 0 when it is not built). */
function cpuLevel(): number {
  try {
    const lib = Deno.dlopen(BUILD + "libdenotensor_cpu.so", {
      dt_cpu_info: CPU_SYMBOLS.dt_cpu_info,
    });
    const info = new Int32Array(4);
    lib.symbols.dt_cpu_info(info);
    lib.close();
    return info[0] === 0 ? Infinity : info[1]; // 0: not x86-64, one variant only
  } catch {
    return 0;
  }
}
const LEVEL = cpuLevel();
/** The built library variants this CPU can run (an AVX-512 build on an AVX2 CPU cannot). */
const VARIANTS = ([["libdenotensor_cpu.so", 1], ["libdenotensor_cpu_v3.so", 3], [
  "libdenotensor_cpu_v4.so",
  4,
]] as [string, number][])
  .filter(([, level]) => level <= LEVEL)
  .map(([f]) => BUILD + f)
  .filter((p) => {
    try {
      return Deno.statSync(p).isFile;
    } catch {
      return false;
    }
  });
const native = tf.device("cpu", () => nativeKernels()) !== null;
const blas = systemBlas() !== null;

/** Runs `fn` on the CPU with the native kernels and BLAS on, then off; returns both results. */
function both<T>(fn: () => T): [T, T] {
  return tf.device("cpu", () => {
    const fast = fn();
    setNativeKernels(false);
    setBlas(false);
    try {
      return [fast, fn()];
    } finally {
      setNativeKernels(true);
      setBlas(true);
    }
  });
}

/** float32 values with the edge cases mixed into normal ones (unless `edges` is false). */
function values(n: number, seed: number, scale = 10, edges = true): Float32Array {
  const out = new Float32Array(n);
  let s = seed >>> 0;
  for (let i = 0; i < n; i++) {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    out[i] = ((s / 4294967296) - 0.5) * 2 * scale;
  }
  if (!edges) return out;
  const edge = [0, -0, 1, -1, 0.5, -0.5, 1e-40, -1e-40, 88.7, -88.7, 89, -104, 1e30, -1e30];
  edge.push(Infinity, -Infinity, NaN, 2.5, -2.5, 3.5);
  for (let i = 0; i < edge.length && i < n; i++) out[i * 7 % n] = edge[i];
  return out;
}

function ulps32(a: number, b: number): number {
  if (Number.isNaN(a) && Number.isNaN(b)) return 0;
  if (a === b) return Object.is(a, b) ? 0 : 1;
  const f = new Float32Array([a, b]);
  const i = new Int32Array(f.buffer);
  const key = (x: number) => (x < 0 ? -2147483648 - x : x);
  return Math.abs(key(i[0]) - key(i[1]));
}

function same(
  actual: ArrayLike<number | bigint>,
  expected: ArrayLike<number | bigint>,
  what: string,
) {
  assert.equal(actual.length, expected.length, `${what}: lengths differ`);
  for (let i = 0; i < actual.length; i++) {
    if (Object.is(actual[i], expected[i])) continue;
    assert.fail(
      `${what}: element ${i} is ${actual[i]}, the TypeScript kernels give ${expected[i]}`,
    );
  }
}

Deno.test({
  name: "cpu native: every built library variant agrees with the TypeScript kernels (threads on)",
  ignore: VARIANTS.length === 0,
  fn() {
    for (const path of VARIANTS) {
      const lib = Deno.dlopen(path, CPU_SYMBOLS);
      lib.symbols.dt_cpu_set_parallel_min(0); // every call shared out over the pool
      try {
        assert.deepEqual(differential(path), [], path);
      } finally {
        lib.symbols.dt_cpu_set_parallel_min(-1);
        lib.close();
      }
    }
  },
});

Deno.test({
  name: "cpu native: the native kernels are found and report themselves",
  ignore: VARIANTS.length === 0,
  fn() {
    const info = tf.config.getCpuKernels();
    assert.equal(info.kernels, "native", info.reason);
    assert.ok(info.library?.includes("libdenotensor_cpu"));
    assert.ok((info.threads ?? 0) >= 1);
    assert.match(tf.listDevices()[0].description ?? "", /native kernels libdenotensor_cpu/);
  },
});

Deno.test({
  name: "cpu native: large unary ops match the TypeScript kernels (float32 functions within 1 ulp)",
  ignore: !native,
  fn() {
    const x = values(70001, 1);
    const exact = ["neg", "abs", "sign", "sqrt", "square", "reciprocal", "floor", "ceil"];
    const approx = ["exp", "log", "tanh", "sigmoid", "expm1", "sin", "atan", "erf"];
    for (const name of [...exact, ...approx, "round", "relu", "rsqrt"]) {
      const fn = (tf as unknown as Record<string, (t: tf.Tensor) => tf.Tensor>)[name] ??
        (tf.nn as unknown as Record<string, (t: tf.Tensor) => tf.Tensor>)[name];
      const [a, b] = both(() => fn(tf.constant(x)).dataSync() as Float32Array);
      if (!approx.includes(name)) {
        same(a, b, name);
        continue;
      }
      const max = ["exp", "log", "tanh", "sigmoid"].includes(name) ? 1 : 4;
      for (let i = 0; i < a.length; i++) {
        if (ulps32(a[i], b[i]) > max) {
          assert.fail(`${name}(${x[i]}): ${a[i]}, the TypeScript kernels give ${b[i]}`);
        }
      }
    }
  },
});

Deno.test({
  name: "cpu native: strided and broadcast binary ops, casts and where are bit-identical",
  ignore: !native,
  fn() {
    const a = values(300 * 200, 2), b = values(300 * 200, 3, 3);
    const yi = (y: tf.Tensor) => tf.add(tf.cast(y, "int32"), 7);
    const ops: [string, (x: tf.Tensor, y: tf.Tensor | number) => tf.Tensor][] = [
      ["add", tf.add],
      ["sub", tf.sub],
      ["mul", tf.mul],
      ["div", tf.div],
      ["maximum", tf.maximum],
      ["minimum", tf.minimum],
      ["floorDiv", tf.floorDiv],
      ["mod", tf.mod],
      ["pow", tf.pow],
      ["squaredDifference", tf.squaredDifference],
      ["less", tf.less],
      ["equal", tf.equal],
    ];
    for (const [name, op] of ops) {
      const [p, q] = both(() => {
        const x = tf.constant(a, "float32", [300, 200]);
        const y = tf.constant(b, "float32", [300, 200]);
        return [
          op(x, y), // contiguous
          op(tf.transpose(x), tf.transpose(y)), // strided
          op(x, tf.slice(y, [0, 0], [1, 200])), // broadcast rows
          op(tf.transpose(x), tf.slice(y, [0, 0], [200, 1])), // strided and broadcast
          op(x, 2.5), // scalar
          // integers (pow: non-negative exponents; a negative one is an error, as in NumPy)
          op(tf.cast(x, "int32"), name === "pow" ? tf.maximum(yi(y), 0) : yi(y)),
          op(tf.cast(x, "float64"), tf.cast(y, "float64")),
        ].map((t) => Array.from(t.dataSync() as ArrayLike<number>));
      });
      if (name === "pow") {
        for (let k = 0; k < p.length; k++) assertClose(p[k], q[k], 4e-7);
      } else for (let k = 0; k < p.length; k++) same(p[k], q[k], `${name} #${k}`);
    }
    const dtypes = ["bool", "uint8", "int32", "int64", "float32", "float64"] as const;
    for (const from of dtypes) {
      for (const to of dtypes) {
        const [p, q] = both(() =>
          tf.cast(tf.cast(tf.constant(a, "float32", [300, 200]), from), to).transpose().dataSync()
        );
        same(p as ArrayLike<number>, q as ArrayLike<number>, `cast ${from} -> ${to}`);
      }
    }
    const [p, q] = both(() =>
      tf.where(tf.less(tf.constant(a), 0), tf.constant(a), tf.constant(b)).dataSync()
    );
    same(p, q, "where");
  },
});

Deno.test({
  name: "cpu native: reductions, argmax and cumsum over large and strided tensors",
  ignore: !native,
  fn() {
    // Rows longer than a chunk for the axis-0 reductions. No ±1e30 here: with them a float sum
    // depends on which elements they absorb, i.e. on the order, and that order differs.
    const x = values(513 * 1031, 4, 10, false);
    const big = values(1_000_003, 5, 1, false);
    for (const dtype of ["int32", "float32", "float64"] as const) {
      const [p, q] = both(() => {
        const t = tf.cast(tf.constant(x), dtype);
        const m = t.reshape([513, 1031]);
        const out = [
          tf.reduceSum(m),
          tf.reduceSum(m, 0),
          tf.reduceSum(m, 1),
          tf.reduceSum(tf.transpose(m), 1),
          tf.reduceMean(m, 1),
          tf.reduceMax(m, 0),
          tf.reduceMin(m, 1),
          tf.argmax(m, 1),
          tf.argmin(m, 0),
          tf.cumsum(m, 1),
          tf.reduceSum(tf.cast(tf.constant(big), dtype)),
        ];
        return out.map((o) => Array.from(o.dataSync() as ArrayLike<number>));
      });
      // Max, min and arg reductions are exact whatever the data: NaN, signed zeros, infinities.
      const [e, f] = both(() => {
        const m = tf.cast(tf.constant(values(513 * 1031, 11), "float32", [513, 1031]), dtype);
        const z = tf.mul(m, 0); // +0, -0 and NaN: which zero wins depends on the order
        return [
          tf.reduceMax(m),
          tf.reduceMax(z, 1),
          tf.reduceMin(z, 0),
          tf.reduceMax(tf.transpose(z), 1),
          tf.argmax(z, 1),
          tf.argmin(m, 0),
        ].map((o) => Array.from(o.dataSync() as ArrayLike<number>));
      });
      for (let k = 0; k < e.length; k++) same(e[k], f[k], `${dtype} max/min #${k}`);
      for (let k = 0; k < p.length; k++) {
        // Float sums and means accumulate in float64 in another order: last-bit differences.
        const loose = dtype !== "int32" && [0, 1, 2, 3, 4, 10].includes(k);
        if (loose) assertClose(p[k], q[k], dtype === "float32" ? 2e-7 : 1e-12, 1e-9);
        else same(p[k], q[k], `${dtype} reduction #${k}`);
      }
    }
  },
});

Deno.test({
  name: "cpu native: results do not depend on the thread count",
  ignore: !native,
  fn() {
    const k = nativeKernels();
    if (k === null) return;
    const x = tf.constant(values(2_000_000, 6));
    const run = () =>
      [tf.reduceSum(x), tf.exp(x), tf.reduceMax(tf.reshape(x, [2000, 1000]), 0)].map((t) =>
        Array.from(t.dataSync() as Float32Array)
      );
    const threads = k.threads;
    try {
      k.setThreads(1);
      const one = run();
      k.setThreads(3);
      const three = run();
      for (let i = 0; i < one.length; i++) same(three[i], one[i], `output ${i}`);
    } finally {
      k.setThreads(threads);
    }
  },
});

Deno.test({
  name: "cpu native: gather, scatter-add (gather gradient) and uniform random bits",
  ignore: !native,
  fn() {
    const table = values(5000 * 8, 7);
    const idx = Int32Array.from({ length: 3000 }, (_, i) => (i * 7919) % 5000);
    const [p, q] = both(() => {
      const x = new tf.Variable(tf.constant(table, "float32", [5000, 8]));
      const tape = new tf.GradientTape();
      const g = tf.gather(x, tf.constant(idx));
      const grad = tape.gradient(tf.reduceSum(tf.mul(g, g)), x) as tf.Tensor;
      tf.random.setSeed(42);
      const u = tf.random.uniform([100001], { minval: -2, maxval: 3 });
      const ui = tf.random.uniform([100001], { maxval: 1000, dtype: "int32" });
      return [g, grad, u, ui].map((o) => Array.from(o.dataSync() as ArrayLike<number>));
    });
    for (let k = 0; k < p.length; k++) same(p[k], q[k], `output ${k}`);
  },
});

Deno.test({
  name: "cpu native: im2col and col2im give the TypeScript kernels' results (threads on)",
  ignore: !native,
  fn() {
    const k = nativeKernels() as NonNullable<ReturnType<typeof nativeKernels>>;
    const fast = new CpuBackend(), slow = new CpuBackend({ native: false });
    const geometry = (
      h: number,
      w: number,
      [kh, kw, sh, sw, dh, dw, top, left, oh, ow]: number[],
    ): ConvGeometry => ({ h, w, kh, kw, sh, sw, dh, dw, top, left, oh, ow });
    // [n, h, w, c], geometry, element offset of the input: strides, dilations and padding on
    // every side; more channels than a col2im chunk (256); one channel.
    const cases: [number[], ConvGeometry, number][] = [
      [[3, 9, 11, 5], geometry(9, 11, [3, 3, 2, 1, 1, 2, 1, 2, 5, 10]), 3],
      [[2, 12, 10, 300], geometry(12, 10, [2, 3, 2, 2, 1, 1, 0, 1, 6, 5]), 0],
      [[1, 40, 40, 1], geometry(40, 40, [5, 5, 1, 1, 3, 3, 6, 6, 40, 40]), 1],
    ];
    /**
     * The values as `dtype`: floats scaled by 2^-20 ... 2^20 (so that their sums depend on the
     * order), large integers that wrap when summed, bigints for int64.
     */
    const cast = (v: Float32Array, dtype: DType): TypedArray => {
      const out = new ARRAY_TYPES[dtype](v.length) as Float64Array;
      const int = dtype !== "float32" && dtype !== "float64";
      for (let i = 0; i < v.length; i++) {
        const x = !int
          ? v[i] * 2 ** ((i * 7919) % 41 - 20)
          : Number.isFinite(v[i])
          ? Math.trunc(v[i] * 3e8)
          : 0;
        out[i] = dtype === "int64" ? BigInt(x) * 12345678n as unknown as number : x;
      }
      return out;
    };
    const view = (data: TypedArray, dtype: DType, shape: number[], offset = 0): View => ({
      storage: new CpuStorage(dtype, data),
      dtype,
      shape,
      strides: contiguousStrides(shape),
      offset,
      size: shape.reduce((a, b) => a * b, 1),
    });
    k.setParallelMin(0); // every call shared out over the pool
    try {
      for (const dtype of ["float32", "float64", "int32", "uint8", "int64"] as const) {
        for (const [[n, h, w, c], g, offset] of cases) {
          const image = [n, h, w, c];
          const cols = [n * g.oh * g.ow, g.kh * g.kw * c];
          const label = `${dtype} ${image} ${JSON.stringify(g)}`;
          const x = cast(values(n * h * w * c + offset, n + c), dtype);
          const y = cast(values(cols[0] * cols[1], h + c), dtype);
          const run = (b: CpuBackend) => {
            const p = view(new ARRAY_TYPES[dtype](cols[0] * cols[1]), dtype, cols);
            b.im2col(view(x, dtype, image, offset), g, p);
            const q = view(new ARRAY_TYPES[dtype](n * h * w * c), dtype, image);
            b.col2im(view(y, dtype, cols), g, q);
            return [p, q].map((v) => (v.storage as CpuStorage).data);
          };
          const calls = k.calls;
          const [p, q] = run(fast);
          assert.equal(k.calls, calls + 2, `${label}: the native kernels ran`);
          const [p0, q0] = run(slow);
          same(p as ArrayLike<number>, p0 as ArrayLike<number>, `${label} im2col`);
          same(q as ArrayLike<number>, q0 as ArrayLike<number>, `${label} col2im`);
        }
      }
    } finally {
      k.setParallelMin(-1);
    }
  },
});

/** The float64 sum of the products in order: what the TypeScript kernel computes. */
function ordered(a: Float64Array, b: Float64Array, m: number, k: number, n: number): number[] {
  const out: number[] = [];
  for (let i = 0; i < m; i++) {
    for (let j = 0; j < n; j++) {
      let s = 0;
      for (let q = 0; q < k; q++) s += a[i * k + q] * b[q * n + j];
      out.push(s);
    }
  }
  return out;
}

Deno.test("cpu: the TypeScript matmul is the ordered float64 sum, tiled or not", () => {
  setBlas(false);
  try {
    for (const [m, k, n] of [[2, 2, 2], [7, 300, 9], [33, 513, 17], [130, 3, 260], [1, 1000, 5]]) {
      const a = Float64Array.from(values(m * k, m), Number);
      const b = Float64Array.from(values(k * n, n), Number);
      const c = tf.device(
        "cpu",
        () =>
          tf.matmul(tf.constant(a, "float64", [m, k]), tf.constant(b, "float64", [k, n]))
            .dataSync(),
      );
      same(c, ordered(a, b, m, k, n), `${m}x${k}x${n}`);
      // float32: the same sums, rounded once.
      const c32 = tf.device("cpu", () =>
        tf.matmul(
          tf.transpose(tf.constant(a, "float32", [m, k]).transpose()),
          tf.constant(b, "float32", [k, n]),
        ).dataSync());
      const a32 = Float64Array.from(Float32Array.from(a)),
        b32 = Float64Array.from(Float32Array.from(b));
      same(c32, ordered(a32, b32, m, k, n).map(Math.fround), `float32 ${m}x${k}x${n}`);
    }
  } finally {
    setBlas(true);
  }
});

Deno.test({
  name: "cpu: BLAS matmul matches the TypeScript kernel (transposes, batches, broadcast batch)",
  ignore: !blas,
  fn() {
    assert.equal(tf.config.getCpuKernels().matmul, "blas");
    for (const dtype of ["float32", "float64"] as const) {
      const tol = dtype === "float32" ? 2e-5 : 1e-12;
      for (const [ta, tb] of [[false, false], [true, false], [false, true], [true, true]]) {
        const [p, q] = both(() => {
          const a = tf.constant(values(3 * 40 * 70, 8, 1), dtype, ta ? [3, 70, 40] : [3, 40, 70]);
          const b = tf.constant(values(70 * 50, 9, 1), dtype, tb ? [50, 70] : [70, 50]);
          return Array.from(
            tf.matmul(a, b, { transposeA: ta, transposeB: tb }).dataSync() as Float64Array,
          );
        });
        assertClose(p, q, tol, tol);
      }
    }
  },
});

async function runScript(args: string[], env: Record<string, string> = {}): Promise<string> {
  const script = `import * as tf from ${JSON.stringify(new URL("../mod.ts", import.meta.url).href)};
const i = tf.config.getCpuKernels();
const y = tf.matmul(tf.ones([64, 64]), tf.ones([64, 64])).add(tf.exp(tf.zeros([5000]).reshape([1, 5000])).sum());
console.log(JSON.stringify({ kernels: i.kernels, matmul: i.matmul, value: y.dataSync()[0] }));`;
  const out = await new Deno.Command(Deno.execPath(), {
    args: ["run", ...args, "-"],
    stdin: "piped",
    stdout: "piped",
    stderr: "piped",
    env,
  }).spawn();
  const w = out.stdin.getWriter();
  await w.write(new TextEncoder().encode(script));
  await w.close();
  const res = await out.output();
  const text = new TextDecoder().decode(res.stdout);
  assert.equal(res.code, 0, new TextDecoder().decode(res.stderr));
  return text.trim();
}

Deno.test("cpu: without permissions, or switched off, everything runs in TypeScript", async () => {
  const none = JSON.parse(await runScript(["--no-prompt"]));
  assert.deepEqual(none, { kernels: "typescript", matmul: "typescript", value: 5064 });
  const off = JSON.parse(
    await runScript(["-A"], { DENOTENSOR_CPU_KERNELS: "none", DENOTENSOR_BLAS: "none" }),
  );
  assert.deepEqual(off, { kernels: "typescript", matmul: "typescript", value: 5064 });
  if (native && blas) {
    const on = JSON.parse(await runScript(["-A"]));
    assert.deepEqual(on, { kernels: "native", matmul: "blas", value: 5064 });
  }
});

Deno.test("cpu: a disposed large tensor's buffer is reused by the next allocation", () => {
  tf.device("cpu", () => {
    const x = tf.ones([1_000_000]);
    const a = tf.add(x, 1);
    const buffer = (a.storage as CpuStorage).data.buffer;
    a.dispose();
    const b = tf.add(x, 2);
    assert.equal((b.storage as CpuStorage).data.buffer, buffer);
    assert.equal(b.dataSync()[123], 3);
    tf.tidy(() => void tf.mul(x, 3)); // disposed by tidy: pooled too
    const c = tf.mul(x, 4);
    assert.equal(c.dataSync()[0], 4);
    x.dispose();
    b.dispose();
    c.dispose();
  });
});
