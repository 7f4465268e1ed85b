/**
 * Shared by tests/ops_test.ts, tests/rules_test.ts and tests/grad_test.ts: decodes the NumPy
 * fixtures written by tests/gen_op_fixtures.py (tests/fixtures/ops.json; the encoding is
 * described there), builds the input tensors (including non-contiguous views), and compares
 * results element by element with a message that names the op, the input dtypes and shapes, the
 * first mismatching index and the expected and actual values. The public functions of the unary,
 * binary and reduce ops are looked up from the op tables (src/ops/op_ids.ts), and each op's
 * gradient-check domain comes from its fixture row.
 */
import * as tf from "../mod.ts";
import type { DType, Index, Scalar, Tensor } from "../mod.ts";
import {
  BINARY_OPS,
  type BinaryName,
  REDUCE_OPS,
  type ReduceName,
  UNARY_OPS,
  type UnaryName,
} from "../src/ops/op_ids.ts";
import fixtureJson from "./fixtures/ops.json" with { type: "json" };

/** An encoded element: a JSON number, "nan"/"inf"/"-inf", or an int64 decimal string. */
export type Enc = number | string;

/** One step that turns a fixture tensor into a (non-contiguous) view before the op. */
export type ViewStep = ["T", number[]] | ["at", Index[]] | ["bc", number[]];

/** An encoded tensor. */
export interface TSpec {
  d: DType;
  s: number[];
  v: Enc[];
  view?: ViewStep[];
}

/** An encoded weak JS scalar: a number, a bigint (decimal string) or a boolean. */
export type SSpec = { n: Enc } | { b: string } | { l: boolean };

/** The op must throw InvalidArgumentError. */
export interface ErrSpec {
  err: 1;
}

/** Tolerance: ulps of the output dtype, relative and absolute; `z` ignores the sign of zero. */
export interface Tol {
  u?: number;
  r?: number;
  a?: number;
  z?: 1;
}

/** The fields every fixture case may have (each family uses some of them). */
export interface Case {
  op?: string;
  x?: TSpec;
  xs?: TSpec[];
  a?: unknown;
  b?: TSpec | SSpec;
  c?: TSpec;
  i?: TSpec;
  lo?: TSpec | SSpec;
  hi?: TSpec | SSpec;
  labels?: TSpec;
  logits?: TSpec;
  axis?: number | number[] | null;
  kd?: boolean;
  ot?: "int64";
  ord?: number | string;
  ex?: boolean;
  rev?: boolean;
  ta?: boolean;
  tb?: boolean;
  idx?: Index[];
  dtype?: DType;
  out?: TSpec | ErrSpec;
  outs?: TSpec[];
  t?: Tol;
  f?: string;
}

/** The case families of the fixture file, and its `rules` section. */
export type Fixtures = Record<string, Case[]> & { rules: Record<string, Case[]> };

/** The fixtures, typed. */
export const FIXTURES = fixtureJson as unknown as Fixtures;

/**
 * Where tests/grad_test.ts checks an op's gradient against finite differences: uniform in
 * [lo, hi), or with `away` magnitudes in [lo, hi) and a random sign (off a kink or pole at 0).
 */
export interface Domain {
  lo: number;
  hi: number;
  away?: true;
}

/** A binary op's domain: its operands', and the JS scalars of the scalar-tensor forms. */
export interface BinaryDomain {
  a: Domain;
  b: Domain;
  /** The left operand of the scalar-tensor form. */
  sa: number;
  /** The right operand of the tensor-scalar form. */
  sb: number;
}

/**
 * An op's gradient entry in its fixture row: its domain, or "none" for a float op that
 * TensorFlow deliberately gives no gradient (piecewise constant). Ops with bool results have no
 * entry.
 */
export type GradEntry<D> = D | "none";

/** The `domain` section of the fixture file: the gradient entries by family and op name. */
export interface Domains {
  unary: Partial<Record<string, GradEntry<Domain>>>;
  binary: Partial<Record<string, GradEntry<BinaryDomain>>>;
  /** By public name (reduceSum for the op-table reduction "sum"). */
  reduce: Partial<Record<string, GradEntry<Domain>>>;
}

/** The fixture rows' gradient entries. */
export const DOMAINS = (fixtureJson as unknown as { domain: Domains }).domain;

/** Decodes one float element. */
export function decodeFloat(e: Enc): number {
  if (typeof e === "number") return e;
  if (e === "nan") return NaN;
  if (e === "inf") return Infinity;
  if (e === "-inf") return -Infinity;
  throw new Error(`bad float encoding ${JSON.stringify(e)}`);
}

