// Small assertion helpers (JSR's @std/assert is not reachable here).
import * as tf from "../mod.ts";
import assert from "node:assert/strict";

/** Deep equality with a message. */
export function assertEquals<T>(actual: T, expected: T, message?: string): void {
  assert.deepStrictEqual(actual, expected, message);
}

/** Throws unless `fn` throws an error of class `cls` whose message contains every fragment. */
export function assertThrows(
  fn: () => unknown,
  cls: new (...args: never[]) => Error,
  ...fragments: string[]
): Error {
  let caught: unknown;
  try {
    fn();
  } catch (e) {
    caught = e;
  }
  if (!(caught instanceof cls)) {
    throw new Error(
      `expected ${cls.name}${fragments.length ? ` with ${JSON.stringify(fragments)}` : ""}, got ${
        caught === undefined ? "no error" : String(caught)
      }`,
    );
  }
  for (const f of fragments) {
    if (!caught.message.includes(f)) {
      throw new Error(`error message ${JSON.stringify(caught.message)} lacks ${JSON.stringify(f)}`);
    }
  }
  return caught;
}

/** Elementwise closeness of two flat arrays (NaN equals NaN). */
export function assertClose(
  actual: ArrayLike<number>,
  expected: ArrayLike<number>,
  rtol = 1e-6,
  atol = 0,
): void {
  assert.equal(actual.length, expected.length, "lengths differ");
  for (let i = 0; i < actual.length; i++) {
    const a = actual[i], e = expected[i];
    if (Number.isNaN(e) && Number.isNaN(a)) continue;
    if (a === e) continue;
    if (!(Math.abs(a - e) <= atol + rtol * Math.abs(e))) {
      throw new Error(`element ${i}: ${a} is not close to ${e} (rtol ${rtol}, atol ${atol})`);
    }
  }
}

/**
 * The devices the op suites run on: the CPU, plus CUDA when a GPU is there; with
 * DENOTENSOR_DEVICE=cuda-emu, the CUDA backend over the emulation library alone (the CPU ran in
 * the first pass of `deno task test`).
 */
function testDevices(): string[] {
  const cuda = tf.listDevices()[1];
  // Read only when granted, so `deno test --allow-read` still runs the CPU suites.
  const env = Deno.permissions.querySync({ name: "env", variable: "DENOTENSOR_DEVICE" });
  if (env.state === "granted" && Deno.env.get("DENOTENSOR_DEVICE") === "cuda-emu") {
    if (!cuda.available) throw new Error(`DENOTENSOR_DEVICE=cuda-emu but ${cuda.reason}`);
    return ["cuda"];
  }
  return cuda.available ? ["cpu", "cuda"] : ["cpu"];
}

/** The devices the op suites run on. */
export const DEVICES: readonly string[] = testDevices();

/** Registers the synchronous `fn` as one test per device in DEVICES, run inside `tf.device`. */
export function deviceTest(name: string, fn: () => void): void {
  for (const d of DEVICES) Deno.test(`${name} [${d}]`, () => tf.device(d, fn));
}

/**
 * Registers a test that runs only where CUDA is available (a GPU, or DENOTENSOR_DEVICE=cuda-emu);
 * elsewhere it is ignored with the reason in its name.
 */
export function cudaTest(name: string, fn: () => void | Promise<void>): void {
  const cuda = tf.listDevices()[1];
  const skip = cuda.available
    ? ""
    : ` (skipped: no CUDA backend here: ${cuda.reason?.split("\n")[0]})`;
  Deno.test({ name: name + skip, ignore: !cuda.available, fn });
}

/** True when the tests run on the CUDA emulation library (DENOTENSOR_DEVICE=cuda-emu). */
export function onEmulation(): boolean {
  return tf.listDevices()[1].available &&
    Deno.permissions.querySync({ name: "env", variable: "DENOTENSOR_DEVICE" }).state ===
      "granted" &&
    Deno.env.get("DENOTENSOR_DEVICE") === "cuda-emu";
}

