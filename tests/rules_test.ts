/**
 * The "Numeric rules" of API.md. Where NumPy has the same rule, the expected values come from
 * NumPy (the `rules` section of tests/fixtures/ops.json, written by tests/gen_op_fixtures.py);
 * where our rule differs from NumPy (the promotion lattice, weak JS scalars, float32 results of
 * int inputs, int-keeping sums, saturating casts), the expected values are written out here from
 * the contract.
 */
import * as tf from "../mod.ts";
import { deviceTest } from "./helpers.ts";
import type { DType, Tensor } from "../mod.ts";
import { BINARY, BINARY_OPS, UNARY, UNARY_OPS } from "../src/ops/op_ids.ts";
import {
  BINARY_FNS,
  type Case,
  checkBinary,
  checkUnary,
  Failures,
  FIXTURES,
  isTensorSpec,
  tensorOf,
  UNARY_FNS,
} from "./op_fixtures.ts";

type Value = number | bigint | boolean;

/** Throws unless `t` has `dtype` and exactly `values` (NaN equals NaN; the sign of 0 counts). */
function expectTensor(label: string, t: Tensor, dtype: DType, values: Value[], shape?: number[]) {
  if (t.dtype !== dtype) throw new Error(`${label}: dtype ${t.dtype}, expected ${dtype}`);
  const want = shape ?? [values.length];
  if (t.shape.length !== want.length || t.shape.some((n, k) => n !== want[k])) {
    throw new Error(`${label}: shape [${t.shape}], expected [${want}]`);
  }
  const data = t.dataSync();
  for (let i = 0; i < values.length; i++) {
    const e = values[i];
    const a = data[i];
    const ok = typeof e === "boolean"
      ? a === (e ? 1 : 0)
      : typeof e === "bigint"
      ? a === e
      : Object.is(a, e);
    if (!ok) {
      throw new Error(
        `${label}: element ${i} is ${Object.is(a, -0) ? "-0" : String(a)}, expected ${
          Object.is(e, -0) ? "-0" : String(e)
        } (${dtype})`,
      );
    }
  }
}

/** Throws unless `fn` throws InvalidArgumentError. */
function expectInvalid(label: string, fn: () => unknown): void {
  try {
    fn();
  } catch (e) {
    if (e instanceof tf.InvalidArgumentError) return;
    throw new Error(`${label}: threw ${String(e)}, expected InvalidArgumentError`);
  }
  throw new Error(`${label}: expected InvalidArgumentError, got a result`);
}

function replay(name: string): void {
  const list: Case[] | undefined = FIXTURES.rules[name];
  if (!list || list.length === 0) throw new Error(`no "${name}" rule fixtures`);
  const f = new Failures();
  for (const c of list) {
    if (c.f === "unary") checkUnary(f, c, `rule ${name}:`);
    else checkBinary(f, c, `rule ${name}:`);
  }
  f.assert(`rule ${name}`);
}

const I32_MAX = 2147483647;
const I32_MIN = -2147483648;
const I64_MAX = 2n ** 63n - 1n;
const I64_MIN = -(2n ** 63n);
const LATTICE: DType[] = ["bool", "uint8", "int32", "int64", "float16", "float32", "float64"];
const FLOATS: DType[] = ["float16", "float32", "float64"];
const NON_FLOATS: DType[] = ["bool", "uint8", "int32", "int64"];

function t(values: Value[], dtype: DType): Tensor {
  return dtype === "int64"
    ? tf.constant(values.map((v) => BigInt(v as number | bigint)), "int64")
    : tf.constant(values as number[], dtype);
}

/** The comparisons and logical ops: the binary ops of the op tables with a bool result. */
const BOOL_RESULT_OPS = BINARY_OPS.filter((n) => ["compare", "logical"].includes(BINARY[n].result));

// ---- Rules NumPy shares: expected values from NumPy. ----

