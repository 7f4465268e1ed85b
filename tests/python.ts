// Runs the NumPy helper scripts of the interop tests. python3 with NumPy is required (.ci/run
// checks it first): a missing interpreter fails the test, it never skips it.

/** Runs `python3 tests/<script> ...args` and returns its stdout; throws with stderr on failure. */
export async function python(script: string, ...args: string[]): Promise<string> {
  const path = new URL(script, import.meta.url).pathname;
  const out = await new Deno.Command("python3", {
    args: [path, ...args],
    stdout: "piped",
    stderr: "piped",
  }).output();
  const dec = new TextDecoder();
  if (!out.success) {
    throw new Error(`python3 ${script} ${args.join(" ")} failed:\n${dec.decode(out.stderr)}`);
  }
  return dec.decode(out.stdout);
}

/** A fresh temporary directory, removed by the returned disposer. */
export function tempDir(): { path: string } & Disposable {
  const path = Deno.makeTempDirSync({ prefix: "denotensor_io_" });
  return { path, [Symbol.dispose]: () => Deno.removeSync(path, { recursive: true }) };
}
