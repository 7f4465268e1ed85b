/**
 * NumPy-compatible array printing: a port of numpy/_core/arrayprint.py (NumPy 2.x, default print
 * options, `legacy=False`) so that `arrayStr` / `arrayRepr` / `scalarStr` produce byte-identical
 * output to `str(a)` / `repr(a)` / `str(scalar)`.
 *
 * @module
 */

import { type FloatKind, formatFloatPositional, formatFloatScientific } from "./dragon4.ts";

/**
 * Element types that can be printed.
 *
 * @example
 * ```ts
 * const dtype: PrintDType = "float32";
 * ```
 */
export type PrintDType =
  | "bool"
  | "int8"
  | "int16"
  | "int32"
  | "int64"
  | "uint8"
  | "uint16"
  | "uint32"
  | "uint64"
  | "float16"
  | "float32"
  | "float64";

/**
 * Flat element storage accepted by the printers (bool data is a Uint8Array of 0/1, int64 and
 * uint64 data are BigInt64Array / BigUint64Array).
 *
 * @example
 * ```ts
 * const data: PrintData = new Float32Array([1, 2, 3]);
 * ```
 */
export type PrintData =
  | Float64Array
  | Float32Array
  | Float16Array
  | Int8Array
  | Int16Array
  | Int32Array
  | BigInt64Array
  | Uint8Array
  | Uint16Array
  | Uint32Array
  | BigUint64Array;

/**
 * Elements laid out by strides: element `[i0, i1, ...]` of the printed array is
 * `data[offset + i0 * strides[0] + i1 * strides[1] + ...]`. A view (a transpose, a slice, a
 * tensor's storage) prints from it without a contiguous copy, and a summarised one reads only the
 * elements it shows.
 *
 * @example
 * ```ts
 * const transposed: StridedPrintData = { data: new Float32Array([1, 2, 3, 4]), strides: [1, 2], offset: 0 };
 * ```
 */
export interface StridedPrintData {
  /** The memory the elements live in. */
  data: PrintData;
  /** The step in `data` of each axis, in elements (may be 0 or negative). */
  strides: readonly number[];
  /** Where element [0, 0, ...] is. */
  offset: number;
}

/**
 * A subset of NumPy's print options; defaults are NumPy's (8, 1000, 3, 75).
 *
 * @example
 * ```ts
 * const options: PrintOptions = { precision: 3, linewidth: 40 };
 * ```
 */
export interface PrintOptions {
  /** Maximum number of fraction digits printed for floats. */
  precision?: number;
  /** Total number of elements above which the output is summarised with `...`. */
  threshold?: number;
  /** Number of items shown at each edge of a summarised axis. */
  edgeitems?: number;
  /** Line width at which rows are wrapped. */
  linewidth?: number;
}

type Scalar = number | bigint;
type Formatter = (value: Scalar) => string;

interface ResolvedOptions {
  precision: number;
  threshold: number;
  edgeitems: number;
  linewidth: number;
}

const FLOAT_DTYPES: ReadonlySet<string> = new Set(["float16", "float32", "float64"]);
const INT_DTYPES: ReadonlySet<string> = new Set([
  "int8",
  "int16",
  "int32",
  "int64",
  "uint8",
  "uint16",
  "uint32",
  "uint64",
]);
/** NumPy's `_typelessdata`: dtypes whose repr needs no `dtype=` suffix. */
const IMPLIED_DTYPES: ReadonlySet<string> = new Set(["bool", "int64", "float64"]);

/** `10 ** min(8, finfo(dtype).precision)`: FloatingFormat's cutoff for scientific notation. */
const EXP_CUTOFF_MAX: Readonly<Record<FloatKind, number>> = {
  float16: 1e3,
  float32: 1e6,
  float64: 1e8,
};
/** scalartypes.c's `max_positional`: scalar str switches to scientific at this magnitude. */
const SCALAR_MAX_POSITIONAL: Readonly<Record<FloatKind, number>> = {
  float16: 1e3,
  float32: 1e6,
  float64: 1e16,
};

function checkDType(dtype: string): void {
  if (dtype !== "bool" && !INT_DTYPES.has(dtype) && !FLOAT_DTYPES.has(dtype)) {
    throw new Error(`Unknown dtype "${dtype}"`);
  }
}

function isFloat(dtype: PrintDType): dtype is FloatKind {
  return FLOAT_DTYPES.has(dtype);
}

