/**
 * The one place that renders command results: `--json` documents with a schema version
 * (style-anchors convention 14) and plain text.
 *
 * @module
 */

import type { CliIo } from "./io.ts";

/**
 * The schema version of every JSON document the CLI prints. It is bumped only when an output
 * shape changes incompatibly; it is not the CLI's version.
 */
export const JSON_OUTPUT_VERSION = 1;

/**
 * Renders a JSON document `{ "version": 1, ...payload }`, pretty-printed with a final newline.
 *
 * @param payload The document's fields besides `version`.
 * @returns The text to print.
 *
 * @example Usage
 * ```ts
 * import { formatJson } from "./output.ts";
 * const text = formatJson({ envelopes: [] });
 * if (text !== '{\n  "version": 1,\n  "envelopes": []\n}\n') throw new Error("unexpected");
 * ```
 */
export function formatJson(payload: Readonly<Record<string, unknown>>): string {
  return `${JSON.stringify({ version: JSON_OUTPUT_VERSION, ...payload }, null, 2)}\n`;
}

/**
 * Renders plain text: each line followed by a newline (nothing for no lines).
 *
 * @param lines The lines to print.
 * @returns The text to print.
 *
 * @example Usage
 * ```ts
 * import { formatText } from "./output.ts";
 * if (formatText(["a", "b"]) !== "a\nb\n" || formatText([]) !== "") throw new Error("unexpected");
 * ```
 */
export function formatText(lines: readonly string[]): string {
  return lines.map((line) => `${line}\n`).join("");
}

/** Options of {@link writeResult}. */
export interface WriteResultOptions {
  /** `--json` was given: print the JSON document instead of the text. */
  json: boolean;
  /** The plain-text rendering, used when `json` is false. */
  text: () => readonly string[];
}

/**
 * Writes a command's result to stdout as JSON or as text.
 *
 * @param io Where to write.
 * @param payload The JSON document's fields besides `version`.
 * @param options Which form, and the text form.
 */
export function writeResult(
  io: CliIo,
  payload: Readonly<Record<string, unknown>>,
  options: WriteResultOptions,
): void {
  io.stdout.write(options.json ? formatJson(payload) : formatText(options.text()));
}

/**
 * Renders rows as aligned columns under a header, two spaces apart; the last column is not
 * padded. Values on several lines are shown on one, with `\n` for each line break.
 *
 * @param header The column titles.
 * @param rows The rows, each as long as the header.
 * @returns The lines to print (the header alone when there are no rows).
 *
 * @example Usage
 * ```ts
 * import { formatTable } from "./output.ts";
 * const lines = formatTable(["PATH", "VALUE"], [["A.B", "1"], ["A.LongName", "x"]]);
 * if (lines.join("|") !== "PATH        VALUE|A.B         1|A.LongName  x") {
 *   throw new Error(lines.join("|"));
 * }
 * ```
 */
export function formatTable(
  header: readonly string[],
  rows: readonly (readonly string[])[],
): string[] {
  const cells = [header, ...rows].map((row) => row.map((cell) => cell.replace(/\r?\n/g, "\\n")));
  const widths = header.map((_, i) => Math.max(...cells.map((row) => (row[i] ?? "").length)));
  return cells.map((row) =>
    row.map((cell, i) => (i === row.length - 1 ? cell : cell.padEnd(widths[i] ?? 0))).join("  ")
      .trimEnd()
  );
}