const ARRAYS = {
  bool: Uint8Array,
  uint8: Uint8Array,
  int32: Int32Array,
  float16: Float16Array,
  float32: Float32Array,
  float64: Float64Array,
} as const;

/** The tensor of an encoded spec, with its view steps applied. */
export function tensorOf(spec: TSpec): Tensor {
  let t: Tensor;
  if (spec.d === "int64") {
    t = tf.constant(BigInt64Array.from(spec.v, (v) => BigInt(v)), "int64", spec.s);
  } else {
    const Ctor = ARRAYS[spec.d] as unknown as Float64ArrayConstructor;
    const data = new Ctor(spec.v.length);
    for (let i = 0; i < data.length; i++) {
      data[i] = decodeFloat(spec.v[i]);
      if (!Object.is(data[i], decodeFloat(spec.v[i]))) {
        throw new Error(`fixture value ${spec.v[i]} is not exact in ${spec.d}`);
      }
    }
    t = tf.constant(data, spec.d, spec.s);
  }
  if (t.dtype !== spec.d) throw new Error(`constant gave ${t.dtype}, expected ${spec.d}`);
  for (const [kind, arg] of spec.view ?? []) {
    if (kind === "T") t = tf.transpose(t, arg as number[]);
    else if (kind === "at") t = t.at(...(arg as Index[]));
    else t = tf.broadcastTo(t, arg as number[]);
  }
  return t;
}

/** True for an encoded tensor (as opposed to a scalar). */
export function isTensorSpec(x: unknown): x is TSpec {
  return typeof x === "object" && x !== null && "d" in x && "v" in x;
}

/** True for an error expectation. */
export function isErr(x: unknown): x is ErrSpec {
  return typeof x === "object" && x !== null && "err" in x;
}

/** The JS value of an encoded scalar. */
export function scalarOf(s: SSpec): Scalar {
  if ("n" in s) return decodeFloat(s.n);
  if ("b" in s) return BigInt(s.b);
  return s.l;
}

/** A tensor or weak scalar argument. */
export function argOf(x: TSpec | SSpec): Tensor | Scalar {
  return isTensorSpec(x) ? tensorOf(x) : scalarOf(x);
}

function fmtShape(s: readonly number[]): string {
  return `(${s.join(", ")}${s.length === 1 ? "," : ""})`;
}

/** A short description of an argument: `float32(3, 4)`, `int32(4, 3).T(1,0)`, `2.5`, `5n`. */
export function describe(x: TSpec | SSpec | undefined): string {
  if (x === undefined) return "?";
  if (!isTensorSpec(x)) {
    if ("n" in x) return `number ${x.n}`;
    if ("b" in x) return `bigint ${x.b}n`;
    return `boolean ${x.l}`;
  }
  let text = `${x.d}${fmtShape(x.s)}`;
  for (const [kind, arg] of x.view ?? []) {
    text += kind === "T"
      ? `.transpose([${arg}])`
      : kind === "at"
      ? `.at(${(arg as Index[]).map((a) => JSON.stringify(a)).join(", ")})`
      : `.broadcastTo([${arg}])`;
  }
  return text;
}

const f32 = new Float32Array(1);
const i32 = new Int32Array(f32.buffer);
const f16 = new Float16Array(1);
const u16 = new Uint16Array(f16.buffer);
const f64 = new Float64Array(1);
const i64 = new BigInt64Array(f64.buffer);

/** Distance in units in the last place of `dtype` (infinity counts as the next value). */
export function ulpDistance(a: number, e: number, dtype: DType): number {
  if (dtype === "float32") {
    const ord = (x: number): number => {
      f32[0] = x;
      const i = i32[0];
      return i >= 0 ? i : -(i & 0x7fffffff);
    };
    return Math.abs(ord(a) - ord(e));
  }
  if (dtype === "float16") {
    const ord = (x: number): number => {
      f16[0] = x;
      const b = u16[0];
      return b & 0x8000 ? -(b & 0x7fff) : b;
    };
    return Math.abs(ord(a) - ord(e));
  }
  const ord = (x: number): bigint => {
    f64[0] = x;
    const i = i64[0];
    return i >= 0n ? i : -(i & 0x7fffffffffffffffn);
  };
  const d = ord(a) - ord(e);
  return Number(d < 0n ? -d : d);
}

