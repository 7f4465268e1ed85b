/**
 * CPU matmul through a system BLAS: `cblas_sgemm` / `cblas_dgemm` of OpenBLAS
 * (`libopenblas.so.0`) or any `libblas.so.3` with the CBLAS interface, opened with `Deno.dlopen`
 * on first use when FFI is granted. `DENOTENSOR_BLAS` names the library file, or `none` to keep
 * the TypeScript kernel; `DENOTENSOR_BLAS_MIN` is the size (multiply-adds per matrix, default
 * 4096) from which BLAS is called: below it the TypeScript loop is faster than the call. Each operand is described to BLAS by its strides (a transposed view is
 * a flag, not a copy); a batch is one call per matrix.
 *
 * BLAS accumulates float32 products in float32 (the TypeScript kernel in float64), so results
 * differ from the TypeScript kernel's in the last bits, as NumPy's and TensorFlow's do.
 *
 * @module
 */
import type { View } from "../backend.ts";
import type { TypedArray } from "../../dtype.ts";
import { NativeLibraryError } from "../../errors.ts";
import { readEnv } from "../../env.ts";
import { openLibrary } from "../../../ffi/load.ts";
import {
  BLAS_SYMBOLS,
  type BlasLibrary,
  CBLAS_NO_TRANS,
  CBLAS_ROW_MAJOR,
  CBLAS_TRANS,
  OPENBLAS_SYMBOLS,
} from "../../../ffi/blas.ts";

/** The largest dimension or leading dimension BLAS takes (a C int). */
const INT_MAX = 2147483647;

/** How a strided row-major matrix reads as a CBLAS operand: transpose flag and leading dim. */
function operand(
  rows: number,
  cols: number,
  rs: number,
  cs: number,
): { trans: number; ld: number } | null {
  if ((cs === 1 || cols === 1) && (rows === 1 || rs >= Math.max(cols, 1))) {
    return { trans: CBLAS_NO_TRANS, ld: rows === 1 ? Math.max(cols, 1) : rs };
  }
  if ((rs === 1 || rows === 1) && (cols === 1 || cs >= Math.max(rows, 1))) {
    return { trans: CBLAS_TRANS, ld: cols === 1 ? Math.max(rows, 1) : cs };
  }
  return null;
}

/** Whether a strided matrix reads as a CBLAS operand (row-major or transposed, leading dim). */
export function blasReadable(rows: number, cols: number, rs: number, cs: number): boolean {
  return operand(rows, cols, rs, cs) !== null;
}

/** An opened BLAS. */
export class Blas {
  /** The library file. */
  readonly path: string;
  /** OpenBLAS's configuration and core ("OpenBLAS 0.3.21 ... (core Haswell, 2 threads)"). */
  readonly config: string;
  #lib: BlasLibrary;

  /** Wraps an opened library; reads OpenBLAS's configuration when it is OpenBLAS. */
  constructor(lib: BlasLibrary, path: string) {
    this.#lib = lib;
    this.path = path;
    let config = "";
    try {
      const ob = Deno.dlopen(path, OPENBLAS_SYMBOLS);
      const cfg = ob.symbols.openblas_get_config();
      const core = ob.symbols.openblas_get_corename();
      const text = (p: Deno.PointerValue) =>
        p === null ? "?" : new Deno.UnsafePointerView(p).getCString();
      config =
        `${text(cfg).trim()} (core ${text(core)}, ${ob.symbols.openblas_get_num_threads()} ` +
        `threads)`;
      ob.close();
    } catch {
      config = "";
    }
    this.config = config;
  }

