/**
 * Replays every op fixture of tests/fixtures/ops.json (NumPy results written by
 * tests/gen_op_fixtures.py) through the public API and compares: exact for integer, bool,
 * movement and correctly rounded float results; within the recorded tolerance for
 * transcendental functions and float reductions. One test per op family.
 */
import * as tf from "../mod.ts";
import { assertEquals, deviceTest } from "./helpers.ts";
import type { DType, Index, Tensor } from "../mod.ts";
import { ARG_REDUCE_OPS, BINARY_OPS, UNARY_OPS } from "../src/ops/op_ids.ts";
import {
  argOf,
  type Case,
  checkBinary,
  checkUnary,
  describe,
  Failures,
  FIXTURES,
  isTensorSpec,
  lookup,
  REDUCE_FNS,
  scalarOf,
  type SSpec,
  tensorOf,
  type TSpec,
} from "./op_fixtures.ts";

function cases(family: string): Case[] {
  const list = FIXTURES[family];
  if (!Array.isArray(list) || list.length === 0) {
    throw new Error(`tests/fixtures/ops.json has no "${family}" cases`);
  }
  return list;
}

function ops(family: string): Set<string> {
  return new Set(cases(family).map((c) => c.op ?? ""));
}

function fmtAxis(c: Case): string {
  return "axis" in c ? `, axis=${JSON.stringify(c.axis)}` : "";
}

// Not a device test: it reads the fixtures only. The unary, binary, reduce and arg lists are the
// op tables' (src/ops/op_ids.ts), so an op added there fails here until its fixture row exists
// in tests/gen_op_fixtures.py and ops.json is regenerated.
Deno.test("fixtures cover every op of the op tables and every op the suite promises", () => {
  const want: Record<string, readonly string[]> = {
    unary: UNARY_OPS,
    binary: BINARY_OPS,
    reduce: Object.keys(REDUCE_FNS),
    arg: ARG_REDUCE_OPS,
    movement: [
      "reshape",
      "transpose",
      "expandDims",
      "squeeze",
      "concat",
      "stack",
      "unstack",
      "split",
      "slice",
      "broadcastTo",
    ],
    creation: [
      "zeros",
      "ones",
      "fill",
      "eye",
      "range",
      "linspace",
      "oneHot",
      "zerosLike",
      "onesLike",
    ],
    nn: [
      "relu",
      "sigmoid",
      "softmax",
      "logSoftmax",
      "softmaxCrossEntropyWithLogits",
      "sparseSoftmaxCrossEntropyWithLogits",
    ],
    shape2: ["tile", "pad", "reverse", "gatherNd", "scatterNd", "booleanMask"],
    contract: ["einsum", "tensordot"],
    linalg: ["inv", "det", "solve"],
    sort: ["sort", "argsort", "topk"],
    activation: Object.keys(ACTIVATIONS),
  };
  const missing: string[] = [];
  const unknown: string[] = [];
  for (const [family, names] of Object.entries(want)) {
    const have = ops(family);
    for (const n of names) if (!have.has(n)) missing.push(`${family}.${n}`);
    for (const n of have) if (!names.includes(n)) unknown.push(`${family}.${n}`);
  }
  for (const family of ["cumsum", "matmul", "at", "gather", "where", "cast", "clip", "norm"]) {
    if (cases(family).length === 0) missing.push(family);
  }
  // Every dtype pair of cast, and every input dtype of the unary and binary ops.
  const pairs = new Set(cases("cast").map((c) => `${c.x!.d}->${c.dtype}`));
  for (const a of tf.DTYPES) {
    for (const b of tf.DTYPES) if (!pairs.has(`${a}->${b}`)) missing.push(`cast ${a}->${b}`);
  }
  for (const family of ["unary", "binary"]) {
    const seen = new Set<string>();
    for (const c of cases(family)) {
      const x = (c.x ?? c.a) as TSpec | SSpec;
      if (isTensorSpec(x)) seen.add(`${c.op}:${x.d}`);
    }
    for (const op of want[family]) {
      for (const d of tf.DTYPES) if (!seen.has(`${op}:${d}`)) missing.push(`${family} ${op} ${d}`);
    }
  }
  // Scalar-tensor and tensor-scalar forms of every binary op.
  for (const op of BINARY_OPS) {
    const list = cases("binary").filter((c) => c.op === op);
    if (!list.some((c) => !isTensorSpec(c.a))) missing.push(`binary ${op} scalar-tensor`);
    if (!list.some((c) => !isTensorSpec(c.b))) missing.push(`binary ${op} tensor-scalar`);
  }
  const hint = " (tests/gen_op_fixtures.py, then regenerate tests/fixtures/ops.json)";
  if (missing.length > 0) throw new Error(`fixtures lack: ${missing.join(", ")}${hint}`);
  if (unknown.length > 0) {
    throw new Error(`fixtures name ops the suite does not know: ${unknown.join(", ")}${hint}`);
  }
});