/** The emulation library's path (built by `deno task build`). */
export const EMU_LIB: string =
  new URL("../build/libdenotensor_cuda_emu.so", import.meta.url).pathname;

/** True when the emulation library is built. */
export function emuBuilt(): boolean {
  try {
    return Deno.statSync(EMU_LIB).isFile;
  } catch {
    return false;
  }
}

/**
 * Registers a test that drives the emulation library (usually in a subprocess with
 * DENOTENSOR_DEVICE=cuda-emu); where it is not built the test is ignored, saying so.
 */
export function emuTest(name: string, fn: () => Promise<void> | void): void {
  const built = emuBuilt();
  Deno.test({
    name: built ? name : `${name} (skipped: ${EMU_LIB} is not built; run deno task build)`,
    ignore: !built,
    fn,
  });
}

/** What a Deno subprocess printed. */
export interface RunResult {
  /** Exit code. */
  code: number;
  /** Standard output. */
  stdout: string;
  /** Standard error. */
  stderr: string;
}

/** Runs `deno <args>` in the repository root with NO_COLOR (plus `env`) and collects its output. */
export async function runDeno(
  args: string[],
  env: Record<string, string> = {},
): Promise<RunResult> {
  const out = await new Deno.Command(Deno.execPath(), {
    args,
    cwd: new URL("../", import.meta.url),
    env: { NO_COLOR: "1", ...env },
    stdout: "piped",
    stderr: "piped",
  }).output();
  const dec = new TextDecoder();
  return { code: out.code, stdout: dec.decode(out.stdout), stderr: dec.decode(out.stderr) };
}

/** One kernel launch of the launch log (DENOTENSOR_LAUNCH_LOG=1). */
export interface Launch {
  /** The kernel as the launcher names it (template arguments included). */
  kernel: string;
  /** Blocks of the grid (what the GPU library launches for the call). */
  grid: number;
  /** Threads per block. */
  block: number;
}

/**
 * Runs `code` (a module body; `tf` is imported for it) on cuda-emu with the launch log on, and
 * returns the launches it made after the line `console.error("launch-log-start")` (the code
 * prints it once its inputs exist, so that only the op under test is counted).
 */
export async function launchLog(code: string): Promise<Launch[]> {
  const src =
    `import * as tf from ${JSON.stringify(new URL("../mod.ts", import.meta.url).href)};\n` +
    code;
  const res = await runDeno(["eval", "--ext=ts", src], {
    DENOTENSOR_DEVICE: "cuda-emu",
    DENOTENSOR_LAUNCH_LOG: "1",
  });
  if (res.code !== 0) throw new Error(`launch log run failed (${res.code}):\n${res.stderr}`);
  const lines = res.stderr.split("\n");
  const start = lines.indexOf("launch-log-start");
  if (start < 0) throw new Error(`no launch-log-start line in:\n${res.stderr}`);
  const launches: Launch[] = [];
  for (const line of lines.slice(start + 1)) {
    const m = /^denotensor launch (.+) grid=(\d+) block=(\d+)$/.exec(line);
    if (m !== null) launches.push({ kernel: m[1], grid: Number(m[2]), block: Number(m[3]) });
  }
  return launches;
}

/** n pseudo-random integers in [lo, hi] (a fixed sequence per seed). */
export function ints(n: number, lo: number, hi: number, seed: number): number[] {
  let s = seed >>> 0 || 1;
  const out = new Array<number>(n);
  for (let i = 0; i < n; i++) {
    s ^= s << 13;
    s ^= s >>> 17;
    s ^= s << 5;
    s >>>= 0;
    out[i] = lo + (s % (hi - lo + 1));
  }
  return out;
}

/** mulberry32: a small seeded generator of floats in [0, 1) for test inputs. */
export function makeRandom(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
