/**
 * A Keras-style classifier: an MLP learns the two-spirals problem with `model.fit()`, then the
 * loss curve and the learned decision boundary are drawn into an SVG file.
 *
 * Run: deno run --allow-write examples/classifier.ts [out.svg]   (default classifier.svg)
 *
 * Without --allow-write it still trains and reports its accuracy, and says that it could not
 * write the picture.
 */
import * as tf from "../mod.ts";

const OUT = Deno.args[0] ?? "classifier.svg";
const POINTS_PER_CLASS = 500;
const EPOCHS = 60;

const canWrite = Deno.permissions.querySync({ name: "write", path: OUT }).state === "granted";
if (!canWrite) {
  console.error(
    `No permission to write ${OUT}: training anyway, but the plot will not be saved. ` +
      `Run with --allow-write (e.g. deno run --allow-write examples/classifier.ts ${OUT}).`,
  );
}

// Two interleaved spirals of 1.75 turns each, with a little noise; class 1 is class 0 turned
// by half a turn. Every random draw comes from the seeded global stream.
tf.random.setSeed(2024);
function spirals(n: number): [tf.Tensor, tf.Tensor] {
  return tf.tidy(() => {
    const turns = 1.75;
    const t = tf.sqrt(tf.random.uniform([n])); // even spacing along the arm
    const angle = t.mul(turns * 2 * Math.PI);
    const arm = tf.stack([t.mul(tf.cos(angle)), t.mul(tf.sin(angle))], 1);
    const x = tf.concat([arm, arm.neg()], 0).add(tf.random.normal([2 * n, 2], { stddev: 0.02 }));
    const y = tf.concat([tf.zeros([n, 1]), tf.ones([n, 1])], 0);
    return [x, y];
  });
}
const [x, y] = spirals(POINTS_PER_CLASS);

const model = new tf.keras.Sequential([
  new tf.keras.layers.Dense({ units: 64, activation: "relu", inputShape: [2] }),
  new tf.keras.layers.Dense({ units: 64, activation: "relu" }),
  new tf.keras.layers.Dense({ units: 1, activation: "sigmoid" }),
]);
model.summary();
model.compile({
  optimizer: new tf.keras.optimizers.Adam({ learningRate: 0.01 }),
  loss: "binary_crossentropy",
  metrics: ["accuracy"],
});

/** Prints a line every `every` epochs (fit's own progress bar is off: verbose 0). */
class EveryFewEpochs extends tf.keras.callbacks.Callback {
  constructor(readonly every: number) {
    super();
  }
  override onEpochEnd(epoch: number, logs: tf.keras.Logs = {}): void {
    if ((epoch + 1) % this.every !== 0) return;
    const metrics = Object.entries(logs).map(([k, v]) => `${k} ${v.toFixed(4)}`).join(", ");
    console.log(`epoch ${String(epoch + 1).padStart(3)}: ${metrics}`);
  }
}

const start = performance.now();
const history = model.fit(x, y, {
  epochs: EPOCHS,
  batchSize: 32,
  verbose: 0,
  seed: 1,
  callbacks: [new EveryFewEpochs(10)],
});
const seconds = (performance.now() - start) / 1000;

const [, accuracy] = model.evaluate(x, y, { verbose: 0 }) as number[]; // [loss, accuracy]
console.log(`trained ${EPOCHS} epochs in ${seconds.toFixed(1)}s`);
console.log(`final training accuracy: ${accuracy.toFixed(4)}`);

if (canWrite) {
  await Deno.writeTextFile(OUT, plot(history.history.loss, x, y));
  console.log(`wrote ${OUT}`);
} else {
  console.error(`Did not write ${OUT}: no write permission (run with --allow-write).`);
}

