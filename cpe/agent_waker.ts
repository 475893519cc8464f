/**
 * The agent's sleep: until a time, an event (a Connection Request, an active value change) or
 * the stop signal, whichever comes first.
 *
 * @module
 */

// setTimeout's largest delay; longer waits are cut into pieces by the loop.
const MAX_DELAY_MS = 2 ** 31 - 1;

/**
 * Sleeps and wakes.
 *
 * @example Usage
 * ```ts
 * import { Waker } from "./agent_waker.ts";
 * const waker = new Waker();
 * const sleeping = waker.sleep(60_000, new AbortController().signal);
 * waker.wake();
 * await sleeping;
 * ```
 */
export class Waker {
  #wake: (() => void) | undefined;
  #pending = false;

  /** Ends the current sleep, or the next one at once if none is in progress. */
  wake(): void {
    if (this.#wake === undefined) this.#pending = true;
    else this.#wake();
  }

  /**
   * Sleeps `ms` milliseconds (forever when undefined) unless woken or `signal` aborts.
   *
   * @param ms How long; 0 or less returns at once.
   * @param signal Ends the sleep when aborted.
   */
  async sleep(ms: number | undefined, signal: AbortSignal): Promise<void> {
    if (this.#pending || signal.aborted || (ms !== undefined && ms <= 0)) {
      this.#pending = false;
      return;
    }
    const { promise, resolve } = Promise.withResolvers<void>();
    const timer = setTimeout(resolve, Math.min(ms ?? MAX_DELAY_MS, MAX_DELAY_MS));
    const onAbort = (): void => resolve();
    this.#wake = resolve;
    signal.addEventListener("abort", onAbort, { once: true });
    try {
      await promise;
    } finally {
      clearTimeout(timer);
      // A long-running agent sleeps many times on one signal: leave no listener behind.
      signal.removeEventListener("abort", onAbort);
      this.#wake = undefined;
    }
  }
}
