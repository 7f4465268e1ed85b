// Views with more axes than the native kernels take (DT_MAX_DIMS = 8) once merged: the native
// driver splits elementwise ops into several calls and reductions read a contiguous copy, so they
// run on every backend (`deno task test` runs this file on the CPU, the TypeScript kernels alone
// and the CUDA emulation), give the reference values, and free their temporaries.
import * as tf from "../mod.ts";
import assert from "node:assert/strict";

/** The row-major index of `idx` in `shape`. */
function flatIndex(idx: number[], shape: number[]): number {
  return idx.reduce((acc, i, d) => acc * shape[d] + i, 0);
}

/** Reference transpose of a row-major array. */
function transposeRef(data: number[], shape: number[], perm: number[]): number[] {
  const out: number[] = [];
  const outShape = perm.map((p) => shape[p]);
  const n = data.length;
  for (let k = 0; k < n; k++) {
    const idx: number[] = [];
    let q = k;
    for (let d = outShape.length - 1; d >= 0; d--) {
      idx[d] = q % outShape[d];
      q = Math.floor(q / outShape[d]);
    }
    const src: number[] = [];
    perm.forEach((p, d) => (src[p] = idx[d]));
    out.push(data[flatIndex(src, shape)]);
  }
  return out;
}

const numbers = (t: tf.Tensor) => Array.from(t.dataSync() as Float32Array);

Deno.test("views: elementwise ops on a 9-axis reversed transpose (the issue's example)", () => {
  const before = tf.memory();
  tf.tidy(() => {
    const shape = Array(9).fill(2);
    const perm = [8, 7, 6, 5, 4, 3, 2, 1, 0];
    const t = tf.transpose(tf.reshape(tf.range(0, 512), shape), perm);
    const base = Array.from({ length: 512 }, (_, i) => i);
    const want = transposeRef(base, shape, perm);
    assert.deepEqual(numbers(t.add(1)), want.map((v) => v + 1));
    assert.deepEqual(numbers(t.mul(t)), want.map((v) => v * v));
    const e = numbers(tf.exp(t.mul(0.01)));
    want.forEach((v, i) => assert.ok(Math.abs(e[i] - Math.exp(v * 0.01)) <= 1e-6 * e[i], `${i}`));
    assert.deepEqual(numbers(tf.cast(t, "int32")), want);
    assert.deepEqual(numbers(tf.where(t.greater(255), t, 0)), want.map((v) => (v > 255 ? v : 0)));
  });
  assert.equal(tf.memory().numTensors, before.numTensors);
  const dev = tf.memory().devices["cuda:0"];
  if (dev !== undefined) {
    const was = before.devices["cuda:0"];
    assert.ok(dev.bytesInUse <= (was?.bytesInUse ?? 0) + 4096, "device memory was given back");
  }
});

Deno.test("views: reductions, argmax and cumsum over a 10-axis view that cannot merge", () => {
  tf.tidy(() => {
    const shape = [2, 3, 2, 2, 3, 2, 2, 2, 3, 2];
    const n = shape.reduce((a, b) => a * b, 1);
    const base = Array.from({ length: n }, (_, i) => (i * 37) % 101 - 50);
    const perm = [9, 0, 8, 1, 7, 2, 6, 3, 5, 4];
    const t = tf.transpose(tf.constant(base, "float32", shape), perm);
    const flat = transposeRef(base, shape, perm);
    const tshape = perm.map((p) => shape[p]);
    const last = tshape[9];
    const rows = flat.length / last;
    const sums: number[] = [], maxima: number[] = [], argmaxes: number[] = [], cums: number[] = [];
    for (let r = 0; r < rows; r++) {
      const row = flat.slice(r * last, (r + 1) * last);
      sums.push(row.reduce((a, b) => a + b, 0));
      maxima.push(Math.max(...row));
      argmaxes.push(row.indexOf(Math.max(...row)));
      let acc = 0;
      for (const v of row) cums.push(acc += v);
    }
    assert.deepEqual(numbers(tf.reduceSum(t, 9)), sums);
    assert.deepEqual(numbers(tf.reduceMax(t, -1)), maxima);
    assert.deepEqual(numbers(tf.argmax(t, 9)), argmaxes);
    assert.deepEqual(numbers(tf.cumsum(t, 9)), cums);
    assert.equal(tf.reduceSum(t).item(), base.reduce((a, b) => a + b, 0));
    assert.deepEqual(numbers(t.reshape([-1])), flat);
  });
});