  /**
   * `out[p] = a[p] @ b[p]` for float32 or float64 rank-3 views (out contiguous); false when a
   * stride pattern or a size needs the TypeScript kernel.
   */
  matmul(a: View, ad: TypedArray, b: View, bd: TypedArray, out: View, od: TypedArray): boolean {
    const [batch, m, k] = a.shape;
    const n = b.shape[2];
    if (m > INT_MAX || n > INT_MAX || k > INT_MAX) return false;
    const x = operand(m, k, a.strides[1], a.strides[2]);
    const y = operand(k, n, b.strides[1], b.strides[2]);
    if (x === null || y === null || x.ld > INT_MAX || y.ld > INT_MAX) return false;
    if (m === 0 || n === 0) return true;
    if (k === 0) {
      (od as Float64Array).fill(0, out.offset, out.offset + batch * m * n);
      return true;
    }
    const f32 = a.dtype === "float32";
    const gemm = f32 ? this.#lib.symbols.cblas_sgemm : this.#lib.symbols.cblas_dgemm;
    for (let p = 0; p < batch; p++) {
      const ao = a.offset + p * a.strides[0];
      const bo = b.offset + p * b.strides[0];
      const oo = out.offset + p * m * n;
      gemm(
        CBLAS_ROW_MAJOR,
        x.trans,
        y.trans,
        m,
        n,
        k,
        1,
        ao === 0 ? ad : ad.subarray(ao),
        x.ld,
        bo === 0 ? bd : bd.subarray(bo),
        y.ld,
        0,
        oo === 0 ? od : od.subarray(oo),
        n,
      );
    }
    return true;
  }
}

let blas: Blas | null | undefined;
let blasWhy = "";

/**
 * The system BLAS, opened on first use; null when it cannot be used (no FFI permission, none
 * installed, DENOTENSOR_BLAS=none), with the reason kept for `blasReason()`.
 */
export function systemBlas(): Blas | null {
  if (blas !== undefined) return blas;
  blas = null;
  try {
    if (Deno.permissions.querySync({ name: "ffi" }).state !== "granted") {
      blasWhy = "no FFI permission (run with --allow-ffi --allow-read --allow-env)";
      return null;
    }
  } catch {
    blasWhy = "no FFI permission";
    return null;
  }
  const env = (readEnv("DENOTENSOR_BLAS") ?? "").trim();
  if (env.toLowerCase() === "none" || env === "0" || env.toLowerCase() === "off") {
    blasWhy = "DENOTENSOR_BLAS=none selects the TypeScript matmul";
    return null;
  }
  try {
    const { lib, path } = openLibrary({
      what: "a BLAS library with the CBLAS interface",
      files: ["libopenblas.so.0", "libopenblas.so", "libblas.so.3", "libblas.so"],
      env: "DENOTENSOR_BLAS",
      hint: "install OpenBLAS (Debian/Ubuntu: apt-get install libopenblas0-pthread) or set " +
        "DENOTENSOR_BLAS to a CBLAS library's path",
    }, BLAS_SYMBOLS);
    blas = new Blas(lib, path);
  } catch (e) {
    blasWhy = e instanceof NativeLibraryError || e instanceof Error ? e.message : String(e);
  }
  return blas;
}

let parked: Blas | null | undefined;

/** Switches BLAS off (`false`) or back on (`true`) for this process (tests, benchmarks). */
export function setBlas(enabled: boolean): void {
  if (!enabled && blas !== null) {
    parked = blas;
    blas = null;
    blasWhy = "switched off by setBlas(false)";
  } else if (enabled && blas === null && blasWhy.includes("setBlas")) {
    blas = parked;
    parked = undefined;
  }
}

/** Float matmuls of fewer multiply-adds (m * n * k per matrix) stay in TypeScript. */
let blasMin = -1;
const BLAS_MIN_DEFAULT = 4096;

/** The multiply-adds per matrix from which float matmul calls BLAS (DENOTENSOR_BLAS_MIN). */
export function blasMinWork(): number {
  if (blasMin < 0) {
    const v = Number(readEnv("DENOTENSOR_BLAS_MIN") ?? "");
    blasMin = readEnv("DENOTENSOR_BLAS_MIN") !== undefined && Number.isInteger(v) && v >= 0
      ? v
      : BLAS_MIN_DEFAULT;
  }
  return blasMin;
}

/** Why matmul runs in TypeScript ("" when BLAS is in use). */
export function blasReason(): string {
  return blas ? "" : blasWhy;
}

/**
 * The file of the system BLAS that float matmul calls (opened on first use), or null when it
 * runs in TypeScript; `src/backends/cpu/lapack.ts` opens the same file for LAPACK.
 */
export function blasPath(): string | null {
  return systemBlas()?.path ?? null;
}
