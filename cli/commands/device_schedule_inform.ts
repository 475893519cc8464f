/**
 * `cwmp schedule-inform DEVICE --delay S`: ScheduleInform on one device, through the ACS.
 *
 * @module
 */

import type { Command } from "@commander-js/extra-typings";
import { examplesHelp } from "../command.ts";
import type { CliIo } from "../io.ts";
import { type NbiContext, type NbiDeps, runNbiAction, wholeNumber } from "../nbi_command.ts";
import { type RpcCommandOptions, runRpc, withRpcOptions } from "../rpc_task.ts";

/** The parsed command line of `cwmp schedule-inform`. */
export interface ScheduleInformOptions extends RpcCommandOptions {
  device: string;
  /** Seconds from now, as typed. */
  delay: string;
  commandKey?: string;
}

/**
 * Registers `schedule-inform` on the program.
 *
 * @param program The root command.
 * @param context IO, dependencies and the exit-code sink.
 */
export function registerScheduleInform(program: Command, context: NbiContext): void {
  withRpcOptions(
    program.command("schedule-inform")
      .summary("have a device Inform once, later")
      .description(
        "Ask a device to open a session in --delay seconds (ScheduleInform), with the " +
          "M ScheduleInform event and the CommandKey.",
      )
      .argument("<DEVICE>", "device id")
      .requiredOption("--delay <SECONDS>", "seconds from now, 1 or more")
      .option("--command-key <KEY>", "CommandKey of the M ScheduleInform event", ""),
  )
    .addHelpText(
      "after",
      examplesHelp([
        {
          command: "cwmp schedule-inform GW-1 --delay 3600 --command-key nightly",
          description: "Have the device Inform in an hour",
        },
      ]),
    )
    .action((device, options) =>
      runNbiAction(() => run({ ...options, device }, context.io, context.deps), {
        command: "schedule-inform",
        context,
      })
    );
}

/**
 * Schedules the Inform.
 *
 * @param opts The parsed command line.
 * @param io Where to print.
 * @param deps Fetch and clock.
 * @returns 0 when the device accepted, 1 on a fault or timeout.
 * @throws {UsageError} A bad --delay.
 */
export function run(opts: ScheduleInformOptions, io: CliIo, deps: NbiDeps): Promise<number> {
  const delaySeconds = wholeNumber("--delay", opts.delay, 1);
  return runRpc(
    {
      command: "schedule-inform",
      device: opts.device,
      request: { method: "ScheduleInform", delaySeconds, commandKey: opts.commandKey ?? "" },
      render: () => [`${opts.device} will Inform in ${delaySeconds} s`],
    },
    opts,
    { io, deps },
  );
}
