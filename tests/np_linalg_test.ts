// The products (dot, vdot, inner, outer, matmul, tensordot, einsum, kron, cross) and np.linalg
// against NumPy 2 (tests/fixtures/np_linalg.json, made by tests/gen_np_linalg_fixtures.py).
//
// Bit-exact: every integer and bool result (products wrap as NumPy's loops), kron, cross and
// outer in every dtype (single correctly rounded multiplications and subtractions), and the norms
// NumPy writes as elementwise ops and reductions (an axis given, or ord 1, inf, -inf, 0).
// Within a relative tolerance ("tol" in the fixture): float products (the summation order is
// BLAS's: float32 accumulates in float32 there, in float64 in the TypeScript kernel), the
// default and p-norms (a dot or libm's pow), and all of np.linalg: LAPACK's results depend on its
// blocking and on the BLAS kernels under it (NumPy's OpenBLAS is not the system's), and the
// TypeScript fallback uses other algorithms (Jacobi) of the same accuracy. Float32 linear algebra
// is computed in float64 and rounded, as NumPy does, so its tolerance is a few float32 ulps.
// Where LAPACK may choose signs (eigenvectors, singular vectors, Q and R), the invariants are
// checked (reconstruction, orthonormality) and vectors are compared up to sign.
//
// np.linalg runs twice: on the system LAPACK (when FFI and OpenBLAS are there) and on the
// TypeScript routines (setLapack(false)).
import * as tf from "../mod.ts";
import * as np from "../numpy.ts";
import { setLapack, systemLapack } from "../src/backends/cpu/lapack.ts";
import { assertEquals, assertThrows } from "./helpers.ts";
import { arrayHex, decodeArg } from "./np_fixture_utils.ts";

interface Case {
  f: string;
  args: unknown[];
  opts?: Record<string, unknown>;
  views?: (string | null)[];
  out: Record<string, unknown>;
  tol?: number;
}

const FIXTURE: { numpy: string; cases: Case[] } = JSON.parse(
  Deno.readTextFileSync(new URL("fixtures/np_linalg.json", import.meta.url)),
);
const PRODUCTS = new Set([
  "dot",
  "vdot",
  "inner",
  "outer",
  "matmul",
  "tensordot",
  "einsum",
  "kron",
  "cross",
]);

type Result = np.NDArray | Record<string, np.NDArray>;
type Fn = (args: unknown[], opts: Record<string, unknown>) => Result;
const A = (x: unknown) => x as np.ArrayLike;
const L = np.linalg;

/** NumPy's inf in the fixture's options. */
function ord(v: unknown): np.linalg.NormOrd | undefined {
  return v === "inf" ? Infinity : v === "-inf" ? -Infinity : v as np.linalg.NormOrd;
}

const FNS: Record<string, Fn> = {
  matmul: (a) => np.matmul(A(a[0]), A(a[1])),
  dot: (a) => np.dot(A(a[0]), A(a[1])),
  vdot: (a) => np.vdot(A(a[0]), A(a[1])),
  inner: (a) => np.inner(A(a[0]), A(a[1])),
  outer: (a) => np.outer(A(a[0]), A(a[1])),
  tensordot: (a, o) => np.tensordot(A(a[0]), A(a[1]), o.axes as np.TensordotAxes),
  einsum: (a) => np.einsum(a[0] as string, ...a.slice(1).map(A)),
  kron: (a) => np.kron(A(a[0]), A(a[1])),
  cross: (a, o) => np.cross(A(a[0]), A(a[1]), o),
  inv: (a) => L.inv(A(a[0])),
  det: (a) => L.det(A(a[0])),
  slogdet: (a) => ({ ...L.slogdet(A(a[0])) }),
  solve: (a) => L.solve(A(a[0]), A(a[1])),
  matrix_power: (a) => L.matrix_power(A(a[0]), a[1] as number),
  cholesky: (a, o) => L.cholesky(A(a[0]), o),
  qr: (a, o) => {
    const r = L.qr(A(a[0]), o as np.linalg.QrOptions);
    return r instanceof np.NDArray ? r : { ...r };
  },
  eigh: (a, o) => ({ ...L.eigh(A(a[0]), o) }),
  eigvalsh: (a, o) => L.eigvalsh(A(a[0]), o),
  svd: (a, o) => {
    const r = L.svd(A(a[0]), o);
    return r instanceof np.NDArray ? r : { ...r };
  },
  svdvals: (a) => L.svdvals(A(a[0])),
  lstsq: (a, o) => ({ ...L.lstsq(A(a[0]), A(a[1]), o) }),
  pinv: (a, o) => L.pinv(A(a[0]), o),
  matrix_rank: (a, o) => L.matrix_rank(A(a[0]), o),
  norm: (a, o) => L.norm(A(a[0]), { ...o, ord: ord(o.ord) }),
  multi_dot: (a) => L.multi_dot(a[0] as np.ArrayLike[]),
};

