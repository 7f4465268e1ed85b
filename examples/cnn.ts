/**
 * A small convolutional network: 16x16 grayscale images of a bar at one of 4 orientations
 * (horizontal, vertical, and the two diagonals), with random length, position and noise; a
 * Conv2D -> MaxPool2D -> Conv2D -> Flatten -> Dense model learns to tell them apart with
 * `model.fit()`, then its accuracy on images it never saw is printed.
 *
 * Run: deno run examples/cnn.ts   (no permissions needed; seconds on a laptop CPU)
 */
import * as tf from "../mod.ts";

const SIZE = 16;
const TRAIN = 2000;
const TEST = 400;
const EPOCHS = 10;
const NAMES = ["horizontal", "vertical", "diagonal \\", "diagonal /"];

/** mulberry32: a small seeded generator for the bars' placement. */
function makeRandom(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * `n` images [n, 16, 16, 1] with their labels [n] (int32): a bright bar of length 5 to 11 at a
 * random place, plus Gaussian noise of standard deviation 0.3 (from tf's seeded stream).
 */
function bars(n: number, seed: number): [tf.Tensor, tf.Tensor] {
  const random = makeRandom(seed);
  const pick = (lo: number, hi: number): number => lo + Math.floor(random() * (hi - lo + 1));
  const pixels = new Float32Array(n * SIZE * SIZE);
  const labels = new Int32Array(n);
  const steps = [[0, 1], [1, 0], [1, 1], [1, -1]]; // [dy, dx] along the bar
  for (let i = 0; i < n; i++) {
    const label = i % 4;
    const [dy, dx] = steps[label];
    const length = pick(5, 11);
    // A start point that keeps the whole bar inside the image.
    const y0 = pick(0, SIZE - 1 - dy * (length - 1));
    const x0 = dx >= 0 ? pick(0, SIZE - 1 - dx * (length - 1)) : pick(length - 1, SIZE - 1);
    for (let k = 0; k < length; k++) {
      pixels[i * SIZE * SIZE + (y0 + k * dy) * SIZE + (x0 + k * dx)] = 1;
    }
    labels[i] = label;
  }
  return tf.tidy(() => {
    const clean = tf.constant(pixels, "float32", [n, SIZE, SIZE, 1]);
    const noise = tf.random.normal([n, SIZE, SIZE, 1], { stddev: 0.3 });
    return [clean.add(noise), tf.constant(labels, "int32")];
  });
}

tf.random.setSeed(7);
const [xTrain, yTrain] = bars(TRAIN, 1);
const [xTest, yTest] = bars(TEST, 2);

const model = new tf.keras.Sequential([
  new tf.keras.layers.Conv2D({
    filters: 8,
    kernelSize: 3,
    padding: "same",
    activation: "relu",
    inputShape: [SIZE, SIZE, 1],
  }),
  new tf.keras.layers.MaxPool2D({ poolSize: 2 }),
  new tf.keras.layers.Conv2D({ filters: 16, kernelSize: 3, activation: "relu" }),
  new tf.keras.layers.Flatten(),
  new tf.keras.layers.Dense({ units: 4, activation: "softmax" }),
]);
model.summary();
model.compile({
  optimizer: new tf.keras.optimizers.Adam({ learningRate: 0.005 }),
  loss: "sparse_categorical_crossentropy",
  metrics: ["accuracy"],
});

const start = performance.now();
model.fit(xTrain, yTrain, { epochs: EPOCHS, batchSize: 32, verbose: 2, seed: 1 });
const seconds = (performance.now() - start) / 1000;

const [, accuracy] = model.evaluate(xTest, yTest, { verbose: 0 }) as number[]; // [loss, accuracy]
console.log(`trained ${EPOCHS} epochs on ${TRAIN} images in ${seconds.toFixed(1)}s`);
console.log(`test accuracy: ${accuracy.toFixed(4)}`);

// A few test images and what the model says.
const predicted = tf.tidy(() => tf.argmax(model.predict(xTest.at(":4")), 1).dataSync());
const truth = yTest.at(":4").dataSync();
for (let i = 0; i < 4; i++) {
  console.log(`image ${i}: ${NAMES[Number(truth[i])]}, predicted ${NAMES[Number(predicted[i])]}`);
}
