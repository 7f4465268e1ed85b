/**
 * Internal: Python's `str.format` for the placeholders of a checkpoint path (`{epoch:02d}`,
 * `{val_loss:.2f}`), as Keras's ModelCheckpoint fills them: `{name}` or `{name:spec}` with
 * Python's format-spec mini-language (`[[fill]align][sign][#][0][width][,|_][.precision][type]`,
 * types `d`, `f`, `F`, `e`, `E`, `g`, `G`, `%` and none), `{{` and `}}` for braces. Numbers
 * round half to even on their exact binary value, as Python does.
 *
 * @module
 */
import { InvalidArgumentError } from "../errors.ts";

/** A value for a placeholder: an int (`epoch`) or a float (a log). */
export interface FormatValue {
  /** The number. */
  value: number;
  /** Whether Python would hold it as an int (then `{x}` prints no `.0`, and `d` is allowed). */
  int: boolean;
}

/** `template` with every `{name[:spec]}` replaced; an unknown name or bad spec is an error. */
export function pyFormat(
  template: string,
  values: Readonly<Record<string, FormatValue>>,
  op: string,
): string {
  let out = "";
  for (let i = 0; i < template.length; i++) {
    const c = template[i];
    if (c === "}") {
      if (template[i + 1] !== "}") {
        throw new InvalidArgumentError(`${op}: single '}' in the path ${JSON.stringify(template)}`);
      }
      out += "}";
      i++;
      continue;
    }
    if (c !== "{") {
      out += c;
      continue;
    }
    if (template[i + 1] === "{") {
      out += "{";
      i++;
      continue;
    }
    const close = template.indexOf("}", i);
    if (close < 0) {
      throw new InvalidArgumentError(`${op}: unclosed '{' in the path ${JSON.stringify(template)}`);
    }
    const field = template.slice(i + 1, close);
    const colon = field.indexOf(":");
    const name = colon < 0 ? field : field.slice(0, colon);
    const spec = colon < 0 ? "" : field.slice(colon + 1);
    if (!Object.hasOwn(values, name)) {
      throw new InvalidArgumentError(
        `${op}: the path ${JSON.stringify(template)} names {${name}}, which is not among the ` +
          `values it can be filled with: ${Object.keys(values).join(", ")}`,
      );
    }
    out += formatSpec(values[name], spec, op);
    i = close;
  }
  return out;
}

