/**
 * `tf.config`: process-wide settings.
 *
 * @module
 */
export { getSoftPlacements, getTf32Enabled, setTf32Enabled } from "./device.ts";
export type { SoftPlacement, SoftPlacementPolicy } from "./backends/soft_placement.ts";
export { type CpuKernelsInfo, getCpuKernels } from "./backends/cpu/native.ts";
