/**
 * The symbol table of our kernel library (libdenotensor_cuda.so, and libdenotensor_cuda_emu.so
 * with the same interface), as declared in kernels/dt_api.h. Hot signatures use only
 * i32/f64/pointer/buffer so Deno keeps its fast call path.
 *
 * @module
 */

import type { DType } from "../src/dtype.ts";
import type { ConvGeometry } from "../src/backends/backend.ts";

/** The dtype suffixes of the per-dtype kernel functions, in DTYPES code order (no float16). */
export const DTYPE_SUFFIXES = ["b8", "u8", "i32", "i64", "f32", "f64"] as const;
/** A dtype suffix. */
export type Suffix = typeof DTYPE_SUFFIXES[number];

/** The suffix of each dtype that has kernels (float16 has none: it runs on the CPU). */
export const DTYPE_SUFFIX: Partial<Record<DType, Suffix>> = {
  bool: "b8",
  uint8: "u8",
  int32: "i32",
  int64: "i64",
  float32: "f32",
  float64: "f64",
};

/**
 * Writes the geometry array of `dt_im2col_<s>` / `dt_col2im_<s>` (dt_api.h's DT_CONV_*: n, h, w,
 * c, kh, kw, sh, sw, dh, dw, top, left, oh, ow) for the NHWC `image` shape into `out`.
 */
export function convGeometry(
  out: Int32Array,
  image: readonly number[],
  g: ConvGeometry,
): Int32Array {
  out[0] = image[0];
  out[1] = g.h;
  out[2] = g.w;
  out[3] = image[3];
  out[4] = g.kh;
  out[5] = g.kw;
  out[6] = g.sh;
  out[7] = g.sw;
  out[8] = g.dh;
  out[9] = g.dw;
  out[10] = g.top;
  out[11] = g.left;
  out[12] = g.oh;
  out[13] = g.ow;
  return out;
}

/** The length of the geometry array (DT_CONV_SIZE). */
export const CONV_GEOMETRY_SIZE = 14;

/** The runtime functions. */
export const RUNTIME_SYMBOLS = {
  /** int32_t dt_runtime_version(int32_t* out) */
  dt_runtime_version: { parameters: ["buffer"], result: "i32" },
  /** int32_t dt_driver_version(int32_t* out) */
  dt_driver_version: { parameters: ["buffer"], result: "i32" },
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
  /** The same function on a worker thread: the promise settles when the copy is done. */
  dt_memcpy_dtoh_nonblocking: {
    name: "dt_memcpy_dtoh",
    parameters: ["buffer", "pointer", "f64", "pointer"],
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
  /** int32_t dt_last_error(void) */
  dt_last_error: { parameters: [], result: "i32" },
  /** const char* dt_error_string(int32_t code) */
  dt_error_string: { parameters: ["i32"], result: "pointer" },
  /** int32_t dt_check_flag(void* stream, int32_t* out) */
  dt_check_flag: { parameters: ["pointer", "buffer"], result: "i32" },
  /** int32_t dt_copy(int32_t itemsize, int32_t n, const int32_t* layout, x, out, stream) */
  dt_copy: {
    parameters: ["i32", "i32", "buffer", "pointer", "pointer", "pointer"],
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
      "pointer",
      "pointer",
      "pointer",
      "pointer",
    ],
    result: "i32",
  },
  /** int32_t dt_random(op, dtype, n, key0, key1, call, double a, double b, out, stream) */
  dt_random: {
    parameters: ["i32", "i32", "i32", "i32", "i32", "i32", "f64", "f64", "pointer", "pointer"],
    result: "i32",
  },
  /** int32_t dt_supports(int32_t family, int32_t op, int32_t dtype, int32_t* out) */
  dt_supports: { parameters: ["i32", "i32", "i32", "buffer"], result: "i32" },
} as const satisfies Deno.ForeignLibraryInterface;

