/**
 * How a ufunc of the table runs: its inputs become operands (arrays read in place, JS scalars
 * weak, NEP 50), NumPy's loop is resolved, and the elementwise work goes to the tensor kernel
 * where the row names one that is NumPy's for the loop dtype (native and threaded when FFI is
 * granted), else to a typed-array loop compiled once per ufunc, dtype and layout from the row's
 * scalar function (inputs broadcast by strides, never copied unless a 64-bit integer must become
 * bigints or the reverse). With NumPy's `out` (`UfuncOptions`), the result goes into the arrays
 * given: written there by the kernel or loop itself where the output has the loop's dtype (and,
 * for the kernels, is whole and C-contiguous), else computed and then cast into them.
 *
 * @module
 */
import { compileLoop, type Loop as CompiledLoop } from "../backends/cpu/loops.ts";
import type { Scalar } from "../dtype.ts";
import { InvalidArgumentError } from "../errors.ts";
import { NDArray, type NpDType } from "../ndarray.ts";
import { checkOptions, keysOf } from "../options.ts";
import { broadcastStrides, collapse, isContiguous, sameShape, sizeOf } from "../shape.ts";
import { broadcastShape, npShape } from "./broadcast.ts";
import { type ArrayLike, type Operand, operand } from "./convert.ts";
import { alloc, castData, intRange, isBig, kindOf } from "./dtypes.ts";
import { canCastDtype } from "./info.ts";
import { hasKernels, kernelBinary, kernelCast, kernelUnary } from "./kernels.ts";
import { isWholeC } from "./nditer.ts";
import { resultType, weakValue } from "./promote.ts";
import { castTo, copyInto, describe } from "./strided.ts";
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

/** Options of the ufuncs: NumPy's `out` (its other keywords are not taken). */
export interface UfuncOptions {
  /**
   * Where to write the result (NumPy's `out`), instead of a new array: an NDArray of the inputs'
   * broadcast shape (inputs broadcast to it) whose dtype the loop's result casts to under
   * NumPy's "same_kind" rule; the function then returns it. For `np.divmod`, which has two
   * outputs, an array of two entries, each an NDArray or null. null: a new array, as without
   * it. It spares the allocation of a new result (a new ArrayBuffer is zeroed first, which at
   * large sizes costs more than the arithmetic); the kernel writes straight into an output of
   * the loop's dtype.
   */
  out?: NDArray | null | readonly (NDArray | null)[];
}

const UFUNC_KEYS = keysOf<UfuncOptions>({ out: true });

/** An `out` entry, checked: an NDArray, or null (also for undefined). */
export function outArray(value: unknown, op: string): NDArray | null {
  if (value === undefined || value === null) return null;
  if (!(value instanceof NDArray)) {
    throw new InvalidArgumentError(`${op}: out must be an NDArray or null, got ${describe(value)}`);
  }
  return value;
}

/**
 * The output arrays of `options.out` for a ufunc of `nout` outputs (null where none is given),
 * or null without any; the options are checked (unknown keys are an error).
 */
export function outsOf(
  options: UfuncOptions | undefined,
  nout: number,
  op: string,
): (NDArray | null)[] | null {
  checkOptions(options, UFUNC_KEYS, `${op} options`);
  const out: unknown = options?.out;
  if (out === undefined || out === null) return null;
  const entry = (o: unknown) => o === undefined || o === null || o instanceof NDArray;
  const many = Array.isArray(out) && out.every(entry);
  if (!many && (nout !== 1 || !(out instanceof NDArray))) {
    throw new InvalidArgumentError(
      `${op}: out must be ${
        nout === 1 ? "an NDArray or null" : `an array of ${nout} entries`
      } (one per output, each an NDArray or null), got ${describe(out)}`,
    );
  }
  const outs = many ? (out as unknown[]).map((o) => outArray(o, op)) : [out as NDArray];
  if (outs.length !== nout) {
    throw new InvalidArgumentError(
      `${op}: out must have one entry per output (${nout}), got ${outs.length} entries`,
    );
  }
  return outs.every((o) => o === null) ? null : outs;
}

