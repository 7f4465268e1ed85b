// The CUDA backend's parallel scatter-add and 32-bit gather (kernels/indexing.cu): with many
// indices, scatter-add sorts them (a stable merge sort) and folds each run of equal indices in
// position order, in parallel; its result must be the CPU backend's bit for bit (floats round at
// each addition in index order, integers wrap) and the same on every run. Out-of-range indices
// raise the error they always did. The launch log checks that a 1-D scatter-add spreads over many
// blocks; gather must give the CPU's values on its 32-bit and 64-bit index paths. Runs where CUDA
// is available (a GPU, or DENOTENSOR_DEVICE=cuda-emu); the 64-bit paths are driven through the
// emulation library's C interface where that library is built.
import * as tf from "../mod.ts";
import type { DType, Tensor } from "../mod.ts";
import { scatterAdd } from "../src/ops/indexing.ts";
import { DTYPE_INFO } from "../src/dtype.ts";
import {
  assertEquals,
  assertThrows,
  cudaTest,
  EMU_LIB,
  emuBuilt,
  ints,
  launchLog,
  onEmulation,
} from "./helpers.ts";

const test = cudaTest;

// The launch log needs the emulation library (it prints the GPU's grids without a GPU).
const emu = onEmulation();

/** Indices of `dtype` made on the CPU. */
function indices(values: number[], dtype: "uint8" | "int32" | "int64", shape?: number[]): Tensor {
  return tf.device(
    "cpu",
    () =>
      dtype === "int64"
        ? tf.constant(BigInt64Array.from(values, (v) => BigInt(v)), "int64", shape)
        : tf.constant(values, dtype, shape),
  );
}

/** float32 data of `shape` made on the CPU: normal values over a few magnitudes. */
function floats(shape: number[], seed: number): Tensor {
  tf.random.setSeed(seed);
  return tf.device("cpu", () => {
    const size = shape.reduce((a, b) => a * b, 1);
    const scale = tf.constant(ints(size, 0, 3, seed).map((e) => 10 ** (2 * e - 3)), "float32");
    return tf.random.normal(shape).mul(scale.reshape(shape));
  });
}

/** The gradient of gather(x, idx, axis) for x of `shape`, output gradient dy, on `device`. */
function gatherGrad(device: string, shape: number[], idx: Tensor, axis: number, dy: Tensor) {
  return tf.tidy(() =>
    tf.device(device, () => {
      const x = tf.zeros(shape, dy.dtype);
      const i = device === "cpu" ? idx : idx.cuda();
      const g = device === "cpu" ? dy : dy.cuda();
      const tape = new tf.GradientTape();
      tape.watch(x);
      const y = tf.gather(x, i, axis);
      const grad = tape.gradient(y, x, { outputGradients: g }) as Tensor;
      assertEquals(grad.device, device === "cpu" ? "cpu" : "cuda:0");
      return grad.dataSync().slice();
    })
  );
}

/** The gather gradient on CUDA twice and on the CPU: all three the same bits. */
function sameGrad(shape: number[], idx: Tensor, axis: number, dy: Tensor, what: string): void {
  const want = gatherGrad("cpu", shape, idx, axis, dy);
  const got = gatherGrad("cuda", shape, idx, axis, dy);
  assertEquals(got, want, `${what}: CUDA against the CPU`);
  assertEquals(gatherGrad("cuda", shape, idx, axis, dy), got, `${what}: a second run`);
}

test("gather's gradient over 10^6 repeated indices (1-D) is the CPU's, bit for bit", () => {
  const n = 1000, m = 1_000_000;
  const idx = indices(ints(m, 0, n - 1, 11), "int32");
  const dy = floats([m], 3);
  sameGrad([n], idx, 0, dy, "1-D, int32 indices");
  // A single index repeated throughout, and sorted indices (one long run each).
  const m2 = 100_000;
  sameGrad([n], indices(new Array(m2).fill(7), "int32"), 0, floats([m2], 4), "one index");
  const sorted = ints(m2, 0, n - 1, 5).sort((a, b) => a - b);
  sameGrad([n], indices(sorted, "int32"), 0, floats([m2], 6), "sorted indices");
});

