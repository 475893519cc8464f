/**
 * What the commands that talk to the ACS's northbound API share: their dependencies (fetch,
 * clock, file writes), the `--server`/`--token`/`--json` options, the client built from them
 * and the environment, and the wrapper that turns an {@link NbiError} into one line and its
 * exit code.
 *
 * @module
 */

import type { Command, CommandUnknownOpts } from "@commander-js/extra-typings";
import { type CommandContext, runAction } from "./command.ts";
import { oneLine, UsageError } from "./errors.ts";
import type { CliIo } from "./io.ts";
import {
  createNbiClient,
  DEFAULT_SERVER,
  type FetchLike,
  type NbiClient,
  NbiError,
} from "./nbi_client.ts";

/** What the API commands need besides {@link CliIo}; tests pass fakes. */
export interface NbiDeps {
  /** Sends HTTP requests (default: the global fetch). */
  fetch: FetchLike;
  /** Milliseconds since the epoch (default: Date.now). */
  now(): number;
  /** Resolves after `ms` milliseconds (default: a timer). */
  sleep(ms: number): Promise<void>;
  /** Writes a whole file (`cwmp files download`). */
  writeFile(path: string, data: Uint8Array): Promise<void>;
}

/** The real dependencies of this process. */
export function defaultNbiDeps(): NbiDeps {
  return {
    fetch: (request) => fetch(request),
    now: () => Date.now(),
    sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
    // Commands reach the file system through CliIo, which reads only; writing one downloaded
    // file is the single exception, kept here so tests can replace it.
    writeFile: (path, data) => Deno.writeFile(path, data),
  };
}

/** What every API command's context holds: the CLI's context plus {@link NbiDeps}. */
export interface NbiContext extends CommandContext {
  readonly deps: NbiDeps;
}

/** The options every API command has. */
export interface ConnectionOptions {
  server?: string;
  token?: string;
}

/**
 * Adds `--server`, `--token` and `--json` to a command.
 *
 * @param command The command being defined.
 * @returns The same command, its options typed.
 */
// The return type is left to inference: commander's typings build it from each option.
// deno-lint-ignore explicit-function-return-type
export function withConnectionOptions<A extends unknown[], O extends Record<string, unknown>>(
  command: Command<A, O>,
) {
  return command
    .option("--server <URL>", `API base URL (env CWMP_SERVER, default ${DEFAULT_SERVER})`)
    .option("--token <TOKEN>", "API bearer token (env CWMP_TOKEN; see cwmp acs token create)")
    .option("--json", 'print { "version": 1, ... } JSON instead of text');
}

/**
 * The client for a command's options: `--server`, else `CWMP_SERVER`, else the default; the
 * token from `--token`, else `CWMP_TOKEN`.
 *
 * @param opts The command's connection options.
 * @param io For the environment.
 * @param deps For fetch.
 * @returns The client.
 * @throws {NbiError} The server URL is malformed (exit 2).
 */
export function clientOf(opts: ConnectionOptions, io: CliIo, deps: NbiDeps): NbiClient {
  const server = opts.server ?? nonEmpty(io.env("CWMP_SERVER")) ?? DEFAULT_SERVER;
  const token = opts.token ?? nonEmpty(io.env("CWMP_TOKEN"));
  return createNbiClient({ fetch: deps.fetch, server, token });
}

function nonEmpty(value: string | undefined): string | undefined {
  return value === undefined || value.trim() === "" ? undefined : value.trim();
}

/**
 * Runs an API command's work: an {@link NbiError} becomes `cwmp <command>: <message>` on stderr
 * and its exit code; usage errors go the way of every command (exit 2).
 *
 * @param run The command's work, returning its exit code.
 * @param options The command's full name and context.
 */
export function runNbiAction(
  run: () => Promise<number>,
  options: { command: string; context: CommandContext },
): Promise<void> {
  return runAction(async () => {
    try {
      return await run();
    } catch (error) {
      if (!(error instanceof NbiError)) throw error;
      options.context.io.stderr.write(`cwmp ${options.command}: ${oneLine(error.message)}\n`);
      return error.exitCode;
    }
  }, options);
}

/**
 * Parses a whole number option or argument.
 *
 * @param name How the user wrote it, for the message (`--limit`).
 * @param value The text.
 * @param min The smallest value allowed.
 * @returns The number.
 * @throws {UsageError} Not a whole number from `min`.
 *
 * @example Usage
 * ```ts
 * import { wholeNumber } from "./nbi_command.ts";
 * if (wholeNumber("--limit", "20", 1) !== 20) throw new Error("unexpected");
 * ```
 */
export function wholeNumber(name: string, value: string, min: number): number {
  const n = Number(value);
  if (!/^\d+$/.test(value.trim()) || !Number.isSafeInteger(n) || n < min) {
    throw new UsageError(`invalid ${name} '${value}': expected a whole number from ${min}`);
  }
  return n;
}

/** Percent-encodes one path segment (device ids hold `-`, tags may hold anything). */
export function segment(value: string | number): string {
  return encodeURIComponent(String(value));
}

/**
 * The command group `name` (`devices`, `tasks`, ...), created on first use.
 *
 * @param program The root command.
 * @param name The group's name.
 * @param about Its one-line summary and its description.
 * @returns The group, to add subcommands to.
 */
export function commandGroup(
  program: Command,
  name: string,
  about: { summary: string; description: string },
): CommandUnknownOpts {
  return program.commands.find((c) => c.name() === name) ??
    program.command(name).summary(about.summary).description(about.description);
}
