// NumPy's `out=` on the ufuncs of `np` (`np.add(a, b, { out: c })`): the result is written into
// `out` and `out` itself is returned; its dtype takes the loop's result under "same_kind"; its
// shape is the broadcast shape; strided outputs, outputs aliasing an input in place, and outputs
// overlapping an input otherwise (computed into a temporary first, as NumPy) give NumPy's
// values. The expected values of the overlap and rounding cases were computed with NumPy 2.4.
// Arrays of 5000 elements take the tensor kernels' native path (when FFI is granted); run also
// with DENOTENSOR_CPU_KERNELS=none for the TypeScript kernels.
import * as np from "../numpy.ts";
import { InvalidArgumentError } from "../src/errors.ts";
import { assertEquals, assertThrows } from "./helpers.ts";

type Case = [name: string, run: (o?: { out: np.NDArray }) => np.NDArray, dtype: np.NpDType];

const f32 = np.array([1.5, -2, 4, 9], "float32");
const i32 = np.array([7, -7, 3, 0], "int32");
const i64 = np.array([7, -7, 9, -9], "int64");

/** One ufunc call per case, with the dtype of its result. */
const CASES: Case[] = [
  ["add", (o) => np.add(f32, np.array([1, 2, 3, 4], "float32"), o), "float32"],
  ["multiply", (o) => np.multiply(i32, 3, o), "int32"],
  ["sqrt", (o) => np.sqrt([1, 2, 4, 9], o), "float64"],
  ["maximum", (o) => np.maximum(f32, [2, NaN, 3, 10], o), "float64"],
  ["less", (o) => np.less(i32, [8, -8, 3, 1], o), "bool"],
  ["floor_divide", (o) => np.floor_divide(i64, np.array([2, 2, -4, -4], "int64"), o), "int64"],
  ["round", (o) => np.round([2.675, -0.125, 1.5, 3], { decimals: 2, ...o }), "float64"],
];

for (const [name, run, dtype] of CASES) {
  Deno.test(`np.${name} with out of the result's dtype returns out with the values`, () => {
    const want = run();
    assertEquals(want.dtype, dtype);
    const out = np.full([4], 5, dtype);
    const got = run({ out });
    if (got !== out) throw new Error(`np.${name} did not return out itself`);
    assertEquals(got.tolist(), want.tolist());
  });
}

Deno.test("values equal NumPy's: floor_divide int64, less into bool", () => {
  const q = np.zeros([4], "int64");
  np.floor_divide(i64, np.array([2, 2, -4, -4], "int64"), { out: q });
  assertEquals(q.tolist(), [3n, -4n, -3n, 2n]);
  const b = np.zeros([4], "bool");
  np.less(i32, [8, -8, 3, 1], { out: b });
  assertEquals(b.tolist(), [true, false, false, true]);
});

Deno.test("a float32 loop into a float64 out: the float32 results, widened", () => {
  const a = np.array([0.1, 1 / 3, 2], "float32");
  const want = np.add(a, a);
  const out = np.zeros([3], "float64");
  assertEquals(np.add(a, a, { out }).tolist(), want.astype("float64").tolist());
  assertEquals((out.tolist() as number[])[0], Math.fround(Math.fround(0.1) * 2));
  // float16 sqrt (computed in float32, rounded to float16) into float32, as NumPy.
  const s = np.zeros([3], "float32");
  np.sqrt(np.array([1, 2, 3], "float16"), { out: s });
  assertEquals(s.tolist(), [1, 1.4140625, 1.732421875]);
  // A comparison into float32 (bool casts to anything).
  const c = np.ones([2], "float32");
  np.less(np.array([1, 2], "int8"), 1000, { out: c });
  assertEquals(c.tolist(), [1, 1]);
});

Deno.test("an out of a dtype the result does not cast to under same_kind is an error", () => {
  const E = InvalidArgumentError;
  const out = np.zeros([3], "int32");
  assertThrows(() => np.sqrt([1, 2, 3], { out }), E, "np.sqrt", "float64", "int32", "same_kind");
  assertThrows(() => np.add([1.5], 1, { out: np.zeros([1], "int64") }), E, "np.add", "same_kind");
  assertThrows(
    () => np.add(np.array([1], "int64"), 1, { out: np.zeros([1], "uint8") }),
    E,
    "int64",
    "uint8",
  );
  assertThrows(
    () => np.round(np.array([1250, 1351], "int64"), { decimals: -2, out: np.zeros([2], "int64") }),
    E,
    "np.round",
    "same_kind",
  );
  // Narrowing within a kind is same_kind: allowed (values wrap or round as astype).
  const o8 = np.zeros([1], "int8");
  assertEquals(np.add(np.array([100], "int64"), 100, { out: o8 }).tolist(), [-56]);
});