deviceTest("integers wrap (two's complement) on add/sub/mul/neg/abs/square, as NumPy", () => {
  replay("wrap");
  expectTensor("int32 max + 1", tf.add(t([I32_MAX], "int32"), 1), "int32", [I32_MIN]);
  expectTensor("uint8 255 + 1", tf.add(t([255], "uint8"), 1), "uint8", [0]);
  expectTensor("int64 max + 1", tf.add(t([I64_MAX], "int64"), 1n), "int64", [I64_MIN]);
  expectTensor("neg int32 min", tf.neg(t([I32_MIN], "int32")), "int32", [I32_MIN]);
  expectTensor("abs int64 min", tf.abs(t([I64_MIN], "int64")), "int64", [I64_MIN]);
  expectTensor("square uint8 16", tf.square(t([16], "uint8")), "uint8", [0]);
});

deviceTest("floorDiv and mod are floored; mod takes the divisor's sign, as NumPy", () => {
  replay("floored");
  expectTensor(
    "floorDiv int32",
    tf.floorDiv(t([7, -7, 7, -7], "int32"), t([2, 2, -2, -2], "int32")),
    "int32",
    [3, -4, -4, 3],
  );
  expectTensor(
    "mod int32",
    tf.mod(t([7, -7, 7, -7], "int32"), t([3, 3, -3, -3], "int32")),
    "int32",
    [1, 2, -2, -1],
  );
  // Property over every mod fixture with two tensors: the remainder is 0 or has the sign of
  // the divisor and is smaller than it in magnitude.
  let checked = 0;
  for (const c of FIXTURES.binary) {
    if (c.op !== "mod" || !isTensorSpec(c.a) || !isTensorSpec(c.b)) continue;
    const a = tensorOf(c.a);
    const b = tensorOf(c.b);
    if (a.dtype === "bool" || b.dtype === "bool") continue;
    const r = tf.mod(a, b);
    const bb = tf.broadcastTo(tf.cast(b, r.dtype), r.shape).dataSync();
    const rr = r.dataSync();
    for (let i = 0; i < rr.length; i++) {
      const rv = Number(rr[i]), bv = Number(bb[i]);
      if (!Number.isFinite(rv) || !Number.isFinite(bv) || rv === 0 || bv === 0) continue;
      if (Math.sign(rv) !== Math.sign(bv) || Math.abs(rv) > Math.abs(bv)) {
        throw new Error(`mod(${a.dtype}, ${b.dtype}): remainder ${rv} for divisor ${bv}`);
      }
      checked++;
    }
  }
  if (checked < 100) throw new Error(`only ${checked} remainders checked`);
});

deviceTest("integer floorDiv/mod by zero give 0, as NumPy", () => {
  replay("intdiv0");
  for (const d of ["uint8", "int32", "int64"] as DType[]) {
    const z = d === "int64" ? 0n : 0;
    expectTensor(`floorDiv ${d} by 0`, tf.floorDiv(t([5, 0], d), t([0, 0], d)), d, [z, z]);
    expectTensor(`mod ${d} by 0`, tf.mod(t([5, 0], d), t([0, 0], d)), d, [z, z]);
    expectTensor(`floorDiv ${d} by weak 0`, tf.floorDiv(t([7], d), 0), d, [z]);
  }
});

deviceTest("float division by zero follows IEEE, as NumPy", () => {
  replay("floatdiv0");
  for (const d of FLOATS) {
    expectTensor(
      `div ${d}`,
      tf.div(t([1, -1, 0, 1], d), t([0, 0, 0, -0], d)),
      d,
      [Infinity, -Infinity, NaN, -Infinity],
    );
  }
  // Integer true division gives float32 (NumPy: float64), also IEEE.
  expectTensor(
    "div int32 by 0",
    tf.div(t([1, -1, 0], "int32"), t([0, 0, 0], "int32")),
    "float32",
    [Infinity, -Infinity, NaN],
  );
});

deviceTest("round is half to even, as NumPy", () => {
  replay("round");
  expectTensor(
    "round float32",
    tf.round(t([0.5, 1.5, 2.5, -0.5, -1.5, -2.5, 0.4999999701976776], "float32")),
    "float32",
    [0, 2, 2, -0, -2, -2, 0],
  );
});

