/**
 * `tf.config`: process-wide settings.
 *
 * @module
 */
export { getTf32Enabled, setTf32Enabled } from "./device.ts";
export { type CpuKernelsInfo, getCpuKernels } from "./backends/cpu/native.ts";
