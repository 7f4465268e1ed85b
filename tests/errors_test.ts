// Bad input gets a typed error that names the op and the bad value, and the library keeps
// working afterwards.
import * as tf from "../mod.ts";
import { assertEquals, assertThrows } from "./helpers.ts";

const { InvalidArgumentError, FailedPreconditionError, ResourceExhaustedError } = tf;

function stillWorks(): void {
  assertEquals(tf.add(tf.constant([1, 2]), 1).tolist(), [2, 3]);
}

const cases: [string, () => unknown, typeof InvalidArgumentError, string[]][] = [
  ["ragged nested array", () => tf.constant([[1, 2], [3]]), InvalidArgumentError, [
    "constant",
    "ragged",
    "[1]",
    "length 1",
    "expected length 2",
  ]],
  ["ragged depth", () => tf.constant([[1, 2], 3]), InvalidArgumentError, ["ragged", "[1]"]],
  ["non-numeric element", () => tf.constant([1, "a" as unknown as number]), InvalidArgumentError, [
    "[1]",
    '"a"',
  ]],
  [
    "broadcast mismatch",
    () => tf.add(tf.ones([2, 3]), tf.ones([4])),
    InvalidArgumentError,
    ["add", "(2, 3)", "(4,)", "cannot be broadcast"],
  ],
  [
    "matmul inner dimensions",
    () => tf.matmul(tf.ones([2, 3]), tf.ones([4, 5])),
    InvalidArgumentError,
    ["matmul", "(2, 3)", "(4, 5)", "3 != 4"],
  ],
  ["matmul rank", () => tf.matmul(tf.ones([3]), tf.ones([3, 1])), InvalidArgumentError, [
    "matmul",
    "rank 2",
    "(3,)",
  ]],
  ["reshape size", () => tf.reshape(tf.ones([2, 3]), [4, 2]), InvalidArgumentError, [
    "reshape",
    "6 elements",
    "(4, 2)",
  ]],
  ["reshape two -1", () => tf.reshape(tf.ones([2, 3]), [-1, -1]), InvalidArgumentError, [
    "reshape",
    "only one dimension can be -1",
  ]],
  ["reduce axis", () => tf.reduceSum(tf.ones([2, 3]), 2), InvalidArgumentError, [
    "reduceSum",
    "axis 2",
    "rank 2",
  ]],
  ["negative axis", () => tf.reduceMax(tf.ones([2, 3]), -3), InvalidArgumentError, [
    "reduceMax",
    "axis -3",
  ]],
  ["repeated axis", () => tf.reduceSum(tf.ones([2, 3]), [1, -1]), InvalidArgumentError, [
    "reduceSum",
    "repeated",
  ]],
  ["perm out of range", () => tf.transpose(tf.ones([2, 3]), [0, 2]), InvalidArgumentError, [
    "transpose",
    "axis 2",
  ]],
  ["perm repeats", () => tf.transpose(tf.ones([2, 3]), [1, 1]), InvalidArgumentError, [
    "transpose",
    "repeats axis 1",
  ]],
  ["perm length", () => tf.transpose(tf.ones([2, 3]), [0]), InvalidArgumentError, [
    "transpose",
    "[0]",
  ]],
  [
    "gather index too large",
    () => tf.gather(tf.ones([3, 2]), tf.constant([0, 3], "int32")),
    InvalidArgumentError,
    ["gather", "index 3", "[0, 3)"],
  ],
  [
    "gather negative index",
    () => tf.gather(tf.ones([3]), tf.constant([-1], "int32")),
    InvalidArgumentError,
    ["gather", "index -1"],
  ],
  ["gather float indices", () => tf.gather(tf.ones([3]), tf.constant([1])), InvalidArgumentError, [
    "gather",
    "float32",
  ]],
  ["bad index string", () => tf.ones([3]).at("1:a"), InvalidArgumentError, [
    "at",
    '"1:a"',
    '"a"',
  ]],
  ["too many colons", () => tf.ones([3]).at("1:2:3:4"), InvalidArgumentError, ["two colons"]],
  ["zero step", () => tf.ones([3]).at("::0"), InvalidArgumentError, ["step cannot be zero"]],
  ["two ellipses", () => tf.ones([3]).at("..., ..."), InvalidArgumentError, ["single ellipsis"]],
  ["too many indices", () => tf.ones([2, 2]).at(0, 0, 0), InvalidArgumentError, [
    "too many indices",
    "(2, 2)",
  ]],
  ["index out of bounds", () => tf.ones([2, 2]).at(1, 2), InvalidArgumentError, [
    "index 2",
    "axis 1",
    "size 2",
  ]],
  ["non-integer index", () => tf.ones([2]).at(0.5), InvalidArgumentError, ["0.5"]],
  ["unknown dtype", () => tf.zeros([2], "float8" as tf.DType), InvalidArgumentError, [
    '"float8"',
    "float32",
  ]],
  ["unknown cast dtype", () => tf.cast([1], "int16" as tf.DType), InvalidArgumentError, [
    "cast",
    '"int16"',
  ]],
  ["negative shape", () => tf.zeros([2, -1]), InvalidArgumentError, ["-1", "index 1"]],
  ["NaN shape", () => tf.ones([NaN]), InvalidArgumentError, ["NaN"]],
  ["non-integer shape", () => tf.fill([1.5], 0), InvalidArgumentError, ["1.5"]],
  ["too large", () => tf.zeros([2 ** 30, 2 ** 30]), InvalidArgumentError, [
    "1152921504606847000 elements",
    "limit of 9007199254740991",
  ]],
  ["too large normal", () => tf.random.normal([2 ** 27, 2 ** 27]), InvalidArgumentError, [
    "random.normal",
    "limit",
  ]],
  ["more than memory holds", () => tf.zeros([2 ** 20, 2 ** 20]), ResourceExhaustedError, [
    "Out of host memory",
    "1099511627776 elements",
  ]],
  ["item of non-scalar", () => tf.ones([2]).item(), InvalidArgumentError, ["item", "(2,)"]],
  [
    "weak scalar out of uint8 range",
    () => tf.add(tf.constant([1], "uint8"), 300),
    InvalidArgumentError,
    ["add", "300", "uint8"],
  ],
  ["negative for uint8", () => tf.constant([-1], "uint8"), InvalidArgumentError, ["-1", "uint8"]],
  ["int32 overflow", () => tf.constant(3e9, "int32"), InvalidArgumentError, [
    "3000000000",
    "int32",
  ]],
  ["float for int32", () => tf.constant([1.5], "int32"), InvalidArgumentError, ["1.5", "int32"]],
  ["bigint beyond int64", () => tf.constant(2n ** 64n), InvalidArgumentError, ["int64"]],
  ["bool subtraction", () => tf.sub([true], [false]), InvalidArgumentError, ["sub", "bool"]],
  ["bool negation", () => tf.neg([true]), InvalidArgumentError, ["neg", "bool"]],
  ["bool matmul", () => tf.matmul([[true]], [[true]]), InvalidArgumentError, ["matmul", "bool"]],
  ["concat shapes", () => tf.concat([tf.ones([2, 2]), tf.ones([3, 3])], 0), InvalidArgumentError, [
    "concat",
    "(3, 3)",
    "(2, 2)",
  ]],
  ["stack shapes", () => tf.stack([tf.ones([2]), tf.ones([3])]), InvalidArgumentError, [
    "stack",
    "(3,)",
  ]],
  ["split parts", () => tf.split(tf.ones([5]), 2), InvalidArgumentError, ["split", "5", "2"]],
  ["split sizes", () => tf.split(tf.ones([5]), [2, 2]), InvalidArgumentError, ["split"]],
  ["slice bounds", () => tf.slice(tf.ones([3]), [2], [2]), InvalidArgumentError, [
    "slice",
    "begin 2",
  ]],
  ["squeeze non-1", () => tf.squeeze(tf.ones([2, 1]), 0), InvalidArgumentError, [
    "squeeze",
    "length 2",
  ]],
  ["broadcastTo", () => tf.broadcastTo(tf.ones([3]), [2, 2]), InvalidArgumentError, [
    "broadcastTo",
  ]],
  ["max of empty", () => tf.reduceMax(tf.zeros([0])), InvalidArgumentError, [
    "reduceMax",
    "no identity",
  ]],
  ["argmax of empty", () => tf.argmax(tf.zeros([0])), InvalidArgumentError, ["argmax", "empty"]],
  ["range delta 0", () => tf.range(0, 1, 0), InvalidArgumentError, ["range", "delta"]],
  [
    "sparse label out of range",
    () =>
      tf.nn.sparseSoftmaxCrossEntropyWithLogits({
        labels: tf.constant([2], "int32"),
        logits: [[0, 1]],
      }),
    InvalidArgumentError,
    ["label 2", "[0, 2)"],
  ],
  ["unknown device", () => tf.device("tpu", () => 1), InvalidArgumentError, ['"tpu"']],
  ["tidy promise", () => tf.tidy(() => Promise.resolve(1)), InvalidArgumentError, [
    "tidy",
    "Promise",
  ]],
  ["seed", () => tf.random.setSeed(1.5), InvalidArgumentError, ["seed", "1.5"]],
  ["normal dtype", () => tf.random.normal([2], { dtype: "int32" }), InvalidArgumentError, [
    "random.normal",
    "int32",
  ]],
  ["constant shape", () => tf.constant([1, 2, 3], undefined, [2, 2]), InvalidArgumentError, [
    "constant",
    "(2, 2)",
  ]],
];