/**
 * The shape the ufunc computes in with the outputs `outs`: the inputs' broadcast `shape`
 * broadcast to the outputs' own, which must be exactly it (NumPy's "non-broadcastable output
 * operand"); each output must take its result dtype `dtypes[i]` under "same_kind".
 */
export function prepareOuts(
  outs: readonly (NDArray | null)[],
  shape: readonly number[],
  dtypes: readonly NpDType[],
  op: string,
): readonly number[] {
  let full = shape;
  for (const o of outs) {
    if (o === null) continue;
    const lead = o.ndim - full.length;
    if (lead >= 0 && full.every((d, i) => d === 1 || d === o.shape[lead + i])) full = o.shape;
  }
  outs.forEach((o, i) => {
    if (o === null) return;
    if (!sameShape(o.shape, full)) {
      throw new InvalidArgumentError(
        `${op}: the output's shape ${npShape(o.shape)} does not match the broadcast shape ` +
          `${npShape(full)} (NumPy's "non-broadcastable output operand")`,
      );
    }
    if (!canCastDtype(dtypes[i], o.dtype, "same_kind")) {
      throw new InvalidArgumentError(
        `${op}: cannot cast the output from ${dtypes[i]} to ${o.dtype} (out's dtype) with ` +
          `casting rule "same_kind" (NumPy's UFuncTypeError)`,
      );
    }
  });
  return full;
}

/** The bytes an array's elements span in its buffer: [first, end), or null when empty. */
function byteSpan(x: NDArray): [number, number] | null {
  let lo = x.offset, hi = x.offset;
  for (let i = 0; i < x.ndim; i++) {
    if (x.shape[i] === 0) return null;
    const s = x.strides[i] * (x.shape[i] - 1);
    if (s > 0) hi += s;
    else lo += s;
  }
  const size = x.data.BYTES_PER_ELEMENT, base = x.data.byteOffset;
  return [base + lo * size, base + (hi + 1) * size];
}

/** True when `a` and `b` may share memory (their byte spans in one buffer intersect). */
function overlaps(a: NDArray, b: NDArray): boolean {
  if (a.data.buffer !== b.data.buffer) return false;
  const sa = byteSpan(a), sb = byteSpan(b);
  return sa !== null && sb !== null && sa[0] < sb[1] && sb[0] < sa[1];
}

/**
 * True when input `x`, broadcast to `shape`, reads at each index the very element that output
 * `o` (of `shape`) writes there: in place, which an elementwise loop may do (each element is
 * read before it is written).
 */
function sameElements(x: NDArray, o: NDArray, shape: readonly number[]): boolean {
  const size = x.data.BYTES_PER_ELEMENT;
  if (size !== o.data.BYTES_PER_ELEMENT) return false;
  if (x.data.byteOffset + x.offset * size !== o.data.byteOffset + o.offset * size) return false;
  const s = broadcastStrides(x.shape, x.strides, shape);
  return shape.every((d, i) => d === 1 || s[i] === o.strides[i]);
}

/**
 * The outputs the loop may write straight into (undefined for the others): those of its result
 * dtype sharing no memory with an input, except in place (one output only: divmod's loop reads
 * its inputs again after writing the first), nor with another output. The others get a
 * temporary result, copied into them afterwards, as NumPy does.
 */
function directOuts(
  outs: readonly (NDArray | null)[],
  dtypes: readonly NpDType[],
  ins: readonly LoopIn[],
  shape: readonly number[],
): (NDArray | undefined)[] {
  return outs.map((o, i) => {
    if (o === null || o.dtype !== dtypes[i]) return undefined;
    for (const x of ins) {
      if (!(x instanceof NDArray) || !overlaps(x, o)) continue;
      if (outs.length > 1 || !sameElements(x, o, shape)) return undefined;
    }
    const clash = outs.some((p, j) => j !== i && p !== null && overlaps(p, o));
    return clash ? undefined : o;
  });
}

