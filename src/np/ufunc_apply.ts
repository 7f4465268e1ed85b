/**
 * How a ufunc of the table runs: its inputs become operands (arrays read in place, JS scalars
 * weak, NEP 50), NumPy's loop is resolved, and the elementwise work goes to the tensor kernel
 * where the row names one that is NumPy's for the loop dtype (native and threaded when FFI is
 * granted), else to a typed-array loop compiled once per ufunc, dtype and layout from the row's
 * scalar function (inputs broadcast by strides, never copied unless a 64-bit integer must become
 * bigints or the reverse).
 *
 * @module
 */
import { compileLoop, type Loop as CompiledLoop } from "../backends/cpu/loops.ts";
import type { Scalar } from "../dtype.ts";
import { InvalidArgumentError } from "../errors.ts";
import { NDArray, type NpDType } from "../ndarray.ts";
import { broadcastStrides, collapse, isContiguous, sizeOf } from "../shape.ts";
import { broadcastShape } from "./broadcast.ts";
import { type ArrayLike, type Operand, operand } from "./convert.ts";
import { alloc, castData, intRange, isBig, kindOf } from "./dtypes.ts";
import { hasKernels, kernelBinary, kernelCast, kernelUnary } from "./kernels.ts";
import { resultType, weakValue } from "./promote.ts";
import {
  LETTERS,
  type Loop,
  resolveLoop,
  type UfuncName,
  type UfuncRow,
  UFUNCS,
} from "./ufunc_table.ts";
import type { BinaryName as KernelBinary, UnaryName as KernelUnary } from "../ops/op_ids.ts";

/**
 * An operand of a compiled loop: an array read in place, a scalar in the loop's dtype, or a
 * Float64Array of constants the statement indexes itself (`$1[0]`).
 */
export type LoopIn = NDArray | number | bigint | Float64Array;

const CACHE = new Map<string, CompiledLoop>();
const NONE: readonly number[] = [];

/**
 * Runs `expr` (compileLoop's statement: `$0`.. the inputs, then the outputs) over the inputs
 * broadcast to `shape`, into new contiguous arrays of the dtypes `outs` (or into the arrays
 * given, of `shape`). `tag` names the loop and, with the operands' layout and storage classes,
 * keys the cache: `env` (the loop's free variables) is asked for only when it is compiled.
 */
export function runLoop(
  tag: string,
  env: () => Record<string, unknown>,
  expr: string,
  ins: readonly LoopIn[],
  shape: readonly number[],
  outs: readonly (NpDType | NDArray)[],
): NDArray[] {
  const n = sizeOf(shape);
  const results = outs.map((d) => d instanceof NDArray ? d : new NDArray(alloc(d, n), shape, d));
  if (n === 0) return results;
  const ops: LoopIn[] = [...ins, ...results];
  let kinds = "", classes = "", cont = true;
  for (const x of ops) {
    if (x instanceof NDArray) {
      kinds += "v";
      classes += x.data.constructor.name + " ";
      if (x.size !== n || !isContiguous(x.shape, x.strides)) cont = false;
    } else {
      kinds += "s";
      classes += (typeof x === "object" ? "table" : typeof x) + " ";
    }
  }
  const key = `${tag}|${kinds}|${cont}|${classes}`;
  let loop = CACHE.get(key);
  if (loop === undefined) {
    loop = compileLoop(tag, kinds, expr, cont, env());
    CACHE.set(key, loop);
  }
  const data = (i: number): unknown => {
    const x = ops[i];
    return x === undefined ? null : x instanceof NDArray ? x.data : x;
  };
  const off = (i: number): number => {
    const x = ops[i];
    return x instanceof NDArray ? x.offset : 0;
  };
  if (cont) {
    loop(
      data(0),
      off(0),
      NONE,
      data(1),
      off(1),
      NONE,
      data(2),
      off(2),
      NONE,
      data(3),
      off(3),
      NONE,
      NONE,
      n,
    );
    return results;
  }
  const { shape: s, strides } = collapse(
    shape,
    ops.map((x) => (x instanceof NDArray ? broadcastStrides(x.shape, x.strides, shape) : null)),
  );
  loop(
    data(0),
    off(0),
    strides[0],
    data(1),
    off(1),
    strides[1],
    data(2),
    off(2),
    strides[2] ?? NONE,
    data(3),
    off(3),
    strides[3] ?? NONE,
    s,
    n,
  );
  return results;
}

