/**
 * NumPy interop: arrays saved as .npy/.npz files, a small NumPy script run on them, and its answer
 * loaded back and compared with the same computation in denotensor.
 * Run: deno run --allow-read --allow-write --allow-run=python3 examples/numpy_interop.ts
 *
 * Without --allow-run (or without python3 and NumPy) the NumPy step is skipped and the example
 * says why; without --allow-read/--allow-write it works on bytes in memory instead of files.
 */
import * as tf from "../mod.ts";
import * as np from "../numpy.ts";

const granted = (desc: Deno.PermissionDescriptor): boolean =>
  Deno.permissions.querySync(desc).state === "granted";

tf.random.setSeed(0);
const x = np.astype(tf.random.normal([4, 3]), "float64");
const w = np.array([[1, -1], [0.5, 2], [-3, 0.25]]);
const bias = np.array([0.5, -0.5]);

// What NumPy is asked to compute, computed here first.
const ours = np.add(np.matmul(x, w), bias);
console.log("x @ w + bias, by denotensor:");
console.log(ours.toString());

if (!granted({ name: "write" }) || !granted({ name: "read" })) {
  // No file access: the same formats as bytes.
  const npy = np.saveBytes(x);
  const npz = np.savezBytes({ w, bias }, { compressed: true });
  console.log(
    `\nno --allow-read/--allow-write: made ${npy.length} bytes of .npy and ${npz.length}`,
  );
  console.log("bytes of .npz in memory instead of files, and read them back:");
  const back = np.loadBytes(npz) as Record<string, np.NDArray>;
  console.log(
    `  keys ${Object.keys(back).join(", ")}; x equal: ${
      np.arrayEqual(np.loadBytes(npy) as np.NDArray, x)
    }`,
  );
  console.log(
    "skipped the NumPy step: it needs files (run with --allow-read --allow-write --allow-run=python3)",
  );
  Deno.exit(0);
}

const dir = Deno.makeTempDirSync({ prefix: "numpy_interop_" });
try {
  np.save(`${dir}/x.npy`, x);
  np.savez(`${dir}/params.npz`, { w, bias });
  console.log(`\nsaved ${dir}/x.npy (${Deno.statSync(`${dir}/x.npy`).size} bytes) and`);
  console.log(`      ${dir}/params.npz (${Deno.statSync(`${dir}/params.npz`).size} bytes)`);

  if (!granted({ name: "run", command: "python3" })) {
    console.log("skipped the NumPy step: no permission to run python3 (add --allow-run=python3)");
  } else {
    const script = [
      "import sys, numpy as np",
      "d = sys.argv[1]",
      "x = np.load(f'{d}/x.npy')",
      "p = np.load(f'{d}/params.npz')",
      "np.save(f'{d}/answer.npy', x @ p['w'] + p['bias'])",
      "print(np.__version__)",
    ].join("\n");
    let out: Deno.CommandOutput | null = null;
    try {
      out = new Deno.Command("python3", {
        args: ["-c", script, dir],
        stdout: "piped",
        stderr: "piped",
      })
        .outputSync();
    } catch (e) {
      console.log(`skipped the NumPy step: python3 could not be started (${(e as Error).message})`);
    }
    if (out !== null && !out.success) {
      const why = new TextDecoder().decode(out.stderr).trim().split("\n").pop();
      console.log(`skipped the NumPy step: the script failed (${why}); is NumPy installed?`);
    } else if (out !== null) {
      const version = new TextDecoder().decode(out.stdout).trim();
      const answer = np.load(`${dir}/answer.npy`);
      console.log(`\nNumPy ${version} computed x @ w + bias and saved answer.npy; loaded back:`);
      console.log(answer.toString());
      console.log(`dtype ${answer.dtype}, shape [${answer.shape}]`);
      console.log(`identical to denotensor's: ${np.arrayEqual(answer, ours)}`);
      console.log(`close (np.allclose):       ${np.allclose(answer, ours)}`);
    }
  }
} finally {
  Deno.removeSync(dir, { recursive: true });
  console.log(`\nremoved ${dir}`);
}
