/**
 * The agent's log: each line goes to the configured sink and into a buffer of recent lines,
 * which Upload sends as the vendor log file. The vendor configuration file is made here too.
 *
 * @module
 */

import type { AgentLog, CpeDevice } from "./agent_types.ts";
import type { UploadContent, UploadKind } from "./transfers/upload.ts";

/**
 * Recent log lines.
 *
 * @example Usage
 * ```ts
 * import { AgentLogBuffer } from "./agent_log.ts";
 * const seen: string[] = [];
 * const logs = new AgentLogBuffer(2, (line) => seen.push(line), () => 0);
 * logs.log("a");
 * logs.log("b");
 * logs.log("c");
 * if (seen.length !== 3 || logs.lines().length !== 2) throw new Error("unexpected");
 * ```
 */
export class AgentLogBuffer {
  readonly #max: number;
  readonly #sink: AgentLog;
  readonly #now: () => number;
  readonly #lines: string[] = [];

  constructor(max: number, sink: AgentLog, now: () => number) {
    this.#max = max;
    this.#sink = sink;
    this.#now = now;
  }

  /** Logs one line (bound, so it can be passed around). */
  readonly log = (line: string): void => {
    this.#lines.push(`${new Date(this.#now()).toISOString()} ${line}`);
    if (this.#lines.length > this.#max) this.#lines.splice(0, this.#lines.length - this.#max);
    this.#sink(line);
  };

  /** The buffered lines, oldest first, each with its time. */
  lines(): string[] {
    return [...this.#lines];
  }

  /**
   * The content of an Upload: the log lines, or the configuration export (identity, model
   * snapshot and time) as JSON. The export leaves out hidden values (passwords, keys) as
   * GetParameterValues does, so an upload reveals no more than the ACS may read.
   *
   * @param kind Which file.
   * @param device The model.
   * @returns Body and content type.
   */
  uploadContent(kind: UploadKind, device: CpeDevice): UploadContent {
    if (kind === "log") {
      const text = this.#lines.join("\n") + (this.#lines.length > 0 ? "\n" : "");
      return { body: new TextEncoder().encode(text), contentType: "text/plain; charset=utf-8" };
    }
    const exported = {
      format: "cwmp-cpe-configuration",
      version: 1,
      exportedAt: new Date(this.#now()).toISOString(),
      identity: device.deviceId(),
      model: device.exportSnapshot(),
    };
    return {
      body: new TextEncoder().encode(JSON.stringify(exported, null, 2) + "\n"),
      contentType: "application/json",
    };
  }
}
