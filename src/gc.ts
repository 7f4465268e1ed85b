/**
 * A full garbage collection on request, for the device memory backstop: the CUDA backend frees
 * the memory of tensors that nobody disposed when the collector finds them unreachable, and the
 * collector does not know that a small Tensor object holds megabytes of device memory, so the
 * backend asks for a collection when its memory in use passes a high-water mark.
 *
 * V8's `gc()` is exposed by setting its `--expose-gc` flag at run time and reading `gc` from a
 * fresh context (`node:v8`, `node:vm`; no permission is needed). Those modules cost about 0.1 s
 * to load, so they load in the background when a device backend starts (`prepareCollector`):
 * until the event loop has turned once, a request gets `false`. This loses nothing: the memory of the
 * tensors a collection finds unreachable goes back when their finalizers run, which is also at a
 * turn of the event loop. Synchronous code that never yields (`await`) cannot get that memory
 * back before it ends; it must dispose (or `tf.tidy`) its tensors.
 */

/** `undefined`: not loaded yet; `null`: the runtime offers none. */
let gc: (() => void) | null | undefined;
let loading = false;

/** Starts loading the collector in the background (once), so that it is there when needed. */
export function prepareCollector(): void {
  if (gc !== undefined || loading) return;
  loading = true;
  load().then((f) => gc = f);
}

/** Runs a full collection now; false when none can run yet (loading) or ever. */
export function collectGarbage(): boolean {
  if (gc) {
    gc();
    return true;
  }
  prepareCollector();
  return false;
}

/** True when collections can never run (the runtime has no way to expose `gc`). */
export function collectorMissing(): boolean {
  return gc === null;
}

async function load(): Promise<(() => void) | null> {
  try {
    const [v8, vm] = await Promise.all([import("node:v8"), import("node:vm")]);
    v8.setFlagsFromString("--expose-gc");
    const f: unknown = vm.runInNewContext("gc");
    return typeof f === "function" ? f as () => void : null;
  } catch {
    return null;
  }
}
