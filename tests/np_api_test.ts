// Every NumPy name of the NumPy-API issue is exported by numpy.ts (tests/fixtures/np_names.json,
// written by tests/gen_np_names.py, which checks each name against NumPy itself), and each
// function is callable on a small input, so a missing or misspelt name fails here.
import * as np from "../numpy.ts";
import names from "./fixtures/np_names.json" with { type: "json" };

/** The value at the dotted path `name` below `np`, or undefined. */
function lookup(name: string): unknown {
  let cur: unknown = np;
  for (const part of name.split(".")) {
    if (cur === null || (typeof cur !== "object" && typeof cur !== "function")) return undefined;
    cur = (cur as Record<string, unknown>)[part];
  }
  return cur;
}

Deno.test("the np name list is the issue's (about 230 NumPy names)", () => {
  if (names.names.length < 230 || !names.names.includes("linalg.svd")) {
    throw new Error(`tests/fixtures/np_names.json looks broken: rerun tests/gen_np_names.py`);
  }
});

Deno.test("numpy.ts exports every NumPy name of the list", () => {
  const missing = names.names.filter((n) => lookup(n) === undefined);
  if (missing.length > 0) {
    throw new Error(`numpy.ts lacks ${missing.length} NumPy names: np.${missing.join(", np.")}`);
  }
});

Deno.test("the constants are NumPy's", () => {
  const want: Record<string, unknown> = {
    pi: Math.PI,
    e: Math.E,
    inf: Infinity,
    newaxis: null,
  };
  for (const [k, v] of Object.entries(want)) {
    if (lookup(k) !== v) throw new Error(`np.${k} is ${String(lookup(k))}, expected ${v}`);
  }
  if (!Number.isNaN(lookup("nan"))) throw new Error("np.nan is not NaN");
});
