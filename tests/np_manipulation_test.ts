// The np creation, shape, manipulation, comparison and dtype-fact functions against NumPy 2
// (tests/fixtures/np_manipulation.json, from tests/gen_np_manipulation_fixtures.py), plus the
// view/copy contract and argument checks.
//
// Every fixture case is compared BIT-EXACTLY (dtype, shape and the bytes, NaN payloads included:
// these functions move bytes or compute one correctly rounded result), with two exceptions:
// - `diff` of floats compares NaNs payload-insensitively (a NaN made by `inf - inf` has the
//   payload of whoever computed it; every other bit is exact);
// - `logspace` and `geomspace` are ULP-bounded (≤ 2 ULP): NumPy takes `pow` and `log10` from the
//   C library (glibc on this Linux build, SVML on AVX-512 builds). Ours reproduce glibc's (V8's
//   `Math.pow` agrees with glibc's pow; `log10` is glibc's algorithm over glibc's emulated `log`)
//   and every case here comes out bit-exact against fixtures made with glibc; the bound only
//   keeps fixtures from an AVX-512 NumPy usable.
import * as tf from "../mod.ts";
import * as np from "../numpy.ts";
import { assertEquals, assertThrows } from "./helpers.ts";
import {
  arrayHex,
  decodeArray,
  decodeScalar,
  type EncodedArray,
  generated,
  toHex,
} from "./np_fixture_utils.ts";

const FIX = JSON.parse(
  Deno.readTextFileSync(new URL("fixtures/np_manipulation.json", import.meta.url)),
);

// deno-lint-ignore no-explicit-any
type Json = any;

/** A fixture argument: an array (maybe a view of one), a list, a JSON literal or a weak scalar. */
function decode(v: Json): unknown {
  if ("list" in v) return v.list.map(decode);
  if ("j" in v) return v.j;
  let a: np.NDArray;
  if ("h" in v) a = decodeArray(v as EncodedArray);
  else if ("gen" in v) a = generated(v.gen, v.shape);
  else return decodeScalar(v);
  if (v.at !== undefined) a = a.at(v.at);
  if (v.T) a = a.T;
  return a;
}

// deno-lint-ignore no-explicit-any
const NP = np as unknown as Record<string, (...args: any[]) => unknown>;

/** Calls `np.<name>` as the case gives it: the arguments, then the options when there are any. */
function call(name: string, args: unknown[], kw: Record<string, unknown>): unknown {
  if (name === "fromfunction") {
    const fn = (...ix: np.NDArray[]) =>
      np.add(
        np.multiply(
          ix.reduce((acc: np.NDArray | number, v, i) => np.add(acc, np.multiply(v, i + 1)), 0),
          2,
        ),
        1,
      );
    return np.fromfunction(fn, args[0] as number[], kw);
  }
  return Object.keys(kw).length > 0 ? NP[name](...args, kw) : NP[name](...args);
}

/** Functions whose float results are arithmetic: NaN payloads are the computer's. */
const NAN_ARITHMETIC = new Set(["diff"]);
/** Functions checked within ULPs (libm-dependent `log10`; see the header). */
const ULPS: Record<string, number> = { logspace: 2, geomspace: 2 };

async function sha256(a: np.NDArray): Promise<string> {
  const d = a.contiguousData();
  const bytes = new Uint8Array(d.buffer, d.byteOffset, d.byteLength).slice();
  return toHex(new Uint8Array(await crypto.subtle.digest("SHA-256", bytes)));
}

/** The distance in units in the last place between two floats of one dtype. */
function ulps(x: number, y: number, dtype: np.NpDType): number {
  if (Object.is(x, y) || (Number.isNaN(x) && Number.isNaN(y))) return 0;
  const eps = np.finfo(dtype).eps;
  const m = Math.max(Math.abs(x), Math.abs(y), np.finfo(dtype).tiny);
  return Math.abs(x - y) / (eps * 2 ** Math.floor(Math.log2(m)));
}

