// np.random against NumPy 2.4 (tests/fixtures/np_random.json, from tests/gen_np_random_fixtures.py):
// every value compared exactly (float64 by its bits, integers as decimal strings).
import * as np from "../numpy.ts";
import { InvalidArgumentError } from "../src/errors.ts";
import { glibcLog } from "../src/np/random/glibc_log.ts";
import { assertEquals, assertThrows } from "./helpers.ts";

interface GenFixture {
  name: string;
  seed: string | string[];
  state: [string, string];
  random: number[];
  random32: number[];
  normal: number[];
  normal32: number[];
  normal_ls: number[];
  uniform: number[];
  integers: { low: string; high: string; endpoint: boolean; dtype: string; values: string[] }[];
  mixed: number[];
  choice: Record<string, (string | number)[]>;
  permutation: string[];
  permutation_big: string[];
  shuffle: number[];
  shuffle2d: string[];
}
interface LegacyFixture {
  seed: number | number[];
  rand: number[];
  randn: number[];
  random_sample: number[];
  randint: { low: string; high: string; values: string[] }[];
  mixed: number[];
}
const fx: { generator: GenFixture[]; legacy: LegacyFixture[]; log: [number, number][] } = JSON
  .parse(
    Deno.readTextFileSync(new URL("./fixtures/np_random.json", import.meta.url)),
  );

let compared = 0;
/** Exact comparison of float64 values (as bit patterns, so -0 and NaN are exact too). */
function sameFloats(actual: ArrayLike<number>, expected: readonly number[], what: string): void {
  const a = new Float64Array(Array.from(actual)), e = new Float64Array(expected);
  assertEquals(a.length, e.length, `${what}: length`);
  const ab = new BigUint64Array(a.buffer), eb = new BigUint64Array(e.buffer);
  for (let i = 0; i < e.length; i++) {
    if (ab[i] !== eb[i]) throw new Error(`${what}[${i}]: got ${a[i]}, NumPy ${e[i]}`);
  }
  compared += e.length;
}
function sameInts(actual: np.NDArray, expected: readonly string[], what: string): void {
  const got = Array.from(actual.contiguousData() as ArrayLike<number | bigint>, String);
  assertEquals(got, [...expected], what);
  compared += expected.length;
}
const f64 = (a: np.NDArray): number[] => Array.from(a.contiguousData() as ArrayLike<number>);
const seedOf = (s: string | string[]) => Array.isArray(s) ? s.map(BigInt) : BigInt(s);

for (const e of fx.generator) {
  const rng = () => np.random.default_rng(seedOf(e.seed));
  Deno.test(`default_rng(${e.name}): state after seeding`, () => {
    const st = new np.random.PCG64(seedOf(e.seed)).state;
    assertEquals([String(st.state), String(st.inc)], e.state);
  });
  Deno.test(`default_rng(${e.name}): random float64/float32, uniform`, () => {
    sameFloats(f64(rng().random(e.random.length)), e.random, "random");
    const r32 = rng().random(e.random32.length, { dtype: "float32" });
    assertEquals(r32.dtype, "float32");
    sameFloats(f64(r32), e.random32, "random float32");
    sameFloats(f64(rng().uniform(-2.0, 7.5, e.uniform.length)), e.uniform, "uniform");
  });
  Deno.test(`default_rng(${e.name}): standard_normal float64/float32, normal`, () => {
    sameFloats(f64(rng().standard_normal(e.normal.length)), e.normal, "standard_normal");
    sameFloats(
      f64(rng().standard_normal(e.normal32.length, { dtype: "float32" })),
      e.normal32,
      "standard_normal float32",
    );
    sameFloats(f64(rng().normal(3.0, 2.5, e.normal_ls.length)), e.normal_ls, "normal");
  });
  Deno.test(`default_rng(${e.name}): integers`, () => {
    for (const c of e.integers) {
      const out = rng().integers(BigInt(c.low), BigInt(c.high), c.values.length, {
        endpoint: c.endpoint,
        dtype: c.dtype as np.random.IntDType,
      });
      assertEquals(out.dtype, c.dtype);
      sameInts(out, c.values, `integers(${c.low}, ${c.high}, endpoint ${c.endpoint}, ${c.dtype})`);
    }
  });
  Deno.test(`default_rng(${e.name}): one stream through several methods`, () => {
    const g = rng();
    const got: number[] = [
      ...f64(g.random(3)),
      ...f64(g.random(3, { dtype: "float32" })),
      ...f64(g.random(2)),
      ...Array.from(g.integers(0, 7, 5, { dtype: "int32" }).data as Int32Array),
      ...f64(g.random(2, { dtype: "float32" })),
      ...f64(g.standard_normal(3, { dtype: "float32" })),
      ...f64(g.standard_normal(3)),
      Number(g.integers(0, 5).item()),
      g.random().item() as number,
    ];
    sameFloats(got, e.mixed, "mixed stream");
  });
  Deno.test(`default_rng(${e.name}): choice, permutation, shuffle`, () => {
    const c = e.choice;
    sameInts(rng().choice(10, 50), c.replace as string[], "choice replace");
    sameInts(rng().choice(2 ** 40, 20), c.replace_big as string[], "choice replace 2**40");
    sameInts(rng().choice(10, 7, { replace: false }), c.noreplace as string[], "choice noreplace");
    sameInts(
      rng().choice(20000, 100, { replace: false }),
      c.noreplace_floyd as string[],
      "choice Floyd",
    );
    sameInts(
      rng().choice(20000, 1000, { replace: false }),
      c.noreplace_tail as string[],
      "choice tail shuffle",
    );
    sameInts(rng().choice(5, 100, { p: [0.1, 0.2, 0.3, 0.15, 0.25] }), c.p as string[], "choice p");
    sameFloats(
      f64(rng().choice(np.array([1.5, 2.5, 3.5, 4.5]), 10)),
      c.array as number[],
      "choice array",
    );
    const s = rng().choice(100);
    assertEquals(s.shape, []);
    sameInts(s, c.scalar as string[], "choice scalar");
    sameInts(rng().choice(100, undefined, { replace: false }), c.scalar_noreplace as string[], "s");
    sameInts(rng().permutation(50), e.permutation, "permutation");
    sameInts(rng().permutation(3000), e.permutation_big, "permutation 3000");
    const a = np.arange(40, undefined, 1, "float64");
    rng().shuffle(a);
    sameFloats(f64(a), e.shuffle, "shuffle");
    const m = np.array([[0, 1, 2], [3, 4, 5], [6, 7, 8], [9, 10, 11]], "int64");
    rng().shuffle(m);
    sameInts(m, e.shuffle2d, "shuffle 2-d");
    const js = Array.from({ length: 40 }, (_, i) => i);
    rng().shuffle(js);
    sameFloats(js, e.shuffle, "shuffle JS array");
  });
}