/** An array read as the loop dtype `d`: as it is, unless bigints must become numbers or back. */
export function readAs(x: NDArray, d: NpDType): NDArray {
  if (x.dtype === d || isBig(x.dtype) === isBig(d)) return x;
  return new NDArray(castData(x.contiguousData(), x.dtype, d), x.shape, d);
}

/** Rounds a float to `d`'s precision. */
export function roundTo(d: NpDType, v: number): number {
  return d === "float32" ? Math.fround(v) : d === "float16" ? Math.f16round(v) : v;
}

/**
 * A weak scalar as an element of the loop dtype `loop`: first the dtype `dt` promotion gave it
 * (NumPy's OverflowError for an integer out of range; a float rounds to `dt`), then `loop`.
 */
export function scalarIn(s: Scalar, dt: NpDType, loop: NpDType, op: string): number | bigint {
  let v = weakValue(s, dt, op);
  if (kindOf(dt) === "f") v = roundTo(dt, v as number);
  if (isBig(loop)) return typeof v === "bigint" ? v : BigInt(v);
  return typeof v === "bigint" ? Number(v) : v;
}

/** The dtypes of the operands for loop resolution: a weak scalar takes NEP 50's. */
export function operandDtypes(xs: readonly Operand[]): NpDType[] {
  const strong = xs.filter((x) => x instanceof NDArray).map((x) => (x as NDArray).dtype);
  return xs.map((x) => (x instanceof NDArray ? x.dtype : resultType(...strong, x)));
}

/** The broadcast shape of the array operands. */
export function shapeOf(xs: readonly LoopIn[] | readonly Operand[], op: string): number[] {
  const shapes = xs.filter((x) => x instanceof NDArray).map((x) => (x as NDArray).shape);
  return broadcastShape(shapes, op);
}

/** The same elements of a uint64 array as int64 (same memory) or back. */
function reinterpret(x: NDArray, to: "int64" | "uint64"): NDArray {
  const d = x.data as BigInt64Array;
  const Ctor = to === "int64" ? BigInt64Array : BigUint64Array;
  return new NDArray(new Ctor(d.buffer as ArrayBuffer, d.byteOffset, d.length), x.shape, to, {
    strides: x.strides,
    offset: x.offset,
  });
}

/** A 0-d array of `d` holding the scalar `v`. */
function scalarArray(v: LoopIn, d: NpDType): NDArray {
  const a = alloc(d, 1) as unknown as LoopIn[];
  a[0] = v;
  return new NDArray(a as unknown as NDArray["data"], [], d);
}

/**
 * The loop's operation on the tensor kernel, or null where the row has none for its dtype. A
 * uint64 loop the row lists ("Q") runs the int64 kernel on the same bits; the float16 loop of a
 * math-library function runs the float32 kernel and rounds (NumPy's float16 loops compute in
 * float32 too).
 */
