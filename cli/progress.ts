/**
 * A one-line progress display on stderr (a spinner and the seconds waited) for long waits,
 * shown only when stderr is a terminal so that logs and pipes stay clean.
 *
 * @module
 */

import type { CliIo } from "./io.ts";

/** A running progress display. */
export interface Progress {
  /** Erases the line and stops updating it. */
  stop(): void;
}

/** Options of {@link startProgress}. */
export interface ProgressOptions {
  /** Milliseconds since the epoch. */
  now(): number;
  /** Milliseconds between updates (default 100). */
  intervalMs?: number;
}

const FRAMES = ["|", "/", "-", "\\"];
// Carriage return, then erase to the end of the line: no colour, so NO_COLOR does not apply.
const ERASE = "\r\x1b[K";

/**
 * The text of one update: `| waiting for X (3 s)`.
 *
 * @param label What is being waited for.
 * @param elapsedMs Milliseconds since the wait began.
 * @param frame The update's number, which picks the spinner's frame.
 * @returns The line, without a line break.
 *
 * @example Usage
 * ```ts
 * import { progressLine } from "./progress.ts";
 * if (progressLine("waiting for GW-1", 3400, 1) !== "/ waiting for GW-1 (3 s)") {
 *   throw new Error("unexpected");
 * }
 * ```
 */
export function progressLine(label: string, elapsedMs: number, frame: number): string {
  return `${FRAMES[frame % FRAMES.length]} ${label} (${Math.floor(elapsedMs / 1000)} s)`;
}

/**
 * Starts a progress display, or nothing when stderr is not a terminal.
 *
 * @param io Where to draw, and whether it is a terminal.
 * @param label What is being waited for.
 * @param options The clock and the update interval.
 * @returns The display, to stop when the wait ends.
 */
export function startProgress(io: CliIo, label: string, options: ProgressOptions): Progress {
  if (!io.isTerminal.stderr) return { stop: (): void => {} };
  const started = options.now();
  let frame = 0;
  const draw = (): void => {
    io.stderr.write(`${ERASE}${progressLine(label, options.now() - started, frame++)}`);
  };
  draw();
  const timer = setInterval(draw, options.intervalMs ?? 100);
  return {
    stop(): void {
      clearInterval(timer);
      io.stderr.write(ERASE);
    },
  };
}
