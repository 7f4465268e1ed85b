// tf.data: sources, transformations and their compositions (values and order), shuffle
// determinism and its buffer algorithm, sync and async iteration, prefetch overlap, errors, and
// that a pipeline leaves no tensor behind.
import * as tf from "../mod.ts";
import assert from "node:assert/strict";
import { assertEquals, assertThrows } from "./helpers.ts";

const { Dataset } = tf.data;
const E = tf.InvalidArgumentError;

/** The plain values of an element (tensors as `tolist()`), disposing its tensors. */
// deno-lint-ignore no-explicit-any
function plain(el: any): any {
  if (el instanceof tf.Tensor) {
    const v = el.tolist();
    el.dispose();
    return typeof v === "bigint" ? Number(v) : Array.isArray(v) ? v.map(num) : v;
  }
  if (Array.isArray(el)) return el.map(plain);
  return Object.fromEntries(Object.entries(el).map(([k, v]) => [k, plain(v)]));
}

/** bigints (int64 lists) as numbers, for comparisons. */
// deno-lint-ignore no-explicit-any
function num(v: any): any {
  return typeof v === "bigint" ? Number(v) : Array.isArray(v) ? v.map(num) : v;
}

/** Every element's plain value, iterating synchronously. */
function values(ds: Iterable<unknown>): unknown[] {
  return [...ds].map(plain);
}

/** Every element's plain value, iterating with for await. */
async function valuesAsync(ds: AsyncIterable<unknown>): Promise<unknown[]> {
  const out = [];
  for await (const el of ds) out.push(plain(el));
  return out;
}