/**
 * The ufunc's results with the outputs given: each result not already written into its output
 * is cast (NumPy's astype) and broadcast into it; the outputs given are returned in its place.
 */
export function deliver(results: readonly NDArray[], outs: readonly (NDArray | null)[]): NDArray[] {
  return results.map((r, i) => {
    const o = outs[i];
    if (o === null || r === o) return r;
    const src = castTo(r, o.dtype);
    copyInto(
      sameShape(src.shape, o.shape) ? src : new NDArray(src.data, o.shape, src.dtype, {
        strides: broadcastStrides(src.shape, src.strides, o.shape),
        offset: src.offset,
      }),
      o,
    );
    return o;
  });
}

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
  shape: readonly number[],
  into?: NDArray,
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
  // An output of the loop's dtype, whole and C-contiguous, is the kernel's own output.
  const target = into === undefined || half || !isWholeC(into)
    ? undefined
    : kout === into.dtype
    ? into
    : reinterpret(into, "int64");
  const out = arrays.length === 1
    ? kernelUnary(kernel.op as KernelUnary, arrays[0], kout, target)
    : kernelBinary(kernel.op as KernelBinary, arrays[0], arrays[1], shape, kout, target);
  if (out === null) return null;
  if (target !== undefined) return into!;
  if (kout === loop.outs[0]) return out;
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
  shape: readonly number[],
  op: string,
  into?: NDArray,
): NDArray | null {
  const d = loop.ins[0];
  if (row.words === undefined || !isBig(d)) return null;
  if (ins.some((x) => x instanceof NDArray && x.dtype !== d)) return null;
  const out = into ?? new NDArray(alloc(d, sizeOf(shape)), shape, d);
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
 * (two for divmod), or written into the outputs of `options.out` (which are returned in their
 * place). `op` names the function in errors.
 */
export function applyUfunc(
  name: UfuncName,
  args: readonly ArrayLike[],
  op: string = `np.${name}`,
  options?: UfuncOptions,
): NDArray[] {
  const row: UfuncRow = UFUNCS[name];
  const outs = outsOf(options, row.fn2 === undefined ? 1 : 2, op);
  const xs = args.map((a) => operand(a, op));
  const dts = operandDtypes(xs);
  const loop = resolveLoop(row, dts, op);
  if (row.resolve === "compare") {
    const fixed = compareOutOfRange(name, xs, dts, op);
    if (fixed !== null) {
      if (outs === null) return [fixed];
      prepareOuts(outs, fixed.shape, loop.outs, op);
      return deliver([fixed], outs);
    }
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
  let shape: readonly number[] = shapeOf(ins, op);
  let direct: (NDArray | undefined)[] = [];
  if (outs !== null) {
    shape = prepareOuts(outs, shape, loop.outs, op);
    direct = directOuts(outs, loop.outs, ins, shape);
  }
  const k = viaKernel(row, loop, ins, shape, direct[0]) ??
    viaWords(row, loop, ins, shape, op, direct[0]);
  if (k !== null) return outs === null ? [k] : deliver([k], outs);
  const tag = `np.${name} ${loop.ins.join(",")}`;
  const env = () => ({ f: row.fn(loop.ins[0]), g: row.fn2?.(loop.ins[0]) });
  const reads = ins.map((x, i) => (x instanceof NDArray ? readAs(x, loop.ins[i]) : x));
  const results = runLoop(
    tag,
    env,
    statement(row.nin, loop.outs.length),
    reads,
    shape,
    loop.outs.map((d, i) => direct[i] ?? d),
  );
  return outs === null ? results : deliver(results, outs);
}

/** A ufunc of one input (`options`: NumPy's `out`). */
export function ufunc1(name: UfuncName, x: ArrayLike, options?: UfuncOptions): NDArray {
  return applyUfunc(name, [x], undefined, options)[0];
}

/** A ufunc of two inputs (`options`: NumPy's `out`). */
export function ufunc2(
  name: UfuncName,
  a: ArrayLike,
  b: ArrayLike,
  options?: UfuncOptions,
): NDArray {
  return applyUfunc(name, [a, b], undefined, options)[0];
}
