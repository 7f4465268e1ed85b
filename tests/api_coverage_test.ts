// Every public name of the API contract (shared/API.md of the workspace) is exported: by mod.ts
// for `tf.*` names (nested ones such as nn.relu, linalg.inv, keras.layers.Dense included) and by
// numpy.ts for `np.*` names. The list is tests/fixtures/api_names.json, written by
// tests/gen_api_names.py from the contract (which CI does not have); regenerate it when the
// contract changes.
import * as tf from "../mod.ts";
import * as np from "../numpy.ts";
import names from "./fixtures/api_names.json" with { type: "json" };

/** Whether the dotted path `name` resolves to a defined value below `root`. */
function exported(root: unknown, name: string): boolean {
  let cur = root;
  for (const part of name.split(".")) {
    if (cur === null || (typeof cur !== "object" && typeof cur !== "function")) return false;
    if (!(part in cur)) return false;
    cur = (cur as Record<string, unknown>)[part];
    if (cur === undefined) return false;
  }
  return true;
}

Deno.test("the API name list is complete enough to mean something", () => {
  const want = ["add", "nn.relu", "linalg.inv", "random.normal", "keras.layers.Dense"];
  const missing = want.filter((n) => !names.tf.includes(n));
  if (!names.np.includes("array")) missing.push("np.array");
  if (names.tf.length < 150 || names.np.length < 25 || missing.length > 0) {
    throw new Error(
      `tests/fixtures/api_names.json looks broken (${names.tf.length} tf names, ` +
        `${names.np.length} np names; lacks ${missing.join(", ")}): rerun tests/gen_api_names.py`,
    );
  }
});

Deno.test("every name of API.md is exported by mod.ts (tf.*) or numpy.ts (np.*)", () => {
  const missing = [
    ...names.tf.filter((n) => !exported(tf, n)).map((n) => `tf.${n}`),
    ...names.np.filter((n) => !exported(np, n)).map((n) => `np.${n}`),
  ];
  if (missing.length > 0) {
    throw new Error(
      `${missing.length} name(s) of API.md are not exported yet:\n` +
        missing.map((n) => `  - ${n}`).join("\n"),
    );
  }
});
