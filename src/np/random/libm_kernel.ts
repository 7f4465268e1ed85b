/**
 * glibc's `log`, `exp` and `pow` (their x86-64 FMA builds, as libm.ts and glibc_log.ts emulate
 * them) compiled to WebAssembly: the same operations in the same order, the fused multiply-adds
 * by the exact emulation of glibc_log.ts's `fma`, but without JavaScript's boxing of doubles
 * across the dozen calls a logarithm makes. Only the main paths are here (positive normal
 * arguments, results in range); libm.ts takes the special cases in JavaScript. One instance,
 * shared; its memory holds glibc's tables.
 *
 * @module
 */
import { assemble, type WasmFunc } from "./wasm.ts";
import { A, B, LN2, TAB } from "./glibc_log_tables.ts";
import {
  EXP_CONSTS,
  EXP_SBITS_HI,
  EXP_SBITS_LO,
  EXP_TAIL,
  POW_CONSTS,
  POW_TAB,
} from "./glibc_exp_tables.ts";

// Table offsets in memory: log's (invc, logc) pairs, exp's (tail, sbits) pairs, pow's
// (invc, logc, logctail) triples; 16 or 24 bytes per entry.
const LOG_TAB = 0, EXP_TAB = 2048, POW_TAB_AT = 4096;

const [INV_LN2_N, NEG_LN2_HI_N, NEG_LN2_LO_N, C2, C3, C4, C5, SHIFT] = EXP_CONSTS;
const [LN2HI_P, LN2LO_P, PA0, PA1, PA2, PA3, PA4, PA5, PA6] = POW_CONSTS;

/** `fma(a, b, c)` of the three operands on the stack (a call). */
const FMA = "call $fma";

/** exp_inline's main path from `$x`, `$xt` (tail) and `$sb` (sign bias, i64) to the stack. */
const EXP_MAIN = `
  local.get $x f64.const ${INV_LN2_N} f64.const ${SHIFT} ${FMA} local.tee $kd
  i64.reinterpret_f64 local.set $ki
  local.get $kd f64.const ${SHIFT} f64.sub local.set $kd
  local.get $kd f64.const ${NEG_LN2_LO_N}
  local.get $kd f64.const ${NEG_LN2_HI_N} local.get $x ${FMA} ${FMA}
  local.get $xt f64.add local.set $r ;; xtail + r, as commutative as C's r += xtail
  local.get $ki i32.wrap_i64 i32.const 127 i32.and i32.const 4 i32.shl local.set $i
  local.get $r local.get $r f64.mul local.set $r2
  ;; tmp = fma(r2 * r2, fma(r, C5, C4), fma(fma(r, C3, C2), r2, tail + r))
  local.get $r2 local.get $r2 f64.mul
  local.get $r f64.const ${C5} f64.const ${C4} ${FMA}
  local.get $r f64.const ${C3} f64.const ${C2} ${FMA} local.get $r2
  local.get $i f64.load offset=${EXP_TAB} local.get $r f64.add ${FMA}
  ${FMA} local.set $tmp
  ;; scale = asdouble(T[2 idx + 1] + ((ki + sign_bias) << 45)); fma(scale, tmp, scale)
  local.get $i i64.load offset=${EXP_TAB + 8}
  local.get $ki local.get $sb i64.add i64.const 45 i64.shl i64.add f64.reinterpret_i64
  local.tee $kd local.get $tmp local.get $kd ${FMA}`;

