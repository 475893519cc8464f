/**
 * The session retry policy: after a failed session the agent waits a random time from a window
 * that starts at 5-10 s and doubles with each failure in a row (the table of the later TR-069
 * amendments: CWMPRetryMinimumWaitInterval 5 s, CWMPRetryIntervalMultiplier 2000), up to an
 * upper bound of about 10 240 s.
 *
 * @module
 */

/** Options of {@link retryDelayMs}. */
export interface RetryPolicy {
  /** Lower end of the first window in seconds (default 5). */
  minWaitSeconds?: number;
  /** Window growth per failure, in thousandths (default 2000: doubling). */
  multiplier?: number;
  /** Upper end of the largest window in seconds (default 10 240). */
  maxWaitSeconds?: number;
}

/**
 * How long to wait before the next attempt after `failures` failed sessions in a row: a
 * uniformly random time in `[m * k^(n-1), m * k^n]` seconds, with `m` the minimum wait, `k`
 * the multiplier / 1000 and `n` the failure count; once `m * k^n` would pass the maximum, the
 * last window below it repeats (5 120-10 240 s with the defaults).
 *
 * @param failures Failed sessions in a row (1 for the first retry); 0 or less means no wait.
 * @param random A uniform random number in [0, 1).
 * @param policy The window's parameters.
 * @returns The wait in ms.
 *
 * @example The first and the tenth retry
 * ```ts
 * import { retryDelayMs } from "./retry.ts";
 * if (retryDelayMs(1, () => 0) !== 5_000 || retryDelayMs(1, () => 0.999) >= 10_000) {
 *   throw new Error("unexpected");
 * }
 * if (retryDelayMs(10, () => 0) !== 2_560_000) throw new Error("unexpected");
 * if (retryDelayMs(40, () => 0) !== 5_120_000) throw new Error("unexpected");
 * ```
 * @see TR-069 Issue 1, A.5.3 (exponential back-off) and 3.7.1.4 (reestablishing a session)
 */
export function retryDelayMs(
  failures: number,
  random: () => number,
  policy: RetryPolicy = {},
): number {
  if (failures <= 0) return 0;
  const m = policy.minWaitSeconds ?? 5;
  const k = (policy.multiplier ?? 2000) / 1000;
  const max = policy.maxWaitSeconds ?? 10_240;
  // Past the cap the last whole window repeats, so the wait keeps its jitter.
  let n = Math.min(failures, 64);
  while (n > 1 && m * k ** n > max) n--;
  const low = Math.min(m * k ** (n - 1), max);
  const high = Math.min(m * k ** n, max);
  return Math.round((low + (high - low) * random()) * 1000);
}