/** Rounds a number to the nearest value of the float dtype, as a NumPy cast would. */
function roundTo(dtype: FloatKind, x: number): number {
  if (dtype === "float16") return Math.f16round(x);
  if (dtype === "float32") return Math.fround(x);
  return x;
}

function resolveOptions(options: PrintOptions = {}): ResolvedOptions {
  const resolved = {
    precision: options.precision ?? 8,
    threshold: options.threshold ?? 1000,
    edgeitems: options.edgeitems ?? 3,
    linewidth: options.linewidth ?? 75,
  };
  for (const [name, value] of Object.entries(resolved)) {
    if (!Number.isInteger(value) || value < 0) {
      throw new Error(`Print option ${name} must be a non-negative integer, got ${value}`);
    }
  }
  return resolved;
}

function shapeSize(shape: readonly number[]): number {
  let size = 1;
  for (const dim of shape) {
    if (!Number.isInteger(dim) || dim < 0) {
      throw new Error(`Invalid shape ${formatShape(shape)}: dimension ${dim} is not allowed`);
    }
    size *= dim;
  }
  return size;
}

function checkArray(
  input: PrintData | StridedPrintData,
  shape: readonly number[],
  dtype: PrintDType,
): number {
  checkDType(dtype);
  const size = shapeSize(shape);
  if (isStrided(input)) {
    const { data, strides, offset } = input;
    if (strides.length !== shape.length || strides.some((t) => !Number.isInteger(t))) {
      throw new Error(`Strides ${formatShape(strides)} do not fit shape ${formatShape(shape)}`);
    }
    let lo = offset, hi = offset;
    shape.forEach((d, i) => {
      if (d > 0) strides[i] < 0 ? lo += (d - 1) * strides[i] : hi += (d - 1) * strides[i];
    });
    if (size > 0 && (!Number.isInteger(offset) || lo < 0 || hi >= data.length)) {
      throw new Error(
        `Strides ${
          formatShape(strides)
        } from offset ${offset} reach outside data of length ${data.length}`,
      );
    }
    return size;
  }
  const data = input;
  if (data.length !== size) {
    throw new Error(
      `Data length ${data.length} does not match shape ${formatShape(shape)} (size ${size})`,
    );
  }
  return size;
}

function isStrided(input: PrintData | StridedPrintData): input is StridedPrintData {
  return !ArrayBuffer.isView(input);
}

/**
 * A reader of element `i` (a flat C-order index) of the printed array, normalised for the dtype;
 * through the strides for strided data.
 */
function readerOf(
  input: PrintData | StridedPrintData,
  shape: readonly number[],
  dtype: PrintDType,
): (i: number) => Scalar {
  if (!isStrided(input)) return (i) => element(input, i, dtype);
  const { data, strides, offset } = input;
  return (i) => {
    let at = offset;
    for (let a = shape.length - 1; a >= 0; a--) {
      const d = shape[a], q = Math.floor(i / d);
      at += (i - q * d) * strides[a];
      i = q;
    }
    return element(data, at, dtype);
  };
}

/** Reads element `i`, normalised for the dtype (floats rounded to it, bools to 0/1). */
function element(data: PrintData, i: number, dtype: PrintDType): Scalar {
  const v = data[i];
  if (isFloat(dtype)) return roundTo(dtype, Number(v));
  if (dtype === "bool") return v ? 1 : 0;
  return v;
}

// ---------------------------------------------------------------------------------------------
// Element formatters (FloatingFormat, IntegerFormat, BoolFormat)
// ---------------------------------------------------------------------------------------------

interface FloatLayout {
  expFormat: boolean;
  precision: number;
  minDigits: number;
  trim: "." | "k";
  padLeft: number;
  padRight: number;
  expSize: number;
}

/** True when FloatingFormat would pick scientific notation for these finite values. */
function needsExpFormat(finite: readonly number[], dtype: FloatKind): boolean {
  let max = -Infinity;
  let min = Infinity;
  for (const v of finite) {
    const abs = Math.abs(v);
    if (abs === 0) continue;
    if (abs > max) max = abs;
    if (abs < min) min = abs;
  }
  if (max === -Infinity) return false;
  // NumPy compares and divides in the array's own dtype.
  return max >= EXP_CUTOFF_MAX[dtype] || min < roundTo(dtype, 1e-4) ||
    roundTo(dtype, max / min) > 1000;
}

function maxLength(strs: readonly string[]): number {
  return strs.reduce((m, s) => Math.max(m, s.length), 0);
}

