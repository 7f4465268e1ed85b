// Whether a GPU can be used, and what happens near its limits, checked without one: the kernel
// image check against a GPU's compute capability, the message for a driver older than the
// runtime, the cuBLAS search of Python environments, and out-of-memory recovery. The emulation
// library stands in for the GPU with its test stubs (DENOTENSOR_EMU_COMPUTE_CAPABILITY,
// DENOTENSOR_EMU_DRIVER_VERSION, DENOTENSOR_EMU_MEMORY), each in a subprocess.
import * as assert from "node:assert/strict";
import { kernelImageProblem, oldDriverMessage } from "../src/backends/cuda/compat.ts";
import { pythonPrefixes, searchDirs } from "../ffi/load.ts";
import { EMU_LIB, emuTest, runDeno } from "./helpers.ts";

const ARCHS = { ptx: 75, sass: [75, 80, 90, 100, 120] };

Deno.test("kernel images: a GPU runs the SASS of its major version or the PTX below it", () => {
  for (
    const [major, minor] of [[7, 5], [8, 0], [8, 6], [8, 9], [9, 0], [10, 3], [12, 1], [11, 0]]
  ) {
    assert.equal(kernelImageProblem("GPU", major, minor, ARCHS), null, `${major}.${minor}`);
  }
  // Without PTX, a major version with no SASS has no image (Thor, 11.0), nor has 8.0 < sm_86.
  assert.match(kernelImageProblem("GPU", 11, 0, { ptx: 0, sass: [80, 90] })!, /11\.0/);
  assert.match(kernelImageProblem("GPU", 8, 0, { ptx: 0, sass: [86] })!, /no image/);
  const v100 = kernelImageProblem("Tesla V100-SXM2-16GB", 7, 0, ARCHS)!;
  assert.match(v100, /^Tesla V100-SXM2-16GB has compute capability 7\.0/);
  assert.match(v100, /sm_75, sm_80, sm_90, sm_100, sm_120, PTX compute_75/);
  assert.match(v100, /compute capability 7\.5 or later is needed$/);
});

Deno.test("a driver older than the runtime is named with both versions and the way out", () => {
  assert.equal(
    oldDriverMessage(12080, 13000),
    "driver 12.8 is older than the CUDA 13.0 runtime these kernels were built with; update " +
      "the driver (≥ 580) or rebuild the kernels with the CUDA version of your driver",
  );
  assert.match(oldDriverMessage(0, 12040), /^the NVIDIA driver is older than the CUDA 12\.4/);
});

emuTest(
  "a GPU below the built capabilities is refused with its reason; auto picks the CPU",
  async () => {
    const code = `import * as tf from "./mod.ts";
const gpu = tf.listDevices()[1];
console.log(JSON.stringify({ available: gpu.available, reason: gpu.reason, device: tf.add(1, 2).device }));`;
    const res = await runDeno(["eval", "--ext=ts", code], {
      DENOTENSOR_CUDA_KERNELS: EMU_LIB,
      DENOTENSOR_CUDA_EMU: EMU_LIB,
      DENOTENSOR_EMU_COMPUTE_CAPABILITY: "7.0",
    });
    assert.equal(res.code, 0, res.stderr);
    const out = JSON.parse(res.stdout);
    assert.equal(out.available, false);
    assert.match(out.reason, /compute capability 7\.0.*no image.*7\.5 or later is needed/);
    assert.equal(out.device, "cpu");
    // Asked for by name, the device is an error that gives the reason.
    const named = await runDeno(["eval", "--ext=ts", code], {
      DENOTENSOR_DEVICE: "cuda-emu",
      DENOTENSOR_EMU_COMPUTE_CAPABILITY: "6.1",
    });
    assert.notEqual(named.code, 0);
    assert.match(named.stderr, /"cuda-emu" is not available: .*compute capability 6\.1/);
    // At 7.5 and above the emulated GPU is used.
    const ok = await runDeno(["eval", "--ext=ts", code], {
      DENOTENSOR_DEVICE: "cuda-emu",
      DENOTENSOR_EMU_COMPUTE_CAPABILITY: "7.5",
    });
    assert.equal(JSON.parse(ok.stdout).device, "cuda:0", ok.stderr);
  },
);

