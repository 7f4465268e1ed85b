/**
 * Convolution and pooling over NHWC images (`tf.nn.conv2d`, `tf.nn.maxPool2d`,
 * `tf.nn.avgPool2d`) with TensorFlow's padding rules, built from recorded ops so that they run on
 * every device and their gradients are differentiable again.
 *
 * conv2d is im2col + GEMM: the backend's `im2col` kernel copies the patches into a
 * `[batch * outHeight * outWidth, kh * kw * in]` matrix (zeros in the padding) and `matmul`
 * multiplies it by the filters seen as `[kh * kw * in, out]`. The gradient w.r.t. the input is
 * col2im (the backend's adjoint kernel, a deterministic gather-sum) of `dy @ filtersᵀ`, w.r.t.
 * the filters `patchesᵀ @ dy`. im2col and col2im are recorded as each other's gradient, so every
 * order of derivative works. Average pooling sums the im2col windows; max pooling gathers them
 * with a host-built index table (cached per geometry) that points padding taps at a real pixel.
 *
 * @module
 */
import type { ConvGeometry } from "../backends/backend.ts";
import { currentBackend } from "../device.ts";
import { type DType, floatOf, promoteTypes } from "../dtype.ts";
import {
  castTensor,
  contiguous,
  input,
  output,
  record,
  recording,
  tracked,
  withoutRecording,
} from "../engine.ts";
import { InvalidArgumentError } from "../errors.ts";
import { checkOptions, keysOf } from "../options.ts";
import { formatShape } from "../format.ts";
import { tidy } from "../memory.ts";
import { MAX_SIZE } from "../shape.ts";
import type { Tensor, TensorLike } from "../tensor.ts";
import { add, div, mul } from "./binary.ts";
import { constant, range } from "./creation.ts";
import { gather } from "./indexing.ts";
import { matmul } from "./matmul.ts";
import { reshape } from "./movement.ts";
import { argmax, reduceMax, reduceSum } from "./reduce.ts";

/**
 * How a convolution or pooling pads its input: `"VALID"` (no padding), `"SAME"` (the output has
 * `ceil(size / stride)` positions; the padding is split evenly, the extra row or column at the
 * bottom or right, as TensorFlow does), or explicit `[[top, bottom], [left, right]]` (conv2d
 * only; TensorFlow's `[[0, 0], [top, bottom], [left, right], [0, 0]]` is accepted too).
 */
export type Padding = "SAME" | "VALID" | readonly (readonly number[])[];

/** Options of conv2d. */
export interface Conv2DOptions {
  /** The step between windows: one number, `[sh, sw]` or `[1, sh, sw, 1]` (default 1). */
  strides?: number | readonly number[];
  /** `"SAME"`, `"VALID"` (default) or explicit `[[top, bottom], [left, right]]`. */
  padding?: Padding;
  /** The spacing between filter taps: one number, `[dh, dw]` or `[1, dh, dw, 1]` (default 1). */
  dilations?: number | readonly number[];
  /** The layout: only `"NHWC"` ([batch, height, width, channels], the default). */
  dataFormat?: "NHWC";
}

/** The spatial arithmetic of one convolution or pooling. */
type Geometry = ConvGeometry;

const show = (v: unknown): string => {
  try {
    return JSON.stringify(v) ?? String(v);
  } catch {
    return String(v);
  }
};

/** Reads a spatial pair from one number, `[a]`, `[a, b]` or NHWC's `[1, a, b, 1]`. */
function spatialPair(value: unknown, what: string, op: string): [number, number] {
  const ok = (v: unknown): v is number => typeof v === "number" && Number.isInteger(v) && v > 0;
  if (ok(value)) return [value, value];
  if (Array.isArray(value) && value.every(ok)) {
    if (value.length === 1) return [value[0], value[0]];
    if (value.length === 2) return [value[0], value[1]];
    if (value.length === 4) {
      if (value[0] !== 1 || value[3] !== 1) {
        throw new InvalidArgumentError(
          `${op}: ${what} ${show(value)} step along the batch or channel axis; only the ` +
            `height and width entries of an NHWC ${what} list may differ from 1`,
        );
      }
      return [value[1], value[2]];
    }
  }
  throw new InvalidArgumentError(
    `${op}: ${what} must be a positive integer or a list of 1, 2 or 4 positive integers, got ` +
      show(value),
  );
}

