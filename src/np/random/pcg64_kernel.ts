/**
 * PCG64's WebAssembly kernel: the 128-bit LCG step with the XSL-RR output (pcg64.h), NumPy's
 * `next_uint32` buffering, `next_double`/`next_float`, and the fills that dominate
 * `Generator.random`, `standard_normal`, `standard_exponential` and `integers` (distributions.c's
 * ziggurats over NumPy's tables, Lemire's bounded integers). Each PCG64 instantiates its own copy
 * (state in globals, a fill buffer in its memory); the rare branches of the ziggurats call back
 * into JavaScript for `log1p` and `exp`.
 *
 * @module
 */
import { assemble, type WasmFunc } from "./wasm.ts";
import {
  FE_DOUBLE,
  FE_FLOAT,
  FI_DOUBLE,
  FI_FLOAT,
  KE_DOUBLE,
  KE_FLOAT,
  KI_DOUBLE,
  KI_FLOAT,
  WE_DOUBLE,
  WE_FLOAT,
  WI_DOUBLE,
  WI_FLOAT,
} from "./ziggurat_tables.ts";

/** Byte offsets in the kernel's memory. */
export const MEM = {
  /** The last `next64_out` (low word first). */
  OUT: 0,
  /** `save_state`/`load_state`: state hi, lo, inc hi, lo (uint64), has_uint32, uinteger. */
  STATE: 8,
  /** The fill buffer. */
  BUF: 32768,
} as const;

/** Elements of 8 bytes the fill buffer holds. */
export const BUF_LEN = (4 * 65536 - MEM.BUF) / 8;

const KI = 1024, WI = 3072, FI = 5120, KE = 7168, WE = 9216, FE = 11264;
const KIF = 13312, WIF = 14336, FIF = 15360, KEF = 16384, WEF = 17408, FEF = 18432;

const NOR_R = 3.6541528853610087963519472518;
const NOR_INV_R = 0.27366123732975827203338247596;
const EXP_R = 7.69711747013104972;

// PCG64's multiplier: its high and low 64 bits, and the low ones' 32-bit halves.
const M_HI = "0x2360ed051fc65da4", M_LO = "0x4385df649fccf645";
const M_LO0 = "0x9fccf645", M_LO1 = "0x4385df64";

/** The locals the macros below use (state in locals while a fill runs). */
const STATE_LOCALS = {
  sh: "i64",
  sl: "i64",
  ih: "i64",
  il: "i64",
  lo: "i64",
  a0: "i64",
  a1: "i64",
  t: "i64",
  w: "i64",
  has32: "i32",
  u32: "i32",
  r64: "i64",
} as const;

/** The generator's state from its globals into locals. */
const LOAD = `global.get $sh local.set $sh global.get $sl local.set $sl
  global.get $ih local.set $ih global.get $il local.set $il
  global.get $has32 local.set $has32 global.get $u32 local.set $u32`;
/** The locals back into the globals (around calls that draw through them). */
const SAVE = `local.get $sh global.set $sh local.get $sl global.set $sl
  local.get $has32 global.set $has32 local.get $u32 global.set $u32`;

/**
 * pcg64_random_r on the locals: state = state * MULT + inc (128-bit: the low product, its high
 * half from four 32-bit products, the cross terms, the carry of the increment), then the XSL-RR
 * output of the new state into local `dst`.
 */
const STEP = (dst: string) => `
  local.get $sl i64.const ${M_LO} i64.mul local.get $il i64.add local.set $lo
  local.get $sl i64.const 0xffffffff i64.and local.set $a0
  local.get $sl i64.const 32 i64.shr_u local.set $a1
  local.get $a1 i64.const ${M_LO0} i64.mul
  local.get $a0 i64.const ${M_LO0} i64.mul i64.const 32 i64.shr_u i64.add local.set $t
  local.get $t i64.const 0xffffffff i64.and local.get $a0 i64.const ${M_LO1} i64.mul i64.add
  local.set $w
  local.get $a1 i64.const ${M_LO1} i64.mul local.get $t i64.const 32 i64.shr_u i64.add
  local.get $w i64.const 32 i64.shr_u i64.add
  local.get $sl i64.const ${M_HI} i64.mul i64.add
  local.get $sh i64.const ${M_LO} i64.mul i64.add
  local.get $ih i64.add
  local.get $lo local.get $il i64.lt_u i64.extend_i32_u i64.add local.set $sh
  local.get $lo local.set $sl
  local.get $sh local.get $sl i64.xor local.get $sh i64.const 58 i64.shr_u i64.rotr
  local.set ${dst}`;