deviceTest("unary ops match NumPy (every dtype, specials, rank 0, empty, views)", () => {
  const f = new Failures();
  for (const c of cases("unary")) checkUnary(f, c);
  f.assert("unary");
});

deviceTest("binary ops match NumPy (broadcasting, weak scalars, mixed dtypes, views)", () => {
  const f = new Failures();
  for (const c of cases("binary")) checkBinary(f, c);
  f.assert("binary");
});

deviceTest("reductions match NumPy (axis none/number/negative/array, keepdims)", () => {
  const f = new Failures();
  for (const c of cases("reduce")) {
    const fn = lookup(REDUCE_FNS, c.op);
    const hasAxis = "axis" in c;
    f.check(
      `reduce ${c.op}(${describe(c.x)}${
        hasAxis ? fmtAxis(c) : ", axis omitted"
      }, keepdims=${c.kd})`,
      () => {
        const x = tensorOf(c.x!);
        if (!hasAxis) return c.kd ? fn(x, undefined, true) : fn(x);
        return fn(x, c.axis, c.kd);
      },
      c.out,
      c.t,
    );
  }
  f.assert("reduce");
});

deviceTest("argmax and argmin match NumPy (int32, and int64 with outputType)", () => {
  const f = new Failures();
  for (const c of cases("arg")) {
    const fn = c.op === "argmax" ? tf.argmax : tf.argmin;
    f.check(
      `${c.op}(${describe(c.x)}${fmtAxis(c)}${c.ot ? `, outputType=${c.ot}` : ""})`,
      () => {
        const x = tensorOf(c.x!);
        if (c.ot) return fn(x, c.axis as number, { outputType: c.ot });
        return "axis" in c ? fn(x, c.axis as number) : fn(x);
      },
      c.out,
      c.t,
    );
  }
  f.assert("arg");
});

deviceTest("cumsum matches NumPy (every axis, exclusive, reverse)", () => {
  const f = new Failures();
  for (const c of cases("cumsum")) {
    f.check(
      `cumsum(${describe(c.x)}${fmtAxis(c)}, exclusive=${!!c.ex}, reverse=${!!c.rev})`,
      () => {
        const x = tensorOf(c.x!);
        if (!c.ex && !c.rev) return tf.cumsum(x, c.axis as number);
        return tf.cumsum(x, c.axis as number, { exclusive: c.ex, reverse: c.rev });
      },
      c.out,
      c.t,
    );
  }
  f.assert("cumsum");
});

deviceTest("matmul matches NumPy (batched, broadcast batch, transposes, int dtypes)", () => {
  const f = new Failures();
  for (const c of cases("matmul")) {
    const a = c.a as TSpec;
    const b = c.b as TSpec;
    f.check(
      `matmul(${describe(a)}, ${describe(b)}, transposeA=${!!c.ta}, transposeB=${!!c.tb})`,
      () => {
        if (!c.ta && !c.tb) return tf.matmul(tensorOf(a), tensorOf(b));
        return tf.matmul(tensorOf(a), tensorOf(b), { transposeA: c.ta, transposeB: c.tb });
      },
      c.out,
      c.t,
    );
  }
  f.assert("matmul");
});

interface MoveArgs {
  shape?: number[];
  perm?: number[];
  axis?: number | number[];
  begin?: number[];
  size?: number[];
  n?: number;
  sizes?: number[];
}

