/**
 * Differential check of a native kernel library on host memory (the emulation library, or a
 * variant of the native CPU library) against the CPU backend's TypeScript kernels, through the
 * one driver both backends use (`src/backends/native_abi.ts`):
 * - coverage: every (op, dtype) pair the op tables send to a kernel family
 *   (`src/ops/kernel_table.ts`) must be in the library (a missing one is a failure, not a skip);
 * - every unary and binary op (all pairs of edge values, scalars on either side), every cast
 *   pair, every reduction, argmax/argmin and cumsum, im2col and col2im, the random streams;
 * - strided views: negative strides, broadcasts, and views of more axes than the kernels take
 *   (which the driver splits into several calls);
 * - bad layouts: a view that reaches outside its memory is refused by the library's extent check.
 * Results must be bit for bit the CPU's, except the float functions that C's libm and the
 * JavaScript engine compute differently in the last place (ULPS allows a few).
 *
 * @module
 */
import { CpuBackend } from "../../src/backends/cpu/backend.ts";
import type { ConvGeometry, View } from "../../src/backends/backend.ts";
import { HostKernels } from "../../src/backends/cpu/native.ts";
import { SUPPORTS_FAMILY } from "../../src/backends/native_abi.ts";
import { BINARY_OPS, REDUCE_OPS, UNARY_OPS } from "../../src/ops/op_ids.ts";
import fixtures from "../fixtures/ops.json" with { type: "json" };
import {
  familyOps,
  kernelDtypes,
  type KernelFamily,
  kernelResult,
} from "../../src/ops/kernel_table.ts";
import { ARRAY_TYPES, type DType, KERNEL_DTYPES } from "../../src/dtype.ts";
import { contiguousStrides } from "../../src/shape.ts";
import { hostSymbols, SHARED_SYMBOLS } from "../../ffi/kernels.ts";
import { NativeLibraryError } from "../../src/errors.ts";

/** How many ulp a libm function's float result may differ between C and V8. */
const LIBM_ULPS = 4;

/**
 * The ops whose NumPy fixtures carry an ulp tolerance: their float results come from libm
 * functions, which C and the JavaScript engine compute differently in the last place. Every
 * other op must agree bit for bit. Read from tests/fixtures/ops.json, so an op's one fixture row
 * (tests/gen_op_fixtures.py) says it for this test too.
 */
function libmOps(): Set<string> {
  const out = new Set<string>();
  const cases = fixtures as unknown as Record<string, { op?: string; t?: { u?: number } }[]>;
  for (const family of ["unary", "binary"]) {
    for (const c of cases[family]) if ((c.t?.u ?? 0) > 0 && c.op) out.add(c.op);
  }
  return out;
}
const LIBM = libmOps();

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

/** Every (op, dtype) pair a family promises that the library lacks, as problem lines. */
export function coverage(k: HostKernels): string[] {
  const problems: string[] = [];
  for (const family of Object.keys(SUPPORTS_FAMILY) as KernelFamily[]) {
    const ops = familyOps(family);
    for (const { op, dtypes } of kernelDtypes(family)) {
      for (const dt of dtypes) {
        if (!k.abi.supports(SUPPORTS_FAMILY[family], ops.indexOf(op), dt)) {
          problems.push(`${family} ${op} ${dt}: promised by the op table, missing from ${k.path}`);
        }
      }
    }
  }
  return problems;
}

/** Runs the comparison on the library at `path`; one line per disagreement (none: all agree). */
export function differential(path: string): string[] {
  const lib = Deno.dlopen(path, hostSymbols(SHARED_SYMBOLS));
  const k = new HostKernels(path, lib.symbols, `kernel of ${path}`);
  try {
    return [...coverage(k), ...run(k)];
  } finally {
    k.close();
    lib.close();
  }
}

