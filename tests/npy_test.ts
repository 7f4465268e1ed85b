// .npy files: everything real NumPy writes is read exactly (every dtype, C and Fortran order,
// both byte orders, 0-d/empty/1-d/3-d shapes, versions 1.0-3.0), everything we write is read by
// NumPy exactly and is byte-identical to np.save's output; malformed files give clear errors.
import * as tf from "../mod.ts";
import * as np from "../numpy.ts";
import { assertEquals, assertThrows } from "./helpers.ts";
import { arrayHex } from "./np_fixture_utils.ts";
import { python, tempDir } from "./python.ts";

interface Described {
  dtype: string;
  shape: number[];
  hex: string;
  fortran?: boolean;
  npy_bytes?: boolean;
}

function fortranStrides(shape: readonly number[]): number[] {
  let s = 1;
  return shape.map((d) => {
    const r = s;
    s *= d;
    return r;
  });
}

/** Problems of an array against its description ([] when equal). */
function check(name: string, a: np.NDArray, want: Described): string[] {
  if (a.dtype !== want.dtype) return [`${name}: dtype ${a.dtype}, expected ${want.dtype}`];
  if (a.shape.join() !== want.shape.join()) {
    return [`${name}: shape [${a.shape}] != [${want.shape}]`];
  }
  if (arrayHex(a) !== want.hex) return [`${name}: values differ`];
  if (want.fortran && a.strides.join() !== fortranStrides(a.shape).join()) {
    return [`${name}: strides [${a.strides}] are not Fortran order`];
  }
  return [];
}

Deno.test("npy: every file NumPy writes is read exactly", async () => {
  using dir = tempDir();
  await python("npy_interop.py", "write", dir.path);
  const manifest = JSON.parse(Deno.readTextFileSync(`${dir.path}/manifest.json`));
  const names = Object.keys(manifest.npy);
  assertEquals(names.length >= 128, true);
  const problems: string[] = [];
  for (const name of names) {
    problems.push(...check(name, np.load(`${dir.path}/${name}`) as np.NDArray, manifest.npy[name]));
  }
  assertEquals(problems, []);
  // Every kind was covered: both byte orders, Fortran order, 0-d and empty shapes.
  for (const part of ["_be.npy", "_le.npy", "_na.npy", "_F_", "_0d_", "_empty_", "version_3"]) {
    assertEquals(names.some((n) => n.includes(part)), true, part);
  }
});

Deno.test("npy: NumPy reads every file we write exactly, byte-identical to np.save", async () => {
  using src = tempDir();
  using out = tempDir();
  await python("npy_interop.py", "write", src.path);
  const manifest = JSON.parse(Deno.readTextFileSync(`${src.path}/manifest.json`));
  const ours: Record<string, Described> = {};
  for (const [name, want] of Object.entries(manifest.npy) as [string, Described][]) {
    if (!name.endsWith("_le.npy") && !name.endsWith("_na.npy")) continue;
    const a = np.load(`${src.path}/${name}`) as np.NDArray;
    // A C-order copy, so that the Fortran files are made by our writer, not passed through.
    const c = np.array(a);
    for (const fortranOrder of [false, true]) {
      const file = `${fortranOrder ? "f" : "c"}_${name}`;
      np.save(`${out.path}/${file}`, c, { fortranOrder });
      const columns = fortranOrder && a.size > 0 && a.shape.filter((d) => d > 1).length > 1;
      ours[file] = { ...want, fortran: columns, npy_bytes: true };
    }
  }
  assertEquals(Object.keys(ours).length >= 100, true);
  // Tensors and nested arrays save too.
  np.save(`${out.path}/tensor.npy`, tf.constant([[1, 2]], "int32"));
  ours["tensor.npy"] = { dtype: "int32", shape: [1, 2], hex: "0100000002000000", npy_bytes: true };
  np.save(`${out.path}/nested`, [[1.5], [2]]);
  ours["nested.npy"] = {
    dtype: "float64",
    shape: [2, 1],
    hex: arrayHex(np.array([[1.5], [2]])),
    npy_bytes: true,
  };
  Deno.writeTextFileSync(`${out.path}/manifest.json`, JSON.stringify({ npy: ours }));
  assertEquals(JSON.parse(await python("npy_interop.py", "check", out.path)), []);
  // And we read our own files back.
  for (const [file, want] of Object.entries(ours)) {
    assertEquals(check(file, np.load(`${out.path}/${file}`) as np.NDArray, want), []);
  }
});

Deno.test("npy: native-endian data is read straight into the array; loadBytes copies", () => {
  using dir = tempDir();
  const a = np.astype(np.arange(1000), "float32");
  np.save(`${dir.path}/a.npy`, a);
  const b = np.load(`${dir.path}/a.npy`) as np.NDArray;
  // The file's data went straight into the array's own buffer (no header, no second copy).
  assertEquals([b.data.byteOffset, b.data.buffer.byteLength, np.arrayEqual(a, b)], [0, 4000, true]);
  const bytes = np.saveBytes(a);
  const c = np.loadBytes(bytes) as np.NDArray;
  bytes[200] ^= 0xff;
  assertEquals(np.arrayEqual(c, a), true);
  assertEquals(np.arrayEqual(np.loadBytes(np.saveBytes(np.zeros([]))) as np.NDArray, 0), true);
});

