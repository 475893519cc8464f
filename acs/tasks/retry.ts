/**
 * Retrying a task the CPE answered with a fault: exponential back-off up to the task's
 * maximum number of attempts, then `faulted`.
 *
 * @module
 */

import type { FaultOutcome } from "../store/types.ts";

/** How faulted tasks are retried. */
export interface RetryPolicy {
  /** Delay before the second attempt, in ms; each further attempt doubles it. */
  baseMs: number;
  /** The longest delay, in ms. */
  maxMs: number;
}

/** One minute, doubling, at most one day. */
export const DEFAULT_RETRY_POLICY: RetryPolicy = { baseMs: 60_000, maxMs: 86_400_000 };

/**
 * What becomes of a task after a fault on its `attempts`-th send: `pending` again, not before
 * `now + baseMs * 2^(attempts - 1)` (capped at `maxMs`), or `faulted` once `attempts` reaches
 * `maxAttempts`.
 *
 * @param task The task's sends so far (this one included) and its limit.
 * @param now The time of the fault, in ms since the epoch.
 * @param policy Base delay and cap.
 * @returns The task's next state.
 *
 * @example Usage
 * ```ts
 * import { faultOutcome } from "./retry.ts";
 * const policy = { baseMs: 1000, maxMs: 60_000 };
 * const third = faultOutcome({ attempts: 3, maxAttempts: 5 }, 0, policy);
 * if (third.state !== "pending" || third.notBefore.getTime() !== 4000) throw new Error("unexpected");
 * if (faultOutcome({ attempts: 5, maxAttempts: 5 }, 0, policy).state !== "faulted") {
 *   throw new Error("unexpected");
 * }
 * ```
 * @see TR-069 Issue 1, A.5 Fault Handling
 */
export function faultOutcome(
  task: { attempts: number; maxAttempts: number },
  now: number,
  policy: RetryPolicy,
): FaultOutcome {
  if (task.attempts >= task.maxAttempts) return { state: "faulted" };
  const exponent = Math.max(0, task.attempts - 1);
  const delay = Math.min(policy.maxMs, policy.baseMs * 2 ** exponent);
  return { state: "pending", notBefore: new Date(now + delay) };
}
