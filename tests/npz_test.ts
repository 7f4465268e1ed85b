// .npz archives: NumPy's stored and compressed archives (ZIP64 ones included) are read exactly,
// ours are read by NumPy and pass Python's zipfile checks, and broken archives give clear errors.
import * as tf from "../mod.ts";
import * as np from "../numpy.ts";
import { encodeNpz } from "../src/io/npz.ts";
import { encodeNpy } from "../src/io/npy.ts";
import { writeZip } from "../src/io/zip.ts";
import { joinChunks } from "../src/io/files.ts";
import { assertEquals, assertThrows } from "./helpers.ts";
import { arrayHex } from "./np_fixture_utils.ts";
import { python, tempDir } from "./python.ts";

interface Described {
  dtype: string;
  shape: number[];
  hex: string;
  fortran?: boolean;
}

function problems(name: string, got: Record<string, np.NDArray>, want: Record<string, Described>) {
  const out: string[] = [];
  const keys = Object.keys(want).filter((k) => !k.startsWith("__")).sort();
  if (Object.keys(got).sort().join() !== keys.join()) {
    out.push(`${name}: keys ${Object.keys(got).sort()}, expected ${keys}`);
  }
  for (const k of keys) {
    const a = got[k], w = want[k];
    if (a === undefined) continue;
    if (a.dtype !== w.dtype || a.shape.join() !== w.shape.join() || arrayHex(a) !== w.hex) {
      out.push(`${name}:${k}: ${a.dtype} [${a.shape}] differs from ${w.dtype} [${w.shape}]`);
    }
  }
  return out;
}

Deno.test("npz: NumPy's stored, compressed and positional archives are read exactly", async () => {
  using dir = tempDir();
  await python("npy_interop.py", "write", dir.path);
  const manifest = JSON.parse(Deno.readTextFileSync(`${dir.path}/manifest.json`));
  const bad: string[] = [];
  for (const [name, members] of Object.entries(manifest.npz)) {
    const got = np.load(`${dir.path}/${name}` as `${string}.npz`);
    bad.push(...problems(name, got, members as Record<string, Described>));
  }
  assertEquals(bad, []);
  const stored = np.load(`${dir.path}/stored.npz` as `${string}.npz`);
  assertEquals(stored.fortran.strides, [1, 2, 6]); // a Fortran member keeps its layout
});

Deno.test("npz: NumPy reads our stored, compressed and ZIP64 archives exactly", async () => {
  using dir = tempDir();
  await python("npy_interop.py", "write", dir.path);
  const manifest = JSON.parse(Deno.readTextFileSync(`${dir.path}/manifest.json`));
  const stored = np.load(`${dir.path}/stored.npz` as `${string}.npz`);
  using out = tempDir();
  const want = manifest.npz["stored.npz"];
  const ours: Record<string, Record<string, unknown>> = {};
  np.savez(`${out.path}/ours_stored.npz`, stored);
  ours["ours_stored.npz"] = want;
  np.savezCompressed(`${out.path}/ours_compressed`, stored);
  ours["ours_compressed.npz"] = { ...want, __compressed__: true };
  for (const compress of [false, true]) {
    const name = `ours_zip64_${compress ? "deflated" : "stored"}.npz`;
    const chunks = encodeNpz(stored, "test", { compress, forceZip64: true });
    Deno.writeFileSync(`${out.path}/${name}`, joinChunks(chunks));
    ours[name] = { ...want, __compressed__: compress };
    // Our reader takes the ZIP64 records too.
    assertEquals(problems(name, np.load(`${out.path}/${name}` as `${string}.npz`), want), []);
  }
  np.savez(`${out.path}/list.npz`, [tf.constant([1, 2], "int32"), [[true]]]);
  ours["list.npz"] = {
    arr_0: { dtype: "int32", shape: [2], hex: "0100000002000000" },
    arr_1: { dtype: "bool", shape: [1, 1], hex: "01" },
  };
  np.savez(`${out.path}/empty.npz`, {});
  ours["empty.npz"] = {};
  Deno.writeTextFileSync(`${out.path}/manifest.json`, JSON.stringify({ npz: ours }));
  assertEquals(JSON.parse(await python("npy_interop.py", "check", out.path)), []);
  assertEquals(Object.keys(np.load(`${out.path}/empty.npz` as `${string}.npz`)), []);
});

