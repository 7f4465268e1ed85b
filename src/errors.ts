/**
 * Typed errors, named after TensorFlow's `tf.errors`. Every message names the op and quotes the
 * bad value, shape or dtype.
 *
 * @module
 */

/** Bad input: a shape, dtype, axis, index or value that the op cannot take. */
export class InvalidArgumentError extends Error {
  /** Creates the error with a message that names the op and the bad value. */
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = "InvalidArgumentError";
  }
}

/** Memory could not be found for a tensor: the size asked for is in the message. */
export class ResourceExhaustedError extends Error {
  /** Creates the error with a message that names the op and the bytes asked for. */
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = "ResourceExhaustedError";
  }
}

/** The operation is not possible in the current state: a disposed tensor, a used tape. */
export class FailedPreconditionError extends Error {
  /** Creates the error with a message that says which state is wrong. */
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = "FailedPreconditionError";
  }
}

/** The op or dtype is not implemented on this device. */
export class UnimplementedError extends Error {
  /** Creates the error with a message that names the op and what is missing. */
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = "UnimplementedError";
  }
}

/** A native library could not be found or opened: lists what was tried and how to fix it. */
export class NativeLibraryError extends Error {
  /** The paths and names that were tried, in order. */
  readonly tried: readonly string[];
  /** Creates the error from a message, the list of tried locations and an optional cause. */
  constructor(message: string, tried: readonly string[] = [], options?: ErrorOptions) {
    super(message, options);
    this.name = "NativeLibraryError";
    this.tried = tried;
  }
}

/** A CUDA call failed: names the op, the CUDA error and its code. */
export class CudaError extends Error {
  /** The status code (a cudaError_t value, or one of dt_api.h's DT_ERR_* codes). */
  readonly code: number;
  /** Creates the error from a message and the status code. */
  constructor(message: string, code: number, options?: ErrorOptions) {
    super(message, options);
    this.name = "CudaError";
    this.code = code;
  }
}