function floatOk(a: number, e: number, dtype: DType, tol: Tol | undefined): boolean {
  if (Number.isNaN(e)) return Number.isNaN(a);
  if (Number.isNaN(a)) return false;
  if (a === e) return Object.is(a, e) || tol !== undefined;
  if (tol === undefined) return false;
  if (Math.abs(a - e) <= (tol.a ?? 0) + (tol.r ?? 0) * Math.abs(e)) return true;
  return ulpDistance(a, e, dtype) <= (tol.u ?? 0);
}

function unravel(i: number, shape: readonly number[]): number[] {
  const idx = new Array<number>(shape.length).fill(0);
  for (let d = shape.length - 1; d >= 0; d--) {
    idx[d] = i % shape[d];
    i = Math.floor(i / shape[d]);
  }
  return idx;
}

function fmtValue(v: number | bigint | string, dtype: DType): string {
  if (dtype === "bool") return Number(v) ? "true" : "false";
  if (typeof v === "number" && Object.is(v, -0)) return "-0";
  return String(v);
}

function fmtTol(tol: Tol | undefined): string {
  if (tol === undefined) return "exact";
  const parts = [];
  if (tol.u !== undefined) parts.push(`${tol.u} ulp`);
  if (tol.r) parts.push(`rtol ${tol.r}`);
  if (tol.a) parts.push(`atol ${tol.a}`);
  if (tol.z) parts.push("±0 equal");
  return parts.join(", ");
}

/**
 * Compares a result with an expected tensor; returns null when they match, else a description of
 * the dtype/shape difference or of the first mismatching element.
 */
export function compare(actual: Tensor, exp: TSpec, tol?: Tol): string | null {
  if (actual.dtype !== exp.d) return `dtype ${actual.dtype}, expected ${exp.d}`;
  if (
    actual.shape.length !== exp.s.length || actual.shape.some((n, k) => n !== exp.s[k])
  ) {
    return `shape ${fmtShape(actual.shape)}, expected ${fmtShape(exp.s)}`;
  }
  const data = actual.dataSync();
  if (data.length !== exp.v.length) {
    return `${data.length} elements, expected ${exp.v.length}`;
  }
  let first = -1;
  let count = 0;
  for (let i = 0; i < data.length; i++) {
    const e = exp.v[i];
    let ok: boolean;
    if (exp.d === "int64") ok = data[i] === BigInt(e);
    else if (exp.d === "bool" || exp.d === "uint8" || exp.d === "int32") ok = data[i] === e;
    else ok = floatOk(data[i] as number, decodeFloat(e), exp.d, tol);
    if (!ok) {
      if (first < 0) first = i;
      count++;
    }
  }
  if (first < 0) return null;
  const e = exp.d === "int64" || exp.d === "bool" || exp.d === "uint8" || exp.d === "int32"
    ? exp.v[first]
    : decodeFloat(exp.v[first]);
  return `at [${unravel(first, exp.s).join(", ")}] expected ${fmtValue(e, exp.d)}, got ${
    fmtValue(data[first], exp.d)
  } (${exp.d}${fmtShape(exp.s)}, ${fmtTol(tol)}; ${count} of ${data.length} elements differ)`;
}

/** Collects failures of one family and throws them together at the end. */
export class Failures {
  readonly list: string[] = [];
  checked = 0;

  /**
   * Runs one case: `run` computes the result (a tensor or a list), `out`/`outs` is the
   * expectation. Errors thrown by `run` are failures unless the case expects
   * InvalidArgumentError.
   */
  check(
    label: string,
    run: () => Tensor | Tensor[],
    out: TSpec | ErrSpec | undefined,
    tol?: Tol,
    outs?: TSpec[],
  ): void {
    this.checked++;
    let result: Tensor | Tensor[];
    try {
      result = run();
      // A GPU reports some errors (index bounds) at the next synchronisation, not at the op:
      // reading the result is that synchronisation.
      if (isErr(out)) { for (const t of Array.isArray(result) ? result : [result]) t.dataSync(); }
    } catch (e) {
      if (isErr(out) && e instanceof tf.InvalidArgumentError) return;
      this.list.push(
        `${label}: threw ${e instanceof Error ? `${e.name}: ${e.message}` : String(e)}${
          isErr(out) ? " (expected InvalidArgumentError)" : ""
        }`,
      );
      return;
    }
    if (isErr(out)) {
      this.list.push(`${label}: expected InvalidArgumentError, got a result`);
      return;
    }
    if (outs !== undefined) {
      const list = result as Tensor[];
      if (!Array.isArray(list) || list.length !== outs.length) {
        this.list.push(
          `${label}: expected ${outs.length} tensors, got ${
            Array.isArray(list) ? list.length : "one"
          }`,
        );
        return;
      }
      for (let k = 0; k < outs.length; k++) {
        const m = compare(list[k], outs[k], tol);
        if (m !== null) {
          this.list.push(`${label}[${k}]: ${m}`);
          return;
        }
      }
      return;
    }
    if (out === undefined) throw new Error(`${label}: fixture has no expectation`);
    const m = compare(result as Tensor, out, tol);
    if (m !== null) this.list.push(`${label}: ${m}`);
  }