/** The explicit padding `[top, bottom, left, right]`, or the string. */
function readPadding(
  padding: unknown,
  op: string,
  explicit: boolean,
): "SAME" | "VALID" | [number, number, number, number] {
  if (padding === "SAME" || padding === "VALID") return padding;
  const pairOk = (p: unknown): p is [number, number] =>
    Array.isArray(p) && p.length === 2 &&
    p.every((v) => typeof v === "number" && Number.isInteger(v) && v >= 0);
  if (explicit && Array.isArray(padding) && padding.every(pairOk)) {
    if (padding.length === 2) return [padding[0][0], padding[0][1], padding[1][0], padding[1][1]];
    if (padding.length === 4) {
      if (padding[0].some((v) => v !== 0) || padding[3].some((v) => v !== 0)) {
        throw new InvalidArgumentError(
          `${op}: explicit padding ${show(padding)} pads the batch or channel axis; only ` +
            `height and width may be padded`,
        );
      }
      return [padding[1][0], padding[1][1], padding[2][0], padding[2][1]];
    }
  }
  throw new InvalidArgumentError(
    explicit
      ? `${op}: padding must be "SAME", "VALID" or [[top, bottom], [left, right]] of ` +
        `non-negative integers, got ${show(padding)}`
      : `${op}: padding must be "SAME" or "VALID", got ${show(padding)}`,
  );
}

function checkFormat(dataFormat: unknown, op: string): void {
  if (dataFormat !== undefined && dataFormat !== "NHWC") {
    throw new InvalidArgumentError(
      `${op}: dataFormat ${show(dataFormat)} is not supported; only "NHWC" is`,
    );
  }
}

function checkImage(x: Tensor, op: string, what = "input"): void {
  if (x.rank !== 4) {
    throw new InvalidArgumentError(
      `${op}: ${what} must have rank 4 [batch, height, width, channels], got shape ` +
        formatShape(x.shape),
    );
  }
}

/** TensorFlow's output size and padding for one spatial axis. */
function axisGeometry(
  size: number,
  k: number,
  stride: number,
  dilation: number,
  padding: "SAME" | "VALID" | [number, number],
  op: string,
  axis: string,
): [number, number] {
  const eff = (k - 1) * dilation + 1;
  if (padding === "SAME") {
    const out = Math.ceil(size / stride);
    const total = Math.max((out - 1) * stride + eff - size, 0);
    return [out, Math.floor(total / 2)];
  }
  const [lo, hi] = padding === "VALID" ? [0, 0] : padding;
  const padded = size + lo + hi;
  if (eff > padded) {
    throw new InvalidArgumentError(
      `${op}: the ${axis} of the ${op.startsWith("conv") ? "filters" : "window"} (${k}` +
        `${dilation > 1 ? `, dilated to ${eff}` : ""}) is larger than the ${axis} of the ` +
        `padded input (${padded})`,
    );
  }
  return [Math.floor((padded - eff) / stride) + 1, lo];
}

function geometry(
  shape: readonly number[],
  kernel: [number, number],
  strides: [number, number],
  dilations: [number, number],
  padding: "SAME" | "VALID" | [number, number, number, number],
  op: string,
): Geometry {
  const [, h, w] = shape;
  const [kh, kw] = kernel;
  const ph = typeof padding === "string" ? padding : [padding[0], padding[1]] as [number, number];
  const pw = typeof padding === "string" ? padding : [padding[2], padding[3]] as [number, number];
  const [oh, top] = axisGeometry(h, kh, strides[0], dilations[0], ph, op, "height");
  const [ow, left] = axisGeometry(w, kw, strides[1], dilations[1], pw, op, "width");
  return {
    h,
    w,
    kh,
    kw,
    sh: strides[0],
    sw: strides[1],
    dh: dilations[0],
    dw: dilations[1],
    top,
    left,
    oh,
    ow,
  };
}

