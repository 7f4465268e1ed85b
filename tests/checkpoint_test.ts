// Checkpoints: tf.io.saveTensors/loadTensors in safetensors and .npz, files checked by a Python
// parser (json + struct) and written by one, malformed safetensors files, model.saveWeights /
// loadWeights, and optimizer state (slots and iterations) saved and restored.
import * as tf from "../mod.ts";
import * as np from "../numpy.ts";
import { encodeSafetensors } from "../src/io/safetensors.ts";
import { joinChunks } from "../src/io/files.ts";
import { readVariables } from "../src/io/checkpoint.ts";
import { assertEquals, assertThrows } from "./helpers.ts";
import { arrayHex } from "./np_fixture_utils.ts";
import { python, tempDir } from "./python.ts";

const ST: Record<string, string> = {
  bool: "BOOL",
  uint8: "U8",
  int32: "I32",
  int64: "I64",
  float16: "F16",
  float32: "F32",
  float64: "F64",
};

function sample(): Record<string, tf.Tensor> {
  return {
    "dense/kernel": tf.constant([[1.5, -2], [0, 3.25]]),
    "f64": tf.constant([1e300, -0, NaN, Infinity], "float64"),
    "f16": tf.constant([0.1, 65504, -2], "float16"),
    "i32": tf.constant([[-2147483648, 2147483647]], "int32"),
    "i64": tf.constant([-(2n ** 63n), 2n ** 63n - 1n]),
    "u8": tf.constant([0, 255], "uint8"),
    "flags": tf.constant([true, false, true]),
    "scalar": tf.constant(7, "int32"),
    "empty": tf.zeros([0, 3]),
  };
}

Deno.test("tf.io: saveTensors/loadTensors round-trip every tensor dtype in both formats", () => {
  using dir = tempDir();
  const t = sample();
  for (const file of ["t.safetensors", "t.npz", "T.SAFETENSORS"]) {
    tf.io.saveTensors(`${dir.path}/${file}`, t);
    const back = tf.io.loadTensors(`${dir.path}/${file}`);
    assertEquals(Object.keys(back).sort(), Object.keys(t).sort());
    for (const [k, v] of Object.entries(t)) {
      assertEquals([back[k].dtype, back[k].shape], [v.dtype, v.shape], `${file} ${k}`);
      assertEquals(arrayHex(back[k].numpy()), arrayHex(v.numpy()), `${file} ${k}`);
    }
  }
  tf.io.saveTensors(`${dir.path}/z.npz`, t, { compressed: true });
  assertEquals(tf.io.loadTensors(`${dir.path}/z.npz`)["dense/kernel"].tolist(), [[1.5, -2], [
    0,
    3.25,
  ]]);
  tf.io.saveTensors(`${dir.path}/m.safetensors`, { a: [1] }, { metadata: { epoch: "3" } });
  assertEquals(tf.io.loadMetadata(`${dir.path}/m.safetensors`), { epoch: "3" });
  assertThrows(
    () => tf.io.saveTensors(`${dir.path}/x.bin`, t),
    tf.InvalidArgumentError,
    "x.bin",
    ".safetensors or .npz",
  );
  assertThrows(
    () => tf.io.saveTensors(`${dir.path}/x.npz`, t, { metadata: { a: "b" } }),
    tf.InvalidArgumentError,
    "metadata is stored only in .safetensors",
  );
});

Deno.test("tf.io: a safetensors file we write passes a Python json+struct parser", async () => {
  using dir = tempDir();
  const t = sample();
  tf.io.saveTensors(`${dir.path}/ours.safetensors`, t, { metadata: { framework: "denotensor" } });
  const expected = {
    metadata: { framework: "denotensor" },
    tensors: Object.fromEntries(
      Object.entries(t).map(([k, v]) => [k, {
        st: ST[v.dtype],
        shape: v.shape,
        hex: arrayHex(v.numpy()),
      }]),
    ),
  };
  Deno.writeTextFileSync(`${dir.path}/expected.json`, JSON.stringify(expected));
  const out = await python(
    "npy_interop.py",
    "st-check",
    `${dir.path}/ours.safetensors`,
    `${dir.path}/expected.json`,
  );
  assertEquals(JSON.parse(out), []);
});

