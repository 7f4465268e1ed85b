// The native CPU library's max/min and argmax/argmin of float rows (kernels/np_extremum.cu,
// behind np.max, np.min, np.argmax, np.argmin) against a plain loop with NumPy's rules: NaN
// propagates (argmax: the first NaN), a zero max/min takes the sign of the last zero, argmax
// gives the first extremum. Rows long enough to be cut into chunks for the pool's threads, NaNs
// and equal extrema on both sides of a chunk or block boundary; and the C side refuses extents
// that do not hold the data.
import { nativeKernels } from "../src/backends/cpu/native.ts";
import * as np from "../numpy.ts";
import { NativeLibraryError } from "../mod.ts";
import { assertEquals, assertThrows } from "./helpers.ts";

const kernels = nativeKernels();
const why = "the native CPU library is not built or not permitted (DENOTENSOR_CPU_KERNELS=none)";

type Float = Float32Array | Float64Array;

/** NumPy's maximum.reduce / minimum.reduce of a row, as the TypeScript loops compute it. */
function refExtremum(x: Float, b: number, n: number, max: boolean): number {
  let m = max ? -Infinity : Infinity;
  for (let i = b; i < b + n; i++) {
    if (x[i] !== x[i]) return NaN;
    if (max ? x[i] > m : x[i] < m) m = x[i];
  }
  if (m === 0) { for (let i = b + n - 1; i >= b; i--) if (x[i] === 0) return x[i]; }
  return m;
}

/** NumPy's argmax/argmin of a row: the first NaN, else the first extremum. */
function refArg(x: Float, b: number, n: number, max: boolean): number {
  let at = 0;
  for (let i = 0; i < n; i++) {
    const v = x[b + i];
    if (v !== v) return i;
    if (max ? v > x[b + at] : v < x[b + at]) at = i;
  }
  return at;
}

/** A reproducible row-major input with NaNs, zeros of both signs and repeated extrema planted. */
function input(dtype: "float32" | "float64", rows: number, n: number, plant: string): Float {
  const x = dtype === "float32" ? new Float32Array(rows * n) : new Float64Array(rows * n);
  let h = 12345;
  for (let i = 0; i < x.length; i++) {
    h = (h * 1103515245 + 12345) % 2147483648;
    x[i] = h / 2 ** 30 - 1;
  }
  for (let r = 0; r < rows; r++) {
    const b = r * n;
    if (plant === "nan") {
      // NaNs after a chunk boundary (2^16) and a block boundary (2048), the earlier one wins.
      for (const at of [n - 1, 65537, 2049, 3 * 2048 + 5]) if (at < n) x[b + at] = NaN;
    } else if (plant === "zeros") {
      for (let i = 0; i < n; i++) x[b + i] = -Math.abs(x[b + i]);
      for (const at of [5, 2047, 70000, n - 3]) if (at < n) x[b + at] = (at & 1) ? -0 : 0;
    } else if (plant === "ties") {
      for (const at of [n - 2, 131073, 65536, 4097]) if (at < n) x[b + at] = 1.5;
      for (const at of [n - 1, 131075, 65539, 4099]) if (at < n) x[b + at] = -1.5;
    } else if (plant === "inf") {
      x.fill(-Infinity, b, b + n);
      if (n > 3) x[b + n - 3] = Infinity;
    }
  }
  return x;
}

const SHAPES: [number, number][] = [[1, 1], [1, 33], [1, 2049], [1, 300_001], [7, 5000], [
  500,
  9,
], [2, 140_000]];
const PLANTS = ["none", "nan", "zeros", "ties", "inf"];

Deno.test({
  name: "native max/min/argmax/argmin follow NumPy's NaN, zero and first-index rules",
  ignore: kernels === null ? (console.log(`skipped: ${why}`), true) : false,
  fn() {
    for (const dtype of ["float32", "float64"] as const) {
      for (const [rows, n] of SHAPES) {
        for (const plant of PLANTS) {
          const x = input(dtype, rows, n, plant);
          for (const max of [true, false]) {
            const out = dtype === "float32" ? new Float32Array(rows) : new Float64Array(rows);
            const idx = new BigInt64Array(rows);
            kernels!.npExtremum(false, max, dtype, rows, n, x, out);
            kernels!.npExtremum(true, max, dtype, rows, n, x, idx);
            for (let r = 0; r < rows; r++) {
              const what = `${dtype} ${rows}x${n} ${plant} ${max ? "max" : "min"} row ${r}`;
              assertEquals(Object.is(out[r], refExtremum(x, r * n, n, max)), true, what);
              assertEquals(Number(idx[r]), refArg(x, r * n, n, max), `arg ${what}`);
            }
          }
        }
      }
    }
  },
});

Deno.test({
  name: "np.max and np.argmax of large float arrays agree with plain loops (native or not)",
  fn() {
    const x = input("float64", 3, 100_000, "ties");
    const a = new np.NDArray(x, [3, 100_000], "float64");
    const m = np.max(a, { axis: 1 }).data as Float64Array;
    const i = np.argmax(a, { axis: -1 }).data as BigInt64Array;
    for (let r = 0; r < 3; r++) {
      assertEquals(m[r], refExtremum(x, r * 100_000, 100_000, true));
      assertEquals(Number(i[r]), refArg(x, r * 100_000, 100_000, true));
    }
    // Over the leading axis the iteration is not rows: the loops answer, with the same rules.
    const cols = np.min(a, { axis: 0 }).data as Float64Array;
    assertEquals(cols[7], Math.min(x[7], x[100_007], x[200_007]));
    assertEquals(Number(np.argmin(a).item()), refArg(x, 0, 300_000, false));
  },
});

Deno.test({
  name: "native extremum kernels refuse extents that do not hold the rows",
  ignore: kernels === null ? (console.log(`skipped: ${why}`), true) : false,
  fn() {
    const x = new Float32Array(10), out = new Float32Array(2);
    assertThrows(
      () => kernels!.npExtremum(false, true, "float32", 2, 6, x, out),
      NativeLibraryError,
    );
    assertThrows(
      () => kernels!.npExtremum(true, true, "float32", 3, 2, x, new BigInt64Array(2)),
      NativeLibraryError,
    );
    assertThrows(
      () => kernels!.npExtremum(false, true, "float32", 1, 0, x, out),
      NativeLibraryError,
    );
  },
});
