// np.random against NumPy 2.4 (tests/fixtures/np_random.json, from tests/gen_np_random_fixtures.py):
// every case runs a list of calls on a freshly seeded generator (default_rng or the legacy global
// RandomState) and compares each result with NumPy's by dtype, shape and the SHA-256 of its bytes,
// so every value is compared bit for bit (floats by their bits: -0, NaN payloads and all). A call
// NumPy rejects must throw an InvalidArgumentError. glibc's log, exp, log1p and log1pf, which the
// samplers call, are checked the same way on 100,000 inputs each. Nothing here is
// tolerance-checked: NumPy's samplers are exact IEEE arithmetic over these libm functions.
import * as np from "../numpy.ts";
import { InvalidArgumentError } from "../src/errors.ts";
import { exp, log, log1p, log1pf } from "../src/np/random/libm.ts";
import { assertEquals, assertThrows } from "./helpers.ts";
import { decodeArray, type EncodedArray } from "./np_fixture_utils.ts";

type Arg = unknown;
type Call = [string, Arg[], Record<string, Arg>];
interface Out {
  d?: string;
  s?: number[];
  sha?: string;
  err?: string;
  none?: 1;
}
interface Case {
  calls: Call[];
  outs: Out[];
}
interface Fixture {
  generator: {
    name: string;
    seed: Arg;
    state: [string, string];
    cases: Record<string, Case>;
  }[];
  legacy: { seed: number | number[]; cases: Record<string, Case> }[];
  libm: Record<"log" | "exp" | "log1p" | "log1pf", Out>;
}
const fx: Fixture = JSON.parse(
  Deno.readTextFileSync(new URL("./fixtures/np_random.json", import.meta.url)),
);

/** A fixture argument: numbers as they are, {big}, {n: "nan"|"inf"|"-inf"}, arrays, lists. */
function decode(x: Arg): Arg {
  if (Array.isArray(x)) return x.map(decode);
  if (x === null || typeof x !== "object") return x;
  const o = x as Record<string, unknown>;
  if ("h" in o) return decodeArray(o as unknown as EncodedArray);
  if ("big" in o) return BigInt(o.big as string);
  if ("n" in o) return o.n === "nan" ? NaN : o.n === "inf" ? Infinity : -Infinity;
  return Object.fromEntries(Object.entries(o).map(([k, v]) => [k, decode(v)]));
}

/** Parameters before `size`, and whether the method takes `size`, per method name. */
const PARAMS: Record<string, [number, boolean]> = {
  random: [0, true],
  random_sample: [0, true],
  standard_normal: [0, true],
  standard_exponential: [0, true],
  integers: [2, true],
  randint: [2, true],
  uniform: [2, true],
  normal: [2, true],
  exponential: [1, true],
  standard_gamma: [1, true],
  gamma: [2, true],
  beta: [2, true],
  binomial: [2, true],
  poisson: [1, true],
  choice: [1, true],
  permutation: [1, false],
  shuffle: [1, false],
  permuted: [1, false],
  bytes: [1, false],
  seed: [1, false],
};

/** Calls NumPy's `name(*args, **kw)` on `obj` the way our API spells it. */
function call(obj: Record<string, unknown>, [name, rawArgs, rawKw]: Call): unknown {
  const args = decode(rawArgs) as Arg[], kw = decode(rawKw) as Record<string, Arg>;
  const f = obj[name] as (...a: unknown[]) => unknown;
  if (typeof f !== "function") throw new Error(`no method ${name}`);
  if (name === "rand" || name === "randn") return f.call(obj, ...args);
  const [n, sized] = PARAMS[name];
  const { size, ...options } = kw;
  const positional = args.slice(0, n);
  while (positional.length < n) positional.push(undefined);
  if (sized) positional.push(args.length > n ? args[n] : size);
  const result = f.call(obj, ...positional, Object.keys(options).length > 0 ? options : undefined);
  return name === "shuffle" ? positional[0] : result;
}

let compared = 0;

async function sha(bytes: Uint8Array): Promise<string> {
  const h = new Uint8Array(await crypto.subtle.digest("SHA-256", bytes as Uint8Array<ArrayBuffer>));
  return Array.from(h, (b) => b.toString(16).padStart(2, "0")).join("");
}

/** Compares a result with NumPy's digest. */
async function same(r: unknown, e: Out, what: string): Promise<void> {
  if (e.none) {
    assertEquals(r, undefined, what);
    return;
  }
  let a: np.NDArray;
  if (r instanceof Uint8Array) a = new np.NDArray(r, [r.length], "uint8");
  else if (Array.isArray(r)) a = new np.NDArray(Float64Array.from(r), [r.length], "float64");
  else a = r as np.NDArray;
  assertEquals([a.dtype, a.shape], [e.d, e.s], `${what}: dtype and shape`);
  const d = a.contiguousData();
  const got = await sha(new Uint8Array(d.buffer, d.byteOffset, d.byteLength));
  if (got !== e.sha) {
    const head = Array.from(d.slice(0, 6) as ArrayLike<number | bigint>, String).join(" ");
    throw new Error(`${what}: values differ from NumPy's (ours start ${head})`);
  }
  compared += a.size;
}

async function runCase(obj: Record<string, unknown>, c: Case, what: string): Promise<void> {
  for (let i = 0; i < c.calls.length; i++) {
    const label = `${what}: ${c.calls[i][0]}(${JSON.stringify(c.calls[i][1]).slice(0, 80)}, ${
      JSON.stringify(c.calls[i][2])
    })`;
    if (c.outs[i].err !== undefined) {
      let caught: unknown;
      try {
        call(obj, c.calls[i]);
      } catch (err) {
        caught = err;
      }
      if (!(caught instanceof InvalidArgumentError)) {
        throw new Error(`${label}: NumPy raises ${c.outs[i].err}, we gave ${String(caught)}`);
      }
      continue;
    }
    await same(call(obj, c.calls[i]), c.outs[i], label);
  }
}