Deno.test("npy: 0-d, empty and Fortran arrays round-trip in memory", () => {
  for (const a of [np.array(3.5), np.zeros([0, 4], "int16"), np.ones([0], "bool")]) {
    const b = np.loadBytes(np.saveBytes(a)) as np.NDArray;
    assertEquals([b.dtype, b.shape, b.tolist()], [a.dtype, a.shape, a.tolist()]);
  }
  const t = np.transpose(np.reshape(np.arange(24), [2, 3, 4]));
  const f = np.loadBytes(np.saveBytes(t, { fortranOrder: true })) as np.NDArray;
  assertEquals([f.shape, f.strides, np.arrayEqual(f, t)], [[4, 3, 2], [1, 4, 12], true]);
});

/** A .npy image with a given header text (v1.0) and data. */
function npy(header: string, data = new Uint8Array(0), version = [1, 0]): Uint8Array {
  const text = new TextEncoder().encode(header);
  const pre = version[0] === 1 ? 10 : 12;
  const out = new Uint8Array(pre + text.length + data.length);
  out.set([0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59, version[0], version[1]]);
  const dv = new DataView(out.buffer);
  if (pre === 10) dv.setUint16(8, text.length, true);
  else dv.setUint32(8, text.length, true);
  out.set(text, pre);
  out.set(data, pre + text.length);
  return out;
}

const HDR = (descr: string, shape = "(2,)", fortran = "False") =>
  `{'descr': '${descr}', 'fortran_order': ${fortran}, 'shape': ${shape}, }\n`;

Deno.test("npy: malformed and unsupported files are clear errors naming the file", () => {
  const E = tf.InvalidArgumentError;
  const load = (b: Uint8Array) => () => np.loadBytes(b, { name: "bad.npy" });
  assertThrows(
    load(new Uint8Array([1, 2, 3, 4, 5, 6, 7, 8, 9, 10])),
    E,
    "'bad.npy'",
    "neither a .npy file",
    "01 02 03",
  );
  assertThrows(load(npy(HDR("<f8")).subarray(0, 7)), E, "'bad.npy'", "truncated");
  assertThrows(load(npy(HDR("<f8")).subarray(0, 20)), E, "truncated", "header says");
  assertThrows(load(npy(HDR("<f8"), new Uint8Array(15))), E, "truncated", "needs 16 bytes", "15");
  assertThrows(load(npy(HDR("|O"), new Uint8Array(16))), E, "object array", "pickles");
  assertThrows(
    load(npy("{'descr': [('a', '<i4'), ('b', '<f8')], 'fortran_order': False, 'shape': (2,), }")),
    E,
    "structured dtype",
  );
  assertThrows(load(npy(HDR("<c16"))), E, "unsupported dtype '<c16'");
  assertThrows(load(npy(HDR("<U5"))), E, "unsupported dtype '<U5'");
  assertThrows(load(npy(HDR("<f8"), new Uint8Array(16), [4, 0])), E, "version 4.0");
  assertThrows(load(npy("{'descr': '<f8', 'shape': (2,)}")), E, "header keys");
  assertThrows(
    load(npy("{'descr': '<f8', 'fortran_order': False, 'shape': (2,), 'x': 1}")),
    E,
    "header keys",
  );
  assertThrows(load(npy(HDR("<f8", "(2,", "False"))), E, "malformed header");
  assertThrows(load(npy("__import__('os').system('echo hi')")), E, "malformed header");
  assertThrows(load(npy(HDR("<f8", "(-2,)"))), E, "shape (-2)");
  assertThrows(load(npy(HDR("<f8", "[2]"))), E, "shape [2]");
  assertThrows(load(npy(HDR("<f8", "(2,)", "1"))), E, "fortran_order 1");
  assertThrows(load(npy(HDR("<f8", "(2,)", "'no'"))), E, "fortran_order");
  const long = npy(HDR("<f8") + " ".repeat(20000), new Uint8Array(16), [2, 0]);
  assertThrows(load(long), E, "header of 20", "max_header_size");
  assertEquals((np.loadBytes(long, { maxHeaderSize: 30000 }) as np.NDArray).shape, [2]);
  assertThrows(load(new Uint8Array([0x80, 4, 0x95, 0])), E, "Python pickle");
  assertThrows(load(new Uint8Array(0)), E, "is empty");
});