function run(k: HostKernels): string[] {
  const abi = k.abi;
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
  /** Runs a native call; a false return (not handled) or a thrown error is a problem. */
  const call = (what: string, f: () => boolean) => {
    try {
      if (!f()) problems.push(`${what}: the driver did not run it natively`);
    } catch (e) {
      problems.push(`${what}: ${(e as Error).message}`);
    }
  };
  const promised = (family: KernelFamily) => {
    const m = new Map<string, DType[]>();
    for (const { op, dtypes } of kernelDtypes(family)) m.set(op, dtypes);
    return m;
  };
  const unaryDtypes = promised("unary"), binaryDtypes = promised("binary");
  const reduceDtypes = promised("reduce");
  for (const dt of KERNEL_DTYPES) {
    const vs = valuesOf(dt);
    // Unary.
    const x = view(vs, dt);
    UNARY_OPS.forEach((name, op) => {
      if (!unaryDtypes.get(name)?.includes(dt)) return;
      const odt = kernelResult("unary", name, dt);
      const want = empty(odt, vs.length), got = empty(odt, vs.length);
      cpu.unary(op, x, want);
      call(`unary ${name} ${dt}`, () => abi.unary(op, x, got));
      compare(
        `unary ${name} ${dt}`,
        data(got),
        data(want),
        odt === "float32",
        LIBM.has(name) ? LIBM_ULPS : 0,
        (i) => `${vs[i]}`,
      );
    });
    // Binary: every pair; scalars on either side.
    const as: (number | bigint)[] = [], bs: (number | bigint)[] = [];
    for (const p of vs) for (const q of vs) as.push(p), bs.push(q);
    const a = view(as, dt), b = view(bs, dt);
    const n = as.length;
    const scalars: (number | bigint)[] = dt === "bool" ? [0, 1] : [vs[2], vs[5]];
    BINARY_OPS.forEach((name, op) => {
      if (!binaryDtypes.get(name)?.includes(dt)) return;
      const odt = kernelResult("binary", name, dt);
      const allowed = dt.startsWith("float") && LIBM.has(name) ? LIBM_ULPS : 0;
      const want = empty(odt, n), got = empty(odt, n);
      cpu.binary(op, a, b, want);
      call(`binary ${name} ${dt}`, () => abi.binary(op, a, b, got));
      compare(
        `binary ${name} ${dt}`,
        data(got),
        data(want),
        odt === "float32",
        allowed,
        (i) => `(${as[i]}, ${bs[i]})`,
      );
      for (const s of scalars) {
        const right = empty(odt, n), gotRight = empty(odt, n);
        cpu.binary(op, a, s, right);
        call(`binary ${name} ${dt} (tensor, ${s})`, () => abi.binary(op, a, s, gotRight));
        compare(
          `binary ${name} ${dt} (tensor, ${s})`,
          data(gotRight),
          data(right),
          odt === "float32",
          allowed,
          (i) => `(${as[i]}, ${s})`,
        );
        const left = empty(odt, n), gotLeft = empty(odt, n);
        cpu.binary(op, s, b, left);
        call(`binary ${name} ${dt} (${s}, tensor)`, () => abi.binary(op, s, b, gotLeft));
        compare(
          `binary ${name} ${dt} (${s}, tensor)`,
          data(gotLeft),
          data(left),
          odt === "float32",
          allowed,
          (i) => `(${s}, ${bs[i]})`,
        );
      }
    });
    // Casts to every dtype.
    for (const to of KERNEL_DTYPES) {
      const want = empty(to, vs.length), got = empty(to, vs.length);
      cpu.cast(x, want);
      call(`cast ${dt} -> ${to}`, () => abi.cast(x, got));
      compare(`cast ${dt} -> ${to}`, data(got), data(want), to === "float32", 0, (i) => `${vs[i]}`);
    }
    // Reductions, argmax/argmin and cumsum over rows of 7 (in the CPU's order: exact).
    const inner = 7, outer = Math.floor((vs.length * 3) / inner);
    const xs: (number | bigint)[] = [];
    for (let i = 0; i < outer * inner; i++) xs.push(vs[(i * 7 + (i >> 3)) % vs.length]);
    const m = { ...view(xs, dt), shape: [outer, inner], strides: [inner, 1] };
    const row = (i: number) => xs.slice(i * inner, (i + 1) * inner).join(" ");
    REDUCE_OPS.forEach((name, op) => {
      if (!reduceDtypes.get(name)?.includes(dt)) return;
      const odt = kernelResult("reduce", name, dt);
      const want = empty(odt, outer), got = empty(odt, outer);
      cpu.reduce(op, m, 1, want);
      call(`reduce ${name} ${dt}`, () => abi.reduce(op, m, 1, got));
      compare(`reduce ${name} ${dt}`, data(got), data(want), odt === "float32", 0, row);
    });
    for (const [op, odt] of [[0, "int32"], [1, "int64"]] as [number, DType][]) {
      const want = empty(odt, outer), got = empty(odt, outer);
      cpu.argReduce(op, m, want);
      call(`arg reduce ${op} ${dt}`, () => abi.argReduce(op, m, got));
      compare(`arg reduce ${op} ${dt}`, data(got), data(want), false, 0, row);
    }
    if (dt !== "bool") { // cumsum of bool runs as int32
      for (
        const [exclusive, reverse] of [[false, false], [true, false], [false, true], [true, true]]
      ) {
        const shaped = (v: View) => ({ ...v, shape: [outer, inner], strides: [inner, 1] });
        const want = shaped(empty(dt, outer * inner)), got = shaped(empty(dt, outer * inner));
        cpu.cumsum(m, exclusive, reverse, want);
        call(`cumsum ${dt}`, () => abi.cumsum(m, exclusive, reverse, got));
        compare(
          `cumsum ${dt} exclusive ${exclusive} reverse ${reverse}`,
          data(got),
          data(want),
          dt === "float32",
          0,
          (i) => row(Math.floor(i / inner)),
        );
      }
    }
    // Strided views: a transposed, reversed and broadcast operand of 10 axes (more than the
    // kernels take: the driver splits it) through unary, binary, cast and copy.
    const shape = [2, 1, 3, 2, 2, 1, 2, 2, 3, 2];
    const size = shape.reduce((p, q) => p * q, 1);
    const base = view(Array.from({ length: size }, (_, i) => vs[(i * 5) % vs.length]), dt);
    const cs = contiguousStrides(shape);
    // Reverse every axis (negative strides from the last element), swap two axes.
    const strides = cs.map((s) => -s);
    [strides[2], strides[8]] = [strides[8], strides[2]];
    const sh = shape.slice();
    [sh[2], sh[8]] = [sh[8], sh[2]];
    const wild: View = { ...base, shape: sh, strides, offset: size - 1 };
    const dense = (d: DType) => ({ ...empty(d, size), shape: sh, strides: contiguousStrides(sh) });
    const pickUnary = UNARY_OPS.findIndex((o) => unaryDtypes.get(o)?.includes(dt));
    if (pickUnary >= 0) {
      const name = UNARY_OPS[pickUnary];
      const odt = kernelResult("unary", name, dt);
      const want = dense(odt), got = dense(odt);
      cpu.unary(pickUnary, wild, want);
      call(`unary ${name} ${dt} (10 axes)`, () => abi.unary(pickUnary, wild, got));
      compare(`unary ${name} ${dt} (10 axes)`, data(got), data(want), false, 0, (i) => `${i}`);
    }
    const want = dense(dt), got = dense(dt);
    cpu.copy(wild, want);
    call(`copy ${dt} (10 axes)`, () => abi.copy(wild, got));
    compare(`copy ${dt} (10 axes)`, data(got), data(want), false, 0, (i) => `${i}`);
    const bcast: View = { ...x, shape: sh, strides: sh.map((_, d) => (d === 9 ? 1 : 0)) };
    const pickBinary = BINARY_OPS.findIndex((o) => binaryDtypes.get(o)?.includes(dt));
    if (pickBinary >= 0) {
      const name = BINARY_OPS[pickBinary];
      const odt = kernelResult("binary", name, dt);
      const w = dense(odt), g = dense(odt);
      cpu.binary(pickBinary, wild, bcast, w);
      call(`binary ${name} ${dt} (10 axes)`, () => abi.binary(pickBinary, wild, bcast, g));
      compare(`binary ${name} ${dt} (10 axes)`, data(g), data(w), false, 0, (i) => `${i}`);
    }
    // A view that reaches one element past its memory is refused before anything is touched.
    const short: View = { ...x, offset: 1 };
    const out = empty(dt, x.size);
    try {
      abi.copy(short, out);
      problems.push(`copy ${dt}: a view past the end of its memory was not refused`);
    } catch (e) {
      if (!(e instanceof NativeLibraryError) || !/status 1005/.test(e.message)) {
        problems.push(`copy ${dt}: a view past its memory gave ${(e as Error).message}`);
      }
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
      const x = { ...cycle(2 * g.h * g.w * 3), shape: image, strides: contiguousStrides(image) };
      const shaped = (v: View, s: number[]) => ({ ...v, shape: s, strides: contiguousStrides(s) });
      const p = shaped(empty(dt, cols[0] * cols[1]), cols);
      const gotP = shaped(empty(dt, cols[0] * cols[1]), cols);
      cpu.im2col(x, g, p);
      call(`im2col ${dt}`, () => abi.im2col(x, g, gotP));
      compare(`im2col ${dt} ${JSON.stringify(g)}`, data(gotP), data(p), false, 0, (i) => `${i}`);
      const y = shaped(cycle(p.size), cols);
      const q = shaped(empty(dt, x.size), image), gotQ = shaped(empty(dt, x.size), image);
      cpu.col2im(y, g, q);
      call(`col2im ${dt}`, () => abi.col2im(y, g, gotQ));
      compare(`col2im ${dt} ${JSON.stringify(g)}`, data(gotQ), data(q), false, 0, (i) => `${i}`);
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
    for (const c of [0, 5]) {
      const n = 10001;
      const key: [number, number] = [0x12345678, 0xfedcba98 | 0];
      const want = empty(dt, n), got = empty(dt, n);
      cpu.random(op, { key, call: c }, lo, hi, want);
      call(`random ${op} ${dt}`, () => abi.random(op, { key, call: c }, lo, hi, got));
      compare(
        `random ${op} ${dt} call ${c}`,
        data(got),
        data(want),
        dt === "float32",
        allowed,
        (i) => `value ${i}`,
      );
    }
  }
  return problems;
}