const FUNCS: WasmFunc[] = [
  {
    name: "fma", // glibc_log.ts's fma: Dekker's product, two-sum, round to odd, round once
    params: { a: "f64", b: "f64", c: "f64" },
    result: "f64",
    locals: {
      p: "f64",
      ah: "f64",
      al: "f64",
      bh: "f64",
      bl: "f64",
      t: "f64",
      e: "f64",
      s: "f64",
      bb: "f64",
      u: "f64",
      ub: "f64",
      v: "f64",
      bits: "i64",
    },
    body: `
      local.get $a local.get $b f64.mul local.set $p
      ;; a non-finite product or a zero factor: p + c
      local.get $p local.get $p f64.sub f64.const 0 f64.ne
      local.get $a f64.const 0 f64.eq i32.or
      local.get $b f64.const 0 f64.eq i32.or
      if local.get $p local.get $c f64.add return end
      f64.const 134217729 local.get $a f64.mul local.tee $t
      local.get $t local.get $a f64.sub f64.sub local.set $ah
      local.get $a local.get $ah f64.sub local.set $al
      f64.const 134217729 local.get $b f64.mul local.tee $t
      local.get $t local.get $b f64.sub f64.sub local.set $bh
      local.get $b local.get $bh f64.sub local.set $bl
      local.get $ah local.get $bh f64.mul local.get $p f64.sub
      local.get $ah local.get $bl f64.mul f64.add
      local.get $al local.get $bh f64.mul f64.add
      local.get $al local.get $bl f64.mul f64.add local.set $e
      local.get $p local.get $c f64.add local.tee $s local.get $p f64.sub local.set $bb
      local.get $p local.get $s local.get $bb f64.sub f64.sub
      local.get $c local.get $bb f64.sub f64.add local.set $t
      local.get $t local.get $e f64.add local.tee $u local.get $t f64.sub local.set $ub
      local.get $t local.get $u local.get $ub f64.sub f64.sub
      local.get $e local.get $ub f64.sub f64.add local.set $v
      local.get $v f64.const 0 f64.ne
      if
        local.get $u f64.const 0 f64.ne
        if
          local.get $u i64.reinterpret_f64 local.tee $bits i64.const 1 i64.and i64.eqz
          if ;; round to odd: one unit toward v
            local.get $bits i64.const 1 i64.const -1
            local.get $u f64.const 0 f64.gt local.get $v f64.const 0 f64.gt i32.eq select
            i64.add f64.reinterpret_i64 local.set $u
          end
        else
          local.get $v local.set $u
        end
      end
      local.get $s local.get $u f64.add`,
  },
  {
    name: "log", // glibcLog for a positive normal finite x
    params: { x: "f64" },
    result: "f64",
    locals: {
      r: "f64",
      r2: "f64",
      r3: "f64",
      w: "f64",
      rhi: "f64",
      rlo: "f64",
      hi: "f64",
      lo: "f64",
      poly: "f64",
      bits: "i64",
      tmp: "i64",
      i: "i32",
      kd: "f64",
    },
    body: `
      local.get $x f64.const 0.9375 f64.ge local.get $x f64.const 1.064697265625 f64.lt i32.and
      if
        local.get $x f64.const 1 f64.eq if f64.const 0 return end
        local.get $x f64.const 1 f64.sub local.tee $r local.get $r f64.mul local.set $r2
        local.get $r local.get $r2 f64.mul local.set $r3
        ;; inner, mid, poly
        local.get $r3 f64.const ${B[10]}
        local.get $r2 f64.const ${B[9]} local.get $r f64.const ${B[8]} f64.const ${B[7]} ${FMA}
        ${FMA} ${FMA} local.set $poly
        local.get $r3 local.get $poly
        local.get $r2 f64.const ${B[6]} local.get $r f64.const ${B[5]} f64.const ${B[4]} ${FMA}
        ${FMA} ${FMA} local.set $poly
        local.get $r3 local.get $poly
        local.get $r2 f64.const ${B[3]} local.get $r f64.const ${B[2]} f64.const ${B[1]} ${FMA}
        ${FMA} ${FMA} local.set $poly
        local.get $r f64.const 134217728 f64.mul local.set $w
        local.get $r local.get $w f64.add local.get $w f64.sub local.tee $rhi
        local.get $r local.get $rhi f64.sub local.set $rlo
        local.get $rhi f64.mul f64.const ${B[0]} f64.mul local.set $w
        local.get $r local.get $w f64.add local.set $hi
        local.get $r local.get $hi f64.sub local.get $w f64.add local.set $lo
        f64.const ${B[0]} local.get $rlo f64.mul local.get $rhi local.get $r f64.add
        local.get $lo ${FMA} local.set $lo
        local.get $r3 local.get $poly local.get $lo ${FMA} local.get $hi f64.add return
      end
      local.get $x i64.reinterpret_f64 local.tee $bits
      i64.const 0x3fe6000000000000 i64.sub local.tee $tmp
      i64.const 45 i64.shr_u i32.wrap_i64 i32.const 127 i32.and i32.const 4 i32.shl local.set $i
      local.get $tmp i64.const 52 i64.shr_s f64.convert_i64_s local.set $kd
      ;; r = fma(z, invc, -1), z = x scaled into [OFF, 2 OFF)
      local.get $bits local.get $tmp i64.const 0xfff0000000000000 i64.and i64.sub
      f64.reinterpret_i64 local.get $i f64.load offset=${LOG_TAB} f64.const -1 ${FMA}
      local.set $r
      ;; w = fma(kd, ln2hi, logc); hi = w + r; lo = fma(kd, ln2lo, w - hi + r)
      local.get $kd f64.const ${LN2[0]} local.get $i f64.load offset=${LOG_TAB + 8} ${FMA}
      local.tee $w local.get $r f64.add local.set $hi
      local.get $kd f64.const ${LN2[1]} local.get $w local.get $hi f64.sub local.get $r f64.add
      ${FMA} local.set $lo
      local.get $r local.get $r f64.mul local.set $r2
      ;; y = fma(r * r2, p, fma(r2, A0, lo)) + hi
      local.get $r local.get $r2 f64.mul
      local.get $r2 local.get $r f64.const ${A[4]} f64.const ${A[3]} ${FMA}
      local.get $r f64.const ${A[2]} f64.const ${A[1]} ${FMA} ${FMA}
      local.get $r2 f64.const ${A[0]} local.get $lo ${FMA} ${FMA}
      local.get $hi f64.add`,
  },
  {
    name: "exp", // glibc's exp for 2^-54 <= |x| < 512 (top12 in [0x3c9, 0x408])
    params: { x: "f64" },
    result: "f64",
    locals: {
      xt: "f64",
      sb: "i64",
      kd: "f64",
      ki: "i64",
      r: "f64",
      r2: "f64",
      tmp: "f64",
      i: "i32",
    },
    body: EXP_MAIN,
  },
  {
    name: "pow", // e_pow.c's main path: ix (as a double) positive normal, y moderate; NaN: fall back
    params: { xd: "f64", y: "f64", signBias: "i32" },
    result: "f64",
    locals: {
      x: "f64",
      xt: "f64",
      sb: "i64",
      kd: "f64",
      ki: "i64",
      r: "f64",
      r2: "f64",
      tmp: "f64",
      i: "i32",
      ix: "i64",
      t64: "i64",
      k: "f64",
      t1: "f64",
      t2: "f64",
      lo1: "f64",
      lo2: "f64",
      ar: "f64",
      ar2: "f64",
      ar3: "f64",
      lo3: "f64",
      hi: "f64",
      lo4: "f64",
      lo: "f64",
      ly: "f64",
      ltail: "f64",
      top: "i32",
    },
    body: `
      ;; log_inline
      local.get $xd i64.reinterpret_f64 local.tee $ix
      i64.const 0x3fe6955500000000 i64.sub local.tee $t64
      i64.const 45 i64.shr_u i32.wrap_i64 i32.const 127 i32.and i32.const 24 i32.mul local.set $i
      local.get $t64 i64.const 52 i64.shr_s f64.convert_i64_s local.set $k
      local.get $ix local.get $t64 i64.const 0xfff0000000000000 i64.and i64.sub
      f64.reinterpret_i64 local.get $i f64.load offset=${POW_TAB_AT} f64.const -1 ${FMA}
      local.set $r
      local.get $k f64.const ${LN2HI_P} local.get $i f64.load offset=${POW_TAB_AT + 8} ${FMA}
      local.tee $t1 local.get $r f64.add local.set $t2 ;; r + t1
      local.get $k f64.const ${LN2LO_P} local.get $i f64.load offset=${POW_TAB_AT + 16} ${FMA}
      local.set $lo1
      local.get $t1 local.get $t2 f64.sub local.get $r f64.add local.set $lo2
      local.get $r f64.const ${PA0} f64.mul local.tee $ar local.get $r f64.mul local.tee $ar2
      local.get $r f64.mul local.set $ar3
      local.get $ar local.get $r local.get $ar2 f64.neg ${FMA} local.set $lo3
      local.get $t2 local.get $ar2 f64.add local.tee $hi
      local.get $t2 local.get $hi f64.sub local.get $ar2 f64.add local.set $lo4
      drop
      ;; lo = fma(ar3, fma(ar2, fma(ar2, fma(r, A6, A5), fma(r, A4, A3)), fma(r, A2, A1)),
      ;;          lo1 + lo2 + lo3 + lo4)
      local.get $ar3
      local.get $ar2
      local.get $ar2 local.get $r f64.const ${PA6} f64.const ${PA5} ${FMA}
      local.get $r f64.const ${PA4} f64.const ${PA3} ${FMA} ${FMA}
      local.get $r f64.const ${PA2} f64.const ${PA1} ${FMA} ${FMA}
      local.get $lo1 local.get $lo2 f64.add local.get $lo3 f64.add local.get $lo4 f64.add
      ${FMA} local.set $lo
      local.get $hi local.get $lo f64.add local.set $ly
      local.get $hi local.get $ly f64.sub local.get $lo f64.add local.set $ltail
      ;; ehi = y * ly; elo = fma(y, ltail, fma(ly, y, -ehi))
      local.get $y local.get $ly f64.mul local.set $x
      local.get $y local.get $ltail local.get $ly local.get $y local.get $x f64.neg ${FMA} ${FMA}
      local.set $xt
      ;; exp_inline's main path only
      local.get $x i64.reinterpret_f64 i64.const 52 i64.shr_u i32.wrap_i64 i32.const 0x7ff i32.and
      i32.const 0x3c9 i32.sub i32.const 0x3f i32.ge_u
      if f64.const nan return end
      local.get $signBias i64.extend_i32_u local.set $sb
      ${EXP_MAIN}`,
  },
];

/** The kernel's exports. */
interface LibmKernel {
  memory: WebAssembly.Memory;
  fma(a: number, b: number, c: number): number;
  log(x: number): number;
  exp(x: number): number;
  pow(ix: number, y: number, signBias: number): number;
}

let kernel: LibmKernel | undefined;

/** The shared instance, its tables in place. */
export function libmKernel(): LibmKernel {
  if (kernel !== undefined) return kernel;
  const module = new WebAssembly.Module(assemble([], [], FUNCS, 1));
  const k = new WebAssembly.Instance(module, {}).exports as unknown as LibmKernel;
  new Float64Array(k.memory.buffer, LOG_TAB, 256).set(TAB);
  const exp = new DataView(k.memory.buffer, EXP_TAB, 2048);
  for (let i = 0; i < 128; i++) {
    exp.setFloat64(16 * i, EXP_TAIL[i], true);
    exp.setUint32(16 * i + 8, EXP_SBITS_LO[i], true);
    exp.setUint32(16 * i + 12, EXP_SBITS_HI[i], true);
  }
  new Float64Array(k.memory.buffer, POW_TAB_AT, 384).set(POW_TAB);
  kernel = k;
  return k;
}
