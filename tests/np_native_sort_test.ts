// The native CPU library's sort (kernels/np_sort.cu, behind np.sort and np.unique) gives the
// TypeScript sort's order bit for bit: stable, NaNs last in their original order whatever their
// sign and payload, -0 and 0 in their original order, infinities and denormals in place; float32,
// float64, int32 and int64, one row or several, from empty rows to long ones (which the library
// shares over its threads); against hand-made expectations and against the TypeScript path.
// The C side refuses bad arguments with a status (a NativeLibraryError here), never a crash.
import {
  nativeKernels,
  nativeMinElements,
  setNativeKernels,
  setNativeMinElements,
} from "../src/backends/cpu/native.ts";
import { NativeLibraryError } from "../mod.ts";
import * as np from "../numpy.ts";
import { NDArray, type NpTypedArray } from "../src/ndarray.ts";
import { nativeSortRows } from "../src/np/sorting.ts";
import { assertEquals, assertThrows, makeRandom } from "./helpers.ts";

const kernels = nativeKernels();
const ignore = kernels === null
  ? (console.log(
    "skipped: the native CPU library is not built or not permitted (DENOTENSOR_CPU_KERNELS=none)",
  ),
    true)
  : false;

type Dtype = "float32" | "float64" | "int32" | "int64";
type Data = Float32Array | Float64Array | Int32Array | BigInt64Array;

function make(dtype: Dtype, n: number): Data {
  return dtype === "float32"
    ? new Float32Array(n)
    : dtype === "float64"
    ? new Float64Array(n)
    : dtype === "int32"
    ? new Int32Array(n)
    : new BigInt64Array(n);
}

/** The bytes of an array, as a string to compare (and to show where they differ). */
function bytes(a: NpTypedArray): Uint8Array {
  return new Uint8Array(a.buffer, a.byteOffset, a.byteLength);
}

/** The first element where two arrays' bits differ, or -1. */
function firstDiff(a: NpTypedArray, b: NpTypedArray): number {
  const x = bytes(a), y = bytes(b), size = a.BYTES_PER_ELEMENT;
  if (x.length !== y.length) return -2;
  for (let i = 0; i < x.length; i++) if (x[i] !== y[i]) return Math.floor(i / size);
  return -1;
}

/** A float64 NaN with the given sign and payload into `a` at `i`, bit for bit. */
function setNaN64(a: Float64Array, i: number, negative: boolean, payload: number): void {
  const w = new Uint32Array(a.buffer, a.byteOffset, 2 * a.length);
  w[2 * i + 1] = (negative ? 0xfff80000 : 0x7ff80000) | (Math.floor(payload / 2 ** 32) & 0x7ffff);
  w[2 * i] = payload >>> 0;
}

/** A float32 NaN with the given sign and payload into `a` at `i`, bit for bit. */
function setNaN32(a: Float32Array, i: number, negative: boolean, payload: number): void {
  new Uint32Array(a.buffer, a.byteOffset, a.length)[i] = (negative ? 0xffc00000 : 0x7fc00000) |
    (payload & 0x3fffff);
}

/** Random data with edge cases: NaNs of many payloads, both zeros, infinities, denormals. */
function sample(dtype: Dtype, n: number, seed: number, spread = 1e6): Data {
  const rnd = makeRandom(seed);
  const a = make(dtype, n);
  for (let i = 0; i < n; i++) {
    const r = rnd(), v = (rnd() - 0.5) * spread;
    if (dtype === "int32") (a as Int32Array)[i] = r < 0.3 ? Math.round(v / 1e5) : v | 0;
    else if (dtype === "int64") {
      (a as BigInt64Array)[i] = r < 0.1
        ? BigInt.asIntN(64, BigInt(Math.floor(rnd() * 2 ** 32)) << 31n)
        : BigInt(Math.round(r < 0.3 ? v / 1e5 : v));
    } else if (r < 0.04) {
      if (dtype === "float64") setNaN64(a as Float64Array, i, rnd() < 0.5, i * 7919);
      else setNaN32(a as Float32Array, i, rnd() < 0.5, i * 7919);
    } else if (r < 0.08) (a as Float64Array)[i] = rnd() < 0.5 ? -0 : 0;
    else if (r < 0.1) (a as Float64Array)[i] = rnd() < 0.5 ? -Infinity : Infinity;
    else if (r < 0.12) {
      (a as Float64Array)[i] = (rnd() - 0.5) * (dtype === "float32" ? 1e-40 : 1e-310);
    } else (a as Float64Array)[i] = r < 0.3 ? Math.round(v / 1e5) : v;
  }
  return a;
}

