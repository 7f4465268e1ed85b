/**
 * Which (op, dtype) pairs each native kernel family receives, derived from the op tables' dtype
 * rules: the dtype an op computes in, over every input dtype. `build.ts` writes these lists into
 * the generated header the kernel sources include (`DT_UNARY_TABLE(X)`, ...), and the tests check
 * every native library against them, so an op the TypeScript side sends to a family can never be
 * missing from a library without a failing build or test.
 *
 * @module
 */
import { type DType, DTYPES, KERNEL_DTYPES } from "../dtype.ts";
import {
  BINARY,
  BINARY_OPS,
  binaryCompute,
  type BinaryName,
  REDUCE,
  REDUCE_OPS,
  UNARY,
  UNARY_OPS,
  unaryCompute,
  type UnaryName,
} from "./op_ids.ts";

/** The kernel families whose coverage `dt_supports` reports, with their dt_supports number. */
export const KERNEL_FAMILIES = { unary: 0, binary: 1, reduce: 2 } as const;
/** A kernel family with an op table. */
export type KernelFamily = keyof typeof KERNEL_FAMILIES;

/** The compute dtypes an op sends to its kernel family, over every input dtype, in code order. */
function image(compute: (input: DType) => DType | null): DType[] {
  const out = new Set<DType>();
  for (const d of DTYPES) {
    const c = compute(d);
    if (c !== null) out.add(c);
  }
  return KERNEL_DTYPES.filter((d) => out.has(d));
}

/** The dtypes each op of a family computes in on a native kernel (float16 has none). */
export function kernelDtypes(family: KernelFamily): { op: string; dtypes: DType[] }[] {
  switch (family) {
    case "unary":
      return UNARY_OPS.map((op: UnaryName) => ({ op, dtypes: image((d) => unaryCompute(op, d)) }));
    case "binary":
      return BINARY_OPS.map((op: BinaryName) => ({
        op,
        dtypes: image((d) => binaryCompute(op, d)),
      }));
    case "reduce":
      return REDUCE_OPS.map((op) => ({ op, dtypes: image((d) => REDUCE[op].compute(d)) }));
  }
}

/** The op names of a family, in code order. */
export function familyOps(family: KernelFamily): readonly string[] {
  return family === "unary" ? UNARY_OPS : family === "binary" ? BINARY_OPS : REDUCE_OPS;
}

/** The dtype a family's kernel writes for op `op` computing in `compute`. */
export function kernelResult(family: KernelFamily, op: string, compute: DType): DType {
  switch (family) {
    case "unary":
      return UNARY[op as UnaryName].result === "bool" ? "bool" : compute;
    case "binary": {
      const r = BINARY[op as BinaryName].result;
      return r === "compare" || r === "logical" ? "bool" : compute;
    }
    case "reduce":
      return REDUCE[op as typeof REDUCE_OPS[number]].result(compute);
  }
}
