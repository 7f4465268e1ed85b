// `deno task test:cuda`: the test suite forced onto the CUDA backend, one process per test file
// under a timeout, so that one sticky CUDA error cannot take the other files with it. Prints a
// line per file and a summary "N passed, N failed"; exits non-zero on any failure.
//   deno run -A tests/run_cuda.ts [--device cuda|cuda-emu] [--timeout 300] [--log file]
const args = Deno.args;
const opt = (name: string, fallback: string): string => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : fallback;
};
const device = opt("--device", "cuda");
const timeout = Number(opt("--timeout", "300"));
const logPath = args.includes("--log") ? opt("--log", "") : null;
const root = new URL("../", import.meta.url);

// The files whose tests run on the current device (the others test the CPU, printing or the
// plumbing, and run in `deno task test`).
const FILES = [
  "tests/ops_test.ts",
  "tests/rules_test.ts",
  "tests/grad_test.ts",
  "tests/tape_test.ts",
  "tests/variable_test.ts",
  "tests/optimizers_test.ts",
  "tests/random_test.ts",
  "tests/training_test.ts",
  "tests/cuda_device_test.ts",
  "tests/conv_test.ts",
];

let passed = 0, failed = 0;
const log: string[] = [];
for (const file of FILES) {
  const started = performance.now();
  const child = new Deno.Command(Deno.execPath(), {
    args: ["test", "-A", file],
    cwd: root,
    env: { DENOTENSOR_DEVICE: device, NO_COLOR: "1" },
    stdout: "piped",
    stderr: "piped",
  }).spawn();
  const timer = setTimeout(() => child.kill("SIGKILL"), timeout * 1000);
  const out = await child.output();
  clearTimeout(timer);
  const text = new TextDecoder().decode(out.stdout) + new TextDecoder().decode(out.stderr);
  const m = /^(?:ok|FAILED) \| (\d+) passed \| (\d+) failed/m.exec(text);
  const p = m ? Number(m[1]) : 0;
  const f = m ? Number(m[2]) : 1;
  passed += p;
  failed += f;
  const secs = ((performance.now() - started) / 1000).toFixed(1);
  const line = `${file}: ${p} passed, ${f} failed (${secs} s)${
    m ? "" : ` — no summary (exit ${out.code})`
  }`;
  console.log(line);
  log.push(line);
  if (f > 0 || !m) {
    const tail = text.split("\n").filter((l) => /FAILED|error|Error/.test(l)).slice(0, 40);
    console.log(tail.join("\n"));
    log.push(text);
  }
}
console.log(`${passed} passed, ${failed} failed`);
if (logPath) {
  await Deno.writeTextFile(logPath, log.join("\n") + `\n${passed} passed, ${failed} failed\n`);
}
if (failed > 0) Deno.exit(1);