function viaKernel(
  row: UfuncRow,
  loop: Loop,
  ins: readonly LoopIn[],
  shape: number[],
): NDArray | null {
  const kernel = row.kernel;
  const d = loop.ins[0];
  if (kernel === undefined || loop.outs.length !== 1 || loop.ins.some((x) => x !== d)) return null;
  if (!ins.some((x) => x instanceof NDArray)) return null;
  const unsigned = d === "uint64" && kernel.on.includes("Q");
  const half = d === "float16" && row.libm === true && kernel.on.includes("f");
  if (!unsigned && !half && !kernel.on.includes(letterOf(d))) return null;
  const kd = unsigned ? "int64" : half ? "float32" : d;
  const kout = unsigned && loop.outs[0] === "uint64" ? "int64" : half ? "float32" : loop.outs[0];
  if (!hasKernels(kd) || !hasKernels(kout)) return null;
  const arrays: NDArray[] = [];
  for (const x of ins) {
    if (!(x instanceof NDArray)) {
      arrays.push(scalarArray(unsigned ? BigInt.asIntN(64, x as bigint) : x, kd));
    } else if (x.dtype === kd) arrays.push(x);
    else if (unsigned) {
      if (x.dtype !== "uint64") return null;
      arrays.push(reinterpret(x, "int64"));
    } else {
      const c = hasKernels(x.dtype) ? kernelCast(x, kd) : null;
      if (c === null) return null;
      arrays.push(c);
    }
  }
  const out = arrays.length === 1
    ? kernelUnary(kernel.op as KernelUnary, arrays[0], kout)
    : kernelBinary(kernel.op as KernelBinary, arrays[0], arrays[1], shape, kout);
  if (out === null || kout === loop.outs[0]) return out;
  return half ? kernelCast(out, "float16") : reinterpret(out, "uint64");
}

const LETTER_OF = Object.fromEntries(Object.entries(LETTERS).map(([l, d]) => [d, l]));

function letterOf(d: NpDType): string {
  return LETTER_OF[d];
}

const COMPARE: Partial<Record<UfuncName, (a: number, b: number) => boolean>> = {
  equal: (a, b) => a === b,
  not_equal: (a, b) => a !== b,
  less: (a, b) => a < b,
  less_equal: (a, b) => a <= b,
  greater: (a, b) => a > b,
  greater_equal: (a, b) => a >= b,
};

/**
 * NumPy 2 compares an integer array with a Python int outside its dtype's range exactly: every
 * element then compares the same way. That constant result, or null when no operand is such.
 */
function compareOutOfRange(
  name: UfuncName,
  xs: readonly Operand[],
  dts: readonly NpDType[],
  op: string,
): NDArray | null {
  const cmp = COMPARE[name];
  if (cmp === undefined) return null;
  const ints = xs.some((x) => x instanceof NDArray && "iu".includes(kindOf(x.dtype)));
  if (!ints && xs.some((x) => x instanceof NDArray)) return null;
  for (let i = 0; i < xs.length; i++) {
    const s = xs[i];
    if (s instanceof NDArray || typeof s === "boolean") continue;
    if (typeof s === "number" && !Number.isInteger(s)) continue;
    const k = kindOf(dts[i]);
    if (k !== "i" && k !== "u") continue;
    const [lo, hi] = intRange(dts[i]);
    const big = BigInt(s);
    if (big >= lo && big <= hi) continue;
    // The scalar is beyond every element: compare it with one just inside the range.
    const inside = big > hi ? -1 : 1; // the sign of (element - scalar), for every element
    const value = i === 0 ? cmp(0, inside) : cmp(inside, 0);
    const shape = shapeOf(xs, op);
    const out = alloc("bool", sizeOf(shape)) as Uint8Array;
    out.fill(value ? 1 : 0);
    return new NDArray(out, shape, "bool");
  }
  return null;
}

/** NumPy's error for integer powers with a negative exponent anywhere. */
function checkPower(exponent: LoopIn, op: string): void {
  let negative = false;
  if (exponent instanceof NDArray) {
    const k = kindOf(exponent.dtype);
    if (k === "i") {
      const d = exponent.contiguousData() as unknown as readonly (number | bigint)[];
      for (let i = 0; i < d.length; i++) {
        if (d[i] < 0) {
          negative = true;
          break;
        }
      }
    }
  } else negative = (exponent as number | bigint) < 0;
  if (negative) {
    throw new InvalidArgumentError(
      `${op}: integers to negative integer powers are not allowed (NumPy's ValueError)`,
    );
  }
}

/**
 * One 32-bit half (0: low, 1: high) of each element of a 64-bit integer operand: an int32 view
 * of the same memory (every other word), or the half of a scalar.
 */
