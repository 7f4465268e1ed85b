// NumPy's reductions, statistics, nan-reductions and cumulative functions against NumPy 2
// (tests/fixtures/np_reduce.json, made by tests/gen_np_reduce_fixtures.py): every dtype, axis
// patterns with keepdims, the dtype and ddof options, q as numbers and arrays, weights, NaN,
// infinities, signed zeros, empty and 0-d arrays, strided views (transposes, slices, steps, so
// NumPy's iteration order and its buffering of casts and non-contiguous rows), long runs around
// the pairwise block sizes, and NumPy's errors.
//
// Every case is compared BIT-EXACTLY (the bytes of the result, or their SHA-256 for results of
// more than 16 elements), NaN payload-insensitive (NaN compares equal to NaN). None is
// tolerance-checked: float sums, means, variances and products follow NumPy's summation order
// and its rounding at every step (see src/np/reduce.ts), so no result depends on a libm or on an
// order NumPy leaves open. Two things NumPy itself leaves to the machine are not compared: the
// sign of a zero that nanmax/nanmin keep among equal -0.0/+0.0 (it depends on the SIMD width
// NumPy dispatches to; those cases carry "zs" and compare zeros sign-insensitively), and the
// order of -0.0/+0.0 after NumPy's introselect (no quantile input holds such a tie).
import * as tf from "../mod.ts";
import * as np from "../numpy.ts";
import { assertEquals, assertThrows } from "./helpers.ts";
import { decodeArg, decodeArray, type EncodedArray, toHex } from "./np_fixture_utils.ts";

const FIXTURE = JSON.parse(
  Deno.readTextFileSync(new URL("fixtures/np_reduce.json", import.meta.url)),
);

type Json = Record<string, unknown>;

const inputs = new Map<string, np.NDArray>();

/** A fixture argument: a stored input, a strided view, a JS array, or as np_fixture_utils. */
function arg(x: unknown): unknown {
  if (x === null || typeof x !== "object" || Array.isArray(x)) return x;
  const o = x as Json;
  if ("ref" in o) {
    const name = o.ref as string;
    if (!inputs.has(name)) inputs.set(name, decodeArray(FIXTURE.inputs[name]));
    return inputs.get(name);
  }
  if ("view" in o) {
    const base = arg(o.view) as np.NDArray;
    return new np.NDArray(base.contiguousData(), o.shape as number[], base.dtype, {
      strides: o.strides as number[],
      offset: o.offset as number,
    });
  }
  if ("js" in o) return o.js;
  return decodeArg(o);
}

function options(opts: Json): Json {
  const out: Json = {};
  for (const [k, v] of Object.entries(opts)) {
    out[k] = v !== null && typeof v === "object" && !Array.isArray(v) ? arg(v) : v;
  }
  return out;
}

// deno-lint-ignore no-explicit-any
type Fn = (...args: any[]) => np.NDArray;
const WITH_Q = new Set(["quantile", "percentile", "nanquantile", "nanpercentile"]);

function run(name: string, args: unknown[], opts: Json): np.NDArray {
  const fn = (np as unknown as Record<string, Fn>)[name];
  return WITH_Q.has(name) ? fn(args[0], args[1], opts) : fn(args[0], opts);
}

/**
 * The result's bytes with every NaN written as the canonical NaN (as the generator does), and
 * every zero as +0.0 when the sign of zero is free.
 */
function canonicalBytes(a: np.NDArray, zeroSignFree: boolean): Uint8Array {
  let d = a.contiguousData();
  if (d instanceof Float64Array || d instanceof Float32Array || d instanceof Float16Array) {
    const c = d.slice();
    for (let i = 0; i < c.length; i++) {
      if (c[i] !== c[i]) c[i] = NaN;
      else if (zeroSignFree && c[i] === 0) c[i] = 0;
    }
    d = c;
  }
  return new Uint8Array(d.buffer, d.byteOffset, d.byteLength);
}

async function digest(a: np.NDArray, zeroSignFree: boolean): Promise<string> {
  const bytes = canonicalBytes(a, zeroSignFree);
  const h = await crypto.subtle.digest("SHA-256", bytes.slice());
  return toHex(new Uint8Array(h)).slice(0, 16);
}

/**
 * Null when `got` is NumPy's result bit for bit (NaN payloads aside, and the sign of zero where
 * `zeroSignFree`), else what differs.
 */
async function compare(got: np.NDArray, want: Json, zeroSignFree: boolean): Promise<string | null> {
  if (got.dtype !== want.d) return `dtype ${got.dtype}, NumPy ${want.d}`;
  if (got.shape.join() !== (want.s as number[]).join()) {
    return `shape [${got.shape}], NumPy [${want.s}]`;
  }
  if ("sha" in want) {
    const h = await digest(got, zeroSignFree);
    return h === want.sha ? null : `bytes differ (SHA-256 ${h})`;
  }
  const g = Array.from(got.contiguousData() as ArrayLike<number | bigint>);
  const w = Array.from(
    decodeArray(want as unknown as EncodedArray).contiguousData() as ArrayLike<
      number | bigint
    >,
  );
  for (let i = 0; i < w.length; i++) {
    const x = g[i], y = w[i];
    if (typeof y === "number" && y !== y && typeof x === "number" && x !== x) continue;
    if (zeroSignFree && x === 0 && y === 0) continue;
    if (!Object.is(x, y)) return `element ${i}: ${String(x)}, NumPy ${String(y)}`;
  }
  return null;
}

