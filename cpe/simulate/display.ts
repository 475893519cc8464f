/**
 * The simulator's live display: one line on stderr, rewritten about once a second, with the
 * devices online, sessions per second over the last tick, session latency percentiles, the
 * ACS's 503s (and the retries after them) apart from other faults (and theirs). Shown only when stderr is a terminal, so logs and pipes stay clean.
 *
 * @module
 */

import type { SimulationSnapshot } from "./stats.ts";

// Carriage return, then erase to the end of the line: no colour, so NO_COLOR does not apply.
const ERASE = "\r\x1b[K";

/**
 * The text of one update.
 *
 * @param now The counters now.
 * @param perSecond Sessions per second since the previous update.
 * @param total How many devices the simulation starts.
 * @returns The line, without a line break.
 *
 * @example Usage
 * ```ts
 * import { displayLine } from "./display.ts";
 * const line = displayLine({
 *   devices: 10, online: 9, sessions: 30, faults: 5, retries: 4, refused: 4, refusedRetries: 3,
 *   connectionRequests: 0, events: {}, failureReasons: {}, latencyMs: { p50: 12, p99: 80.5, max: 90 },
 * }, 4.25, 10);
 * const expected = "online 9/10  sessions 30 (4.3/s)  latency p50 12 ms p99 80.5 ms" +
 *   "  503s 4 (retries 3)  other faults 1 (retries 1)";
 * if (line !== expected) throw new Error(line);
 * ```
 */
export function displayLine(now: SimulationSnapshot, perSecond: number, total: number): string {
  return `online ${now.online}/${total}  sessions ${now.sessions} (${
    Math.round(perSecond * 10) / 10
  }/s)  latency p50 ${now.latencyMs.p50} ms p99 ${now.latencyMs.p99} ms` +
    `  503s ${now.refused} (retries ${now.refusedRetries})` +
    `  other faults ${now.faults - now.refused} (retries ${now.retries - now.refusedRetries})`;
}

/** Options of {@link startDisplay}. */
export interface DisplayOptions {
  /** The counters now. */
  snapshot: () => SimulationSnapshot;
  /** How many devices the simulation starts. */
  total: number;
  write: (text: string) => void;
  now: () => number;
  /** Milliseconds between updates (default 1000). */
  intervalMs?: number;
}

/** A running display. */
export interface Display {
  /** Erases the line and stops updating it. */
  stop(): void;
}

/**
 * Starts updating the line.
 *
 * @param options Where the counters come from and where the line goes.
 * @returns The display.
 *
 * @example Usage
 * ```ts
 * import { startDisplay } from "./display.ts";
 * import { SimulationStats } from "./stats.ts";
 * const stats = new SimulationStats();
 * let out = "";
 * const display = startDisplay({
 *   snapshot: () => stats.snapshot(), total: 1, write: (t) => void (out += t), now: Date.now,
 * });
 * display.stop();
 * if (!out.includes("online 0/1")) throw new Error(out);
 * ```
 */
export function startDisplay(options: DisplayOptions): Display {
  let last = { at: options.now(), sessions: options.snapshot().sessions };
  const draw = (): void => {
    const at = options.now();
    const snapshot = options.snapshot();
    const perSecond = at > last.at
      ? ((snapshot.sessions - last.sessions) * 1000) / (at - last.at)
      : 0;
    last = { at, sessions: snapshot.sessions };
    options.write(ERASE + displayLine(snapshot, perSecond, options.total));
  };
  draw();
  const timer = setInterval(draw, options.intervalMs ?? 1000);
  return {
    stop(): void {
      clearInterval(timer);
      options.write(ERASE);
    },
  };
}
