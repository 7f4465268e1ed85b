// examples/classifier.ts: trains to > 95% accuracy on two spirals and writes its SVG; without
// --allow-write it says that it could not.
import { assertEquals, runDeno } from "./helpers.ts";

const run = (args: string[]) => runDeno(["run", "--no-prompt", ...args]);

Deno.test("examples/classifier.ts learns two spirals and writes classifier.svg", async () => {
  const dir = await Deno.makeTempDir({ prefix: "denotensor_classifier_" });
  try {
    const svgPath = `${dir}/spirals.svg`;
    const start = performance.now();
    const { code, stdout, stderr } = await run([
      `--allow-write=${dir}`,
      "examples/classifier.ts",
      svgPath,
    ]);
    const seconds = (performance.now() - start) / 1000;
    assertEquals(code, 0, `exit code (stderr: ${stderr})`);
    const match = stdout.match(/final training accuracy: (\d+\.\d+)/);
    assertEquals(match !== null, true, `no accuracy line in:\n${stdout}`);
    const accuracy = Number(match?.[1]);
    assertEquals(accuracy > 0.95, true, `accuracy ${accuracy}`);
    assertEquals(seconds < 60, true, `took ${seconds.toFixed(1)}s`);
    assertEquals(stdout.includes('Model: "sequential'), true, "the summary is printed");
    const svg = await Deno.readTextFile(svgPath);
    assertEquals(svg.startsWith("<svg"), true);
    assertEquals(svg.trimEnd().endsWith("</svg>"), true);
    // XML-ish: one root element, every other element self-closed or closed.
    const opened = (svg.match(/<[a-z]+[^>]*[^/]>/g) ?? []).length;
    const closed = (svg.match(/<\/[a-z]+>/g) ?? []).length;
    assertEquals(opened, closed, "every opened element is closed");
    assertEquals((svg.match(/<polyline /g) ?? []).length, 1, "one loss curve");
    assertEquals((svg.match(/<circle /g) ?? []).length, 1000, "the 1000 points");
    assertEquals((svg.match(/<rect /g) ?? []).length > 1000, true, "the probability grid");
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("examples/classifier.ts says so when it may not write", async () => {
  const { code, stdout, stderr } = await run(["examples/classifier.ts", "never_written.svg"]);
  assertEquals(code, 0, `exit code (stderr: ${stderr})`);
  assertEquals(stderr.includes("--allow-write"), true, stderr);
  assertEquals(stdout.includes("wrote"), false);
  assertEquals(/final training accuracy: \d/.test(stdout), true);
});