/** The kernel families; each exists once per dtype suffix: `dt_unary_f32`, ... */
export const FAMILY_SYMBOLS = {
  /** int32_t dt_unary_<s>(int32_t op, int32_t n, const int32_t* layout, x, out, stream) */
  dt_unary: {
    parameters: ["i32", "i32", "buffer", "pointer", "pointer", "pointer"],
    result: "i32",
  },
  /** int32_t dt_binary_<s>(op, n, layout, a, b, double scalar, int32_t side, out, stream) */
  dt_binary: {
    parameters: ["i32", "i32", "buffer", "pointer", "pointer", "f64", "i32", "pointer", "pointer"],
    result: "i32",
  },
  /** int32_t dt_where_<s>(int32_t n, const int32_t* layout, cond, a, b, out, stream) */
  dt_where: {
    parameters: ["i32", "buffer", "pointer", "pointer", "pointer", "pointer", "pointer"],
    result: "i32",
  },
  /** int32_t dt_cast_<s>(int32_t to, int32_t n, const int32_t* layout, x, out, stream) */
  dt_cast: { parameters: ["i32", "i32", "buffer", "pointer", "pointer", "pointer"], result: "i32" },
  /** int32_t dt_fill_<s>(int32_t n, const int32_t* layout, double value, out, stream) */
  dt_fill: { parameters: ["i32", "buffer", "f64", "pointer", "pointer"], result: "i32" },
  /** int32_t dt_range_<s>(int32_t n, double start, double delta, out, stream) */
  dt_range: { parameters: ["i32", "f64", "f64", "pointer", "pointer"], result: "i32" },
  /** int32_t dt_reduce_<s>(op, outer, inner, const int32_t* rlayout, x, out, stream) */
  dt_reduce: {
    parameters: ["i32", "i32", "i32", "buffer", "pointer", "pointer", "pointer"],
    result: "i32",
  },
  /** int32_t dt_arg_reduce_<s>(op, out_dtype, outer, inner, rlayout, x, out, stream) */
  dt_arg_reduce: {
    parameters: ["i32", "i32", "i32", "i32", "buffer", "pointer", "pointer", "pointer"],
    result: "i32",
  },
  /** int32_t dt_cumsum_<s>(outer, inner, rlayout, exclusive, reverse, x, out, stream) */
  dt_cumsum: {
    parameters: ["i32", "i32", "buffer", "i32", "i32", "pointer", "pointer", "pointer"],
    result: "i32",
  },
  /** int32_t dt_scatter_add_<s>(outer, n, inner, m, idx_dtype, updates, idx, out, stream) */
  dt_scatter_add: {
    parameters: ["i32", "i32", "i32", "i32", "i32", "pointer", "pointer", "pointer", "pointer"],
    result: "i32",
  },
  /** int32_t dt_matmul_<s>(batch, m, n, k, const int32_t* mlayout, a, b, out, stream) */
  dt_matmul: {
    parameters: ["i32", "i32", "i32", "i32", "buffer", "pointer", "pointer", "pointer", "pointer"],
    result: "i32",
  },
  /** int32_t dt_im2col_<s>(const int32_t* geom, const void* x, void* out, void* stream) */
  dt_im2col: { parameters: ["buffer", "pointer", "pointer", "pointer"], result: "i32" },
  /** int32_t dt_col2im_<s>(const int32_t* geom, const void* cols, void* out, void* stream) */
  dt_col2im: { parameters: ["buffer", "pointer", "pointer", "pointer"], result: "i32" },
} as const satisfies Deno.ForeignLibraryInterface;

type Family = typeof FAMILY_SYMBOLS;
type PerDtype = { [K in keyof Family as `${K}_${Suffix}`]: Family[K] };

/** Every family × dtype symbol: `dt_unary_b8` ... `dt_col2im_f64`. */
export const DTYPE_SYMBOLS: PerDtype = Object.fromEntries(
  Object.entries(FAMILY_SYMBOLS).flatMap(([name, def]) =>
    DTYPE_SUFFIXES.map((s) => [`${name}_${s}`, def])
  ),
) as PerDtype;

/** The whole symbol table of the kernel library. */
export const KERNEL_SYMBOLS = {
  ...RUNTIME_SYMBOLS,
  ...DTYPE_SYMBOLS,
} satisfies Deno.ForeignLibraryInterface;

/** The opened kernel library. */
export type KernelLibrary = Deno.DynamicLibrary<typeof KERNEL_SYMBOLS>;