/** pcg64_next32 on the locals into i32 local `dst`: the buffered high half, or a new draw. */
const NEXT32 = (dst: string) => `
  local.get $has32
  if
    i32.const 0 local.set $has32 local.get $u32 local.set ${dst}
  else
    ${STEP("$r64")}
    local.get $r64 i64.const 32 i64.shr_u i32.wrap_i64 local.set $u32
    i32.const 1 local.set $has32
    local.get $r64 i32.wrap_i64 local.set ${dst}
  end`;

/** `for (p = BUF; p < BUF + n * size; p += size) { body }` (body sees $p). */
const EACH = (size: number, body: string) => `
  i32.const ${MEM.BUF} local.set $p
  local.get $n i32.const ${Math.log2(size)} i32.shl i32.const ${MEM.BUF} i32.add local.set $end
  block $done
    loop $each
      local.get $p local.get $end i32.ge_u br_if $done
      ${body}
      local.get $p i32.const ${size} i32.add local.set $p
      br $each
    end
  end`;

/** random_standard_normal into f64 local $y, state in locals (rare branches through calls). */
const NORMAL = `
  loop $retry
    ${STEP("$r")}
    local.get $r i32.wrap_i64 i32.const 0xff i32.and local.set $idx
    local.get $r i64.const 9 i64.shr_u i64.const 0x000fffffffffffff i64.and local.set $rabs
    local.get $rabs f64.convert_i64_s
    local.get $idx i32.const 3 i32.shl f64.load offset=${WI} f64.mul local.set $y
    local.get $r i64.const 8 i64.shr_u i32.wrap_i64 i32.const 1 i32.and
    if local.get $y f64.neg local.set $y end
    local.get $rabs local.get $idx i32.const 3 i32.shl i64.load offset=${KI} i64.ge_u
    if
      ${SAVE}
      local.get $idx local.get $rabs local.get $y call $normal_rare local.set $y
      ${LOAD}
      local.get $y local.get $y f64.ne br_if $retry
    end
  end`;

/** random_standard_normal_f into f32 local $yf. */
const NORMAL_F = `
  loop $retry
    ${NEXT32("$r32")}
    local.get $r32 i32.const 0xff i32.and local.set $idx
    local.get $r32 i32.const 9 i32.shr_u i32.const 0x7fffff i32.and local.set $rabs32
    local.get $rabs32 f32.convert_i32_s
    local.get $idx i32.const 2 i32.shl f32.load offset=${WIF} f32.mul local.set $yf
    local.get $r32 i32.const 8 i32.shr_u i32.const 1 i32.and
    if local.get $yf f32.neg local.set $yf end
    local.get $rabs32 local.get $idx i32.const 2 i32.shl i32.load offset=${KIF} i32.ge_u
    if
      ${SAVE}
      local.get $idx local.get $rabs32 local.get $yf call $normal_f_rare local.set $yf
      ${LOAD}
      local.get $yf local.get $yf f32.ne br_if $retry
    end
  end`;

/** random_standard_exponential into f64 local $y. */
const EXPONENTIAL = `
  loop $retry
    ${STEP("$r")}
    local.get $r i64.const 3 i64.shr_u i32.wrap_i64 i32.const 0xff i32.and local.set $idx
    local.get $r i64.const 11 i64.shr_u local.tee $rabs f64.convert_i64_s
    local.get $idx i32.const 3 i32.shl f64.load offset=${WE} f64.mul local.set $y
    local.get $rabs local.get $idx i32.const 3 i32.shl i64.load offset=${KE} i64.ge_u
    if
      ${SAVE}
      local.get $idx local.get $y call $exponential_rare local.set $y
      ${LOAD}
      local.get $y local.get $y f64.ne br_if $retry
    end
  end`;

/** random_standard_exponential_f into f32 local $yf. */
const EXPONENTIAL_F = `
  loop $retry
    ${NEXT32("$r32")}
    local.get $r32 i32.const 1 i32.shr_u i32.const 0xff i32.and local.set $idx
    local.get $r32 i32.const 9 i32.shr_u local.tee $rabs32 f32.convert_i32_s
    local.get $idx i32.const 2 i32.shl f32.load offset=${WEF} f32.mul local.set $yf
    local.get $rabs32 local.get $idx i32.const 2 i32.shl i32.load offset=${KEF} i32.ge_u
    if
      ${SAVE}
      local.get $idx local.get $yf call $exponential_f_rare local.set $yf
      ${LOAD}
      local.get $yf local.get $yf f32.ne br_if $retry
    end
  end`;

