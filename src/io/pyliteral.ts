/**
 * A small strict parser for the Python literals of a `.npy` header (`{'descr': '<f4',
 * 'fortran_order': False, 'shape': (2, 3), }`): dicts with string keys, tuples, lists, strings,
 * integers, True, False and None. Nothing is evaluated; anything else is an error that says where.
 *
 * @module
 */

/** A parsed Python literal. */
export type PyValue =
  | string
  | bigint
  | boolean
  | null
  | PyTuple
  | PyValue[]
  | Map<string, PyValue>;

/** A Python tuple (kept apart from lists: a shape must be a tuple). */
export class PyTuple {
  /** The items. */
  readonly items: readonly PyValue[];
  /** Wraps the items. */
  constructor(items: readonly PyValue[]) {
    this.items = items;
  }
}

/** A syntax error in a literal, with the offset where it was found. */
export class PyLiteralError extends Error {
  /** Creates the error. */
  constructor(message: string) {
    super(message);
    this.name = "PyLiteralError";
  }
}

const ESCAPES: Record<string, string> = {
  "\\": "\\",
  "'": "'",
  '"': '"',
  n: "\n",
  t: "\t",
  r: "\r",
  "0": "\0",
};

/** Parses one Python literal that spans all of `text` (surrounding whitespace allowed). */
export function parsePyLiteral(text: string): PyValue {
  let i = 0;
  const fail = (what: string): never => {
    const near = JSON.stringify(text.slice(i, i + 12));
    throw new PyLiteralError(`${what} at character ${i} (near ${near})`);
  };
  const ws = (): void => {
    while (i < text.length && " \t\n\r".includes(text[i])) i++;
  };
  const string = (): string => {
    if (text[i] === "u" || text[i] === "U") i++;
    const q = text[i];
    if (q !== "'" && q !== '"') fail("expected a string");
    i++;
    let out = "";
    while (i < text.length && text[i] !== q) {
      const c = text[i++];
      if (c === "\n") fail("newline in a string");
      if (c !== "\\") {
        out += c;
        continue;
      }
      const e = text[i++];
      if (e === undefined) break;
      if (e in ESCAPES) out += ESCAPES[e];
      else if (e === "x" || e === "u") {
        const len = e === "x" ? 2 : 4;
        const hex = text.slice(i, i + len);
        if (!/^[0-9a-fA-F]+$/.test(hex) || hex.length !== len) fail("bad escape in a string");
        out += String.fromCharCode(parseInt(hex, 16));
        i += len;
      } else fail(`unsupported escape \\${e} in a string`);
    }
    if (text[i] !== q) fail("unterminated string");
    i++;
    return out;
  };
  const items = (close: string, depth: number): PyValue[] => {
    const out: PyValue[] = [];
    ws();
    while (text[i] !== close) {
      out.push(value(depth + 1));
      ws();
      if (text[i] === ",") {
        i++;
        ws();
      } else if (text[i] !== close) fail(`expected ',' or '${close}'`);
    }
    i++;
    return out;
  };
  const value = (depth: number): PyValue => {
    if (depth > 32) fail("literal nested too deeply");
    ws();
    const c = text[i];
    if (c === "{") {
      i++;
      const map = new Map<string, PyValue>();
      ws();
      while (text[i] !== "}") {
        ws();
        const key = string();
        if (map.has(key)) fail(`repeated key '${key}'`);
        ws();
        if (text[i] !== ":") fail("expected ':'");
        i++;
        map.set(key, value(depth + 1));
        ws();
        if (text[i] === ",") {
          i++;
          ws();
        } else if (text[i] !== "}") fail("expected ',' or '}'");
      }
      i++;
      return map;
    }
    if (c === "(") {
      i++;
      ws();
      if (text[i] === ")") {
        i++;
        return new PyTuple([]);
      }
      const first = value(depth + 1);
      ws();
      if (text[i] === ")") {
        i++;
        return first; // (x) is x in Python, not a tuple
      }
      if (text[i] !== ",") fail("expected ',' or ')'");
      i++;
      return new PyTuple([first, ...items(")", depth)]);
    }
    if (c === "[") {
      i++;
      return items("]", depth);
    }
    if (c === "'" || c === '"' || ((c === "u" || c === "U") && "'\"".includes(text[i + 1]))) {
      return string();
    }
    const word = /^(True|False|None)\b/.exec(text.slice(i, i + 6));
    if (word !== null) {
      i += word[1].length;
      return word[1] === "None" ? null : word[1] === "True";
    }
    const num = /^[-+]?(0|[1-9][0-9]*)L?/.exec(text.slice(i, i + 40));
    if (num !== null && !/^[.eExX0-9_]/.test(text[i + num[0].length] ?? "")) {
      i += num[0].length;
      return BigInt(num[0].replace("L", "").replace("+", ""));
    }
    return fail("expected a dict, tuple, list, string, integer, True, False or None");
  };
  const out = value(0);
  ws();
  if (i !== text.length) fail("unexpected text after the literal");
  return out;
}