Deno.test("tf.io: a safetensors file written by Python (BF16, unsorted entries) loads", async () => {
  using dir = tempDir();
  await python("npy_interop.py", "st-write", dir.path);
  const want = JSON.parse(Deno.readTextFileSync(`${dir.path}/py_safetensors.json`));
  const back = tf.io.loadTensors(`${dir.path}/py.safetensors`);
  assertEquals(Object.keys(back).sort(), Object.keys(want.tensors).sort());
  for (const [k, w] of Object.entries(want.tensors) as [string, Record<string, unknown>][]) {
    assertEquals([back[k].dtype, back[k].shape, arrayHex(back[k].numpy())], [
      w.dtype,
      w.shape,
      w.hex,
    ], k);
  }
  assertEquals(tf.io.loadMetadata(`${dir.path}/py.safetensors`), want.metadata);
});

/** A safetensors image from a header object and data bytes. */
function st(header: unknown, data: Uint8Array = new Uint8Array(0), pad = true): Uint8Array {
  let json = new TextEncoder().encode(typeof header === "string" ? header : JSON.stringify(header));
  if (pad) json = new Uint8Array([...json, ...new Array((8 - json.length % 8) % 8).fill(32)]);
  const out = new Uint8Array(8 + json.length + data.length);
  new DataView(out.buffer).setBigUint64(0, BigInt(json.length), true);
  out.set(json, 8);
  out.set(data, 8 + json.length);
  return out;
}

Deno.test("tf.io: malformed safetensors files are clear errors naming the file", () => {
  using dir = tempDir();
  const path = `${dir.path}/bad.safetensors`;
  const load = (bytes: Uint8Array) => () => {
    Deno.writeFileSync(path, bytes);
    return tf.io.loadTensors(path);
  };
  const E = tf.InvalidArgumentError;
  const f32 = (name: string, begin: number, end: number, shape = [1]) => ({
    [name]: { dtype: "F32", shape, data_offsets: [begin, end] },
  });
  const eight = new Uint8Array(8);
  assertEquals(
    tf.io.loadTensors(
      (Deno.writeFileSync(path, st({ ...f32("a", 0, 4), ...f32("b", 4, 8) }, eight)), path),
    ).b.shape,
    [1],
  );
  assertThrows(load(new Uint8Array(5)), E, "bad.safetensors", "truncated", "8-byte");
  const huge = new Uint8Array(16);
  new DataView(huge.buffer).setBigUint64(0, 200_000_000n, true);
  assertThrows(load(huge), E, "over the 100 MB limit");
  const past = new Uint8Array(16);
  new DataView(past.buffer).setBigUint64(0, 1000n, true);
  assertThrows(load(past), E, "truncated", "header length is 1000");
  assertThrows(load(st(" {}")), E, "does not start with '{'");
  assertThrows(load(st("{nope")), E, "not valid UTF-8 JSON");
  assertThrows(load(st("[1,2]")), E, "does not start with '{'");
  assertThrows(
    load(st({ ...f32("a", 0, 4), ...f32("b", 8, 12) }, new Uint8Array(12))),
    E,
    "'b'",
    "contiguous",
  );
  assertThrows(load(st({ ...f32("a", 0, 8, [1]) }, eight)), E, "'a'", "needs 4 bytes", "span 8");
  assertThrows(load(st({ ...f32("a", 0, 4), ...f32("b", 2, 6) }, eight)), E, "contiguous");
  assertThrows(load(st({ ...f32("a", 0, 4) }, eight)), E, "8 bytes of data", "cover 4");
  assertThrows(load(st({ ...f32("a", 0, 8, [2]) }, new Uint8Array(4))), E, "truncated");
  assertThrows(
    load(st({ a: { dtype: "C64", shape: [1], data_offsets: [0, 8] } }, eight)),
    E,
    '"C64"',
  );
  assertThrows(
    load(st({ a: { dtype: "F32", shape: [-1], data_offsets: [0, 4] } })),
    E,
    "bad shape",
  );
  assertThrows(
    load(st({ a: { dtype: "F32", shape: [1], data_offsets: [4, 0] } })),
    E,
    "data_offsets",
  );
  assertThrows(load(st({ a: { dtype: "F32", shape: [1], data_offsets: [0] } })), E, "data_offsets");
  assertThrows(load(st({ a: 5 })), E, "not an object");
  assertThrows(load(st({ __metadata__: { a: 1 } })), E, "__metadata__", "'a'");
  assertThrows(load(st({ __metadata__: [] })), E, "__metadata__");
  // Every check runs before any data is touched: a header that passes reads exactly.
  const ok = joinChunks(encodeSafetensors({ x: np.array([1, 2], "float32") }, undefined, "t"));
  assertEquals(load(ok)().x.tolist(), [1, 2]);
});

class Linear extends tf.keras.Model {
  W = new tf.Variable(tf.random.normal([3, 2], { seed: 1 }), { name: "W" });
  B = new tf.Variable(tf.zeros([2]), { name: "B" });
  steps = new tf.Variable(0n, { trainable: false, name: "steps" });
  call(x: tf.Tensor): tf.Tensor {
    return tf.matmul(x, this.W).add(this.B);
  }
}