Deno.test("an out of another shape than the broadcast shape is an error naming both", () => {
  const E = InvalidArgumentError;
  const a = np.ones([2, 3]);
  assertThrows(() => np.add(a, 1, { out: np.zeros([3]) }), E, "np.add", "(3,)", "(2,3)");
  assertThrows(() => np.add(a, 1, { out: np.zeros([1, 3]) }), E, "(1,3)", "(2,3)");
  assertThrows(() => np.sqrt(a, { out: np.zeros([3, 2]) }), E, "np.sqrt", "(3,2)", "(2,3)");
  // As NumPy, the inputs broadcast to a larger out.
  const big = np.zeros([2, 3]);
  np.add(np.array([1, 2, 3]), 1, { out: big });
  assertEquals(big.tolist(), [[2, 3, 4], [2, 3, 4]]);
  np.sqrt(np.array([1, 4, 9], "float32"), { out: big });
  assertEquals(big.tolist(), [[1, 2, 3], [1, 2, 3]]);
  np.sqrt(np.array([4, 9, 16]), { out: big }); // the kernel's own output, the input broadcast
  assertEquals(big.tolist(), [[2, 3, 4], [2, 3, 4]]);
  const n = 5000, wide = np.zeros([2, n]);
  np.negative(np.arange(n, undefined, 1, "float64"), { out: wide });
  assertEquals((wide.tolist() as number[][]).map((r) => r[n - 1]), [1 - n, 1 - n]);
});

for (const n of [6, 5000]) {
  Deno.test(`a strided out (every other element), ${n} elements: the others keep theirs`, () => {
    const a = np.arange(n, undefined, 1, "float32"), b = np.full([n], 0.5, "float32");
    const big = np.full([2 * n], -1, "float32");
    const out = big.at("::2");
    if (np.add(a, b, { out }) !== out) throw new Error("out not returned");
    const got = big.tolist() as number[];
    for (let i = 0; i < 2 * n; i++) {
      const want = i % 2 === 0 ? i / 2 + 0.5 : -1;
      if (got[i] !== want) throw new Error(`element ${i}: ${got[i]}, expected ${want}`);
    }
    // A cast into a strided float64 column.
    const m = np.full([n, 2], 7);
    np.multiply(a, 2, { out: m.at("...", 1) });
    assertEquals((m.tolist() as number[][]).slice(0, 2), [[7, 0], [7, 2]]);
    assertEquals((m.tolist() as number[][])[n - 1], [7, 2 * (n - 1)]);
  });

  Deno.test(`in place, ${n} elements: np.add(a, b, { out: a })`, () => {
    const a = np.arange(n, undefined, 1, "float32"), b = np.full([n], 2, "float32");
    const want = np.add(a, b).tolist();
    assertEquals(np.add(a, b, { out: a }).tolist(), want);
    assertEquals(a.tolist(), want);
    const x = np.arange(n, undefined, 1, "float64");
    np.sqrt(x, { out: x });
    assertEquals(x.tolist(), np.sqrt(np.arange(n, undefined, 1, "float64")).tolist());
    const k = np.arange(n, undefined, 1, "int64");
    np.bitwise_and(k, 6, { out: k });
    assertEquals((k.tolist() as bigint[]).slice(0, 6), [0n, 0n, 2n, 2n, 4n, 4n]);
  });

  Deno.test(`an out overlapping an input otherwise, ${n} elements: NumPy's values`, () => {
    // a[1:] = a[:-1] + 1 reads the old values (NumPy: [0 1 2 3 4 5] for n = 6).
    const a = np.arange(n, undefined, 1, "float32");
    np.add(a.at(":-1"), 1, { out: a.at("1:") });
    assertEquals(a.tolist(), np.arange(n, undefined, 1, "float32").tolist());
    // a[:-1] = a[1:] + 1 (NumPy: [2 3 4 5 6 5]).
    const b = np.arange(n, undefined, 1, "float32");
    np.add(b.at("1:"), 1, { out: b.at(":-1") });
    const want = Array.from({ length: n }, (_, i) => (i < n - 1 ? i + 2 : n - 1));
    assertEquals(b.tolist(), want);
    // A broadcast element of out itself, and out reversed (NumPy: [0 1 2 3], [3 3 3 3]).
    const c = np.arange(4, undefined, 1, "float64");
    np.add(c, c.at("0:1"), { out: c });
    assertEquals(c.tolist(), [0, 1, 2, 3]);
    const d = np.arange(4, undefined, 1, "float64");
    np.add(d, d.at("::-1"), { out: d });
    assertEquals(d.tolist(), [3, 3, 3, 3]);
  });
}

