/**
 * When the agent next has something to do: the periodic Inform (PeriodicInformInterval aligned
 * to PeriodicInformTime), ScheduleInform's one-time Informs, delayed transfers and the retry
 * of a failed session. Pure: the agent's loop sleeps until {@link nextWake}.
 *
 * @module
 */

import { UNKNOWN_TIME } from "../protocol/rpc/values.ts";
import type { AgentState } from "./state.ts";

/** The ManagementServer settings of the periodic Inform. */
export interface PeriodicSettings {
  /** PeriodicInformEnable. */
  enabled: boolean;
  /** PeriodicInformInterval in seconds (at least 1). */
  intervalSeconds: number;
  /** PeriodicInformTime as a dateTime; the Unknown Time or "" lets the agent choose. */
  periodicInformTime: string;
}

/**
 * The time of the next periodic Inform strictly after `now`: PeriodicInformTime plus a whole
 * number of intervals, or, when PeriodicInformTime is unknown, `origin` (the agent's start)
 * plus a whole number of intervals.
 *
 * @param now The time, ms since the epoch.
 * @param settings The ManagementServer settings.
 * @param origin The reference when PeriodicInformTime is unknown.
 * @returns The time in ms, or undefined when periodic Informs are disabled.
 *
 * @example Aligned to the full hour
 * ```ts
 * import { nextPeriodicInform } from "./scheduler.ts";
 * const now = Date.UTC(2026, 0, 1, 10, 20);
 * const next = nextPeriodicInform(now, {
 *   enabled: true,
 *   intervalSeconds: 3600,
 *   periodicInformTime: "2000-01-01T00:00:00Z",
 * }, now);
 * if (next !== Date.UTC(2026, 0, 1, 11, 0)) throw new Error("unexpected");
 * ```
 * @see TR-069 Issue 1, 3.2.1 and B.2 (ManagementServer.PeriodicInformInterval/Time)
 */
export function nextPeriodicInform(
  now: number,
  settings: PeriodicSettings,
  origin: number,
): number | undefined {
  if (!settings.enabled || !(settings.intervalSeconds >= 1)) return undefined;
  const interval = settings.intervalSeconds * 1000;
  const time = settings.periodicInformTime;
  const parsed = time === "" || time === UNKNOWN_TIME ? NaN : Date.parse(time);
  const base = Number.isFinite(parsed) ? parsed : origin;
  const steps = Math.floor((now - base) / interval) + 1;
  return base + steps * interval;
}

/** What {@link nextWake} considers besides the state. */
export interface WakeInputs {
  /** The next periodic Inform, if any. */
  periodicAt: number | undefined;
  /** When a failed session may be retried, if one failed. */
  retryAt: number | undefined;
}

/**
 * The earliest time something is due: a scheduled Inform, a delayed transfer, the periodic
 * Inform or the retry.
 *
 * @param state The durable state.
 * @param inputs The periodic and retry times.
 * @returns The time in ms, or undefined when nothing is planned.
 *
 * @example Usage
 * ```ts
 * import { nextWake } from "./scheduler.ts";
 * import { initialState } from "./state.ts";
 * const state = { ...initialState("/cr"), scheduledInforms: [{ at: 50, commandKey: "k" }] };
 * if (nextWake(state, { periodicAt: 100, retryAt: undefined }) !== 50) throw new Error("x");
 * ```
 */
export function nextWake(state: AgentState, inputs: WakeInputs): number | undefined {
  const times = [
    ...state.scheduledInforms.map((s) => s.at),
    ...state.transfers.filter((t) => t.state === 1).map((t) => t.notBefore),
    inputs.periodicAt,
    inputs.retryAt,
  ].filter((t): t is number => t !== undefined);
  return times.length === 0 ? undefined : Math.min(...times);
}
