/**
 * A small WebAssembly assembler for the bit generators' hot loops: functions written in the flat
 * (non-folded) text form of WebAssembly's instructions (`local.get $x`, `i64.mul`, `loop $l` …
 * `end`) become a module's bytes. PCG64's step needs 64-bit multiplies, which JavaScript numbers
 * do not have and BigInt does only by allocating; WebAssembly's i64 does them natively, so the
 * fills of `Generator.random`, `standard_normal` and `integers` run there.
 *
 * The subset: numeric and comparison instructions of i32/i64/f32/f64 and the conversions between
 * them, `local.*`, `global.*`, loads and stores (`offset=N`), `block`/`loop`/`if`/`else`/`end`
 * with an optional `$label` and result type, `br`/`br_if` to a label, `call $f`, `return`,
 * `select`. Comments run from `;;` to the end of the line.
 *
 * @module
 */

/** A value type. */
export type ValType = "i32" | "i64" | "f32" | "f64";

/** A function: its name (exported under it), parameters, result, locals and body text. */
export interface WasmFunc {
  name: string;
  params?: Record<string, ValType>;
  result?: ValType;
  locals?: Record<string, ValType>;
  body: string;
}

/** An imported function (module "env"). */
export interface WasmImport {
  name: string;
  params: ValType[];
  result?: ValType;
}

/** A mutable global with its initial value. */
export interface WasmGlobal {
  name: string;
  type: ValType;
}

const TYPE: Record<ValType, number> = { i32: 0x7f, i64: 0x7e, f32: 0x7d, f64: 0x7c };

/** Opcodes without immediates. */
const PLAIN: Record<string, number> = {
  unreachable: 0x00,
  nop: 0x01,
  else: 0x05,
  end: 0x0b,
  return: 0x0f,
  drop: 0x1a,
  select: 0x1b,
};
const NUMERIC = [
  // 0x45..0xbf in order.
  "i32.eqz i32.eq i32.ne i32.lt_s i32.lt_u i32.gt_s i32.gt_u i32.le_s i32.le_u i32.ge_s i32.ge_u",
  "i64.eqz i64.eq i64.ne i64.lt_s i64.lt_u i64.gt_s i64.gt_u i64.le_s i64.le_u i64.ge_s i64.ge_u",
  "f32.eq f32.ne f32.lt f32.gt f32.le f32.ge f64.eq f64.ne f64.lt f64.gt f64.le f64.ge",
  "i32.clz i32.ctz i32.popcnt i32.add i32.sub i32.mul i32.div_s i32.div_u i32.rem_s i32.rem_u",
  "i32.and i32.or i32.xor i32.shl i32.shr_s i32.shr_u i32.rotl i32.rotr",
  "i64.clz i64.ctz i64.popcnt i64.add i64.sub i64.mul i64.div_s i64.div_u i64.rem_s i64.rem_u",
  "i64.and i64.or i64.xor i64.shl i64.shr_s i64.shr_u i64.rotl i64.rotr",
  "f32.abs f32.neg f32.ceil f32.floor f32.trunc f32.nearest f32.sqrt f32.add f32.sub f32.mul",
  "f32.div f32.min f32.max f32.copysign",
  "f64.abs f64.neg f64.ceil f64.floor f64.trunc f64.nearest f64.sqrt f64.add f64.sub f64.mul",
  "f64.div f64.min f64.max f64.copysign",
  "i32.wrap_i64 i32.trunc_f32_s i32.trunc_f32_u i32.trunc_f64_s i32.trunc_f64_u",
  "i64.extend_i32_s i64.extend_i32_u i64.trunc_f32_s i64.trunc_f32_u i64.trunc_f64_s",
  "i64.trunc_f64_u f32.convert_i32_s f32.convert_i32_u f32.convert_i64_s f32.convert_i64_u",
  "f32.demote_f64 f64.convert_i32_s f64.convert_i32_u f64.convert_i64_s f64.convert_i64_u",
  "f64.promote_f32 i32.reinterpret_f32 i64.reinterpret_f64 f32.reinterpret_i32",
  "f64.reinterpret_i64",
].join(" ").split(" ");
for (let i = 0; i < NUMERIC.length; i++) PLAIN[NUMERIC[i]] = 0x45 + i;