for (const e of fx.legacy) {
  const name = JSON.stringify(e.seed);
  Deno.test(`legacy seed(${name}): rand, randn, random_sample, randint`, () => {
    np.random.seed(e.seed);
    sameFloats(f64(np.random.rand(e.rand.length)), e.rand, "rand");
    np.random.seed(e.seed);
    sameFloats(f64(np.random.randn(e.randn.length)), e.randn, "randn");
    np.random.seed(e.seed);
    sameFloats(f64(np.random.random_sample(e.random_sample.length)), e.random_sample, "sample");
    for (const c of e.randint) {
      np.random.seed(e.seed);
      const out = np.random.randint(BigInt(c.low), BigInt(c.high), c.values.length);
      assertEquals(out.dtype, "int64");
      sameInts(out, c.values, `randint(${c.low}, ${c.high})`);
    }
  });
  Deno.test(`legacy seed(${name}): interleaved stream and the gauss cache`, () => {
    np.random.seed(e.seed);
    const got = [
      ...f64(np.random.rand(3)),
      ...f64(np.random.randn(3)),
      ...Array.from(np.random.randint(0, 100, 4).data as BigInt64Array, Number),
      ...f64(np.random.randn(1)),
      ...f64(np.random.rand(2, 2)),
      np.random.randn().item() as number,
      Number(np.random.randint(10).item()),
      ...f64(np.random.random(2)),
    ];
    np.random.seed(e.seed);
    got.push(...f64(np.random.randn(1)));
    sameFloats(got, e.mixed, "legacy mixed");
  });
}

Deno.test("glibcLog is libm's log, bit for bit (legacy randn depends on it)", () => {
  sameFloats(fx.log.map(([x]) => glibcLog(x)), fx.log.map(([, l]) => l), "log");
});

Deno.test("np.random: scalars are 0-d NDArrays; shapes", () => {
  const rng = np.random.default_rng(1);
  assertEquals(rng.random().shape, []);
  assertEquals(rng.standard_normal([2, 3]).shape, [2, 3]);
  assertEquals(rng.integers(5, undefined, [2, 2]).dtype, "int64");
  assertEquals(np.random.rand().shape, []);
  assertEquals(np.random.randn(2, 3).shape, [2, 3]);
  const p = rng.permutation([[1, 2], [3, 4], [5, 6]]);
  assertEquals(p.shape, [3, 2]);
});

Deno.test("np.random: bad arguments are InvalidArgumentErrors naming the function", () => {
  const rng = np.random.default_rng(1);
  assertThrows(() => np.random.default_rng(-1), InvalidArgumentError, "PCG64", "-1");
  assertThrows(() => np.random.default_rng(1.5), InvalidArgumentError, "1.5");
  assertThrows(() => rng.integers(5, 5), InvalidArgumentError, "Generator.integers", "low >= high");
  assertThrows(
    () => rng.integers(0, 2 ** 40, 1, { dtype: "int32" }),
    InvalidArgumentError,
    "int32",
  );
  assertThrows(
    () => rng.integers(0, 5, 1, { dtype: "int8" as "int32" }),
    InvalidArgumentError,
    '"int8"',
  );
  assertThrows(() => rng.random(-1), InvalidArgumentError, "Generator.random", "-1");
  assertThrows(() => rng.random(1, { dtype: "float16" as "float32" }), InvalidArgumentError, "16");
  assertThrows(() => rng.normal(0, -1), InvalidArgumentError, "Generator.normal", "-1");
  assertThrows(() => rng.choice(3, 5, { replace: false }), InvalidArgumentError, "choice");
  assertThrows(() => rng.choice(3, 2, { p: [0.5, 0.6, 0.1] }), InvalidArgumentError, "sum to 1");
  assertThrows(() => rng.random(1, { dtyp: "float32" } as never), InvalidArgumentError, "dtype");
  assertThrows(() => np.random.seed(2 ** 32), InvalidArgumentError, "np.random.seed", "4294967296");
  assertThrows(() => np.random.seed([]), InvalidArgumentError, "non-empty");
  assertThrows(() => np.random.randint(0), InvalidArgumentError, "np.random.randint");
});

Deno.test("np.random: every fixture value was compared", () => {
  // Deno runs tests in order; by now every fixture-driven test above has run.
  if (compared < 100000) throw new Error(`only ${compared} values compared`);
  console.log(`np.random: ${compared} values compared bit-exactly with NumPy`);
});
