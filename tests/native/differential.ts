/**
 * Differential check of the emulation kernel library against the CPU backend: every unary and
 * binary op (all pairs of edge values, scalars on either side), every cast pair, every
 * reduction, argmax/argmin and cumsum, for every dtype that `dt_supports` reports, and im2col
 * and col2im for every dtype. Results must be bit for bit the CPU's, except the float functions
 * that C's libm and the JavaScript engine compute differently in the last place (a few ulp
 * allowed). The emulation library runs on host memory, so typed arrays are passed as device
 * pointers.
 *
 * @module
 */
import { CpuBackend } from "../../src/backends/cpu/backend.ts";
import type { View } from "../../src/backends/backend.ts";
import { BINARY_OPS, REDUCE_OPS, UNARY_OPS } from "../../src/ops/op_ids.ts";
import type { ConvGeometry } from "../../src/backends/backend.ts";
import { ARRAY_TYPES, type DType, DTYPES } from "../../src/dtype.ts";
import { CONV_GEOMETRY_SIZE, convGeometry } from "../../ffi/kernels.ts";

const SUFFIX: Partial<Record<DType, string>> = {
  bool: "b8",
  uint8: "u8",
  int32: "i32",
  int64: "i64",
  float32: "f32",
  float64: "f64",
};
const KERNEL_DTYPES = Object.keys(SUFFIX) as DType[];

/** Ops whose float results come from libm functions: allowed to differ by a few ulp. */
const APPROXIMATE = new Set([
  "exp",
  "expm1",
  "log",
  "log1p",
  "sin",
  "cos",
  "tan",
  "asin",
  "acos",
  "atan",
  "sinh",
  "cosh",
  "tanh",
  "asinh",
  "acosh",
  "atanh",
  "sigmoid",
  "erf",
  "pow",
  "atan2",
]);
const MAX_ULPS = 4;
const BOOL_RESULT = new Set([
  "logicalNot",
  "isNan",
  "isFinite",
  "isInf",
  "equal",
  "notEqual",
  "less",
  "lessEqual",
  "greater",
  "greaterEqual",
  "logicalAnd",
  "logicalOr",
  "logicalXor",
]);

type Fn = (...args: unknown[]) => number;

function symbols(): Record<string, Deno.ForeignFunction> {
  const s: Record<string, Deno.ForeignFunction> = {
    dt_supports: { parameters: ["i32", "i32", "i32", "buffer"], result: "i32" },
    dt_random: {
      parameters: ["i32", "i32", "i32", "i32", "i32", "i32", "f64", "f64", "buffer", "pointer"],
      result: "i32",
    },
  };
  for (const x of Object.values(SUFFIX)) {
    s[`dt_unary_${x}`] = {
      parameters: ["i32", "i32", "buffer", "buffer", "buffer", "pointer"],
      result: "i32",
    };
    s[`dt_binary_${x}`] = {
      parameters: ["i32", "i32", "buffer", "buffer", "buffer", "f64", "i32", "buffer", "pointer"],
      result: "i32",
    };
    s[`dt_cast_${x}`] = {
      parameters: ["i32", "i32", "buffer", "buffer", "buffer", "pointer"],
      result: "i32",
    };
    s[`dt_reduce_${x}`] = {
      parameters: ["i32", "i32", "i32", "buffer", "buffer", "buffer", "pointer"],
      result: "i32",
    };
    s[`dt_arg_reduce_${x}`] = {
      parameters: ["i32", "i32", "i32", "i32", "buffer", "buffer", "buffer", "pointer"],
      result: "i32",
    };
    s[`dt_cumsum_${x}`] = {
      parameters: ["i32", "i32", "buffer", "i32", "i32", "buffer", "buffer", "pointer"],
      result: "i32",
    };
    for (const f of ["im2col", "col2im"]) {
      s[`dt_${f}_${x}`] = { parameters: ["buffer", "buffer", "buffer", "pointer"], result: "i32" };
    }
  }
  return s;
}

/** A deterministic generator of test values (an LCG). */
function lcg(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 4294967296;
  };
}

