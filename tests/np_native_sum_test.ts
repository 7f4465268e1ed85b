// The native CPU library's NumPy-order float sums (kernels/np_sum.cu, behind np.sum, np.mean,
// np.var and np.std) give NumPy's bits: rows (each row's pairwise sum, a long single row split
// over threads along the pairwise tree) and columns (rows added in order), float32 and float64,
// against NumPy itself on the same inputs; and the C side refuses extents that do not hold the
// data.
import { nativeKernels } from "../src/backends/cpu/native.ts";
import { NativeLibraryError } from "../mod.ts";
import { assertEquals, assertThrows } from "./helpers.ts";
import { python } from "./python.ts";

const kernels = nativeKernels();
const why = "the native CPU library is not built or not permitted (DENOTENSOR_CPU_KERNELS=none)";

/** The hash sequence of tests/np_sum_oracle.py in `dtype`. */
function input(dtype: "float32" | "float64", size: number): Float32Array | Float64Array {
  const x = dtype === "float32" ? new Float32Array(size) : new Float64Array(size);
  for (let i = 0; i < size; i++) {
    const h = Number((BigInt(i) * 2654435761n + 12345n) % 4294967296n);
    x[i] = h / 2 ** 31 - 1;
  }
  return x;
}

function hex(a: Float32Array | Float64Array): string {
  return Array.from(
    new Uint8Array(a.buffer, a.byteOffset, a.byteLength),
    (b) => b.toString(16).padStart(2, "0"),
  ).join("");
}

const CASES: ["float32" | "float64", number, number, 0 | 1][] = [];
for (const dtype of ["float32", "float64"] as const) {
  for (const n of [1, 7, 8, 9, 127, 128, 129, 255, 1000, 65536, 65543, 1_000_003]) {
    CASES.push([dtype, 1, n, 1]);
  }
  CASES.push([dtype, 300, 129, 1], [dtype, 7, 10_000, 1], [dtype, 300, 129, 0], [
    dtype,
    4,
    5000,
    0,
  ]);
}

Deno.test({
  name: "native NumPy-order sums equal NumPy's to the bit",
  ignore: kernels === null ? (console.log(`skipped: ${why}`), true) : false,
  async fn() {
    const want = JSON.parse(await python("np_sum_oracle.py", JSON.stringify(CASES))) as string[];
    CASES.forEach(([dtype, rows, n, axis], c) => {
      const x = input(dtype, rows * n);
      const out = dtype === "float32"
        ? new Float32Array(axis ? rows : n)
        : new Float64Array(axis ? rows : n);
      kernels!.npSum(axis ? "rows" : "cols", dtype, rows, n, x, out);
      assertEquals(hex(out), want[c], `${dtype} ${rows}x${n} axis ${axis}`);
    });
  },
});

Deno.test({
  name: "native NumPy-order sums: the C side checks the extents",
  ignore: kernels === null,
  fn() {
    const x = new Float64Array(10), out = new Float64Array(1);
    assertThrows(
      () => kernels!.npSum("rows", "float64", 2, 10, x, out),
      NativeLibraryError,
      "npSum",
    );
    assertThrows(
      () => kernels!.npSum("cols", "float64", 1, 10, x, out),
      NativeLibraryError,
      "npSum",
    );
  },
});