/**
 * buffered_bounded_lemire_uint32 (0 < rng < 0xffffffff) on the locals into i32 local $v:
 * Lemire's multiply, redrawn while the low half is below (2**32 - 1 - rng) % (rng + 1).
 */
const LEMIRE32 = `
  local.get $rng i32.const 1 i32.add i64.extend_i32_u local.set $excl
  ${NEXT32("$r32")}
  local.get $r32 i64.extend_i32_u local.get $excl i64.mul local.tee $m
  i32.wrap_i64 local.get $excl i32.wrap_i64 i32.lt_u
  if
    i32.const -1 local.get $rng i32.sub local.get $excl i32.wrap_i64 i32.rem_u local.set $thr
    block $ok
      loop $again
        local.get $m i32.wrap_i64 local.get $thr i32.ge_u br_if $ok
        ${NEXT32("$r32")}
        local.get $r32 i64.extend_i32_u local.get $excl i64.mul local.set $m
        br $again
      end
    end
  end
  local.get $m i64.const 32 i64.shr_u i32.wrap_i64 local.set $v`;

const DRAW_LOCALS = {
  ...STATE_LOCALS,
  r: "i64",
  r32: "i32",
  rabs: "i64",
  rabs32: "i32",
  idx: "i32",
  y: "f64",
  yf: "f32",
} as const;
const FILL_LOCALS = { ...DRAW_LOCALS, p: "i32", end: "i32" } as const;
const BOUNDED_LOCALS = { ...FILL_LOCALS, excl: "i64", m: "i64", thr: "i32", v: "i32" } as const;

