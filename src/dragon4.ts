/**
 * Port of NumPy's Dragon4 float formatting (numpy/_core/src/multiarray/dragon4.c, itself based on
 * Ryan Juckett's implementation), exposing the same knobs as `np.format_float_positional` and
 * `np.format_float_scientific`. Exact arithmetic uses BigInt; each IEEE format (binary16, binary32,
 * binary64) gets its own shortest round-trip digits.
 *
 * @module
 */

/**
 * An IEEE binary floating-point format that Dragon4 can print.
 *
 * @example
 * ```ts
 * const kind: FloatKind = "float16";
 * ```
 */
export type FloatKind = "float16" | "float32" | "float64";

/**
 * NumPy's trim modes: `"k"` keeps trailing zeros, `"."` trims trailing zeros but keeps the point,
 * `"0"` trims trailing zeros but leaves one after the point, `"-"` trims zeros and the point.
 *
 * @example
 * ```ts
 * formatFloatPositional(1, "float64", { trim: "-" }); // "1"
 * ```
 */
export type Trim = "k" | "." | "0" | "-";

/**
 * Options shared by {@linkcode formatFloatPositional} and {@linkcode formatFloatScientific}, named
 * after NumPy's keyword arguments (`pad_left` is `padLeft`, ...).
 *
 * @example
 * ```ts
 * const options: Dragon4Options = { precision: 3, unique: false, trim: "k" };
 * ```
 */
export interface Dragon4Options {
  /** Maximum digits to print; omitted or negative for no cutoff (unique mode only). */
  precision?: number;
  /** Shortest round-trip digits (true, the default) or exact digits up to `precision`. */
  unique?: boolean;
  /** Positional only: `precision` counts fraction digits (true, the default) or all digits. */
  fractional?: boolean;
  /** How to trim trailing zeros and the decimal point; default `"k"`. */
  trim?: Trim;
  /** Always print the sign, `+` for positive values. */
  sign?: boolean;
  /** Pad the integer part (with its sign) on the left with spaces to this many characters. */
  padLeft?: number;
  /** Positional only: pad the fraction on the right with spaces to this many characters. */
  padRight?: number;
  /** Print at least this many (fraction or significant) digits in unique mode. */
  minDigits?: number;
  /** Scientific only: minimum number of exponent digits (at most 5); default 2. */
  expDigits?: number;
}

interface FormatSpec {
  /** Significand bits including the implicit leading bit. */
  readonly bits: number;
  /** Exponent of the smallest normal number. */
  readonly emin: number;
}

const SPECS: Readonly<Record<FloatKind, FormatSpec>> = {
  float16: { bits: 11, emin: -14 },
  float32: { bits: 24, emin: -126 },
  float64: { bits: 53, emin: -1022 },
};

/** Size of NumPy's Dragon4 output buffer (`Dragon4_Scratch.repr`). */
const BUFFER_SIZE = 16384;
const LOG10_2 = 0.30102999566398119521373889472449;

/** The value mantissa * 2^exponent, decomposed as dragon4.c's Dragon4_PrintFloat_* do. */
interface FloatParts {
  mantissa: bigint;
  exponent: number;
  mantissaBit: number;
  hasUnequalMargins: boolean;
}

const f64View = new DataView(new ArrayBuffer(8));

function bitLength(n: bigint): number {
  return n === 0n ? 0 : n.toString(2).length;
}