Deno.test("npz: an archive with ZIP64 end records (65600 members, from Python) is read", async () => {
  using dir = tempDir();
  await python("npy_interop.py", "zip64", dir.path);
  const all = np.load(`${dir.path}/many.npz` as `${string}.npz`);
  assertEquals(Object.keys(all).length, 65600);
  assertEquals([all.a65599.dtype, all.a65599.tolist()], ["int16", [0, 1, 2]]);
});

/** A stored archive of one int32 member `a` = [1, 2, 3], and the offsets of its records. */
function archive(compress = false): { bytes: Uint8Array; central: number; eocd: number } {
  const bytes = np.savezBytes({ a: np.array([1, 2, 3], "int32") }, { compressed: compress });
  const dv = new DataView(bytes.buffer);
  let central = -1, eocd = -1;
  for (let p = 0; p + 4 <= bytes.length; p++) {
    const sig = dv.getUint32(p, true);
    if (sig === 0x02014b50 && central < 0) central = p;
    if (sig === 0x06054b50) eocd = p;
  }
  return { bytes, central, eocd };
}

function patch(bytes: Uint8Array, at: number, value: number, size: 2 | 4): Uint8Array {
  const out = bytes.slice();
  const dv = new DataView(out.buffer);
  if (size === 2) dv.setUint16(at, value, true);
  else dv.setUint32(at, value, true);
  return out;
}

Deno.test("npz: broken or unsupported archives are clear errors naming the file", () => {
  const E = tf.InvalidArgumentError;
  const load = (b: Uint8Array) => () => np.loadBytes(b, { name: "bad.npz" });
  const { bytes, central, eocd } = archive();
  assertEquals((np.loadBytes(bytes) as Record<string, np.NDArray>).a.tolist(), [1, 2, 3]);
  assertThrows(load(bytes.subarray(0, bytes.length - 30)), E, "'bad.npz'", "truncated");
  assertThrows(load(bytes.subarray(0, 30)), E, "'bad.npz'");
  assertThrows(load(patch(bytes, central, 0x12345678, 4)), E, "corrupt central directory");
  assertThrows(
    load(patch(bytes, eocd + 16, central + 1000, 4)),
    E,
    "central directory",
    "runs past",
  );
  assertThrows(load(patch(bytes, central + 10, 12, 2)), E, "method 12 (bzip2)", "only stored");
  assertThrows(load(patch(bytes, central + 8, 1, 2)), E, "encrypted");
  assertThrows(load(patch(bytes, central + 42, 5, 4)), E, "corrupt local header");
  const flipped = bytes.slice();
  flipped[central - 1] ^= 0x01; // the member's last data byte
  assertThrows(load(flipped), E, "CRC-32 mismatch", "member 'a.npy'");
  const z = archive(true);
  assertThrows(load(patch(z.bytes, z.central + 24, 9999, 4)), E, "inflates to");
  const garbled = z.bytes.slice();
  for (let i = 40; i < 60; i++) garbled[i] ^= 0x5a;
  assertThrows(load(garbled), E, "member 'a.npy'");
  const npy = encodeNpy(np.array([1]));
  for (
    const [name, msg] of [["/etc/x.npy", "absolute name"], ["../x.npy", "'..' segment"], [
      "a/../../x.npy",
      "'..' segment",
    ], ["C:\\x.npy", "absolute name"]]
  ) {
    assertThrows(load(joinChunks(writeZip([{ name, chunks: npy }]))), E, msg, "'bad.npz'");
  }
  const twice = writeZip([{ name: "a.npy", chunks: npy }, { name: "a.npy", chunks: npy }]);
  assertThrows(load(joinChunks(twice)), E, "two members named 'a.npy'");
  const text = writeZip([{ name: "readme.txt", chunks: [new TextEncoder().encode("hello")] }]);
  assertThrows(load(joinChunks(text)), E, "member 'readme.txt'", "not a .npy file");
  assertThrows(() => np.savezBytes({ "../up": [1] }), E, "'..' segment");
});

Deno.test("npz: keys such as __proto__ stay plain keys", () => {
  const bytes = np.savezBytes({ ["__proto__"]: [1], constructor: [2] });
  const back = np.loadBytes(bytes) as Record<string, np.NDArray>;
  assertEquals(Object.keys(back).sort(), ["__proto__", "constructor"]);
  assertEquals(Object.getPrototypeOf(back), Object.prototype);
});

