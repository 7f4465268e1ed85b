/**
 * The symbol tables of our native libraries, as declared in kernels/dt_api.h, in two flavours:
 * device (libdenotensor_cuda.so and the emulation library libdenotensor_cuda_emu.so: data
 * travels as `"pointer"`) and host (`hostSymbols`: every data pointer but the stream becomes
 * `"buffer"`, so typed arrays go to C as they are, for libdenotensor_cpu*.so and for tests that
 * run the emulation library on host memory). Hot signatures use only i32/f64/pointer/buffer, so
 * Deno keeps its fast call path; sizes are f64 and layouts Float64Array (64-bit sizes, exact
 * below 2^53).
 *
 * @module
 */

/** The dtype suffixes of the per-dtype kernel functions (DTYPE_INFO's `suffix`). */
export type Suffix = "b8" | "u8" | "i32" | "i64" | "f32" | "f64";

/** The runtime functions of the CUDA kernel library and the emulation library. */
export const RUNTIME_SYMBOLS = {
  /** int32_t dt_runtime_version(int32_t* out) */
  dt_runtime_version: { parameters: ["buffer"], result: "i32" },
  /** int32_t dt_driver_version(int32_t* out) */
  dt_driver_version: { parameters: ["buffer"], result: "i32" },
  /** int32_t dt_kernel_archs(int32_t* out, int32_t cap, int32_t* count) */
  dt_kernel_archs: { parameters: ["buffer", "i32", "buffer"], result: "i32" },
  /** int32_t dt_is_emulation(int32_t* out) */
  dt_is_emulation: { parameters: ["buffer"], result: "i32" },
  /** int32_t dt_device_count(int32_t* out) */
  dt_device_count: { parameters: ["buffer"], result: "i32" },
  /** int32_t dt_set_device(int32_t device) */
  dt_set_device: { parameters: ["i32"], result: "i32" },
  /** int32_t dt_device_name(int32_t device, char* buf, int32_t len) */
  dt_device_name: { parameters: ["i32", "buffer", "i32"], result: "i32" },
  /** int32_t dt_device_props(int32_t device, int32_t* out) */
  dt_device_props: { parameters: ["i32", "buffer"], result: "i32" },
  /** int32_t dt_mem_info(double* out) */
  dt_mem_info: { parameters: ["buffer"], result: "i32" },
  /** int32_t dt_malloc(void** out, double bytes) */
  dt_malloc: { parameters: ["buffer", "f64"], result: "i32" },
  /** int32_t dt_free(void* ptr) */
  dt_free: { parameters: ["pointer"], result: "i32" },
  /** int32_t dt_memcpy_htod(void* dst, const void* src, double bytes, void* stream) */
  dt_memcpy_htod: { parameters: ["pointer", "buffer", "f64", "pointer"], result: "i32" },
  /** int32_t dt_memcpy_dtoh(void* dst, const void* src, double bytes, void* stream) */
  dt_memcpy_dtoh: { parameters: ["buffer", "pointer", "f64", "pointer"], result: "i32" },
  /** int32_t dt_download(void* dst, const void* src, double bytes, void* stream, double* flag) */
  dt_download: {
    parameters: ["buffer", "pointer", "f64", "pointer", "buffer"],
    result: "i32",
  },
  /** The same function on a worker thread: the promise settles when the copy is done. */
  dt_download_nonblocking: {
    name: "dt_download",
    parameters: ["buffer", "pointer", "f64", "pointer", "buffer"],
    result: "i32",
    nonblocking: true,
  },
  /** int32_t dt_memcpy_dtod(void* dst, const void* src, double bytes, void* stream) */
  dt_memcpy_dtod: { parameters: ["pointer", "pointer", "f64", "pointer"], result: "i32" },
  /** int32_t dt_stream_create(void** out) */
  dt_stream_create: { parameters: ["buffer"], result: "i32" },
  /** int32_t dt_stream_destroy(void* stream) */
  dt_stream_destroy: { parameters: ["pointer"], result: "i32" },
  /** int32_t dt_stream_sync(void* stream) */
  dt_stream_sync: { parameters: ["pointer"], result: "i32" },
  /** int32_t dt_check_flag(void* stream, double* out) */
  dt_check_flag: { parameters: ["pointer", "buffer"], result: "i32" },
} as const satisfies Deno.ForeignLibraryInterface;

/** The functions every library exports once (the CPU library too). */
export const SHARED_SYMBOLS = {
  /** const char* dt_error_string(int32_t code) */
  dt_error_string: { parameters: ["i32"], result: "pointer" },
  /** int32_t dt_supports(int32_t family, int32_t op, int32_t dtype, int32_t* out) */
  dt_supports: { parameters: ["i32", "i32", "i32", "buffer"], result: "i32" },
  /** int32_t dt_copy(int32_t itemsize, double n, const double* layout, x, out, stream) */
  dt_copy: {
    parameters: ["i32", "f64", "buffer", "pointer", "pointer", "pointer"],
    result: "i32",
  },
  /** int32_t dt_gather(itemsize, idx_dtype, const double* dims, src, idx, out, stream) */
  dt_gather: {
    parameters: ["i32", "i32", "buffer", "pointer", "pointer", "pointer", "pointer"],
    result: "i32",
  },
  /**
   * int32_t dt_random(op, dtype, double n, key0, key1, call, double a, double b, double extent,
   *   out, stream)
   */
  dt_random: {
    parameters: [
      "i32",
      "i32",
      "f64",
      "i32",
      "i32",
      "i32",
      "f64",
      "f64",
      "f64",
      "pointer",
      "pointer",
    ],
    result: "i32",
  },
} as const satisfies Deno.ForeignLibraryInterface;