emuTest("a driver older than the runtime is reported as such, not as 'no driver'", async () => {
  const code = `import * as tf from "./mod.ts";
console.log(tf.listDevices()[1].reason);`;
  const res = await runDeno(["eval", "--ext=ts", code], {
    DENOTENSOR_DEVICE: "auto",
    DENOTENSOR_CUDA_KERNELS: EMU_LIB,
    DENOTENSOR_EMU_DRIVER_VERSION: "12080",
  });
  assert.equal(res.code, 0, res.stderr);
  assert.match(res.stdout, /driver 12\.8 is older than the CUDA 13\.0 runtime/);
  assert.doesNotMatch(res.stdout, /is the NVIDIA driver installed/);
});

emuTest(
  "out of device memory: a clear error, then the next ops run (the cache was emptied)",
  async () => {
    const code = `import * as tf from "./mod.ts";
const keep = tf.zeros([3 * 2 ** 18]); // 3 MiB of the 32 MiB
let err = "";
try {
  tf.zeros([2 ** 23]); // 32 MiB: more than is left
} catch (e) {
  err = e.name + ": " + e.message;
}
for (let i = 0; i < 20; i++) tf.tidy(() => tf.ones([2 ** 20 + i * 1000]).add(1).sum().dataSync());
const y = keep.add(2).sum().dataSync()[0];
console.log(JSON.stringify({ err, y, mem: tf.memory().devices["cuda:0"] }));`;
    const res = await runDeno(["eval", "--ext=ts", code], {
      DENOTENSOR_DEVICE: "cuda-emu",
      DENOTENSOR_EMU_MEMORY: String(32 * 2 ** 20),
    });
    assert.equal(res.code, 0, res.stderr);
    const out = JSON.parse(res.stdout);
    assert.match(out.err, /^ResourceExhaustedError: Out of GPU memory allocating 33554432 bytes/);
    assert.match(out.err, /fragmentation/);
    assert.equal(out.y, 2 * 3 * 2 ** 18);
    assert.ok(out.mem.segments >= 1 && out.mem.bytesReserved <= 32 * 2 ** 20, JSON.stringify(out));
    assert.ok(out.mem.fragmentation >= 0 && out.mem.fragmentation <= 1);
  },
);

Deno.test("cuBLAS is searched in conda, pyenv, .venv and the python3 on PATH", () => {
  const root = Deno.makeTempDirSync();
  const saved = ["PATH", "CONDA_PREFIX", "PYENV_ROOT", "VIRTUAL_ENV"].map((k) =>
    [k, Deno.env.get(k)] as const
  );
  try {
    Deno.mkdirSync(`${root}/env/bin`, { recursive: true });
    Deno.writeTextFileSync(`${root}/env/bin/python3`, "");
    Deno.mkdirSync(`${root}/env/lib/python3.12`, { recursive: true });
    Deno.mkdirSync(`${root}/pyenv/versions/3.11.7`, { recursive: true });
    Deno.env.set("PATH", `${root}/env/bin:/usr/bin`);
    Deno.env.set("CONDA_PREFIX", `${root}/conda`);
    Deno.env.set("PYENV_ROOT", `${root}/pyenv`);
    Deno.env.delete("VIRTUAL_ENV");
    const prefixes = pythonPrefixes();
    for (const p of [`${root}/conda`, `${root}/env`, `${root}/pyenv/versions/3.11.7`]) {
      assert.ok(prefixes.includes(p), `${p} in ${prefixes.join(", ")}`);
    }
    assert.ok(prefixes.includes(`${Deno.cwd()}/.venv`), "a .venv in the working folder");
    const dirs = searchDirs({
      what: "cuBLAS",
      files: ["libcublas.so"],
      env: "X",
      cuda: "cublas",
      hint: "",
    });
    assert.ok(dirs.includes(`${root}/env/lib/python3.12/site-packages/nvidia/cublas/lib`));
  } finally {
    for (const [k, v] of saved) v === undefined ? Deno.env.delete(k) : Deno.env.set(k, v);
    Deno.removeSync(root, { recursive: true });
  }
});

/** Runs `code` (which imports the library as `tf`) with only the permissions `flags` grant. */
async function runWith(flags: string[], code: string) {
  const file = Deno.makeTempFileSync({ suffix: ".ts" });
  const mod = new URL("../mod.ts", import.meta.url).href;
  Deno.writeTextFileSync(file, `import * as tf from ${JSON.stringify(mod)};\n${code}`);
  try {
    // Reading the script and the library's sources is the least --allow-read can be.
    return await runDeno(["run", ...flags, file]);
  } finally {
    Deno.removeSync(file);
  }
}