Deno.test("divmod takes two outs (null: a new array), in place too", () => {
  const q = np.zeros([4], "int64"), r = np.zeros([4], "int64");
  const [gq, gr] = np.divmod(i64, 4, { out: [q, r] });
  if (gq !== q || gr !== r) throw new Error("divmod did not return its outs");
  const [wq, wr] = np.divmod(i64, 4);
  assertEquals([q.tolist(), r.tolist()], [wq.tolist(), wr.tolist()]);
  const [, r2] = np.divmod(i64, 4, { out: [q, null] });
  assertEquals(r2.tolist(), wr.tolist());
  // NumPy: a = arange(6); divmod(a, 4, out=(a, None)) gives a = [0 0 0 0 1 1], r = [0 1 2 3 0 1].
  const a = np.arange(6, undefined, 1, "int64");
  const [, ra] = np.divmod(a, 4, { out: [a, null] });
  assertEquals([a.tolist(), ra.tolist()], [[0n, 0n, 0n, 0n, 1n, 1n], [0n, 1n, 2n, 3n, 0n, 1n]]);
  const b = np.arange(6, undefined, 1, "int64");
  np.divmod(b, 4, { out: [null, b] });
  assertEquals(b.tolist(), [0n, 1n, 2n, 3n, 0n, 1n]);
  const E = InvalidArgumentError;
  assertThrows(() => np.divmod(i64, 4, { out: q }), E, "np.divmod", "2 entries");
  assertThrows(() => np.divmod(i64, 4, { out: [q] }), E, "np.divmod", "one entry per output");
});

Deno.test("round into out: NumPy's steps in out's dtype; integers copied", () => {
  // NumPy 2.4: np.round([9.345, 0.105], 2, out=float32) is [9.34, 0.1] (the scaled value is
  // rounded to float32 first); the float64 result cast would be [9.35, 0.11].
  const o = np.zeros([2], "float32");
  if (np.round([9.345, 0.105], { decimals: 2, out: o }) !== o) throw new Error("not out");
  assertEquals(o.tolist(), [Math.fround(9.34), Math.fround(0.1)]);
  const o2 = np.zeros([3], "float32");
  np.around(np.array([1.234, 2.345, -0.125]), { decimals: 2, out: o2 });
  assertEquals(o2.tolist(), [1.23, 2.34, -0.12].map(Math.fround));
  const i = np.zeros([2], "int8");
  np.round(np.array([1, 2], "int64"), { decimals: 1, out: i });
  assertEquals(i.tolist(), [1, 2]);
  const f = np.zeros([2]);
  np.round(np.array([1250, 1351], "int16"), { decimals: -2, out: f });
  assertEquals(f.tolist(), [1200, 1400]);
  const r = np.zeros([3]);
  np.round([0.5, 1.5, 2.5], { out: r });
  assertEquals(r.tolist(), [0, 2, 2]);
  assertThrows(
    () => np.round([1.5], { out: np.zeros([1], "int32") }),
    InvalidArgumentError,
    "same_kind",
  );
});

Deno.test("clip, uint64, float16 and the out-of-range comparison take out", () => {
  const c = np.zeros([3], "float32");
  np.clip(np.array([1, 5, 9]), 2, 6, { out: c });
  assertEquals(c.tolist(), [2, 5, 6]);
  const c2 = np.zeros([3]);
  np.clip([1, 5, 9], null, 4, { out: c2 });
  assertEquals(c2.tolist(), [1, 4, 4]);
  const u = np.zeros([2], "uint64");
  np.add(np.array([2n ** 64n - 1n, 5n], "uint64"), 1n, { out: u });
  assertEquals(u.tolist(), [0n, 6n]);
  const h = np.zeros([2], "float16");
  np.sqrt(np.array([2, 3], "float16"), { out: h });
  assertEquals(h.tolist(), np.sqrt(np.array([2, 3], "float16")).tolist());
  const b = np.ones([2], "bool");
  np.greater(np.array([1, 2], "int8"), 1000, { out: b });
  assertEquals(b.tolist(), [false, false]);
  // A 0-d out and scalar inputs broadcast to a larger out.
  const z = np.zeros([]);
  np.add(1, 2, { out: z });
  assertEquals(z.tolist(), 3);
  const s = np.zeros([3], "int32");
  np.add(np.array(1, "int32"), 2, { out: s });
  assertEquals(s.tolist(), [3, 3, 3]);
});

Deno.test("out null or [null] allocates as without it", () => {
  assertEquals(np.add([1], 1, { out: null }).tolist(), [2]);
  assertEquals(np.add([1], 1, { out: [null] }).tolist(), [2]);
  const o = np.zeros([1]);
  if (np.add([1], 1, { out: [o] }) !== o) throw new Error("[out] not returned");
});

Deno.test("a non-NDArray out and an unknown option key are errors", () => {
  const E = InvalidArgumentError;
  // deno-lint-ignore no-explicit-any
  const bad = (v: unknown) => ({ out: v as any });
  assertThrows(() => np.add([1, 2], 1, bad([0, 0])), E, "np.add", "out must be", "got [0, 0]");
  assertThrows(() => np.sqrt([1, 2], bad("c")), E, "np.sqrt", "out must be", '"c"');
  assertThrows(() => np.round([1, 2], bad(3)), E, "np.round", "out must be", "got 3");
  assertThrows(() => np.add([1], 1, { where: true } as never), E, "np.add", '"where"');
  assertThrows(() => np.sqrt([1], { casting: "unsafe" } as never), E, "np.sqrt", '"casting"');
  assertThrows(() => np.divmod([1], 1, { dtype: "int8" } as never), E, "np.divmod", '"dtype"');
});
