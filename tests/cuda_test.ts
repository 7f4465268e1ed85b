// The CUDA backend's plumbing: the built libraries export every symbol ffi/kernels.ts declares,
// `auto` falls back to the CPU without a driver, forcing CUDA without one is a clear error, and
// the seed examples print the same text on the emulated CUDA backend.
import { KERNEL_SYMBOLS } from "../ffi/kernels.ts";
import { assertEquals, runDeno, type RunResult } from "./helpers.ts";

const root = new URL("../", import.meta.url);
const build = new URL("build/", root).pathname;
const EMU = `${build}libdenotensor_cuda_emu.so`;
const GPU = `${build}libdenotensor_cuda.so`;

function built(path: string): boolean {
  try {
    return Deno.statSync(path).isFile;
  } catch {
    return false;
  }
}

/** A subprocess with DENOTENSOR_DEVICE=auto unless `env` says otherwise. */
function run(args: string[], env: Record<string, string>): Promise<RunResult> {
  return runDeno(args, { DENOTENSOR_DEVICE: "auto", ...env });
}

for (const [name, path] of [["emulation", EMU], ["GPU", GPU]]) {
  Deno.test({
    name: `the ${name} library exports every symbol of ffi/kernels.ts` +
      (built(path) ? "" : ` (skipped: ${path} is not built; run deno task build)`),
    ignore: !built(path),
    fn() {
      // dlopen fails when any declared symbol is missing.
      const lib = Deno.dlopen(path, KERNEL_SYMBOLS);
      const flag = new Int32Array(1);
      assertEquals(lib.symbols.dt_is_emulation(flag), 0);
      assertEquals(flag[0], name === "emulation" ? 1 : 0);
      lib.close();
    },
  });
}

Deno.test({
  name: "auto falls back to the CPU without a driver and says why" +
    (built(GPU) ? "" : " (skipped: build/libdenotensor_cuda.so needs nvcc; run deno task build)"),
  ignore: !built(GPU),
  async fn() {
    const { code, stdout, stderr } = await run(["run", "-A", "tests/fixtures/probe_devices.ts"], {
      DENOTENSOR_DEVICE: "auto",
    });
    assertEquals(code, 0, stderr);
    const info = JSON.parse(stdout);
    if (info.cuda.available) return; // a machine with a GPU: nothing to fall back from
    assertEquals(info.device, "cpu");
    if (!/driver|device/i.test(info.cuda.reason)) {
      throw new Error(`the reason should name the driver or device: ${info.cuda.reason}`);
    }
  },
});

Deno.test("forcing CUDA where it cannot run is a clear error", async () => {
  const { code, stderr, stdout } = await run(["run", "-A", "tests/fixtures/probe_devices.ts"], {
    DENOTENSOR_DEVICE: "cuda",
    DENOTENSOR_CUDA_KERNELS: built(GPU) ? GPU : "/nonexistent/libdenotensor_cuda.so",
  });
  if (code === 0 && JSON.parse(stdout).device === "cuda:0") return; // a real GPU is here
  assertEquals(code !== 0, true);
  if (!/Device "cuda" is not available: (No usable CUDA device|Cannot find)/.test(stderr)) {
    throw new Error(`unclear error: ${stderr}`);
  }
});

Deno.test("without --allow-ffi, CUDA is absent and listDevices names the flag", async () => {
  const { code, stdout, stderr } = await run(
    ["run", "--no-prompt", "--allow-read", "--allow-env", "tests/fixtures/probe_devices.ts"],
    {},
  );
  assertEquals(code, 0, stderr);
  const info = JSON.parse(stdout);
  assertEquals(info.device, "cpu");
  if (!info.cuda.reason.includes("--allow-ffi")) throw new Error(info.cuda.reason);
});

for (
  const [example, expected] of [
    ["eager_basics.ts", "part1.txt"],
    ["numpy_compat.ts", "part2.txt"],
    ["dynamic_control_flow.ts", "part3.txt"],
  ]
) {
  Deno.test({
    name: `examples/${example} prints the same text on the emulated CUDA backend` +
      (built(EMU) ? "" : " (skipped: the emulation library is not built; run deno task build)"),
    ignore: !built(EMU),
    async fn() {
      const { code, stdout, stderr } = await run(
        ["run", "--no-prompt", "--allow-ffi", "--allow-read", "--allow-env", `examples/${example}`],
        { DENOTENSOR_DEVICE: "cuda-emu" },
      );
      assertEquals(code, 0, stderr);
      const want = await Deno.readTextFile(new URL(`fixtures/seed/${expected}`, import.meta.url));
      assertEquals(stdout, want);
    },
  });
}

Deno.test({
  name: "bench/cuda.ts runs end to end (quick sizes, emulation library)" +
    (built(EMU) ? "" : " (skipped: the emulation library is not built; run deno task build)"),
  ignore: !built(EMU),
  async fn() {
    const { code, stdout, stderr } = await run(
      ["run", "-A", "bench/cuda.ts", "--quick"],
      { DENOTENSOR_DEVICE: "cuda-emu" },
    );
    assertEquals(code, 0, stderr);
    for (const id of ["add_1e8_f32", "matmul_4096_tf32", "mlp_step_256x784_256_10"]) {
      if (!stdout.includes(`| ${id} |`)) throw new Error(`no ${id} row in:\n${stdout}`);
    }
  },
});