/** np.sort of the rows with the native kernels, then with the TypeScript sort. */
function bothSorts(x: NDArray, axis: number | null = -1): [NDArray, NDArray] {
  const native = np.sort(x, { axis });
  setNativeKernels(false);
  try {
    return [native, np.sort(x, { axis })];
  } finally {
    setNativeKernels(true);
  }
}

/** Runs `fn` with every size going native (DENOTENSOR_CPU_NATIVE_MIN=0). */
function allNative(fn: () => void): void {
  const before = nativeMinElements();
  setNativeMinElements(0);
  try {
    fn();
  } finally {
    setNativeMinElements(before);
  }
}

Deno.test({
  name: "native sort: hand-made rows (NaN payloads and signs, zeros, infinities, denormals)",
  ignore,
  fn() {
    // NaN(payload 1) at 0, NaN(negative, payload 2) at 6, NaN(payload 3) at 11: set by hand.
    const x = new Float64Array([0, 3, -0, Infinity, 0, 5e-324, 0, -Infinity, -5e-324, -0, 1, 0, 0]);
    const x14 = new Float64Array(14);
    x14.set(x), x14[13] = -2.5;
    const want = new Float64Array(14);
    want.set([-Infinity, -2.5, -5e-324, -0, 0, -0, 0, 5e-324, 1, 3, Infinity]);
    const row0 = new Float64Array([-0, 0, 5e-324, 3, Infinity, 0, 0]);
    const row1 = new Float64Array([-Infinity, -2.5, -5e-324, -0, 0, 1, 0]);
    const nans = (a: Float64Array | Float32Array, at: number[], which: number[]): void => {
      const set = a instanceof Float64Array ? setNaN64 : setNaN32;
      at.forEach((i, k) => set(a as never, i, which[k] === 2, which[k]));
    };
    nans(x14, [0, 6, 11], [1, 2, 3]);
    nans(want, [11, 12, 13], [1, 2, 3]);
    nans(row0, [5, 6], [1, 2]);
    nans(row1, [6], [3]);
    const out = new Float64Array(14);
    kernels!.npSort("float64", 1, 14, x14, out);
    assertEquals(firstDiff(out, want), -1, "float64");
    // Two rows of 7, each sorted on its own.
    const rows = new Float64Array(14);
    kernels!.npSort("float64", 2, 7, x14, rows);
    assertEquals(firstDiff(rows.subarray(0, 7), row0), -1, "row 0");
    assertEquals(firstDiff(rows.subarray(7), row1), -1, "row 1");
    // The same as float32 (its own denormal), NaN bits set by hand.
    const x32 = new Float32Array(x14), want32 = new Float32Array(want);
    x32[5] = want32[7] = 1e-45;
    x32[8] = want32[2] = -1e-45;
    nans(x32, [0, 6, 11], [1, 2, 3]);
    nans(want32, [11, 12, 13], [1, 2, 3]);
    const out32 = new Float32Array(14);
    kernels!.npSort("float32", 1, 14, x32, out32);
    assertEquals(firstDiff(out32, want32), -1, "float32");
    // Integers, with both extremes.
    const i32 = new Int32Array([5, -2147483648, 0, 2147483647, -1, 5, -7]);
    const o32 = new Int32Array(7);
    kernels!.npSort("int32", 1, 7, i32, o32);
    assertEquals(Array.from(o32), [-2147483648, -7, -1, 0, 5, 5, 2147483647]);
    const i64 = new BigInt64Array([
      5n,
      -(2n ** 63n),
      2n ** 53n + 1n,
      2n ** 63n - 1n,
      -1n,
      2n ** 53n,
    ]);
    const o64 = new BigInt64Array(6);
    kernels!.npSort("int64", 1, 6, i64, o64);
    assertEquals(Array.from(o64), [
      -(2n ** 63n),
      -1n,
      5n,
      2n ** 53n,
      2n ** 53n + 1n,
      2n ** 63n - 1n,
    ]);
  },
});