/** Throws unless `fn` rejects with `cls` and a message holding every fragment. */
async function assertRejects(
  fn: () => Promise<unknown>,
  cls: new (...args: never[]) => Error,
  ...fragments: string[]
): Promise<void> {
  let caught: unknown;
  try {
    await fn();
  } catch (e) {
    caught = e;
  }
  assertThrows(
    () => {
      if (caught !== undefined) throw caught;
    },
    cls,
    ...fragments,
  );
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

// Sources.

Deno.test("fromTensorSlices: a tensor, a tuple, a record and nested structures", () => {
  assertEquals(values(Dataset.fromTensorSlices(tf.constant([[1, 2], [3, 4], [5, 6]]))), [
    [1, 2],
    [3, 4],
    [5, 6],
  ]);
  // Nested arrays of numbers are one tensor (as a Python list is in TensorFlow).
  assertEquals(values(Dataset.fromTensorSlices([[1, 2], [3, 4]])), [[1, 2], [3, 4]]);
  const x = tf.constant([[1, 2], [3, 4], [5, 6]]);
  const y = tf.constant([7, 8, 9], "int32");
  assertEquals(values(Dataset.fromTensorSlices([x, y])), [[[1, 2], 7], [[3, 4], 8], [[5, 6], 9]]);
  assertEquals(values(Dataset.fromTensorSlices({ x, y: [0, 1, 0] })), [
    { x: [1, 2], y: 0 },
    { x: [3, 4], y: 1 },
    { x: [5, 6], y: 0 },
  ]);
  assertEquals(values(Dataset.fromTensorSlices([x, { a: y, b: [y, [1, 2, 3]] }])), [
    [[1, 2], { a: 7, b: [7, 1] }],
    [[3, 4], { a: 8, b: [8, 2] }],
    [[5, 6], { a: 9, b: [9, 3] }],
  ]);
  // The dtypes are the tensors' own; the elements are views of the rows (no copy).
  const [first] = Dataset.fromTensorSlices([x, y]);
  assertEquals([first[0].dtype, first[1].dtype, first[0].shape], ["float32", "int32", [2]]);
  assertEquals(Dataset.fromTensorSlices(tf.zeros([0, 3])).cardinality(), 0);
  assertEquals(values(Dataset.fromTensorSlices(tf.zeros([0, 3]))), []);
});

Deno.test("fromTensorSlices keeps its own handles: disposing the sources afterwards is fine", () => {
  const x = tf.constant([1, 2, 3]);
  const ds = Dataset.fromTensorSlices(x);
  x.dispose();
  assertEquals(values(ds), [1, 2, 3]);
  assertEquals(values(ds), [1, 2, 3]);
  let made: InstanceType<typeof Dataset> | undefined;
  tf.tidy(() => {
    made = Dataset.fromTensorSlices(tf.constant([4, 5]).mul(2)) as InstanceType<typeof Dataset>;
  });
  assertEquals(values(made!), [8, 10]);
  const v = new tf.Variable([1, 2]);
  const fromVariable = Dataset.fromTensorSlices(v);
  v.assign([5, 6]);
  assertEquals(values(fromVariable), [1, 2]); // a snapshot, as TensorFlow's
});

Deno.test("fromGenerator: sync and async, structures, re-iterable (fn called per iteration)", async () => {
  let calls = 0;
  const gen = Dataset.fromGenerator(function* () {
    calls++;
    for (let i = 0; i < 3; i++) yield [tf.fill([2], i), i * 10];
  });
  assertEquals(gen.isSync, true);
  assertEquals(gen.cardinality(), tf.data.UNKNOWN_CARDINALITY);
  const want = [[[0, 0], 0], [[1, 1], 10], [[2, 2], 20]];
  assertEquals(values(gen), want);
  assertEquals(await valuesAsync(gen), want);
  assertEquals(calls, 2);
  const agen = Dataset.fromGenerator(async function* () {
    for (let i = 0; i < 3; i++) {
      await sleep(1);
      yield { x: [i, i + 1], label: BigInt(i) };
    }
  });
  assertEquals(agen.isSync, false);
  const awant = [{ x: [0, 1], label: 0 }, { x: [1, 2], label: 1 }, { x: [2, 3], label: 2 }];
  assertEquals(await valuesAsync(agen), awant);
  assertEquals(await valuesAsync(agen), awant);
  // A function returning an iterable works as well, and so do plain scalars.
  assertEquals(values(Dataset.fromGenerator(() => [1, 2, 3])), [1, 2, 3]);
});

Deno.test("fromGenerator: a captured tensor yielded again and again stays valid", () => {
  const label = tf.constant(7);
  const ds = Dataset.fromGenerator(function* () {
    for (let i = 0; i < 4; i++) yield [tf.constant(i), label];
  }).batch(2);
  assertEquals(values(ds), [[[0, 1], [7, 7]], [[2, 3], [7, 7]]]);
  assertEquals(label.disposed, false);
  assertEquals(label.item(), 7);
});

Deno.test("range: TF's int64 scalars, Python's arguments, dtype option, cardinality", () => {
  const r = Dataset.range(5);
  const [zero] = r;
  assertEquals([zero.dtype, zero.shape, zero.tolist()], ["int64", [], 0n]);
  assertEquals(values(r), [0, 1, 2, 3, 4]);
  assertEquals(values(Dataset.range(2, 5)), [2, 3, 4]);
  assertEquals(values(Dataset.range(1, 10, 3)), [1, 4, 7]);
  assertEquals(values(Dataset.range(5, 0, -2)), [5, 3, 1]);
  assertEquals(values(Dataset.range(5, 1)), []);
  assertEquals([...Dataset.range(2, { dtype: "int32" })].map((t) => t.dtype), ["int32", "int32"]);
  assertEquals(values(Dataset.range(0, 1, 0.25, { dtype: "float32" })), [0, 0.25, 0.5, 0.75]);
  assertEquals(
    [Dataset.range(10).cardinality(), Dataset.range(1, 10, 3).cardinality()],
    [10, 3],
  );
});

// Transformations.

Deno.test("batch: stacks, keeps the structure, ragged end unless dropRemainder", () => {
  const ds = Dataset.range(7);
  assertEquals(values(ds.batch(3)), [[0, 1, 2], [3, 4, 5], [6]]);
  assertEquals(values(ds.batch(3, { dropRemainder: true })), [[0, 1, 2], [3, 4, 5]]);
  assertEquals(values(ds.batch(7, { dropRemainder: true })), [[0, 1, 2, 3, 4, 5, 6]]);
  assertEquals(values(ds.batch(8, { dropRemainder: true })), []);
  assertEquals(values(ds.batch(10)), [[0, 1, 2, 3, 4, 5, 6]]);
  assertEquals(
    [ds.batch(3).cardinality(), ds.batch(3, { dropRemainder: true }).cardinality()],
    [3, 2],
  );
  const xy = Dataset.fromTensorSlices({ x: tf.constant([[1, 2], [3, 4], [5, 6]]), y: [0, 1, 2] });
  const batches = [...xy.batch(2)];
  assertEquals(batches.map((b) => [b.x.shape, b.y.shape]), [[[2, 2], [2]], [[1, 2], [1]]]);
  assertEquals(batches.map(plain), [{ x: [[1, 2], [3, 4]], y: [0, 1] }, { x: [[5, 6]], y: [2] }]);
  // Tuples of tuples; batch of batch.
  const nested = Dataset.fromTensorSlices([tf.constant([1, 2, 3, 4]), [tf.constant([5, 6, 7, 8])]]);
  assertEquals(values(nested.batch(2).batch(2)), [[[[1, 2], [3, 4]], [[[5, 6], [7, 8]]]]]);
});

Deno.test("map: tuples spread into arguments, records as one, results of any structure", () => {
  const pairs = Dataset.fromTensorSlices([tf.constant([1, 2, 3]), tf.constant([10, 20, 30])]);
  assertEquals(values(pairs.map((x, y) => x.add(y))), [11, 22, 33]);
  assertEquals(values(pairs.map((x, y) => ({ s: x.add(y), x }))), [
    { s: 11, x: 1 },
    { s: 22, x: 2 },
    { s: 33, x: 3 },
  ]);
  assertEquals(values(pairs.map((x, y) => [y, x])), [[10, 1], [20, 2], [30, 3]]);
  const recs = Dataset.fromTensorSlices({ a: [1, 2], b: [3, 4] });
  assertEquals(values(recs.map((r) => r.a.mul(r.b))), [3, 8]);
  assertEquals(values(recs.map(() => 5)), [5, 5]); // a tensor-like value becomes a tensor
  assertEquals(values(Dataset.range(3).map((x) => [x, x])), [[0, 0], [1, 1], [2, 2]]);
  const label = tf.constant(9);
  assertEquals(values(Dataset.range(3).map((x) => [x, label]).batch(3)), [[[0, 1, 2], [9, 9, 9]]]);
  assertEquals(label.disposed, false); // captured: handed on as views
  // Batched records through map, then unbatched.
  const out = Dataset.fromTensorSlices({ x: [[1, 2], [3, 4], [5, 6]], y: [0, 1, 0] })
    .batch(2)
    .map(({ x, y }) => ({ x: x.mul(2), y }))
    .unbatch();
  assertEquals(values(out), [
    { x: [2, 4], y: 0 },
    { x: [6, 8], y: 1 },
    { x: [10, 12], y: 0 },
  ]);
});

Deno.test("filter: booleans and bool scalar tensors; composition with map and batch", () => {
  const ds = Dataset.range(10);
  assertEquals(values(ds.filter((x) => x.mod(3).equal(0))), [0, 3, 6, 9]);
  assertEquals(values(ds.filter((x) => Number(x.item()) < 3)), [0, 1, 2]);
  assertEquals(
    values(ds.map((x) => x.mul(x)).filter((x) => x.greater(10)).batch(3)),
    [[16, 25, 36], [49, 64, 81]],
  );
  const pairs = Dataset.fromTensorSlices([tf.constant([1, 2, 3, 4]), tf.constant([1, 0, 1, 0])]);
  assertEquals(values(pairs.filter((_, y) => y.equal(1))), [[1, 1], [3, 1]]);
});

Deno.test("repeat, take and skip, alone and composed", () => {
  const ds = Dataset.range(3);
  assertEquals(values(ds.repeat(2)), [0, 1, 2, 0, 1, 2]);
  assertEquals(values(ds.repeat(0)), []);
  assertEquals(values(ds.repeat().take(7)), [0, 1, 2, 0, 1, 2, 0]);
  assertEquals(values(ds.repeat(-1).take(4)), [0, 1, 2, 0]);
  assertEquals(values(ds.take(2)), [0, 1]);
  assertEquals(values(ds.take(0)), []);
  assertEquals(values(ds.take(10)), [0, 1, 2]);
  assertEquals(values(ds.take(-1)), [0, 1, 2]);
  assertEquals(values(ds.skip(1)), [1, 2]);
  assertEquals(values(ds.skip(5)), []);
  assertEquals(values(ds.skip(-1)), []);
  assertEquals(values(ds.skip(1).repeat(2).batch(3)), [[1, 2, 1], [2]]);
  assertEquals(values(ds.repeat().skip(2).take(4)), [2, 0, 1, 2]);
  assertEquals(values(Dataset.range(0).repeat()), []); // an empty pass ends a forever repeat
  // take stops pulling: a generator past the end is never reached.
  let pulled = 0;
  const counted = Dataset.fromGenerator(function* () {
    for (let i = 0;; i++) {
      pulled++;
      yield i;
    }
  });
  assertEquals(values(counted.take(3)), [0, 1, 2]);
  assertEquals(pulled, 3);
});

Deno.test("cardinality: counts, Infinity and UNKNOWN (-2) as TensorFlow", () => {
  const ds = Dataset.range(10);
  assertEquals(tf.data.INFINITE_CARDINALITY, Infinity);
  assertEquals(tf.data.UNKNOWN_CARDINALITY, -2);
  const cases: [InstanceType<typeof Dataset>, number][] = [
    [ds, 10],
    [ds.map((x) => x), 10],
    [ds.shuffle(3), 10],
    [ds.prefetch(2), 10],
    [ds.batch(4), 3],
    [ds.batch(4, { dropRemainder: true }), 2],
    [ds.take(3), 3],
    [ds.take(30), 10],
    [ds.skip(3), 7],
    [ds.skip(30), 0],
    [ds.repeat(3), 30],
    [ds.repeat(), Infinity],
    [ds.repeat().take(5), 5],
    [ds.repeat().skip(5), Infinity],
    [ds.repeat().batch(2), Infinity],
    [ds.filter((x) => x.greater(2)), -2],
    [ds.batch(2).unbatch(), -2],
    [Dataset.fromGenerator(() => [1]), -2],
    [Dataset.fromGenerator(() => [1]).repeat(), Infinity],
    [Dataset.fromGenerator(() => [1]).take(3), -2],
  ] as [InstanceType<typeof Dataset>, number][];
  assertEquals(cases.map(([d]) => d.cardinality()), cases.map(([, n]) => n));
});

// Shuffle.

/** The order `ds` gives, as numbers. */
function order(ds: Iterable<tf.Tensor>): number[] {
  return [...ds].map((t) => {
    const v = Number(t.item());
    t.dispose();
    return v;
  });
}

Deno.test("shuffle: a seed gives the same order; bufferSize 1 keeps it; a permutation always", () => {
  const a = order(Dataset.range(20).shuffle(20, { seed: 7 }));
  const b = order(Dataset.range(20).shuffle(20, { seed: 7 }));
  assertEquals(a, b);
  assertEquals(a.toSorted((p, q) => p - q), [...Array(20).keys()]);
  assert.notDeepEqual(a, [...Array(20).keys()]);
  assert.notDeepEqual(order(Dataset.range(20).shuffle(20, { seed: 8 })), a);
  assertEquals(order(Dataset.range(10).shuffle(1, { seed: 3 })), [...Array(10).keys()]);
  // The buffer algorithm: element i cannot come out before position i - bufferSize + 1.
  for (let seed = 0; seed < 50; seed++) {
    const o = order(Dataset.range(12).shuffle(3, { seed }));
    assertEquals(o.toSorted((p, q) => p - q), [...Array(12).keys()]);
    o.forEach((v, pos) => assert.ok(v <= pos + 2, `seed ${seed}: ${v} at position ${pos}`));
  }
});

Deno.test("shuffle: with bufferSize >= n every permutation comes, none far too often", () => {
  // 4 elements have 24 orders; over 1200 seeds each is expected 50 times. A uniform shuffle
  // lands every count within [20, 90] with overwhelming probability (sd about 7).
  const counts = new Map<string, number>();
  for (let seed = 0; seed < 1200; seed++) {
    const key = order(Dataset.range(4).shuffle(8, { seed })).join("");
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  assertEquals(counts.size, 24);
  for (const [key, n] of counts) assert.ok(n >= 20 && n <= 90, `order ${key}: ${n} times`);
  // First positions are uniform too: each element first about a quarter of the time.
  const firsts = [0, 0, 0, 0];
  for (const [key, n] of counts) firsts[Number(key[0])] += n;
  for (const f of firsts) assert.ok(f > 200 && f < 400, `first counts ${firsts}`);
});

Deno.test("shuffle: reshuffleEachIteration, repeat reshuffles, global seed reproducibility", () => {
  const ds = Dataset.range(10).shuffle(10, { seed: 1 });
  const first = order(ds), second = order(ds);
  assert.notDeepEqual(first, second);
  assertEquals(second.toSorted((p, q) => p - q), [...Array(10).keys()]);
  // A new dataset with the same seed gives the same sequence of orders.
  const again = Dataset.range(10).shuffle(10, { seed: 1 });
  assertEquals([order(again), order(again)], [first, second]);
  const fixed = Dataset.range(10).shuffle(10, { seed: 1, reshuffleEachIteration: false });
  assertEquals([order(fixed), order(fixed)], [first, first]);
  const twice = order(Dataset.range(10).shuffle(10, { seed: 1 }).repeat(2));
  assertEquals(twice, [...first, ...second]);
  // Unseeded: drawn from the global seed, so setSeed makes it reproducible.
  tf.random.setSeed(5);
  const u1 = order(Dataset.range(10).shuffle(10));
  tf.random.setSeed(5);
  const u2 = order(Dataset.range(10).shuffle(10));
  assertEquals(u1, u2);
});

// Iteration and async.

Deno.test("sync and async iteration; an async dataset refuses for...of, saying for await", async () => {
  const ds = Dataset.range(4).map((x) => x.add(1)).batch(2);
  assertEquals(ds.isSync, true);
  assertEquals(values(ds), [[1, 2], [3, 4]]);
  assertEquals(await valuesAsync(ds), [[1, 2], [3, 4]]);
  assertEquals((await ds.toArray()).map(plain), [[1, 2], [3, 4]]);
  const asyncMap = Dataset.range(4).map(async (x) => {
    await sleep(1);
    return x.mul(10);
  });
  const asyncFilter = Dataset.range(4).filter(async (x) => {
    await sleep(0);
    return Number(x.item()) % 2 === 0;
  });
  for (const d of [asyncMap, asyncFilter, asyncMap.batch(2), asyncMap.prefetch(1)]) {
    assertEquals(d.isSync, false);
    assertThrows(() => [...d], E, "asynchronous", "for await");
  }
  assertEquals(await valuesAsync(asyncMap.batch(3)), [[0, 10, 20], [30]]);
  assertEquals(await valuesAsync(asyncFilter), [0, 2]);
  assertEquals((await asyncMap.toArray()).map(plain), [0, 10, 20, 30]);
  // A Dataset of [x, y] batches is just an (async) iterable of [x, y] pairs.
  const xy = Dataset.fromTensorSlices([tf.ones([5, 3]), tf.zeros([5])]).batch(2);
  for await (const [x, y] of xy) {
    assert.ok(x.shape[0] === y.shape[0] && x.shape[1] === 3);
    x.dispose();
    y.dispose();
  }
});

Deno.test("async generator + async map + prefetch give the elements in order", async () => {
  const src = Dataset.fromGenerator(async function* () {
    for (let i = 0; i < 6; i++) {
      await sleep(1);
      yield [tf.constant(i), [i, i]]; // a tuple: an array of numbers only would be one tensor
    }
  });
  const ds = src.map(async (x, y) => {
    await sleep(1);
    return { x: x.mul(2), y };
  }).prefetch(tf.data.AUTOTUNE).batch(4).prefetch(2);
  const want = [{ x: [0, 2, 4, 6], y: [[0, 0], [1, 1], [2, 2], [3, 3]] }, {
    x: [8, 10],
    y: [[4, 4], [5, 5]],
  }];
  assertEquals(await valuesAsync(ds), want);
  assertEquals(await valuesAsync(ds), want);
  assertEquals(values(Dataset.range(3).prefetch(2)), [0, 1, 2]); // sync: passed through
  assertEquals(await valuesAsync(Dataset.range(3).prefetch(0)), [0, 1, 2]);
});

Deno.test("prefetch overlaps an async source with the consumer's work", async () => {
  // A source that takes T ms per element and a consumer that takes T ms per element: without
  // prefetch each element costs about 2T (the source waits for the consumer and vice versa);
  // with prefetch the source makes element i+1 while the consumer handles element i, about T
  // each, so the ratio of the two times is about 0.55. Timers on a busy machine only ever run
  // late, and a stall during one measurement can hide the gain, so the check is a loose ratio
  // (under 0.8), not absolute times, and a pair of measurements is tried up to 3 times: a
  // prefetch that does not overlap fails every try.
  const T = 20, N = 10;
  const consume = async (ds: AsyncIterable<tf.Tensor>): Promise<number> => {
    const start = performance.now();
    let n = 0;
    for await (const x of ds) {
      await sleep(T); // the consumer's work
      x.dispose();
      n++;
    }
    assertEquals(n, N);
    return performance.now() - start;
  };
  const check = async (
    what: string,
    plain: InstanceType<typeof Dataset<tf.Tensor>>,
    prefetched: InstanceType<typeof Dataset<tf.Tensor>>,
  ): Promise<void> => {
    const tries: string[] = [];
    for (let attempt = 0; attempt < 3; attempt++) {
      const serial = await consume(plain);
      const overlapped = await consume(prefetched);
      assert.ok(serial >= 1.8 * N * T, `${what} without prefetch: ${serial.toFixed(0)} ms`);
      if (overlapped < 0.8 * serial) return;
      tries.push(`${overlapped.toFixed(0)} ms against ${serial.toFixed(0)} ms`);
    }
    assert.fail(`${what}: prefetch did not overlap: ${tries.join(", ")}`);
  };
  const source = Dataset.fromGenerator(async function* () {
    for (let i = 0; i < N; i++) {
      await sleep(T);
      yield i;
    }
  });
  await check("async generator", source, source.prefetch(2));
  // An async map overlaps the same way.
  const mapped = Dataset.range(N).map(async (x) => {
    await sleep(T);
    return x;
  });
  await check("async map", mapped, mapped.prefetch(1));
});

// Memory.

Deno.test("memory: a pipeline whose yields are disposed leaves no tensor behind", async () => {
  const x = tf.random.normal([40, 3], { seed: 1 });
  const y = tf.range(40);
  const ds = Dataset.fromTensorSlices([x, y]); // its own views: made before the count
  const before = tf.memory().numTensors;
  const pipeline = ds
    .map((a, b) => [a.mul(2).add(1), b])
    .filter((_, b) => b.less(35))
    .shuffle(8, { seed: 3 })
    .skip(2)
    .batch(4)
    .repeat(2)
    .prefetch(2);
  for (const [a, b] of pipeline) {
    a.dispose();
    b.dispose();
  }
  for await (const [a, b] of pipeline) {
    a.dispose();
    b.dispose();
  }
  // Leaving early: the shuffle buffer, a partial batch and prefetched elements are freed.
  for (const [a, b] of pipeline) {
    a.dispose();
    b.dispose();
    break;
  }
  for await (const [a, b] of pipeline) {
    a.dispose();
    b.dispose();
    break;
  }
  const rows = ds.batch(5).unbatch().take(7);
  for (const [a, b] of rows) {
    a.dispose();
    b.dispose();
  }
  const gen = Dataset.fromGenerator(async function* () {
    for (let i = 0; i < 10; i++) yield { v: tf.fill([2], i), w: [i] };
  }).map(async ({ v, w }) => {
    await sleep(0);
    return { v, w };
  }).batch(3).prefetch(2);
  for await (const { v, w } of gen) {
    v.dispose();
    w.dispose();
  }
  for await (const { v, w } of gen) {
    v.dispose();
    w.dispose();
    break;
  }
  assertEquals(tf.memory().numTensors - before, 0);
  // A failing pipeline frees what it held too.
  const failing = ds.map((a) => a).batch(3).map((a) => {
    if (a.shape[0] === 3) throw new Error("boom");
    return a;
  });
  assertThrows(() => [...failing], Error, "boom");
  await assertRejects(() => failing.toArray(), Error, "boom");
  assertEquals(tf.memory().numTensors - before, 0);
});

// Errors.

Deno.test("errors: bad arguments name the method and quote the value", () => {
  const ds = Dataset.range(3);
  assertThrows(() => ds.batch(0), E, "Dataset.batch", "batchSize", "got number 0");
  assertThrows(() => ds.batch(1.5), E, "Dataset.batch", "got number 1.5");
  // deno-lint-ignore no-explicit-any
  assertThrows(() => ds.batch("2" as any), E, "Dataset.batch", 'got string "2"');
  assertThrows(() => ds.take(-2), E, "Dataset.take", "got number -2");
  assertThrows(() => ds.skip(-3), E, "Dataset.skip", "got number -3");
  assertThrows(() => ds.repeat(-4), E, "Dataset.repeat", "got number -4");
  assertThrows(() => ds.repeat(Infinity), E, "Dataset.repeat", "got number Infinity");
  assertThrows(() => ds.shuffle(0), E, "Dataset.shuffle", "bufferSize", "got number 0");
  assertThrows(() => ds.shuffle(2, { seed: 1.5 }), E, "Dataset.shuffle", "seed", "1.5");
  assertThrows(() => ds.prefetch(-2), E, "Dataset.prefetch", "AUTOTUNE", "got number -2");
  // deno-lint-ignore no-explicit-any
  assertThrows(() => ds.map(3 as any), E, "Dataset.map", "fn must be a function", "number 3");
  // deno-lint-ignore no-explicit-any
  assertThrows(() => ds.filter(null as any), E, "Dataset.filter", "got null");
  // deno-lint-ignore no-explicit-any
  assertThrows(() => Dataset.fromGenerator("gen" as any), E, "Dataset.fromGenerator", '"gen"');
  assertThrows(() => Dataset.range(0, 5, 0), E, "Dataset.range", "step must not be 0");
  // deno-lint-ignore no-explicit-any
  assertThrows(() => Dataset.range("5" as any), E, "Dataset.range", 'string "5"');
  assertThrows(() => Dataset.range(0.5), E, "Dataset.range", "integer", "int64");
  // deno-lint-ignore no-explicit-any
  assertThrows(() => new (Dataset as any)(), tf.FailedPreconditionError, "internal");
});

Deno.test("errors: every options object is checked", () => {
  const ds = Dataset.range(3);
  // deno-lint-ignore no-explicit-any
  const o = (v: unknown) => v as any;
  assertThrows(
    () => ds.batch(2, o({ drop_remainder: true })),
    E,
    '"drop_remainder"',
    "did you mean",
  );
  assertThrows(() => ds.batch(2, o(true)), E, "Dataset.batch options", "must be an object");
  assertThrows(() => ds.batch(2, o({ dropRemainder: 1 })), E, "dropRemainder", "number 1");
  assertThrows(() => ds.shuffle(2, o({ sed: 1 })), E, '"sed"', 'did you mean "seed"');
  assertThrows(() => ds.shuffle(2, o({ reshuffleEachIteration: "no" })), E, 'string "no"');
  assertThrows(() => Dataset.range(3, o({ dtyp: "int32" })), E, '"dtyp"', "did you mean");
  assertThrows(() => Dataset.range(3, { dtype: o("int33") }), E, "unknown dtype");
});

Deno.test("errors: bad structures and values, named with their shapes", async () => {
  assertThrows(
    () => Dataset.fromTensorSlices([tf.zeros([3, 2]), tf.zeros([4])]),
    E,
    "Dataset.fromTensorSlices",
    "same size along axis 0",
    "(3, 2)",
    "(4,)",
  );
  assertThrows(
    () => Dataset.fromTensorSlices({ x: tf.zeros([2]), y: tf.zeros([3]) }),
    E,
    "component .x",
    "component .y",
  );
  assertThrows(() => Dataset.fromTensorSlices(tf.constant(1)), E, "scalar");
  assertThrows(() => Dataset.fromTensorSlices([tf.zeros([2]), "a"]), E, 'string "a"');
  assertThrows(() => Dataset.fromTensorSlices([[1, 2], [3]]), E, "Dataset.fromTensorSlices");
  const ragged = Dataset.fromGenerator(function* () {
    yield [1, 2];
    yield [1, 2, 3];
  });
  assertThrows(() => [...ragged.batch(2)], E, "Dataset.batch", "different shapes", "(2,)", "(3,)");
  const mixed = Dataset.fromGenerator(function* () {
    yield { a: 1 };
    yield [1];
  });
  assertThrows(() => [...mixed.batch(2)], E, "Dataset.batch", "structure");
  const bad = Dataset.fromGenerator(function* () {
    yield 1;
    yield "two";
  });
  assertThrows(() => [...bad], E, "Dataset.fromGenerator: element 1", 'string "two"');
  assertThrows(() => [...Dataset.fromGenerator(() => 5 as never)], E, "iterable", "number 5");
  const hidden = Dataset.fromGenerator(() =>
    (async function* () {
      yield 1;
    })()
  );
  assertThrows(() => [...hidden], E, "not an async function", "async function*");
  assertThrows(() => [...Dataset.fromGenerator(() => [[1, [2, 3]]])], E, "make a tuple's");
  assertThrows(() => [...Dataset.range(3).filter(() => 1 as never)], E, "predicate", "number 1");
  assertThrows(
    () => [...Dataset.range(3).filter((x) => x.add(1) as never)],
    E,
    "bool scalar tensor",
    "int64",
  );
  const promising = Dataset.range(3).map((x) => Promise.resolve(x));
  assertThrows(() => [...promising], E, "Dataset.map", "not an async function", "async");
  await assertRejects(() => promising.toArray(), E, "not an async function");
  assertThrows(() => [...Dataset.range(3).unbatch()], E, "Dataset.unbatch", "scalar");
  // An error thrown in a map function reaches the consumer as it is.
  const throwing = Dataset.range(3).map(async () => {
    await sleep(0);
    throw new RangeError("bad element");
  });
  await assertRejects(() => throwing.prefetch(2).toArray(), RangeError, "bad element");
});
