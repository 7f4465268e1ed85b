// Copies of transposed and permuted views (the copy kernel's tiled path, kernels/copy.cu
// dt_copy_tiled, and the TypeScript fallback's tiles, src/np/strided.ts copyTiles) and
// concatenate's block copies (src/np/joining.ts), checked element by element against plain
// reference loops: the bytes of every element for copies (NaN payloads included), the values
// cast to the result dtype for concatenate. Run on the native kernels, with
// DENOTENSOR_CPU_KERNELS=none and with DENOTENSOR_CPU_NATIVE_MIN=0 DENOTENSOR_CPU_PARALLEL_MIN=0
// (every size native, every native call on the pool).
import * as tf from "../mod.ts";
import * as np from "../numpy.ts";
import assert from "node:assert/strict";

/** The element types of each itemsize: with tensor kernels and without. */
const BY_SIZE: Record<number, np.NpDType[]> = {
  1: ["uint8", "int8"],
  2: ["float16", "int16"],
  4: ["float32", "int32", "uint32"],
  8: ["float64", "int64"],
};

/** xorshift32: reproducible bytes. */
function bytesGen(seed: number): () => number {
  let s = seed >>> 0 || 1;
  return () => {
    s ^= s << 13;
    s >>>= 0;
    s ^= s >>> 17;
    s ^= s << 5;
    s >>>= 0;
    return s & 255;
  };
}

/** A contiguous array of `shape` whose bytes are random (floats include NaNs with payloads). */
function randomArray(shape: number[], dtype: np.NpDType, seed: number): np.NDArray {
  const n = shape.reduce((p, d) => p * d, 1);
  const a = np.zeros(shape, dtype);
  const bytes = new Uint8Array(a.data.buffer, a.data.byteOffset, n * a.itemsize);
  const next = bytesGen(seed);
  for (let i = 0; i < bytes.length; i++) bytes[i] = next();
  return a;
}

/** The byte offset in `a.data`'s buffer of each element of `a`, in row-major order. */
function elementOffsets(a: np.NDArray): number[] {
  const out: number[] = [];
  const nd = a.ndim, idx = new Array<number>(nd).fill(0);
  for (let k = 0; k < a.size; k++) {
    let p = a.offset;
    for (let d = 0; d < nd; d++) p += idx[d] * a.strides[d];
    out.push(a.data.byteOffset + p * a.itemsize);
    for (let d = nd - 1; d >= 0; d--) {
      if (++idx[d] < a.shape[d]) break;
      idx[d] = 0;
    }
  }
  return out;
}

/** `v.copy()` is row-major and holds v's elements' bytes, element by element. */
function checkCopy(v: np.NDArray, what: string): void {
  const c = v.copy();
  assert.deepEqual(c.shape, v.shape, what);
  assert.equal(c.dtype, v.dtype, what);
  assert.equal(c.offset, 0, what);
  const size = v.itemsize;
  const src = new Uint8Array(v.data.buffer);
  const dst = new Uint8Array(c.data.buffer, c.data.byteOffset, c.size * size);
  const offs = elementOffsets(v);
  for (let k = 0; k < offs.length; k++) {
    for (let b = 0; b < size; b++) {
      if (dst[k * size + b] !== src[offs[k] + b]) {
        assert.fail(`${what}: element ${k} byte ${b}: ${dst[k * size + b]} != ${src[offs[k] + b]}`);
      }
    }
  }
}

Deno.test("copy of 2-d transposes: every itemsize, shapes off the tile, 1-wide and empty", () => {
  const shapes = [[3, 5], [17, 33], [130, 70], [1, 40], [40, 1], [0, 6], [6, 0], [64, 256]];
  let seed = 1;
  for (const [size, dtypes] of Object.entries(BY_SIZE)) {
    for (const dtype of dtypes) {
      for (const shape of shapes) {
        const x = randomArray(shape, dtype, seed++);
        checkCopy(np.transpose(x), `${dtype} ${shape}.T (itemsize ${size})`);
      }
    }
  }
});

Deno.test("copy of large transposes: many tiles, the pool, power-of-two strides", () => {
  // float32 1024 wide: rows 4 KiB apart (the short tiles); 600 x 700: several tiles each way.
  const cases: [number[], np.NpDType][] = [
    [[600, 700], "float32"],
    [[300, 1024], "float32"],
    [[257, 1030], "uint8"],
    [[520, 300], "float16"],
    [[200, 530], "float64"],
    [[150, 700], "int64"],
  ];
  cases.forEach(([shape, dtype], i) => {
    const x = randomArray(shape, dtype, 100 + i);
    checkCopy(np.transpose(x), `${dtype} ${shape}.T`);
  });
});

