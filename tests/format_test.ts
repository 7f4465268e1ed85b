/**
 * Compares src/format.ts and src/dragon4.ts against NumPy output recorded by
 * tests/gen_format_fixtures.py in tests/fixtures/format.json.
 */
import assert from "node:assert/strict";
import {
  arrayRepr,
  arrayStr,
  formatShape,
  type PrintData,
  type PrintDType,
  type PrintOptions,
  scalarStr,
} from "../src/format.ts";
import {
  type Dragon4Options,
  type FloatKind,
  formatFloatPositional,
  formatFloatScientific,
  type Trim,
} from "../src/dragon4.ts";
import fixtureJson from "./fixtures/format.json" with { type: "json" };
import * as tf from "../mod.ts";

type Encoded = string | number;

interface ArrayCase {
  dtype: PrintDType;
  shape: number[];
  data: Encoded[];
  options?: PrintOptions;
  str: string;
  repr: string;
}

interface ScalarCase {
  dtype: PrintDType;
  value: Encoded;
  str: string;
}

interface Dragon4Case {
  dtype: FloatKind;
  value: string;
  mode: "positional" | "scientific";
  options: {
    precision?: number;
    unique?: boolean;
    fractional?: boolean;
    trim?: Trim;
    sign?: boolean;
    pad_left?: number;
    pad_right?: number;
    min_digits?: number;
    exp_digits?: number;
  };
  out: string;
}

interface Fixtures {
  numpy: string;
  arrays: ArrayCase[];
  scalars: ScalarCase[];
  dragon4: Dragon4Case[];
}

const fixtures = fixtureJson as unknown as Fixtures;

/** Parses Python's float.hex() output (and "nan", "inf", "-inf") exactly. */
function parseHexFloat(text: string): number {
  if (text === "nan") return NaN;
  if (text === "inf") return Infinity;
  if (text === "-inf") return -Infinity;
  const match = /^(-?)0x([0-9a-f]+)(?:\.([0-9a-f]*))?p([+-]\d+)$/.exec(text);
  if (match === null) throw new Error(`Invalid hex float "${text}"`);
  const [, sign, whole, frac = "", exp] = match;
  const mantissa = BigInt("0x" + whole + frac);
  // mantissa has at most 53 significant bits, so both steps below are exact.
  const magnitude = Number(mantissa) * 2 ** (Number(exp) - 4 * frac.length);
  return sign === "-" ? -magnitude : magnitude;
}

function decodeScalar(value: Encoded, dtype: PrintDType): number | bigint {
  if (dtype.startsWith("float")) return parseHexFloat(String(value));
  return typeof value === "string" ? BigInt(value) : value;
}

function makeData(dtype: PrintDType, values: Encoded[]): PrintData {
  const decoded = values.map((v) => decodeScalar(v, dtype));
  const numbers = (): number[] => decoded.map(Number);
  const bigints = (): bigint[] => decoded.map((v) => BigInt(v));
  switch (dtype) {
    case "bool":
    case "uint8":
      return new Uint8Array(numbers());
    case "int8":
      return new Int8Array(numbers());
    case "int16":
      return new Int16Array(numbers());
    case "int32":
      return new Int32Array(numbers());
    case "uint16":
      return new Uint16Array(numbers());
    case "uint32":
      return new Uint32Array(numbers());
    case "int64":
      return new BigInt64Array(bigints());
    case "uint64":
      return new BigUint64Array(bigints());
    case "float16":
      return new Float16Array(numbers());
    case "float32":
      return new Float32Array(numbers());
    case "float64":
      return new Float64Array(numbers());
    default:
      throw new Error(`Unknown dtype "${dtype}"`);
  }
}

function dragon4Options(o: Dragon4Case["options"]): Dragon4Options {
  return {
    precision: o.precision,
    unique: o.unique,
    fractional: o.fractional,
    trim: o.trim,
    sign: o.sign,
    padLeft: o.pad_left,
    padRight: o.pad_right,
    minDigits: o.min_digits,
    expDigits: o.exp_digits,
  };
}

/** Runs every case, collecting mismatches; fails listing the first few. */
function checkAll<T>(name: string, cases: T[], check: (c: T) => string | null): void {
  assert.ok(cases.length > 0, `No ${name} fixtures found`);
  const failures: string[] = [];
  for (const c of cases) {
    let problem: string | null;
    try {
      problem = check(c);
    } catch (error) {
      problem = `threw ${error instanceof Error ? error.stack : String(error)}`;
    }
    if (problem !== null) failures.push(problem);
  }
  if (failures.length > 0) {
    const shown = failures.slice(0, 5).join("\n\n");
    assert.fail(`${failures.length} of ${cases.length} ${name} cases differ:\n\n${shown}`);
  }
}

function mismatch(what: string, expected: string, actual: string): string | null {
  if (expected === actual) return null;
  return `${what}\n  expected: ${JSON.stringify(expected)}\n  actual:   ${JSON.stringify(actual)}`;
}

