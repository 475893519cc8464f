/**
 * `cwmp faults show ID`: one fault with its detail.
 *
 * @module
 */

import type { Command } from "@commander-js/extra-typings";
import { examplesHelp } from "../command.ts";
import type { CliIo } from "../io.ts";
import type { NbiFaultRecord } from "../nbi_client.ts";
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

/** The parsed command line of `cwmp faults show`. */
export interface FaultsShowOptions extends ConnectionOptions {
  id: string;
  json?: true;
}

/**
 * Registers `faults show`.
 *
 * @param program The root command.
 * @param context IO, dependencies and the exit-code sink.
 */
export function registerFaultsShow(program: Command, context: NbiContext): void {
  withConnectionOptions(
    faultsGroup(program).command("show")
      .summary("show a fault")
      .description("Show a fault: device, task, code, string, time and its cwmp:Fault detail.")
      .argument("<ID>", "fault id"),
  )
    .addHelpText(
      "after",
      examplesHelp([{ command: "cwmp faults show 7", description: "Show fault 7" }]),
    )
    .action((id, options) =>
      runNbiAction(() => run({ ...options, id }, context.io, context.deps), {
        command: "faults show",
        context,
      })
    );
}

/**
 * Shows the fault.
 *
 * @param opts The parsed command line.
 * @param io Where to print.
 * @param deps Fetch.
 * @returns 0.
 * @throws {NbiError} Unknown fault, refused, or unreachable.
 */
export async function run(opts: FaultsShowOptions, io: CliIo, deps: NbiDeps): Promise<number> {
  const id = wholeNumber("fault id", opts.id, 1);
  const { body: fault } = await clientOf(opts, io, deps).json<NbiFaultRecord>(
    `/api/faults/${segment(id)}`,
  );
  writeResult(io, { fault }, {
    json: opts.json === true,
    text: () => [
      `id:     ${fault.id}`,
      `device: ${fault.deviceId}`,
      `task:   ${fault.taskId ?? "-"}`,
      `fault:  ${fault.code} ${fault.string}`,
      `time:   ${fault.createdAt}`,
      ...(fault.detail === undefined ? [] : [
        "detail:",
        ...JSON.stringify(fault.detail, null, 2).split("\n").map((l) => `  ${l}`),
      ]),
    ],
  });
  return 0;
}