/** FloatingFormat.fillFormat for floatmode "maxprec", sign "-". */
function fillFloatLayout(
  values: readonly number[],
  dtype: FloatKind,
  precision: number,
): FloatLayout {
  const finite = values.filter(Number.isFinite);
  const expFormat = needsExpFormat(finite, dtype);
  let layout: FloatLayout;
  if (finite.length === 0) {
    layout = {
      expFormat,
      precision,
      minDigits: -1,
      trim: ".",
      padLeft: 0,
      padRight: 0,
      expSize: -1,
    };
  } else if (expFormat) {
    const strs = finite.map((x) => formatFloatScientific(x, dtype, { precision, trim: "." }));
    const mantissas = strs.map((s) => s.slice(0, s.indexOf("e")));
    const expSize = maxLength(strs.map((s) => s.slice(s.indexOf("e") + 1))) - 1;
    const fracPrecision = maxLength(mantissas.map((s) => s.slice(s.indexOf(".") + 1)));
    layout = {
      expFormat,
      precision: fracPrecision,
      minDigits: fracPrecision,
      trim: "k",
      padLeft: maxLength(mantissas.map((s) => s.slice(0, s.indexOf(".")))),
      padRight: expSize + 2 + fracPrecision,
      expSize,
    };
  } else {
    const strs = finite.map((x) => formatFloatPositional(x, dtype, { precision, trim: "." }));
    layout = {
      expFormat,
      precision,
      minDigits: 0,
      trim: ".",
      padLeft: maxLength(strs.map((s) => s.slice(0, s.indexOf(".")))),
      padRight: maxLength(strs.map((s) => s.slice(s.indexOf(".") + 1))),
      expSize: -1,
    };
  }
  if (finite.length !== values.length) {
    const negInf = values.some((v) => v === -Infinity) ? 1 : 0;
    const offset = layout.padRight + 1;
    layout.padLeft = Math.max(layout.padLeft, 3 - offset, 3 + negInf - offset);
  }
  return layout;
}

function floatFormatter(values: readonly number[], dtype: FloatKind, precision: number): Formatter {
  const l = fillFloatLayout(values, dtype, precision);
  return (value: Scalar): string => {
    const x = Number(value);
    if (!Number.isFinite(x)) {
      const text = Number.isNaN(x) ? "nan" : x < 0 ? "-inf" : "inf";
      return text.padStart(l.padLeft + l.padRight + 1);
    }
    const common = {
      precision: l.precision,
      minDigits: l.minDigits,
      trim: l.trim,
      padLeft: l.padLeft,
    };
    return l.expFormat
      ? formatFloatScientific(x, dtype, { ...common, expDigits: l.expSize })
      : formatFloatPositional(x, dtype, { ...common, padRight: l.padRight });
  };
}

function integerFormatter(values: readonly Scalar[]): Formatter {
  let width = 0;
  if (values.length > 0) {
    let max = values[0];
    let min = values[0];
    for (const v of values) {
      if (v > max) max = v;
      if (v < min) min = v;
    }
    width = Math.max(String(max).length, String(min).length);
  }
  return (value: Scalar): string => String(value).padStart(width);
}

function boolFormatter(zeroDim: boolean): Formatter {
  const trueStr = zeroDim ? "True" : " True";
  return (value: Scalar): string => (value ? trueStr : "False");
}

function makeFormatter(
  values: readonly Scalar[],
  dtype: PrintDType,
  zeroDim: boolean,
  precision: number,
): Formatter {
  if (dtype === "bool") return boolFormatter(zeroDim);
  if (isFloat(dtype)) return floatFormatter(values.map(Number), dtype, precision);
  return integerFormatter(values);
}

// ---------------------------------------------------------------------------------------------
// Layout (_leading_trailing, _formatArray, _extendLine)
// ---------------------------------------------------------------------------------------------

function cStrides(shape: readonly number[]): number[] {
  const strides = new Array<number>(shape.length);
  let stride = 1;
  for (let axis = shape.length - 1; axis >= 0; axis--) {
    strides[axis] = stride;
    stride *= shape[axis];
  }
  return strides;
}

/**
 * Indices `_leading_trailing` keeps along an axis: `a[:edge]` and `a[-edge:]` when the axis is
 * longer than `2 * edge` (note `a[-0:]` is the whole axis), else everything.
 */
function shownIndices(len: number, edgeItems: number, summarize: boolean): number[] {
  const range = (start: number, end: number): number[] =>
    Array.from({ length: end - start }, (_, k) => start + k);
  if (!summarize || len <= 2 * edgeItems) return range(0, len);
  return [...range(0, edgeItems), ...range(edgeItems === 0 ? 0 : len - edgeItems, len)];
}