function valuesOf(dtype: DType): (number | bigint)[] {
  if (dtype === "bool") return [0, 1];
  if (dtype === "uint8") return [0, 1, 2, 3, 7, 16, 100, 127, 128, 200, 255];
  if (dtype === "int32") {
    return [
      0,
      1,
      -1,
      2,
      -2,
      3,
      7,
      -7,
      31,
      32,
      127,
      128,
      255,
      256,
      65536,
      46341,
      2147483647,
      -2147483648,
      1000,
      -1000,
      12345,
      -77,
    ];
  }
  if (dtype === "int64") {
    return [
      0n,
      1n,
      -1n,
      2n,
      -2n,
      3n,
      7n,
      -7n,
      63n,
      64n,
      2n ** 32n,
      2n ** 62n,
      2n ** 63n - 1n,
      -(2n ** 63n),
      -(2n ** 53n) - 1n,
      12345678901234n,
      -98765n,
    ];
  }
  const floats = [
    0,
    -0,
    1,
    -1,
    0.5,
    -0.5,
    1.5,
    -1.5,
    2.5,
    -2.5,
    3,
    -3,
    7,
    -7,
    7.5,
    0.1,
    0.3,
    -0.7,
    0.9,
    1e-30,
    1e30,
    -1e30,
    3.4e38,
    -3.4e38,
    1e-45,
    2 ** 24,
    2 ** 24 + 2,
    16777217,
    65504,
    100,
    -100,
    -100.5,
    1e10,
    NaN,
    Infinity,
    -Infinity,
    Math.PI,
    -Math.E,
    1e300,
    -1e300,
    2 ** 31,
    -(2 ** 31),
    2 ** 63,
    255.5,
    256,
    -0.999,
    0.999,
    5e-324,
    1.0000001,
    44.5,
    88.7,
    -88.7,
    710,
    -745,
  ];
  const rnd = lcg(12345);
  for (let i = 0; i < 30; i++) floats.push((rnd() - 0.5) * 10 ** (rnd() * 8 - 4));
  return dtype === "float32" ? floats.map(Math.fround) : floats;
}

const f64 = new Float64Array(1);
const i64 = new BigInt64Array(f64.buffer);
const f32 = new Float32Array(1);
const i32 = new Int32Array(f32.buffer);

/** The distance in units in the last place (0 for equal bits or two NaNs). */
function ulps(a: number, b: number, single: boolean): number {
  if (Number.isNaN(a) && Number.isNaN(b)) return 0;
  if (Object.is(a, b)) return 0;
  if (Number.isNaN(a) || Number.isNaN(b)) return Infinity;
  if (single) {
    const key = (x: number) => {
      f32[0] = x;
      return i32[0] < 0 ? -2147483648 - i32[0] : i32[0];
    };
    return Math.abs(key(a) - key(b));
  }
  const key = (x: number) => {
    f64[0] = x;
    return i64[0] < 0n ? -(2n ** 63n) - i64[0] : i64[0];
  };
  const d = key(a) - key(b);
  return Number(d < 0n ? -d : d);
}

/** Runs the comparison; returns one line per disagreement (empty when all agree). */
export function differential(libraryPath: string): string[] {
  const lib = Deno.dlopen(libraryPath, symbols());
  try {
    return run(lib.symbols as unknown as Record<string, Fn>);
  } finally {
    lib.close();
  }
}

