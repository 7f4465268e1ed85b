// The caching allocator of device memory, over a fake device: size classes, reuse, statistics,
// emptying, and the retry after emptying the cache when the device is out of memory.
import { CachingAllocator, sizeClass } from "../src/backends/cuda/allocator.ts";
import { assertEquals } from "./helpers.ts";

/** A fake device with `capacity` bytes: malloc returns null when they are used up. */
function fakeDevice(capacity: number) {
  let used = 0;
  let next = 1;
  const sizes = new Map<number, number>();
  const calls = { malloc: 0, free: 0 };
  return {
    calls,
    used: () => used,
    malloc(bytes: number): Deno.PointerValue | null {
      calls.malloc++;
      if (used + bytes > capacity) return null;
      used += bytes;
      const addr = next++ * 4096;
      sizes.set(addr, bytes);
      return Deno.UnsafePointer.create(BigInt(addr));
    },
    free(ptr: Deno.PointerValue): void {
      calls.free++;
      const addr = Number(Deno.UnsafePointer.value(ptr));
      used -= sizes.get(addr) ?? 0;
      sizes.delete(addr);
    },
  };
}

Deno.test("size classes: 512-byte steps below 1 MiB, 2 MiB steps above", () => {
  assertEquals([sizeClass(0), sizeClass(1), sizeClass(512), sizeClass(513)], [512, 512, 512, 1024]);
  assertEquals(sizeClass(2 ** 20), 2 * 2 ** 20);
  assertEquals(sizeClass(2 * 2 ** 20 + 1), 4 * 2 ** 20);
});

Deno.test("released blocks are reused without a device allocation", () => {
  const dev = fakeDevice(1 << 30);
  const a = new CachingAllocator((b) => dev.malloc(b), (p) => dev.free(p));
  const b1 = a.alloc(1000)!;
  a.release(b1);
  const b2 = a.alloc(900)!; // same size class
  assertEquals(b2.ptr, b1.ptr);
  assertEquals(dev.calls.malloc, 1);
  assertEquals(a.stats(), { bytesInUse: 1024, bytesCached: 0, deviceAllocs: 1, cacheHits: 1 });
  a.release(b2);
  a.emptyCache();
  assertEquals([a.stats().bytesCached, dev.calls.free, dev.used()], [0, 1, 0]);
});

Deno.test("out of memory: the cache is emptied and the allocation retried, then null", () => {
  const dev = fakeDevice(4096);
  const a = new CachingAllocator((b) => dev.malloc(b), (p) => dev.free(p));
  const small = a.alloc(2048)!;
  a.release(small); // 2048 bytes cached, still held on the device
  const big = a.alloc(4000); // needs the cached bytes back
  assertEquals(big !== null, true);
  assertEquals(dev.calls.free, 1);
  assertEquals(a.alloc(4000), null); // really full: null, which the backend turns into an error
});
