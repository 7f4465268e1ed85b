// The ufuncs of `np` against NumPy 2 (tests/fixtures/np_ufunc.json, written by
// tests/gen_np_ufunc_fixtures.py): the result dtype of every ufunc for every input dtype, every
// pair of the twelve dtypes, weak int/float/bool scalars on either side and scalars alone; and
// the values of every case: each dtype's special values (±0, ±inf, NaN, extremes, halves) in
// broadcast grids, mixed dtypes, weak scalars, empty and 0-d operands, shift counts beyond the
// bit width, integer powers, round/clip/nan_to_num, comparisons of 64-bit integers of either
// signedness and with JS integers out of range, NumPy's errors, and 1200-element operands
// (contiguous, broadcast, transposed: the sizes where the native kernels take over).
//
// Results are compared bit for bit (NaN payloads aside), except the float results of the
// functions in ULP below (exp, exp2, expm1, log, log2, log10, log1p, logaddexp, logaddexp2, cbrt,
// the trigonometric and hyperbolic functions, arctan2, hypot, and power/float_power of floats):
// NumPy computes those with its SIMD code (float32) or the C library, we with the native
// library's or V8's Math functions, and none of them is correctly rounded, so they are checked to
// 1 ULP in float16 and float64 and 2 ULP in float32 (the worst seen here: 2 for float32 exp, 1
// for the others; float64 and float16 matched exactly). Everything NumPy defines exactly
// (integer arithmetic, + - * / sqrt, floor/ceil/rint/trunc, round with decimals, comparisons,
// floored division and remainders, min/max/clip, bit operations and shifts, nextafter, copysign,
// deg2rad/rad2deg, casts) is bit-exact.
import * as tf from "../mod.ts";
import * as np from "../numpy.ts";
import { InvalidArgumentError } from "../src/errors.ts";
import { assertEquals } from "./helpers.ts";
import { decodeArray, decodeScalar, type EncodedArray, generated } from "./np_fixture_utils.ts";

const F = JSON.parse(
  Deno.readTextFileSync(new URL("fixtures/np_ufunc.json", import.meta.url)),
);
const DTYPES: np.NpDType[] = [
  "bool",
  "int8",
  "int16",
  "int32",
  "int64",
  "uint8",
  "uint16",
  "uint32",
  "uint64",
  "float16",
  "float32",
  "float64",
];
const CODE = "?bhiqBHIQefd";

/** ULP bounds of the float results that depend on the math library (see the header). */
const ULP: Record<string, Partial<Record<np.NpDType, number>>> = {};
for (
  const name of [
    "exp",
    "exp2",
    "expm1",
    "log",
    "log2",
    "log10",
    "log1p",
    "logaddexp",
    "logaddexp2",
    "cbrt",
    "sin",
    "cos",
    "tan",
    "arcsin",
    "arccos",
    "arctan",
    "arctan2",
    "hypot",
    "sinh",
    "cosh",
    "tanh",
    "arcsinh",
    "arccosh",
    "arctanh",
    "power",
    "float_power",
  ]
) ULP[name] = { float16: 1, float32: 2, float64: 1 };

type Call = (args: unknown[], o?: Record<string, unknown>) => np.NDArray | np.NDArray[];
const NP = np as unknown as Record<string, (...args: unknown[]) => np.NDArray>;
const CALLS: Record<string, Call> = {
  ...Object.fromEntries(
    [...Object.keys(F.dtypes.unary), ...Object.keys(F.dtypes.binary)].map((name) => [
      name,
      (a: unknown[]) => NP[name](...a),
    ]),
  ),
  divmod: (a) => np.divmod(a[0] as np.NDArray, a[1] as np.NDArray),
  round: (a, o) => np.round(a[0] as np.NDArray, o),
  around: (a, o) => np.around(a[0] as np.NDArray, o),
  clip: (a) => np.clip(a[0] as np.NDArray, a[1] as np.NDArray, a[2] as np.NDArray),
  nan_to_num: (a, o) => np.nan_to_num(a[0] as np.NDArray, o),
  where: (a) => np.where(a[0] as np.NDArray, a[1] as np.NDArray, a[2] as np.NDArray),
};

const INPUTS: Record<string, np.NDArray> = Object.fromEntries(
  Object.entries(F.inputs).map(([k, v]) => [k, decodeArray(v as EncodedArray)]),
);

