/**
 * `tf.config`: process-wide settings.
 *
 * @module
 */
export {
  getSoftDevicePlacement,
  getSoftPlacements,
  getTf32Enabled,
  setSoftDevicePlacement,
  setTf32Enabled,
} from "./device.ts";
export type { SoftPlacement, SoftPlacementPolicy } from "./backends/soft_placement.ts";
export { type CpuKernelsInfo, getCpuKernels } from "./backends/cpu/native.ts";