const FUNCS: WasmFunc[] = [
  {
    name: "next64", // pcg64_random_r
    result: "i64",
    locals: STATE_LOCALS,
    body: `${LOAD} ${STEP("$r64")} ${SAVE} local.get $r64`,
  },
  {
    name: "next64_out",
    body: `i32.const ${MEM.OUT} call $next64 i64.store`,
  },
  {
    name: "next32", // pcg64_next32: the low half now, the high half on the next call
    result: "i32",
    locals: { ...STATE_LOCALS, v: "i32" },
    body: `${LOAD} ${NEXT32("$v")} ${SAVE} local.get $v`,
  },
  {
    name: "next_double",
    result: "f64",
    body: `call $next64 i64.const 11 i64.shr_u f64.convert_i64_s f64.const 1.1102230246251565e-16
      f64.mul`,
  },
  {
    name: "next_float",
    result: "f32",
    body: `call $next32 i32.const 8 i32.shr_u f32.convert_i32_s f32.const 5.9604644775390625e-8
      f32.mul`,
  },
  {
    name: "normal_rare", // the tail (idx 0) or the wedge test of random_standard_normal; NaN: retry
    params: { idx: "i32", rabs: "i64", x: "f64" },
    result: "f64",
    locals: { xx: "f64", yy: "f64" },
    body: `
      local.get $idx i32.eqz
      if
        loop $tail
          f64.const ${-NOR_INV_R}
          call $next_double f64.neg call $log1p f64.mul local.set $xx
          call $next_double f64.neg call $log1p f64.neg local.set $yy
          local.get $yy local.get $yy f64.add local.get $xx local.get $xx f64.mul f64.gt
          if
            f64.const ${NOR_R} local.get $xx f64.add local.set $x
            local.get $rabs i64.const 8 i64.shr_u i64.const 1 i64.and i32.wrap_i64
            if local.get $x f64.neg return end
            local.get $x return
          end
          br $tail
        end
      end
      local.get $idx i32.const 3 i32.shl f64.load offset=${FI - 8}
      local.get $idx i32.const 3 i32.shl f64.load offset=${FI} f64.sub
      call $next_double f64.mul
      local.get $idx i32.const 3 i32.shl f64.load offset=${FI} f64.add
      f64.const -0.5 local.get $x f64.mul local.get $x f64.mul call $exp
      f64.lt
      if local.get $x return end
      f64.const nan`,
  },
  {
    name: "normal_f_rare", // random_standard_normal_f's tail or wedge; NaN: retry
    params: { idx: "i32", rabs: "i32", x: "f32" },
    result: "f32",
    locals: { xx: "f32", yy: "f32" },
    body: `
      local.get $idx i32.eqz
      if
        loop $tail
          f32.const ${-Math.fround(NOR_INV_R)}
          call $next_float f32.neg call $log1pf f32.mul local.set $xx
          call $next_float f32.neg call $log1pf f32.neg local.set $yy
          local.get $yy local.get $yy f32.add local.get $xx local.get $xx f32.mul f32.gt
          if
            f32.const ${Math.fround(NOR_R)} local.get $xx f32.add local.set $x
            local.get $rabs i32.const 8 i32.shr_u i32.const 1 i32.and
            if local.get $x f32.neg return end
            local.get $x return
          end
          br $tail
        end
      end
      ;; the float left side against exp(-0.5 * x * x) in double, as NumPy's C does
      local.get $idx i32.const 2 i32.shl f32.load offset=${FIF - 4}
      local.get $idx i32.const 2 i32.shl f32.load offset=${FIF} f32.sub
      call $next_float f32.mul
      local.get $idx i32.const 2 i32.shl f32.load offset=${FIF} f32.add f64.promote_f32
      f64.const -0.5 local.get $x f64.promote_f32 f64.mul local.get $x f64.promote_f32 f64.mul
      call $exp f64.lt
      if local.get $x return end
      f32.const nan`,
  },
  {
    name: "exponential_rare", // random_standard_exponential's tail or wedge; NaN: retry
    params: { idx: "i32", x: "f64" },
    result: "f64",
    body: `
      local.get $idx i32.eqz
      if
        f64.const ${EXP_R} call $next_double f64.neg call $log1p f64.sub return
      end
      local.get $idx i32.const 3 i32.shl f64.load offset=${FE - 8}
      local.get $idx i32.const 3 i32.shl f64.load offset=${FE} f64.sub
      call $next_double f64.mul
      local.get $idx i32.const 3 i32.shl f64.load offset=${FE} f64.add
      local.get $x f64.neg call $exp
      f64.lt
      if local.get $x return end
      f64.const nan`,
  },
  {
    name: "exponential_f_rare", // random_standard_exponential_f's tail or wedge; NaN: retry
    params: { idx: "i32", x: "f32" },
    result: "f32",
    body: `
      local.get $idx i32.eqz
      if
        f32.const ${Math.fround(EXP_R)} call $next_float f32.neg call $log1pf f32.sub return
      end
      local.get $idx i32.const 2 i32.shl f32.load offset=${FEF - 4}
      local.get $idx i32.const 2 i32.shl f32.load offset=${FEF} f32.sub
      call $next_float f32.mul
      local.get $idx i32.const 2 i32.shl f32.load offset=${FEF} f32.add
      local.get $x f32.neg call $expf
      f32.lt
      if local.get $x return end
      f32.const nan`,
  },
  {
    name: "normal",
    result: "f64",
    locals: DRAW_LOCALS,
    body: `${LOAD} ${NORMAL} ${SAVE} local.get $y`,
  },
  {
    name: "exponential",
    result: "f64",
    locals: DRAW_LOCALS,
    body: `${LOAD} ${EXPONENTIAL} ${SAVE} local.get $y`,
  },
  {
    name: "fill_double",
    params: { n: "i32" },
    locals: FILL_LOCALS,
    body: `${LOAD} ${
      EACH(
        8,
        `local.get $p ${STEP("$r")} local.get $r i64.const 11 i64.shr_u f64.convert_i64_s
        f64.const 1.1102230246251565e-16 f64.mul f64.store`,
      )
    } ${SAVE}`,
  },
  {
    name: "fill_float",
    params: { n: "i32" },
    locals: FILL_LOCALS,
    body: `${LOAD} ${
      EACH(
        4,
        `${NEXT32("$r32")} local.get $p local.get $r32 i32.const 8 i32.shr_u f32.convert_i32_s
        f32.const 5.9604644775390625e-8 f32.mul f32.store`,
      )
    } ${SAVE}`,
  },
  {
    name: "fill_normal",
    params: { n: "i32" },
    locals: FILL_LOCALS,
    body: `${LOAD} ${EACH(8, `${NORMAL} local.get $p local.get $y f64.store`)} ${SAVE}`,
  },
  {
    name: "fill_normal_f",
    params: { n: "i32" },
    locals: FILL_LOCALS,
    body: `${LOAD} ${EACH(4, `${NORMAL_F} local.get $p local.get $yf f32.store`)} ${SAVE}`,
  },
  {
    name: "fill_exponential",
    params: { n: "i32" },
    locals: FILL_LOCALS,
    body: `${LOAD} ${EACH(8, `${EXPONENTIAL} local.get $p local.get $y f64.store`)} ${SAVE}`,
  },
  {
    name: "fill_exponential_f",
    params: { n: "i32" },
    locals: FILL_LOCALS,
    body: `${LOAD} ${EACH(4, `${EXPONENTIAL_F} local.get $p local.get $yf f32.store`)} ${SAVE}`,
  },
  {
    name: "fill_bounded32", // random_bounded_uint32_fill without the mask (int32/uint32)
    params: { n: "i32", off: "i32", rng: "i32" },
    locals: BOUNDED_LOCALS,
    body: `${LOAD} ${
      EACH(
        4,
        `local.get $rng i32.eqz
        if
          i32.const 0 local.set $v
        else
          local.get $rng i32.const -1 i32.eq
          if
            ${NEXT32("$v")}
          else
            ${LEMIRE32}
          end
        end
        local.get $p local.get $off local.get $v i32.add i32.store`,
      )
    } ${SAVE}`,
  },
  {
    name: "lemire64", // bounded_lemire_uint64: a draw in [0, rng], 0xffffffff < rng < 2**64 - 1
    params: { rng: "i64" },
    result: "i64",
    locals: { excl: "i64", x: "i64", threshold: "i64" },
    body: `
      local.get $rng i64.const 1 i64.add local.set $excl
      call $next64 local.tee $x local.get $excl i64.mul local.get $excl i64.lt_u
      if
        i64.const -1 local.get $rng i64.sub local.get $excl i64.rem_u local.set $threshold
        block $done
          loop $again
            local.get $x local.get $excl i64.mul local.get $threshold i64.ge_u br_if $done
            call $next64 local.set $x
            br $again
          end
        end
      end
      local.get $x local.get $excl call $mulhi`,
  },
  {
    name: "mulhi", // the high 64 bits of a 64x64-bit product
    params: { a: "i64", b: "i64" },
    result: "i64",
    locals: { a0: "i64", a1: "i64", b0: "i64", b1: "i64", t: "i64", w1: "i64" },
    body: `
      local.get $a i64.const 0xffffffff i64.and local.set $a0
      local.get $a i64.const 32 i64.shr_u local.set $a1
      local.get $b i64.const 0xffffffff i64.and local.set $b0
      local.get $b i64.const 32 i64.shr_u local.set $b1
      local.get $a1 local.get $b0 i64.mul
      local.get $a0 local.get $b0 i64.mul i64.const 32 i64.shr_u
      i64.add local.set $t
      local.get $t i64.const 0xffffffff i64.and
      local.get $a0 local.get $b1 i64.mul i64.add local.set $w1
      local.get $a1 local.get $b1 i64.mul
      local.get $t i64.const 32 i64.shr_u i64.add
      local.get $w1 i64.const 32 i64.shr_u i64.add`,
  },
  {
    name: "fill_bounded64", // random_bounded_uint64_fill without the mask; off, rng as halves
    params: { n: "i32", offLo: "i32", offHi: "i32", rngLo: "i32", rngHi: "i32" },
    locals: { ...BOUNDED_LOCALS, off: "i64", rng64: "i64", rng: "i32" },
    body: `
      local.get $offHi i64.extend_i32_u i64.const 32 i64.shl
      local.get $offLo i64.extend_i32_u i64.or local.set $off
      local.get $rngHi i64.extend_i32_u i64.const 32 i64.shl
      local.get $rngLo i64.extend_i32_u i64.or local.set $rng64
      local.get $rngLo local.set $rng
      ${LOAD}
      ${
      EACH(
        8,
        `local.get $rng64 i64.eqz
        if
          local.get $p local.get $off i64.store
        else
          local.get $rngHi i32.eqz
          if
            local.get $rng i32.const -1 i32.eq
            if ${NEXT32("$v")} else ${LEMIRE32} end
            local.get $p local.get $off local.get $v i64.extend_i32_u i64.add i64.store
          else
            local.get $rng64 i64.const -1 i64.eq
            if
              ${STEP("$r")}
              local.get $p local.get $off local.get $r i64.add i64.store
            else
              ${SAVE}
              local.get $p local.get $off local.get $rng64 call $lemire64 i64.add i64.store
              ${LOAD}
            end
          end
        end`,
      )
    }
      ${SAVE}`,
  },
  {
    name: "load_state",
    body: `
      i32.const ${MEM.STATE} i64.load global.set $sh
      i32.const ${MEM.STATE} i64.load offset=8 global.set $sl
      i32.const ${MEM.STATE} i64.load offset=16 global.set $ih
      i32.const ${MEM.STATE} i64.load offset=24 global.set $il
      i32.const ${MEM.STATE} i32.load offset=32 global.set $has32
      i32.const ${MEM.STATE} i32.load offset=36 global.set $u32`,
  },
  {
    name: "save_state",
    body: `
      i32.const ${MEM.STATE} global.get $sh i64.store
      i32.const ${MEM.STATE} global.get $sl i64.store offset=8
      i32.const ${MEM.STATE} global.get $ih i64.store offset=16
      i32.const ${MEM.STATE} global.get $il i64.store offset=24
      i32.const ${MEM.STATE} global.get $has32 i32.store offset=32
      i32.const ${MEM.STATE} global.get $u32 i32.store offset=36`,
  },
];