test("gather's gradient with outer and inner axes, every index dtype, is the CPU's", () => {
  const m = 100_000;
  sameGrad(
    [3, 700, 4],
    indices(ints(m, 0, 699, 21), "int32"),
    1,
    floats([3, m, 4], 7),
    "[3, 700, 4] axis 1",
  );
  sameGrad([200, 3], indices(ints(m, 0, 199, 22), "uint8"), 0, floats([m, 3], 8), "uint8");
  sameGrad([5000], indices(ints(m, 0, 4999, 23), "int64"), 0, floats([m], 9), "int64");
  // 2-D indices; just below, at and above the sorted way's threshold (64 indices).
  const idx2 = indices(ints(m, 0, 29, 24), "int32", [500, 200]);
  sameGrad([4, 30], idx2, 1, floats([4, 500, 200], 10), "2-D indices");
  for (const k of [63, 64, 65]) {
    sameGrad([9], indices(ints(k, 0, 8, k), "int32"), 0, floats([k], k), `${k} indices`);
  }
});

test("scatterNd of int32 wraps as on the CPU (10^5 indices)", () => {
  const m = 100_000, n = 16;
  const rows = ints(m, 0, n - 1, 31);
  const big = ints(m, 2 ** 31 - 1000, 2 ** 31 - 1, 32).map((v, i) => (i % 3 === 0 ? -v : v));
  const idx = indices(rows, "int32", [m, 1]);
  const upd = tf.device("cpu", () => tf.constant(big, "int32"));
  const want = new Int32Array(n);
  for (let j = 0; j < m; j++) want[rows[j]] = (want[rows[j]] + big[j]) | 0;
  const cpu = tf.device("cpu", () => tf.scatterNd(idx, upd, [n])).dataSync();
  assertEquals(cpu, want, "the CPU wraps");
  for (let run = 0; run < 2; run++) {
    const got = tf.device("cuda", () => tf.scatterNd(idx.cuda(), upd.cuda(), [n]));
    assertEquals(got.device, "cuda:0");
    assertEquals(got.dataSync(), want, `run ${run}`);
  }
});

test("an out-of-range scatter-add index raises the same error, many indices or few", () => {
  const n = 1000;
  for (const m of [5, 100_000]) {
    for (const bad of [1234, -5]) {
      const values = ints(m, 0, n - 1, m);
      values[m >> 1] = bad;
      values[m - 1] = bad;
      const idx = indices(values, "int32").cuda();
      const upd = tf.device("cuda", () => tf.ones([m]));
      const out = tf.device("cuda", () => scatterAdd(upd, idx, 0, [n]));
      assertThrows(
        () => out.dataSync(),
        tf.InvalidArgumentError,
        `index ${bad} is out of range [0, ${n})`,
      );
      // The other indices were added; the flag is clear again.
      const counts = new Float32Array(n);
      for (const v of values) if (v >= 0 && v < n) counts[v]++;
      assertEquals(out.dataSync(), counts, `m = ${m}, index ${bad}`);
      out.dispose();
    }
  }
});

test("gather on CUDA is the CPU's (32-bit index path), every element size", () => {
  const m = 20_000;
  const cases: [DType, number[], number][] = [
    ["float32", [5, 300, 7], 1],
    ["float64", [300, 3], 0],
    ["int32", [4, 300], 1],
    ["uint8", [300], 0],
    ["bool", [2, 300, 2], 1],
  ];
  for (const [dtype, shape, axis] of cases) {
    const x = tf.device("cpu", () => floats(shape, 40).mul(1000).cast(dtype));
    for (const idt of ["uint8", "int32", "int64"] as const) {
      const idx = indices(ints(m, 0, Math.min(shape[axis], 256) - 1, 41), idt);
      const want = tf.device("cpu", () => tf.gather(x, idx, axis)).dataSync();
      const got = tf.device("cuda", () => tf.gather(x.cuda(), idx.cuda(), axis)).dataSync();
      assertEquals(got, want, `${dtype} ${shape} axis ${axis} ${idt}`);
    }
  }
});

