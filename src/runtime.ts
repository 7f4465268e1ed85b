/**
 * Process-wide facts of the eager runtime.
 *
 * @module
 */
import { currentBackend } from "./device.ts";

/**
 * Always true: every op runs when it is called (TensorFlow's `tf.executing_eagerly()`).
 *
 * @example
 * ```ts
 * import * as tf from "@denotensor/core";
 * console.log(tf.executingEagerly()); // true
 * ```
 */
export function executingEagerly(): boolean {
  return true;
}

/**
 * Waits until all queued device work is done (for timing GPU work; a no-op on the CPU).
 *
 * @example
 * ```ts
 * import * as tf from "@denotensor/core";
 * tf.ones([1000]).add(1);
 * tf.synchronize();
 * ```
 */
export function synchronize(): void {
  currentBackend().synchronize();
}