Deno.test({
  name: "native sort: long rows with many zeros and NaNs keep their order (the threaded path)",
  ignore,
  fn() {
    // 2^17 elements: the split shared over the threads; a third zeros, a tenth NaNs.
    const n = 1 << 17, x = new Float64Array(n), rnd = makeRandom(7);
    for (let i = 0; i < n; i++) {
      const r = rnd();
      if (r < 0.33) x[i] = i % 3 === 0 ? -0 : 0;
      else if (r < 0.43) setNaN64(x, i, i % 2 === 0, i);
      else x[i] = rnd() - 0.5;
    }
    const out = new Float64Array(n);
    kernels!.npSort("float64", 1, n, x, out);
    // The expected order from positions: negatives, zeros, positives by value (stable), NaNs.
    const at = Array.from({ length: n }, (_, i) => i);
    const rank = (v: number): number => (v !== v ? 3 : v < 0 ? 0 : v === 0 ? 1 : 2);
    at.sort((i, j) =>
      rank(x[i]) - rank(x[j]) || (rank(x[i]) !== 1 && rank(x[i]) !== 3 ? x[i] - x[j] : 0) || i - j
    );
    const bits = new BigUint64Array(x.buffer), want = new BigUint64Array(n);
    at.forEach((i, k) => (want[k] = bits[i]));
    assertEquals(firstDiff(out, want), -1);
  },
});

Deno.test({
  name: "native sort equals the TypeScript sort bit for bit (dtypes, shapes, sizes, axes)",
  ignore,
  fn() {
    allNative(() => {
      for (const dtype of ["float32", "float64", "int32", "int64"] as const) {
        for (
          const [shape, seed] of [
            [[0], 1],
            [[1], 2],
            [[2], 3],
            [[17], 4],
            [[33], 5],
            [
              [1000],
              6,
            ],
            [[5000], 7],
            [[100_000], 8],
            [[3, 0], 9],
            [[40, 33], 10],
            [[7, 300], 11],
            [
              [3, 70_000],
              12,
            ],
          ] as [number[], number][]
        ) {
          const size = shape.reduce((p, q) => p * q, 1);
          const x = new NDArray(sample(dtype, size, seed), shape, dtype);
          const axes: (number | null)[] = shape.length > 1 && size < 1e5 ? [-1, 0, null] : [-1];
          for (const axis of axes) {
            const [fast, slow] = bothSorts(x, axis);
            assertEquals(fast.shape, slow.shape);
            assertEquals(
              firstDiff(fast.data, slow.data),
              -1,
              `${dtype} ${JSON.stringify(shape)} axis ${axis}`,
            );
          }
        }
      }
      // A few distinct values, and a long run of one value (the one-bucket passes).
      const few = new Float64Array(70_000).map((_, i) => (i * 7) % 5 - 2);
      const [f1, s1] = bothSorts(new NDArray(few, [few.length], "float64"));
      assertEquals(firstDiff(f1.data, s1.data), -1, "few values");
      const same = new Float32Array(3000).fill(1.5);
      same[100] = -0;
      const [f2, s2] = bothSorts(new NDArray(same, [same.length], "float32"));
      assertEquals(firstDiff(f2.data, s2.data), -1, "one value");
      // The native path ran.
      const out = new Float64Array(4);
      assertEquals(nativeSortRows(new Float64Array([3, 1, 2, 0]), "float64", 1, 4, out), true);
      assertEquals(Array.from(out), [0, 1, 2, 3]);
    });
  },
});

