/**
 * The caching allocator of device memory, after PyTorch's: device memory comes in segments (one
 * cudaMalloc each) that are split into blocks and kept when tensors release them, so a training
 * loop allocates from the cache instead of calling cudaMalloc per op, and tensors of varying
 * shapes share segments instead of each size keeping its own.
 *
 * - Requests round up to 512 bytes. Small ones (at most 1 MiB) come from 2 MiB segments, those
 *   up to 10 MiB from 20 MiB segments, larger ones from a segment of their size rounded up to
 *   2 MiB.
 * - An allocation takes the smallest free block of its pool that fits (best fit, lowest address
 *   among equals) and splits off the rest when it is worth keeping (at least 512 bytes in the
 *   small pool, more than 1 MiB in the large one).
 * - A released block merges with free neighbours of its segment.
 * - When cudaMalloc fails, the segments that are wholly free go back to the device and the call
 *   is retried, then once more for just the request; `emptyCache()` gives them back on request.
 *
 * `tf.memory()` reports the counters, with the fragmentation of the cache: the share of cached
 * bytes outside the largest free block.
 *
 * @module
 */
import type { DType } from "../../dtype.ts";
import type { Storage } from "../backend.ts";

/** A block of device memory, as its tensor's storage holds it. */
export interface Block {
  /** Device address. */
  ptr: Deno.PointerValue;
  /** Size in bytes (the request rounded up to 512). */
  bytes: number;
}

/** What `tf.memory()` reports of a device allocator. */
export interface AllocatorStats {
  /** Bytes in blocks handed out now. */
  bytesInUse: number;
  /** Bytes of segments not handed out (free blocks kept for reuse). */
  bytesCached: number;
  /** Bytes of all segments (in use plus cached). */
  bytesReserved: number;
  /** Segments held (cudaMalloc allocations alive). */
  segments: number;
  /** cudaMalloc calls so far. */
  deviceAllocs: number;
  /** Allocations served from the cache. */
  cacheHits: number;
  /** The largest free block, in bytes. */
  largestFreeBlock: number;
  /** 1 - largestFreeBlock / bytesCached: 0 when the cache is one block (or empty). */
  fragmentation: number;
}

const SMALL = 1 << 20; // requests up to this come from the small pool
const SMALL_SEGMENT = 2 << 20;
const MEDIUM = 10 << 20; // requests up to this get a 20 MiB segment
const MEDIUM_SEGMENT = 20 << 20;
const ROUND = 512;

/** A request's size: whole 512-byte units, at least one. */
export function roundSize(bytes: number): number {
  return Math.max(1, Math.ceil(bytes / ROUND)) * ROUND;
}

/** The size of the segment allocated for a (rounded) request that no free block fits. */
export function segmentSize(size: number): number {
  if (size <= SMALL) return SMALL_SEGMENT;
  if (size <= MEDIUM) return MEDIUM_SEGMENT;
  return Math.ceil(size / (2 << 20)) * (2 << 20);
}

interface Segment {
  ptr: Deno.PointerValue;
  address: bigint;
  bytes: number;
  small: boolean;
}

/** A piece of a segment: handed out (`free` false) or kept for reuse. */
interface Piece extends Block {
  segment: Segment;
  offset: number;
  free: boolean;
  prev: Piece | null;
  next: Piece | null;
}

/** Free pieces ordered by size, then address (best fit is a binary search). */
class FreeList {
  #items: Piece[] = [];

  static #before(a: Piece, b: Piece): boolean {
    if (a.bytes !== b.bytes) return a.bytes < b.bytes;
    if (a.segment.address !== b.segment.address) return a.segment.address < b.segment.address;
    return a.offset < b.offset;
  }

  #lowerBound(p: Piece): number {
    let lo = 0, hi = this.#items.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (FreeList.#before(this.#items[mid], p)) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  insert(p: Piece): void {
    this.#items.splice(this.#lowerBound(p), 0, p);
  }

  remove(p: Piece): void {
    const i = this.#lowerBound(p);
    if (this.#items[i] !== p) throw new Error("allocator: a free block is missing from its list");
    this.#items.splice(i, 1);
  }

  /** The smallest piece of at least `bytes`, or null. */
  fit(bytes: number): Piece | null {
    let lo = 0, hi = this.#items.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (this.#items[mid].bytes < bytes) lo = mid + 1;
      else hi = mid;
    }
    return lo < this.#items.length ? this.#items[lo] : null;
  }

  get largest(): number {
    return this.#items.length === 0 ? 0 : this.#items[this.#items.length - 1].bytes;
  }

  /** The pieces that are a whole segment. */
  wholeSegments(): Piece[] {
    return this.#items.filter((p) => p.prev === null && p.next === null);
  }
}

/** A caching allocator over raw malloc/free functions of the device. */
export class CachingAllocator {
  #small = new FreeList();
  #large = new FreeList();
  #segments = new Set<Segment>();
  #inUse = 0;
  #reserved = 0;
  #cached = 0;
  #deviceAllocs = 0;
  #cacheHits = 0;
  #malloc: (bytes: number) => Deno.PointerValue | null;
  #release: (ptr: Deno.PointerValue) => void;

