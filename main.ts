/**
 * The `cwmp` binary: `deno run -A main.ts <command> ...`. The only place that exits the
 * process; every command returns its exit code instead.
 *
 * @module
 */

import { formatInternalError } from "./cli/errors.ts";
import { type CliIo, createDenoIo } from "./cli/io.ts";
import { runCli } from "./cli/mod.ts";

async function main(args: string[]): Promise<number> {
  const io = createDenoIo();
  // A rejection nobody awaited is a bug too: report it and finish, as for a thrown error.
  const stray = Promise.withResolvers<number>();
  globalThis.addEventListener("unhandledrejection", (event: PromiseRejectionEvent): void => {
    event.preventDefault();
    stray.resolve(reportInternalError(event.reason, io));
  });
  try {
    return await Promise.race([runCli(args, io), stray.promise]);
  } catch (error) {
    return reportInternalError(error, io);
  }
}

// A bug is one line (and its stack with CWMP_DEBUG=1), never a raw trace as the user's answer.
function reportInternalError(error: unknown, io: CliIo): number {
  io.stderr.write(formatInternalError(error, { debug: io.env("CWMP_DEBUG") === "1" }));
  return 1;
}

Deno.exit(await main(Deno.args));
