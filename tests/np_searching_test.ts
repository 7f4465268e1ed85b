// The indexing, searching, sorting, set and histogram functions of the `np` namespace against
// NumPy 2: tests/fixtures/np_searching.json, made by tests/gen_np_searching_fixtures.py.
//
// Every result is compared bit for bit (dtype, shape, bytes; NaN payloads aside, and large ones
// through a SHA-256 of their bytes): NumPy's rules define one result for all of these, including
// the histogram's edges and bin sums (computed in NumPy's dtypes and order) and the stable sorts.
// None is tolerance-checked. Three modes relax the comparison where NumPy itself leaves the
// result to its implementation:
//   zeros/taken  the default sort kind: NumPy's introsort orders equal values (-0 and 0) as it
//                happens to, ours is stable (so its indices are checked against NumPy's stable
//                order, and the values with -0 == 0);
//   partition    NumPy's introselect leaves the order within the parts open: checked are the
//                kth values, the partition property and that the result is a permutation.
import { InvalidArgumentError } from "../mod.ts";
import * as np from "../numpy.ts";
import { assertEquals } from "./helpers.ts";
import {
  arrayHex,
  decodeArray,
  decodeScalar,
  type EncodedArray,
  generated,
} from "./np_fixture_utils.ts";

interface Hashed {
  d: np.NpDType;
  s: number[];
  sha: string;
}
type Want = EncodedArray | Hashed;
interface Case {
  f: string;
  args: unknown[];
  opts: Record<string, unknown>;
  out: Want | Want[] | { err: 1; type: string };
  mode: "exact" | "zeros" | "taken" | "partition" | "inplace";
}

const FIXTURE = JSON.parse(
  Deno.readTextFileSync(new URL("fixtures/np_searching.json", import.meta.url)),
) as { numpy: string; cases: Case[] };

/** A fixture argument: an array, a generated array, a plain JS value, or a JS scalar. */
function decode(x: unknown): unknown {
  if (x === null || typeof x !== "object" || Array.isArray(x)) return x;
  const o = x as Record<string, unknown>;
  if ("h" in o) return decodeArray(o as unknown as EncodedArray);
  if ("gen" in o) return generated(o.gen as (number | string)[]);
  if ("js" in o) return o.js;
  if ("n" in o || "big" in o || "b" in o) return decodeScalar(o);
  return x;
}

function decodeOpts(opts: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(opts).map(([k, v]) => [k, decode(v)]));
}

/** A copy of an array's elements with NaNs made canonical and, with `zeros`, -0 made 0. */
function canonical(a: np.NDArray, zeros: boolean): np.NDArray {
  const d = a.contiguousData();
  if (!(d instanceof Float64Array || d instanceof Float32Array || d instanceof Float16Array)) {
    return a;
  }
  const c = d.slice();
  for (let i = 0; i < c.length; i++) {
    if (c[i] !== c[i]) c[i] = NaN;
    else if (zeros && c[i] === 0) c[i] = 0;
  }
  return new np.NDArray(c, a.shape, a.dtype);
}

async function sha256(a: np.NDArray): Promise<string> {
  const d = a.contiguousData();
  const bytes = new Uint8Array(d.buffer, d.byteOffset, d.byteLength).slice();
  const hash = new Uint8Array(await crypto.subtle.digest("SHA-256", bytes));
  return Array.from(hash, (b) => b.toString(16).padStart(2, "0")).join("");
}

/** The difference between a result and NumPy's, or null when they agree. */
async function differs(got: unknown, want: Want, zeros: boolean): Promise<string | null> {
  if (!(got instanceof np.NDArray)) return `got ${String(got)}, expected an NDArray`;
  if (got.dtype !== want.d || got.shape.join() !== want.s.join()) {
    return `got ${got.dtype} [${got.shape}], NumPy ${want.d} [${want.s}]`;
  }
  const mine = canonical(got, zeros);
  if ("sha" in want) return (await sha256(mine)) === want.sha ? null : "bytes differ (hashed)";
  const theirs = canonical(decodeArray(want), zeros);
  return arrayHex(mine) === arrayHex(theirs) ? null : `got ${got.repr()}, NumPy ${theirs.repr()}`;
}

