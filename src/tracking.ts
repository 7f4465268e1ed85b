/**
 * Internal: the walk that finds what an object tracks, shared by Keras layers and models and by
 * `tf.Module`. From the root, it visits the values of public fields (own enumerable properties:
 * `#private` fields and getters are not walked), the elements of arrays and, in containers
 * that ask for it (modules), the values of plain records (`{ w, b }`), depth first in field
 * order; each object once. It
 * descends into containers (what `isContainer` says: layers, models, modules) and collects the
 * Variables it meets, each with the attribute path that reached it first (`dense/kernel`,
 * `layers/0/bias`). Other class instances (tensors, optimizers, Maps) are leaves it ignores.
 *
 * @module
 */
import { Variable } from "./variable.ts";

/** A Variable found by `track`, with where it was found. */
export interface TrackedVariable {
  /** The attribute path that reached it first, `/`-separated (`dense/kernel`, `w/0`). */
  readonly path: string;
  /** The variable. */
  readonly variable: Variable;
  /**
   * False when a container on that path has `trainable === false` (a frozen Keras layer); the
   * variable's own `trainable` flag is not part of it.
   */
  readonly trainable: boolean;
}

/** A container found by `track` below the root, with the path that reached it first. */
export interface TrackedContainer {
  /** The attribute path that reached it first. */
  readonly path: string;
  /** The container (a layer, model or module). */
  readonly container: object;
}

/** What `track` finds below a root. */
export interface Tracked {
  /** The variables, in the order the walk met them. */
  readonly variables: TrackedVariable[];
  /** The containers below the root (the root excluded), in the order the walk met them. */
  readonly containers: TrackedContainer[];
}

/** How `track` walks. */
export interface TrackOptions {
  /** Whether the walk descends into this object's public fields (a layer, model or module). */
  readonly isContainer: (value: object) => boolean;
  /**
   * Whether the walk also descends into plain records (objects whose prototype is
   * Object.prototype or null) held by this container, in its fields, arrays and records
   * (default: never). Each container's own rule applies below it.
   */
  readonly records?: (container: object) => boolean;
}

/** The marker a `tf.Module` carries, so that walkers that cannot import it recognise it. */
export const MODULE: unique symbol = Symbol("denotensor.Module");

/** Whether `value` is a `tf.Module` (it carries the `MODULE` marker). */
export function isModule(value: object): boolean {
  return (value as { [MODULE]?: unknown })[MODULE] === true;
}

function isRecord(value: object): boolean {
  const proto = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

/** Walks `root` (a container) and returns the variables and containers it tracks. */
export function track(root: object, options: TrackOptions): Tracked {
  const variables: TrackedVariable[] = [];
  const containers: TrackedContainer[] = [];
  const seen = new Set<unknown>();
  const fields = (value: object, path: string, trainable: boolean, records: boolean): void => {
    for (const [k, v] of Object.entries(value)) {
      visit(v, path ? `${path}/${k}` : k, trainable, records);
    }
  };
  const visit = (value: unknown, path: string, trainable: boolean, records: boolean): void => {
    if (value === null || typeof value !== "object" || seen.has(value)) return;
    seen.add(value);
    if (value instanceof Variable) variables.push({ path, variable: value, trainable });
    else if (options.isContainer(value)) {
      if (value !== root) containers.push({ path, container: value });
      const t = trainable && (value as { trainable?: unknown }).trainable !== false;
      fields(value, path, t, options.records?.(value) ?? false);
    } else if (Array.isArray(value)) {
      value.forEach((v, i) => visit(v, `${path}/${i}`, trainable, records));
    } else if (records && isRecord(value)) fields(value, path, trainable, records);
  };
  visit(root, "", true, false);
  return { variables, containers };
}