Deno.test("an unreadable DENOTENSOR_DEVICE is said once, not silently ignored", async () => {
  const res = await runWith(
    ["--allow-ffi", "--allow-read"],
    "tf.add(1, 2); tf.add(1, 2);\nconsole.log(tf.listDevices()[0].note);",
  );
  assert.equal(res.code, 0, res.stderr);
  assert.equal(
    res.stderr.match(/DENOTENSOR_DEVICE is not readable without --allow-env/g)?.length,
    1,
  );
  assert.match(res.stdout, /DENOTENSOR_DEVICE is not readable/);
});

Deno.test("without --allow-read the library error names the missing permission", async () => {
  const res = await runWith(
    ["--allow-ffi", "--allow-env"],
    "console.log(tf.listDevices()[0].description);",
  );
  assert.equal(res.code, 0, res.stderr);
  assert.match(res.stdout, /the read permission is missing: run with --allow-read/);
  assert.doesNotMatch(res.stdout, /build it with/);
});

emuTest(
  "a bad GPU index is reported with its int64 value, and without the DENOTENSOR_SYNC hint when set",
  async () => {
    const code = `import * as tf from "./mod.ts";
const idx = tf.constant([0n, 2n ** 32n], "int64");
try {
  tf.gather(tf.ones([3]), idx).dataSync();
} catch (e) {
  console.log(e.message);
}`;
    const lazy = await runDeno(["eval", "--ext=ts", code], { DENOTENSOR_DEVICE: "cuda-emu" });
    assert.match(lazy.stdout, /index 4294967296 is out of range \[0, 3\).*DENOTENSOR_SYNC=1/);
    const sync = await runDeno(["eval", "--ext=ts", code], {
      DENOTENSOR_DEVICE: "cuda-emu",
      DENOTENSOR_SYNC: "1",
    });
    assert.match(
      sync.stdout,
      /index 4294967296 is out of range \[0, 3\) in indices \(2,\) \(found by the GPU kernel of this gather\)/,
    );
    assert.doesNotMatch(sync.stdout, /run with DENOTENSOR_SYNC/);
  },
);

emuTest("GPU bound errors of gatherNd and scatterNd name the op and the index vector", async () => {
  const code = `import * as tf from "./mod.ts";
for (const f of [
  () => tf.gatherNd(tf.ones([2, 3]), tf.constant([[0, 1], [1, 3]], "int32")).dataSync(),
  () => tf.scatterNd(tf.constant([[0], [5], [1]], "int32"), [1, 2, 3], [4]).dataSync(),
  () => {
    tf.gather(tf.ones([3]), tf.constant([0, 7], "int32"));
    tf.gatherNd(tf.ones([2, 3]), tf.constant([[0, 1]], "int32"));
    return tf.ones([1]).dataSync();
  },
]) {
  try {
    f();
    console.log("no error");
  } catch (e) {
    console.log(e.name + ": " + e.message);
  }
}
console.log(tf.gatherNd(tf.ones([2, 3]), [[1, 2]]).dataSync().length);`;
  const sync = await runDeno(["eval", "--ext=ts", code], {
    DENOTENSOR_DEVICE: "cuda-emu",
    DENOTENSOR_SYNC: "1",
  });
  const lines = sync.stdout.trim().split("\n");
  assert.deepStrictEqual(lines.slice(0, 2), [
    "InvalidArgumentError: gatherNd: the index vector at row 1 of indices (2, 2) is out of range " +
    "for the leading axes (2, 3) (found by the GPU kernel of this gatherNd)",
    "InvalidArgumentError: scatterNd: the index vector at row 1 of indices (3, 1) is out of range " +
    "for the leading axes (4,) (found by the GPU kernel of this scatterNd)",
  ]);
  assert.match(
    lines[2],
    /gather: index 7 is out of range \[0, 3\) in indices \(2,\) \(found by the GPU kernel of this gather\)/,
  );
  assert.strictEqual(lines[3], "1", "the backend stays usable");
  const lazy = await runDeno(["eval", "--ext=ts", code], { DENOTENSOR_DEVICE: "cuda-emu" });
  const later = lazy.stdout.trim().split("\n");
  assert.match(
    later[0],
    /^InvalidArgumentError: gatherNd: the index vector at row 1 .*earlier gatherNd; run with DENOTENSOR_SYNC=1/,
  );
  assert.match(
    later[2],
    /gather\/gatherNd: index 7 is out of range \[0, 3\) \(found by the GPU kernel of an earlier gather or gatherNd/,
  );
  assert.strictEqual(later[3], "1");
});
