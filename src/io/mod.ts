/**
 * `tf.io`: saving and loading named tensors in `.safetensors` files and `.npz` archives.
 *
 * @example
 * ```ts
 * import * as tf from "@denotensor/core";
 * const dir = Deno.makeTempDirSync();
 * tf.io.saveTensors(`${dir}/w.npz`, { w: tf.constant([[1, 2]]) });
 * console.log(tf.io.loadTensors(`${dir}/w.npz`).w.tolist()); // [ [ 1, 2 ] ]
 * Deno.removeSync(dir, { recursive: true });
 * ```
 *
 * @module
 */
export {
  type FilePath,
  loadMetadata,
  loadTensors,
  type LoadTensorsOptions,
  saveTensors,
  type SaveTensorsOptions,
  type TensorFileFormat,
} from "./tensors.ts";