/** Throws unless the patch matrix of an `[n, h, w, c]` input has at most MAX_SIZE elements. */
function checkPatches(shape: readonly number[], g: Geometry, op: string): void {
  const [n, , , c] = shape;
  const size = n * g.oh * g.ow * g.kh * g.kw * c;
  if (size > MAX_SIZE) {
    throw new InvalidArgumentError(
      `${op}: the patches of input ${formatShape(shape)} ([${n * g.oh * g.ow}, ` +
        `${g.kh * g.kw * c}]) have ${size} elements, more than the limit of ${MAX_SIZE}`,
    );
  }
}

const TABLES = new Map<string, Int32Array>();
const INT32_MAX = 2 ** 31 - 1;
const MAX_TABLES = 64;

/**
 * The max-pooling index table of `g`, built once and cached: for each output position and tap,
 * the input pixel `iy * w + ix` it reads; a tap in the padding points at the window's first tap
 * inside the input, which changes neither a maximum nor TensorFlow's choice of its position.
 */
function table(g: Geometry): Int32Array {
  const key = `${g.h},${g.w},${g.kh},${g.kw},${g.sh},${g.sw},${g.dh},${g.dw},` +
    `${g.top},${g.left},${g.oh},${g.ow}`;
  const hit = TABLES.get(key);
  if (hit !== undefined) {
    // Most recently used last.
    TABLES.delete(key);
    TABLES.set(key, hit);
    return hit;
  }
  const taps = g.kh * g.kw;
  // The table holds int32 pixel indices (the gather that reads it takes int32).
  if (g.oh * g.ow * taps > INT32_MAX || g.h * g.w > INT32_MAX) {
    throw new InvalidArgumentError(
      `maxPool2d: ${g.oh * g.ow * taps} window entries over ${g.h * g.w} pixels per image are ` +
        `more than the int32 index table holds (${INT32_MAX})`,
    );
  }
  const rows = new Int32Array(g.oh * g.ow * taps);
  let i = 0;
  for (let oy = 0; oy < g.oh; oy++) {
    for (let ox = 0; ox < g.ow; ox++) {
      const start = i;
      let first = -1;
      for (let ky = 0; ky < g.kh; ky++) {
        const iy = oy * g.sh - g.top + ky * g.dh;
        for (let kx = 0; kx < g.kw; kx++, i++) {
          const ix = ox * g.sw - g.left + kx * g.dw;
          if (iy >= 0 && iy < g.h && ix >= 0 && ix < g.w) {
            rows[i] = iy * g.w + ix;
            if (first < 0) first = rows[i];
          } else {
            rows[i] = -1;
          }
        }
      }
      // A SAME window always covers a pixel.
      for (let j = start; j < i; j++) if (rows[j] < 0) rows[j] = first;
    }
  }
  TABLES.set(key, rows);
  if (TABLES.size > MAX_TABLES) TABLES.delete(TABLES.keys().next().value as string);
  return rows;
}

/** Whether im2col is the identity (a 1x1 stride-1 unpadded filter): each pixel once, in order. */
function identity(g: Geometry): boolean {
  return g.kh === 1 && g.kw === 1 && g.sh === 1 && g.sw === 1 && g.oh === g.h && g.ow === g.w &&
    g.top === 0 && g.left === 0;
}

/**
 * Internal: the patches of `x` ([n, h, w, c]) as `[n * oh * ow, kh * kw * c]`: row `(b, oy, ox)`
 * holds the taps in (ky, kx, channel) order, zero where they fall in the padding (the backend's
 * im2col kernel). Recorded, with col2im as its gradient.
 */
export function im2col(x: Tensor, g: Geometry): Tensor {
  const [n, , , c] = x.shape;
  const rows = n * g.oh * g.ow;
  if (identity(g)) return reshape(x, [rows, c]);
  const backend = currentBackend();
  const xc = contiguous(x, backend);
  const cols = g.kh * g.kw * c;
  const out = output(backend, x.dtype, [rows, cols], rows * cols);
  if (out.size > 0) backend.im2col(xc, g, out);
  if (xc !== x) xc.dispose();
  if (recording()) record("im2col", [x], out, { geometry: g });
  return out;
}

