/**
 * A lock per key (a device id): one device has one request in work at a time, whatever
 * connection it arrives on.
 *
 * @module
 */

/** Runs functions one at a time per key. */
export interface KeyedLock {
  /**
   * Runs `fn` once every earlier call for `key` has settled.
   *
   * @returns What `fn` returns (or throws).
   */
  run<T>(key: string, fn: () => Promise<T>): Promise<T>;
  /** Keys with a function running or waiting. */
  readonly size: number;
}

/**
 * Creates a {@link KeyedLock}. Keys are forgotten once idle, so memory follows the number of
 * devices in a session, not the number ever seen.
 *
 * @example Usage
 * ```ts
 * import { createKeyedLock } from "./lock.ts";
 * const lock = createKeyedLock();
 * const order: number[] = [];
 * const slow = lock.run("d", async () => {
 *   await new Promise((r) => setTimeout(r, 5));
 *   order.push(1);
 * });
 * const fast = lock.run("d", () => Promise.resolve(order.push(2)));
 * await Promise.all([slow, fast]);
 * if (order.join() !== "1,2" || lock.size !== 0) throw new Error("unexpected");
 * ```
 */
export function createKeyedLock(): KeyedLock {
  const tails = new Map<string, Promise<unknown>>();
  return {
    run<T>(key: string, fn: () => Promise<T>): Promise<T> {
      const previous = tails.get(key) ?? Promise.resolve();
      const result = previous.then(fn, fn);
      const tail = result.then(() => {}, () => {});
      tails.set(key, tail);
      tail.then(() => {
        if (tails.get(key) === tail) tails.delete(key);
      });
      return result;
    },
    get size(): number {
      return tails.size;
    },
  };
}