function movement(op: string, c: Case): Tensor | Tensor[] {
  const a = c.a as MoveArgs;
  const x = c.x === undefined ? tensorOf(c.xs![0]) : tensorOf(c.x);
  const xs = (): Tensor[] => c.xs!.map(tensorOf);
  switch (op) {
    case "reshape":
      return tf.reshape(x, a.shape!);
    case "transpose":
      return a.perm === undefined ? tf.transpose(x) : tf.transpose(x, a.perm);
    case "expandDims":
      return tf.expandDims(x, a.axis as number);
    case "squeeze":
      return a.axis === undefined ? tf.squeeze(x) : tf.squeeze(x, a.axis);
    case "concat":
      return tf.concat(xs(), a.axis as number);
    case "stack":
      return a.axis === undefined ? tf.stack(xs()) : tf.stack(xs(), a.axis as number);
    case "unstack":
      return tf.unstack(x, a.axis as number);
    case "split":
      return tf.split(x, a.n ?? a.sizes!, a.axis as number);
    case "slice":
      return tf.slice(x, a.begin!, a.size!);
    case "broadcastTo":
      return tf.broadcastTo(x, a.shape!);
  }
  throw new Error(`fixture names unknown movement op ${op}`);
}

deviceTest(
  "shape ops match NumPy (reshape -1, transpose, concat, stack, split, slice, ...)",
  () => {
    const f = new Failures();
    for (const c of cases("movement")) {
      const inputs = c.xs ? `[${c.xs.map(describe).join(", ")}]` : describe(c.x);
      f.check(
        `${c.op}(${inputs}, ${JSON.stringify(c.a)})`,
        () => movement(c.op!, c),
        c.out,
        c.t,
        c.outs,
      );
    }
    f.assert("movement");
  },
);

deviceTest("t.at(...) matches NumPy basic indexing (the full index grammar)", () => {
  const f = new Failures();
  for (const c of cases("at")) {
    const idx = c.idx as Index[];
    f.check(
      `${describe(c.x)}.at(${idx.map((i) => JSON.stringify(i)).join(", ")})`,
      () => tensorOf(c.x!).at(...idx),
      c.out,
      c.t,
    );
  }
  f.assert("at");
});

deviceTest("gather matches NumPy take (each axis, multi-dim indices)", () => {
  const f = new Failures();
  for (const c of cases("gather")) {
    f.check(
      `gather(${describe(c.x)}, indices ${describe(c.i)} ${JSON.stringify(c.i!.v)}${fmtAxis(c)})`,
      () => tf.gather(tensorOf(c.x!), tensorOf(c.i!), c.axis as number),
      c.out,
      c.t,
    );
  }
  f.assert("gather");
});

deviceTest("where matches NumPy (three-way broadcasting, promotion, weak scalars)", () => {
  const f = new Failures();
  for (const c of cases("where")) {
    const a = c.a as TSpec | SSpec;
    const b = c.b as TSpec | SSpec;
    f.check(
      `where(${describe(c.c)}, ${describe(a)}, ${describe(b)})`,
      () => tf.where(tensorOf(c.c!), argOf(a), argOf(b)),
      c.out,
      c.t,
    );
  }
  f.assert("where");
});

deviceTest("cast matches NumPy / the cast rules for every dtype pair", () => {
  const f = new Failures();
  for (const c of cases("cast")) {
    f.check(
      `cast(${describe(c.x)}, ${c.dtype})`,
      () => tf.cast(tensorOf(c.x!), c.dtype!),
      c.out,
      c.t,
    );
  }
  f.assert("cast");
});

deviceTest("clipByValue matches NumPy minimum(maximum(x, lo), hi)", () => {
  const f = new Failures();
  for (const c of cases("clip")) {
    f.check(
      `clipByValue(${describe(c.x)}, ${describe(c.lo)}, ${describe(c.hi)})`,
      () => tf.clipByValue(tensorOf(c.x!), argOf(c.lo!), argOf(c.hi!)),
      c.out,
      c.t,
    );
  }
  f.assert("clip");
});