const SPEC = /^(?:(.)?([<>=^]))?([-+ ])?(#)?(0)?(\d+)?([,_])?(?:\.(\d+))?([bcdeEfFgGnosxX%])?$/s;

function formatSpec(v: FormatValue, spec: string, op: string): string {
  const m = SPEC.exec(spec);
  if (m === null) {
    throw new InvalidArgumentError(`${op}: invalid format spec ${JSON.stringify(spec)}`);
  }
  const [, fillChar, alignChar, sign = "-", alt, zero, widthText, grouping, precText, typeChar] = m;
  let type = typeChar ?? "";
  const precision = precText === undefined ? undefined : Number(precText);
  if (!"dfFeEgG%".includes(type) && type !== "") {
    throw new InvalidArgumentError(`${op}: format type '${type}' is not supported`);
  }
  if (type === "d" && !v.int) {
    throw new InvalidArgumentError(`${op}: format code 'd' needs an integer, got ${v.value}`);
  }
  let body: string;
  const x = v.value;
  if (!Number.isFinite(x)) body = Number.isNaN(x) ? "nan" : "inf";
  else {
    const a = Math.abs(x);
    if (type === "") {
      if (v.int) type = "d";
      else if (precision !== undefined) type = "r";
    }
    switch (type) {
      case "d":
        body = a.toFixed(0);
        break;
      case "f":
      case "F":
        body = fixed(a, precision ?? 6);
        break;
      case "%":
        body = fixed(a * 100, precision ?? 6) + "%";
        break;
      case "e":
      case "E":
        body = exponent(a, precision ?? 6);
        break;
      case "g":
      case "G":
      case "r":
        body = general(a, precision ?? 6, alt !== undefined, type === "r");
        break;
      default:
        body = repr({ value: a, int: v.int });
    }
    if (type === "E" || type === "G") body = body.toUpperCase();
    if (grouping !== undefined) {
      const dot = body.search(/[.e%]/);
      const intPart = dot < 0 ? body : body.slice(0, dot);
      body = intPart.replace(/\B(?=(\d{3})+(?!\d))/g, grouping) + (dot < 0 ? "" : body.slice(dot));
    }
  }
  const negative = (x < 0 || Object.is(x, -0)) && !Number.isNaN(x);
  const signText = negative ? "-" : sign === "+" ? "+" : sign === " " ? " " : "";
  const width = widthText === undefined ? 0 : Number(widthText);
  const fill = fillChar ?? (zero !== undefined && alignChar === undefined ? "0" : " ");
  const align = alignChar ?? (zero !== undefined ? "=" : ">");
  const room = Math.max(0, width - signText.length - body.length);
  switch (align) {
    case "<":
      return signText + body + fill.repeat(room);
    case "^":
      return fill.repeat(Math.floor(room / 2)) + signText + body + fill.repeat(Math.ceil(room / 2));
    case "=":
      return signText + fill.repeat(room) + body;
    default:
      return fill.repeat(room) + signText + body;
  }
}

/** Python's `repr` of an int or a float (shortest round-trip digits). */
function repr(v: FormatValue): string {
  const x = v.value;
  if (v.int) return x.toFixed(0);
  if (Number.isNaN(x)) return "nan";
  if (!Number.isFinite(x)) return x > 0 ? "inf" : "-inf";
  return (x < 0 || Object.is(x, -0) ? "-" : "") + shortest(Math.abs(x));
}

/** Python's `%.{p}f` of a non-negative finite number (ties to even on the exact value). */
function fixed(a: number, p: number): string {
  if (a >= 1e21) return BigInt(a).toString() + (p > 0 ? "." + "0".repeat(p) : "");
  const s = a.toFixed(p);
  // A tie at the last kept digit: JS rounds it up, Python to even.
  const exact = a.toFixed(Math.min(100, p + 60));
  const rest = exact.slice(exact.indexOf(".") + 1 + p);
  if (/^50*$/.test(rest)) {
    const truncated = exact.slice(0, exact.indexOf(".") + (p > 0 ? 1 + p : 0));
    const last = Number(truncated.replace(".", "").slice(-1));
    if (last % 2 === 0) return truncated;
  }
  return s;
}

/** Python's `%.{p}e` of a non-negative finite number. */
function exponent(a: number, p: number): string {
  const s = a.toExponential(p);
  return s.replace(/e([+-])(\d)$/, "e$10$2");
}

/**
 * Python's `g` (or, with `repr`, the format of a float with a precision and no type: like `g`
 * but keeping one digit after the point in fixed notation).
 */
function general(a: number, p: number, alt: boolean, reprLike: boolean): string {
  const P = p === 0 ? 1 : p;
  if (a === 0) return reprLike ? "0.0" : alt ? "0." + "0".repeat(P - 1) : "0";
  const e = Number(a.toExponential(P - 1).split("e")[1]);
  let s: string;
  if (e >= -4 && e < P) s = fixed(a, P - 1 - e);
  else s = exponent(a, P - 1);
  if (!alt) {
    s = s.replace(/(\.\d*?)0+(e|$)/, "$1$2").replace(/\.(e|$)/, "$1");
  }
  if (reprLike && !s.includes(".") && !s.includes("e")) s += ".0";
  return s;
}

/** Python's float repr digits of a positive finite number: fixed for 1e-4 <= a < 1e16. */
function shortest(a: number): string {
  if (a === 0) return "0.0";
  const [mantissa, expText] = a.toExponential().split("e");
  const e = Number(expText);
  const digits = mantissa.replace(".", "");
  if (e >= -4 && e < 16) {
    if (e < 0) return "0." + "0".repeat(-e - 1) + digits;
    if (digits.length <= e + 1) return digits + "0".repeat(e + 1 - digits.length) + ".0";
    return digits.slice(0, e + 1) + "." + digits.slice(e + 1);
  }
  const m = digits.length > 1 ? digits[0] + "." + digits.slice(1) : digits;
  return `${m}e${e < 0 ? "-" : "+"}${String(Math.abs(e)).padStart(2, "0")}`;
}

/** One number formatted by a Python format spec (`.5f`): `f"{value:spec}"`. */
export function pyFormatNumber(value: number, spec: string, int = false): string {
  return formatSpec({ value, int }, spec, "format");
}
