/**
 * Just enough ZIP for `.npz` files: reading and writing stored and deflated members
 * (`node:zlib`'s synchronous raw deflate), ZIP64 records for large members and archives, a
 * CRC-32 check on every member read, and clear errors for anything malformed or unsupported.
 *
 * @module
 */
import { crc32, deflateRawSync, inflateRawSync } from "node:zlib";
import { InvalidArgumentError } from "../errors.ts";

const LOCAL = 0x04034b50, CENTRAL = 0x02014b50, EOCD = 0x06054b50;
const EOCD64 = 0x06064b50, LOCATOR64 = 0x07064b50;
const U32 = 0xffffffff, U16 = 0xffff;
/** The newest ZIP version (6.3, times ten) a member may need, as Python's zipfile allows. */
const MAX_VERSION = 63;
const METHODS: Record<number, string> = {
  1: "shrink",
  6: "implode",
  9: "deflate64",
  12: "bzip2",
  14: "lzma",
  93: "zstd",
  95: "xz",
  98: "ppmd",
};

/** A member of an archive, checked but not yet inflated. */
export interface ZipMember {
  /** The member's name in the archive. */
  name: string;
  /** Its uncompressed size in bytes, as the central directory says. */
  size: number;
  /** Its uncompressed bytes (a view of the archive for stored members), CRC-32 checked. */
  read(): Uint8Array;
}

/** Options of `readZip`. */
export interface ZipReadOptions {
  /**
   * The most bytes the members may inflate to, all together (default 2^32, 4 GiB): an archive
   * that says more is refused before anything is inflated.
   */
  maxBytes?: number;
}

/** The default of `ZipReadOptions.maxBytes`. */
export const ZIP_MAX_BYTES = 2 ** 32;

/** True when the bytes start like a ZIP archive (a local header, or an empty archive). */
export function isZip(bytes: Uint8Array): boolean {
  return bytes.length >= 4 && bytes[0] === 0x50 && bytes[1] === 0x4b &&
    ((bytes[2] === 3 && bytes[3] === 4) || (bytes[2] === 5 && bytes[3] === 6));
}

/** The CRC-32 of a sequence of chunks. */
export function crcOf(chunks: readonly Uint8Array[]): number {
  let c = 0;
  for (const chunk of chunks) c = crc32(chunk, c);
  return c >>> 0;
}

/** Throws unless a member name is relative and free of ".." segments. */
export function checkMemberName(name: string, what: (msg: string) => Error): void {
  if (name === "") throw what("has a member with an empty name");
  if (/^[\\/]/.test(name) || /^[a-zA-Z]:/.test(name)) {
    throw what(`has a member with an absolute name '${name}'`);
  }
  if (name.split(/[\\/]/).includes("..")) {
    throw what(`has a member name with a '..' segment: '${name}'`);
  }
  if (name.includes("\0")) throw what(`has a member name with a NUL character`);
}

/**
 * The members of a ZIP archive, every directory entry checked first: names, sizes, offsets, each
 * local header's name against its directory entry, members that overlap (a zip bomb's trick:
 * many entries pointing at one compressed member), and the total size against `maxBytes`. Each
 * member inflates when it is read, so a caller can check one before the next inflates.
 */