function arg(x: unknown): unknown {
  if (x === null) return null;
  const o = x as Record<string, unknown>;
  if ("ref" in o) {
    let a = INPUTS[o.ref as string];
    if (o.n !== undefined) {
      const n = o.n as number;
      a = new np.NDArray(a.data.slice(0, n), [n], a.dtype);
    }
    return np.reshape(a, o.s as number[]);
  }
  if ("gen" in o) {
    const a = generated(o.gen as (number | string)[], o.shape as number[] | undefined);
    return o.T ? np.transpose(a) : a;
  }
  if ("h" in o) return decodeArray(o as unknown as EncodedArray);
  return decodeScalar(o as { n?: number });
}

/** Float bits as ordered integers (adjacent floats differ by 1), for ULP distances. */
function ordered(a: np.NDArray): number[] {
  const d = a.contiguousData();
  const out: number[] = [];
  if (a.dtype === "float64") {
    const v = new BigInt64Array(d.buffer, d.byteOffset, d.length);
    for (const b of v) out.push(Number(b < 0n ? -(b & 0x7fffffffffffffffn) : b));
  } else if (a.dtype === "float32") {
    const v = new Int32Array(d.buffer, d.byteOffset, d.length);
    for (const b of v) out.push(b < 0 ? -(b & 0x7fffffff) : b);
  } else {
    const v = new Uint16Array(d.buffer, d.byteOffset, d.length);
    for (const b of v) out.push(b & 0x8000 ? -(b & 0x7fff) : b);
  }
  return out;
}

const isFloat = (d: string): boolean => d.startsWith("float");

/** Largest ULP distance between two float arrays (NaN matches NaN only), Infinity on mismatch. */
function ulpDistance(got: np.NDArray, want: np.NDArray): number {
  const g = got.contiguousData() as Float64Array, w = want.contiguousData() as Float64Array;
  const og = ordered(got), ow = ordered(want);
  let worst = 0;
  for (let i = 0; i < g.length; i++) {
    const gn = g[i] !== g[i], wn = w[i] !== w[i];
    if (gn || wn) {
      if (gn !== wn) return Infinity;
      continue;
    }
    worst = Math.max(worst, Math.abs(og[i] - ow[i]));
  }
  return worst;
}

/** FNV-1a 32 of the C-order bytes with every NaN written as NumPy's positive quiet NaN. */
function fnv(a: np.NDArray): string {
  let d = a.contiguousData();
  if (isFloat(a.dtype)) {
    const c = (d as Float64Array).slice();
    for (let i = 0; i < c.length; i++) if (c[i] !== c[i]) c[i] = NaN;
    d = c;
  }
  const bytes = new Uint8Array(d.buffer, d.byteOffset, d.byteLength);
  let h = 0x811c9dc5;
  for (const b of bytes) h = Math.imul(h ^ b, 0x01000193) >>> 0;
  return h.toString(16).padStart(8, "0");
}

/** Every 61st element (the large cases' sample). */
function sample(a: np.NDArray): np.NDArray {
  const d = a.contiguousData();
  const out = [];
  for (let i = 0; i < d.length; i += 61) out.push(d[i]);
  const s = new (d.constructor as { new (n: number): np.NDArray["data"] })(out.length);
  for (let i = 0; i < out.length; i++) (s as unknown as unknown[])[i] = out[i];
  return new np.NDArray(s, [out.length], a.dtype);
}

/** Stats of the worst ULP distance seen, by function and dtype (UFUNC_STATS=1 prints them). */
const STATS: Record<string, number> = {};