function creation(op: string, args: unknown[]): Tensor {
  const dt = (k: number): DType | undefined => (args[k] ?? undefined) as DType | undefined;
  const num = (k: number): number => args[k] as number;
  switch (op) {
    case "zeros":
      return args.length > 1 ? tf.zeros(args[0] as number[], dt(1)) : tf.zeros(args[0] as number[]);
    case "ones":
      return args.length > 1 ? tf.ones(args[0] as number[], dt(1)) : tf.ones(args[0] as number[]);
    case "fill":
      return tf.fill(args[0] as number[], scalarOf(args[1] as SSpec), dt(2));
    case "eye":
      return args.length > 1
        ? tf.eye(num(0), (args[1] ?? undefined) as number | undefined, dt(2))
        : tf.eye(num(0));
    case "range":
      if (args.length === 1) return tf.range(num(0));
      if (args.length === 2) return tf.range(num(0), num(1));
      if (args.length === 3) return tf.range(num(0), num(1), num(2));
      return tf.range(num(0), num(1), num(2), dt(3));
    case "linspace":
      return tf.linspace(num(0), num(1), num(2));
    case "oneHot":
      return tf.oneHot(
        tensorOf(args[0] as TSpec),
        num(1),
        args[2] as tf.OneHotOptions | undefined,
      );
    case "zerosLike":
      return tf.zerosLike(tensorOf(args[0] as TSpec), dt(1));
    case "onesLike":
      return tf.onesLike(tensorOf(args[0] as TSpec), dt(1));
  }
  throw new Error(`fixture names unknown creation op ${op}`);
}

deviceTest("creation ops match NumPy (zeros ones fill eye range linspace oneHot *Like)", () => {
  const f = new Failures();
  for (const c of cases("creation")) {
    const args = c.a as unknown[];
    f.check(`${c.op}(${JSON.stringify(args)})`, () => creation(c.op!, args), c.out, c.t);
  }
  f.assert("creation");
});

deviceTest("nn ops match NumPy (relu sigmoid softmax logSoftmax cross-entropies)", () => {
  const f = new Failures();
  for (const c of cases("nn")) {
    const ax = "axis" in c ? c.axis as number : undefined;
    let label: string;
    let run: () => Tensor;
    switch (c.op) {
      case "relu":
      case "sigmoid": {
        const fn = c.op === "relu" ? tf.nn.relu : tf.nn.sigmoid;
        label = `nn.${c.op}(${describe(c.x)})`;
        run = () => fn(tensorOf(c.x!));
        break;
      }
      case "softmax":
      case "logSoftmax": {
        const fn = c.op === "softmax" ? tf.nn.softmax : tf.nn.logSoftmax;
        label = `nn.${c.op}(${describe(c.x)}${fmtAxis(c)})`;
        run = () => ax === undefined ? fn(tensorOf(c.x!)) : fn(tensorOf(c.x!), ax);
        break;
      }
      case "softmaxCrossEntropyWithLogits":
      case "sparseSoftmaxCrossEntropyWithLogits": {
        const fn = c.op === "softmaxCrossEntropyWithLogits"
          ? tf.nn.softmaxCrossEntropyWithLogits
          : tf.nn.sparseSoftmaxCrossEntropyWithLogits;
        label = `nn.${c.op}({labels: ${describe(c.labels)} ${
          c.labels!.d.startsWith("int") ? JSON.stringify(c.labels!.v) : ""
        }, logits: ${describe(c.logits)}})`;
        run = () => fn({ labels: tensorOf(c.labels!), logits: tensorOf(c.logits!) });
        break;
      }
      default:
        throw new Error(`fixture names unknown nn op ${c.op}`);
    }
    f.check(label, run, c.out, c.t);
  }
  f.assert("nn");
});

// ---------------------------------------------------------------------------------------------
// Issue 7 ops: tile, pad, reverse, gatherNd, scatterNd, booleanMask, tensordot, einsum, norm,
// linalg, sorting, activations; and the random ops (no NumPy there: bounds, moments, and the
// same numbers on every device).

interface Shape2Args {
  multiples?: number[];
  paddings?: number[][];
  mode?: tf.PadMode;
  value?: number | boolean;
  axis?: number | number[];
  shape?: number[];
}

function shape2(c: Case): Tensor {
  const a = c.a as Shape2Args;
  switch (c.op) {
    case "tile":
      return tf.tile(tensorOf(c.x!), a.multiples!);
    case "pad":
      return a.value === undefined
        ? tf.pad(tensorOf(c.x!), a.paddings!, a.mode)
        : tf.pad(tensorOf(c.x!), a.paddings!, a.mode, a.value);
    case "reverse":
      return tf.reverse(tensorOf(c.x!), a.axis!);
    case "gatherNd":
      return tf.gatherNd(tensorOf(c.x!), tensorOf(c.i!));
    case "scatterNd":
      return tf.scatterNd(tensorOf(c.i!), tensorOf(c.b as TSpec), a.shape!);
    case "booleanMask":
      return tf.booleanMask(tensorOf(c.x!), tensorOf(c.c!), a.axis as number);
  }
  throw new Error(`fixture names unknown shape2 op ${c.op}`);
}