/** The array with its last two axes swapped (a strided view). */
function swapLast(x: np.NDArray): np.NDArray {
  const n = x.ndim;
  const perm = x.shape.map((_, i) => i);
  [perm[n - 2], perm[n - 1]] = [perm[n - 1], perm[n - 2]];
  return np.transpose(x, perm);
}

function decode(c: Case): unknown[] {
  return c.args.map((a, i) => {
    if (typeof a === "string") return a;
    const v = decodeArg(a);
    return c.views?.[i] === "T" ? swapLast(v as np.NDArray) : v;
  });
}

const floats = (x: np.NDArray): number[] => Array.from(x.contiguousData() as Float64Array, Number);

/** Same dtype, shape and bits (floats: same values, -0 distinct, any NaN equal to any NaN). */
function sameBits(got: np.NDArray, want: np.NDArray): string | null {
  if (got.dtype !== want.dtype) return `dtype ${got.dtype}, NumPy ${want.dtype}`;
  if (got.shape.join() !== want.shape.join()) return `shape [${got.shape}], NumPy [${want.shape}]`;
  if (arrayHex(got) === arrayHex(want)) return null;
  if (!got.dtype.startsWith("float")) return `values ${got.toString()}, NumPy ${want.toString()}`;
  const g = floats(got), w = floats(want);
  const i = g.findIndex((v, k) => !Object.is(v, w[k]));
  return i < 0 ? null : `element ${i}: ${g[i]}, NumPy ${w[i]}`;
}

/**
 * Same dtype and shape, and each value within `tol` relative to its own size plus the largest
 * finite value of NumPy's result (NaNs and infinities where NumPy has them).
 */
function close(got: np.NDArray, want: np.NDArray, tol: number): string | null {
  if (got.dtype !== want.dtype) return `dtype ${got.dtype}, NumPy ${want.dtype}`;
  if (got.shape.join() !== want.shape.join()) return `shape [${got.shape}], NumPy [${want.shape}]`;
  const g = floats(got), w = floats(want);
  const scale = Math.max(0, ...w.filter(Number.isFinite).map(Math.abs)) || 1;
  for (let i = 0; i < w.length; i++) {
    if (Number.isNaN(w[i]) ? Number.isNaN(g[i]) : g[i] === w[i]) continue;
    if (!Number.isFinite(w[i]) || !(Math.abs(g[i] - w[i]) <= tol * (Math.abs(w[i]) + scale))) {
      return `element ${i}: ${g[i]}, NumPy ${w[i]} (tol ${tol})`;
    }
  }
  return null;
}

function compare(got: np.NDArray, want: unknown, tol: number | undefined): string | null {
  const w = decodeArg(want) as np.NDArray;
  return tol ? close(got, w, tol) : sameBits(got, w);
}

// ---- Invariants where LAPACK chooses signs. Matrices as row-major number[][] per stack entry.

