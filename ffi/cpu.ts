/**
 * The symbol table of the native CPU library: `libdenotensor_cpu.so` and its instruction-set
 * variants `libdenotensor_cpu_v3.so` (AVX2) and `libdenotensor_cpu_v4.so` (AVX-512), built by
 * `build.ts` from the same kernels/ sources as the CUDA libraries with `-DDT_CPU=1`
 * (kernels/dt_api.h). The kernel functions are those of the CUDA kernel library
 * (`ffi/kernels.ts`) working on host memory, so every data pointer is declared `"buffer"`: typed
 * arrays go to C as they are (Deno's fast call path, no pointer objects); element offsets travel
 * in the layouts, or as subarrays where a function has no layout. The stream is always null.
 *
 * @module
 */
import { FAMILY_SYMBOLS } from "./kernels.ts";

/** The functions that exist once. */
export const CPU_SYMBOLS = {
  /** int32_t dt_cpu_info(int32_t* out): built ISA level, CPU's level, threads, threshold */
  dt_cpu_info: { parameters: ["buffer"], result: "i32" },
  /** int32_t dt_cpu_set_threads(int32_t n) */
  dt_cpu_set_threads: { parameters: ["i32"], result: "i32" },
  /** int32_t dt_cpu_set_parallel_min(int32_t work) */
  dt_cpu_set_parallel_min: { parameters: ["i32"], result: "i32" },
  /** const char* dt_error_string(int32_t code) */
  dt_error_string: { parameters: ["i32"], result: "pointer" },
  /** int32_t dt_supports(int32_t family, int32_t op, int32_t dtype, int32_t* out) */
  dt_supports: { parameters: ["i32", "i32", "i32", "buffer"], result: "i32" },
  /** int32_t dt_copy(int32_t itemsize, int32_t n, const int32_t* layout, x, out, stream) */
  dt_copy: {
    parameters: ["i32", "i32", "buffer", "buffer", "buffer", "pointer"],
    result: "i32",
  },
  /** int32_t dt_gather(itemsize, outer, n, inner, m, idx_dtype, x, idx, out, stream) */
  dt_gather: {
    parameters: [
      "i32",
      "i32",
      "i32",
      "i32",
      "i32",
      "i32",
      "buffer",
      "buffer",
      "buffer",
      "pointer",
    ],
    result: "i32",
  },
  /** int32_t dt_random(op, dtype, n, key0, key1, call, double a, double b, out, stream) */
  dt_random: {
    parameters: ["i32", "i32", "i32", "i32", "i32", "i32", "f64", "f64", "buffer", "pointer"],
    result: "i32",
  },
} as const satisfies Deno.ForeignLibraryInterface;

/**
 * A kernel function of ffi/kernels.ts with its data pointers taken as typed arrays: every
 * "pointer" parameter but the last (the stream, always null) becomes "buffer".
 */
function onHost(def: Deno.ForeignFunction): Deno.ForeignFunction {
  const p = def.parameters;
  return {
    parameters: p.map((t, i) => (t === "pointer" && i < p.length - 1 ? "buffer" : t)),
    result: def.result,
  };
}

/** The families the CPU backend calls natively (fill, range and matmul stay in TypeScript/BLAS). */
const HOST_FAMILIES = [
  "dt_unary",
  "dt_binary",
  "dt_where",
  "dt_cast",
  "dt_reduce",
  "dt_arg_reduce",
  "dt_cumsum",
  "dt_scatter_add",
  "dt_im2col",
  "dt_col2im",
] as const;

/**
 * The kernel families on host memory (derived from ffi/kernels.ts, the one declaration of their
 * C prototypes); each exists once per dtype suffix (`dt_unary_f32`, ...).
 */
export const CPU_FAMILY_SYMBOLS: Record<typeof HOST_FAMILIES[number], Deno.ForeignFunction> = Object
  .fromEntries(HOST_FAMILIES.map((n) => [n, onHost(FAMILY_SYMBOLS[n])])) as Record<
    typeof HOST_FAMILIES[number],
    Deno.ForeignFunction
  >;
