/**
 * What every command module shares: the context its registration receives, the wrapper that
 * turns its `run()` into an exit code, and the EXAMPLES section of its help.
 *
 * @module
 */

import { reportError } from "./errors.ts";
import type { CliIo } from "./io.ts";

/** Given to each command's register function by `runCli`. */
export interface CommandContext {
  readonly io: CliIo;
  /** Records the exit code of the command that ran. */
  setExitCode(code: number): void;
}

/** Options of {@link runAction}. */
export interface RunActionOptions {
  /** The command's full name, for diagnostics: `decode`, `acs serve`. */
  command: string;
  context: CommandContext;
}

/**
 * Runs a command's `run()` and records its exit code; an expected error (usage, input) becomes
 * one line on stderr and exit 2. Anything else propagates as a bug.
 *
 * @param run The command's work.
 * @param options The command name and context.
 */
export async function runAction(
  run: () => Promise<number>,
  options: RunActionOptions,
): Promise<void> {
  const { context } = options;
  try {
    context.setExitCode(await run());
  } catch (error) {
    context.setExitCode(reportError(error, { command: options.command, io: context.io }));
  }
}

/** One worked example in a command's help. */
export interface HelpExample {
  /** The command line, without a prompt. */
  command: string;
  /** What it does. */
  description: string;
}

/**
 * The EXAMPLES section appended to a command's help.
 *
 * @param examples The examples, in the order shown.
 * @returns Help text starting with a blank line.
 *
 * @example Usage
 * ```ts
 * import { examplesHelp } from "./command.ts";
 * const text = examplesHelp([{ command: "cwmp decode a.xml", description: "Decode a file" }]);
 * if (!text.includes("EXAMPLES:\n  # Decode a file\n  cwmp decode a.xml")) throw new Error("unexpected");
 * ```
 */
export function examplesHelp(examples: readonly HelpExample[]): string {
  const blocks = examples.map((e) => `  # ${e.description}\n  ${e.command}`);
  return `\nEXAMPLES:\n${blocks.join("\n\n")}`;
}