/**
 * Internal: col2im, the adjoint of im2col: the image `shape` in which each pixel is the sum of
 * the patch entries that read it (the backend's kernel, in a fixed order). Recorded, with im2col
 * as its gradient.
 */
export function col2im(cols: Tensor, shape: readonly number[], g: Geometry): Tensor {
  if (identity(g)) return reshape(cols, shape);
  const backend = currentBackend();
  const cc = contiguous(cols, backend);
  const size = shape[0] * shape[1] * shape[2] * shape[3];
  const out = output(backend, cols.dtype, shape, size);
  if (size > 0) backend.col2im(cc, g, out);
  if (cc !== cols) cc.dispose();
  if (recording()) record("col2im", [cols], out, { geometry: g });
  return out;
}

/**
 * 2-D convolution (TensorFlow's cross-correlation) of NHWC `input` [batch, height, width, in]
 * with `filters` [filterHeight, filterWidth, in, out]: the result is [batch, outHeight, outWidth,
 * out]. `strides`, `dilations` and `padding` follow `tf.nn.conv2d` (see {@link Padding}); the
 * dtypes are promoted (bool is not supported). Differentiable w.r.t. both inputs, to any order.
 *
 * @example
 * ```ts
 * import * as tf from "@denotensor/core";
 * const image = tf.reshape(tf.range(16), [1, 4, 4, 1]);
 * const filters = tf.ones([2, 2, 1, 1]);
 * const y = tf.nn.conv2d(image, filters, { strides: 2, padding: "VALID" });
 * console.log(tf.reshape(y, [2, 2]).toString()); // tf.Tensor(\n[[10. 18.]\n [42. 50.]], shape=(2, 2), dtype=float32)
 * console.log(tf.nn.conv2d(image, filters, { padding: "SAME" }).shape); // [1, 4, 4, 1]
 * // TF.js's positional form: strides, pad ("same" | "valid" | a number), dataFormat, dilations.
 * console.log(tf.nn.conv2d(image, filters, 2, "valid").shape); // [1, 2, 2, 1]
 * ```
 */
export function conv2d(input_: TensorLike, filters: TensorLike, options?: Conv2DOptions): Tensor;
/** TF.js's positional form: `conv2d(x, filter, strides, pad, dataFormat?, dilations?)`. */
export function conv2d(
  input_: TensorLike,
  filters: TensorLike,
  strides: number | readonly number[],
  pad: TfjsPad,
  dataFormat?: "NHWC",
  dilations?: number | readonly number[],
): Tensor;
export function conv2d(
  input_: TensorLike,
  filters: TensorLike,
  optionsOrStrides?: Conv2DOptions | number | readonly number[],
  ...positional: unknown[]
): Tensor {
  const op = "conv2d";
  const options = conv2dOptions(optionsOrStrides, positional);
  const x = input(input_, op);
  const f = input(filters, op);
  checkImage(x, op);
  if (f.rank !== 4) {
    throw new InvalidArgumentError(
      `${op}: filters must have rank 4 [height, width, inChannels, outChannels], got shape ` +
        formatShape(f.shape),
    );
  }
  checkFormat(options?.dataFormat, op);
  if (f.shape[2] !== x.shape[3]) {
    throw new InvalidArgumentError(
      `${op}: the filters ${formatShape(f.shape)} take ${f.shape[2]} input channels but the ` +
        `input ${formatShape(x.shape)} has ${x.shape[3]}`,
    );
  }
  if (f.shape[0] === 0 || f.shape[1] === 0) {
    throw new InvalidArgumentError(
      `${op}: the filters ${formatShape(f.shape)} have an empty spatial axis`,
    );
  }
  const dtype = promoteTypes(x.dtype, f.dtype);
  if (dtype === "bool") throw new InvalidArgumentError(`${op}: not supported for dtype bool`);
  const strides = spatialPair(options?.strides ?? 1, "strides", op);
  const dilations = spatialPair(options?.dilations ?? 1, "dilations", op);
  const padding = readPadding(options?.padding ?? "VALID", op, true);
  const g = geometry(x.shape, [f.shape[0], f.shape[1]], strides, dilations, padding, op);
  checkPatches(x.shape, g, op);
  const [n, , , c] = x.shape;
  const [kh, kw, , o] = f.shape;
  const backend = currentBackend();
  const out = withoutRecording(() =>
    tidy(() => {
      const xx = castTensor(x, dtype, backend);
      const ff = castTensor(f, dtype, backend);
      const y = matmul(im2col(xx, g), reshape(ff, [kh * kw * c, o]));
      return reshape(y, [n, g.oh, g.ow, o]);
    })
  );
  if (recording()) record("conv2d", [x, f], out, { geometry: g });
  return out;
}