  /** `malloc` returns null when the device is out of memory. */
  constructor(
    malloc: (bytes: number) => Deno.PointerValue | null,
    release: (ptr: Deno.PointerValue) => void,
  ) {
    this.#malloc = malloc;
    this.#release = release;
  }

  /** A block of at least `bytes`, or null when the device is out of memory even after emptying. */
  alloc(bytes: number): Block | null {
    const size = roundSize(bytes);
    const small = size <= SMALL;
    const pool = small ? this.#small : this.#large;
    let piece = pool.fit(size);
    if (piece !== null) {
      pool.remove(piece);
      this.#cached -= piece.bytes;
      this.#cacheHits++;
    } else {
      piece = this.#newSegment(segmentSize(size), small, size);
      if (piece === null) return null;
    }
    const rest = piece.bytes - size;
    if (small ? rest >= ROUND : rest > SMALL) {
      const tail: Piece = {
        ptr: offsetPointer(piece.segment, piece.offset + size),
        bytes: rest,
        segment: piece.segment,
        offset: piece.offset + size,
        free: true,
        prev: piece,
        next: piece.next,
      };
      if (piece.next !== null) piece.next.prev = tail;
      piece.next = tail;
      piece.bytes = size;
      pool.insert(tail);
      this.#cached += rest;
    }
    piece.free = false;
    this.#inUse += piece.bytes;
    return piece;
  }

  #newSegment(bytes: number, small: boolean, size: number): Piece | null {
    let ptr = this.#malloc(bytes);
    if (ptr === null) {
      this.emptyCache();
      ptr = this.#malloc(bytes);
      // Near the limit, a segment of just the request may still fit.
      if (ptr === null && size < bytes) ptr = this.#malloc(bytes = size);
      if (ptr === null) return null;
    }
    this.#deviceAllocs++;
    this.#reserved += bytes;
    const segment: Segment = { ptr, address: Deno.UnsafePointer.value(ptr), bytes, small };
    this.#segments.add(segment);
    return { ptr, bytes, segment, offset: 0, free: false, prev: null, next: null };
  }

  /** Returns a block to the cache, merged with the free blocks beside it. */
  release(block: Block): void {
    let p = block as Piece;
    if (p.free) throw new Error("allocator: a block was released twice");
    const pool = p.segment.small ? this.#small : this.#large;
    this.#inUse -= p.bytes;
    this.#cached += p.bytes;
    p.free = true;
    const prev = p.prev;
    if (prev !== null && prev.free) {
      pool.remove(prev);
      prev.bytes += p.bytes;
      prev.next = p.next;
      if (p.next !== null) p.next.prev = prev;
      p = prev;
    }
    const next = p.next;
    if (next !== null && next.free) {
      pool.remove(next);
      p.bytes += next.bytes;
      p.next = next.next;
      if (next.next !== null) next.next.prev = p;
    }
    pool.insert(p);
  }

  /** Gives every wholly free segment back to the device. */
  emptyCache(): void {
    for (const pool of [this.#small, this.#large]) {
      for (const p of pool.wholeSegments()) {
        pool.remove(p);
        this.#segments.delete(p.segment);
        this.#reserved -= p.bytes;
        this.#cached -= p.bytes;
        this.#release(p.segment.ptr);
      }
    }
  }

  /** Bytes of the blocks in use. */
  get bytesInUse(): number {
    return this.#inUse;
  }

  /** A copy of the counters. */
  stats(): AllocatorStats {
    const largest = Math.max(this.#small.largest, this.#large.largest);
    return {
      bytesInUse: this.#inUse,
      bytesCached: this.#cached,
      bytesReserved: this.#reserved,
      segments: this.#segments.size,
      deviceAllocs: this.#deviceAllocs,
      cacheHits: this.#cacheHits,
      largestFreeBlock: largest,
      fragmentation: this.#cached === 0 ? 0 : 1 - largest / this.#cached,
    };
  }
}

function offsetPointer(segment: Segment, offset: number): Deno.PointerValue {
  return Deno.UnsafePointer.create(segment.address + BigInt(offset));
}

/**
 * What a CUDA storage holds that outlives it for the backstop (src/backends/cuda/backstop.ts):
 * its block, the number of tensors counting it in tf.memory(), and its byte size.
 */
export interface Lease {
  block: Block | null;
  refs: number;
  bytes: number;
}

/** Device memory of a CUDA tensor. */
export class CudaStorage implements Storage {
  /** The device. */
  readonly device: string;
  /** Element dtype. */
  readonly dtype: DType;
  /** Number of elements. */
  readonly size: number;
  /** The block, tensor count and size, kept apart so the backstop can release them. */
  readonly lease: Lease;
  /** Wraps a block of `bytes`. */
  constructor(device: string, dtype: DType, size: number, block: Block, bytes: number) {
    this.device = device;
    this.dtype = dtype;
    this.size = size;
    this.lease = { block, refs: 0, bytes };
  }
  /** Number of live tensors that use it. */
  get refs(): number {
    return this.lease.refs;
  }
  set refs(n: number) {
    this.lease.refs = n;
  }
  /** The device block (null once freed). */
  get block(): Block | null {
    return this.lease.block;
  }
  set block(b: Block | null) {
    this.lease.block = b;
  }
}