Deno.test("copy of 3-d and 4-d permutations, flips and slices", () => {
  const perms3 = [[0, 2, 1], [1, 0, 2], [1, 2, 0], [2, 0, 1], [2, 1, 0]];
  const perms4 = [[3, 2, 1, 0], [0, 3, 1, 2], [2, 3, 0, 1], [1, 3, 2, 0]];
  let seed = 200;
  for (const dtypes of Object.values(BY_SIZE)) {
    const dtype = dtypes[0];
    const x3 = randomArray([9, 70, 37], dtype, seed++);
    for (const p of perms3) checkCopy(np.transpose(x3, p), `${dtype} [9,70,37] perm ${p}`);
    const x4 = randomArray([5, 6, 33, 20], dtype, seed++);
    for (const p of perms4) checkCopy(np.transpose(x4, p), `${dtype} [5,6,33,20] perm ${p}`);
    // Negative strides: flipped transposes (along the long-stride axis and the other).
    const x2 = randomArray([90, 140], dtype, seed++);
    checkCopy(np.flip(np.transpose(x2), { axis: 0 }), `${dtype} flip(x.T, 0)`);
    checkCopy(np.flip(np.transpose(x2), { axis: 1 }), `${dtype} flip(x.T, 1)`);
    checkCopy(np.transpose(x2).at("::-1, ::-1"), `${dtype} x.T[::-1, ::-1]`);
    // Offsets and steps from slicing, before and after the transpose.
    checkCopy(np.transpose(x2.at("3:85, 5:")), `${dtype} x[3:85, 5:].T`);
    checkCopy(np.transpose(x2).at("7:, 2:80:3"), `${dtype} x.T[7:, 2:80:3]`);
    checkCopy(np.transpose(x3.at("1:8, ::2, 3:"), [2, 1, 0]), `${dtype} x3[1:8, ::2, 3:].T`);
    checkCopy(np.transpose(x4.at(":, 1:5, ::-1, 2:19"), [3, 1, 2, 0]), `${dtype} x4 slice perm`);
  }
});

Deno.test("a strided view built by hand: negative strides and an offset into a larger buffer", () => {
  const base = randomArray([50000], "float32", 7);
  // 60 x 80 elements, rows 1 apart and columns -123 apart, from offset 20000.
  const v = new np.NDArray(base.data, [60, 80], "float32", { strides: [1, -123], offset: 20000 });
  checkCopy(v, "hand-made view");
  const w = new np.NDArray(base.data, [4, 70, 90], "float32", {
    strides: [-9000, 1, 97],
    offset: 30000,
  });
  checkCopy(w, "hand-made 3-d view");
});

Deno.test("tf.transpose on the CPU copies by the same kernel", () => {
  const [r, c] = [300, 500];
  const vals = Float32Array.from({ length: r * c }, (_, i) => i * 0.5 - 7);
  const t = tf.transpose(tf.constant(vals, "float32", [r, c]));
  const got = t.dataSync() as Float32Array;
  for (let i = 0; i < c; i++) {
    for (let j = 0; j < r; j++) {
      if (got[i * r + j] !== vals[j * c + i]) assert.fail(`(${i}, ${j})`);
    }
  }
  t.dispose();
});

/** A value of an element as a number (bool as 0/1, 64-bit integers exactly when small). */
function valueAt(a: np.NDArray, flat: number): number {
  const nd = a.ndim;
  let p = a.offset, q = flat;
  for (let d = nd - 1; d >= 0; d--) {
    p += (q % a.shape[d]) * a.strides[d];
    q = Math.floor(q / a.shape[d]);
  }
  return Number(a.data[p]);
}

/** The reference of concatenate: element by element, each value stored in the result dtype. */
function concatRef(xs: np.NDArray[], axis: number, dtype: np.NpDType): np.NDArray {
  const shape = xs[0].shape.slice();
  shape[axis] = xs.reduce((p, x) => p + x.shape[axis], 0);
  const out = np.zeros(shape, dtype);
  const n = out.size, nd = shape.length;
  const store = out.data as unknown as { [i: number]: number | bigint };
  const big = typeof out.data[0] === "bigint";
  for (let k = 0; k < n; k++) {
    // The coordinates of k, then the input that holds them.
    const idx: number[] = [];
    let q = k;
    for (let d = nd - 1; d >= 0; d--) {
      idx[d] = q % shape[d];
      q = Math.floor(q / shape[d]);
    }
    let i = 0, at = idx[axis];
    while (at >= xs[i].shape[axis]) at -= xs[i++].shape[axis];
    const x = xs[i];
    const local = idx.slice();
    local[axis] = at;
    const flat = local.reduce((acc, c, d) => acc * x.shape[d] + c, 0);
    const v = valueAt(x, flat);
    store[k] = big ? BigInt(v) : v;
  }
  return out;
}