// deno-lint-ignore no-explicit-any
const NP = np as unknown as Record<string, (...args: any[]) => unknown>;

function call(c: Case, args: unknown[]): unknown {
  const opts = decodeOpts(c.opts);
  return NP[c.f](...args, ...(Object.keys(opts).length > 0 ? [opts] : []));
}

type Elem = number | bigint | boolean;

/** NumPy's order: NaN after everything. */
function lessEq(a: Elem, b: Elem): boolean {
  if (typeof b === "number" && b !== b) return true;
  if (typeof a === "number" && a !== a) return false;
  return a <= b;
}

/** The rows of `a` along `axis` (moved last), as JS values. */
function rowsOf(a: np.NDArray, axis: number): Elem[][] {
  const nd = a.ndim, ax = axis < 0 ? axis + nd : axis;
  const order = [...a.shape.keys()].filter((i) => i !== ax).concat([ax]);
  const v = new np.NDArray(a.data, order.map((i) => a.shape[i]), a.dtype, {
    strides: order.map((i) => a.strides[i]),
    offset: a.offset,
  });
  const flat = new np.NDArray(v.contiguousData(), [v.size], v.dtype).tolist() as Elem[];
  const n = a.shape[ax], rows: Elem[][] = [];
  for (let i = 0; i < flat.length; i += n) rows.push(flat.slice(i, i + n));
  return rows;
}

function sortedRow(row: Elem[]): Elem[] {
  return row.slice().sort((p, q) => (lessEq(p, q) ? (lessEq(q, p) ? 0 : -1) : 1));
}

const same = (p: Elem, q: Elem): boolean =>
  p === q || (typeof p === "number" && typeof q === "number" && p !== p && q !== q);

/** The partition checks of one case: kth values, the property, a permutation. */
function partitionDiffers(c: Case, args: unknown[], got: unknown): string | null {
  if (!(got instanceof np.NDArray)) return "not an NDArray";
  let x = args[0] as np.NDArray;
  const axisOpt = ("axis" in c.opts ? c.opts.axis : -1) as number | null;
  if (axisOpt === null) x = new np.NDArray(x.contiguousData(), [x.size], x.dtype);
  const axis = axisOpt ?? 0;
  const want = decodeArray(c.out as EncodedArray);
  const n = x.shape[axis < 0 ? axis + x.ndim : axis];
  const kth = (Array.isArray(args[1]) ? args[1] : [args[1]]) as number[];
  const ks = kth.map((k) => (k < 0 ? k + n : k));
  const xRows = rowsOf(x, axis), gRows = rowsOf(got, axis), wRows = rowsOf(want, axis);
  for (let r = 0; r < xRows.length; r++) {
    let values = gRows[r], expected = wRows[r];
    if (c.f === "argpartition") {
      const idx = values.map(Number);
      if (sortedRow(idx).join() !== [...idx.keys()].join()) return `row ${r}: not a permutation`;
      values = idx.map((i) => xRows[r][i]);
      expected = expected.map((i) => xRows[r][Number(i)]);
    }
    const sorted = sortedRow(xRows[r]);
    if (!sortedRow(values).every((v, i) => same(v, sorted[i]))) {
      return `row ${r}: not a permutation of the input`;
    }
    for (const k of ks) {
      if (!same(values[k], sorted[k]) || !same(values[k], expected[k])) {
        return `row ${r}: element ${k} is ${values[k]}, sorted ${sorted[k]}`;
      }
      for (let i = 0; i < n; i++) {
        if (i < k ? !lessEq(values[i], values[k]) : !lessEq(values[k], values[i])) {
          return `row ${r}: element ${i} is on the wrong side of kth ${k}`;
        }
      }
    }
  }
  return null;
}