deviceTest("tile, pad, reverse, gatherNd, scatterNd, booleanMask match NumPy", () => {
  const f = new Failures();
  for (const c of cases("shape2")) {
    const extra = [c.i, c.b, c.c].filter((s) => s !== undefined).map((s) =>
      `${describe(s as TSpec)} ${JSON.stringify((s as TSpec).v.slice(0, 12))}`
    );
    f.check(
      `${c.op}(${[describe(c.x), ...extra].join(", ")}, ${JSON.stringify(c.a)})`,
      () => shape2(c),
      c.out,
      c.t,
    );
  }
  f.assert("shape2");
});

deviceTest("einsum and tensordot match NumPy (matmul, batch, trace, diagonal, outer, ...)", () => {
  const f = new Failures();
  for (const c of cases("contract")) {
    const xs = () => c.xs!.map(tensorOf);
    const a = c.a as { eq?: string; axes?: tf.TensordotAxes };
    f.check(
      `${c.op}(${JSON.stringify(a.eq ?? a.axes)}, ${c.xs!.map(describe).join(", ")})`,
      () => c.op === "einsum" ? tf.einsum(a.eq!, ...xs()) : tf.tensordot(xs()[0], xs()[1], a.axes!),
      c.out,
      c.t,
    );
  }
  f.assert("contract");
});

deviceTest("norm matches NumPy (vector and matrix orders, axes, keepdims)", () => {
  const f = new Failures();
  for (const c of cases("norm")) {
    const ord = c.ord === "inf" ? Infinity : c.ord as tf.NormOrder;
    f.check(
      `norm(${describe(c.x)}, ord=${JSON.stringify(c.ord)}${fmtAxis(c)}, keepdims=${c.kd})`,
      () => tf.norm(tensorOf(c.x!), ord, c.axis, c.kd),
      c.out,
      c.t,
    );
  }
  f.assert("norm");
});

deviceTest("linalg.inv, det and solve match NumPy (batched, broadcast, adjoint, singular)", () => {
  const f = new Failures();
  for (const c of cases("linalg")) {
    const adjoint = (c.a as { adjoint?: boolean } | undefined)?.adjoint ?? false;
    f.check(
      `linalg.${c.op}(${describe(c.x)}${c.b ? `, ${describe(c.b)}, adjoint=${adjoint}` : ""})`,
      () =>
        c.op === "inv"
          ? tf.linalg.inv(tensorOf(c.x!))
          : c.op === "det"
          ? tf.linalg.det(tensorOf(c.x!))
          : tf.linalg.solve(tensorOf(c.x!), tensorOf(c.b as TSpec), adjoint),
      c.out,
      c.t,
    );
  }
  f.assert("linalg");
});

deviceTest("sort, argsort and topk match a stable NumPy-order reference (NaN, ties, -0)", () => {
  const f = new Failures();
  for (const c of cases("sort")) {
    const a = c.a as { axis?: number; direction?: tf.SortDirection; k?: number };
    f.check(
      `${c.op}(${describe(c.x)} ${JSON.stringify(c.x!.v.slice(0, 12))}, ${JSON.stringify(a)})`,
      () => {
        const x = tensorOf(c.x!);
        if (c.op === "sort") return tf.sort(x, a.axis, a.direction);
        if (c.op === "argsort") return tf.argsort(x, a.axis, a.direction);
        const { values, indices } = tf.topk(x, a.k);
        return [values, indices];
      },
      c.out,
      c.t,
      c.outs,
    );
  }
  f.assert("sort");
});

const ACTIVATIONS: Record<string, (x: Tensor) => Tensor> = {
  relu6: tf.nn.relu6,
  elu: tf.nn.elu,
  selu: tf.nn.selu,
  gelu: (x) => tf.nn.gelu(x),
  geluApprox: (x) => tf.nn.gelu(x, true),
  silu: (x) => tf.nn.silu(x),
  silu2: (x) => tf.nn.silu(x, 2),
  softplus: tf.nn.softplus,
  softsign: tf.nn.softsign,
  leakyRelu: (x) => tf.nn.leakyRelu(x),
  leakyRelu01: (x) => tf.nn.leakyRelu(x, 0.1),
  l2Loss: tf.nn.l2Loss,
};

