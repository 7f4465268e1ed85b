/**
 * The caching allocator of device memory: blocks are rounded up to size classes and kept in free
 * lists when released, so a training loop allocates from the cache instead of calling cudaMalloc
 * per op. When cudaMalloc fails, the cache is emptied and the call retried once. A tensor's
 * device memory is a `CudaStorage` holding one block.
 *
 * @module
 */
import type { DType } from "../../dtype.ts";
import type { Storage } from "../backend.ts";

/** A block of device memory. */
export interface Block {
  /** Device address. */
  ptr: Deno.PointerValue;
  /** Rounded size in bytes (the size class). */
  bytes: number;
}

/** What `tf.memory()` reports of a device allocator. */
export interface AllocatorStats {
  /** Bytes in blocks handed out now. */
  bytesInUse: number;
  /** Bytes in cached free blocks. */
  bytesCached: number;
  /** cudaMalloc calls so far. */
  deviceAllocs: number;
  /** Allocations served from the cache. */
  cacheHits: number;
}

/** Rounds a request to its size class: 512-byte steps below 1 MiB, 2 MiB steps above. */
export function sizeClass(bytes: number): number {
  const b = Math.max(bytes, 1);
  if (b < 1 << 20) return Math.ceil(b / 512) * 512;
  return Math.ceil(b / (2 << 20)) * (2 << 20);
}

/** A caching allocator over raw malloc/free functions that return a status. */
export class CachingAllocator {
  #free = new Map<number, Deno.PointerValue[]>();
  #stats: AllocatorStats = { bytesInUse: 0, bytesCached: 0, deviceAllocs: 0, cacheHits: 0 };
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
    const size = sizeClass(bytes);
    const list = this.#free.get(size);
    if (list !== undefined && list.length > 0) {
      const ptr = list.pop() as Deno.PointerValue;
      this.#stats.cacheHits++;
      this.#stats.bytesCached -= size;
      this.#stats.bytesInUse += size;
      return { ptr, bytes: size };
    }
    let ptr = this.#malloc(size);
    if (ptr === null) {
      this.emptyCache();
      ptr = this.#malloc(size);
      if (ptr === null) return null;
    }
    this.#stats.deviceAllocs++;
    this.#stats.bytesInUse += size;
    return { ptr, bytes: size };
  }

  /** Returns a block to the cache. */
  release(block: Block): void {
    let list = this.#free.get(block.bytes);
    if (list === undefined) this.#free.set(block.bytes, list = []);
    list.push(block.ptr);
    this.#stats.bytesInUse -= block.bytes;
    this.#stats.bytesCached += block.bytes;
  }

  /** Gives every cached block back to the device. */
  emptyCache(): void {
    for (const list of this.#free.values()) for (const p of list) this.#release(p);
    this.#free.clear();
    this.#stats.bytesCached = 0;
  }

  /** A copy of the counters. */
  stats(): AllocatorStats {
    return { ...this.#stats };
  }
}

/** Device memory of a CUDA tensor. */
export class CudaStorage implements Storage {
  /** The device. */
  readonly device: string;
  /** Element dtype. */
  readonly dtype: DType;
  /** Number of elements. */
  readonly size: number;
  /** Number of live tensors that use it. */
  refs = 0;
  /** The device block (null once freed). */
  block: Block | null;
  /** Wraps a block. */
  constructor(device: string, dtype: DType, size: number, block: Block) {
    this.device = device;
    this.dtype = dtype;
    this.size = size;
    this.block = block;
  }
}