/** A mismatch description, or null when `got` is NumPy's result (`want`). */
function compare(name: string, got: np.NDArray, want: Record<string, unknown>): string | null {
  const bound = isFloat(got.dtype) ? ULP[name]?.[got.dtype] : undefined;
  if ("fnv" in want) {
    if (got.dtype !== want.d || got.shape.join() !== (want.s as number[]).join()) {
      return `got ${got.dtype} ${got.shape}, NumPy ${want.d} ${want.s}`;
    }
    if (bound === undefined && fnv(got) === want.fnv) return null;
    if (want.sample === undefined) return `hash ${fnv(got)}, NumPy ${want.fnv}`;
    return compare(name, sample(got), want.sample as Record<string, unknown>) ??
      (bound === undefined ? `hash ${fnv(got)}, NumPy ${want.fnv} (outside the sample)` : null);
  }
  const w = decodeArray(want as unknown as EncodedArray);
  if (got.dtype !== w.dtype || got.shape.join() !== w.shape.join()) {
    return `got ${got.dtype} [${got.shape}], NumPy ${w.dtype} [${w.shape}]`;
  }
  if (!isFloat(w.dtype)) {
    const a = got.contiguousData(), b = w.contiguousData();
    for (let i = 0; i < a.length; i++) {
      if (a[i] !== b[i]) return `element ${i}: got ${a[i]}, NumPy ${b[i]}`;
    }
    return null;
  }
  const dist = ulpDistance(got, w);
  const key = `${name} ${w.dtype}`;
  STATS[key] = Math.max(STATS[key] ?? 0, dist);
  if (dist <= (bound ?? 0)) return null;
  const a = got.contiguousData() as Float64Array, b = w.contiguousData() as Float64Array;
  const i = a.findIndex((v, j) => !(Object.is(v, b[j]) || (v !== v && b[j] !== b[j])));
  return `${dist} ulp (bound ${bound ?? 0}); element ${i}: got ${a[i]}, NumPy ${b[i]}`;
}

function run(c: { f: string; a: unknown[]; o?: Record<string, { n?: number }> }): unknown {
  const o = c.o === undefined
    ? undefined
    : Object.fromEntries(Object.entries(c.o).map(([k, v]) => [k, decodeScalar(v)]));
  return CALLS[c.f](c.a.map(arg), o);
}

/** The result of `fn` as a type letter, or "-" when it throws InvalidArgumentError. */
function code(fn: () => np.NDArray | np.NDArray[]): string {
  try {
    const r = fn();
    return CODE[DTYPES.indexOf((Array.isArray(r) ? r[0] : r).dtype)];
  } catch (e) {
    if (e instanceof InvalidArgumentError) return "-";
    throw e;
  }
}

Deno.test("np ufuncs: the result dtype of every unary ufunc for every dtype and scalar", () => {
  const bad: string[] = [];
  for (const [name, want] of Object.entries(F.dtypes.unary) as [string, string][]) {
    const got = DTYPES.map((d) => code(() => NP[name](np.ones([2], d)))).join("");
    if (got !== want) bad.push(`${name}: got ${got}, NumPy ${want}`);
    const s = [3, 2.5, true].map((v) => code(() => NP[name](v))).join("");
    if (s !== F.dtypes.scalars[name]) {
      bad.push(`${name}(scalars): ${s}, NumPy ${F.dtypes.scalars[name]}`);
    }
  }
  assertEquals(bad, []);
});

Deno.test("np ufuncs: the result dtype of every binary ufunc for every pair and weak scalar", () => {
  const bad: string[] = [];
  const scalars = [3, 2.5, true];
  for (const [name, want] of Object.entries(F.dtypes.binary) as [string, string][]) {
    const f = NP[name];
    const got = DTYPES.flatMap((a) =>
      DTYPES.map((b) => code(() => f(np.ones([2], a), np.ones([2], b))))
    ).join("");
    for (let i = 0; i < got.length; i++) {
      if (got[i] !== want[i]) {
        bad.push(
          `${name}(${DTYPES[Math.floor(i / 12)]}, ${DTYPES[i % 12]}): ${got[i]}, NumPy ${want[i]}`,
        );
      }
    }
    for (const d of DTYPES) {
      const w = scalars.map((s) =>
        code(() => f(s, np.ones([2], d))) + code(() => f(np.ones([2], d), s))
      ).join("");
      if (w !== F.dtypes.weak[name][d]) {
        bad.push(`${name} ${d} weak: ${w}, NumPy ${F.dtypes.weak[name][d]}`);
      }
    }
    const s = scalars.flatMap((x) => scalars.map((y) => code(() => f(x, y)))).join("");
    if (s !== F.dtypes.scalars[name]) {
      bad.push(`${name}(scalars): ${s}, NumPy ${F.dtypes.scalars[name]}`);
    }
  }
  assertEquals(bad, []);
});

