/**
 * Internal: the `prefetch` plan. Asynchronously iterated, it keeps up to `bufferSize` upstream
 * `next()` calls in flight: the upstream (an async generator, which serves the calls in order)
 * makes the next elements while the consumer works on the current one. Synchronously iterated,
 * there is nothing to overlap and it passes the elements through.
 *
 * @module
 */
import type { Plan } from "./pipeline.ts";
import { disposeElement, type Element } from "./structure.ts";

/** The buffer size `tf.data.AUTOTUNE` stands for. */
export const AUTOTUNE_BUFFER = 2;

/** An async iterator over `it` with up to `size` calls of `it.next()` in flight. */
function prefetching(it: AsyncIterator<Element>, size: number): AsyncIterableIterator<Element> {
  const queue: Promise<IteratorResult<Element>>[] = [];
  let ended = false;
  const fill = (): void => {
    while (!ended && queue.length < size) {
      const p = it.next();
      p.catch(() => {}); // awaited later; until then a rejection must not count as unhandled
      queue.push(p);
    }
  };
  /** Waits for the calls in flight and disposes the elements they bring (never handed out). */
  const drain = async (): Promise<void> => {
    ended = true;
    for (const p of queue.splice(0)) {
      try {
        const r = await p;
        if (!r.done) disposeElement(r.value);
      } catch {
        // The error of an element nobody asked for.
      }
    }
  };
  return {
    async next(): Promise<IteratorResult<Element>> {
      fill();
      const p = queue.shift();
      if (p === undefined) return { done: true, value: undefined };
      let r: IteratorResult<Element>;
      try {
        r = await p;
      } catch (e) {
        await drain();
        throw e;
      }
      if (r.done) {
        ended = true;
        queue.length = 0; // an async generator answers every later call with done
      } else fill();
      return r;
    },
    async return(): Promise<IteratorResult<Element>> {
      await drain();
      await it.return?.();
      return { done: true, value: undefined };
    },
    [Symbol.asyncIterator]() {
      return this;
    },
  };
}

/** The plan of `up.prefetch(bufferSize)` (0: none). */
export function prefetchPlan(up: Plan, bufferSize: number): Plan {
  if (bufferSize === 0) return up;
  return { ...up, openAsync: () => prefetching(up.openAsync(), bufferSize) };
}
