/**
 * `tf.config`: process-wide settings.
 *
 * @module
 */
export { getTf32Enabled, setTf32Enabled } from "./device.ts";
