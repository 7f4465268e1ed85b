// Device memory that nobody disposes, on the emulation library (its "device" memory is host
// memory, so RSS shows it). Each case runs in a subprocess: a fresh heap, a fresh allocator.
import * as assert from "node:assert/strict";
import { emuTest, runDeno } from "./helpers.ts";

const MiB = 2 ** 20;

/** Runs `code` (after `import * as tf`) on cuda-emu and parses the JSON line it prints last. */
async function emu(code: string, env: Record<string, string> = {}) {
  const res = await runDeno(["eval", "--ext=ts", `import * as tf from "./mod.ts";\n${code}`], {
    DENOTENSOR_DEVICE: "cuda-emu",
    ...env,
  });
  assert.strictEqual(res.code, 0, res.stderr);
  const lines = res.stdout.trim().split("\n");
  return { lines, last: JSON.parse(lines[lines.length - 1]) };
}

emuTest(
  "100k undisposed ops in a loop that yields keep device memory and RSS bounded",
  async () => {
    // 100k results of 40 kB: 4 GB if nothing came back. The loop yields every 1000 ops.
    const { last } = await emu(`
const x = tf.ones([10000]);
const rss0 = Deno.memoryUsage().rss;
let peakUse = 0, peakRss = 0;
for (let i = 0; i < 100000; i++) {
  x.add(x);
  if (i % 1000 === 999) {
    await new Promise((r) => setTimeout(r, 0));
    const d = tf.memory().devices["cuda:0"];
    peakUse = Math.max(peakUse, d.bytesInUse);
    peakRss = Math.max(peakRss, Deno.memoryUsage().rss - rss0);
  }
}
console.log(JSON.stringify({ peakUse, peakRss, ...tf.memory().devices["cuda:0"] }));`);
    assert.ok(last.peakUse < 640 * MiB, `peak bytes in use ${last.peakUse / MiB} MiB`);
    assert.ok(last.peakRss < 1024 * MiB, `peak RSS growth ${last.peakRss / MiB} MiB`);
    assert.ok(last.gcRuns >= 1, `gcRuns ${last.gcRuns}`);
    // The collected tensors leave the counts: what remains is what the last turns made.
    assert.ok(last.numTensorsCollected > 90000, `collected ${last.numTensorsCollected}`);
    assert.ok(last.numTensors < 10000, `numTensors ${last.numTensors}`);
    assert.strictEqual(last.numBytes, last.numTensors * 40000);
  },
);

emuTest(
  "a loop that never yields runs out with a clear error, and the memory comes back at the next turn",
  async () => {
    const { lines, last } = await emu(
      `
const x = tf.ones([10000]);
await new Promise((r) => setTimeout(r, 0));
let i = 0;
try {
  for (; i < 100000; i++) x.add(x);
} catch (e) {
  console.log(e.name + ": " + e.message);
}
const before = tf.memory().devices["cuda:0"];
await new Promise((r) => setTimeout(r, 0));
const after = tf.memory().devices["cuda:0"];
console.log(JSON.stringify({ i, before, after, value: x.add(x).dataSync()[0] }));`,
      { DENOTENSOR_EMU_MEMORY: String(256 * MiB) },
    );
    assert.match(
      lines[0],
      /^ResourceExhaustedError: Out of GPU memory allocating 40000 bytes \(10000 elements of float32\) with \d+ bytes in use by \d+ tensors not disposed .*a garbage collection ran: the memory of tensors it found unreachable comes back when the code next yields to the event loop \(await\)$/,
    );
    assert.ok(last.i > 5000 && last.i < 7000, `failed at op ${last.i}`);
    assert.ok(last.before.bytesInUse > 200 * MiB);
    assert.ok(last.after.bytesInUse < 8 * MiB, `after a turn: ${last.after.bytesInUse} bytes`);
    assert.strictEqual(last.value, 2);
  },
);
