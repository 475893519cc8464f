/**
 * The simulator's counters: devices started and online, sessions, failures and retries (the
 * ACS's 503s of load shedding apart from other failures), the events the Informs carried, and session latency in a fixed log-scale histogram (constant
 * memory however many sessions run; percentiles within about 2 %).
 *
 * @module
 */

import type { AgentSessionOutcome } from "../agent.ts";

// Bucket i holds latencies in [GROWTH^(i-1), GROWTH^i) ms; bucket 0 holds those under 1 ms.
const GROWTH = 1.02;
const BUCKETS = 1200; // up to GROWTH^1200 ms, about 20 000 000 s: every real latency.

/** Session latency percentiles in ms (0 before any session). */
export interface LatencySummary {
  p50: number;
  p99: number;
  max: number;
}

/** What happened between a {@link SimulationStats.mark} and now (for measurement windows). */
export interface SimulationWindow {
  /** Sessions that ended cleanly in the window. */
  sessions: number;
  /** Failed sessions in the window, and the 503s among them. */
  faults: number;
  refused: number;
  /** Latency of the window's clean sessions (max: the upper bound of the highest bucket). */
  latencyMs: LatencySummary;
}

/** The counters at one moment, to measure a window from. */
export interface StatsMark {
  readonly sessions: number;
  readonly faults: number;
  readonly refused: number;
  readonly histogram: Uint32Array;
}

/** The counters at one moment, as the JSON summary and the display use them. */
export interface SimulationSnapshot {
  /** Agents created so far. */
  devices: number;
  /** Agents whose first session succeeded and which still run. */
  online: number;
  /** Sessions that ended cleanly. */
  sessions: number;
  /** Sessions that failed (HTTP error, 503, timeout, SOAP fault of the ACS), 503s included. */
  faults: number;
  /** Sessions that were retries after a failure, those after a 503 included. */
  retries: number;
  /** Of {@link faults}: sessions the ACS refused with HTTP 503 (it was full). */
  refused: number;
  /** Of {@link retries}: retries after a 503 (whatever their own outcome). */
  refusedRetries: number;
  /** Connection Requests the shared listener accepted. */
  connectionRequests: number;
  /** Event codes of the Informs of successful sessions, with counts. */
  events: Record<string, number>;
  /**
   * Why sessions failed, with counts: the reason with its numbers replaced by `N` (so one
   * kind of failure is one key), at most 16 kinds, the rest counted under `other`.
   */
  failureReasons: Record<string, number>;
  latencyMs: LatencySummary;
}

const MAX_REASONS = 16;

/**
 * Counts what the simulated agents do.
 *
 * @example Usage
 * ```ts
 * import { SimulationStats } from "./stats.ts";
 * const stats = new SimulationStats();
 * stats.deviceStarted();
 * stats.session(0, { ok: true, events: [{ eventCode: "1 BOOT", commandKey: "" }], durationMs: 12, retry: false });
 * const s = stats.snapshot();
 * if (s.sessions !== 1 || s.online !== 1 || s.events["1 BOOT"] !== 1) throw new Error("unexpected");
 * ```
 */
export class SimulationStats {
  readonly #histogram = new Uint32Array(BUCKETS + 1);
  readonly #online = new Set<number>();
  // Devices whose latest session was refused with 503: their next one is a retry after a 503.
  readonly #refusedLast = new Set<number>();
  readonly #events = new Map<string, number>();
  readonly #reasons = new Map<string, number>();
  #devices = 0;
  #sessions = 0;
  #faults = 0;
  #retries = 0;
  #refused = 0;
  #refusedRetries = 0;
  #connectionRequests = 0;
  #maxMs = 0;

  /** An agent was created. */
  deviceStarted(): void {
    this.#devices++;
  }

  /** Agent `index` stopped: it is no longer online. */
  deviceStopped(index: number): void {
    this.#online.delete(index);
  }

  /** The shared listener accepted a Connection Request. */
  connectionRequest(): void {
    this.#connectionRequests++;
  }