deviceTest("bool + bool is or, bool * bool is and, bool - bool is an error (as NumPy)", () => {
  replay("boolarith");
  const a = t([false, false, true, true], "bool");
  const b = t([false, true, false, true], "bool");
  expectTensor("bool + bool", tf.add(a, b), "bool", [false, true, true, true]);
  expectTensor("bool * bool", tf.mul(a, b), "bool", [false, false, false, true]);
  expectInvalid("bool - bool", () => tf.sub(a, b));
  expectInvalid("bool - weak true", () => tf.sub(a, true));
});

deviceTest("comparisons and logical ops give bool for every dtype, as NumPy", () => {
  replay("tobool");
  if (BOOL_RESULT_OPS.length < 9) throw new Error(`only ${BOOL_RESULT_OPS} give bool`);
  for (const da of LATTICE) {
    for (const db of LATTICE) {
      const a = t([0, 1], da), b = t([1, 1], db);
      for (const name of BOOL_RESULT_OPS) {
        const r = BINARY_FNS[name](a, b);
        if (r.dtype !== "bool") throw new Error(`${name}(${da}, ${db}) gave ${r.dtype}`);
      }
    }
  }
  expectTensor("logicalNot int32", tf.logicalNot(t([0, 5], "int32")), "bool", [true, false]);
  expectTensor("isNan float16", tf.isNan(t([NaN, 1], "float16")), "bool", [true, false]);
});

// ---- Rules where we differ from NumPy: expected values from the contract. ----

deviceTest("float functions of int and bool give float32 (NumPy: float64 or float16)", () => {
  // Every op of the op tables with the "float" dtype rule (the binary ones on (x, x)).
  const floatOps: [string, (x: Tensor) => Tensor][] = [
    ...UNARY_OPS.filter((n) => UNARY[n].result === "float").map((n) =>
      [n, UNARY_FNS[n]] as [string, (x: Tensor) => Tensor]
    ),
    ...BINARY_OPS.filter((n) => BINARY[n].result === "float").map((n) =>
      [n, (x: Tensor) => BINARY_FNS[n](x, x)] as [string, (x: Tensor) => Tensor]
    ),
  ];
  if (floatOps.length < 20) throw new Error(`only ${floatOps.length} float ops in the op tables`);
  for (const d of NON_FLOATS) {
    const x = t([0, 1], d);
    for (const [name, fn] of floatOps) {
      const r = fn(x);
      if (r.dtype !== "float32") throw new Error(`${name}(${d}) gave ${r.dtype}, expected float32`);
    }
  }
  for (const d of FLOATS) {
    for (const [name, fn] of floatOps) {
      const r = fn(t([0, 1], d));
      if (r.dtype !== d) throw new Error(`${name}(${d}) gave ${r.dtype}`);
    }
  }
  expectTensor("sqrt int32", tf.sqrt(t([4, 9, 2], "int32")), "float32", [
    2,
    3,
    Math.fround(2 ** 0.5),
  ]);
  expectTensor("exp bool", tf.exp(t([false], "bool")), "float32", [1]);
  expectTensor("div int32", tf.div(t([1, 7], "int32"), t([2, 2], "int32")), "float32", [0.5, 3.5]);
  // int32 values are converted to float32 before the function (2^24 + 1 is not a float32).
  expectTensor("sqrt 2^24+1", tf.square(tf.sqrt(t([2 ** 24 + 1], "int32"))), "float32", [2 ** 24]);
});

deviceTest("reduceSum/reduceProd keep int dtypes and wrap; bool gives int32 (NumPy: int64)", () => {
  expectTensor("sum uint8", tf.reduceSum(t([200, 100], "uint8")), "uint8", [44], []);
  expectTensor("sum int32", tf.reduceSum(t([I32_MAX, 1], "int32")), "int32", [I32_MIN], []);
  expectTensor("sum int64", tf.reduceSum(t([I64_MAX, 1n], "int64")), "int64", [I64_MIN], []);
  expectTensor("prod int32", tf.reduceProd(t([65536, 65536], "int32")), "int32", [0], []);
  expectTensor("prod uint8", tf.reduceProd(t([16, 17], "uint8")), "uint8", [16], []);
  expectTensor("sum bool", tf.reduceSum(t([true, true, false], "bool")), "int32", [2], []);
  expectTensor("prod bool", tf.reduceProd(t([true, false], "bool")), "int32", [0], []);
  expectTensor("sum bool axis", tf.reduceSum(tf.ones([2, 300], "bool"), 1), "int32", [300, 300]);
  expectTensor("sum float16", tf.reduceSum(t([1, 2], "float16")), "float16", [3], []);
  expectTensor("cumsum bool", tf.cumsum(t([true, true], "bool")), "int32", [1, 2]);
});