Deno.test({
  name: "a 1-D scatter-add of 10^6 indices launches thousands of blocks" +
    (emu ? "" : " (skipped: needs DENOTENSOR_DEVICE=cuda-emu)"),
  ignore: !emu,
  async fn() {
    const body = (m: number) => `
      const m = ${m};
      const idx = tf.device("cuda", () =>
        tf.random.uniform([m], { maxval: 1000, dtype: "int32", seed: 1 }));
      const dy = tf.device("cuda", () => tf.ones([m]));
      const x = tf.device("cuda", () => tf.zeros([1000]));
      await idx.data();
      console.error("launch-log-start");
      tf.device("cuda", () => {
        const tape = new tf.GradientTape();
        tape.watch(x);
        tape.gradient(tf.gather(x, idx), x, { outputGradients: dy }).dataSync();
      });
    `;
    const scatter = (await launchLog(body(1_000_000))).filter((l) => l.kernel.includes("scatter"));
    if (!scatter.some((l) => l.grid >= 132)) {
      throw new Error(`no scatter launch with >= 132 blocks: ${JSON.stringify(scatter)}`);
    }
    // 20 merge passes (runs of 1 to 2^19 merged) and the fold, each over all 10^6 items.
    assertEquals(
      scatter.map((l) => [l.kernel.replace(/<.*>/, ""), l.grid]),
      [
        ...new Array(20).fill(["dt_scatter_merge_kernel", 3907]),
        ["dt_scatter_fold_kernel", 3907],
      ],
    );
    // A few indices stay on the one-thread-per-lane kernel.
    const small = (await launchLog(body(10))).filter((l) => l.kernel.includes("scatter"));
    assertEquals(small.map((l) => [l.kernel, l.grid]), [["dt_scatter_add_kernel<P>", 1]]);
  },
});

// Sizes beyond 32 bits without the memory: the call claims an axis of 2^33 rows (and extents to
// match) but indexes only the first rows, which exist; an index out of range is never read.
Deno.test({
  name: "gather and the sorted scatter-add on their 64-bit index paths (emulation library)" +
    (emuBuilt() ? "" : ` (skipped: ${EMU_LIB} is not built; run deno task build)`),
  ignore: !emuBuilt(),
  fn() {
    const lib = Deno.dlopen(EMU_LIB, {
      dt_gather: {
        parameters: ["i32", "i32", "buffer", "pointer", "pointer", "pointer", "pointer"],
        result: "i32",
      },
      dt_scatter_add_f32: {
        parameters: ["i32", "buffer", "pointer", "pointer", "pointer", "pointer"],
        result: "i32",
      },
      dt_check_flag: { parameters: ["pointer", "buffer"], result: "i32" },
    });
    const ptr = (a: ArrayBufferView) => Deno.UnsafePointer.of(a as Uint8Array<ArrayBuffer>);
    const flag = () => {
      const f = new Float64Array(3);
      assertEquals(lib.symbols.dt_check_flag(null, f), 0);
      return Array.from(f);
    };
    try {
      assertEquals(flag(), [0, 0, 0], "no flag before");
      const n = 2 ** 33, inner = 3, m = 100, rows = 50, i64 = DTYPE_INFO.int64.code;
      const values = ints(m, 0, rows - 1, 51);
      values[17] = n; // out of range
      const idx = BigInt64Array.from(values, (v) => BigInt(v));
      const x = Float32Array.from({ length: rows * inner }, (_, i) => i * 0.5 + 1);
      const out = new Float32Array(m * inner).fill(NaN);
      const gdims = new Float64Array([1, n, inner, m, n * inner, m, m * inner]);
      assertEquals(lib.symbols.dt_gather(4, i64, gdims, ptr(x), ptr(idx), ptr(out), null), 0);
      const want = new Float32Array(m * inner);
      for (let j = 0; j < m; j++) {
        for (let k = 0; k < inner; k++) {
          want[j * inner + k] = values[j] < rows ? x[values[j] * inner + k] : 0;
        }
      }
      assertEquals(out, want, "gather");
      assertEquals(flag(), [1, n, n], "gather's flag");

      values[17] = -7; // out of range
      const sidx = BigInt64Array.from(values, (v) => BigInt(v));
      const upd = Float32Array.from(ints(m * inner, 0, 999, 52), (v) => (v - 500) / 7);
      const acc = Float32Array.from({ length: rows * inner }, (_, i) => i / 3);
      const expect = acc.slice();
      for (let j = 0; j < m; j++) {
        if (values[j] < 0) continue;
        for (let k = 0; k < inner; k++) {
          const o = values[j] * inner + k;
          expect[o] = Math.fround(expect[o] + upd[j * inner + k]);
        }
      }
      const sdims = new Float64Array([1, n, inner, m, m * inner, m, n * inner]);
      assertEquals(
        lib.symbols.dt_scatter_add_f32(i64, sdims, ptr(upd), ptr(sidx), ptr(acc), null),
        0,
      );
      assertEquals(acc, expect, "scatter-add");
      assertEquals(flag(), [1, -7, n], "scatter-add's flag");
    } finally {
      lib.close();
    }
  },
});