async function check(c: Case): Promise<string | null> {
  const args = c.args.map(decode);
  if ("err" in c.out) {
    try {
      call(c, args);
    } catch (e) {
      if (e instanceof InvalidArgumentError && e.message.includes(`np.${c.f}`)) return null;
      return `threw ${e}`;
    }
    return `no error (NumPy: ${c.out.type})`;
  }
  const got = call(c, args);
  if (c.mode === "partition") return partitionDiffers(c, args, got);
  if (c.mode === "inplace") return await differs(args[0], c.out as Want, false);
  if (c.mode === "taken") {
    const x = args[0] as np.NDArray;
    return await differs(
      np.take_along_axis(x, got as np.NDArray, { axis: -1 }),
      c.out as Want,
      true,
    );
  }
  const outs = Array.isArray(c.out) ? c.out : [c.out];
  const gots = Array.isArray(got) ? got : [got];
  if (gots.length !== outs.length) return `got ${gots.length} results, NumPy ${outs.length}`;
  for (let i = 0; i < outs.length; i++) {
    const d = await differs(gots[i], outs[i], c.mode === "zeros");
    if (d !== null) return outs.length > 1 ? `result ${i}: ${d}` : d;
  }
  return null;
}

const NAMES = [...new Set(FIXTURE.cases.map((c) => c.f))];
for (const name of NAMES) {
  const cases = FIXTURE.cases.filter((c) => c.f === name);
  Deno.test(`np.${name}: ${cases.length} cases match NumPy ${FIXTURE.numpy}`, async () => {
    const bad: string[] = [];
    for (const [i, c] of cases.entries()) {
      let d: string | null;
      try {
        d = await check(c);
      } catch (e) {
        d = `threw ${e instanceof Error ? e.stack : e}`;
      }
      if (d !== null) {
        bad.push(`#${i} ${JSON.stringify(c.opts)} ${c.args.map(describe).join(", ")}: ${d}`);
      }
    }
    assertEquals(bad.slice(0, 12), []);
  });
}

function describe(x: unknown): string {
  const o = x as Record<string, unknown>;
  if (o !== null && typeof o === "object" && "d" in o) return `${o.d}${JSON.stringify(o.s)}`;
  if (o !== null && typeof o === "object" && "gen" in o) return `gen${JSON.stringify(o.gen)}`;
  return JSON.stringify(x);
}

Deno.test("np.sort and np.argsort: 1e5 float64 with ties, NaNs and zeros of both signs", () => {
  const n = 100000;
  const data = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const h = (i * 2654435761 + 12345) % 2 ** 32;
    data[i] = h % 7 === 0 ? NaN : h % 11 === 0 ? (h % 2 ? -0 : 0) : (h % 1000) / 8 - 60;
  }
  const x = new np.NDArray(data, [n], "float64");
  const s = np.sort(x).data as Float64Array;
  const order = np.argsort(x).data as BigInt64Array;
  let ok = true;
  for (let i = 1; i < n && ok; i++) {
    const a = data[Number(order[i - 1])], b = data[Number(order[i])];
    ok = lessEq(a, b) && (!same(a, b) && !(a === b) || order[i - 1] < order[i]);
    ok &&= Object.is(s[i], b) || (s[i] !== s[i] && b !== b);
  }
  assertEquals(ok, true);
});

Deno.test("np.searching: JS values as NumPy's (lists of indices, scalars, nested lists)", () => {
  const a = np.array([[1, 2, 3], [4, 5, 6]]);
  assertEquals(np.take(a, [0, 5]).tolist(), [1, 6]);
  assertEquals(np.take(a, 4).shape, []);
  assertEquals(np.searchsorted([1, 2, 3], 2).shape, []);
  assertEquals(np.unique([3, 1, 3]).tolist(), [1, 3]);
  assertEquals(np.isin(2, [1, 2]).tolist(), true);
  assertEquals(np.bincount([2, 2]).tolist(), [0n, 0n, 2n]);
  let err = "";
  try {
    np.take(a, [0.5]);
  } catch (e) {
    err = (e as Error).message;
  }
  assertEquals(err, "np.take: indices must be integers, got the number 0.5");
  try {
    np.take(a, [9]);
  } catch (e) {
    err = (e as Error).message;
  }
  assertEquals(err, "np.take: index 9 is out of bounds for axis 0 with size 6");
});