/** Loads and stores: opcode and natural alignment (log2 bytes). */
const MEMORY: Record<string, [number, number]> = {
  "i32.load": [0x28, 2],
  "i64.load": [0x29, 3],
  "f32.load": [0x2a, 2],
  "f64.load": [0x2b, 3],
  "i32.load8_u": [0x2d, 0],
  "i32.load16_u": [0x2f, 1],
  "i32.store": [0x36, 2],
  "i64.store": [0x37, 3],
  "f32.store": [0x38, 2],
  "f64.store": [0x39, 3],
  "i32.store8": [0x3a, 0],
  "i32.store16": [0x3b, 1],
};

function uleb(v: number, out: number[]): void {
  do {
    let b = v & 0x7f;
    v = Math.floor(v / 128);
    if (v !== 0) b |= 0x80;
    out.push(b);
  } while (v !== 0);
}

function sleb(v: bigint, out: number[]): void {
  for (;;) {
    const b = Number(v & 0x7fn);
    v >>= 7n;
    if ((v === 0n && (b & 0x40) === 0) || (v === -1n && (b & 0x40) !== 0)) {
      out.push(b);
      return;
    }
    out.push(b | 0x80);
  }
}

function name(s: string, out: number[]): void {
  const bytes = new TextEncoder().encode(s);
  uleb(bytes.length, out);
  out.push(...bytes);
}

function section(id: number, body: number[], out: number[]): void {
  out.push(id);
  uleb(body.length, out);
  out.push(...body);
}

/** Assembles one function body (locals and code). */
function body(
  f: WasmFunc,
  funcs: ReadonlyMap<string, number>,
  globals: ReadonlyMap<string, number>,
): number[] {
  const locals = new Map<string, number>();
  for (const p of Object.keys(f.params ?? {})) locals.set(p, locals.size);
  const decl = Object.entries(f.locals ?? {});
  for (const [l] of decl) locals.set(l, locals.size);
  const out: number[] = [];
  uleb(decl.length, out);
  for (const [, t] of decl) out.push(1, TYPE[t]);
  const labels: (string | null)[] = [];
  const tokens = f.body.replace(/;;[^\n]*/g, "").split(/\s+/).filter((t) => t !== "");
  const at = (i: number, what: string): string => {
    if (i >= tokens.length) throw new Error(`wasm ${f.name}: ${what} expected at the end`);
    return tokens[i];
  };
  const index = (map: ReadonlyMap<string, number>, key: string, what: string): number => {
    const v = map.get(key.replace(/^\$/, ""));
    if (v === undefined) throw new Error(`wasm ${f.name}: unknown ${what} ${key}`);
    return v;
  };
  for (let i = 0; i < tokens.length; i++) {
    const op = tokens[i];
    if (op === "block" || op === "loop" || op === "if") {
      out.push(op === "block" ? 0x02 : op === "loop" ? 0x03 : 0x04);
      let label: string | null = null;
      if (tokens[i + 1]?.startsWith("$")) label = tokens[++i].slice(1);
      const t = tokens[i + 1] as ValType;
      if (Object.hasOwn(TYPE, t)) {
        out.push(TYPE[t]);
        i++;
      } else out.push(0x40);
      labels.push(label);
    } else if (op === "end") {
      out.push(0x0b);
      labels.pop();
    } else if (op === "br" || op === "br_if") {
      const l = at(++i, "label").slice(1);
      const depth = labels.length - 1 - labels.lastIndexOf(l);
      if (depth >= labels.length) throw new Error(`wasm ${f.name}: unknown label $${l}`);
      out.push(op === "br" ? 0x0c : 0x0d);
      uleb(depth, out);
    } else if (op === "local.get" || op === "local.set" || op === "local.tee") {
      out.push(op === "local.get" ? 0x20 : op === "local.set" ? 0x21 : 0x22);
      uleb(index(locals, at(++i, "local"), "local"), out);
    } else if (op === "global.get" || op === "global.set") {
      out.push(op === "global.get" ? 0x23 : 0x24);
      uleb(index(globals, at(++i, "global"), "global"), out);
    } else if (op === "call") {
      out.push(0x10);
      uleb(index(funcs, at(++i, "function"), "function"), out);
    } else if (op === "i32.const" || op === "i64.const") {
      out.push(op === "i32.const" ? 0x41 : 0x42);
      let v = BigInt(at(++i, "constant"));
      if (op === "i32.const") v = BigInt.asIntN(32, v);
      else v = BigInt.asIntN(64, v);
      sleb(v, out);
    } else if (op === "f32.const" || op === "f64.const") {
      out.push(op === "f32.const" ? 0x43 : 0x44);
      const v = Number(at(++i, "constant"));
      const bytes = op === "f32.const" ? new Float32Array([v]) : new Float64Array([v]);
      out.push(...new Uint8Array(bytes.buffer));
    } else if (Object.hasOwn(MEMORY, op)) {
      const [code, align] = MEMORY[op];
      let offset = 0;
      if (tokens[i + 1]?.startsWith("offset=")) offset = Number(tokens[++i].slice(7));
      out.push(code);
      uleb(align, out);
      uleb(offset, out);
    } else if (Object.hasOwn(PLAIN, op)) {
      out.push(PLAIN[op]);
    } else {
      throw new Error(`wasm ${f.name}: unknown instruction ${op}`);
    }
  }
  out.push(0x0b);
  return out;
}