/** The SVG: the loss per epoch on the left, the decision boundary and the data on the right. */
function plot(loss: number[], x: tf.Tensor, y: tf.Tensor): string {
  const W = 900, H = 440, pad = 50, side = 380;
  const parts: string[] = [];
  parts.push(
    `<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}" ` +
      `viewBox="0 0 ${W} ${H}" font-family="sans-serif" font-size="12">`,
    `<rect width="${W}" height="${H}" fill="white"/>`,
  );

  // Loss curve.
  const lx = pad, ly = 30, lw = 340, lh = side;
  const maxLoss = Math.max(...loss);
  const px = (i: number): number => lx + (loss.length > 1 ? (i / (loss.length - 1)) * lw : 0);
  const py = (v: number): number => ly + lh - (v / maxLoss) * lh;
  parts.push(
    `<text x="${lx + lw / 2}" y="18" text-anchor="middle" font-size="14">Training loss</text>`,
    `<line x1="${lx}" y1="${ly + lh}" x2="${lx + lw}" y2="${ly + lh}" stroke="#333"/>`,
    `<line x1="${lx}" y1="${ly}" x2="${lx}" y2="${ly + lh}" stroke="#333"/>`,
    `<text x="${lx + lw / 2}" y="${ly + lh + 32}" text-anchor="middle">epoch</text>`,
    `<text x="${lx - 6}" y="${ly + 4}" text-anchor="end">${maxLoss.toFixed(2)}</text>`,
    `<text x="${lx - 6}" y="${ly + lh}" text-anchor="end">0</text>`,
    `<text x="${lx + lw}" y="${ly + lh + 16}" text-anchor="end">${loss.length}</text>`,
    `<polyline fill="none" stroke="#c0392b" stroke-width="2" points="${
      loss.map((v, i) => `${px(i).toFixed(1)},${py(v).toFixed(1)}`).join(" ")
    }"/>`,
  );

  // Decision boundary: predicted probabilities on a grid, then the points.
  const bx = 470, by = 30, range = 1.2, cells = 60;
  const cell = side / cells;
  const toX = (v: number): number => bx + ((v + range) / (2 * range)) * side;
  const toY = (v: number): number => by + side - ((v + range) / (2 * range)) * side;
  const grid: number[][] = [];
  for (let r = 0; r < cells; r++) {
    for (let c = 0; c < cells; c++) {
      grid.push([
        -range + ((c + 0.5) / cells) * 2 * range,
        -range + ((r + 0.5) / cells) * 2 * range,
      ]);
    }
  }
  const probs = tf.tidy(() => model.predict(grid, { batchSize: 1024 }).dataSync());
  parts.push(
    `<text x="${bx + side / 2}" y="18" text-anchor="middle" font-size="14">` +
      `Decision boundary (P(class 1))</text>`,
  );
  grid.forEach(([gx, gy], i) => {
    parts.push(
      `<rect x="${(toX(gx) - cell / 2).toFixed(2)}" y="${(toY(gy) - cell / 2).toFixed(2)}" ` +
        `width="${cell.toFixed(2)}" height="${cell.toFixed(2)}" fill="${
          color(Number(probs[i]))
        }"/>`,
    );
  });
  const xs = x.dataSync(), ys = y.dataSync();
  for (let i = 0; i < ys.length; i++) {
    parts.push(
      `<circle cx="${toX(Number(xs[2 * i])).toFixed(1)}" cy="${
        toY(Number(xs[2 * i + 1])).toFixed(1)
      }" ` +
        `r="2.2" fill="${Number(ys[i]) > 0.5 ? "#b35806" : "#2d5f9a"}" stroke="white" ` +
        `stroke-width="0.4"/>`,
    );
  }
  parts.push(
    `<rect x="${bx}" y="${by}" width="${side}" height="${side}" fill="none" stroke="#333"/>`,
    "</svg>",
  );
  return parts.join("\n") + "\n";
}

/** Light blue at 0, white at 0.5, light orange at 1. */
function color(p: number): string {
  const blue = [146, 197, 222], orange = [244, 165, 130], white = [247, 247, 247];
  const [from, to, t] = p < 0.5 ? [blue, white, p * 2] : [white, orange, (p - 0.5) * 2];
  const mix = from.map((v, k) => Math.round(v + (to[k] - v) * t));
  return `rgb(${mix.join(",")})`;
}