deviceTest(
  "reduceMean/Std/Variance/LogSumExp of int and bool give float32 (NumPy: float64)",
  () => {
    expectTensor("mean int32", tf.reduceMean(t([1, 2], "int32")), "float32", [1.5], []);
    expectTensor(
      "mean uint8 (no wrap)",
      tf.reduceMean(t([255, 255], "uint8")),
      "float32",
      [255],
      [],
    );
    expectTensor("mean int64", tf.reduceMean(t([2n ** 62n, 2n ** 62n], "int64")), "float32", [
      2 ** 62,
    ], []);
    expectTensor("mean bool", tf.reduceMean(t([true, false, false, false], "bool")), "float32", [
      0.25,
    ], []);
    expectTensor(
      "variance int32",
      tf.reduceVariance(t([1, 2, 3, 4], "int32")),
      "float32",
      [1.25],
      [],
    );
    expectTensor("std uint8", tf.reduceStd(t([1, 3], "uint8")), "float32", [1], []);
    expectTensor("std bool", tf.reduceStd(t([true, false], "bool")), "float32", [0.5], []);
    const lse = tf.reduceLogSumExp(t([0, 0], "int32"));
    expectTensor("logSumExp int32", lse, "float32", [Math.fround(Math.LN2)], []);
    for (const d of ["float16", "float64"] as DType[]) {
      for (const fn of [tf.reduceMean, tf.reduceStd, tf.reduceVariance, tf.reduceLogSumExp]) {
        const r = fn(t([1, 2], d));
        if (r.dtype !== d) throw new Error(`${fn.name}(${d}) gave ${r.dtype}`);
      }
    }
  },
);

deviceTest("argmax/argmin give int32, or int64 with outputType (NumPy: int64)", () => {
  for (const d of LATTICE) {
    const x = t([0, 1, 1, 0], d);
    expectTensor(`argmax ${d}`, tf.argmax(x), "int32", [1], []);
    expectTensor(`argmin ${d}`, tf.argmin(x), "int32", [0], []);
    expectTensor(`argmax ${d} int64`, tf.argmax(x, 0, { outputType: "int64" }), "int64", [1n], []);
    expectTensor(`argmin ${d} int64`, tf.argmin(x, 0, { outputType: "int64" }), "int64", [0n], []);
  }
});

/** The binary ops of the op tables that compute in and return the promoted dtype. */
const SAME_RESULT_OPS = BINARY_OPS.filter((n) => BINARY[n].result === "same");

