/**
 * `cwmp faults clear ID [--retry]`: delete a fault, optionally queueing its task again.
 *
 * @module
 */

import type { Command } from "@commander-js/extra-typings";
import { examplesHelp } from "../command.ts";
import type { CliIo } from "../io.ts";
import {
  clientOf,
  type ConnectionOptions,
  type NbiContext,
  type NbiDeps,
  runNbiAction,
  segment,
  wholeNumber,
  withConnectionOptions,
} from "../nbi_command.ts";
import { writeResult } from "../output.ts";
import { faultsGroup } from "./faults_list.ts";

/** The parsed command line of `cwmp faults clear`. */
export interface FaultsClearOptions extends ConnectionOptions {
  id: string;
  retry?: true;
  json?: true;
}

/**
 * Registers `faults clear`.
 *
 * @param program The root command.
 * @param context IO, dependencies and the exit-code sink.
 */
export function registerFaultsClear(program: Command, context: NbiContext): void {
  withConnectionOptions(
    faultsGroup(program).command("clear")
      .summary("delete a fault")
      .description(
        "Delete a fault record. With --retry, the task that faulted is queued again too.",
      )
      .argument("<ID>", "fault id")
      .option("--retry", "queue the fault's task again"),
  )
    .addHelpText(
      "after",
      examplesHelp([
        { command: "cwmp faults clear 7", description: "Forget fault 7" },
        { command: "cwmp faults clear 7 --retry", description: "Forget it and try again" },
      ]),
    )
    .action((id, options) =>
      runNbiAction(() => run({ ...options, id }, context.io, context.deps), {
        command: "faults clear",
        context,
      })
    );
}

/**
 * Deletes the fault.
 *
 * @param opts The parsed command line.
 * @param io Where to print.
 * @param deps Fetch.
 * @returns 0.
 * @throws {NbiError} Unknown fault, refused, or unreachable.
 */
export async function run(opts: FaultsClearOptions, io: CliIo, deps: NbiDeps): Promise<number> {
  const id = wholeNumber("fault id", opts.id, 1);
  const retry = opts.retry === true;
  await clientOf(opts, io, deps).json(`/api/faults/${segment(id)}`, {
    method: "DELETE",
    query: { retry: retry ? "true" : undefined },
  });
  writeResult(io, { cleared: { fault: id, retried: retry } }, {
    json: opts.json === true,
    text: () => [retry ? `cleared fault ${id}; its task is queued again` : `cleared fault ${id}`],
  });
  return 0;
}
