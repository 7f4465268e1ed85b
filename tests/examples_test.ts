// The seed tutorial's parts 1-3 print exactly what the tutorial shows, and run with no
// permission flags at all (--no-prompt turns any permission request into a failure).
import { assertEquals, runDeno } from "./helpers.ts";

const run = (example: string) => runDeno(["run", "--no-prompt", `examples/${example}`]);

for (
  const [example, expected] of [
    ["eager_basics.ts", "part1.txt"],
    ["numpy_compat.ts", "part2.txt"],
    ["dynamic_control_flow.ts", "part3.txt"],
  ]
) {
  Deno.test(`examples/${example} prints the seed's output with no permission flags`, async () => {
    const { code, stdout, stderr } = await run(example);
    assertEquals(code, 0, `exit code (stderr: ${stderr})`);
    const want = await Deno.readTextFile(new URL(`fixtures/seed/${expected}`, import.meta.url));
    assertEquals(stdout, want);
  });
}
