// The seed's training part: the example converges and prints in the seed's format, and a long
// training loop keeps tf.memory() flat.
import * as tf from "../mod.ts";
import { assertEquals, runDeno } from "./helpers.ts";

Deno.test("examples/eager_training.ts prints the seed's format and converges", async () => {
  const out = await runDeno(["run", "--no-prompt", "examples/eager_training.ts"]);
  const text = out.stdout;
  assertEquals(out.code, 0, out.stderr);
  const lines = text.trimEnd().split("\n");
  assertEquals(lines.length, 9, text);
  const num = String.raw`(\d+\.\d{3})`;
  const first = new RegExp(`^초기 손실: ${num}$`).exec(lines[0]);
  if (first === null) throw new Error(`bad first line ${lines[0]}`);
  for (let k = 0; k < 6; k++) {
    const step = String(k * 50).padStart(3, "0");
    if (!new RegExp(`^스텝 ${step}에서 손실: ${num}$`).test(lines[1 + k])) {
      throw new Error(`bad step line ${lines[1 + k]}`);
    }
  }
  const last = new RegExp(`^최종 손실: ${num}$`).exec(lines[7]);
  const wb = /^W = (-?\d+\.\d+(?:e-?\d+)?), B = (-?\d+\.\d+(?:e-?\d+)?)$/.exec(lines[8]);
  if (last === null || wb === null) {
    throw new Error(`bad final lines:\n${lines.slice(7).join("\n")}`);
  }
  const [loss, w, b] = [Number(last[1]), Number(wb[1]), Number(wb[2])];
  if (!(Number(first[1]) > 20 && loss > 0.8 && loss < 1.25)) throw new Error(`loss ${loss}`);
  if (Math.abs(w - 3) > 0.15 || Math.abs(b - 2) > 0.15) throw new Error(`W ${w}, B ${b}`);
});

Deno.test("10,000 training steps keep tf.memory() flat", () => {
  tf.random.setSeed(3);
  const x = tf.random.normal([64]);
  const y = x.mul(3).add(2);
  const w = new tf.Variable(0.0), b = new tf.Variable(0.0);
  const opt = new tf.keras.optimizers.SGD({ learningRate: 0.05 });
  const step = () => {
    tf.tidy(() => {
      using tape = new tf.GradientTape();
      const loss = tf.reduceMean(tf.square(x.mul(w).add(b).sub(y)));
      const [gw, gb] = tape.gradient(loss, [w, b]);
      opt.applyGradients([[gw, w], [gb, b]]);
    });
  };
  step();
  const live = () => {
    const m = tf.memory();
    return [m.numTensors, m.numBytes, m.devices[w.device].bytesInUse ?? 0];
  };
  const before = live();
  for (let i = 0; i < 10000; i++) step();
  assertEquals(live(), before);
  if (Math.abs((w.item() as number) - 3) > 1e-3) throw new Error(`w = ${w.item()}`);
});
