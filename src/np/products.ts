/**
 * NumPy's products in the `np` namespace: matrix products (`matmul`, `dot`, `vdot`, `inner`,
 * `tensordot`), `einsum`, and the elementwise ones (`outer`, `kron`, `cross`). `np.linalg` is
 * `./linalg/mod.ts`.
 *
 * @module
 */
export { dot, inner, matmul, tensordot, type TensordotAxes, vdot } from "./linalg.ts";
export { einsum } from "./linalg/einsum.ts";
export { cross, type CrossOptions, kron, outer } from "./linalg/elementwise_products.ts";