/** The kernel's exports. */
export interface Pcg64Kernel {
  memory: WebAssembly.Memory;
  next64_out(): void;
  next32(): number;
  next_double(): number;
  next_float(): number;
  normal(): number;
  exponential(): number;
  fill_double(n: number): void;
  fill_float(n: number): void;
  fill_normal(n: number): void;
  fill_normal_f(n: number): void;
  fill_exponential(n: number): void;
  fill_exponential_f(n: number): void;
  fill_bounded64(n: number, offLo: number, offHi: number, rngLo: number, rngHi: number): void;
  fill_bounded32(n: number, off: number, rng: number): void;
  load_state(): void;
  save_state(): void;
}

/** The ziggurat tables as the kernel's memory holds them, from byte 1024. */
function tables(): Uint8Array {
  const bytes = new Uint8Array(FEF + 1024 - KI);
  const put = (at: number, values: readonly number[], Ctor: "u64" | "f64" | "u32" | "f32") => {
    const off = at - KI;
    if (Ctor === "u64") {
      const v = new BigUint64Array(bytes.buffer, off, 256);
      values.forEach((x, i) => v[i] = BigInt(x));
    } else if (Ctor === "f64") new Float64Array(bytes.buffer, off, 256).set(values);
    else if (Ctor === "u32") new Uint32Array(bytes.buffer, off, 256).set(values);
    else new Float32Array(bytes.buffer, off, 256).set(values);
  };
  put(KI, KI_DOUBLE, "u64");
  put(WI, WI_DOUBLE, "f64");
  put(FI, FI_DOUBLE, "f64");
  put(KE, KE_DOUBLE, "u64");
  put(WE, WE_DOUBLE, "f64");
  put(FE, FE_DOUBLE, "f64");
  put(KIF, KI_FLOAT, "u32");
  put(WIF, WI_FLOAT, "f32");
  put(FIF, FI_FLOAT, "f32");
  put(KEF, KE_FLOAT, "u32");
  put(WEF, WE_FLOAT, "f32");
  put(FEF, FE_FLOAT, "f32");
  return bytes;
}

