// The seed tutorial's parts 1-3 print exactly what the tutorial shows, and run with no
// permission flags at all (--no-prompt turns any permission request into a failure).
import { assertEquals } from "./helpers.ts";

const root = new URL("../", import.meta.url);

async function run(example: string): Promise<{ code: number; stdout: string; stderr: string }> {
  const out = await new Deno.Command(Deno.execPath(), {
    args: ["run", "--no-prompt", `examples/${example}`],
    cwd: root,
    env: { NO_COLOR: "1" },
    stdout: "piped",
    stderr: "piped",
  }).output();
  const dec = new TextDecoder();
  return { code: out.code, stdout: dec.decode(out.stdout), stderr: dec.decode(out.stderr) };
}

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
