/**
 * Counters of the CWMP side, kept in memory by the ACS process and shown by `GET /metrics`:
 * sessions started and ended, sessions refused with 503 (load shedding), messages sent by
 * method, faults received by code, and a histogram of session durations.
 *
 * @module
 */

import type { SessionEnd } from "../db/schema/sessions.ts";

/** Upper bounds of the session duration histogram, in seconds. */
export const SESSION_DURATION_BUCKETS: readonly number[] = [
  0.005,
  0.01,
  0.025,
  0.05,
  0.1,
  0.25,
  0.5,
  1,
  2.5,
  5,
  10,
  30,
  60,
];

/** Shortest time between two log lines about shed sessions. */
export const SHED_LOG_INTERVAL_MS = 10_000;

/** What the counters hold at one moment. */
export interface MetricsSnapshot {
  sessionsStarted: number;
  /** By how they ended. */
  sessionsEnded: Record<string, number>;
  /** Sessions started and not ended. */
  sessionsInProgress: number;
  /** New sessions refused with 503 because too many were in progress. */
  sessionsShed: number;
  /** ACS messages sent, by method (requests and the answers to the CPE's requests). */
  messagesSent: Record<string, number>;
  /** CWMP faults the CPEs answered with, by fault code. */
  faultsReceived: Record<string, number>;
  /** Cumulative counts per bucket of {@link SESSION_DURATION_BUCKETS}, then +Inf. */
  durationBuckets: number[];
  durationSumSeconds: number;
  durationCount: number;
}

/** The counters the CWMP side increments (pass one to `createAcsApp({ metrics })`). */
export interface AcsMetrics {
  /** A session opened (its Inform was accepted). */
  sessionStarted(sessionId: string, now: number): void;
  /** A session ended; its duration is observed if its start was seen. */
  sessionEnded(sessionId: string, end: SessionEnd, now: number): void;
  /**
   * A new session was refused with 503 (load shedding). Counted always; told to `log` at most
   * once per {@link SHED_LOG_INTERVAL_MS}, as the number shed since the previous line (so a
   * storm writes one line per 10 s, not one per refusal, and no timer runs). Sheds after the
   * last line of a storm are in the counter, not in the log.
   */
  sessionShed(now: number, report: { inProgress: number; log: (line: string) => void }): void;
  /** The ACS sent a message (a request, or an answer to the CPE). */
  messageSent(method: string): void;
  /** A CPE answered with a CWMP fault. */
  faultReceived(code: number): void;
  /** The counters now. */
  snapshot(): MetricsSnapshot;
}

/**
 * Creates a set of counters, all zero.
 *
 * @returns The counters.
 *
 * @example Usage
 * ```ts
 * import { createAcsMetrics } from "./metrics_registry.ts";
 * const metrics = createAcsMetrics();
 * metrics.sessionStarted("s1", 0);
 * metrics.messageSent("InformResponse");
 * metrics.sessionEnded("s1", "completed", 40);
 * const lines: string[] = [];
 * metrics.sessionShed(50, { inProgress: 2000, log: (line) => lines.push(line) });
 * metrics.sessionShed(60, { inProgress: 2000, log: (line) => lines.push(line) });
 * const snap = metrics.snapshot();
 * if (snap.sessionsEnded["completed"] !== 1 || snap.durationSumSeconds !== 0.04) {
 *   throw new Error("unexpected");
 * }
 * if (snap.sessionsShed !== 2 || lines.join() !== "shed 1 session in the last 10 s: 2000 in progress") {
 *   throw new Error(lines.join());
 * }
 * ```
 */
export function createAcsMetrics(): AcsMetrics {
  const started = new Map<string, number>();
  let sessionsStarted = 0;
  const sessionsEnded = new Map<string, number>();
  const messagesSent = new Map<string, number>();
  const faultsReceived = new Map<string, number>();
  const buckets = new Array<number>(SESSION_DURATION_BUCKETS.length + 1).fill(0);
  let durationSum = 0;
  let durationCount = 0;
  let shed = 0;
  let shedUnlogged = 0;
  let shedLoggedAt: number | undefined;
  const bump = (map: Map<string, number>, key: string): void => {
    map.set(key, (map.get(key) ?? 0) + 1);
  };
  return {
    sessionStarted(sessionId, now): void {
      sessionsStarted++;
      started.set(sessionId, now);
    },
    sessionEnded(sessionId, end, now): void {
      bump(sessionsEnded, end);
      const start = started.get(sessionId);
      if (start === undefined) return;
      started.delete(sessionId);
      const seconds = Math.max(0, now - start) / 1000;
      durationSum += seconds;
      durationCount++;
      const found = SESSION_DURATION_BUCKETS.findIndex((bound) => seconds <= bound);
      const index = found === -1 ? SESSION_DURATION_BUCKETS.length : found;
      buckets[index] = (buckets[index] ?? 0) + 1;
    },
    sessionShed(now, report): void {
      shed++;
      shedUnlogged++;
      if (shedLoggedAt !== undefined && now - shedLoggedAt < SHED_LOG_INTERVAL_MS) return;
      const seconds = shedLoggedAt === undefined
        ? SHED_LOG_INTERVAL_MS / 1000
        : Math.round((now - shedLoggedAt) / 1000);
      report.log(
        `shed ${shedUnlogged} session${shedUnlogged === 1 ? "" : "s"} in the last ${seconds} s: ` +
          `${report.inProgress} in progress`,
      );
      shedUnlogged = 0;
      shedLoggedAt = now;
    },
    messageSent(method): void {
      bump(messagesSent, method);
    },
    faultReceived(code): void {
      bump(faultsReceived, String(code));
    },
    snapshot(): MetricsSnapshot {
      let cumulative = 0;
      return {
        sessionsStarted,
        sessionsEnded: Object.fromEntries(sessionsEnded),
        sessionsInProgress: started.size,
        sessionsShed: shed,
        messagesSent: Object.fromEntries(messagesSent),
        faultsReceived: Object.fromEntries(faultsReceived),
        durationBuckets: buckets.map((n) => (cumulative += n)),
        durationSumSeconds: durationSum,
        durationCount,
      };
    },
  };
}