type Mat = number[][];

function mats(x: np.NDArray): Mat[] {
  const [r, c] = x.shape.slice(-2);
  const d = floats(x), out: Mat[] = [];
  for (let t = 0; t < d.length / Math.max(r * c, 1) && r * c > 0; t++) {
    out.push(
      Array.from({ length: r }, (_, i) => d.slice(t * r * c + i * c, t * r * c + (i + 1) * c)),
    );
  }
  return out;
}

const mul = (a: Mat, b: Mat): Mat =>
  a.map((row) => b[0].map((_, j) => row.reduce((s, v, k) => s + v * b[k][j], 0)));
const tr = (a: Mat): Mat => (a.length ? a[0].map((_, j) => a.map((r) => r[j])) : []);
const eye = (n: number): Mat =>
  Array.from({ length: n }, (_, i) => Array.from({ length: n }, (_, j) => (i === j ? 1 : 0)));

function near(a: Mat, b: Mat, tol: number, what: string): string | null {
  const scale = Math.max(1, ...b.flat().map(Math.abs));
  for (let i = 0; i < b.length; i++) {
    for (let j = 0; j < b[i].length; j++) {
      if (!(Math.abs(a[i][j] - b[i][j]) <= tol * scale)) {
        return `${what}: [${i}][${j}] ${a[i][j]} vs ${b[i][j]}`;
      }
    }
  }
  return null;
}

/** Column j of `got` equals column j of `want` up to sign (columns in `cols`). */
function sameUpToSign(got: Mat, want: Mat, cols: number[], tol: number, what: string) {
  for (const j of cols) {
    const g = got.map((r) => r[j]), w = want.map((r) => r[j]);
    const dotp = g.reduce((s, v, i) => s + v * w[i], 0);
    const s = dotp < 0 ? -1 : 1;
    for (let i = 0; i < w.length; i++) {
      if (!(Math.abs(s * g[i] - w[i]) <= tol)) return `${what}: column ${j} differs beyond sign`;
    }
  }
  return null;
}

/** Indices of well-separated, nonzero values (their vectors are unique up to sign). */
function distinct(values: number[], tol: number): number[] {
  const top = Math.max(0, ...values.map(Math.abs));
  return values.flatMap((v, i) =>
    Math.abs(v) > 1e-6 * top &&
      values.every((u, k) => k === i || Math.abs(u - v) > 1e3 * tol * (top || 1))
      ? [i]
      : []
  );
}

function checkQr(x: np.NDArray, got: Record<string, np.NDArray>, want: Record<string, unknown>) {
  const t = 1e-4;
  const Q = mats(got.Q),
    R = mats(got.R),
    a = mats(x.dtype === "float32" ? x : np.astype(x, "float64"));
  const wQ = mats(decodeArg(want.Q) as np.NDArray), wR = mats(decodeArg(want.R) as np.NDArray);
  for (let s = 0; s < a.length; s++) {
    const k = Math.min(Q[s]?.length ?? 0, R[s]?.length ?? 0);
    const err = near(mul(Q[s], R[s]), a[s], t, "Q @ R") ??
      near(mul(tr(Q[s]), Q[s]), eye(Q[s][0].length), t, "Q^T Q") ??
      (R[s].some((row, i) => row.some((v, j) => j < i && v !== 0)) ? "R is not triangular" : null);
    if (err) return err;
    // Full-rank random inputs: Q's first min(M, N) columns are unique up to sign.
    const diag = Array.from({ length: Math.min(k, R[s][0].length) }, (_, i) => R[s][i][i]);
    if (diag.every((v) => Math.abs(v) > 1e-6)) {
      const e = sameUpToSign(Q[s], wQ[s], diag.map((_, i) => i), t, "Q");
      if (e) return e;
      const e2 = sameUpToSign(tr(R[s]), tr(wR[s]), diag.map((_, i) => i), t, "R rows");
      if (e2) return e2;
    }
  }
  return close(got.R, decodeArg(want.R) as np.NDArray, 1) ?? // dtype and shape
    close(got.Q, decodeArg(want.Q) as np.NDArray, 1);
}