for (const [name, fn, cls, fragments] of cases) {
  Deno.test(`error: ${name}`, () => {
    assertThrows(fn, cls, ...fragments);
    stillWorks();
  });
}

Deno.test("error: a disposed tensor cannot be used, and says so", () => {
  const t = tf.ones([2, 2]);
  t.dispose();
  assertThrows(() => t.add(1), FailedPreconditionError, "disposed", "(2, 2)");
  assertThrows(() => t.dataSync(), FailedPreconditionError, "dataSync", "disposed");
  stillWorks();
});

Deno.test("error: gather never reads out of bounds, even for huge indices", () => {
  assertThrows(
    () => tf.gather(tf.ones([2]), tf.constant([2147483647], "int32")),
    InvalidArgumentError,
    "2147483647",
  );
  assertThrows(
    () => tf.gather(tf.ones([2]), tf.constant([2n ** 40n], "int64")),
    InvalidArgumentError,
    "1099511627776",
  );
});

// The issue 7 ops: each names itself and the bad value or shape.
const opCases: [string, () => unknown, string[]][] = [
  ["tile multiples", () => tf.tile(tf.ones([2, 3]), [2]), ["tile", "multiples [2]", "(2, 3)"]],
  ["tile negative", () => tf.tile(tf.ones([2]), [-1]), ["tile", "non-negative"]],
  ["pad mode", () => tf.pad(tf.ones([2]), [[1, 1]], "WRAP" as tf.PadMode), ["pad", '"WRAP"']],
  ["pad reflect width", () => tf.pad(tf.ones([3]), [[3, 0]], "REFLECT"), [
    "pad",
    "REFLECT",
    "axis 0",
    "at most 2",
  ]],
  ["pad symmetric width", () => tf.pad(tf.ones([3]), [[0, 4]], "SYMMETRIC"), [
    "pad",
    "at most 3",
  ]],
  ["pad paddings", () => tf.pad(tf.ones([3]), [[1, 1], [1, 1]]), ["pad", "paddings", "(3,)"]],
  ["pad negative", () => tf.pad(tf.ones([3]), [[-1, 1]]), ["pad", "non-negative"]],
  ["pad value", () => tf.pad(tf.constant([1], "uint8"), [[1, 1]], "CONSTANT", 300), [
    "pad",
    "300",
    "uint8",
  ]],
  ["reverse repeated", () => tf.reverse(tf.ones([2, 3]), [1, -1]), ["reverse", "repeated"]],
  ["reverse axis", () => tf.reverse(tf.ones([2, 3]), [2]), ["reverse", "axis 2"]],
  [
    "gatherNd out of range",
    () => tf.gatherNd(tf.ones([3, 4]), tf.constant([[0, 1], [3, 0]], "int32")),
    ["gatherNd", "index [3, 0]", "row 1", "(3, 4)"],
  ],
  ["gatherNd too long", () => tf.gatherNd(tf.ones([3]), [[0, 0]]), ["gatherNd", "rank"]],
  ["gatherNd float", () => tf.gatherNd(tf.ones([3]), tf.constant([[0]])), [
    "gatherNd",
    "float32",
  ]],
  [
    "scatterNd updates",
    () => tf.scatterNd(tf.constant([[0], [1]], "int32"), tf.ones([3]), [4]),
    ["scatterNd", "updates", "(3,)", "expected (2,)"],
  ],
  [
    "scatterNd out of range",
    () => tf.scatterNd(tf.constant([[4]], "int32"), tf.ones([1]), [4]),
    ["scatterNd", "index [4]"],
  ],
  [
    "scatterNd bool",
    () => tf.scatterNd(tf.constant([[0]], "int32"), tf.constant([true]), [2]),
    ["scatterNd", "bool"],
  ],
  ["booleanMask dtype", () => tf.booleanMask(tf.ones([2]), tf.ones([2], "int32")), [
    "booleanMask",
    "int32",
  ]],
  ["booleanMask shape", () => tf.booleanMask(tf.ones([3, 4]), [true, false]), [
    "booleanMask",
    "(2,)",
    "(3, 4)",
  ]],
  ["tensordot lengths", () => tf.tensordot(tf.ones([2, 3]), tf.ones([4, 5]), 1), [
    "tensordot",
    "(2, 3)",
    "(4, 5)",
  ]],
  ["tensordot count", () => tf.tensordot(tf.ones([2]), tf.ones([2]), 2), [
    "tensordot",
    "axes 2",
  ]],
  ["einsum operands", () => tf.einsum("ij,jk->ik", tf.ones([2, 2])), [
    "einsum",
    "2 input term(s)",
    "1 operand(s)",
  ]],
  ["einsum character", () => tf.einsum("i1", tf.ones([2, 2])), ["einsum", '"1"']],
  ["einsum rank", () => tf.einsum("ijk", tf.ones([2, 2])), ["einsum", "rank 2", "3 axes"]],
  ["einsum lengths", () => tf.einsum("ij,jk", tf.ones([2, 3]), tf.ones([4, 2])), [
    "einsum",
    '"j"',
    "3",
    "4",
  ]],
  ["einsum output label", () => tf.einsum("ij->k", tf.ones([2, 2])), ["einsum", '"k"', "no"]],
  ["einsum repeated output", () => tf.einsum("ij->ii", tf.ones([2, 2])), ["einsum", "repeats"]],
  ["einsum ellipsis output", () => tf.einsum("...i->i", tf.ones([2, 2])), ["einsum", '"..."']],
  ["norm ord 0", () => tf.norm(tf.ones([3]), 0), ["norm", "ord 0", "vector"]],
  ["norm fro vector", () => tf.norm(tf.ones([3]), "fro"), ["norm", '"fro"', "matrices"]],
  ["norm matrix ord", () => tf.norm(tf.ones([2, 2]), 3, [0, 1]), ["norm", "ord 3", "matrix"]],
  ["norm axes", () => tf.norm(tf.ones([2, 2]), 2, [1, -1]), ["norm", "same axis 1"]],
  ["norm three axes", () => tf.norm(tf.ones([2, 2, 2]), 2, [0, 1, 2]), ["norm", "axis"]],
  ["inv singular", () => tf.linalg.inv([[1, 2], [2, 4]]), ["linalg.inv", "singular"]],
  [
    "inv singular in a batch",
    () => tf.linalg.inv(tf.stack([tf.eye(2), tf.zeros([2, 2]), tf.eye(2)])),
    ["linalg.inv", "matrix [1]", "batch (3,)", "singular"],
  ],
  ["inv not square", () => tf.linalg.inv(tf.ones([2, 3])), ["linalg.inv", "square", "(2, 3)"]],
  ["det not square", () => tf.linalg.det(tf.ones([3])), ["linalg.det", "square", "(3,)"]],
  ["solve rhs", () => tf.linalg.solve(tf.eye(3), tf.ones([2, 1])), [
    "linalg.solve",
    "rhs (2, 1)",
    "[..., 3, K]",
  ]],
  [
    "solve singular in a batch",
    () =>
      tf.linalg.solve(tf.zeros([2, 2, 3, 3]).add(tf.eye(3)).mul([[[[1]], [[0]]]]), tf.ones([3, 1])),
    ["linalg.solve", "matrix [0, 1]", "singular"],
  ],
  ["sort scalar", () => tf.sort(tf.constant(1)), ["sort", "scalar"]],
  ["sort direction", () => tf.sort([1, 2], -1, "up" as tf.SortDirection), ["sort", '"up"']],
  ["argsort axis", () => tf.argsort(tf.ones([2, 2]), 2), ["argsort", "axis 2"]],
  ["topk k", () => tf.topk([1, 2, 3], 4), ["topk", "k", "[0, 3]", "4"]],
  ["truncatedNormal dtype", () => tf.random.truncatedNormal([2], { dtype: "int32" }), [
    "random.truncatedNormal",
    "int32",
  ]],
  ["truncatedNormal stddev", () => tf.random.truncatedNormal([2], { stddev: NaN }), [
    "random.truncatedNormal",
    "stddev",
    "NaN",
  ]],
  ["shuffle seed", () => tf.random.shuffle(tf.ones([2]), { seed: 1.5 }), [
    "random.shuffle",
    "seed",
    "1.5",
  ]],
  ["dropout rate", () => tf.nn.dropout(tf.ones([2]), 1), ["nn.dropout", "rate", "[0, 1)", "1"]],
  ["dropout dtype", () => tf.nn.dropout(tf.ones([2], "int32"), 0.5), ["nn.dropout", "int32"]],
  ["dropout noiseShape", () => tf.nn.dropout(tf.ones([2, 3]), 0.5, { noiseShape: [3, 1] }), [
    "nn.dropout",
  ]],
  ["relu6 bool", () => tf.nn.relu6([true]), ["nn.relu6", "bool"]],
  ["leakyRelu alpha", () => tf.nn.leakyRelu([1], NaN), ["nn.leakyRelu", "alpha", "NaN"]],
  ["silu beta", () => tf.nn.silu([1], Infinity), ["nn.silu", "beta"]],
  ["oneHot axis", () => tf.oneHot(tf.constant([0, 1], "int32"), 3, { axis: 3 }), [
    "oneHot",
    "axis 3",
  ]],
  ["oneHot dtype", () => tf.oneHot(tf.constant([0], "int32"), 3, { dtype: "int16" as tf.DType }), [
    "oneHot",
    '"int16"',
  ]],
];