deviceTest(
  "tensor promotion: the smallest type on bool<uint8<int32<int64<float16<float32<float64",
  () => {
    if (SAME_RESULT_OPS.length < 8) throw new Error(`only ${SAME_RESULT_OPS} have the same rule`);
    for (const [i, da] of LATTICE.entries()) {
      for (const [j, db] of LATTICE.entries()) {
        const want = LATTICE[Math.max(i, j)];
        const a = t([1], da), b = t([0], db);
        // Every binary op with the "same" rule computes in and returns the promoted type (two
        // bools only where the op allows them).
        for (const name of SAME_RESULT_OPS) {
          if (want === "bool" && !BINARY[name].bool) continue;
          const r = BINARY_FNS[name](a, b);
          if (r.dtype !== want) {
            throw new Error(`${name}(${da}, ${db}) gave ${r.dtype}, expected ${want}`);
          }
        }
        const w = tf.where(t([true], "bool"), a, b);
        if (w.dtype !== want) {
          throw new Error(`where(${da}, ${db}) gave ${w.dtype}, expected ${want}`);
        }
        const c = tf.concat([a, b], 0);
        if (c.dtype !== want) {
          throw new Error(`concat(${da}, ${db}) gave ${c.dtype}, expected ${want}`);
        }
      }
    }
    // Values: the operands are converted to the promoted type before the op.
    expectTensor("uint8 + int32", tf.add(t([200], "uint8"), t([100], "int32")), "int32", [300]);
    expectTensor("bool + uint8", tf.add(t([true], "bool"), t([255], "uint8")), "uint8", [0]);
    expectTensor(
      "int32 + float32",
      tf.add(t([2 ** 24 + 1], "int32"), t([0], "float32")),
      "float32",
      [
        2 ** 24,
      ],
    );
    expectTensor("int64 + float16", tf.add(t([70000], "int64"), t([0], "float16")), "float16", [
      Infinity,
    ]);
    expectTensor("int32 * int64", tf.mul(t([I32_MAX], "int32"), t([2], "int64")), "int64", [
      BigInt(I32_MAX) * 2n,
    ]);
    expectTensor("float16 + float32", tf.add(t([2049], "float16"), t([1], "float32")), "float32", [
      2049,
    ]);
    expectTensor(
      "int64 -> float32 rounds once",
      tf.add(t([2n ** 53n + 2n ** 29n + 1n], "int64"), t([0], "float32")),
      "float32",
      [2 ** 53 + 2 ** 30],
    );
  },
);

deviceTest(
  "weak JS scalars take the tensor's dtype; non-integers with int/bool give float32",
  () => {
    expectTensor("int32 + 1", tf.add(t([1], "int32"), 1), "int32", [2]);
    expectTensor("uint8 + 1", tf.add(t([1], "uint8"), 1), "uint8", [2]);
    expectTensor("int64 + 1", tf.add(t([1], "int64"), 1), "int64", [2n]);
    expectTensor("float16 + 1", tf.add(t([1], "float16"), 1), "float16", [2]);
    // 0.1 becomes float16 before the addition: f16(1 + f16(0.1)).
    expectTensor("float16 + 0.1", tf.add(t([1], "float16"), 0.1), "float16", [
      Math.f16round(1 + Math.f16round(0.1)),
    ]);
    expectTensor("float32 + 0.1", tf.add(t([1], "float32"), 0.1), "float32", [
      Math.fround(1 + Math.fround(0.1)),
    ]);
    expectTensor("float64 + 0.1", tf.add(t([1], "float64"), 0.1), "float64", [1 + 0.1]);
    expectTensor("int32 + 2.5", tf.add(t([1, I32_MAX], "int32"), 2.5), "float32", [
      3.5,
      Math.fround(I32_MAX + 2.5),
    ]);
    expectTensor("2.5 - int32", tf.sub(2.5, t([1], "int32")), "float32", [1.5]);
    expectTensor("uint8 * 0.5", tf.mul(t([3], "uint8"), 0.5), "float32", [1.5]);
    expectTensor("int64 + 0.5", tf.add(t([3], "int64"), 0.5), "float32", [3.5]);
    expectTensor("bool + 0.5", tf.add(t([true], "bool"), 0.5), "float32", [1.5]);
    expectTensor("int32 + NaN", tf.add(t([1], "int32"), NaN), "float32", [NaN]);
    expectTensor("uint8 < 2.5", tf.less(t([2, 3], "uint8"), 2.5), "bool", [true, false]);
    expectTensor("int32 + 3n", tf.add(t([1], "int32"), 3n), "int32", [4]);
    expectTensor("int64 + 3n", tf.add(t([1], "int64"), 3n), "int64", [4n]);
    expectTensor("float32 + 3n", tf.add(t([0.5], "float32"), 3n), "float32", [3.5]);
    expectTensor(
      "float32 + 2^53+2^29+1 (bigint)",
      tf.add(t([0], "float32"), 2n ** 53n + 2n ** 29n + 1n),
      "float32",
      [2 ** 53 + 2 ** 30],
    );
    expectTensor("float32 + 1e300", tf.add(t([1], "float32"), 1e300), "float32", [Infinity]);
    expectTensor("bool + true", tf.add(t([false], "bool"), true), "bool", [true]);
    expectTensor("bool * false", tf.mul(t([true], "bool"), false), "bool", [false]);
    expectTensor("uint8 + true", tf.add(t([1], "uint8"), true), "uint8", [2]);
    // Out of range for the tensor's integer dtype: an error, not a wrap or a promotion.
    expectInvalid("uint8 + 256", () => tf.add(t([1], "uint8"), 256));
    expectInvalid("uint8 + -1", () => tf.add(t([1], "uint8"), -1));
    expectInvalid("uint8 + 300n", () => tf.add(t([1], "uint8"), 300n));
    expectInvalid("int32 + 2^31", () => tf.add(t([1], "int32"), 2 ** 31));
    expectInvalid("int32 - (-2^31 - 1)", () => tf.sub(t([1], "int32"), -(2 ** 31) - 1));
    expectInvalid("int32 + 1e20", () => tf.add(t([1], "int32"), 1e20));
    expectInvalid("int64 + 2^63 (number)", () => tf.add(t([1], "int64"), 2 ** 63));
    expectInvalid("int64 + 2n^63n", () => tf.add(t([1], "int64"), 2n ** 63n));
    expectInvalid("2^31 * int32", () => tf.mul(2 ** 31, t([1], "int32")));
    expectInvalid("where uint8 / 256", () => tf.where(t([true], "bool"), t([1], "uint8"), 256));
  },
);