function checkEigh(
  x: np.NDArray,
  got: Record<string, np.NDArray>,
  want: Record<string, unknown>,
  tol: number,
  uplo: string,
) {
  const wv = decodeArg(want.eigenvalues) as np.NDArray;
  const e = close(got.eigenvalues, wv, tol) ??
    close(got.eigenvectors, decodeArg(want.eigenvectors) as np.NDArray, 2);
  if (e) return e;
  const V = mats(got.eigenvectors), WV = mats(decodeArg(want.eigenvectors) as np.NDArray);
  const a = mats(np.astype(x, "float64")), n = a[0]?.length ?? 0;
  const w = floats(got.eigenvalues);
  for (let s = 0; s < a.length; s++) {
    // The symmetric matrix that UPLO's triangle describes.
    const S = a[s].map((row, i) =>
      row.map((_, j) => ((i >= j) === (uplo.toUpperCase() === "L") ? a[s][i][j] : a[s][j][i]))
    );
    const vals = w.slice(s * n, (s + 1) * n);
    const AV = mul(S, V[s]), VL = V[s].map((row) => row.map((v, j) => v * vals[j]));
    const err = near(AV, VL, 1e-4, "A V = V diag(w)") ??
      near(mul(tr(V[s]), V[s]), eye(n), 1e-4, "V^T V") ??
      sameUpToSign(V[s], WV[s], distinct(vals, tol), 1e-4, "eigenvectors");
    if (err) return err;
  }
  return null;
}

function checkSvd(
  x: np.NDArray,
  got: Record<string, np.NDArray>,
  want: Record<string, unknown>,
  tol: number,
) {
  const e = close(got.S, decodeArg(want.S) as np.NDArray, tol) ??
    close(got.U, decodeArg(want.U) as np.NDArray, 2) ??
    close(got.Vh, decodeArg(want.Vh) as np.NDArray, 2);
  if (e) return e;
  const U = mats(got.U), V = mats(got.Vh), a = mats(np.astype(x, "float64"));
  const wU = mats(decodeArg(want.U) as np.NDArray), wV = mats(decodeArg(want.Vh) as np.NDArray);
  const S = floats(got.S), k = got.S.shape[got.S.ndim - 1];
  for (let s = 0; s < a.length; s++) {
    const sv = S.slice(s * k, (s + 1) * k);
    const Uk = U[s].map((r) => r.slice(0, k)), Vk = V[s].slice(0, k);
    const US = Uk.map((r) => r.map((v, j) => v * sv[j]));
    const ok = distinct(sv, tol);
    const err = near(mul(US, Vk), a[s], 1e-4, "U S Vh") ??
      near(mul(tr(U[s]), U[s]), eye(U[s][0].length), 1e-4, "U^T U") ??
      near(mul(V[s], tr(V[s])), eye(V[s].length), 1e-4, "Vh Vh^T") ??
      sameUpToSign(U[s], wU[s], ok, 1e-4, "U") ??
      sameUpToSign(tr(V[s]), tr(wV[s]), ok, 1e-4, "Vh");
    if (err) return err;
  }
  return null;
}

