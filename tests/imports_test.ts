// The module graph of src/: every module imports on its own (each in a fresh process, so that no
// other module has started the load order), and the run-time imports form no cycle. A cycle is
// what made `import "./src/tensor_methods.ts"` alone throw "Cannot access 'TensorMethods' before
// initialization"; type-only imports may go anywhere.
import assert from "node:assert/strict";
import { runDeno } from "./helpers.ts";

const SRC = new URL("../src/", import.meta.url);

/** Every .ts file below `dir`, as file URLs, sorted. */
function modules(dir: URL): URL[] {
  const out: URL[] = [];
  for (const e of Deno.readDirSync(dir)) {
    if (e.isDirectory) out.push(...modules(new URL(`${e.name}/`, dir)));
    else if (e.name.endsWith(".ts")) out.push(new URL(e.name, dir));
  }
  return out.sort((a, b) => a.href.localeCompare(b.href));
}

/** A module's path relative to src/, for messages. */
function name(url: URL | string): string {
  return String(url).slice(SRC.href.length);
}

// An import or export clause: `x`, `* as x`, `*`, `{ ... }`, or `x, { ... }` / `x, * as y`.
const CLAUSE = String.raw`(?:[\w$]+\s*,\s*)?(?:\{[^}]*\}|\*\s+as\s+[\w$]+|\*|[\w$]+)`;
const FROM = new RegExp(
  String.raw`^[ \t]*(import|export)\s+(type\s+)?(${CLAUSE})\s*from\s*["']([^"']+)["']`,
  "gm",
);
const BARE = /^[ \t]*import\s*["']([^"']+)["']/gm;

/**
 * The relative modules that `source` imports at run time: static imports and re-exports, less
 * `import type`, `export type` and lists whose every name is `type`.
 */
export function runtimeImports(source: string): string[] {
  const out: string[] = [];
  for (const m of source.matchAll(FROM)) {
    const [, , type, clause, spec] = m;
    if (type !== undefined) continue;
    const list = /^\{([^}]*)\}$/.exec(clause.trim());
    if (list !== null) {
      const names = list[1].split(",").map((s) => s.trim()).filter((s) => s !== "");
      if (names.length > 0 && names.every((s) => s.startsWith("type "))) continue;
    }
    out.push(spec);
  }
  for (const m of source.matchAll(BARE)) out.push(m[1]);
  return out.filter((s) => s.startsWith("."));
}

/** The run-time import graph of the modules below `dir`: module URL -> imported module URLs. */
function importGraph(dir: URL): Map<string, string[]> {
  const graph = new Map<string, string[]>();
  for (const url of modules(dir)) {
    const deps = runtimeImports(Deno.readTextFileSync(url))
      .map((s) => new URL(s, url).href)
      .filter((d) => d.startsWith(dir.href));
    graph.set(url.href, [...new Set(deps)]);
  }
  return graph;
}

/** A cycle of `graph` as a path that ends where it starts, or null when there is none. */
export function findCycle(graph: ReadonlyMap<string, readonly string[]>): string[] | null {
  const state = new Map<string, "open" | "done">();
  const path: string[] = [];
  const visit = (v: string): string[] | null => {
    state.set(v, "open");
    path.push(v);
    for (const w of graph.get(v) ?? []) {
      const s = state.get(w);
      if (s === "open") return [...path.slice(path.indexOf(w)), w];
      if (s === undefined) {
        const found = visit(w);
        if (found !== null) return found;
      }
    }
    path.pop();
    state.set(v, "done");
    return null;
  };
  for (const v of graph.keys()) {
    if (state.has(v)) continue;
    const found = visit(v);
    if (found !== null) return found;
  }
  return null;
}

Deno.test("the import parser keeps run-time imports and drops type-only ones", () => {
  const source = [
    `import { a } from "./a.ts";`,
    `import type { B } from "./b.ts";`,
    `import { type C, type D } from "./c.ts";`,
    `import { type E, e } from "./e.ts";`,
    `import {\n  f,\n  type F,\n} from "./f.ts";`,
    `import * as g from "./g.ts";`,
    `import "./h.ts";`,
    `export { i } from "./i.ts";`,
    `export type { J } from "./j.ts";`,
    `export * from "./k.ts";`,
    `export function l(): void {}`,
    ` * import * as tf from "@denotensor/core";`,
    `import { m } from "jsr:@std/m";`,
  ].join("\n");
  assert.deepEqual(runtimeImports(source).sort(), [
    "./a.ts",
    "./e.ts",
    "./f.ts",
    "./g.ts",
    "./h.ts",
    "./i.ts",
    "./k.ts",
  ]);
  assert.deepEqual(findCycle(new Map([["a", ["b"]], ["b", ["c"]], ["c", ["a"]]])), [
    "a",
    "b",
    "c",
    "a",
  ]);
  assert.equal(findCycle(new Map([["a", ["b", "c"]], ["b", ["c"]], ["c", []]])), null);
});

Deno.test("the run-time imports of src/ form no cycle", () => {
  const graph = importGraph(SRC);
  // The parser sees the graph (guards against a check that passes on an empty one).
  const unary = new URL("ops/unary.ts", SRC).href;
  assert.ok(graph.get(unary)?.includes(new URL("engine.ts", SRC).href), "ops/unary.ts -> engine");
  const cycle = findCycle(graph);
  assert.equal(
    cycle,
    null,
    `run-time import cycle: ${(cycle ?? []).map(name).join(" -> ")} (make one of these ` +
      `imports \`import type\`, or move what it needs into a lower module)`,
  );
});

Deno.test("every module of src/ imports on its own in a fresh process", async () => {
  const list = modules(SRC);
  assert.ok(list.length > 50, `only ${list.length} modules found under src/`);
  const failures: string[] = [];
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < list.length) {
      const url = list[next++];
      const r = await runDeno(["eval", `import ${JSON.stringify(url.href)};`]);
      if (r.code !== 0) failures.push(`${name(url)}:\n${r.stderr.trim()}`);
    }
  };
  await Promise.all(Array.from({ length: 8 }, worker));
  assert.deepEqual(failures, [], `modules that throw when imported alone:\n${failures.join("\n")}`);
});

Deno.test("an op run before tensor.ts has loaded says what to import", async () => {
  const op = new URL("ops/unary.ts", SRC).href;
  const r = await runDeno(["eval", `import { neg } from ${JSON.stringify(op)}; neg([1]);`]);
  assert.notEqual(r.code, 0);
  assert.match(r.stderr, /the Tensor class is not loaded yet: import mod\.ts/);
  const mod = new URL("../mod.ts", SRC).href;
  const ok = await runDeno([
    "eval",
    `import ${JSON.stringify(mod)}; import { neg } from ${JSON.stringify(op)}; ` +
    `console.log(String(neg([1])));`,
  ]);
  assert.equal(ok.stdout.trim(), "tf.Tensor([-1.], shape=(1,), dtype=float32)", ok.stderr);
});