/** Null when `got` is NumPy's `want` (see the header for what "is" means per function). */
async function compare(name: string, got: unknown, want: Json): Promise<string | null> {
  if ("list" in want) {
    if (!Array.isArray(got)) return `got ${typeof got}, NumPy a list`;
    if (got.length !== want.list.length) return `${got.length} arrays, NumPy ${want.list.length}`;
    for (let i = 0; i < got.length; i++) {
      const d = await compare(name, got[i], want.list[i]);
      if (d !== null) return `[${i}]: ${d}`;
    }
    return null;
  }
  if ("j" in want) {
    const g = JSON.stringify(got), w = JSON.stringify(want.j);
    return g === w ? null : `${g}, NumPy ${w}`;
  }
  if (!(got instanceof np.NDArray)) return `got ${String(got)}, NumPy an array`;
  if (got.dtype !== want.d) return `dtype ${got.dtype}, NumPy ${want.d}`;
  if (got.shape.join() !== want.s.join()) return `shape [${got.shape}], NumPy [${want.s}]`;
  if (want.sha !== undefined) return (await sha256(got)) === want.sha ? null : "bytes differ";
  if (arrayHex(got) === want.h) return null;
  const w = decodeArray(want);
  const g = got.contiguousData() as Float64Array, v = w.contiguousData() as Float64Array;
  const float = want.d.startsWith("float");
  for (let i = 0; i < v.length; i++) {
    if (Object.is(g[i], v[i])) continue;
    if (float && NAN_ARITHMETIC.has(name) && Number.isNaN(g[i]) && Number.isNaN(v[i])) continue;
    if (float && ULPS[name] !== undefined && ulps(g[i], v[i], want.d) <= ULPS[name]) continue;
    if (float && Number.isNaN(g[i]) && Number.isNaN(v[i])) {
      return `element ${i}: NaN payload differs (${toHex(bytesOf(got, i))})`;
    }
    return `element ${i}: ${String(g[i])}, NumPy ${String(v[i])}`;
  }
  return null;
}

function bytesOf(a: np.NDArray, i: number): Uint8Array {
  const d = a.contiguousData();
  const n = d.BYTES_PER_ELEMENT;
  return new Uint8Array(d.buffer, d.byteOffset + i * n, n);
}

const counts: Record<string, number> = {};
for (const c of FIX.cases) counts[c.f] = (counts[c.f] ?? 0) + 1;
for (const name of Object.keys(counts)) {
  Deno.test(`np.${name}: ${counts[name]} cases match NumPy ${FIX.numpy}`, async () => {
    const bad: string[] = [];
    for (const c of FIX.cases.filter((c: Json) => c.f === name)) {
      const args = c.args.map(decode);
      const kw = Object.fromEntries(
        Object.entries(c.kw as Record<string, Json>).map(([k, v]) => [k, decode(v)]),
      );
      const label = `${name}(${
        c.args.map((a: Json) =>
          "d" in a
            ? `${a.d}[${a.s}]${a.at ? `[${a.at}]` : ""}${a.T ? ".T" : ""}`
            : "gen" in a
            ? `gen${JSON.stringify(a.gen)}`
            : JSON.stringify(a)
        ).join(", ")
      }, ${JSON.stringify(kw, (_, v) => (typeof v === "bigint" ? `${v}n` : v))})`;
      let got: unknown;
      try {
        got = call(name, args, kw);
      } catch (e) {
        if (c.out.err && e instanceof tf.InvalidArgumentError) {
          if (!e.message.startsWith(`np.${name}`)) bad.push(`${label}: message ${e.message}`);
          continue;
        }
        bad.push(`${label}: threw ${e}, NumPy ${c.out.err ? c.out.type : "returned"}`);
        continue;
      }
      if (c.out.err) {
        bad.push(`${label}: returned, NumPy raised ${c.out.type}`);
        continue;
      }
      const diff = await compare(name, got, c.out);
      if (diff !== null) bad.push(`${label}: ${diff}`);
    }
    assertEquals(bad, []);
  });
}

const T = FIX.tables;
const DTYPES = Object.keys(T.promote_types) as np.NpDType[];

Deno.test("np.can_cast and np.promote_types: every pair of dtypes and casting rule", () => {
  const bad: string[] = [];
  for (const [casting, rows] of Object.entries(T.can_cast as Record<string, Json>)) {
    for (const a of DTYPES) {
      const got = DTYPES.map((b) =>
        np.can_cast(a, b, { casting: casting as np.Casting }) ? "1" : "0"
      ).join("");
      if (got !== rows[a]) bad.push(`can_cast(${a}, *, ${casting}): ${got}, NumPy ${rows[a]}`);
      // An array gives its dtype.
      if (np.can_cast(np.zeros(1, a), "float64") !== np.can_cast(a, "float64")) bad.push(a);
    }
  }
  for (const a of DTYPES) {
    const got = DTYPES.map((b) => np.promote_types(a, b));
    assertEquals(got, T.promote_types[a], `promote_types(${a}, *)`);
  }
  assertEquals(bad, []);
});

