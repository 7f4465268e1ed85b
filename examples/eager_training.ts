/**
 * Part 4 of the seed tutorial: eager training ("즉시 학습") of y ≈ 3x + 2 with a GradientTape,
 * Variables, a Keras model and SGD. Run: deno run examples/eager_training.ts
 *
 * The tutorial's numbers came from TensorFlow's random generator, so the digits differ from run
 * to run; the format and the convergence (loss ≈ 1, W ≈ 3, B ≈ 2) are the same.
 */
import * as tf from "../mod.ts";

class Model extends tf.keras.Model {
  W = new tf.Variable(5.0, { name: "weight" });
  B = new tf.Variable(10.0, { name: "bias" });
  call(inputs: tf.Tensor): tf.Tensor {
    return inputs.mul(this.W).add(this.B);
  }
}

// About 2000 points on 3 * x + 2, with noise.
const NUM_EXAMPLES = 2000;
const trainingInputs = tf.random.normal([NUM_EXAMPLES]);
const noise = tf.random.normal([NUM_EXAMPLES]);
const trainingOutputs = trainingInputs.mul(3).add(2).add(noise);

// The loss to minimise.
function loss(model: Model, inputs: tf.Tensor, targets: tf.Tensor): tf.Tensor {
  const error = model.apply(inputs).sub(targets);
  return tf.reduceMean(tf.square(error));
}

function grad(model: Model, inputs: tf.Tensor, targets: tf.Tensor): (tf.Tensor | null)[] {
  using tape = new tf.GradientTape();
  const lossValue = loss(model, inputs, targets);
  return tape.gradient(lossValue, [model.W, model.B]);
}

// 1. the model, 2. the gradient of the loss with respect to its parameters,
// 3. an update rule based on the gradients.
const model = new Model();
const optimizer = new tf.keras.optimizers.SGD({ learningRate: 0.01 });

const lossOf = (): string =>
  tf.tidy(() => (loss(model, trainingInputs, trainingOutputs).item() as number).toFixed(3));

console.log(`초기 손실: ${lossOf()}`);

// Training loop; tf.tidy frees each step's intermediate tensors.
for (let i = 0; i < 300; i++) {
  tf.tidy(() => {
    const grads = grad(model, trainingInputs, trainingOutputs);
    optimizer.applyGradients([[grads[0], model.W], [grads[1], model.B]]);
  });
  if (i % 50 === 0) {
    console.log(`스텝 ${String(i).padStart(3, "0")}에서 손실: ${lossOf()}`);
  }
}

console.log(`최종 손실: ${lossOf()}`);
// Python formats a float32 scalar with float64 digits: so does String(number).
console.log(`W = ${model.W.item()}, B = ${model.B.item()}`);