/** Splits a finite non-negative number, exactly representable in `kind`, into its parts. */
function decompose(abs: number, kind: FloatKind): FloatParts {
  const { bits, emin } = SPECS[kind];
  if (abs === 0) {
    return { mantissa: 0n, exponent: emin - (bits - 1), mantissaBit: 0, hasUnequalMargins: false };
  }
  f64View.setFloat64(0, abs);
  const hi = f64View.getUint32(0);
  const lo = f64View.getUint32(4);
  const biased = (hi >>> 20) & 0x7ff;
  let m = (BigInt(hi & 0xfffff) << 32n) | BigInt(lo);
  let e = -1074;
  if (biased !== 0) {
    m |= 1n << 52n;
    e = biased - 1075;
  }
  const log2 = e + bitLength(m) - 1;
  const normal = log2 >= emin;
  const exponent = normal ? log2 - (bits - 1) : emin - (bits - 1);
  const mantissa = exponent >= e ? m >> BigInt(exponent - e) : m << BigInt(e - exponent);
  return {
    mantissa,
    exponent,
    mantissaBit: normal ? bits - 1 : bitLength(mantissa) - 1,
    hasUnequalMargins: normal && log2 !== emin && mantissa === 1n << BigInt(bits - 1),
  };
}

interface DigitRequest {
  unique: boolean;
  /** Cutoffs count all digits (true) or digits after the decimal point (false). */
  totalLength: boolean;
  cutoffMax: number;
  cutoffMin: number;
  bufferSize: number;
}

interface Digits {
  digits: string;
  /** Base-10 exponent of the first digit. */
  exponent: number;
}

/** The Dragon4 digit generator (Burger & Dybvig with NumPy's cutoff and carry handling). */
function dragon4(parts: FloatParts, req: DigitRequest): Digits {
  const { mantissa, exponent, mantissaBit, hasUnequalMargins } = parts;
  if (mantissa === 0n) return { digits: "0", exponent: 0 };
  const isEven = mantissa % 2n === 0n;
  // value = scaledValue / scale; the margins are half the distance to the neighbouring floats.
  const extra = hasUnequalMargins ? 2 : 1;
  let scaledValue: bigint;
  let scale: bigint;
  let marginLow: bigint;
  if (exponent > 0) {
    scaledValue = mantissa << BigInt(exponent + extra);
    scale = 1n << BigInt(extra);
    marginLow = 1n << BigInt(exponent);
  } else {
    scaledValue = mantissa << BigInt(extra);
    scale = 1n << BigInt(-exponent + extra);
    marginLow = 1n;
  }
  const marginHigh = (): bigint => (hasUnequalMargins ? marginLow * 2n : marginLow);

  let digitExponent = Math.ceil((mantissaBit + exponent) * LOG10_2 - 0.69);
  if (req.cutoffMax >= 0 && !req.totalLength && digitExponent <= -req.cutoffMax) {
    digitExponent = -req.cutoffMax + 1;
  }
  if (digitExponent > 0) {
    scale *= 10n ** BigInt(digitExponent);
  } else if (digitExponent < 0) {
    const pow10 = 10n ** BigInt(-digitExponent);
    scaledValue *= pow10;
    marginLow *= pow10;
  }
  if (scaledValue >= scale) {
    digitExponent += 1;
  } else {
    scaledValue *= 10n;
    marginLow *= 10n;
  }

  let cutoffMaxExponent = digitExponent - req.bufferSize;
  if (req.cutoffMax >= 0) {
    const desired = req.totalLength ? digitExponent - req.cutoffMax : -req.cutoffMax;
    cutoffMaxExponent = Math.max(cutoffMaxExponent, desired);
  }
  let cutoffMinExponent = digitExponent;
  if (req.cutoffMin >= 0) {
    const desired = req.totalLength ? digitExponent - req.cutoffMin : -req.cutoffMin;
    cutoffMinExponent = Math.min(cutoffMinExponent, desired);
  }
  const outExponent = digitExponent - 1;

  let out = "";
  let digit = 0;
  let low = false;
  let high = false;
  for (;;) {
    digitExponent -= 1;
    digit = Number(scaledValue / scale);
    scaledValue %= scale;
    if (req.unique) {
      const cmpLow = compare(scaledValue, marginLow);
      const cmpHigh = compare(scaledValue + marginHigh(), scale);
      low = isEven ? cmpLow <= 0 : cmpLow < 0;
      high = isEven ? cmpHigh >= 0 : cmpHigh > 0;
      if (
        ((low || high) && digitExponent <= cutoffMinExponent) || digitExponent === cutoffMaxExponent
      ) {
        break;
      }
    } else if (scaledValue === 0n || digitExponent === cutoffMaxExponent) {
      break;
    }
    out += digit;
    scaledValue *= 10n;
    marginLow *= 10n;
  }

  // Round the final digit: down if only the low margin allows it, otherwise to nearest (ties even).
  let roundDown = low;
  if (low === high) {
    const cmp = compare(scaledValue * 2n, scale);
    roundDown = cmp < 0 || (cmp === 0 && digit % 2 === 0);
  }
  if (roundDown) return { digits: out + digit, exponent: outExponent };
  if (digit < 9) return { digits: out + (digit + 1), exponent: outExponent };
  // Carry: drop trailing nines and increment the first non-nine digit.
  const kept = out.replace(/9+$/, "");
  if (kept === "") return { digits: "1", exponent: outExponent + 1 };
  const last = kept.length - 1;
  return { digits: kept.slice(0, last) + (Number(kept[last]) + 1), exponent: outExponent };
}