for (const [name, fn, fragments] of opCases) {
  Deno.test(`error: ${name}`, () => {
    assertThrows(fn, InvalidArgumentError, ...fragments);
    stillWorks();
  });
}

Deno.test("matmul: TF.js's positional transposes work; unknown or ill-typed options are errors", () => {
  const a = tf.constant([[1, 2], [3, 4]]);
  const abT = [[5, 11], [11, 25]];
  assertEquals(tf.matmul(a, a, false, true).tolist(), abT);
  assertEquals(a.matmul(a, false, true).tolist(), abT);
  assertEquals(tf.matmul(a, a, true).tolist(), [[10, 14], [14, 20]]);
  assertEquals(tf.matmul(a, a, { transposeB: true }).tolist(), abT);
  const E = tf.InvalidArgumentError;
  // deno-lint-ignore no-explicit-any
  const mm = tf.matmul as (...args: any[]) => tf.Tensor;
  assertThrows(
    () => mm(a, a, { transpose_b: true }),
    E,
    '"transpose_b"',
    'did you mean "transposeB"',
  );
  assertThrows(() => mm(a, a, "yes"), E, "must be an object", "string");
  assertThrows(() => mm(a, a, { transposeB: 1 }), E, "transposeB must be a boolean");
  assertThrows(() => mm(a, a, { transposeA: true }, true), E, "fourth argument");
});