deviceTest("float -> int casts truncate toward zero, saturate, NaN -> 0 (NumPy: undefined)", () => {
  const src = [1.7, -1.7, 2.5, -2.5, 0.9, -0.9, 3e9, -3e9, Infinity, -Infinity, NaN, -0];
  for (const from of ["float32", "float64"] as DType[]) {
    const x = t(src, from);
    expectTensor(`${from} -> int32`, tf.cast(x, "int32"), "int32", [
      1,
      -1,
      2,
      -2,
      0,
      0,
      I32_MAX,
      I32_MIN,
      I32_MAX,
      I32_MIN,
      0,
      0,
    ]);
    expectTensor(`${from} -> uint8`, tf.cast(x, "uint8"), "uint8", [
      1,
      0,
      2,
      0,
      0,
      0,
      255,
      0,
      255,
      0,
      0,
      0,
    ]);
    expectTensor(`${from} -> int64`, tf.cast(x, "int64"), "int64", [
      1n,
      -1n,
      2n,
      -2n,
      0n,
      0n,
      3000000000n,
      -3000000000n,
      I64_MAX,
      I64_MIN,
      0n,
      0n,
    ]);
  }
  expectTensor(
    "float64 1e19 -> int64",
    tf.cast(t([1e19, -1e19, 2 ** 62], "float64"), "int64"),
    "int64",
    [
      I64_MAX,
      I64_MIN,
      2n ** 62n,
    ],
  );
  expectTensor(
    "float16 -> int32",
    tf.cast(t([65504, -65504, Infinity, 300.5], "float16"), "int32"),
    "int32",
    [
      65504,
      -65504,
      I32_MAX,
      300,
    ],
  );
  expectTensor("float16 -> uint8", tf.cast(t([300, 255.9, -1], "float16"), "uint8"), "uint8", [
    255,
    255,
    0,
  ]);
});