Deno.test("arrayStr and arrayRepr match NumPy's str and repr", () => {
  checkAll("array", fixtures.arrays, (c) => {
    const data = makeData(c.dtype, c.data);
    const label = `dtype=${c.dtype} shape=${formatShape(c.shape)}` +
      (c.options ? ` options=${JSON.stringify(c.options)}` : "");
    return mismatch(`str ${label}`, c.str, arrayStr(data, c.shape, c.dtype, c.options)) ??
      mismatch(`repr ${label}`, c.repr, arrayRepr(data, c.shape, c.dtype, c.options));
  });
});

Deno.test("scalarStr matches str() of NumPy scalars", () => {
  checkAll("scalar", fixtures.scalars, (c) => {
    const value = decodeScalar(c.value, c.dtype);
    const input = c.dtype === "bool" ? value !== 0 : value;
    return mismatch(`dtype=${c.dtype} value=${c.value}`, c.str, scalarStr(input, c.dtype));
  });
});

Deno.test("Dragon4 matches np.format_float_positional / np.format_float_scientific", () => {
  checkAll("dragon4", fixtures.dragon4, (c) => {
    const x = parseHexFloat(c.value);
    const fn = c.mode === "positional" ? formatFloatPositional : formatFloatScientific;
    const label = `${c.mode} dtype=${c.dtype} value=${c.value} options=${
      JSON.stringify(c.options)
    }`;
    return mismatch(label, c.out, fn(x, c.dtype, dragon4Options(c.options)));
  });
});

Deno.test("formatShape prints Python tuples", () => {
  assert.equal(formatShape([]), "()");
  assert.equal(formatShape([3]), "(3,)");
  assert.equal(formatShape([2, 0, 4]), "(2, 0, 4)");
});

Deno.test("only the edge items of a huge array are formatted", () => {
  const data = new Float64Array(1_000_000).map((_, i) => i / 7);
  const start = performance.now();
  const text = arrayRepr(data, [1000, 1000], "float64");
  assert.ok(performance.now() - start < 1000, "printing a 1e6-element array took too long");
  assert.ok(text.endsWith("shape=(1000, 1000))"), text);
  assert.ok(text.includes("..."), text);
});

Deno.test("bad input is rejected with a message quoting the value", () => {
  assert.throws(
    () => arrayStr(new Float64Array(1), [1], "complex64" as PrintDType),
    /Unknown dtype "complex64"/,
  );
  assert.throws(() => arrayStr(new Float64Array(3), [2, 2], "float64"), /Data length 3/);
  assert.throws(() => scalarStr(1.5, "int32"), /Value 1.5 is not an integer/);
});

Deno.test("strided print data: views and summarised tensors print as their contiguous copies", () => {
  // A transposed, a reversed and a summarised (edges only) layout, each against the same values
  // copied to C order first.
  const base = new Float32Array(2000 * 3).map((_, i) => Math.fround(Math.sin(i) * 1000));
  const copy = new Float32Array(6000);
  for (let i = 0; i < 3; i++) for (let j = 0; j < 2000; j++) copy[i * 2000 + j] = base[j * 3 + i];
  const t = { data: base, strides: [1, 3], offset: 0 };
  assert.equal(arrayStr(t, [3, 2000], "float32"), arrayStr(copy, [3, 2000], "float32"));
  assert.equal(arrayRepr(t, [3, 2000], "float32"), arrayRepr(copy, [3, 2000], "float32"));
  const rev = { data: new Int32Array([1, 2, 3, 4]), strides: [-1], offset: 3 };
  assert.equal(arrayStr(rev, [4], "int32"), "[4 3 2 1]");
  assert.equal(
    arrayStr({ data: new Uint8Array([1, 0]), strides: [], offset: 1 }, [], "bool"),
    "False",
  );
  assert.throws(() => arrayStr(t, [3, 2001], "float32"), /reach outside data of length 6000/);
  assert.throws(() => arrayStr({ ...rev, offset: 2 }, [4], "int32"), /from offset 2/);
  // Tensors (a transposed view among them) and NDArray views print without a copy, as the copy.
  const x = tf.reshape(tf.range(0, 6000, 1, "float32"), [3, 2000]);
  for (const v of [x, tf.transpose(x), tf.cast(x, "int64"), tf.greater(x, 2999)]) {
    const want = arrayStr(v.dataSync() as PrintData, v.shape, v.dtype as PrintDType);
    assert.equal(
      v.toString(),
      `tf.Tensor(\n${want}, shape=(${v.shape.join(", ")}), dtype=${v.dtype})`,
    );
    const nd = v.numpy();
    assert.equal(
      nd.T.toString(),
      arrayStr(nd.T.contiguousData() as PrintData, nd.T.shape, nd.dtype as PrintDType),
    );
  }
});