/**
 * The bytes of a module with `pages` pages of its own (exported) memory named "memory", the
 * imports (module "env"), the mutable globals (zero-initialised) and the functions, each
 * exported under its name.
 */
export function assemble(
  imports: readonly WasmImport[],
  globals: readonly WasmGlobal[],
  funcs: readonly WasmFunc[],
  pages: number,
): Uint8Array<ArrayBuffer> {
  const sig = (params: readonly ValType[], result?: ValType): string =>
    `${params.join(",")}->${result ?? ""}`;
  const types = new Map<string, number>();
  const typeOf = (params: readonly ValType[], result?: ValType): number => {
    const key = sig(params, result);
    if (!types.has(key)) types.set(key, types.size);
    return types.get(key)!;
  };
  const funcIndex = new Map<string, number>();
  const importTypes = imports.map((im) => {
    funcIndex.set(im.name, funcIndex.size);
    return typeOf(im.params, im.result);
  });
  const funcTypes = funcs.map((f) => {
    funcIndex.set(f.name, funcIndex.size);
    return typeOf(Object.values(f.params ?? {}), f.result);
  });
  const globalIndex = new Map(globals.map((g, i) => [g.name, i]));
  const out = [0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00];

  const typeSec: number[] = [];
  uleb(types.size, typeSec);
  for (const key of types.keys()) {
    const [p, r] = key.split("->");
    const params = p === "" ? [] : p.split(",") as ValType[];
    typeSec.push(0x60);
    uleb(params.length, typeSec);
    for (const t of params) typeSec.push(TYPE[t]);
    if (r === "") typeSec.push(0);
    else typeSec.push(1, TYPE[r as ValType]);
  }
  section(1, typeSec, out);

  const importSec: number[] = [];
  uleb(imports.length, importSec);
  imports.forEach((im, i) => {
    name("env", importSec);
    name(im.name, importSec);
    importSec.push(0x00);
    uleb(importTypes[i], importSec);
  });
  section(2, importSec, out);

  const funcSec: number[] = [];
  uleb(funcs.length, funcSec);
  for (const t of funcTypes) uleb(t, funcSec);
  section(3, funcSec, out);

  const memSec: number[] = [1, 0x00];
  uleb(pages, memSec);
  section(5, memSec, out);

  const globalSec: number[] = [];
  uleb(globals.length, globalSec);
  for (const g of globals) {
    globalSec.push(TYPE[g.type], 0x01);
    if (g.type === "i32") globalSec.push(0x41, 0);
    else if (g.type === "i64") globalSec.push(0x42, 0);
    else if (g.type === "f32") globalSec.push(0x43, 0, 0, 0, 0);
    else globalSec.push(0x44, 0, 0, 0, 0, 0, 0, 0, 0);
    globalSec.push(0x0b);
  }
  section(6, globalSec, out);

  const exportSec: number[] = [];
  uleb(funcs.length + 1, exportSec);
  name("memory", exportSec);
  exportSec.push(0x02, 0);
  for (const f of funcs) {
    name(f.name, exportSec);
    exportSec.push(0x00);
    uleb(funcIndex.get(f.name)!, exportSec);
  }
  section(7, exportSec, out);

  const codeSec: number[] = [];
  uleb(funcs.length, codeSec);
  for (const f of funcs) {
    const b = body(f, funcIndex, globalIndex);
    uleb(b.length, codeSec);
    codeSec.push(...b);
  }
  section(10, codeSec, out);
  return new Uint8Array(out);
}