Deno.test("npy: the header parser accepts NumPy's variants (v2/v3, u'' strings, 'L' ints)", () => {
  const data = new Uint8Array(new Float64Array([1, 2]).buffer);
  const v3 = npy(HDR("<f8"), data, [3, 0]);
  assertEquals((np.loadBytes(v3) as np.NDArray).tolist(), [1, 2]);
  const py2 = npy("{u'descr': u'<f8', u'fortran_order': False, u'shape': (2L,), }", data);
  assertEquals((np.loadBytes(py2) as np.NDArray).tolist(), [1, 2]);
  const be = npy(HDR(">i2"), new Uint8Array([0, 1, 1, 0]));
  assertEquals((np.loadBytes(be) as np.NDArray).tolist(), [1, 256]);
  const native = npy(HDR("=u2"), new Uint8Array([0, 1, 1, 0]));
  assertEquals((np.loadBytes(native) as np.NDArray).tolist(), [256, 1]);
});

/** Runs a script with no permissions at all (--no-prompt turns a request into NotCapable). */
async function unprivileged(code: string): Promise<string> {
  using dir = tempDir();
  const script = `${dir.path}/probe.ts`;
  Deno.writeTextFileSync(script, code);
  const out = await new Deno.Command(Deno.execPath(), {
    args: ["run", "--no-prompt", "--allow-read=" + script, script],
    stdout: "piped",
    stderr: "piped",
  }).output();
  return new TextDecoder().decode(out.stdout) + new TextDecoder().decode(out.stderr);
}

Deno.test("npy: missing permissions surface as NotCapable naming the flag", async () => {
  const numpy = new URL("../numpy.ts", import.meta.url).href;
  const out = await unprivileged(`
    import * as np from "${numpy}";
    for (const f of [() => np.load("/tmp/none.npy"), () => np.save("/tmp/none.npy", [1])]) {
      try { f(); } catch (e) { console.log(e instanceof Deno.errors.NotCapable, e.message); }
    }
  `);
  assertEquals(
    out.includes("true np.load: reading '/tmp/none.npy' needs read permission"),
    true,
    out,
  );
  assertEquals(out.includes("--allow-read"), true, out);
  assertEquals(
    out.includes("true np.save: writing '/tmp/none.npy' needs write permission"),
    true,
    out,
  );
  assertEquals(out.includes("--allow-write"), true, out);
});

Deno.test("npy: a missing file is NotFound naming it; save appends .npy as NumPy", () => {
  using dir = tempDir();
  assertThrows(() => np.load(`${dir.path}/nope.npy`), Deno.errors.NotFound, "np.load", "nope.npy");
  np.save(`${dir.path}/plain`, [1]);
  assertEquals(Deno.statSync(`${dir.path}/plain.npy`).isFile, true);
});

Deno.test("npy: a truncated file on disk is a clear error from np.load", () => {
  using dir = tempDir();
  const bytes = np.saveBytes(np.arange(10));
  Deno.writeFileSync(`${dir.path}/t.npy`, bytes.subarray(0, bytes.length - 3));
  assertThrows(
    () => np.load(`${dir.path}/t.npy`),
    tf.InvalidArgumentError,
    "t.npy",
    "truncated",
    "needs 80 bytes",
    "77",
  );
  Deno.writeFileSync(`${dir.path}/h.npy`, bytes.subarray(0, 40));
  assertThrows(() => np.load(`${dir.path}/h.npy`), tf.InvalidArgumentError, "h.npy", "truncated");
});

Deno.test("examples/numpy_interop.ts runs NumPy on saved arrays, or says what it skipped", async () => {
  const run = async (...flags: string[]) => {
    const out = await new Deno.Command(Deno.execPath(), {
      args: ["run", "--no-prompt", ...flags, "examples/numpy_interop.ts"],
      cwd: new URL("../", import.meta.url),
      env: { NO_COLOR: "1" },
      stdout: "piped",
      stderr: "piped",
    }).output();
    return new TextDecoder().decode(out.stdout) + new TextDecoder().decode(out.stderr);
  };
  const full = await run("--allow-read", "--allow-write", "--allow-run=python3");
  assertEquals(full.includes("saved answer.npy; loaded back"), true, full);
  assertEquals(full.includes("close (np.allclose):       true"), true, full);
  const none = await run();
  assertEquals(none.includes("skipped the NumPy step"), true, none);
  const noRun = await run("--allow-read", "--allow-write");
  assertEquals(noRun.includes("no permission to run python3"), true, noRun);
});

Deno.test("npy: more than 64 axes, or a byte size past 2^53, is refused before any data", () => {
  const E = tf.InvalidArgumentError;
  const load = (b: Uint8Array) => () => np.loadBytes(b, { name: "big.npy" });
  const axes = (n: number) => `(${Array(n).fill("1").join(", ")},)`;
  assertThrows(load(npy(HDR("<f4", axes(65)))), E, "'big.npy'", "65 axes", "limit of 64");
  assertEquals((np.loadBytes(npy(HDR("<f4", axes(64)), new Uint8Array(4))) as np.NDArray).ndim, 64);
  assertThrows(load(npy(HDR("<f8", "(4611686018427387904, 4)"))), E, "'big.npy'", "too many");
  assertThrows(load(npy(HDR("<f8", "(2251799813685248, 1024)"))), E, "too many elements");
});
