/**
 * `cwmp faults list [--device ID]`: the faults devices answered with.
 *
 * @module
 */

import type { Command } from "@commander-js/extra-typings";
import { examplesHelp } from "../command.ts";
import type { CliIo } from "../io.ts";
import type { NbiFaultRecord, NbiPage } from "../nbi_client.ts";
import {
  clientOf,
  commandGroup,
  type ConnectionOptions,
  type NbiContext,
  type NbiDeps,
  runNbiAction,
  wholeNumber,
  withConnectionOptions,
} from "../nbi_command.ts";
import { formatTable, writeResult } from "../output.ts";
import { pageNote } from "./devices_list.ts";

/** The parsed command line of `cwmp faults list`. */
export interface FaultsListOptions extends ConnectionOptions {
  device?: string;
  limit: string;
  offset: string;
  json?: true;
}

/** The `faults` group, created on first use. */
export function faultsGroup(program: Command): ReturnType<typeof commandGroup> {
  return commandGroup(program, "faults", {
    summary: "list, show and clear device faults (ACS API)",
    description: "The CWMP faults devices answered tasks with, and transfers that failed.",
  });
}

/**
 * Registers `faults list`.
 *
 * @param program The root command.
 * @param context IO, dependencies and the exit-code sink.
 */
export function registerFaultsList(program: Command, context: NbiContext): void {
  withConnectionOptions(
    faultsGroup(program).command("list")
      .summary("list faults")
      .description("List faults: ID, DEVICE, TASK, CODE, STRING and TIME, newest first.")
      .option("--device <ID>", "only this device's faults")
      .option("--limit <N>", "faults per page", "50")
      .option("--offset <N>", "faults to skip", "0"),
  )
    .addHelpText(
      "after",
      examplesHelp([
        { command: "cwmp faults list", description: "The latest faults" },
        { command: "cwmp faults list --device GW-1 --json", description: "One device's, as JSON" },
      ]),
    )
    .action((options) =>
      runNbiAction(() => run(options, context.io, context.deps), {
        command: "faults list",
        context,
      })
    );
}

/**
 * Lists the faults.
 *
 * @param opts The parsed command line.
 * @param io Where to print.
 * @param deps Fetch.
 * @returns 0.
 * @throws {NbiError} Refused or unreachable.
 */
export async function run(opts: FaultsListOptions, io: CliIo, deps: NbiDeps): Promise<number> {
  const limit = wholeNumber("--limit", opts.limit, 1);
  const offset = wholeNumber("--offset", opts.offset, 0);
  const { body } = await clientOf(opts, io, deps).json<NbiPage<NbiFaultRecord>>("/api/faults", {
    query: { device: opts.device, limit, offset },
  });
  writeResult(io, { total: body.total, items: body.items }, {
    json: opts.json === true,
    text: () =>
      formatTable(
        ["ID", "DEVICE", "TASK", "CODE", "STRING", "TIME"],
        body.items.map((f) => [
          String(f.id),
          f.deviceId,
          f.taskId === undefined ? "-" : String(f.taskId),
          String(f.code),
          f.string,
          f.createdAt,
        ]),
      ),
  });
  if (opts.json !== true) io.stderr.write(`${pageNote(body, offset, "fault")}\n`);
  return 0;
}
