// examples/cnn.ts: a Conv2D -> MaxPool2D -> Conv2D -> Flatten -> Dense model learns the
// orientation of noisy bars to > 95% accuracy on held-out images, with no permission flags.
import { assertEquals, runDeno } from "./helpers.ts";

Deno.test("examples/cnn.ts learns the bar orientations to > 95% test accuracy", async () => {
  const start = performance.now();
  const { code, stdout, stderr } = await runDeno(["run", "--no-prompt", "examples/cnn.ts"]);
  const seconds = (performance.now() - start) / 1000;
  assertEquals(code, 0, `exit code (stderr: ${stderr})`);
  const match = stdout.match(/test accuracy: (\d+\.\d+)/);
  assertEquals(match !== null, true, `no accuracy line in:\n${stdout}`);
  const accuracy = Number(match?.[1]);
  assertEquals(accuracy > 0.95, true, `accuracy ${accuracy}`);
  assertEquals(seconds < 60, true, `took ${seconds.toFixed(1)}s`);
  assertEquals(stdout.includes("(None, 8, 8, 8)"), true, "the summary shows the pooled shape");
  assertEquals(stderr.includes("Epoch 10/10"), true, "fit reports every epoch");
});
