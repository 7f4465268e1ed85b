/**
 * Part 2 of the seed tutorial: NumPy compatibility ("Numpy 호환성").
 * Run: deno run examples/numpy_compat.ts
 *
 * - NumPy functions take tensors as arguments.
 * - Tensor ops convert JS values and NDArrays to tensors.
 * - `t.numpy()` returns the value as a NumPy-style NDArray.
 */
import * as tf from "../mod.ts";
import * as np from "../numpy.ts";

// Python's integer literals make int32 tensors in TensorFlow; JS numbers are float32 here,
// so the dtype is given.
const a = tf.constant([[1, 2], [3, 4]], "int32");
console.log(a);

// Broadcasting: the JS number 1 is a weak scalar and takes the tensor's dtype.
const b = tf.add(a, 1);
console.log(b);

// Operator overloading in Python (a * b) is a method call here.
console.log(a.mul(b));

// NumPy functions accept tensors.
const c = np.multiply(a, b);
console.log(c);

// A NumPy value from a tensor.
console.log(a.numpy());