function run(L: Record<string, Fn>): string[] {
  const cpu = new CpuBackend({ native: false });
  const problems: string[] = [];
  const view = (data: (number | bigint)[], dtype: DType): View => {
    const arr = new ARRAY_TYPES[dtype](data as number[]);
    const storage = cpu.upload(arr, dtype);
    return { storage, dtype, shape: [arr.length], strides: [1], offset: 0, size: arr.length };
  };
  const empty = (dtype: DType, n: number): View => ({
    storage: cpu.alloc(dtype, n),
    dtype,
    shape: [n],
    strides: [1],
    offset: 0,
    size: n,
  });
  const data = (v: View) => (v.storage as unknown as { data: ArrayLike<number | bigint> }).data;
  const flat = (n: number) => {
    const l = new Int32Array(48);
    l[0] = 1;
    l[1] = 1;
    l[6] = n;
    for (let k = 0; k < 4; k++) l[14 + 8 * k] = 1;
    return l;
  };
  const rows = (outer: number, inner: number) => {
    const r = new Int32Array(20);
    r[0] = 2, r[1] = 1, r[4] = outer, r[5] = inner, r[12] = inner, r[13] = 1;
    return r;
  };
  const supported = (family: number, op: number, dtype: DType) => {
    const out = new Int32Array(1);
    L.dt_supports(family, op, DTYPES.indexOf(dtype), out);
    return out[0] === 1;
  };
  const compare = (
    what: string,
    got: ArrayLike<number | bigint>,
    want: ArrayLike<number | bigint>,
    single: boolean,
    allowed: number,
    input: (i: number) => string,
  ) => {
    let worst = 0, worstAt = -1, count = 0;
    for (let i = 0; i < want.length; i++) {
      const g = got[i], e = want[i];
      const d = typeof e === "bigint" ? (g === e ? 0 : Infinity) : ulps(g as number, e, single);
      if (d > allowed) {
        count++;
        if (d > worst || worstAt < 0) worst = d, worstAt = i;
      }
    }
    if (count > 0) {
      problems.push(
        `${what}: ${count}/${want.length} differ by more than ${allowed} ulp, e.g. ${
          input(worstAt)
        } -> ${got[worstAt]}, CPU ${want[worstAt]}`,
      );
    }
  };

  for (const dt of KERNEL_DTYPES) {
    const sfx = SUFFIX[dt];
    const vs = valuesOf(dt);
    // Unary.
    const x = view(vs, dt);
    for (let op = 0; op < UNARY_OPS.length; op++) {
      if (!supported(0, op, dt)) continue;
      const name = UNARY_OPS[op];
      const odt: DType = BOOL_RESULT.has(name) ? "bool" : dt;
      const out = empty(odt, vs.length);
      cpu.unary(op, x, out);
      const got = new ARRAY_TYPES[odt](vs.length);
      const st = L[`dt_unary_${sfx}`](op, vs.length, flat(vs.length), data(x), got, null);
      if (st !== 0) problems.push(`unary ${name} ${dt}: status ${st}`);
      compare(
        `unary ${name} ${dt}`,
        got,
        data(out),
        odt === "float32",
        APPROXIMATE.has(name) ? MAX_ULPS : 0,
        (i) => `${vs[i]}`,
      );
    }
    // Binary: every pair; scalars on either side.
    const as: (number | bigint)[] = [], bs: (number | bigint)[] = [];
    for (const p of vs) for (const q of vs) as.push(p), bs.push(q);
    const a = view(as, dt), b = view(bs, dt);
    const n = as.length;
    const scalars: (number | bigint)[] = dt === "bool" ? [0, 1] : [vs[2], vs[5]];
    const scalarLayout = (s: number | bigint) => {
      const l = flat(n);
      if (typeof s === "bigint") {
        l[46] = Number(BigInt.asIntN(32, s));
        l[47] = Number(BigInt.asIntN(32, s >> 32n));
      }
      return l;
    };
    for (let op = 0; op < BINARY_OPS.length; op++) {
      if (!supported(1, op, dt)) continue;
      const name = BINARY_OPS[op];
      const odt: DType = BOOL_RESULT.has(name) ? "bool" : dt;
      const allowed = APPROXIMATE.has(name) && dt.startsWith("float") ? MAX_ULPS : 0;
      const out = empty(odt, n);
      cpu.binary(op, a, b, out);
      const got = new ARRAY_TYPES[odt](n);
      const st = L[`dt_binary_${sfx}`](op, n, flat(n), data(a), data(b), 0, 0, got, null);
      if (st !== 0) problems.push(`binary ${name} ${dt}: status ${st}`);
      compare(
        `binary ${name} ${dt}`,
        got,
        data(out),
        odt === "float32",
        allowed,
        (i) => `(${as[i]}, ${bs[i]})`,
      );
      for (const s of scalars) {
        const right = empty(odt, n);
        cpu.binary(op, a, s, right);
        const gotRight = new ARRAY_TYPES[odt](n);
        L[`dt_binary_${sfx}`](op, n, scalarLayout(s), data(a), null, Number(s), 2, gotRight, null);
        compare(
          `binary ${name} ${dt} (tensor, ${s})`,
          gotRight,
          data(right),
          odt === "float32",
          allowed,
          (i) => `(${as[i]}, ${s})`,
        );
        const left = empty(odt, n);
        cpu.binary(op, s, b, left);
        const gotLeft = new ARRAY_TYPES[odt](n);
        L[`dt_binary_${sfx}`](op, n, scalarLayout(s), null, data(b), Number(s), 1, gotLeft, null);
        compare(
          `binary ${name} ${dt} (${s}, tensor)`,
          gotLeft,
          data(left),
          odt === "float32",
          allowed,
          (i) => `(${s}, ${bs[i]})`,
        );
      }
    }
    // Casts to every dtype.
    for (const to of KERNEL_DTYPES) {
      const out = empty(to, vs.length);
      cpu.cast(x, out);
      const got = new ARRAY_TYPES[to](vs.length);
      const st = L[`dt_cast_${sfx}`](
        DTYPES.indexOf(to),
        vs.length,
        flat(vs.length),
        data(x),
        got,
        null,
      );
      if (st !== 0) problems.push(`cast ${dt} -> ${to}: status ${st}`);
      compare(`cast ${dt} -> ${to}`, got, data(out), to === "float32", 0, (i) => `${vs[i]}`);
    }
    // Reductions, argmax/argmin and cumsum over rows of 7 (in the CPU's order: exact).
    const inner = 7, outer = Math.floor((vs.length * 3) / inner);
    const xs: (number | bigint)[] = [];
    for (let i = 0; i < outer * inner; i++) xs.push(vs[(i * 7 + (i >> 3)) % vs.length]);
    const m = { ...view(xs, dt), shape: [outer, inner], strides: [inner, 1] };
    const row = (i: number) => xs.slice(i * inner, (i + 1) * inner).join(" ");
    for (let op = 0; op < REDUCE_OPS.length; op++) {
      if (!supported(2, op, dt)) continue;
      const name = REDUCE_OPS[op];
      const odt: DType = name === "all" || name === "any"
        ? "bool"
        : name === "mean"
        ? (dt === "float64" ? "float64" : "float32")
        : dt;
      const out = empty(odt, outer);
      cpu.reduce(op, m, 1, out);
      const got = new ARRAY_TYPES[odt](outer);
      const st = L[`dt_reduce_${sfx}`](op, outer, inner, rows(outer, inner), data(m), got, null);
      if (st !== 0) problems.push(`reduce ${name} ${dt}: status ${st}`);
      compare(`reduce ${name} ${dt}`, got, data(out), odt === "float32", 0, row);
    }
    for (const [op, odt] of [[0, "int32"], [1, "int64"]] as [number, DType][]) {
      const out = empty(odt, outer);
      cpu.argReduce(op, m, out);
      const got = new ARRAY_TYPES[odt](outer);
      const st = L[`dt_arg_reduce_${sfx}`](
        op,
        DTYPES.indexOf(odt),
        outer,
        inner,
        rows(outer, inner),
        data(m),
        got,
        null,
      );
      if (st !== 0) problems.push(`arg reduce ${op} ${dt}: status ${st}`);
      compare(`arg reduce ${op} ${dt}`, got, data(out), false, 0, row);
    }
    if (dt === "bool") continue; // cumsum of bool runs as int32
    for (const [exclusive, reverse] of [[0, 0], [1, 0], [0, 1], [1, 1]]) {
      const out = { ...empty(dt, outer * inner), shape: [outer, inner], strides: [inner, 1] };
      cpu.cumsum(m, !!exclusive, !!reverse, out);
      const got = new ARRAY_TYPES[dt](outer * inner);
      const st = L[`dt_cumsum_${sfx}`](
        outer,
        inner,
        rows(outer, inner),
        exclusive,
        reverse,
        data(m),
        got,
        null,
      );
      if (st !== 0) problems.push(`cumsum ${dt}: status ${st}`);
      compare(
        `cumsum ${dt} exclusive ${exclusive} reverse ${reverse}`,
        got,
        data(out),
        dt === "float32",
        0,
        (i) => row(Math.floor(i / inner)),
      );
    }
  }
  // im2col and col2im (its sums in the order of the patch rows: finite floats of many magnitudes
  // make them order-sensitive), with strides, dilations and padding on every side.
  const geometries: ConvGeometry[] = [
    { h: 7, w: 8, kh: 3, kw: 2, sh: 2, sw: 1, dh: 1, dw: 2, top: 1, left: 2, oh: 4, ow: 9 },
    { h: 7, w: 8, kh: 2, kw: 3, sh: 1, sw: 2, dh: 2, dw: 1, top: 0, left: 1, oh: 5, ow: 4 },
  ];
  for (const dt of KERNEL_DTYPES) {
    const vs = valuesOf(dt).filter((v) => typeof v !== "number" || Math.abs(v) < 1e10);
    const cycle = (n: number) =>
      view(Array.from({ length: n }, (_, i) => vs[(i * 7) % vs.length]), dt);
    for (const g of geometries) {
      const image = [2, g.h, g.w, 3];
      const cols = [2 * g.oh * g.ow, g.kh * g.kw * 3];
      const geom = convGeometry(new Int32Array(CONV_GEOMETRY_SIZE), image, g);
      const x = { ...cycle(2 * g.h * g.w * 3), shape: image };
      const p = { ...empty(dt, cols[0] * cols[1]), shape: cols };
      cpu.im2col(x, g, p);
      const got = new ARRAY_TYPES[dt](p.size);
      let st = L[`dt_im2col_${SUFFIX[dt]}`](geom, data(x), got, null);
      if (st !== 0) problems.push(`im2col ${dt}: status ${st}`);
      compare(`im2col ${dt} ${JSON.stringify(g)}`, got, data(p), false, 0, (i) => `entry ${i}`);
      const y = { ...cycle(p.size), shape: cols };
      const q = { ...empty(dt, x.size), shape: image };
      cpu.col2im(y, g, q);
      const back = new ARRAY_TYPES[dt](q.size);
      st = L[`dt_col2im_${SUFFIX[dt]}`](geom, data(y), back, null);
      if (st !== 0) problems.push(`col2im ${dt}: status ${st}`);
      compare(`col2im ${dt} ${JSON.stringify(g)}`, back, data(q), false, 0, (i) => `pixel ${i}`);
    }
  }
  // Random streams: uniform for every dtype with a kernel and float32 normal are the CPU's bits;
  // float64 normal goes through libm's log, cos and sin, which may differ from the JavaScript
  // engine's in the last place.
  const cases: [number, DType, number, number, number][] = [
    [0, "float32", -3, 7, 0],
    [0, "float64", 0, 1, 0],
    [0, "int32", -100, 1e6, 0],
    [0, "int64", -1e15, 1e15, 0],
    [1, "float32", 0.5, 3, 0],
    [1, "float64", -1, 0.25, 2],
  ];
  for (const [op, dt, lo, hi, allowed] of cases) {
    for (const call of [0, 5]) {
      const n = 10001;
      const key: [number, number] = [0x12345678, 0xfedcba98];
      const out = empty(dt, n);
      cpu.random(op, { key, call }, lo, hi, out);
      const got = new ARRAY_TYPES[dt](n);
      const st = L.dt_random(
        op,
        DTYPES.indexOf(dt),
        n,
        key[0] | 0,
        key[1] | 0,
        call,
        lo,
        hi,
        got,
        null,
      );
      if (st !== 0) problems.push(`random ${op} ${dt}: status ${st}`);
      compare(
        `random ${op} ${dt} call ${call}`,
        got,
        data(out),
        dt === "float32",
        allowed,
        (i) => `value ${i}`,
      );
    }
  }
  return problems;
}