function compare(a: bigint, b: bigint): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

interface Prepared {
  signStr: string;
  parts: FloatParts | null;
  special: string;
}

/** Handles sign and inf/nan as dragon4.c's PrintInfNan does. */
function prepare(x: number, kind: FloatKind, sign: boolean): Prepared {
  if (!(kind in SPECS)) throw new Error(`Unknown float kind "${kind}"`);
  const negative = x < 0 || Object.is(x, -0);
  const signStr = negative ? "-" : sign ? "+" : "";
  if (Number.isNaN(x)) return { signStr, parts: null, special: "nan" };
  if (!Number.isFinite(x)) return { signStr, parts: null, special: signStr + "inf" };
  return { signStr, parts: decompose(Math.abs(x), kind), special: "" };
}

function stripTrailingZeros(s: string): [string, number] {
  const stripped = s.replace(/0+$/, "");
  return [stripped, s.length - stripped.length];
}

/**
 * Formats `x` (a value exactly representable in `kind`) in positional notation, exactly like
 * `np.format_float_positional` applied to a NumPy scalar of that kind.
 *
 * @example
 * ```ts
 * formatFloatPositional(Math.fround(0.1), "float32"); // "0.1"
 * formatFloatPositional(1 / 3, "float64", { precision: 4 }); // "0.3333"
 * ```
 */
export function formatFloatPositional(
  x: number,
  kind: FloatKind,
  options: Dragon4Options = {},
): string {
  const precision = options.precision ?? -1;
  const minDigits = options.minDigits ?? -1;
  const unique = options.unique ?? true;
  const fractional = options.fractional ?? true;
  const trim = options.trim ?? "k";
  const digitsLeft = options.padLeft ?? -1;
  const digitsRight = options.padRight ?? -1;
  const { signStr, parts, special } = prepare(x, kind, options.sign ?? false);
  if (parts === null) return special;

  const { digits, exponent } = dragon4(parts, {
    unique,
    totalLength: !fractional,
    cutoffMax: precision,
    cutoffMin: minDigits,
    bufferSize: BUFFER_SIZE - 1 - signStr.length,
  });
  let body: string;
  let wholeDigits: number;
  let fractionDigits: number;
  if (exponent >= 0) {
    wholeDigits = exponent + 1;
    if (digits.length <= wholeDigits) {
      body = digits.padEnd(wholeDigits, "0");
      fractionDigits = 0;
    } else {
      body = digits.slice(0, wholeDigits) + "." + digits.slice(wholeDigits);
      fractionDigits = digits.length - wholeDigits;
    }
  } else {
    const zeros = -(exponent + 1);
    body = "0." + "0".repeat(zeros) + digits;
    wholeDigits = 1;
    fractionDigits = zeros + digits.length;
  }
  if (trim !== "-" && fractionDigits === 0) body += ".";

  const addDigits = unique ? minDigits : precision;
  const desired = fractional ? Math.max(addDigits, 0) : addDigits - wholeDigits;
  if (trim === "0") {
    if (fractionDigits === 0) {
      body += "0";
      fractionDigits += 1;
    }
  } else if (trim === "k" && desired > fractionDigits) {
    body += "0".repeat(desired - fractionDigits);
    fractionDigits = desired;
  }
  if (trim !== "k" && fractionDigits > 0) {
    const [stripped, removed] = stripTrailingZeros(body);
    body = stripped;
    fractionDigits -= removed;
    if (body.endsWith(".")) {
      if (trim === "0") {
        body += "0";
        fractionDigits += 1;
      } else if (trim === "-") {
        body = body.slice(0, -1);
      }
    }
  }

  if (digitsRight >= fractionDigits) {
    if (trim === "-" && fractionDigits === 0) body += " ";
    body += " ".repeat(digitsRight - fractionDigits);
  }
  const leftPad = Math.max(0, digitsLeft - (wholeDigits + signStr.length));
  return " ".repeat(leftPad) + signStr + body;
}

