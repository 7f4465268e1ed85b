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
import { DTYPE_SUFFIXES, type Suffix } from "./kernels.ts";

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

/** The kernel families on host memory; each exists once per dtype suffix. */
export const CPU_FAMILY_SYMBOLS = {
  /** int32_t dt_unary_<s>(int32_t op, int32_t n, const int32_t* layout, x, out, stream) */
  dt_unary: {
    parameters: ["i32", "i32", "buffer", "buffer", "buffer", "pointer"],
    result: "i32",
  },
  /** int32_t dt_binary_<s>(op, n, layout, a, b, double scalar, int32_t side, out, stream) */
  dt_binary: {
    parameters: ["i32", "i32", "buffer", "buffer", "buffer", "f64", "i32", "buffer", "pointer"],
    result: "i32",
  },
  /** int32_t dt_where_<s>(int32_t n, const int32_t* layout, cond, a, b, out, stream) */
  dt_where: {
    parameters: ["i32", "buffer", "buffer", "buffer", "buffer", "buffer", "pointer"],
    result: "i32",
  },
  /** int32_t dt_cast_<s>(int32_t to, int32_t n, const int32_t* layout, x, out, stream) */
  dt_cast: { parameters: ["i32", "i32", "buffer", "buffer", "buffer", "pointer"], result: "i32" },
  /** int32_t dt_reduce_<s>(op, outer, inner, const int32_t* rlayout, x, out, stream) */
  dt_reduce: {
    parameters: ["i32", "i32", "i32", "buffer", "buffer", "buffer", "pointer"],
    result: "i32",
  },
  /** int32_t dt_arg_reduce_<s>(op, out_dtype, outer, inner, rlayout, x, out, stream) */
  dt_arg_reduce: {
    parameters: ["i32", "i32", "i32", "i32", "buffer", "buffer", "buffer", "pointer"],
    result: "i32",
  },
  /** int32_t dt_cumsum_<s>(outer, inner, rlayout, exclusive, reverse, x, out, stream) */
  dt_cumsum: {
    parameters: ["i32", "i32", "buffer", "i32", "i32", "buffer", "buffer", "pointer"],
    result: "i32",
  },
  /** int32_t dt_scatter_add_<s>(outer, n, inner, m, idx_dtype, updates, idx, out, stream) */
  dt_scatter_add: {
    parameters: ["i32", "i32", "i32", "i32", "i32", "buffer", "buffer", "buffer", "pointer"],
    result: "i32",
  },
} as const satisfies Deno.ForeignLibraryInterface;

type Family = typeof CPU_FAMILY_SYMBOLS;
type PerDtype = { [K in keyof Family as `${K}_${Suffix}`]: Family[K] };

/** Every family × dtype symbol: `dt_unary_b8` ... `dt_scatter_add_f64`. */
export const CPU_DTYPE_SYMBOLS: PerDtype = Object.fromEntries(
  Object.entries(CPU_FAMILY_SYMBOLS).flatMap(([name, def]) =>
    DTYPE_SUFFIXES.map((s) => [`${name}_${s}`, def])
  ),
) as PerDtype;

/** The whole symbol table of the native CPU library. */
export const CPU_KERNEL_SYMBOLS = {
  ...CPU_SYMBOLS,
  ...CPU_DTYPE_SYMBOLS,
} satisfies Deno.ForeignLibraryInterface;

/** The opened native CPU library. */
export type CpuKernelLibrary = Deno.DynamicLibrary<typeof CPU_KERNEL_SYMBOLS>;