for (const e of fx.generator) {
  const seed = decode(e.seed) as np.random.Seed;
  Deno.test(`default_rng(${e.name}): state after seeding`, () => {
    const st = new np.random.PCG64(seed).state;
    assertEquals([String(st.state), String(st.inc)], e.state);
  });
  for (const [name, c] of Object.entries(e.cases)) {
    Deno.test(`default_rng(${e.name}): ${name}`, async () => {
      const g = np.random.default_rng(seed) as unknown as Record<string, unknown>;
      await runCase(g, c, `default_rng(${e.name})`);
    });
  }
}

const legacy = np.random as unknown as Record<string, unknown>;
for (const e of fx.legacy) {
  for (const [name, c] of Object.entries(e.cases)) {
    Deno.test(`legacy seed(${JSON.stringify(e.seed)}): ${name}`, async () => {
      np.random.seed(e.seed);
      await runCase(legacy, c, `legacy seed(${JSON.stringify(e.seed)})`);
    });
  }
}

Deno.test("libm: glibc's log, exp, log1p, log1pf bit for bit (the samplers call them)", async () => {
  const u = np.random.default_rng(7).random(100000).data as Float64Array;
  const map = (f: (x: number) => number) => (v: Float64Array) => v.map(f);
  const cat = (...parts: Float64Array[]) => {
    const out = new Float64Array(parts.reduce((n, p) => n + p.length, 0));
    let o = 0;
    for (const p of parts) out.set(p, (o += p.length) - p.length);
    return out;
  };
  const m = (f: (x: number) => number) => u.map(f);
  const cases: [keyof Fixture["libm"], Float64Array, (x: number) => number][] = [
    [
      "log",
      cat(u, m((x) => x * 2 ** -1030), m((x) => x * 0.125 + 0.9375), m((x) => (x + 1) * 2 ** 900)),
      log,
    ],
    [
      "exp",
      cat(
        m((x) => x * 64 - 60),
        m((x) => -0.5 * (x * 8) ** 2),
        m((x) => x * 8 - 745),
        m((x) => x * 8 + 701),
        m((x) => (x - 0.5) * 2 ** -40),
      ),
      exp,
    ],
    [
      "log1p",
      cat(
        m((x) => -x),
        m((x) => -x * 2 ** -10),
        m((x) => (x - 0.5) * 2 ** -30),
        m((x) => x * 2 ** 20),
      ),
      log1p,
    ],
  ];
  for (const [name, xs, f] of cases) {
    await same(new np.NDArray(map(f)(xs), [xs.length], "float64"), fx.libm[name], name);
  }
  const xf = Float32Array.from(
    cat(m((x) => -x), m((x) => -x * 2 ** -10), m((x) => (x - 0.5) * 2 ** -30)),
  );
  await same(new np.NDArray(xf.map(log1pf), [xf.length], "float32"), fx.libm.log1pf, "log1pf");
});

Deno.test("np.random: scalars are 0-d NDArrays; shapes", () => {
  const rng = np.random.default_rng(1);
  assertEquals(rng.random().shape, []);
  assertEquals(rng.standard_normal([2, 3]).shape, [2, 3]);
  assertEquals(rng.integers(5, undefined, [2, 2]).dtype, "int64");
  assertEquals(rng.normal([1, 2], 1).shape, [2]);
  assertEquals(np.random.rand().shape, []);
  assertEquals(np.random.randn(2, 3).shape, [2, 3]);
  assertEquals(rng.permutation([[1, 2], [3, 4], [5, 6]]).shape, [3, 2]);
  assertEquals(rng.bytes(5).length, 5);
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
    () => rng.integers(0, 5, 1, { dtype: "float64" as "int32" }),
    InvalidArgumentError,
    '"float64"',
  );
  assertThrows(() => rng.random(-1), InvalidArgumentError, "Generator.random", "-1");
  assertThrows(() => rng.random(1, { dtype: "float16" as "float32" }), InvalidArgumentError, "16");
  assertThrows(() => rng.normal(0, -1), InvalidArgumentError, "Generator.normal", "scale < 0");
  assertThrows(() => rng.normal([[1], [2]], 1, 3), InvalidArgumentError, "not compatible");
  assertThrows(() => rng.choice(3, 5, { replace: false }), InvalidArgumentError, "choice");
  assertThrows(() => rng.choice(3, 2, { p: [0.5, 0.6, 0.1] }), InvalidArgumentError, "sum to 1");
  assertThrows(() => rng.random(1, { dtyp: "float32" } as never), InvalidArgumentError, "dtype");
  assertThrows(
    () => rng.standard_exponential(2, { method: "foo" as "zig" }),
    InvalidArgumentError,
    '"foo"',
  );
  assertThrows(() => rng.binomial(2.5, 0.5), InvalidArgumentError, "Generator.binomial", "2.5");
  assertThrows(() => rng.poisson(-1), InvalidArgumentError, "Generator.poisson", "lam < 0");
  assertThrows(() => np.random.seed(2 ** 32), InvalidArgumentError, "np.random.seed", "4294967296");
  assertThrows(() => np.random.seed([]), InvalidArgumentError, "non-empty");
  assertThrows(() => np.random.randint(0), InvalidArgumentError, "np.random.randint");
});

Deno.test("np.random: every fixture value was compared", () => {
  // Deno runs tests in order; by now every fixture-driven test above has run.
  if (compared < 1000000) throw new Error(`only ${compared} values compared`);
  console.log(`np.random: ${compared} values compared bit-exactly with NumPy`);
});
