/**
 * The backstop for device memory that nobody disposed. A tensor's storage is registered with a
 * FinalizationRegistry; when the garbage collector finds every tensor of it unreachable, its
 * block goes back to the allocator and its tensors leave `tf.memory()`'s counts (counted as
 * collected instead). Nothing runs per op but the registration.
 *
 * The collector does not see device memory, so on its own it runs rarely and undisposed tensors
 * pile up. When the bytes in use pass a high-water mark (and when an allocation fails) the
 * backstop asks for a full collection (src/gc.ts). The mark then moves to twice the memory in
 * use (at least `MIN_MARK` above it, at most a quarter of the device above it), and back down
 * as collected memory returns, so a loop that keeps its memory stays cheap and one that drops it
 * stays bounded. The memory comes back when the finalizers run, at a turn of the event loop.
 */
import { untrackCollected } from "../../memory.ts";
import { collectGarbage, collectorMissing, prepareCollector } from "../../gc.ts";
import type { Block, CachingAllocator, CudaStorage, Lease } from "./allocator.ts";

/** The least distance between the memory in use and the next high-water mark (256 MiB). */
export const MIN_MARK = 256 * 2 ** 20;

/** Counters of the backstop, as tf.memory() shows them. */
export interface BackstopStats {
  /** Collections asked for at the high-water mark or after a failed allocation. */
  gcRuns: number;
  /** The bytes in use at which the next collection is asked for. */
  gcHighWaterMark: number;
  /** Tensors released by the collector (never disposed). */
  numTensorsCollected: number;
  /** Bytes of their storages. */
  numBytesCollected: number;
}

/** Releases undisposed storage when the collector finds it, and asks for collections. */
export class Backstop {
  #registry: FinalizationRegistry<Lease>;
  #allocator: CachingAllocator;
  #device: string;
  #maxStep: number;
  #mark = MIN_MARK;
  #runs = 0;
  #tensors = 0;
  #bytes = 0;

  /** For `device`'s allocator; `deviceBytes` (0 when unknown) caps the mark's steps. */
  constructor(device: string, allocator: CachingAllocator, deviceBytes: number) {
    this.#device = device;
    this.#allocator = allocator;
    this.#maxStep = deviceBytes > 0 ? Math.max(MIN_MARK, deviceBytes / 4) : Infinity;
    this.#registry = new FinalizationRegistry((lease) => this.#collected(lease));
    prepareCollector();
  }

  /** Watches a new storage. */
  watch(storage: CudaStorage): void {
    this.#registry.register(storage, storage.lease, storage.lease);
  }

  /** Stops watching a storage that is freed explicitly. */
  unwatch(storage: CudaStorage): void {
    this.#registry.unregister(storage.lease);
  }

  /** Before allocating `bytes`: asks for a collection when they would pass the mark. */
  beforeAlloc(bytes: number): void {
    if (this.#allocator.bytesInUse + bytes > this.#mark) this.collect();
  }

  /** Asks for a full collection now; false when none can run (yet). */
  collect(): boolean {
    if (!collectGarbage()) {
      if (collectorMissing()) this.#mark = Infinity;
      return false;
    }
    this.#runs++;
    this.#moveMark();
    return true;
  }

  /** A copy of the counters. */
  stats(): BackstopStats {
    return {
      gcRuns: this.#runs,
      gcHighWaterMark: this.#mark,
      numTensorsCollected: this.#tensors,
      numBytesCollected: this.#bytes,
    };
  }

  #moveMark(): void {
    if (this.#mark === Infinity) return;
    const inUse = this.#allocator.bytesInUse;
    this.#mark = inUse + Math.min(Math.max(inUse, MIN_MARK), this.#maxStep);
  }

  #collected(lease: Lease): void {
    const block: Block | null = lease.block;
    if (block === null) return;
    lease.block = null;
    this.#allocator.release(block);
    if (lease.refs > 0) {
      untrackCollected(this.#device, lease.refs, lease.bytes);
      this.#tensors += lease.refs;
      this.#bytes += lease.bytes;
    }
    // Collected memory came back: the mark follows the memory in use down.
    if (this.#allocator.bytesInUse + MIN_MARK < this.#mark) this.#moveMark();
  }
}