Deno.test("np.finfo and np.iinfo give NumPy's values", () => {
  for (const [d, want] of Object.entries(T.finfo as Record<string, Record<string, number>>)) {
    const f = np.finfo(d as np.NpDType) as unknown as Record<string, number>;
    for (const [k, v] of Object.entries(want)) assertEquals(f[k], v, `finfo(${d}).${k}`);
    assertEquals(np.finfo(np.zeros(1, d as np.NpDType)).dtype, d);
  }
  for (const [d, want] of Object.entries(T.iinfo as Record<string, Json>)) {
    const i = np.iinfo(d as np.NpDType);
    assertEquals(i.bits, want.bits, d);
    assertEquals(i.kind, want.kind, d);
    assertEquals(String(i.min), want.min, d);
    assertEquals(String(i.max), want.max, d);
    assertEquals(typeof i.max, i.bits === 64 ? "bigint" : "number", d);
  }
  for (const bad of ["int8", "bool", 3]) {
    assertThrows(() => np.finfo(bad as np.NpDType), tf.InvalidArgumentError, "np.finfo");
  }
  for (const bad of ["float32", "bool", "int128"]) {
    assertThrows(() => np.iinfo(bad as np.NpDType), tf.InvalidArgumentError, "np.iinfo");
  }
});

Deno.test("np.result_type (and resultType) follow NEP 50 for dtypes, arrays and weak scalars", () => {
  for (const row of T.result_type) {
    const args = row.args.map(decode) as np.NpDType[];
    assertEquals(np.result_type(...args), row.out, JSON.stringify(row.args));
    assertEquals(np.resultType(...args), row.out);
  }
  assertThrows(() => np.result_type(), tf.InvalidArgumentError, "np.result_type");
  assertThrows(() => np.can_cast(1 as never, "int8"), tf.InvalidArgumentError, "np.can_cast");
  assertThrows(
    () => np.can_cast("int8", "int16", { casting: "loose" as np.Casting }),
    tf.InvalidArgumentError,
    "np.can_cast",
    '"loose"',
  );
});

Deno.test("np constants are NumPy's", () => {
  assertEquals([np.pi, np.e, np.euler_gamma, np.inf], [
    Math.PI,
    Math.E,
    0.5772156649015329,
    Infinity,
  ]);
  assertEquals(Number.isNaN(np.nan), true);
  assertEquals(np.newaxis, null);
  const a = np.array([1, 2, 3], "int32");
  assertEquals(a.at(np.newaxis, "...").shape, [1, 3]);
});

const shares = (a: np.NDArray, b: np.NDArray) => a.data.buffer === b.data.buffer;

Deno.test("np shape functions return views where NumPy does, copies where it copies", () => {
  const a = np.reshape(np.arange(24, undefined, 1, "int32"), [2, 3, 4]);
  const views: [string, np.NDArray][] = [
    ["reshape", np.reshape(a, [6, 4])],
    ["ravel", np.ravel(a)],
    ["transpose", np.transpose(a)],
    ["swapaxes", np.swapaxes(a, 0, 2)],
    ["moveaxis", np.moveaxis(a, 0, -1)],
    ["expand_dims", np.expand_dims(a, [0, 2])],
    ["squeeze", np.squeeze(np.expand_dims(a, 0))],
    ["broadcast_to", np.broadcast_to(a, [5, 2, 3, 4])],
    ["broadcast_arrays", np.broadcast_arrays(a, [1])[0]],
    ["atleast_3d", np.atleast_3d(a)],
    ["flip", np.flip(a, { axis: 1 })],
    ["fliplr", np.fliplr(a)],
    ["flipud", np.flipud(a)],
    ["rot90", np.rot90(a)],
    ["diagonal", np.diagonal(a)],
    ["diag", np.diag(np.reshape(a, [4, 6]))],
    ["split", np.split(a, 2, { axis: 2 })[1]],
    ["array_split", np.array_split(a, 2)[0]],
    ["meshgrid copy: false", np.meshgrid([np.ravel(a)], { copy: false })[0]],
  ];
  for (const [name, v] of views) assertEquals(shares(v, a), true, name);
  const copies: [string, np.NDArray][] = [
    ["reshape", np.reshape(np.transpose(a), [24])],
    ["ravel", np.ravel(np.transpose(a))],
    ["concatenate", np.concatenate([a])],
    ["stack", np.stack([a])],
    ["tile", np.tile(a, 1)],
    ["repeat", np.repeat(a, 1)],
    ["roll", np.roll(a, 0)],
    ["pad", np.pad(a, 0)],
    ["tril", np.tril(a)],
    ["diag", np.diag(np.ravel(a))],
    ["meshgrid", np.meshgrid([np.ravel(a)])[0]],
  ];
  for (const [name, c] of copies) assertEquals(shares(c, a), false, name);
  // A write through a view is seen in the base, and the other way round.
  const f = np.flip(a);
  f.set([0, 0, 0], 100);
  assertEquals(a.item(1, 2, 3), 100);
  // A typed array is shared too; a tensor is copied.
  const ta = new Float32Array([1, 2, 3, 4]);
  const r = np.reshape(ta, [2, 2]);
  r.set([1, 1], 9);
  assertEquals(ta[3], 9);
  const t = tf.constant([[1, 2], [3, 4]], "int32");
  assertEquals(np.transpose(t).tolist(), [[1, 3], [2, 4]]);
});

