// The caching allocator of device memory, over a fake device: rounding, segments, best fit,
// splitting and merging, statistics with fragmentation, emptying, and the retry after emptying
// the cache when the device is out of memory.
import { CachingAllocator, roundSize, segmentSize } from "../src/backends/cuda/allocator.ts";
import { assertEquals } from "./helpers.ts";

const MiB = 2 ** 20;

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
      const addr = next++ * 2 ** 32; // segments far apart
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

function address(p: Deno.PointerValue): number {
  return Number(Deno.UnsafePointer.value(p));
}

Deno.test("sizes round to 512 bytes; segments of 2 MiB, 20 MiB or the request in 2 MiB steps", () => {
  assertEquals([roundSize(0), roundSize(1), roundSize(512), roundSize(513)], [512, 512, 512, 1024]);
  assertEquals([segmentSize(512), segmentSize(MiB)], [2 * MiB, 2 * MiB]);
  assertEquals([segmentSize(MiB + 512), segmentSize(10 * MiB)], [20 * MiB, 20 * MiB]);
  assertEquals(segmentSize(10 * MiB + 512), 12 * MiB);
});

Deno.test("small blocks split one segment; released blocks are reused", () => {
  const dev = fakeDevice(1 << 30);
  const a = new CachingAllocator((b) => dev.malloc(b), (p) => dev.free(p));
  const b1 = a.alloc(1000)!;
  const b2 = a.alloc(3000)!;
  assertEquals([b1.bytes, b2.bytes, dev.calls.malloc], [1024, 3072, 1]);
  assertEquals(address(b2.ptr) - address(b1.ptr), 1024, "b2 follows b1 in the segment");
  a.release(b1);
  const b3 = a.alloc(900)!; // best fit: b1's place, not the big tail
  assertEquals(b3.ptr, b1.ptr);
  const s = a.stats();
  assertEquals([s.bytesInUse, s.bytesReserved, s.segments, s.deviceAllocs], [
    4096,
    2 * MiB,
    1,
    1,
  ]);
  assertEquals([s.bytesCached, s.largestFreeBlock, s.fragmentation], [
    2 * MiB - 4096,
    2 * MiB - 4096,
    0,
  ]);
});

Deno.test("released neighbours merge, and a wholly free segment goes back on emptyCache", () => {
  const dev = fakeDevice(1 << 30);
  const a = new CachingAllocator((b) => dev.malloc(b), (p) => dev.free(p));
  const x = a.alloc(4096)!, y = a.alloc(4096)!, z = a.alloc(4096)!;
  a.release(x);
  a.release(z); // z merges with the free tail; x stays apart: fragmented
  let s = a.stats();
  assertEquals(s.largestFreeBlock, 2 * MiB - 8192);
  assertEquals(s.fragmentation > 0, true);
  a.emptyCache(); // y still holds the segment
  assertEquals([dev.calls.free, a.stats().segments], [0, 1]);
  a.release(y); // x, y and the tail merge into the whole segment
  s = a.stats();
  assertEquals([s.largestFreeBlock, s.fragmentation, s.bytesInUse], [2 * MiB, 0, 0]);
  a.emptyCache();
  assertEquals([dev.calls.free, dev.used(), a.stats().bytesReserved, a.stats().bytesCached], [
    1,
    0,
    0,
    0,
  ]);
});

Deno.test("varying large shapes share segments instead of one cudaMalloc per size", () => {
  const dev = fakeDevice(2 ** 34);
  const a = new CachingAllocator((b) => dev.malloc(b), (p) => dev.free(p));
  // A training loop whose batch shapes vary: 3..9 MiB activations, freed each step.
  for (let step = 0; step < 200; step++) {
    const blocks = [3, 5, 7, 9].map((m) => a.alloc((m + (step % 7) / 8) * MiB)!);
    for (const b of blocks) a.release(b);
  }
  const s = a.stats();
  assertEquals(s.bytesInUse, 0);
  if (s.deviceAllocs > 4) throw new Error(`${s.deviceAllocs} cudaMalloc calls for 800 blocks`);
});

Deno.test("a block of the large pool is split only when more than 1 MiB is left", () => {
  const dev = fakeDevice(1 << 30);
  const a = new CachingAllocator((b) => dev.malloc(b), (p) => dev.free(p));
  const big = a.alloc(19.5 * MiB)!; // a 20 MiB segment, 0.5 MiB left: not split
  assertEquals([big.bytes, a.stats().bytesCached], [20 * MiB, 0]);
  a.release(big);
  const part = a.alloc(2 * MiB)!; // 18 MiB left: split
  assertEquals([part.bytes, a.stats().bytesCached], [2 * MiB, 18 * MiB]);
});

Deno.test("out of memory: free segments go back and the allocation is retried, then null", () => {
  const dev = fakeDevice(4 * MiB);
  const a = new CachingAllocator((b) => dev.malloc(b), (p) => dev.free(p));
  const small = a.alloc(2048)!;
  a.release(small); // a 2 MiB segment cached, still held on the device
  const big = a.alloc(3 * MiB); // needs the cached segment back
  assertEquals(big !== null, true);
  assertEquals(dev.calls.free, 1);
  assertEquals(a.alloc(3 * MiB), null); // really full: null, which the backend turns into an error
  a.release(big!);
  assertEquals(a.stats().bytesInUse, 0);
});