export function readZip(
  bytes: Uint8Array,
  file: string,
  op: string,
  options?: ZipReadOptions,
): ZipMember[] {
  const maxBytes = options?.maxBytes ?? ZIP_MAX_BYTES;
  if (!(maxBytes >= 0)) {
    throw new InvalidArgumentError(`${op}: maxBytes must be a number >= 0, got ${maxBytes}`);
  }
  const bad = (what: string): InvalidArgumentError =>
    new InvalidArgumentError(`${op}: '${file}' ${what}`);
  const dv = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const n = bytes.length;
  const u16 = (p: number): number => dv.getUint16(p, true);
  const u32 = (p: number): number => dv.getUint32(p, true);
  const u64 = (p: number, what: string): number => {
    const v = dv.getBigUint64(p, true);
    if (v > BigInt(Number.MAX_SAFE_INTEGER)) throw bad(`has a ${what} too large to read: ${v}`);
    return Number(v);
  };
  // The end of central directory record: the last signature that the comment length fits.
  let eocd = -1;
  for (let p = n - 22; p >= Math.max(0, n - 22 - U16); p--) {
    if (u32(p) === EOCD && p + 22 + u16(p + 20) <= n) {
      eocd = p;
      break;
    }
  }
  if (eocd < 0) {
    throw bad(
      n < 22
        ? `is truncated: ${n} bytes, too short for a ZIP archive`
        : "is not a ZIP archive, or is truncated: no end of central directory record",
    );
  }
  if (u16(eocd + 4) !== 0 || u16(eocd + 6) !== 0) {
    throw bad("is a multi-disk ZIP archive: not supported");
  }
  let count = u16(eocd + 10), cdSize = u32(eocd + 12), cdOffset = u32(eocd + 16);
  let cdLimit = eocd;
  if (eocd >= 20 && u32(eocd - 20) === LOCATOR64) {
    const at = u64(eocd - 20 + 8, "ZIP64 record offset");
    if (at + 56 > eocd - 20 || u32(at) !== EOCD64) {
      throw bad(`has a corrupt ZIP64 end of central directory record (at offset ${at})`);
    }
    count = u64(at + 32, "member count");
    cdSize = u64(at + 40, "central directory size");
    cdOffset = u64(at + 48, "central directory offset");
    cdLimit = at;
  } else if (count === U16 || cdSize === U32 || cdOffset === U32) {
    throw bad("needs a ZIP64 end of central directory record, but has none");
  }
  if (cdOffset + cdSize > cdLimit) {
    throw bad(
      `has a central directory (offset ${cdOffset}, ${cdSize} bytes) that runs past the end of ` +
        `the archive (${cdLimit}): the file is truncated or corrupt`,
    );
  }
  const members: ZipMember[] = [];
  const names = new Set<string>();
  const spans: { name: string; from: number; to: number }[] = [];
  let total = 0;
  let p = cdOffset;
  const cdEnd = cdOffset + cdSize;
  for (let i = 0; i < count; i++) {
    if (p + 46 > cdEnd || u32(p) !== CENTRAL) {
      throw bad(`has a corrupt central directory: entry ${i} of ${count} is missing or damaged`);
    }
    const needed = u16(p + 6), flags = u16(p + 8), method = u16(p + 10), crc = u32(p + 16);
    let csize = u32(p + 20), usize = u32(p + 24), offset = u32(p + 42);
    const nameLen = u16(p + 28), extraLen = u16(p + 30), commentLen = u16(p + 32);
    const next = p + 46 + nameLen + extraLen + commentLen;
    if (next > cdEnd) throw bad(`has a corrupt central directory: entry ${i} runs past its end`);
    const rawName = bytes.subarray(p + 46, p + 46 + nameLen);
    const name = new TextDecoder(flags & 0x800 ? "utf-8" : "latin1").decode(rawName);
    // The ZIP64 extra field holds the 64-bit values whose 32-bit fields are all ones.
    for (let e = p + 46 + nameLen; e + 4 <= p + 46 + nameLen + extraLen;) {
      const id = u16(e), size = u16(e + 2);
      if (e + 4 + size > p + 46 + nameLen + extraLen) {
        throw bad(`has a corrupt extra field in the central directory entry of '${name}'`);
      }
      if (id === 1) {
        let q = e + 4;
        const take = (what: string): number => {
          if (q + 8 > e + 4 + size) {
            throw bad(`has a corrupt (short) ZIP64 extra field for '${name}'`);
          }
          const v = u64(q, what);
          q += 8;
          return v;
        };
        if (usize === U32) usize = take("member size");
        if (csize === U32) csize = take("compressed size");
        if (offset === U32) offset = take("member offset");
      }
      e += 4 + size;
    }
    p = next;
    checkMemberName(name, bad);
    if (names.has(name)) throw bad(`has two members named '${name}'`);
    names.add(name);
    if (name.endsWith("/")) continue; // a directory
    if (flags & 1) throw bad(`has an encrypted member '${name}': not supported`);
    // As Python's zipfile (NumPy's reader): 6.3 is the newest version of the format.
    if ((needed & 0xff) > MAX_VERSION) {
      throw bad(
        `has member '${name}' that needs ZIP version ${(needed & 0xff) / 10}: versions up to ` +
          `${MAX_VERSION / 10} are supported`,
      );
    }
    if (method !== 0 && method !== 8) {
      throw bad(
        `has member '${name}' compressed with method ${method}${
          METHODS[method] ? ` (${METHODS[method]})` : ""
        }: only stored (0) and deflate (8) are supported`,
      );
    }
    if (offset + 30 > cdOffset || u32(offset) !== LOCAL) {
      throw bad(`has a corrupt local header for member '${name}' (at offset ${offset})`);
    }
    const localNameLen = u16(offset + 26);
    const start = offset + 30 + localNameLen + u16(offset + 28);
    if (start + csize > cdOffset) {
      throw bad(
        `is truncated or corrupt: member '${name}' (${csize} bytes at offset ${start}) runs ` +
          `into the central directory`,
      );
    }
    const localName = bytes.subarray(offset + 30, offset + 30 + localNameLen);
    if (localNameLen !== nameLen || localName.some((b, k) => b !== rawName[k])) {
      const shown = new TextDecoder(flags & 0x800 ? "utf-8" : "latin1").decode(localName);
      throw bad(
        `has a member whose name in the directory ('${name}') and in its local header ` +
          `('${shown}') differ`,
      );
    }
    if (method === 0 && csize !== usize) {
      throw bad(`has stored member '${name}' whose sizes disagree (${csize} and ${usize})`);
    }
    total += usize;
    if (total > maxBytes) {
      throw bad(
        `inflates to more than ${maxBytes} bytes (maxBytes) by member '${name}' (${usize} bytes; ` +
          `${total} so far): pass a larger { maxBytes } to load it`,
      );
    }
    spans.push({ name, from: offset, to: start + csize });
    const raw = bytes.subarray(start, start + csize);
    members.push({
      name,
      size: usize,
      read: () => {
        let data: Uint8Array;
        if (method === 0) {
          data = raw;
        } else {
          try {
            data = inflateRawSync(raw, { maxOutputLength: Math.max(usize, 1) });
          } catch (e) {
            throw bad(`has corrupt deflate data in member '${name}': ${(e as Error).message}`);
          }
          if (data.length !== usize) {
            throw bad(
              `has member '${name}' that inflates to ${data.length} bytes, not the ${usize} its ` +
                `directory entry says`,
            );
          }
        }
        const got = crc32(data) >>> 0;
        if (got !== crc) {
          throw bad(
            `has a CRC-32 mismatch in member '${name}' (stored ${hex(crc)}, computed ` +
              `${hex(got)}): the file is corrupt`,
          );
        }
        return data;
      },
    });
  }
  // The entries must fill the directory: a count that disagrees with its size hides members.
  if (p !== cdEnd) {
    throw bad(
      `has a central directory of ${cdSize} bytes whose ${count} entries end after ` +
        `${p - cdOffset}: the member count or the directory is corrupt`,
    );
  }
  spans.sort((a, b) => a.from - b.from);
  for (let k = 1; k < spans.length; k++) {
    if (spans[k].from < spans[k - 1].to) {
      throw bad(
        `has members '${spans[k - 1].name}' and '${spans[k].name}' that overlap (bytes ` +
          `${spans[k - 1].from}..${spans[k - 1].to} and ${spans[k].from}..${spans[k].to})`,
      );
    }
  }
  return members;
}