/** TF.js's `pad` argument: its lower-case names, one number for all sides, or TF's forms. */
export type TfjsPad = "same" | "valid" | number | Padding;

const CONV2D_KEYS = keysOf<Conv2DOptions>({
  strides: true,
  padding: true,
  dilations: true,
  dataFormat: true,
});

/** conv2d's options, from the options object or TF.js's positional arguments. */
function conv2dOptions(first: unknown, rest: unknown[]): Conv2DOptions | undefined {
  if (typeof first !== "number" && !Array.isArray(first)) {
    if (rest.length > 0) {
      throw new InvalidArgumentError(
        `conv2d: takes (input, filters, options) or TF.js's (x, filter, strides, pad, ` +
          `dataFormat, dilations); got ${rest.length} more argument(s) after ${show(first)}`,
      );
    }
    return checkOptions(first as Conv2DOptions | undefined, CONV2D_KEYS, "conv2d options");
  }
  if (rest.length > 3) {
    throw new InvalidArgumentError(
      `conv2d: TF.js's dimRoundingMode (${show(rest[3])}) is not supported: the output size ` +
        "follows the padding exactly",
    );
  }
  const [pad, dataFormat, dilations] = rest;
  if (pad === undefined) {
    throw new InvalidArgumentError(
      `conv2d: strides ${show(first)} given positionally (TF.js) need the pad argument too`,
    );
  }
  const padding = pad === "same" || pad === "valid"
    ? pad.toUpperCase()
    : typeof pad === "number"
    ? [[pad, pad], [pad, pad]]
    : pad;
  return {
    strides: first as number | readonly number[],
    padding: padding as Padding,
    dataFormat: (dataFormat ?? undefined) as "NHWC" | undefined,
    dilations: (dilations ?? undefined) as number | readonly number[] | undefined,
  };
}

/** Reads and checks the arguments every pooling shares. */
function poolGeometry(
  x: Tensor,
  ksize: unknown,
  strides: unknown,
  padding: unknown,
  dataFormat: unknown,
  op: string,
): Geometry {
  checkImage(x, op);
  checkFormat(dataFormat, op);
  const k = spatialPair(ksize, "ksize", op);
  const s = spatialPair(strides, "strides", op);
  const p = readPadding(padding, op, false);
  return geometry(x.shape, k, s, [1, 1], p as "SAME" | "VALID", op);
}

/**
 * Max pooling over `ksize` windows of NHWC `input`, TensorFlow's `tf.nn.max_pool2d`: `ksize` and
 * `strides` are one number, `[h, w]` or `[1, h, w, 1]`; with `"SAME"` padding a window only looks
 * at the input pixels it covers. The gradient goes to the position of each window's maximum (the
 * first one in row-major window order on ties, as TensorFlow does), and adds up where windows
 * overlap.
 *
 * @example
 * ```ts
 * import * as tf from "@denotensor/core";
 * const image = tf.reshape(tf.range(16), [1, 4, 4, 1]);
 * const y = tf.nn.maxPool2d(image, 2, 2, "VALID");
 * console.log(tf.reshape(y, [2, 2]).toString()); // tf.Tensor(\n[[ 5.  7.]\n [13. 15.]], shape=(2, 2), dtype=float32)
 * console.log(tf.nn.maxPool2d(image, 3, 2, "SAME").shape); // [1, 2, 2, 1]
 * ```
 */
