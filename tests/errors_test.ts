// Bad input gets a typed error that names the op and the bad value, and the library keeps
// working afterwards.
import * as tf from "../mod.ts";
import { assertEquals, assertThrows } from "./helpers.ts";

const { InvalidArgumentError, FailedPreconditionError } = tf;

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
  ["too large", () => tf.zeros([2 ** 20, 2 ** 20]), InvalidArgumentError, [
    "1099511627776 elements",
    "limit",
  ]],
  ["too large normal", () => tf.random.normal([2 ** 16, 2 ** 16]), InvalidArgumentError, [
    "random.normal",
    "limit",
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