/** Checks one case; returns a description of the failure, or null. */
function check(c: Case): string | null {
  const args = decode(c);
  const opts = c.opts ?? {};
  const run = () => FNS[c.f](args, opts);
  if ("err" in c.out) {
    try {
      run();
    } catch (e) {
      const name = PRODUCTS.has(c.f) ? `np.${c.f}` : `np.linalg.${c.f}`;
      if (!(e instanceof tf.InvalidArgumentError)) return `threw ${e} (NumPy: ${c.out.type})`;
      return e.message.startsWith(name) ? null : `message ${JSON.stringify(e.message)}`;
    }
    return `no error (NumPy: ${c.out.type})`;
  }
  const got = run();
  if (got instanceof np.NDArray) return compare(got, c.out, c.tol);
  const x = args[0] as np.NDArray;
  if (c.f === "qr" && "Q" in got) return checkQr(x, got, c.out);
  if (c.f === "eigh") return checkEigh(x, got, c.out, c.tol!, String(opts.UPLO ?? "L"));
  if (c.f === "svd") return checkSvd(x, got, c.out, c.tol!);
  const keys = Object.keys(c.out);
  if (Object.keys(got).join() !== keys.join()) return `keys ${Object.keys(got)}, NumPy ${keys}`;
  for (const k of keys) {
    const e = compare(got[k], c.out[k], k === "rank" ? undefined : c.tol);
    if (e) return `${k}: ${e}`;
  }
  return null;
}

function runCases(filter: (c: Case) => boolean): void {
  const bad: string[] = [];
  let n = 0;
  for (const c of FIXTURE.cases.filter(filter)) {
    n++;
    let e: string | null;
    try {
      e = check(c);
    } catch (err) {
      e = `threw ${err}`;
    }
    if (e) {
      bad.push(
        `${c.f}(${JSON.stringify(c.args).slice(0, 80)}, ${JSON.stringify(c.opts ?? {})}): ${e}`,
      );
    }
  }
  assertEquals(bad.slice(0, 20), []);
  if (n === 0) throw new Error("no cases");
}

Deno.test("np products match NumPy (ints and kron/cross/outer bit-exact, floats within tol)", () => {
  runCases((c) => PRODUCTS.has(c.f));
});

Deno.test(
  "np.linalg matches NumPy on the system LAPACK",
  { ignore: systemLapack() === null },
  () => {
    runCases((c) => !PRODUCTS.has(c.f));
  },
);

Deno.test("np.linalg matches NumPy on the TypeScript routines", () => {
  setLapack(false);
  try {
    assertEquals(np.linalg.lapackInfo().lapack, "typescript");
    runCases((c) => !PRODUCTS.has(c.f));
  } finally {
    setLapack(true);
  }
});

Deno.test("np.linalg.lapackInfo says which routines run", () => {
  const info = np.linalg.lapackInfo();
  if (info.lapack === "lapack") assertEquals(typeof info.library, "string");
  else assertEquals(typeof info.reason, "string");
  setLapack(false);
  try {
    assertEquals(np.linalg.lapackInfo(), {
      lapack: "typescript",
      reason: "switched off by setLapack(false)",
    });
  } finally {
    setLapack(true);
  }
});

Deno.test("np products and np.linalg take tensors, nested arrays, typed arrays and views", () => {
  const t = tf.constant([[2, 1], [1, 3]], "float32");
  assertEquals(np.linalg.inv(t).dtype, "float32");
  assertEquals(np.linalg.norm(new Float32Array([3, 4])).tolist(), 5);
  assertEquals(np.matmul(t, [[1], [1]]).tolist(), [[3], [4]]);
  // A transposed (strided) input gives the result of its copy.
  const a = np.array([[4, 1, 0], [2, 5, 1], [0, 1, 3]]);
  for (const f of [np.linalg.inv, np.linalg.det, np.linalg.pinv, np.linalg.cholesky]) {
    const sym = np.matmul(a, a.T);
    assertEquals(f(sym.T).tolist(), f(sym.T.copy()).tolist());
  }
  assertEquals(
    np.linalg.solve(a.T, [1, 2, 3]).tolist(),
    np.linalg.solve(a.T.copy(), [1, 2, 3]).tolist(),
  );
  assertEquals(np.einsum("ij->", a.T).tolist(), 17);
});