/** Flat offsets of the elements NumPy's `_leading_trailing` keeps (or all of them). */
function shownOffsets(shape: readonly number[], edgeItems: number, summarize: boolean): number[] {
  const strides = cStrides(shape);
  let offsets = [0];
  shape.forEach((len, axis) => {
    const indices = shownIndices(len, edgeItems, summarize);
    offsets = offsets.flatMap((base) => indices.map((i) => base + i * strides[axis]));
  });
  return offsets;
}

/** `_extendLine` (legacy=False). Elements are single-line, so `_extendLine_pretty` reduces to it. */
function extendLine(
  s: string,
  line: string,
  word: string,
  lineWidth: number,
  nextLinePrefix: string,
): [string, string] {
  const needsWrap = line.length + word.length > lineWidth && line.length > nextLinePrefix.length;
  if (needsWrap) {
    s += line.trimEnd() + "\n";
    line = nextLinePrefix;
  }
  return [s, line + word];
}

interface LayoutParams {
  shape: readonly number[];
  format: (offset: number) => string;
  separator: string;
  edgeItems: number;
  summarize: boolean;
}

/** `_formatArray`: nested brackets, separators, row wrapping and `...` summaries. */
function formatArray(p: LayoutParams, lineWidth: number, nextLinePrefix: string): string {
  const strides = cStrides(p.shape);
  const ellipsis = "...";
  const recurse = (axis: number, offset: number, indent: string, width: number): string => {
    const axesLeft = p.shape.length - axis;
    if (axesLeft === 0) return p.format(offset);
    const len = p.shape[axis];
    const showSummary = p.summarize && 2 * p.edgeItems < len;
    const leading = showSummary ? p.edgeItems : 0;
    const trailing = showSummary ? p.edgeItems : len;
    const child = (i: number): string =>
      recurse(axis + 1, offset + i * strides[axis], indent + " ", width - 1);
    // Child indices in NumPy's order: leading items, then trailing ones (the last one apart).
    const rest: number[] = [];
    for (let i = trailing; i > 1; i--) rest.push(len - i);

    let s = "";
    if (axesLeft === 1) {
      const elemWidth = width - Math.max(p.separator.trimEnd().length, 1);
      let line = indent;
      const add = (word: string): void => {
        [s, line] = extendLine(s, line, word, elemWidth, indent);
      };
      for (let i = 0; i < leading; i++) {
        add(child(i));
        line += p.separator;
      }
      if (showSummary) {
        add(ellipsis);
        line += p.separator;
      }
      for (const i of rest) {
        add(child(i));
        line += p.separator;
      }
      add(child(len - 1));
      s += line;
    } else {
      const lineSep = p.separator.trimEnd() + "\n".repeat(axesLeft - 1);
      for (let i = 0; i < leading; i++) s += indent + child(i) + lineSep;
      if (showSummary) s += indent + ellipsis + lineSep;
      for (const i of rest) s += indent + child(i) + lineSep;
      s += indent + child(len - 1);
    }
    return "[" + s.slice(indent.length) + "]";
  };
  return recurse(0, 0, nextLinePrefix, lineWidth);
}

/** `_array2string` for a non-empty array. */
function array2string(
  read: (i: number) => Scalar,
  size: number,
  shape: readonly number[],
  dtype: PrintDType,
  opts: ResolvedOptions,
  separator: string,
  prefix: string,
  lineWidth: number,
): string {
  const summarize = size > opts.threshold;
  const shown = shownOffsets(shape, opts.edgeitems, summarize).map(read);
  const formatter = makeFormatter(shown, dtype, shape.length === 0, opts.precision);
  const params: LayoutParams = {
    shape,
    format: (offset) => formatter(read(offset)),
    separator,
    edgeItems: opts.edgeitems,
    summarize,
  };
  return formatArray(params, lineWidth, " " + " ".repeat(prefix.length));
}

// ---------------------------------------------------------------------------------------------
// Public API
// ---------------------------------------------------------------------------------------------

/**
 * Python tuple text of a shape.
 *
 * @example
 * ```ts
 * formatShape([2, 2]); // "(2, 2)"
 * formatShape([3]); // "(3,)"
 * formatShape([]); // "()"
 * ```
 */
export function formatShape(shape: readonly number[]): string {
  return shape.length === 1 ? `(${shape[0]},)` : `(${shape.join(", ")})`;
}