deviceTest("nn activations and l2Loss match NumPy in float64, rounded once", () => {
  const f = new Failures();
  for (const c of cases("activation")) {
    const fn = ACTIVATIONS[c.op!];
    if (fn === undefined) throw new Error(`fixture names unknown activation ${c.op}`);
    f.check(`nn.${c.op}(${describe(c.x)})`, () => fn(tensorOf(c.x!)), c.out, c.t);
  }
  f.assert("activation");
});

/** `fn` run on the CPU, as plain numbers (to compare devices). */
function onCpu(fn: () => Tensor): number[] {
  return tf.device("cpu", () => Array.from(fn().dataSync() as ArrayLike<number>));
}

deviceTest("random.truncatedNormal: within 2 stddev, right moments, same on every device", () => {
  tf.random.setSeed(3);
  const x = tf.random.truncatedNormal([20000], { mean: 1, stddev: 2, dtype: "float64" });
  const v = x.dataSync() as Float64Array;
  let s = 0, s2 = 0;
  for (const e of v) {
    if (!(e >= -3 && e <= 5)) throw new Error(`value ${e} outside [mean - 2 sd, mean + 2 sd]`);
    s += e;
    s2 += e * e;
  }
  const mean = s / v.length, sd = Math.sqrt(s2 / v.length - mean * mean);
  // The standard deviation of a normal truncated at ±2: 0.87963 of the untruncated one.
  if (Math.abs(mean - 1) > 0.05 || Math.abs(sd - 2 * 0.87963) > 0.03) {
    throw new Error(`truncatedNormal moments off: mean ${mean}, sd ${sd}`);
  }
  for (const dtype of ["float32", "float16"] as const) {
    const draw = (): Tensor => {
      tf.random.setSeed(9);
      return tf.random.truncatedNormal([3, 50], { dtype, seed: 4 });
    };
    const here = draw();
    assertEquals(here.dtype, dtype);
    assertEquals(Array.from(here.dataSync() as ArrayLike<number>), onCpu(draw));
  }
  assertEquals(tf.random.truncatedNormal([0, 3]).shape, [0, 3]);
});

deviceTest("random.shuffle: a seeded permutation of axis 0, same on every device", () => {
  const draw = (): Tensor => {
    tf.random.setSeed(1);
    return tf.random.shuffle(tf.reshape(tf.range(20), [10, 2]), { seed: 5 });
  };
  const y = draw();
  const rows = y.tolist() as number[][];
  for (const [a, b] of rows) assertEquals(b, a + 1);
  assertEquals(rows.map((r) => r[0]).sort((p, q) => p - q), [0, 2, 4, 6, 8, 10, 12, 14, 16, 18]);
  assertEquals(Array.from(y.dataSync() as ArrayLike<number>), onCpu(draw));
  const again = draw().tolist();
  assertEquals(again, rows);
  assertEquals(tf.random.shuffle(tf.constant(3, "int32")).tolist(), 3);
  assertEquals(tf.random.shuffle(tf.zeros([0, 2])).shape, [0, 2]);
});

deviceTest("nn.dropout: zeros or x / (1 - rate), rate honoured, noiseShape, seeded", () => {
  const draw = (): Tensor => {
    tf.random.setSeed(2);
    return tf.nn.dropout(tf.fill([100, 100], 3), 0.25, { seed: 8 });
  };
  const y = draw();
  const v = y.dataSync() as Float32Array;
  let dropped = 0;
  for (const e of v) {
    if (e === 0) dropped++;
    else if (e !== 4) throw new Error(`dropout kept ${e}, expected 3 / 0.75 = 4`);
  }
  if (Math.abs(dropped / v.length - 0.25) > 0.02) throw new Error(`dropped ${dropped} of 10000`);
  assertEquals(Array.from(v), onCpu(draw));
  const rowsOnly = tf.nn.dropout(tf.ones([50, 4], "float64"), 0.5, { noiseShape: [50, 1] });
  for (const r of rowsOnly.tolist() as number[][]) {
    if (!(r.every((e) => e === 0) || r.every((e) => e === 2))) throw new Error(`row ${r}`);
  }
  assertEquals(tf.nn.dropout([1, 2], 0).tolist(), [1, 2]);
});