Deno.test("np.linalg on larger matrices: the TypeScript routines agree with LAPACK", () => {
  const n = 40;
  const data = new Float64Array(n * n);
  for (let i = 0; i < data.length; i++) data[i] = Math.sin(i * 0.7) + (i % (n + 1) === 0 ? n : 0);
  const a = new np.NDArray(data, [n, n], "float64");
  const fns: [string, (x: np.NDArray) => np.NDArray][] = [
    ["inv", (x) => np.linalg.inv(x)],
    ["det", (x) => np.linalg.det(x)],
    ["eigvalsh", (x) => np.linalg.eigvalsh(np.add(x, x.T))],
    ["svdvals", (x) => np.linalg.svdvals(x)],
    ["cholesky", () => np.linalg.cholesky(np.add(np.matmul(a, a.T), np.eye(n)))],
    ["lstsq", (x) => np.linalg.lstsq(x, np.ones([n])).x],
    ["qr.R", (x) => np.linalg.qr(x, { mode: "r" })],
  ];
  for (const [name, f] of fns) {
    const fast = f(a);
    setLapack(false);
    let slow: np.NDArray;
    try {
      slow = f(a);
    } finally {
      setLapack(true);
    }
    const e = close(slow, fast, 1e-9);
    if (e) throw new Error(`${name}: ${e}`);
  }
});

Deno.test("np.linalg errors name the op and follow NumPy's LinAlgError messages", () => {
  const E = tf.InvalidArgumentError;
  assertThrows(() => np.linalg.inv([[1, 2], [2, 4]]), E, "np.linalg.inv: singular matrix");
  assertThrows(
    () => np.linalg.inv([[1, 2, 3]]),
    E,
    "last 2 dimensions of the array must be square",
  );
  assertThrows(() => np.linalg.inv([1, 2]), E, "1-dimensional array given");
  assertThrows(() => np.linalg.cholesky([[1, 2], [2, 1]]), E, "not positive definite");
  assertThrows(() => np.linalg.svd([[NaN, 1], [1, 1]]), E, "SVD did not converge");
  assertThrows(() => np.linalg.det(np.ones([2, 2], "float16")), E, "float16 is unsupported");
  assertThrows(
    () => np.linalg.matrix_power([[1, 0], [0, 1]], 1.5),
    E,
    "exponent must be an integer",
  );
  assertThrows(() => np.linalg.qr([[1]], { mode: "full" as "r" }), E, 'unrecognized mode "full"');
  assertThrows(() => np.linalg.eigh([[1]], { UPLO: "X" as "L" }), E, "UPLO argument must be");
  assertThrows(() => np.einsum("ij,jk", [[1]]), E, "np.einsum: fewer operands");
  assertThrows(() => np.tensordot([1, 2], [1, 2, 3], 1), E, "np.tensordot: shape-mismatch");
});

Deno.test("np.linalg.svd on the TypeScript routines: complete bases for tall, wide, deficient", () => {
  setLapack(false);
  try {
    const tall = np.outer(np.arange(1, 13, 1, "float64"), [1, -2, 0.5]); // rank 1, 12 x 3
    for (
      const a of [
        tall,
        tall.T,
        np.zeros([5, 3]),
        np.reshape(np.arange(0, 35, 1, "float64"), [7, 5]),
      ]
    ) {
      const { U, S, Vh } = np.linalg.svd(a);
      const [m, n] = a.shape;
      const k = Math.min(m, n);
      const u = mats(U)[0], v = mats(Vh)[0], s = floats(S);
      const err = near(mul(tr(u), u), eye(m), 1e-12, "U^T U") ??
        near(mul(v, tr(v)), eye(n), 1e-12, "Vh Vh^T") ??
        near(
          mul(u.map((r) => r.slice(0, k).map((x, j) => x * s[j])), v.slice(0, k)),
          mats(a)[0],
          1e-12,
          "U S Vh",
        );
      if (err) throw new Error(`${a.shape}: ${err}`);
    }
  } finally {
    setLapack(true);
  }
});