function hex(v: number): string {
  return `0x${v.toString(16).padStart(8, "0")}`;
}

/** A member to write: its name and its bytes in chunks. */
export interface ZipInput {
  /** The member's name. */
  name: string;
  /** Its bytes, in order. */
  chunks: readonly Uint8Array[];
}

/** Options of `writeZip`. */
export interface ZipWriteOptions {
  /** Deflate every member (default false: stored). */
  compress?: boolean;
  /** Write ZIP64 records even when the sizes do not need them (for tests and other readers). */
  forceZip64?: boolean;
}

// 1980-01-01 00:00:00, the earliest DOS time: archives are reproducible byte for byte.
const DOS_DATE = (1 << 5) | 1, DOS_TIME = 0;

/** An archive as chunks, in order; stored data chunks are the callers' own buffers. */
export function writeZip(members: readonly ZipInput[], options?: ZipWriteOptions): Uint8Array[] {
  const compress = options?.compress ?? false, force = options?.forceZip64 ?? false;
  const out: Uint8Array[] = [];
  const central: Uint8Array[] = [];
  let offset = 0;
  const enc = new TextEncoder();
  for (const m of members) {
    const name = enc.encode(m.name);
    const ascii = name.length === m.name.length;
    const usize = m.chunks.reduce((s, c) => s + c.length, 0);
    const crc = crcOf(m.chunks);
    let data = m.chunks;
    if (compress) {
      const joined = m.chunks.length === 1 ? m.chunks[0] : concat(m.chunks, usize);
      data = [deflateRawSync(joined)];
    }
    const csize = data.reduce((s, c) => s + c.length, 0);
    const big = force || usize >= U32 || csize >= U32;
    const flags = ascii ? 0 : 0x800;
    const method = compress ? 8 : 0;
    const local = new Uint8Array(30 + name.length + (big ? 20 : 0));
    const lv = new DataView(local.buffer);
    lv.setUint32(0, LOCAL, true);
    lv.setUint16(4, big ? 45 : 20, true);
    lv.setUint16(6, flags, true);
    lv.setUint16(8, method, true);
    lv.setUint16(10, DOS_TIME, true);
    lv.setUint16(12, DOS_DATE, true);
    lv.setUint32(14, crc, true);
    lv.setUint32(18, big ? U32 : csize, true);
    lv.setUint32(22, big ? U32 : usize, true);
    lv.setUint16(26, name.length, true);
    lv.setUint16(28, big ? 20 : 0, true);
    local.set(name, 30);
    if (big) {
      lv.setUint16(30 + name.length, 1, true);
      lv.setUint16(32 + name.length, 16, true);
      lv.setBigUint64(34 + name.length, BigInt(usize), true);
      lv.setBigUint64(42 + name.length, BigInt(csize), true);
    }
    // The central entry: 64-bit values go in its ZIP64 field when they (or `force`) need it.
    const x64: number[] = [];
    const fit = (v: number): number => {
      if (force || v >= U32) {
        x64.push(v);
        return U32;
      }
      return v;
    };
    const cu = fit(usize), cc = fit(csize), co = fit(offset);
    const entry = new Uint8Array(46 + name.length + (x64.length ? 4 + 8 * x64.length : 0));
    const cv = new DataView(entry.buffer);
    cv.setUint32(0, CENTRAL, true);
    cv.setUint16(4, (3 << 8) | (x64.length ? 45 : 20), true); // made by: Unix
    cv.setUint16(6, x64.length ? 45 : 20, true);
    cv.setUint16(8, flags, true);
    cv.setUint16(10, method, true);
    cv.setUint16(12, DOS_TIME, true);
    cv.setUint16(14, DOS_DATE, true);
    cv.setUint32(16, crc, true);
    cv.setUint32(20, cc, true);
    cv.setUint32(24, cu, true);
    cv.setUint16(28, name.length, true);
    cv.setUint16(30, x64.length ? 4 + 8 * x64.length : 0, true);
    cv.setUint32(38, (0o100644 << 16) >>> 0, true); // a regular file, rw-r--r--
    cv.setUint32(42, co, true);
    entry.set(name, 46);
    if (x64.length) {
      const e = 46 + name.length;
      cv.setUint16(e, 1, true);
      cv.setUint16(e + 2, 8 * x64.length, true);
      x64.forEach((v, i) => cv.setBigUint64(e + 4 + 8 * i, BigInt(v), true));
    }
    out.push(local, ...data);
    central.push(entry);
    offset += local.length + csize;
  }
  const cdSize = central.reduce((s, c) => s + c.length, 0);
  out.push(...central);
  const count = members.length;
  const big = force || count >= U16 || offset >= U32 || cdSize >= U32;
  if (big) {
    const rec = new Uint8Array(56 + 20);
    const rv = new DataView(rec.buffer);
    rv.setUint32(0, EOCD64, true);
    rv.setBigUint64(4, 44n, true);
    rv.setUint16(12, (3 << 8) | 45, true);
    rv.setUint16(14, 45, true);
    rv.setBigUint64(24, BigInt(count), true);
    rv.setBigUint64(32, BigInt(count), true);
    rv.setBigUint64(40, BigInt(cdSize), true);
    rv.setBigUint64(48, BigInt(offset), true);
    rv.setUint32(56, LOCATOR64, true);
    rv.setBigUint64(64, BigInt(offset + cdSize), true);
    rv.setUint32(72, 1, true);
    out.push(rec);
  }
  const end = new Uint8Array(22);
  const ev = new DataView(end.buffer);
  ev.setUint32(0, EOCD, true);
  ev.setUint16(8, big ? U16 : count, true);
  ev.setUint16(10, big ? U16 : count, true);
  ev.setUint32(12, big ? U32 : cdSize, true);
  ev.setUint32(16, big ? U32 : offset, true);
  out.push(end);
  return out;
}

function concat(chunks: readonly Uint8Array[], n: number): Uint8Array {
  const out = new Uint8Array(n);
  let at = 0;
  for (const c of chunks) out.set(c, at), at += c.length;
  return out;
}