  /** Throws when any case failed, listing the first ones. */
  assert(family: string): void {
    if (this.checked === 0) throw new Error(`${family}: no fixture cases ran`);
    if (this.list.length === 0) return;
    const shown = this.list.slice(0, 200).map((m) => `  - ${m}`).join("\n");
    const more = this.list.length > 25 ? `\n  ... and ${this.list.length - 25} more` : "";
    throw new Error(
      `${family}: ${this.list.length} of ${this.checked} cases differ from NumPy:\n${shown}${more}`,
    );
  }
}

type Fn1 = (x: Tensor) => Tensor;
type Fn2 = (a: Tensor | Scalar, b: Tensor | Scalar) => Tensor;
type ReduceFn = (x: Tensor, axis?: number | number[] | null, keepdims?: boolean) => Tensor;

/**
 * The public function of an op-table op: `tf[name]`, else `tf.nn[name]` (relu). Throws when
 * there is none, so a new op without a public function fails every suite that imports this.
 */
function publicFn<F>(name: string): F {
  const fn = (tf as unknown as Record<string, unknown>)[name] ??
    (tf.nn as unknown as Record<string, unknown>)[name];
  if (typeof fn !== "function") {
    throw new Error(`op ${name} of src/ops/op_ids.ts has no public tf.${name} or tf.nn.${name}`);
  }
  return fn as F;
}

/** The unary ops' public functions, one per op of UNARY_OPS. */
export const UNARY_FNS: Readonly<Record<UnaryName, Fn1>> = Object.fromEntries(
  UNARY_OPS.map((n) => [n, publicFn<Fn1>(n)]),
) as Record<UnaryName, Fn1>;

/** The binary ops' public functions, one per op of BINARY_OPS. */
export const BINARY_FNS: Readonly<Record<BinaryName, Fn2>> = Object.fromEntries(
  BINARY_OPS.map((n) => [n, publicFn<Fn2>(n)]),
) as Record<BinaryName, Fn2>;

/** The public name of an op-table reduction, which the fixtures use: "sum" is reduceSum. */
export function reduceFixtureName(name: ReduceName): string {
  return `reduce${name[0].toUpperCase()}${name.slice(1)}`;
}

/** Reductions made of other ops, with fixtures of their own but no op-table row. */
const COMPOSITE_REDUCTIONS = ["reduceLogSumExp", "reduceStd", "reduceVariance"] as const;

/** The reductions' public functions by fixture name: every op of REDUCE_OPS, and the composites. */
export const REDUCE_FNS: Readonly<Record<string, ReduceFn>> = Object.fromEntries([
  ...REDUCE_OPS.map((n) => [reduceFixtureName(n), publicFn<ReduceFn>(reduceFixtureName(n))]),
  ...COMPOSITE_REDUCTIONS.map((n) => [n, tf[n] as ReduceFn]),
]);

/** The function of a fixture case's op; throws for an op the table does not have. */
export function lookup<T>(table: Readonly<Record<string, T>>, op: string | undefined): T {
  const fn = op === undefined || !Object.hasOwn(table, op) ? undefined : table[op];
  if (fn === undefined) throw new Error(`fixture names unknown op ${op}`);
  return fn;
}

/** Runs a unary fixture case. */
export function checkUnary(f: Failures, c: Case, family = "unary"): void {
  const fn = lookup<Fn1>(UNARY_FNS, c.op);
  f.check(`${family} ${c.op}(${describe(c.x)})`, () => fn(tensorOf(c.x!)), c.out, c.t);
}

/** Runs a binary fixture case (tensor-tensor, tensor-scalar or scalar-tensor). */
export function checkBinary(f: Failures, c: Case, family = "binary"): void {
  const fn = lookup<Fn2>(BINARY_FNS, c.op);
  const a = c.a as TSpec | SSpec;
  const b = c.b as TSpec | SSpec;
  f.check(
    `${family} ${c.op}(${describe(a)}, ${describe(b)})`,
    () => fn(argOf(a), argOf(b)),
    c.out,
    c.t,
  );
}