function mlp(units = 4): tf.keras.Sequential {
  return new tf.keras.Sequential([
    new tf.keras.layers.Dense({ units, activation: "relu", inputShape: [3] }),
    new tf.keras.layers.Dense({ units: 1 }),
  ]);
}

Deno.test("model.saveWeights/loadWeights round-trip in both formats, named by path", async () => {
  using dir = tempDir();
  for (const file of ["w.safetensors", "w.npz"]) {
    const a = new Linear(), b = new Linear();
    a.W.assign(tf.ones([3, 2]));
    a.steps.assign(5n);
    a.saveWeights(`${dir.path}/${file}`);
    b.loadWeights(`${dir.path}/${file}`);
    assertEquals([b.W.tolist(), b.B.tolist(), b.steps.item()], [a.W.tolist(), a.B.tolist(), 5n]);
    assertEquals(Object.keys(tf.io.loadTensors(`${dir.path}/${file}`)).sort(), ["B", "W", "steps"]);
    const s = mlp(), t = mlp();
    s.saveWeights(`${dir.path}/s_${file}`);
    t.loadWeights(`${dir.path}/s_${file}`);
    const x = [[1, 2, 3], [-1, 0, 4]];
    assertEquals(t.predict(x).tolist(), s.predict(x).tolist());
  }
  // NumPy reads the .npz checkpoint.
  const s = mlp();
  s.saveWeights(`${dir.path}/np.npz`);
  const want = Object.fromEntries(
    s.namedVariables().map((n) => [n.path, {
      dtype: n.variable.dtype,
      shape: n.variable.shape,
      hex: arrayHex(n.variable.numpy()),
    }]),
  );
  Deno.writeTextFileSync(`${dir.path}/manifest.json`, JSON.stringify({ npz: { "np.npz": want } }));
  assertEquals(JSON.parse(await python("npy_interop.py", "check", dir.path)), []);
});

Deno.test("model.loadWeights says exactly what is missing, unexpected or mismatched", () => {
  using dir = tempDir();
  const path = `${dir.path}/w.safetensors`;
  mlp(4).saveWeights(path);
  const other = mlp(5);
  const before = other.getWeights().map((w) => w.tolist());
  const e = assertThrows(
    () => other.loadWeights(path),
    tf.InvalidArgumentError,
    "w.safetensors",
    "'layers/0/kernel' has shape (3, 4) in the file, (3, 5) in the model",
    "'layers/1/kernel' has shape (4, 1) in the file, (5, 1) in the model",
  );
  assertEquals(e.message.includes("layers/1/bias"), false); // it matches
  assertEquals(other.getWeights().map((w) => w.tolist()), before); // nothing was assigned
  tf.io.saveTensors(path, { W: tf.ones([3, 2], "float64"), extra: [1] });
  assertThrows(
    () => new Linear().loadWeights(path),
    tf.InvalidArgumentError,
    "'W' has dtype float64 in the file, float32 in the model",
    "missing 'B' (float32 (2,))",
    "missing 'steps' (int64 ())",
    "unexpected 'extra' (float32 (1,))",
  );
  const unbuilt = new tf.keras.Sequential([new tf.keras.layers.Dense({ units: 1 })]);
  assertThrows(() => unbuilt.saveWeights(path), tf.InvalidArgumentError, "no variables yet");
  assertThrows(() => unbuilt.loadWeights(path), tf.InvalidArgumentError, "no variables yet");
  assertThrows(() => mlp().loadWeights(`${dir.path}/w.h5`), tf.InvalidArgumentError, ".h5", ".npz");
});

/** Trains `steps` Adam steps of `model` on fixed data. */
function train(model: tf.keras.Model, opt: tf.keras.optimizers.Optimizer, steps: number): void {
  const x = tf.constant([[1, 2, 3], [0, -1, 2], [3, 1, 0]]);
  const y = tf.constant([[1], [0], [2]]);
  for (let i = 0; i < steps; i++) {
    opt.minimize(() => tf.reduceMean(tf.square(model.apply(x).sub(y))), model.trainableVariables);
  }
}