Deno.test("np ufuncs: every value case matches NumPy (bit-exact, or within ULP where listed)", () => {
  const bad: string[] = [];
  let checked = 0;
  for (const c of F.cases) {
    const where = `${c.f}(${JSON.stringify(c.a).slice(0, 120)})${c.o ? JSON.stringify(c.o) : ""}`;
    let got: unknown;
    try {
      got = run(c);
    } catch (e) {
      if (!(e instanceof InvalidArgumentError)) throw e;
      if (c.r.err !== 1) bad.push(`${where}: threw ${e.message}`);
      else if (!e.message.includes(`np.${c.f}`)) bad.push(`${where}: message ${e.message}`);
      checked++;
      continue;
    }
    checked++;
    if (c.r.err === 1) {
      bad.push(`${where}: NumPy raises, we gave ${String(got)}`);
      continue;
    }
    const gots = Array.isArray(got) ? got : [got];
    const wants = Array.isArray(c.r) ? c.r : [c.r];
    for (let i = 0; i < wants.length; i++) {
      const m = compare(c.f, gots[i] as np.NDArray, wants[i]);
      if (m !== null) bad.push(`${where}: ${m}`);
    }
  }
  if (Deno.env.get("UFUNC_STATS")) {
    console.log(Object.entries(STATS).filter(([, v]) => v > 0).map(([k, v]) => `${k}: ${v}`));
  }
  assertEquals(bad.slice(0, 40), []);
  assertEquals(checked, F.cases.length);
});

Deno.test("np ufuncs: tensors, nested arrays and typed arrays are inputs; aliases agree", () => {
  const t = tf.constant([[1, 4], [9, 16]], "int32");
  assertEquals(np.sqrt(t).tolist(), [[1, 2], [3, 4]]);
  assertEquals(np.sqrt(t).dtype, "float64");
  assertEquals(np.add(t, new Int8Array([1, -1])).tolist(), [[2, 3], [10, 15]]);
  assertEquals(np.less(new Uint8Array([1, 200]), [[150]]).tolist(), [[true, false]]);
  assertEquals(np.maximum(new BigUint64Array([2n ** 64n - 1n]), 1).tolist(), [2n ** 64n - 1n]);
  const x = np.array([-2.5, -0.5, 0.5, 7]);
  const pairs: [string, string, unknown[]][] = [
    ["abs", "absolute", [x]],
    ["mod", "remainder", [x, 2]],
    ["true_divide", "divide", [x, 3]],
    ["degrees", "rad2deg", [x]],
    ["radians", "deg2rad", [x]],
    ["fix", "trunc", [x]],
    ["bitwise_not", "invert", [np.array([1, -2], "int16")]],
  ];
  for (const [alias, name, args] of pairs) {
    assertEquals(NP[alias](...args).tolist(), NP[name](...args).tolist(), alias);
  }
  assertEquals(np.around(x, { decimals: 1 }).tolist(), np.round(x, { decimals: 1 }).tolist());
  const [q, r] = np.divmod(x, 2);
  assertEquals([q.tolist(), r.tolist()], [np.floor_divide(x, 2).tolist(), np.mod(x, 2).tolist()]);
});

Deno.test("np ufuncs: errors name the function and quote the values", () => {
  const cases: [() => unknown, string][] = [
    [() => np.power(np.array([2], "int32"), -1), "np.power: integers to negative integer powers"],
    [() => np.negative([true]), "np.negative: the numpy boolean negative"],
    [() => np.left_shift([1.5], 1), "np.left_shift: no loop for input dtypes float64, float64"],
    [() => np.add(np.array([1], "uint8"), -1), "np.add: integer -1 is out of bounds for uint8"],
    [() => np.mod(np.array([1], "uint8"), 300), "np.mod: integer 300 is out of bounds"],
    [() => np.maximum(np.zeros([2]), np.zeros([3])), "np.maximum: operands could not be broadcast"],
    [() => np.round([1], { decimals: 0.5 }), "np.round: decimals must be an integer, got 0.5"],
    [() => np.round([true], { decimals: 1 }), "np.round: cannot round a bool array"],
    [() => np.nan_to_num([1], { nan: "0" as unknown as number }), "np.nan_to_num: nan must be"],
    [() => np.clip([true], null, null), "np.clip: no loop for dtype bool"],
  ];
  for (const [f, message] of cases) {
    let thrown: unknown;
    try {
      f();
    } catch (e) {
      thrown = e;
    }
    if (!(thrown instanceof InvalidArgumentError) || !thrown.message.includes(message)) {
      throw new Error(`expected InvalidArgumentError "${message}", got ${String(thrown)}`);
    }
  }
});