Deno.test("np creation: empty is zero-filled, *_like take tensors, nested arrays and options", () => {
  assertEquals(np.empty([2, 2], "float32").tolist(), [[0, 0], [0, 0]]);
  assertEquals(np.empty_like(tf.constant([1, 2], "int32")).dtype, "int32");
  assertEquals(np.zeros_like([[1, 2]]).dtype, "float64");
  assertEquals(np.full([2], 7).dtype, "float64"); // JS numbers are float64 (API.md)
  assertEquals(np.full([2], 7n).dtype, "int64");
  assertEquals(np.full([2], true).tolist(), [true, true]);
  assertThrows(() => np.full([2], 300, "int8"), tf.InvalidArgumentError, "np.full", "300");
  assertThrows(() => np.full([-1], 0), tf.InvalidArgumentError, "np.full");
  assertThrows(() => np.identity(-1), tf.InvalidArgumentError, "np.identity");
  assertThrows(() => np.logspace(0, 1, -1), tf.InvalidArgumentError, "np.logspace");
  assertThrows(() => np.geomspace(0, 1, 3), tf.InvalidArgumentError, "np.geomspace", "zero");
  const calls: number[] = [];
  const r = np.fromfunction((...ix) => {
    calls.push(ix.length);
    return ix[0];
  }, [2, 3]);
  assertEquals(calls, [2]);
  assertEquals((r as np.NDArray).dtype, "float64");
});

Deno.test("np manipulation: argument errors name the function and quote the value", () => {
  const a = np.zeros([2, 3]);
  const E = tf.InvalidArgumentError;
  assertThrows(() => np.swapaxes(a, 0, 5), E, "np.swapaxes", "axis 5");
  assertThrows(() => np.moveaxis(a, [0, 1], [0]), E, "np.moveaxis");
  assertThrows(() => np.transpose(a, [0, 0]), E, "np.transpose", "repeated axis");
  assertThrows(() => np.expand_dims(a, 1.5), E, "np.expand_dims", "1.5");
  assertThrows(() => np.squeeze(a, { axis: 0 }), E, "np.squeeze", "size not equal to one");
  assertThrows(() => np.broadcast_to(a, [3, 3]), E, "np.broadcast_to", "(2,3)");
  assertThrows(() => np.broadcast_shapes([2], [3]), E, "np.broadcast_shapes", "arg 0");
  assertThrows(() => np.tile(a, "2" as never), E, "np.tile", '"2"');
  assertThrows(() => np.repeat(a, -1), E, "np.repeat", "negative");
  assertThrows(() => np.repeat(a, [1.5, 2], { axis: 0 }), E, "np.repeat", "1.5");
  assertThrows(() => np.roll(a, 1.5), E, "np.roll", "1.5");
  assertThrows(() => np.rot90(a, { axes: [0, 0] }), E, "np.rot90", "different");
  assertThrows(() => np.pad(a, 1, { mode: "mean" as np.PadMode }), E, "np.pad", '"mean"');
  assertThrows(() => np.pad(a, [1.5]), E, "np.pad", "integral");
  assertThrows(() => np.pad(a, { 5: 1 }), E, "np.pad", '"5"');
  assertThrows(() => np.diff(a, { n: -1 }), E, "np.diff", "-1");
  assertThrows(() => np.meshgrid([a], { indexing: "ji" as "ij" }), E, "np.meshgrid", '"ji"');
  assertThrows(() => np.indices([2, -1]), E, "np.indices");
  assertThrows(() => np.trace(a, { axis1: 1, axis2: 1 }), E, "np.trace", "same");
  assertThrows(() => np.split(a, 4), E, "np.split", "equal division");
  assertThrows(() => np.concatenate([a, [1, 2, 3]]), E, "np.concatenate", "dimension");
  assertThrows(
    () => np.concatenate([a], { dtype: "int8", casting: "safe" }),
    E,
    "np.concatenate",
    "float64 to int8",
  );
});

Deno.test("np.array_equal and arrayEqual agree; allclose is all(isclose)", () => {
  const a = np.array([1, NaN, 3], "float32"), b = np.array([1, NaN, 3]);
  assertEquals(np.array_equal(a, b), false);
  assertEquals(np.arrayEqual(a, b, { equalNan: true }), true);
  assertEquals(np.array_equal(a, b, { equalNan: true }), true);
  assertEquals(np.isclose(1, 1 + 1e-9).shape, []);
  assertEquals(np.allclose([1, 2], [[1, 2], [1, 2.1]]), false);
  assertEquals(np.allclose([1, 2], [[1, 2], [1, 2 + 1e-9]]), true);
});