Deno.test("optimizer state: saved and restored, training resumes bit-identically", () => {
  using dir = tempDir();
  for (const file of ["opt.safetensors", "opt.npz"]) {
    for (
      const make of [
        () => new tf.keras.optimizers.Adam({ learningRate: 0.01 }),
        () => new tf.keras.optimizers.SGD({ learningRate: 0.01, momentum: 0.9 }),
        () => new tf.keras.optimizers.RMSprop({ momentum: 0.5, centered: true }),
      ]
    ) {
      const a = mlp(), optA = make();
      train(a, optA, 3);
      a.saveWeights(`${dir.path}/w_${file}`);
      optA.saveState(`${dir.path}/${file}`, a);
      const b = mlp(), optB = make();
      b.loadWeights(`${dir.path}/w_${file}`);
      optB.loadState(`${dir.path}/${file}`, b);
      assertEquals(optB.iterations, 3);
      train(a, optA, 2);
      train(b, optB, 2);
      assertEquals(
        b.getWeights().map((w) => w.tolist()),
        a.getWeights().map((w) => w.tolist()),
        `${file} ${optA.constructor.name}`,
      );
    }
  }
});

Deno.test("optimizer state: a list of variables names slots by index; mismatches are errors", () => {
  using dir = tempDir();
  const w = new tf.Variable([1.0, 2.0]), v = new tf.Variable([[3.0]]);
  const opt = new tf.keras.optimizers.Adam();
  opt.minimize(() => w.square().sum().add(v.sum()), [w, v]);
  const path = `${dir.path}/s.safetensors`;
  opt.saveState(path, [w, v]);
  assertEquals(Object.keys(tf.io.loadTensors(path)).sort(), [
    "iterations",
    "slots/0/momentum",
    "slots/0/velocity",
    "slots/1/momentum",
    "slots/1/velocity",
  ]);
  assertEquals(tf.io.loadMetadata(path).optimizer, "Adam");
  const fresh = new tf.keras.optimizers.Adam();
  fresh.loadState(path, [w, v]);
  assertEquals(
    fresh.slots().get(v)?.get("velocity")?.tolist(),
    opt.slots().get(v)?.get("velocity")?.tolist(),
  );
  assertThrows(
    () => new tf.keras.optimizers.SGD().loadState(path, [w, v]),
    tf.InvalidArgumentError,
    "state of optimizer Adam, not SGD",
  );
  assertThrows(
    () => new tf.keras.optimizers.Adam().loadState(path, [v, w]),
    tf.InvalidArgumentError,
    "'slots/0/momentum' has shape (2,), but variable '0' has (1, 1)",
  );
  assertThrows(
    () => new tf.keras.optimizers.Adam().loadState(path, [w]),
    tf.InvalidArgumentError,
    "unexpected 'slots/1/momentum'",
  );
  const u = new tf.Variable([0.0]);
  assertThrows(
    () => new tf.keras.optimizers.Adam().loadState(path, [w, v, u]),
    tf.InvalidArgumentError,
    "missing 'slots/2/momentum'",
  );
  assertThrows(() => opt.saveState(path, [w]), tf.InvalidArgumentError, "not among the variables");
  tf.io.saveTensors(`${dir.path}/x.npz`, { a: [1] });
  assertThrows(
    () => new tf.keras.optimizers.Adam().loadState(`${dir.path}/x.npz`, [w]),
    tf.InvalidArgumentError,
    "no valid 'iterations'",
  );
});

Deno.test("tf.io: a safetensors header with a key twice is refused (not the last one kept)", () => {
  using dir = tempDir();
  const path = `${dir.path}/dup.safetensors`;
  const entry = (b: number) => `{"dtype":"F32","shape":[1],"data_offsets":[${b},${b + 4}]}`;
  // A brace and a quote inside a key must not confuse the scan.
  const header = `{"a":${entry(0)},"b\\"{":${entry(4)},"a":${entry(4)}}`;
  Deno.writeFileSync(path, st(header, new Uint8Array(8)));
  assertThrows(
    () => tf.io.loadTensors(path),
    tf.InvalidArgumentError,
    "dup.safetensors'",
    'key "a" twice',
  );
  Deno.writeFileSync(path, st(`{"a":${entry(0)},"b\\"{":${entry(4)}}`, new Uint8Array(8)));
  assertEquals(Object.keys(tf.io.loadTensors(path)).sort(), ["a", 'b"{']);
});

Deno.test("a weights mismatch lists at most 20 problems and counts the rest", () => {
  using dir = tempDir();
  const path = `${dir.path}/many.npz`;
  const tensors: Record<string, number[]> = {};
  for (let i = 0; i < 500; i++) tensors[`w${i}`] = [i];
  tf.io.saveTensors(path, tensors);
  let message = "";
  try {
    readVariables(path, [], "loadWeights");
  } catch (e) {
    message = (e as Error).message;
  }
  assertEquals(message.includes("unexpected 'w0'") && message.endsWith("and 480 more"), true);
  assertEquals(message.length < 2000, true);
});
