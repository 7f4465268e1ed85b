/**
 * The index ops whose GPU kernels check their indices and set the bounds flag, and the message a
 * set flag becomes. The flag holds the first offending value and the valid range's length; which
 * op set it is known here, from the ops launched since the flag was last read.
 *
 * gatherNd, scatterNd and the sparse cross-entropy reach the kernels with one flat row per index
 * vector (label), and an entry that is out of range as row `-(r + 1)`, so the flag names it.
 */

import { formatShape } from "../../format.ts";
import type { IndexCheck } from "../backend.ts";

interface Launches {
  count: number;
  /** The first launch, described in the message when it is the only one. */
  first: IndexCheck;
}

/** The flag-setting launches since the flag was last read. */
export class BoundsChecks {
  #pending = new Map<string, Launches>();

  /** Notes a launch. */
  launched(check: IndexCheck): void {
    const seen = this.#pending.get(check.op);
    if (seen === undefined) this.#pending.set(check.op, { count: 1, first: check });
    else seen.count++;
  }

  /** Forgets the launches: the flag has been read and was clear. */
  clear(): void {
    this.#pending.clear();
  }

  /**
   * The message of a set flag (`value`, `range`), naming the op and saying whether it was found
   * at this op (`sync`) or at a later synchronisation; forgets the launches.
   */
  message(value: number, range: number, sync: boolean): string {
    const launches = [...this.#pending.values()];
    const count = launches.reduce((a, b) => a + b.count, 0);
    const only = count === 1 ? launches[0].first : null;
    this.#pending.clear();
    const names = launches.length === 0
      ? ["gather", "scatterAdd"]
      : launches.map((l) => l.first.op);
    const list = names.length === 1
      ? names[0]
      : `${names.slice(0, -1).join(", ")} or ${names[names.length - 1]}`;
    const where = sync && only !== null
      ? `found by the GPU kernel of this ${list}`
      : `found by the GPU kernel of an earlier ${list}; run with DENOTENSOR_SYNC=1 to fail at ` +
        "that op";
    const rowCoded = launches.length > 0 && launches.every((l) => l.first.row !== undefined);
    const what = rowCoded && value < 0
      ? only !== null ? only.row!(-value - 1) : `the entry at row ${-value - 1} is out of range`
      : `index ${value} is out of range [0, ${range})${
        only === null ? "" : ` in indices ${formatShape(only.indices)}`
      }`;
    return `${names.join("/")}: ${what} (${where})`;
  }
}