/** The kernel families; each exists once per dtype suffix: `dt_unary_f32`, ... */
export const FAMILY_SYMBOLS = {
  /** int32_t dt_unary_<s>(int32_t op, double n, const double* layout, x, out, stream) */
  dt_unary: {
    parameters: ["i32", "f64", "buffer", "pointer", "pointer", "pointer"],
    result: "i32",
  },
  /** int32_t dt_binary_<s>(op, double n, layout, a, b, double scalar, int32_t side, out, stream) */
  dt_binary: {
    parameters: ["i32", "f64", "buffer", "pointer", "pointer", "f64", "i32", "pointer", "pointer"],
    result: "i32",
  },
  /** int32_t dt_where_<s>(double n, const double* layout, cond, a, b, out, stream) */
  dt_where: {
    parameters: ["f64", "buffer", "pointer", "pointer", "pointer", "pointer", "pointer"],
    result: "i32",
  },
  /** int32_t dt_cast_<s>(int32_t to, double n, const double* layout, x, out, stream) */
  dt_cast: { parameters: ["i32", "f64", "buffer", "pointer", "pointer", "pointer"], result: "i32" },
  /** int32_t dt_fill_<s>(double n, const double* layout, double value, out, stream) */
  dt_fill: { parameters: ["f64", "buffer", "f64", "pointer", "pointer"], result: "i32" },
  /** int32_t dt_range_<s>(double n, double start, double delta, double extent, out, stream) */
  dt_range: { parameters: ["f64", "f64", "f64", "f64", "pointer", "pointer"], result: "i32" },
  /** int32_t dt_reduce_<s>(op, double outer, double inner, const double* rlayout, x, out, stream) */
  dt_reduce: {
    parameters: ["i32", "f64", "f64", "buffer", "pointer", "pointer", "pointer"],
    result: "i32",
  },
  /** int32_t dt_arg_reduce_<s>(op, out_dtype, double outer, double inner, rlayout, x, out, s) */
  dt_arg_reduce: {
    parameters: ["i32", "i32", "f64", "f64", "buffer", "pointer", "pointer", "pointer"],
    result: "i32",
  },
  /** int32_t dt_cumsum_<s>(double outer, double inner, rlayout, exclusive, reverse, x, out, s) */
  dt_cumsum: {
    parameters: ["f64", "f64", "buffer", "i32", "i32", "pointer", "pointer", "pointer"],
    result: "i32",
  },
  /** int32_t dt_scatter_add_<s>(int32_t idx_dtype, const double* dims, src, idx, out, stream) */
  dt_scatter_add: {
    parameters: ["i32", "buffer", "pointer", "pointer", "pointer", "pointer"],
    result: "i32",
  },
  /** int32_t dt_matmul_<s>(const double* mlayout, a, b, out, stream) */
  dt_matmul: { parameters: ["buffer", "pointer", "pointer", "pointer", "pointer"], result: "i32" },
  /** int32_t dt_im2col_<s>(const double* geom, const void* x, void* out, void* stream) */
  dt_im2col: { parameters: ["buffer", "pointer", "pointer", "pointer"], result: "i32" },
  /** int32_t dt_col2im_<s>(const double* geom, const void* cols, void* out, void* stream) */
  dt_col2im: { parameters: ["buffer", "pointer", "pointer", "pointer"], result: "i32" },
} as const satisfies Deno.ForeignLibraryInterface;

/** The dtype suffixes with kernel functions. */
export const SUFFIXES: readonly Suffix[] = ["b8", "u8", "i32", "i64", "f32", "f64"];

type Family = typeof FAMILY_SYMBOLS;
type PerDtype = { [K in keyof Family as `${K}_${Suffix}`]: Family[K] };

/** The family functions of one dtype suffix: `dt_unary_<s>` ... `dt_col2im_<s>`. */
export function familySymbols(
  suffix: Suffix,
  defs: Record<string, Deno.ForeignFunction> = FAMILY_SYMBOLS,
): Record<string, Deno.ForeignFunction> {
  return Object.fromEntries(Object.entries(defs).map(([name, def]) => [`${name}_${suffix}`, def]));
}

/** Every family × dtype symbol: `dt_unary_b8` ... `dt_col2im_f64`. */
export const DTYPE_SYMBOLS: PerDtype = Object.fromEntries(
  SUFFIXES.flatMap((s) => Object.entries(familySymbols(s))),
) as PerDtype;

/** The whole symbol table of the CUDA kernel library (and of the emulation library). */
export const KERNEL_SYMBOLS = {
  ...RUNTIME_SYMBOLS,
  ...SHARED_SYMBOLS,
  ...DTYPE_SYMBOLS,
} satisfies Deno.ForeignLibraryInterface;

/** The opened kernel library. */
export type KernelLibrary = Deno.DynamicLibrary<typeof KERNEL_SYMBOLS>;

/**
 * A function of the device tables with its data pointers taken as typed arrays: every
 * "pointer" parameter but the last (the stream, always null on the host) becomes "buffer".
 */
export function onHost(def: Deno.ForeignFunction): Deno.ForeignFunction {
  const p = def.parameters;
  return {
    parameters: p.map((t, i) => (t === "pointer" && i < p.length - 1 ? "buffer" : t)),
    result: def.result,
  };
}

/** A symbol table with every function converted by `onHost`. */
export function hostSymbols<T extends Record<string, Deno.ForeignFunction>>(
  table: T,
): Record<keyof T, Deno.ForeignFunction> {
  return Object.fromEntries(Object.entries(table).map(([k, v]) => [k, onHost(v)])) as Record<
    keyof T,
    Deno.ForeignFunction
  >;
}
