/**
 * `cwmp acs serve [--listen [HOST:]PORT] [--db URL]`: run the ACS until SIGINT or SIGTERM.
 *
 * @module
 */

import type { Command, CommandUnknownOpts } from "@commander-js/extra-typings";
import { DbUrlError } from "../../acs/db/client.ts";
import type { LogLevel } from "../../acs/app.ts";
import { ListenError, serveAcs, waitForShutdownSignal } from "../../acs/serve.ts";
import { type CommandContext, examplesHelp, runAction } from "../command.ts";
import { ExitCode, oneLine, UsageError } from "../errors.ts";
import type { CliIo } from "../io.ts";

/** The parsed command line of `cwmp acs serve`. */
export interface AcsServeOptions {
  /** `[HOST:]PORT` of the CWMP listener. */
  listen: string;
  /** Database URL. */
  db: string;
}

/** What `run` waits on; tests replace the signal wait. */
export interface AcsServeDeps {
  /** Resolves when the server should stop (default: SIGINT or SIGTERM). */
  waitForStop(): Promise<unknown>;
}

const DEFAULT_HOST = "0.0.0.0";
const DEFAULT_PORT = 7547;

/**
 * Registers `acs serve` on the program, creating the `acs` group if no other command has.
 *
 * @param program The root command.
 * @param context IO and the exit-code sink.
 */
export function registerAcsServe(program: Command, context: CommandContext): void {
  const acs: CommandUnknownOpts = program.commands.find((c) => c.name() === "acs") ??
    program.command("acs").summary("run and manage the ACS").description(
      "The auto-configuration server: CWMP endpoint, device store and task queue.",
    );
  acs.command("serve")
    .summary("run the ACS")
    .description(
      "Serve CWMP (TR-069) to CPEs until SIGINT or SIGTERM. The database is created and " +
        "migrated at start. One line on stderr says where it listens; warnings and errors " +
        "follow on stderr (everything with CWMP_DEBUG=1).",
    )
    .option("--listen <[HOST:]PORT>", "CWMP listener address", `${DEFAULT_HOST}:${DEFAULT_PORT}`)
    .option(
      "--db <URL>",
      "database: file:PATH, :memory:, libsql://..., http(s)://...",
      "file:./cwmp.db",
    )
    .addHelpText(
      "after",
      examplesHelp([
        { command: "cwmp acs serve", description: "Serve on 0.0.0.0:7547 with ./cwmp.db" },
        {
          command: "cwmp acs serve --listen 127.0.0.1:17547 --db file:/tmp/acs.db",
          description: "Serve on loopback with another database",
        },
      ]),
    )
    .action((options) =>
      runAction(() => run({ listen: options.listen, db: options.db }, context.io), {
        command: "acs serve",
        context,
      })
    );
}

/**
 * Parses `[HOST:]PORT`; an IPv6 host goes in brackets (`[::1]:7547`).
 *
 * @param value The option's value.
 * @returns Host and port; the host defaults to 0.0.0.0.
 * @throws {UsageError} Not a valid address.
 *
 * @example Usage
 * ```ts
 * import { parseListen } from "./acs_serve.ts";
 * const { hostname, port } = parseListen("[::1]:8080");
 * if (hostname !== "::1" || port !== 8080) throw new Error("unexpected");
 * if (parseListen("7547").hostname !== "0.0.0.0") throw new Error("unexpected");
 * ```
 */
export function parseListen(value: string): { hostname: string; port: number } {
  const match = /^(?:(\[[0-9A-Fa-f:.]+\]|[^:[\]]+):)?(\d{1,5})$/.exec(value.trim());
  const port = Number(match?.[2]);
  if (match === null || port > 65535) {
    throw new UsageError(`invalid --listen '${value}': expected [HOST:]PORT, e.g. 0.0.0.0:7547`);
  }
  const host = match[1] ?? DEFAULT_HOST;
  return { hostname: host.startsWith("[") ? host.slice(1, -1) : host, port };
}

/**
 * Serves the ACS until stopped.
 *
 * @param opts The parsed command line.
 * @param io Where to write the listening line and the log.
 * @param deps What to wait for before stopping.
 * @returns 0 after a clean stop; 1 when the listener cannot be opened.
 * @throws {UsageError} A bad --listen or --db.
 */
export async function run(
  opts: AcsServeOptions,
  io: CliIo,
  deps: AcsServeDeps = { waitForStop: waitForShutdownSignal },
): Promise<number> {
  const { hostname, port } = parseListen(opts.listen);
  const debug = io.env("CWMP_DEBUG") === "1";
  const log = (level: LogLevel, message: string): void => {
    if (debug || level === "warn" || level === "error") {
      io.stderr.write(`cwmp acs: ${level}: ${oneLine(message)}\n`);
    }
  };
  let server;
  try {
    server = await serveAcs({ hostname, port, dbUrl: opts.db, log });
  } catch (error) {
    if (error instanceof DbUrlError) throw new UsageError(error.message);
    if (!(error instanceof ListenError)) throw error;
    io.stderr.write(`cwmp acs serve: ${oneLine(error.message)}\n`);
    return ExitCode.failed;
  }
  const host = server.hostname.includes(":") ? `[${server.hostname}]` : server.hostname;
  io.stderr.write(`cwmp acs: listening on http://${host}:${server.port} (db ${opts.db})\n`);
  try {
    await deps.waitForStop();
  } finally {
    await server.shutdown();
  }
  return ExitCode.ok;
}