function half(x: LoopIn, h: 0 | 1): LoopIn {
  if (x instanceof NDArray) {
    const d = x.data as BigInt64Array;
    const w = new Int32Array(d.buffer as ArrayBuffer, d.byteOffset, 2 * d.length);
    return new NDArray(w, x.shape, "int32", {
      strides: x.strides.map((s) => 2 * s),
      offset: 2 * x.offset + (LITTLE ? h : 1 - h),
    });
  }
  const v = BigInt.asUintN(64, x as bigint);
  return Number(BigInt.asIntN(32, h === 0 ? v : v >> 32n));
}

const LITTLE = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

/**
 * A bitwise op of 64-bit integers on their 32-bit halves (`row.words`: two passes, low and high
 * words, into the result's own memory), or null where the row has no such statement.
 */
function viaWords(
  row: UfuncRow,
  loop: Loop,
  ins: readonly LoopIn[],
  shape: number[],
  op: string,
): NDArray | null {
  const d = loop.ins[0];
  if (row.words === undefined || !isBig(d)) return null;
  if (ins.some((x) => x instanceof NDArray && x.dtype !== d)) return null;
  const out = new NDArray(alloc(d, sizeOf(shape)), shape, d);
  for (const h of [0, 1] as const) {
    const into = half(out, h) as NDArray;
    runLoop(`${op} words`, () => ({}), row.words, ins.map((x) => half(x, h)), shape, [into]);
  }
  return out;
}

/** The statement of a loop with `nin` inputs and `nout` outputs (functions f, g). */
function statement(nin: number, nout: number): string {
  const args = Array.from({ length: nin }, (_, i) => `$${i}`).join(", ");
  return nout === 1 ? `$${nin} = f(${args});` : `$${nin} = f(${args}); $${nin + 1} = g(${args});`;
}

/**
 * Runs ufunc `name` of the table on its inputs: NumPy's loop and dtypes, results as new arrays
 * (two for divmod). `op` names the function in errors.
 */
export function applyUfunc(
  name: UfuncName,
  args: readonly ArrayLike[],
  op: string = `np.${name}`,
): NDArray[] {
  const row: UfuncRow = UFUNCS[name];
  const xs = args.map((a) => operand(a, op));
  const dts = operandDtypes(xs);
  const loop = resolveLoop(row, dts, op);
  if (row.resolve === "compare") {
    const fixed = compareOutOfRange(name, xs, dts, op);
    if (fixed !== null) return [fixed];
  }
  // A weak scalar converts to its loop's dtype (NumPy's OverflowError where that is an integer
  // dtype too small for it).
  const ins: LoopIn[] = xs.map((x, i) => {
    if (x instanceof NDArray) return x;
    if (row.resolve !== "logical") return scalarIn(x, loop.ins[i], loop.ins[i], op);
    const truth = x !== 0 && x !== 0n && x !== false ? 1 : 0;
    return isBig(loop.ins[i]) ? BigInt(truth) : truth;
  });
  if (name === "power" && kindOf(loop.ins[1]) !== "f") checkPower(ins[1], op);
  const shape = shapeOf(ins, op);
  const k = viaKernel(row, loop, ins, shape) ?? viaWords(row, loop, ins, shape, op);
  if (k !== null) return [k];
  const tag = `np.${name} ${loop.ins.join(",")}`;
  const env = () => ({ f: row.fn(loop.ins[0]), g: row.fn2?.(loop.ins[0]) });
  const reads = ins.map((x, i) => (x instanceof NDArray ? readAs(x, loop.ins[i]) : x));
  return runLoop(tag, env, statement(row.nin, loop.outs.length), reads, shape, loop.outs);
}

/** A ufunc of one input. */
export function ufunc1(name: UfuncName, x: ArrayLike): NDArray {
  return applyUfunc(name, [x])[0];
}

/** A ufunc of two inputs. */
export function ufunc2(name: UfuncName, a: ArrayLike, b: ArrayLike): NDArray {
  return applyUfunc(name, [a, b])[0];
}