/**
 * Formats `x` (a value exactly representable in `kind`) in scientific notation, exactly like
 * `np.format_float_scientific` applied to a NumPy scalar of that kind.
 *
 * @example
 * ```ts
 * formatFloatScientific(Math.fround(1e20), "float32"); // "1.e+20"
 * formatFloatScientific(123.456, "float64", { precision: 2, trim: "-" }); // "1.23e+02"
 * ```
 */
export function formatFloatScientific(
  x: number,
  kind: FloatKind,
  options: Dragon4Options = {},
): string {
  const precision = options.precision ?? -1;
  const minDigits = options.minDigits ?? -1;
  const unique = options.unique ?? true;
  const trim = options.trim ?? "k";
  const digitsLeft = options.padLeft ?? -1;
  const { signStr, parts, special } = prepare(x, kind, options.sign ?? false);
  if (parts === null) return special;

  const leftPad = Math.max(0, digitsLeft - (1 + signStr.length));
  const { digits, exponent } = dragon4(parts, {
    unique,
    totalLength: true,
    cutoffMax: precision < 0 ? -1 : precision + 1,
    cutoffMin: minDigits < 0 ? -1 : minDigits + 1,
    bufferSize: BUFFER_SIZE - leftPad - signStr.length,
  });
  let body = digits[0];
  let fractionDigits = digits.length - 1;
  if (fractionDigits > 0) body += "." + digits.slice(1);
  if (trim !== "-" && fractionDigits === 0) body += ".";

  const addDigits = Math.max(unique ? minDigits : precision, 0);
  if (trim === "0") {
    if (fractionDigits === 0) {
      body += "0";
      fractionDigits += 1;
    }
  } else if (trim === "k" && addDigits > fractionDigits) {
    body += "0".repeat(addDigits - fractionDigits);
    fractionDigits = addDigits;
  }
  if (trim !== "k" && fractionDigits > 0) {
    body = stripTrailingZeros(body)[0];
    if (trim === "0" && body.endsWith(".")) body += "0";
  }
  return " ".repeat(leftPad) + signStr + body + formatExponent(exponent, options.expDigits ?? -1);
}

function formatExponent(exponent: number, expDigits: number): string {
  const minDigits = expDigits < 0 ? 2 : Math.min(expDigits, 5);
  // Like dragon4.c: up to 5 digits, leading zeros dropped down to minDigits (which may be 0).
  const digits = String(Math.abs(exponent)).padStart(5, "0");
  let start = 0;
  while (start < 5 - minDigits && digits[start] === "0") start++;
  return (exponent >= 0 ? "e+" : "e-") + digits.slice(start);
}