function label(c: Json): string {
  const args = (c.args as Json[]).map((a) =>
    a === null || typeof a !== "object"
      ? String(a)
      : "ref" in a
      ? a.ref
      : "view" in a
      ? `view[${a.shape}/${a.strides}+${a.offset}]`
      : "gen" in a
      ? `gen${JSON.stringify(a.gen)}`
      : "d" in a
      ? `${a.d}[${a.s}]`
      : JSON.stringify(a)
  );
  const opts = Object.fromEntries(
    Object.entries(c.opts as Json).map((
      [k, v],
    ) => [k, v !== null && typeof v === "object" && !Array.isArray(v) ? "<array>" : v]),
  );
  return `np.${c.f}(${args.join(", ")}, ${JSON.stringify(opts)})`;
}

const byName = new Map<string, Json[]>();
for (const c of FIXTURE.cases as Json[]) {
  const list = byName.get(c.f as string) ?? [];
  list.push(c);
  byName.set(c.f as string, list);
}

for (const [name, cases] of byName) {
  Deno.test(`np.${name}: ${cases.length} cases bit-exact with NumPy ${FIXTURE.numpy}`, async () => {
    const bad: string[] = [];
    for (const c of cases) {
      const out = c.out as Json;
      let got: np.NDArray;
      try {
        got = run(name, (c.args as unknown[]).map(arg), options(c.opts as Json));
      } catch (e) {
        if (out.err && e instanceof tf.InvalidArgumentError && e.message.includes(`np.${name}`)) {
          continue;
        }
        bad.push(`${label(c)}: threw ${e}, NumPy ${out.err ? `raised ${out.type}` : "returned"}`);
        continue;
      }
      if (out.err) {
        bad.push(`${label(c)}: returned ${got.toString()}, NumPy raised ${out.type}`);
        continue;
      }
      const diff = await compare(got, out, c.zs === 1);
      if (diff !== null) bad.push(`${label(c)}: ${diff}`);
    }
    assertEquals(bad.slice(0, 30), []);
  });
}

Deno.test("np reductions: the fixtures cover every function of the family", () => {
  const names = [
    "sum",
    "prod",
    "mean",
    "max",
    "min",
    "amax",
    "amin",
    "ptp",
    "argmax",
    "argmin",
    "all",
    "any",
    "count_nonzero",
    "var",
    "std",
    "median",
    "percentile",
    "quantile",
    "average",
    "cumsum",
    "cumprod",
    "nansum",
    "nanprod",
    "nanmean",
    "nanvar",
    "nanstd",
    "nanmin",
    "nanmax",
    "nanargmin",
    "nanargmax",
    "nanmedian",
    "nanpercentile",
    "nanquantile",
    "nancumsum",
    "nancumprod",
  ];
  assertEquals(names.filter((n) => !byName.has(n)), []);
});

Deno.test("np.quantile/percentile: methods other than linear are an error naming the method", () => {
  const E = tf.InvalidArgumentError;
  assertThrows(
    () => np.quantile([1, 2], 0.5, { method: "nearest" as "linear" }),
    E,
    "np.quantile",
    '"nearest"',
  );
  assertThrows(
    () => np.nanpercentile([1, 2], 5, { method: "lower" as "linear" }),
    E,
    "np.nanpercentile",
    '"lower"',
  );
});

Deno.test("np.mean/var/std: an integer dtype option is an error naming the op", () => {
  const E = tf.InvalidArgumentError;
  assertThrows(() => np.mean([1, 2], { dtype: "int32" }), E, "np.mean", "int32");
  assertThrows(() => np.var([1, 2], { dtype: "bool" }), E, "np.var", "bool");
});

Deno.test("NDArray reduction methods are the np functions, naming the method in errors", () => {
  const a = np.array([[1, 2, 3], [4, 5, 6]], "int32");
  const E = tf.InvalidArgumentError;
  const pairs: [np.NDArray, np.NDArray][] = [
    [a.prod({ axis: 0 }), np.prod(a, { axis: 0 })],
    [a.var({ ddof: 1 }), np.var(a, { ddof: 1 })],
    [a.std({ axis: 1 }), np.std(a, { axis: 1 })],
    [a.argmin({ axis: 1 }), np.argmin(a, { axis: 1 })],
    [a.all({ axis: 0 }), np.all(a, { axis: 0 })],
    [a.any(), np.any(a)],
    [a.cumsum({ axis: 1, dtype: "int8" }), np.cumsum(a, { axis: 1, dtype: "int8" })],
    [a.cumprod(), np.cumprod(a)],
    [a.T.mean({ axis: 0 }), np.mean(a.T, { axis: 0 })],
  ];
  for (const [m, f] of pairs) {
    assertEquals([m.dtype, m.shape, m.tolist()], [f.dtype, f.shape, f.tolist()]);
  }
  assertThrows(() => a.var({ ddof: "1" } as never), E, "NDArray.var", "ddof");
  assertThrows(() => a.cumsum({ axis: 2 }), E, "NDArray.cumsum", "axis 2 is out of bounds");
  assertThrows(() => a.std({ keepDims: true } as never), E, "NDArray.std", "keepdims");
});

Deno.test("np reductions accept tensors, nested arrays and typed arrays", () => {
  const t = tf.constant([[1, 2], [3, 4]], "float32");
  assertEquals(np.var(t).dtype, "float32");
  assertEquals(np.median([[1, 5], [2, 3]], { axis: 0 }).tolist(), [1.5, 4]);
  assertEquals(np.cumsum(new Int16Array([1, 2, 3])).tolist(), [1n, 3n, 6n]);
  assertEquals(np.nanmax(new Float32Array([1, NaN, 3])).item(), 3);
});
