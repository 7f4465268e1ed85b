/**
 * The symbol table of the native CPU library: `libdenotensor_cpu.so` and its instruction-set
 * variants `libdenotensor_cpu_v3.so` (AVX2) and `libdenotensor_cpu_v4.so` (AVX-512), built by
 * `build.ts` from the same kernels/ sources as the CUDA libraries with `-DDT_CPU=1`
 * (kernels/dt_api.h). Its kernel functions are those of `ffi/kernels.ts` on host memory
 * (`hostSymbols`: typed arrays go to C as they are); the stream is always null.
 *
 * @module
 */
import { hostSymbols, SHARED_SYMBOLS } from "./kernels.ts";

/** The functions that exist once: the CPU library's own and the shared kernels on host memory. */
export const CPU_SYMBOLS = {
  /** int32_t dt_cpu_info(int32_t* out): built ISA level, CPU's level, threads, threshold */
  dt_cpu_info: { parameters: ["buffer"], result: "i32" },
  /** int32_t dt_cpu_set_threads(int32_t n) */
  dt_cpu_set_threads: { parameters: ["i32"], result: "i32" },
  /** int32_t dt_cpu_set_parallel_min(double work) */
  dt_cpu_set_parallel_min: { parameters: ["f64"], result: "i32" },
  /** int32_t dt_np_sum_rows(dtype, double rows, double n, x, double x_extent, out, out_extent) */
  dt_np_sum_rows: {
    parameters: ["i32", "f64", "f64", "buffer", "f64", "buffer", "f64"],
    result: "i32",
  },
  /** int32_t dt_np_sum_cols(dtype, double rows, double n, x, double x_extent, out, out_extent) */
  dt_np_sum_cols: {
    parameters: ["i32", "f64", "f64", "buffer", "f64", "buffer", "f64"],
    result: "i32",
  },
  /** int32_t dt_np_extremum_rows(dtype, max, double rows, double n, x, x_extent, out, out_extent) */
  dt_np_extremum_rows: {
    parameters: ["i32", "i32", "f64", "f64", "buffer", "f64", "buffer", "f64"],
    result: "i32",
  },
  /** int32_t dt_np_argextremum_rows(dtype, max, double rows, double n, x, x_extent, int64_t* out, out_extent) */
  dt_np_argextremum_rows: {
    parameters: ["i32", "i32", "f64", "f64", "buffer", "f64", "buffer", "f64"],
    result: "i32",
  },
  /** int32_t dt_np_sort_rows(dtype, double rows, double n, x, double x_extent, out, out_extent) */
  dt_np_sort_rows: {
    parameters: ["i32", "f64", "f64", "buffer", "f64", "buffer", "f64"],
    result: "i32",
  },
  ...hostSymbols(SHARED_SYMBOLS),
} satisfies Deno.ForeignLibraryInterface;
