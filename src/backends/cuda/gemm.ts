/**
 * Row-major batched matmul through column-major cuBLAS: C^T = B^T·A^T, each operand described by
 * its strides (a transpose is a flag, not a copy). cuBLAS's sizes and leading dimensions are
 * int32 (its strides int64): shapes beyond them, and stride patterns that need a copy, are left to
 * our own 64-bit matmul kernel.
 *
 * @module
 */
import type { View } from "../backend.ts";
import { CudaError } from "../../errors.ts";
import {
  CUBLAS_DEFAULT_MATH,
  CUBLAS_OP_N,
  CUBLAS_OP_T,
  CUBLAS_TF32_TENSOR_OP_MATH,
  type CublasLibrary,
} from "../../../ffi/cublas.ts";

const INT_MAX = 2 ** 31 - 1;

/** How a strided matrix reads as a column-major cuBLAS operand: op and leading dimension. */
export function operand(
  rows: number,
  cols: number,
  rs: number,
  cs: number,
): { trans: number; ld: number } | null {
  if (rs === 1 && (cols === 1 || cs >= Math.max(rows, 1))) {
    return { trans: CUBLAS_OP_N, ld: cols === 1 ? Math.max(rows, 1) : cs };
  }
  if (cs === 1 && (rows === 1 || rs >= Math.max(cols, 1))) {
    return { trans: CUBLAS_OP_T, ld: rows === 1 ? Math.max(cols, 1) : rs };
  }
  if (cols === 1 && rs >= 1) return { trans: CUBLAS_OP_T, ld: rs };
  return null;
}

const ONE32 = new Float32Array([1]), ZERO32 = new Float32Array([0]);
const ONE64 = new Float64Array([1]), ZERO64 = new Float64Array([0]);

/** A cuBLAS handle bound to one stream: float32/float64 matmul and its math mode. */
export class Gemm {
  #cublas: CublasLibrary;
  #handle: Deno.PointerValue;
  /** Whether float32 matmul may use TF32 tensor cores. */
  tf32 = false;

  /** Creates the handle on `stream` with the default (exact float32) math mode. */
  constructor(cublas: CublasLibrary, stream: Deno.PointerValue) {
    this.#cublas = cublas;
    const h = new BigUint64Array(1);
    check(cublas.symbols.cublasCreate_v2(h), "init");
    this.#handle = Deno.UnsafePointer.create(h[0]);
    check(cublas.symbols.cublasSetStream_v2(this.#handle, stream), "init");
    check(cublas.symbols.cublasSetMathMode(this.#handle, CUBLAS_DEFAULT_MATH), "init");
  }

  /** Uses TF32 tensor cores for float32 matmul, or not. */
  setTf32(enabled: boolean): void {
    const mode = enabled ? CUBLAS_TF32_TENSOR_OP_MATH : CUBLAS_DEFAULT_MATH;
    check(this.#cublas.symbols.cublasSetMathMode(this.#handle, mode), "setTf32Enabled");
    this.tf32 = enabled;
  }

  /** Destroys the handle (the object is unusable afterwards). */
  close(): void {
    if (this.#handle === null) return;
    this.#cublas.symbols.cublasDestroy_v2(this.#handle);
    this.#handle = null;
  }

  /**
   * `out = a @ b` for float32/float64 rank-3 views (batch strides may be 0), given the device
   * addresses of their first elements; false when cuBLAS cannot take these dtypes, shapes or
   * strides.
   */
  run(
    a: View,
    ptrA: Deno.PointerValue,
    b: View,
    ptrB: Deno.PointerValue,
    ptrOut: Deno.PointerValue,
  ): boolean {
    if (a.dtype !== "float32" && a.dtype !== "float64") return false;
    const [batch, m, k] = a.shape;
    const n = b.shape[2];
    const x = operand(n, k, b.strides[2], b.strides[1]); // B^T, n x k
    const y = operand(k, m, a.strides[2], a.strides[1]); // A^T, k x m
    if (x === null || y === null) return false;
    if (Math.max(batch, m, n, k, x.ld, y.ld) > INT_MAX) return false;
    const f32 = a.dtype === "float32";
    const sym = this.#cublas.symbols;
    const run = f32 ? sym.cublasSgemmStridedBatched : sym.cublasDgemmStridedBatched;
    const status = run(
      this.#handle,
      x.trans,
      y.trans,
      n,
      m,
      k,
      f32 ? ONE32 : ONE64,
      ptrB,
      x.ld,
      BigInt(b.strides[0]),
      ptrA,
      y.ld,
      BigInt(a.strides[0]),
      f32 ? ZERO32 : ZERO64,
      ptrOut,
      n,
      BigInt(m * n),
      batch,
    );
    check(status, "matmul");
    return true;
  }
}

function check(status: number, op: string): void {
  if (status !== 0) throw new CudaError(`${op}: cuBLAS error ${status}`, status);
}
