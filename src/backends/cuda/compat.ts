/**
 * Whether a GPU and its driver can run the kernel library: the compute capabilities the library
 * has kernels for (`dt_kernel_archs`) against the device's, and the driver's CUDA version against
 * the runtime's. Each answer is a reason in words, or null when all is well, so that
 * `tf.listDevices()` can say why the GPU is not used and `auto` can choose the CPU.
 *
 * @module
 */

/** The kernel images of a library: PTX (0: none) and SASS, as compute capability x 10. */
export interface KernelArchs {
  /** The PTX the driver can compile for its GPU when that is this one or later (0: none). */
  ptx: number;
  /** The SASS images: each runs on GPUs of its major version with an equal or higher minor. */
  sass: number[];
}

/** A CUDA version number (13000) as text ("13.0"). */
export function cudaVersion(v: number): string {
  return `${Math.floor(v / 1000)}.${Math.floor((v % 1000) / 10)}`;
}

/**
 * Why a GPU of compute capability `major.minor` cannot run kernels of `archs` (no SASS image for
 * its major version at or below its minor, and no PTX at or below it), or null when it can.
 */
export function kernelImageProblem(
  name: string,
  major: number,
  minor: number,
  archs: KernelArchs,
): string | null {
  const cc = major * 10 + minor;
  const sass = archs.sass.some((a) => Math.floor(a / 10) === major && a % 10 <= minor);
  if (sass || (archs.ptx > 0 && cc >= archs.ptx)) return null;
  const images = [
    ...archs.sass.map((a) => `sm_${a}`),
    ...(archs.ptx > 0 ? [`PTX compute_${archs.ptx}`] : []),
  ];
  const oldest = Math.min(...archs.sass, archs.ptx > 0 ? archs.ptx : Infinity);
  return `${name} has compute capability ${major}.${minor}, and the kernel library has no image ` +
    `for it (it has ${images.join(", ") || "none"}): a GPU of compute capability ` +
    `${Math.floor(oldest / 10)}.${oldest % 10} or later is needed`;
}

/** The oldest Linux driver of each CUDA major version (NVIDIA's release notes, minor compat). */
const MIN_DRIVER: Record<number, string> = { 11: "450", 12: "525", 13: "580" };

/**
 * The message for a driver older than the runtime the library was built with: the CUDA version
 * each supports, and the two ways out.
 */
export function oldDriverMessage(driver: number, runtime: number): string {
  const major = Math.floor(runtime / 1000);
  const min = MIN_DRIVER[major];
  const have = driver > 0 ? `driver ${cudaVersion(driver)}` : "the NVIDIA driver";
  return `${have} is older than the CUDA ${cudaVersion(runtime)} runtime these kernels were ` +
    `built with; update the driver${min !== undefined ? ` (≥ ${min})` : ""} or rebuild the ` +
    `kernels with the CUDA version of your driver`;
}