  /** Agent `index` finished a session. */
  session(index: number, outcome: AgentSessionOutcome): void {
    if (outcome.retry) {
      this.#retries++;
      if (this.#refusedLast.has(index)) this.#refusedRetries++;
    }
    const refused = !outcome.ok && isRefusal(outcome.reason);
    if (refused) this.#refusedLast.add(index);
    else this.#refusedLast.delete(index);
    if (!outcome.ok) {
      this.#faults++;
      if (refused) this.#refused++;
      const kind = (outcome.reason ?? "unknown").replace(/\d+/g, "N").slice(0, 120);
      const key = this.#reasons.has(kind) || this.#reasons.size < MAX_REASONS ? kind : "other";
      this.#reasons.set(key, (this.#reasons.get(key) ?? 0) + 1);
      return;
    }
    this.#sessions++;
    this.#online.add(index);
    for (const event of outcome.events) {
      this.#events.set(event.eventCode, (this.#events.get(event.eventCode) ?? 0) + 1);
    }
    const ms = Math.max(0, outcome.durationMs);
    this.#maxMs = Math.max(this.#maxMs, ms);
    const bucket = bucketOf(ms);
    this.#histogram[bucket] = (this.#histogram[bucket] ?? 0) + 1;
  }

  /** The counters now, to measure a window with {@link since}. */
  mark(): StatsMark {
    return {
      sessions: this.#sessions,
      faults: this.#faults,
      refused: this.#refused,
      histogram: this.#histogram.slice(),
    };
  }

  /**
   * What happened since `mark`: session counts and latency percentiles of that window only.
   *
   * @param mark A mark of this object.
   * @returns The window's counts.
   */
  since(mark: StatsMark): SimulationWindow {
    const histogram = this.#histogram.map((n, i) => n - (mark.histogram[i] ?? 0));
    const sessions = this.#sessions - mark.sessions;
    const top = histogram.findLastIndex((n) => n > 0);
    return {
      sessions,
      faults: this.#faults - mark.faults,
      refused: this.#refused - mark.refused,
      latencyMs: {
        p50: percentile(histogram, sessions, { q: 0.5, maxMs: this.#maxMs }),
        p99: percentile(histogram, sessions, { q: 0.99, maxMs: this.#maxMs }),
        max: top < 0 ? 0 : Math.round(Math.min(GROWTH ** top, this.#maxMs) * 10) / 10,
      },
    };
  }

  /** The counters now. */
  snapshot(): SimulationSnapshot {
    return {
      devices: this.#devices,
      online: this.#online.size,
      sessions: this.#sessions,
      faults: this.#faults,
      retries: this.#retries,
      refused: this.#refused,
      refusedRetries: this.#refusedRetries,
      connectionRequests: this.#connectionRequests,
      events: Object.fromEntries([...this.#events].sort(([a], [b]) => a.localeCompare(b))),
      failureReasons: Object.fromEntries([...this.#reasons].sort(([, a], [, b]) => b - a)),
      latencyMs: {
        p50: percentile(this.#histogram, this.#sessions, { q: 0.5, maxMs: this.#maxMs }),
        p99: percentile(this.#histogram, this.#sessions, { q: 0.99, maxMs: this.#maxMs }),
        max: Math.round(this.#maxMs * 10) / 10,
      },
    };
  }
}

// The upper bound of the bucket holding the q-th of `count` samples, capped by the largest seen.
function percentile(
  histogram: Uint32Array,
  count: number,
  options: { q: number; maxMs: number },
): number {
  if (count === 0) return 0;
  const rank = Math.ceil(options.q * count);
  let seen = 0;
  for (let i = 0; i < histogram.length; i++) {
    seen += histogram[i] ?? 0;
    if (seen >= rank) return Math.round(Math.min(GROWTH ** i, options.maxMs) * 10) / 10;
  }
  return options.maxMs;
}

/**
 * Whether a failed session's reason is the ACS's 503: the agent's session client reports an
 * HTTP error status as "The ACS answered HTTP <status> <text>".
 *
 * @param reason The failure's reason.
 * @returns True for a 503.
 *
 * @example Usage
 * ```ts
 * import { isRefusal } from "./stats.ts";
 * if (!isRefusal("The ACS answered HTTP 503 Service Unavailable")) throw new Error("503");
 * if (isRefusal("The ACS answered HTTP 500 Internal Server Error")) throw new Error("500");
 * ```
 */
export function isRefusal(reason: string | undefined): boolean {
  return reason !== undefined && /\bHTTP 503\b/.test(reason);
}

function bucketOf(ms: number): number {
  if (ms < 1) return 0;
  return Math.min(BUCKETS, Math.ceil(Math.log(ms) / Math.log(GROWTH)));
}