Deno.test({
  name: "np.unique of floats and ints: native sort, the TypeScript path's values bit for bit",
  ignore,
  fn() {
    allNative(() => {
      for (const dtype of ["float32", "float64", "int32", "int64"] as const) {
        for (const [n, spread] of [[0, 1], [5, 10], [3000, 1e6], [50_000, 1e9], [50_000, 100]]) {
          const x = new NDArray(sample(dtype, n, n + spread, spread), [n], dtype);
          for (const equal_nan of [true, false]) {
            const fast = np.unique(x, { equal_nan });
            setNativeKernels(false);
            let slow: NDArray;
            try {
              slow = np.unique(x, { equal_nan });
            } finally {
              setNativeKernels(true);
            }
            assertEquals(fast.shape, slow.shape, `${dtype} ${n} ${spread} ${equal_nan}`);
            assertEquals(firstDiff(fast.data, slow.data), -1, `${dtype} ${n} ${spread}`);
          }
        }
      }
      // About 3000 distinct values in 50 000: hashed by the TypeScript path, sorted natively.
      const rnd = makeRandom(3);
      for (const dtype of ["float64", "int32"] as const) {
        const d = make(dtype, 50_000) as Float64Array;
        for (let i = 0; i < d.length; i++) d[i] = Math.round(rnd() * 3000) - 1500;
        d[0] = d[1] = d[2];
        const fast = np.unique(new NDArray(d, [d.length], dtype));
        setNativeKernels(false);
        try {
          const slow = np.unique(new NDArray(d, [d.length], dtype));
          assertEquals(firstDiff(fast.data, slow.data), -1, `${dtype} 3000 values`);
        } finally {
          setNativeKernels(true);
        }
      }
      // -0 first in the input: the kept zero is -0; NaNs collapse to the first one.
      const u = np.unique(np.array([2, -0, NaN, 0, 1, NaN, -0]));
      assertEquals(Object.is(u.data[0], -0) && u.size === 4 && u.data[3] !== u.data[3], true);
    });
  },
});

Deno.test({
  name: "native sort: bad arguments give a status, never a crash",
  ignore,
  fn() {
    const k = kernels!;
    const x = new Float64Array(10), out = new Float64Array(10);
    // out too short for 2 rows of 10 / x too short
    assertThrows(() => k.npSort("float64", 2, 10, x, out), NativeLibraryError, "npSort", "1005");
    assertThrows(() => k.npSort("float64", 1, 11, x, out), NativeLibraryError, "npSort", "1005");
    // no native sort for uint8 (code 1)
    assertThrows(
      () => k.npSort("uint8" as Dtype, 1, 10, x, out),
      NativeLibraryError,
      "npSort",
      "1002",
    );
    // a count that is not a whole number, or negative
    assertThrows(() => k.npSort("float64", 1, 2.5, x, out), NativeLibraryError, "1003");
    assertThrows(() => k.npSort("float64", -1, 2, x, out), NativeLibraryError, "1003");
    // out overlapping x
    assertThrows(() => k.npSort("float64", 1, 10, x, x), NativeLibraryError, "status 1 ");
    assertThrows(
      () => k.npSort("float64", 1, 5, x, x.subarray(2)),
      NativeLibraryError,
      "invalid argument",
    );
    // nothing to sort: fine whatever the pointers
    k.npSort("float64", 0, 10, new Float64Array(0), new Float64Array(0));
    k.npSort("float64", 3, 0, new Float64Array(0), new Float64Array(0));
  },
});

Deno.test("TypeScript sort: a zero among many tiny denormals (once an endless recursion)", () => {
  setNativeKernels(false);
  try {
    const up = np.sort(np.array(Array.from({ length: 40 }, (_, i) => (39 - i) * 1e-311)));
    assertEquals(
      Array.from(up.data as Float64Array),
      Array.from({ length: 40 }, (_, i) => i * 1e-311),
    );
    const raw = new Float64Array(40).map((_, i) => -(i % 20) * 1e-311);
    const p = np.partition(new NDArray(raw, [40], "float64"), 5);
    assertEquals((p.data as Float64Array)[5], -17 * 1e-311);
  } finally {
    setNativeKernels(true);
  }
});