export function maxPool2d(
  input_: TensorLike,
  ksize: number | readonly number[],
  strides: number | readonly number[],
  padding: "SAME" | "VALID" = "VALID",
  dataFormat: "NHWC" = "NHWC",
): Tensor {
  const op = "maxPool2d";
  const x = input(input_, op);
  if (x.dtype === "bool") throw new InvalidArgumentError(`${op}: not supported for dtype bool`);
  const g = poolGeometry(x, ksize, strides, padding, dataFormat, op);
  const [n, h, w, c] = x.shape;
  const taps = g.kh * g.kw;
  const positions = g.oh * g.ow;
  const t = table(g);
  const needsGrad = recording() && tracked(x);
  const [out, flat] = withoutRecording(() =>
    tidy((): Tensor[] => {
      const rows = constant(t, "int32");
      const windows = reshape(gather(reshape(x, [n, h * w, c]), rows, 1), [n, positions, taps, c]);
      const y = reshape(reduceMax(windows, 2), [n, g.oh, g.ow, c]);
      if (!needsGrad || x.size === 0 || y.size === 0) return [y];
      // The flat input index of each window's maximum: ((b * h * w) + row) * c + channel.
      const tap = add(
        argmax(windows, 2),
        reshape(range(0, positions * taps, taps, "int32"), [
          1,
          positions,
          1,
        ]),
      );
      const row = gather(rows, tap);
      const base = reshape(range(0, n * h * w, h * w, "int32"), [n, 1, 1]);
      const channel = reshape(range(0, c, 1, "int32"), [1, 1, c]);
      return [y, reshape(add(mul(add(row, base), c), channel), [-1])];
    })
  );
  // The gradient scatters dy to the maxima: their flat input index is saved as input 1.
  if (flat !== undefined) record("maxPool2d", [x, flat], out);
  return out;
}

/**
 * Average pooling over `ksize` windows of NHWC `input`, TensorFlow's `tf.nn.avg_pool2d`: with
 * `"SAME"` padding each window averages only the input pixels it covers (the padding is not
 * counted). Integer inputs give float32.
 *
 * @example
 * ```ts
 * import * as tf from "@denotensor/core";
 * const image = tf.reshape(tf.range(16), [1, 4, 4, 1]);
 * const y = tf.nn.avgPool2d(image, 2, 2, "VALID");
 * console.log(tf.reshape(y, [2, 2]).toString()); // tf.Tensor(\n[[ 2.5  4.5]\n [10.5 12.5]], shape=(2, 2), dtype=float32)
 * ```
 */
export function avgPool2d(
  input_: TensorLike,
  ksize: number | readonly number[],
  strides: number | readonly number[],
  padding: "SAME" | "VALID" = "VALID",
  dataFormat: "NHWC" = "NHWC",
): Tensor {
  const op = "avgPool2d";
  const t = input(input_, op);
  const dtype: DType = floatOf(t.dtype);
  const g = poolGeometry(t, ksize, strides, padding, dataFormat, op);
  checkPatches(t.shape, g, op);
  const [n, , , c] = t.shape;
  const positions = g.oh * g.ow;
  const counts = windowCounts(g);
  return tidy(() => {
    const windows = im2col(castTensor(t, dtype), g);
    const sums = reduceSum(reshape(windows, [n, positions, g.kh * g.kw, c]), 2);
    const divisor = typeof counts === "number"
      ? counts
      : constant(counts, dtype, [1, positions, 1]);
    return reshape(div(sums, divisor), [n, g.oh, g.ow, c]);
  });
}

/**
 * The number of taps inside the input of each pooling window (stride-1 taps): one number when
 * every window has them all, else one per output position.
 */
function windowCounts(g: Geometry): number | Float64Array {
  const inside = (o: number, s: number, pad: number, k: number, size: number): number =>
    Math.min(o * s - pad + k, size) - Math.max(o * s - pad, 0);
  const rows = Array.from({ length: g.oh }, (_, oy) => inside(oy, g.sh, g.top, g.kh, g.h));
  const cols = Array.from({ length: g.ow }, (_, ox) => inside(ox, g.sw, g.left, g.kw, g.w));
  const full = g.kh * g.kw;
  if (rows.every((r) => r === g.kh) && cols.every((k) => k === g.kw)) return full;
  return Float64Array.from(
    { length: g.oh * g.ow },
    (_, i) => rows[Math.floor(i / g.ow)] * cols[i % g.ow],
  );
}
