/**
 * The CLI's expected errors and their exit codes (design.md section 6): 0 done, 1 failed,
 * 2 usage or input error. An expected error becomes one line on stderr; anything else is a bug
 * and reaches `main.ts`, which reports it as an internal error.
 *
 * @module
 */

import {
  LocalProtocolError,
  RemoteProtocolError,
  XmlLimitError,
  XmlSyntaxError,
} from "../protocol/errors.ts";
import type { CliIo } from "./io.ts";

/** Exit codes of every command. */
export const ExitCode = {
  /** The command did what was asked. */
  ok: 0,
  /** The command ran but failed (a device answered with a fault, a server was unreachable). */
  failed: 1,
  /** The command line or the input was wrong; nothing was done. */
  usage: 2,
} as const;

/**
 * The command line is wrong in a way the parser cannot see (exit 2).
 *
 * @example Usage
 * ```ts
 * import { UsageError } from "./errors.ts";
 * const e = new UsageError("no input: give FILE, or pipe a body to stdin");
 * if (e.name !== "UsageError") throw new Error("unexpected");
 * ```
 */
export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "UsageError";
  }
}

/**
 * The input (a file, stdin) cannot be used (exit 2), with its position when known.
 *
 * @example Usage
 * ```ts
 * import { InputError } from "./errors.ts";
 * const e = new InputError("Cannot parse XML: unclosed tag", { line: 3, column: 7 });
 * if (e.describe() !== "line 3, column 7: Cannot parse XML: unclosed tag") {
 *   throw new Error("unexpected");
 * }
 * ```
 */
export class InputError extends Error {
  /** 1-based line of the problem, when known. */
  readonly line: number | undefined;
  /** 1-based column of the problem, when known. */
  readonly column: number | undefined;

  constructor(message: string, position?: { line: number; column: number }) {
    super(message);
    this.name = "InputError";
    this.line = position?.line;
    this.column = position?.column;
  }

  /** The message with its position in front, as the user reads it. */
  describe(): string {
    if (this.line === undefined || this.column === undefined) return this.message;
    return `line ${this.line}, column ${this.column}: ${this.message}`;
  }
}

/**
 * The {@link InputError} for an error the protocol core raised about input, or undefined for
 * any other error (which is then a bug, not the user's input).
 *
 * @param error What the protocol core threw.
 * @returns The input error to report, keeping the XML position when there is one.
 */
export function inputErrorOf(error: unknown): InputError | undefined {
  if (error instanceof XmlSyntaxError) {
    // The protocol message ends with its own "(line L, column C)"; the CLI puts it in front.
    const suffix = ` (line ${error.line}, column ${error.column})`;
    const message = error.message.endsWith(suffix)
      ? error.message.slice(0, -suffix.length)
      : error.message;
    return new InputError(message, { line: error.line, column: error.column });
  }
  if (
    error instanceof XmlLimitError || error instanceof RemoteProtocolError ||
    error instanceof LocalProtocolError
  ) {
    return new InputError(error.message);
  }
  return undefined;
}

/** Options of {@link reportError}. */
export interface ReportErrorOptions {
  /** The command's full name as typed, e.g. `decode` or `acs serve`. */
  command: string;
  io: CliIo;
}

/**
 * Writes an expected error as one line, `cwmp <command>: <message>`, and returns its exit code.
 *
 * @param error What the command threw.
 * @param options The command name and the IO to write to.
 * @returns The exit code for the error.
 * @throws {unknown} `error` itself, when it is not an expected CLI error.
 */
export function reportError(error: unknown, options: ReportErrorOptions): number {
  const detail = error instanceof InputError
    ? error.describe()
    : error instanceof UsageError
    ? error.message
    : undefined;
  if (detail === undefined) throw error;
  options.io.stderr.write(`cwmp ${options.command}: ${oneLine(detail)}\n`);
  return ExitCode.usage;
}

/**
 * The report of an unexpected error: one line, plus the stack only when debugging.
 *
 * @param error The error that escaped every command.
 * @param options `debug` adds the stack trace (set by `CWMP_DEBUG=1`).
 * @returns The text to write to stderr, ending in a newline.
 *
 * @example Usage
 * ```ts
 * import { formatInternalError } from "./errors.ts";
 * const text = formatInternalError(new Error("boom"), { debug: false });
 * if (text !== "cwmp: internal error: boom\n") throw new Error("unexpected");
 * ```
 */
export function formatInternalError(error: unknown, options: { debug: boolean }): string {
  const message = error instanceof Error ? error.message : String(error);
  const line = `cwmp: internal error: ${oneLine(message)}\n`;
  if (!options.debug || !(error instanceof Error) || error.stack === undefined) return line;
  return `${line}${error.stack}\n`;
}

/** Collapses a message onto one line, so every diagnostic is exactly one line. */
export function oneLine(text: string): string {
  return text.trim().replace(/\s*\n\s*/g, " ");
}
