// Tests of the native kernel libraries (kernels/*.cu, C interface kernels/dt_api.h):
// - tests/native/emu_smoke.c, a C program with known answers for every exported symbol, run
//   against the emulation library (and against the GPU library when it is built: without a GPU
//   it checks the no-device path, with one it runs every kernel);
// - both libraries export the same dt_* symbols;
// - the emulation library agrees with the CPU backend (tests/native/differential.ts).
// Tests that need a C compiler or nm are ignored without them.
import assert from "node:assert/strict";
import { build } from "../build.ts";
import { differential } from "./native/differential.ts";
import { DTYPE_SYMBOLS, KERNEL_SYMBOLS } from "../ffi/kernels.ts";
import { CPU_SYMBOLS } from "../ffi/cpu.ts";

const ROOT = new URL("../", import.meta.url).pathname;
const BUILD = `${ROOT}build/`;
const EMU = `${BUILD}libdenotensor_cuda_emu.so`;
const GPU = `${BUILD}libdenotensor_cuda.so`;

function has(cmd: string): boolean {
  try {
    return new Deno.Command("sh", { args: ["-c", `command -v ${cmd}`], stdout: "null" })
      .outputSync().success;
  } catch {
    return false;
  }
}

function exists(path: string): boolean {
  try {
    Deno.statSync(path);
    return true;
  } catch {
    return false;
  }
}

const haveCompilers = has("cc") && has("g++");

let built: Promise<string[]> | null = null;
/** Builds (or finds up to date) the emulation library once per run. */
function emulation(): Promise<string[]> {
  built ??= build({ emuOnly: true, quiet: true });
  return built;
}

async function run(cmd: string, args: string[]): Promise<{ code: number; out: string }> {
  const res = await new Deno.Command(cmd, { args, stdout: "piped", stderr: "piped" }).output();
  const dec = new TextDecoder();
  return { code: res.code, out: dec.decode(res.stdout) + dec.decode(res.stderr) };
}

let smokeBinary: Promise<string> | null = null;
/** Compiles tests/native/emu_smoke.c once per run. */
function smoke(): Promise<string> {
  smokeBinary ??= (async () => {
    const dir = await Deno.makeTempDir({ prefix: "denotensor_native_" });
    const exe = `${dir}/emu_smoke`;
    const { code, out } = await run("cc", [
      "-std=gnu11",
      "-O1",
      "-Wall",
      "-I",
      `${ROOT}kernels`,
      "-I",
      BUILD,
      `${ROOT}tests/native/emu_smoke.c`,
      "-ldl",
      "-lm",
      "-o",
      exe,
    ]);
    assert.equal(code, 0, `cc failed:\n${out}`);
    return exe;
  })();
  return smokeBinary;
}

Deno.test({
  name: "native: emu_smoke.c passes on the emulation library",
  ignore: !haveCompilers,
  async fn() {
    await emulation();
    const { code, out } = await run(await smoke(), [EMU]);
    assert.equal(code, 0, out);
    assert.match(out, / 0 failures/);
  },
});

Deno.test({
  name: "native: emu_smoke.c passes on the GPU library (no-device path without a GPU)",
  ignore: !haveCompilers || !exists(GPU),
  async fn() {
    await emulation();
    const { code, out } = await run(await smoke(), [GPU]);
    assert.equal(code, 0, out);
    assert.match(out, / 0 failures/);
  },
});

async function exported(path: string): Promise<string[]> {
  const { code, out } = await run("nm", ["-D", "--defined-only", path]);
  assert.equal(code, 0, out);
  return out.split("\n").map((l) => l.trim().split(/\s+/)[2]).filter((s) => s?.startsWith("dt_"))
    .sort();
}

/** The C names a symbol table declares (a nonblocking entry names its C function). */
function declared(table: Record<string, Deno.ForeignFunction>): string[] {
  const names = Object.entries(table).map(([k, v]) => v.name === undefined ? k : String(v.name));
  return [...new Set(names)].sort();
}

Deno.test({
  name: "native: the libraries export exactly the dt_* symbols ffi/ declares",
  ignore: !haveCompilers || !has("nm"),
  async fn() {
    await emulation();
    assert.deepEqual(await exported(EMU), declared(KERNEL_SYMBOLS), EMU);
    if (exists(GPU)) assert.deepEqual(await exported(GPU), declared(KERNEL_SYMBOLS), GPU);
    const cpu = `${BUILD}libdenotensor_cpu.so`;
    if (exists(cpu)) {
      assert.deepEqual(await exported(cpu), declared({ ...CPU_SYMBOLS, ...DTYPE_SYMBOLS }), cpu);
    }
  },
});

Deno.test({
  name: "native: the emulation library agrees with the CPU backend",
  ignore: !haveCompilers,
  async fn() {
    await emulation();
    assert.deepEqual(differential(EMU), []);
  },
});