/**
 * `str()` of a NumPy scalar of that dtype: shortest round-trip digits for the dtype's own
 * precision, positional for moderate magnitudes and scientific otherwise.
 *
 * @example
 * ```ts
 * scalarStr(1, "float32"); // "1.0"
 * scalarStr(1e20, "float32"); // "1e+20"
 * scalarStr(true, "bool"); // "True"
 * scalarStr(-3, "int8"); // "-3"
 * ```
 */
export function scalarStr(value: number | bigint | boolean, dtype: PrintDType): string {
  checkDType(dtype);
  if (dtype === "bool") return value ? "True" : "False";
  if (!isFloat(dtype)) {
    if (typeof value === "number" && !Number.isInteger(value)) {
      throw new Error(`Value ${value} is not an integer for dtype "${dtype}"`);
    }
    return typeof value === "boolean" ? (value ? "1" : "0") : BigInt(value).toString();
  }
  const x = roundTo(dtype, Number(value));
  const abs = Math.abs(x);
  const positional = Number.isNaN(x) || x === 0 ||
    (abs < SCALAR_MAX_POSITIONAL[dtype] && abs >= 1e-4);
  return positional
    ? formatFloatPositional(x, dtype, { trim: "0" })
    : formatFloatScientific(x, dtype, { trim: "-" });
}

/**
 * NumPy's `str(a)` of an array given as a flat C-order typed array (offset 0, length = product
 * of shape), or as strided data (a view; only the printed elements are read). bool data is a
 * Uint8Array of 0/1.
 *
 * @example
 * ```ts
 * arrayStr(new Float64Array([1, 2.5, 3]), [3], "float64"); // "[1.  2.5 3. ]"
 * arrayStr(new Uint8Array([1, 0]), [2], "bool"); // "[ True False]"
 * arrayStr({ data: new Int32Array([1, 2, 3, 4]), strides: [1, 2], offset: 0 }, [2, 2], "int32"); // "[[1 3]\n [2 4]]"
 * ```
 */
export function arrayStr(
  data: PrintData | StridedPrintData,
  shape: readonly number[],
  dtype: PrintDType,
  options?: PrintOptions,
): string {
  const size = checkArray(data, shape, dtype);
  const opts = resolveOptions(options);
  const read = readerOf(data, shape, dtype);
  if (shape.length === 0) return scalarStr(read(0), dtype);
  if (size === 0) return "[]";
  return array2string(read, size, shape, dtype, opts, " ", "", opts.linewidth);
}

/**
 * NumPy's `repr(a)`: `"array([[1., 2.],\n       [3., 4.]], dtype=float32)"`,
 * `"array([], shape=(0, 3), dtype=int32)"`, ...
 *
 * @example
 * ```ts
 * arrayRepr(new Float32Array([1, 2]), [2], "float32"); // "array([1., 2.], dtype=float32)"
 * arrayRepr(new Int32Array(0), [0, 3], "int32"); // "array([], shape=(0, 3), dtype=int32)"
 * ```
 */
export function arrayRepr(
  data: PrintData | StridedPrintData,
  shape: readonly number[],
  dtype: PrintDType,
  options?: PrintOptions,
): string {
  const size = checkArray(data, shape, dtype);
  const read = readerOf(data, shape, dtype);
  const opts = resolveOptions(options);
  const prefix = "array(";
  const suffix = ")";
  const body = size === 0
    ? "[]"
    : array2string(read, size, shape, dtype, opts, ", ", prefix, opts.linewidth - suffix.length);

  const extras: string[] = [];
  if ((size === 0 && !(shape.length === 1 && shape[0] === 0)) || size > opts.threshold) {
    extras.push(`shape=${formatShape(shape)}`);
  }
  if (!IMPLIED_DTYPES.has(dtype) || size === 0) extras.push(`dtype=${dtype}`);
  if (extras.length === 0) return prefix + body + suffix;

  const arrStr = prefix + body + ",";
  const extraStr = extras.join(", ") + suffix;
  const lastLineLength = arrStr.length - (arrStr.lastIndexOf("\n") + 1);
  const spacer = lastLineLength + extraStr.length + 1 > opts.linewidth
    ? "\n" + " ".repeat(prefix.length)
    : " ";
  return arrStr + spacer + extraStr;
}

/**
 * The first `limit` items of a list joined with `sep`, then how many more there are: an error
 * that lists problems stays short for a file of 300,000 entries.
 */
export function capList(items: readonly string[], sep = "; ", limit = 20): string {
  if (items.length <= limit) return items.join(sep);
  return `${items.slice(0, limit).join(sep)}${sep}and ${items.length - limit} more`;
}