deviceTest("int -> int casts wrap, anything -> bool is != 0, int64 -> float32 rounds once", () => {
  expectTensor("int32 -> uint8", tf.cast(t([300, -1, 256, I32_MAX], "int32"), "uint8"), "uint8", [
    44,
    255,
    0,
    255,
  ]);
  expectTensor(
    "int64 -> int32",
    tf.cast(t([2n ** 32n + 5n, 2n ** 31n, -(2n ** 31n) - 1n, I64_MAX], "int64"), "int32"),
    "int32",
    [5, I32_MIN, I32_MAX, -1],
  );
  expectTensor("int64 -> uint8", tf.cast(t([-1n, 256n + 7n, I64_MIN], "int64"), "uint8"), "uint8", [
    255,
    7,
    0,
  ]);
  expectTensor("uint8 -> int32", tf.cast(t([255], "uint8"), "int32"), "int32", [255]);
  expectTensor("int32 -> int64", tf.cast(t([I32_MIN], "int32"), "int64"), "int64", [
    BigInt(I32_MIN),
  ]);
  expectTensor(
    "float32 -> bool",
    tf.cast(t([0, -0, NaN, 0.1, -Infinity, 1e-45], "float32"), "bool"),
    "bool",
    [false, false, true, true, true, true],
  );
  expectTensor("int32 -> bool", tf.cast(t([0, -1, 256], "int32"), "bool"), "bool", [
    false,
    true,
    true,
  ]);
  expectTensor("int64 -> bool", tf.cast(t([0n, 2n ** 62n], "int64"), "bool"), "bool", [
    false,
    true,
  ]);
  expectTensor("uint8 -> bool", tf.cast(t([0, 2], "uint8"), "bool"), "bool", [false, true]);
  for (const d of LATTICE) {
    if (d === "bool") continue;
    const one = d === "int64" ? 1n : 1, zero = d === "int64" ? 0n : 0;
    expectTensor(`bool -> ${d}`, tf.cast(t([true, false], "bool"), d), d, [one, zero]);
  }
  // Correct rounding (one rounding), as NumPy's astype: 2^53 + 2^29 + 1 is just above the
  // midpoint between two float32 values and must round up.
  const big = [2n ** 53n + 2n ** 29n + 1n, -(2n ** 53n + 2n ** 29n + 1n), I64_MAX, I64_MIN];
  expectTensor("int64 -> float32", tf.cast(t(big, "int64"), "float32"), "float32", [
    2 ** 53 + 2 ** 30,
    -(2 ** 53 + 2 ** 30),
    2 ** 63,
    -(2 ** 63),
  ]);
});

deviceTest("signed zeros follow NumPy: sign, maximum/minimum, and max/min reductions", () => {
  const n = -0;
  for (const dtype of FLOATS) {
    const a = tf.constant([n, 0, n, 0], dtype), b = tf.constant([0, n, n, 0], dtype);
    // np.maximum / np.minimum give the second operand when the two are equal.
    expectTensor(`maximum ${dtype}`, tf.maximum(a, b), dtype, [0, n, n, 0]);
    expectTensor(`minimum ${dtype}`, tf.minimum(a, b), dtype, [0, n, n, 0]);
    expectTensor(`sign ${dtype}`, tf.sign(tf.constant([n, 0, NaN, -2], dtype)), dtype, [
      0,
      0,
      NaN,
      -1,
    ]);
    // np.max / np.min give the last of equal values.
    expectTensor(`max [-0, 0] ${dtype}`, tf.reduceMax(tf.constant([n, 0], dtype)), dtype, [0], []);
    expectTensor(`max [0, -0] ${dtype}`, tf.reduceMax(tf.constant([0, n], dtype)), dtype, [n], []);
    expectTensor(`min ${dtype}`, tf.reduceMin(tf.constant([-1, 0, n, 3], dtype)), dtype, [-1], []);
    expectTensor(`max ${dtype}`, tf.reduceMax(tf.constant([-1, 0, n, -3], dtype)), dtype, [n], []);
    const m = tf.constant([[0, n], [n, 0]], dtype);
    expectTensor(`max axis 0 ${dtype}`, tf.reduceMax(m, 0), dtype, [n, 0]);
    expectTensor(`min axis 1 ${dtype}`, tf.reduceMin(m, 1), dtype, [n, 0]);
  }
  // Long rows take the parallel, split and multi-lane paths: the last zero still wins.
  for (const len of [1000, 5000, 70000]) {
    const signs = Array.from({ length: 2 * len }, (_, i) => ((i * 7919) % 13) < 6 ? -0 : 0);
    const rows = tf.constant(signs, "float32", [2, len]);
    const want = [signs[len - 1], signs[2 * len - 1]];
    expectTensor(`max of rows of ${len}`, tf.reduceMax(rows, 1), "float32", want);
    expectTensor(`min of rows of ${len}`, tf.reduceMin(rows, 1), "float32", want);
    expectTensor(`max of all ${2 * len}`, tf.reduceMax(rows), "float32", [want[1]], []);
  }
});
