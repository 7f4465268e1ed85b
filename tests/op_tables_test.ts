// The op tables are the single source of the native op lists and ABI constants: build.ts
// generates the X-macro lists the kernel sources include (build/op_ids.h) and the TypeScript copy
// of dt_api.h's layout constants (ffi/abi.ts). These tests fail when a generated file is stale or
// the generated lists disagree with the tables, and check the lists' shape: one entry per op and
// dtype the op tables send to each family, for float32, float64 and int32 at least where the
// family promises them.
import assert from "node:assert/strict";
import { abiModule, opIdsHeader } from "../build.ts";
import { familyOps, kernelDtypes, type KernelFamily } from "../src/ops/kernel_table.ts";
import { DTYPE_INFO } from "../src/dtype.ts";
import * as tf from "../mod.ts";

const ROOT = new URL("../", import.meta.url);

/** The X(suffix, op) entries of one generated list. */
function entries(header: string, family: KernelFamily): string[] {
  const start = header.indexOf(`#define DT_${family.toUpperCase()}_TABLE(X)`);
  assert.ok(start >= 0, `no DT_${family.toUpperCase()}_TABLE in the header`);
  const lines = header.slice(start).split("\n");
  const body: string[] = [];
  for (const line of lines.slice(1)) {
    body.push(line);
    if (!line.trimEnd().endsWith("\\")) break;
  }
  return [...body.join(" ").matchAll(/X\((\w+), (\w+)\)/g)].map((m) => `${m[2]} ${m[1]}`);
}

Deno.test("op tables: the generated lists are exactly the tables' (op, dtype) pairs", () => {
  const header = opIdsHeader();
  for (const family of ["unary", "binary", "reduce"] as KernelFamily[]) {
    const want = kernelDtypes(family).flatMap(({ op, dtypes }) =>
      dtypes.map((d) => `${op} ${DTYPE_INFO[d].suffix}`)
    );
    assert.deepEqual(entries(header, family).sort(), want.sort(), family);
    assert.deepEqual(kernelDtypes(family).map((e) => e.op), [...familyOps(family)]);
    // The op codes are the positions in the table.
    familyOps(family).forEach((op, i) => {
      assert.ok(header.includes(`#define DT_${family.toUpperCase()}_${op} ${i}\n`), op);
    });
  }
});

Deno.test("op tables: float ops promise float32 and float64 kernels, integer ops int32", () => {
  for (const family of ["unary", "binary", "reduce"] as KernelFamily[]) {
    for (const { op, dtypes } of kernelDtypes(family)) {
      assert.ok(dtypes.length > 0, `${family} ${op} runs on no kernel dtype`);
      if (dtypes.includes("float32")) assert.ok(dtypes.includes("float64"), `${op} float64`);
    }
  }
  const unary = new Map(kernelDtypes("unary").map((e) => [e.op, e.dtypes]));
  assert.deepEqual(unary.get("exp"), ["float32", "float64"]);
  assert.deepEqual(unary.get("neg"), ["uint8", "int32", "int64", "float32", "float64"]);
  const binary = new Map(kernelDtypes("binary").map((e) => [e.op, e.dtypes]));
  assert.deepEqual(binary.get("add"), ["bool", "uint8", "int32", "int64", "float32", "float64"]);
  assert.deepEqual(binary.get("logicalAnd"), ["bool"]);
});

Deno.test("op tables: build/op_ids.h and ffi/abi.ts are up to date", async () => {
  const header = await Deno.readTextFile(new URL("build/op_ids.h", ROOT)).catch(() => null);
  if (header !== null) {
    assert.equal(header, opIdsHeader(), "build/op_ids.h is stale: run `deno task build`");
  }
  const api = await Deno.readTextFile(new URL("kernels/dt_api.h", ROOT));
  assert.equal(
    await Deno.readTextFile(new URL("ffi/abi.ts", ROOT)),
    abiModule(api),
    "ffi/abi.ts is stale: run `deno task build`",
  );
});

Deno.test("op tables: every unary and binary op is a public function and a Tensor method", () => {
  const missing: string[] = [];
  for (const family of ["unary", "binary"] as KernelFamily[]) {
    for (const op of familyOps(family)) {
      const fn = (tf as unknown as Record<string, unknown>)[op] ??
        (tf.nn as unknown as Record<string, unknown>)[op];
      if (typeof fn !== "function") missing.push(`tf.${op}`);
      if (typeof (tf.Tensor.prototype as unknown as Record<string, unknown>)[op] !== "function") {
        missing.push(`Tensor.${op}()`);
      }
    }
  }
  assert.deepEqual(missing, [], "every op of the tables needs its function and method");
});