function checkConcat(xs: np.NDArray[], axis: number, dtype: np.NpDType, what: string): void {
  const got = np.concatenate(xs, { axis });
  assert.equal(got.dtype, dtype, what);
  const want = concatRef(xs, axis, dtype);
  assert.deepEqual(got.shape, want.shape, what);
  const g = got.contiguousData(), w = want.contiguousData();
  for (let k = 0; k < w.length; k++) {
    if (g[k] !== w[k]) assert.fail(`${what}: element ${k}: ${g[k]} != ${w[k]}`);
  }
}

/** Small integers (exact in every dtype here) of `shape`, as `dtype`. */
function ints(shape: number[], dtype: np.NpDType, seed: number): np.NDArray {
  const n = shape.reduce((p, d) => p * d, 1);
  const next = bytesGen(seed);
  const vals = Array.from({ length: n }, () => (dtype === "bool" ? next() & 1 : next() - 128));
  const src = np.reshape(np.array(vals, "float64"), shape);
  return dtype === "bool" ? np.not_equal(src, 0) : np.astype(src, dtype);
}

Deno.test("concatenate along every axis of 1-d to 3-d arrays, mixed dtypes", () => {
  // [inputs' dtypes, NumPy 2's result dtype]
  const mixes: [np.NpDType[], np.NpDType][] = [
    [["float32", "float32"], "float32"],
    [["int8", "uint8"], "int16"],
    [["int32", "float32"], "float64"],
    [["float16", "int8", "float16"], "float16"],
    [["bool", "int16"], "int16"],
    [["int64", "int32", "uint8"], "int64"],
    [["uint16", "float64"], "float64"],
  ];
  const shapes = [[7], [4, 9], [3, 5, 6], [40, 300]];
  let seed = 300;
  for (const [dtypes, to] of mixes) {
    for (const shape of shapes) {
      for (let axis = 0; axis < shape.length; axis++) {
        const xs = dtypes.map((d, i) => {
          const s = shape.slice();
          s[axis] += i; // the inputs differ along the axis
          return ints(s, d, seed++);
        });
        checkConcat(xs, axis, to, `${dtypes} ${shape} axis ${axis}`);
      }
    }
  }
});

Deno.test("concatenate of non-contiguous inputs: transposes, flips, steps, broadcasts, empties", () => {
  let seed = 400;
  const a = ints([30, 50], "float32", seed++), b = ints([50, 30], "float32", seed++);
  const c = ints([30, 90], "int32", seed++);
  checkConcat([a, np.transpose(b)], 1, "float32", "a, b.T axis 1");
  checkConcat([np.transpose(b), a], 0, "float32", "b.T, a axis 0");
  checkConcat([np.flip(a, { axis: 1 }), c.at(":, ::2")], 1, "float64", "flip, step");
  checkConcat([a.at("::-1"), np.broadcast_to(c.at(":1, :50"), [30, 50])], 0, "float64", "bcast");
  checkConcat([a.at(":, :0"), a], 1, "float32", "empty first");
  checkConcat([a, np.zeros([0, 50], "int8")], 0, "float32", "empty last");
  // Large enough for the native kernel and its threads (rows of 700 float32 into rows of 1400).
  const big1 = ints([200, 700], "float32", seed++), big2 = ints([200, 700], "float32", seed++);
  checkConcat([big1, big2], 1, "float32", "200 x 700 twice, axis 1");
  checkConcat([np.transpose(big1), np.transpose(big2)], 0, "float32", "transposes, axis 0");
  checkConcat(
    [big1.at(":, ::-1"), np.transpose(ints([700, 200], "int16", 9))],
    1,
    "float32",
    "mix",
  );
  // A few long rows (block moves) and a 3-d join along the middle axis.
  checkConcat([ints([3, 700], "float64", 1), ints([3, 500], "float64", 2)], 1, "float64", "rows");
  const t3 = ints([6, 20, 30], "uint8", seed++);
  const u3 = np.transpose(ints([6, 30, 17], "uint8", seed++), [0, 2, 1]);
  checkConcat([t3, u3], 1, "uint8", "3-d axis 1");
});
