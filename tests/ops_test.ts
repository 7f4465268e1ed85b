/**
 * Replays every op fixture of tests/fixtures/ops.json (NumPy results written by
 * tests/gen_op_fixtures.py) through the public API and compares: exact for integer, bool,
 * movement and correctly rounded float results; within the recorded tolerance for
 * transcendental functions and float reductions. One test per op family.
 */
import * as tf from "../mod.ts";
import { deviceTest } from "./helpers.ts";
import type { DType, Index, Tensor } from "../mod.ts";
import {
  argOf,
  BINARY,
  type Case,
  checkBinary,
  checkUnary,
  describe,
  Failures,
  FIXTURES,
  isTensorSpec,
  scalarOf,
  type SSpec,
  tensorOf,
  type TSpec,
  UNARY,
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

deviceTest("fixtures cover every op the suite promises", () => {
  const want: Record<string, string[]> = {
    unary: Object.keys(UNARY),
    binary: Object.keys(BINARY),
    reduce: [
      "reduceSum",
      "reduceMean",
      "reduceMax",
      "reduceMin",
      "reduceProd",
      "reduceAll",
      "reduceAny",
      "reduceLogSumExp",
      "reduceStd",
      "reduceVariance",
    ],
    arg: ["argmax", "argmin"],
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
  };
  const missing: string[] = [];
  for (const [family, names] of Object.entries(want)) {
    const have = ops(family);
    for (const n of names) if (!have.has(n)) missing.push(`${family}.${n}`);
  }
  for (const family of ["cumsum", "matmul", "at", "gather", "where", "cast", "clip"]) {
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
    for (const op of ops(family)) {
      for (const d of tf.DTYPES) if (!seen.has(`${op}:${d}`)) missing.push(`${family} ${op} ${d}`);
    }
  }
  // Scalar-tensor and tensor-scalar forms of every binary op.
  for (const op of ops("binary")) {
    const list = cases("binary").filter((c) => c.op === op);
    if (!list.some((c) => !isTensorSpec(c.a))) missing.push(`binary ${op} scalar-tensor`);
    if (!list.some((c) => !isTensorSpec(c.b))) missing.push(`binary ${op} tensor-scalar`);
  }
  if (missing.length > 0) throw new Error(`fixtures lack: ${missing.join(", ")}`);
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

type ReduceFn = (x: Tensor, axis?: number | number[] | null, keepdims?: boolean) => Tensor;
const REDUCE: Record<string, ReduceFn> = {
  reduceSum: tf.reduceSum,
  reduceMean: tf.reduceMean,
  reduceMax: tf.reduceMax,
  reduceMin: tf.reduceMin,
  reduceProd: tf.reduceProd,
  reduceAll: tf.reduceAll,
  reduceAny: tf.reduceAny,
  reduceLogSumExp: tf.reduceLogSumExp,
  reduceStd: tf.reduceStd,
  reduceVariance: tf.reduceVariance,
};

deviceTest("reductions match NumPy (axis none/number/negative/array, keepdims)", () => {
  const f = new Failures();
  for (const c of cases("reduce")) {
    const fn = REDUCE[c.op!];
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