/**
 * An archive whose directory has `entries` entries (names a0.npy, a1.npy, ...) all pointing at
 * one deflated local member named `localName`: the overlapping-entry zip bomb.
 */
function overlappingBomb(entries: number, localName: string): Uint8Array {
  const npy = joinChunks(encodeNpy(np.zeros([250_000], "float64")));
  const z = joinChunks(writeZip([{ name: localName, chunks: [npy] }], { compress: true }));
  const dv = new DataView(z.buffer, z.byteOffset, z.byteLength);
  const eocd = z.length - 22;
  const cdOffset = dv.getUint32(eocd + 16, true);
  const entry = z.subarray(cdOffset, eocd); // the one central entry
  const parts: Uint8Array[] = [z.subarray(0, cdOffset)];
  const enc = new TextEncoder();
  for (let i = 0; i < entries; i++) {
    const name = enc.encode(entries === 1 ? localName : `a${i}.npy`);
    const e = new Uint8Array(46 + name.length);
    e.set(entry.subarray(0, 46));
    new DataView(e.buffer).setUint16(28, name.length, true);
    new DataView(e.buffer).setUint16(30, 0, true); // no extra field
    new DataView(e.buffer).setUint16(32, 0, true);
    e.set(name, 46);
    parts.push(e);
  }
  const cdSize = parts.slice(1).reduce((n, p) => n + p.length, 0);
  const end = z.slice(eocd);
  const ev = new DataView(end.buffer);
  ev.setUint16(8, entries, true);
  ev.setUint16(10, entries, true);
  ev.setUint32(12, cdSize, true);
  parts.push(end);
  return joinChunks(parts);
}

Deno.test("npz: an overlapping-entry zip bomb is refused before anything inflates", () => {
  const E = tf.InvalidArgumentError;
  const load = (b: Uint8Array, maxBytes?: number) => () =>
    np.loadBytes(b, { name: "bomb.npz", maxBytes });
  // 40 entries, each named differently from the one local header they share (as NumPy refuses).
  assertThrows(
    load(overlappingBomb(40, "a.npy")),
    E,
    "'bomb.npz'",
    "name in the directory ('a0.npy') and in its local header ('a.npy') differ",
  );
  // The same trick with matching names: the members overlap.
  const same = overlappingBomb(1, "a.npy");
  assertEquals((np.loadBytes(same) as Record<string, np.NDArray>).a.shape, [250_000]);
  const twice = twoEntriesOneMember(same);
  assertThrows(load(twice), E, "'bomb.npz'", "overlap");
  // The total size budget: the directory's sizes against maxBytes, with the member named.
  assertThrows(load(same, 1_000_000), E, "more than 1000000 bytes (maxBytes)", "member 'a.npy'");
  assertEquals(
    (np.loadBytes(same, { maxBytes: 3_000_000 }) as Record<string, np.NDArray>).a
      .size,
    250_000,
  );
  assertThrows(load(same, -1), E, "maxBytes must be a number >= 0");
});

/**
 * A one-member archive with a second member "b.npy" planted inside the first member's data: its
 * local header (a copy of the first's, renamed) sits 64 bytes into that data, so the two members'
 * bytes overlap though every name matches its local header.
 */
function twoEntriesOneMember(z: Uint8Array): Uint8Array {
  const dv = new DataView(z.buffer, z.byteOffset, z.byteLength);
  const eocd = z.length - 22;
  const cdOffset = dv.getUint32(eocd + 16, true);
  const entry = z.slice(cdOffset, eocd);
  const nameLen = new DataView(entry.buffer).getUint16(28, true);
  const data = z.slice(0, cdOffset);
  const at = 30 + nameLen + 64;
  data.set(z.subarray(0, 30 + nameLen), at);
  data[at + 30] = 0x62; // "b.npy"
  const second = entry.slice();
  const sv = new DataView(second.buffer);
  sv.setUint16(10, 0, true); // stored, 16 bytes: inside the archive
  sv.setUint32(20, 16, true);
  sv.setUint32(24, 16, true);
  sv.setUint32(42, at, true);
  second[46] = 0x62;
  const end = z.slice(eocd);
  const ev = new DataView(end.buffer);
  ev.setUint16(8, 2, true);
  ev.setUint16(10, 2, true);
  ev.setUint32(12, entry.length + second.length, true);
  return joinChunks([data, entry, second, end]);
}
