/**
 * Finding and opening native libraries without prompting for permissions. The search order
 * (DESIGN.md): an explicit path, an environment variable, build/ of this checkout, the user cache
 * where `build.ts` puts libraries for JSR users, CUDA_HOME, /usr/local/cuda, the lib folders of
 * NVIDIA's Python wheels, then the system loader. Every failure is a NativeLibraryError that
 * lists what was tried and says how to fix it.
 *
 * @module
 */
import { NativeLibraryError } from "../src/errors.ts";
import { readEnv } from "../src/env.ts";
import denoJson from "../deno.json" with { type: "json" };

/** What to look for. */
export interface LibrarySpec {
  /** Human name for messages ("the denotensor CUDA kernels"). */
  what: string;
  /** File names to look for, in order (e.g. libcublas.so.13, libcublas.so). */
  files: readonly string[];
  /** The environment variable that may name the library file. */
  env: string;
  /** Look in build/ and the user cache (our own libraries). */
  ours?: boolean;
  /** Look in the CUDA toolkit and Python wheel folders (NVIDIA's libraries). */
  cuda?: string;
  /** How to fix it when nothing is found. */
  hint: string;
}

/** True when a permission is already granted (querySync never prompts). */
export function granted(desc: Deno.PermissionDescriptor): boolean {
  try {
    return Deno.permissions.querySync(desc).state === "granted";
  } catch {
    return false;
  }
}

/** True when `path` is a readable file (false without the read permission; never prompts). */
export function exists(path: string): boolean {
  if (!granted({ name: "read", path })) return false;
  try {
    return Deno.statSync(path).isFile;
  } catch {
    return false;
  }
}

function list(dir: string): string[] {
  if (!granted({ name: "read", path: dir })) return [];
  try {
    return [...Deno.readDirSync(dir)].map((e) => e.name);
  } catch {
    return [];
  }
}

/**
 * The prefixes of the Python environments that may hold NVIDIA's wheels, as `sys.prefix` would
 * name them, without running Python: the active virtual environment and conda environment, a
 * `.venv` in the working folder (not activated), the environment of each `python3` on PATH (its
 * folder's parent, before and after resolving links), pyenv's versions, ~/.local, the system's.
 */
export function pythonPrefixes(): string[] {
  const roots: string[] = [];
  const add = (p: string | undefined) => {
    if (p && !roots.includes(p)) roots.push(p);
  };
  add(readEnv("VIRTUAL_ENV"));
  add(readEnv("CONDA_PREFIX"));
  try {
    if (granted({ name: "read", path: "." })) add(`${Deno.cwd()}/.venv`);
  } catch { /* no working folder */ }
  for (const dir of (readEnv("PATH") ?? "").split(":")) {
    if (!dir.endsWith("/bin")) continue;
    const py = `${dir}/python3`;
    if (!exists(py)) continue;
    add(dir.slice(0, -"/bin".length));
    try {
      add(Deno.realPathSync(py).replace(/\/bin\/[^/]+$/, ""));
    } catch { /* unreadable link */ }
  }
  const home = readEnv("HOME");
  const pyenv = readEnv("PYENV_ROOT") ?? (home && `${home}/.pyenv`);
  if (pyenv) { for (const v of list(`${pyenv}/versions`)) add(`${pyenv}/versions/${v}`); }
  if (home) add(`${home}/.local`);
  for (const p of ["/usr", "/usr/local", "/opt/conda"]) add(p);
  return roots;
}

/** Folders of NVIDIA's Python wheels that may hold `component` (e.g. "cublas"). */
function wheelDirs(component: string): string[] {
  const out: string[] = [];
  for (const prefix of pythonPrefixes()) {
    const root = `${prefix}/lib`;
    for (const py of list(root).filter((n) => n.startsWith("python3"))) {
      for (const pkgs of ["site-packages", "dist-packages"]) {
        out.push(`${root}/${py}/${pkgs}/nvidia/${component}/lib`);
        out.push(`${root}/${py}/${pkgs}/nvidia/cu13/lib`);
      }
    }
  }
  return out;
}

/** The folders to search for a library, in order. */
export function searchDirs(spec: LibrarySpec): string[] {
  const dirs: string[] = [];
  if (spec.ours) {
    const here = new URL("../build/", import.meta.url);
    if (here.protocol === "file:") dirs.push(here.pathname);
    const cache = readEnv("XDG_CACHE_HOME") ?? (readEnv("HOME") && `${readEnv("HOME")}/.cache`);
    if (cache) dirs.push(`${cache}/denotensor/${denoJson.version}/`);
  }
  if (spec.cuda) {
    const home = readEnv("CUDA_HOME") ?? readEnv("CUDA_PATH");
    if (home) dirs.push(`${home}/lib64`, `${home}/lib`);
    dirs.push("/usr/local/cuda/lib64", ...wheelDirs(spec.cuda));
  }
  return dirs;
}

/** Opens a library with `symbols`, or throws a NativeLibraryError listing what was tried. */
export function openLibrary<S extends Deno.ForeignLibraryInterface>(
  spec: LibrarySpec,
  symbols: S,
  explicit?: string,
): { lib: Deno.DynamicLibrary<S>; path: string } {
  if (!granted({ name: "ffi" })) {
    throw new NativeLibraryError(
      `Cannot open ${spec.what}: the FFI permission is missing: run with --allow-ffi (and ` +
        `--allow-read --allow-env so the library can be found)`,
    );
  }
  const tried: string[] = [];
  const candidates: string[] = [];
  const fromEnv = readEnv(spec.env);
  if (explicit) candidates.push(explicit);
  if (fromEnv) candidates.push(fromEnv);
  for (const dir of searchDirs(spec)) {
    for (const f of spec.files) candidates.push(`${dir.replace(/\/$/, "")}/${f}`);
  }
  const errors: string[] = [];
  const unreadable: string[] = [];
  for (const path of candidates) {
    if (!granted({ name: "read", path })) {
      unreadable.push(path);
      tried.push(`${path} (not readable: no --allow-read for it)`);
      continue;
    }
    if (!exists(path)) {
      tried.push(`${path} (not found or not readable)`);
      continue;
    }
    try {
      return { lib: Deno.dlopen(path, symbols), path };
    } catch (e) {
      tried.push(`${path} (${(e as Error).message})`);
      errors.push((e as Error).message);
    }
  }
  // Last, the system loader by file name (LD_LIBRARY_PATH, ldconfig).
  for (const f of spec.files) {
    try {
      return { lib: Deno.dlopen(f, symbols), path: f };
    } catch (e) {
      if (e instanceof Deno.errors.NotCapable) throw e;
      tried.push(`${f} via the system loader (${(e as Error).message.split("\n")[0]})`);
    }
  }
  if (unreadable.length > 0 && unreadable.length === candidates.length) {
    // Nothing could be looked at: the missing permission is the problem, not the library.
    throw new NativeLibraryError(
      `Cannot look for ${spec.what}: the read permission is missing: run with --allow-read (or ` +
        `--allow-read=<its folder>) so the library can be found. Tried:\n  ${tried.join("\n  ")}`,
      tried,
    );
  }
  throw new NativeLibraryError(
    `Cannot find ${spec.what}. ${spec.hint}. Tried:\n  ${tried.join("\n  ")}`,
    tried,
  );
}