/** The libm functions the ziggurats' rare branches call. */
export interface KernelMath {
  log1p(x: number): number;
  exp(x: number): number;
  log1pf(x: number): number;
  expf(x: number): number;
}

let compiled: { module: WebAssembly.Module; tables: Uint8Array } | undefined;

/** A fresh kernel instance (state zero) with the tables in place. */
export function pcg64Kernel(math: KernelMath): Pcg64Kernel {
  compiled ??= {
    module: new WebAssembly.Module(assemble(
      [
        { name: "log1p", params: ["f64"], result: "f64" },
        { name: "exp", params: ["f64"], result: "f64" },
        { name: "log1pf", params: ["f32"], result: "f32" },
        { name: "expf", params: ["f32"], result: "f32" },
      ],
      [
        { name: "sh", type: "i64" },
        { name: "sl", type: "i64" },
        { name: "ih", type: "i64" },
        { name: "il", type: "i64" },
        { name: "has32", type: "i32" },
        { name: "u32", type: "i32" },
      ],
      FUNCS,
      4,
    )),
    tables: tables(),
  };
  const instance = new WebAssembly.Instance(compiled.module, { env: { ...math } });
  const k = instance.exports as unknown as Pcg64Kernel;
  new Uint8Array(k.memory.buffer, KI, compiled.tables.length).set(compiled.tables);
  return k;
}
