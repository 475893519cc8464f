/**
 * `cwmp reboot DEVICE`: Reboot one device, through the ACS.
 *
 * @module
 */

import type { Command } from "@commander-js/extra-typings";
import { examplesHelp } from "../command.ts";
import type { CliIo } from "../io.ts";
import { type NbiContext, type NbiDeps, runNbiAction } from "../nbi_command.ts";
import { type RpcCommandOptions, runRpc, withRpcOptions } from "../rpc_task.ts";

/** The parsed command line of `cwmp reboot`. */
export interface RebootOptions extends RpcCommandOptions {
  device: string;
  /** Echoed in the M Reboot event after the reboot. */
  commandKey?: string;
}

/**
 * Registers `reboot` on the program.
 *
 * @param program The root command.
 * @param context IO, dependencies and the exit-code sink.
 */
export function registerReboot(program: Command, context: NbiContext): void {
  withRpcOptions(
    program.command("reboot")
      .summary("reboot a device")
      .description(
        "Ask a device to reboot (Reboot). Returns once the device has accepted; it reboots " +
          "after the session and reports the M Reboot event with the CommandKey when back.",
      )
      .argument("<DEVICE>", "device id")
      .option("--command-key <KEY>", "CommandKey of the M Reboot event", ""),
  )
    .addHelpText(
      "after",
      examplesHelp([
        { command: "cwmp reboot GW-1", description: "Reboot a device" },
        {
          command: "cwmp reboot GW-1 --no-wait --no-connection-request",
          description: "Reboot it at its next periodic Inform",
        },
      ]),
    )
    .action((device, options) =>
      runNbiAction(() => run({ ...options, device }, context.io, context.deps), {
        command: "reboot",
        context,
      })
    );
}

/**
 * Reboots the device.
 *
 * @param opts The parsed command line.
 * @param io Where to print.
 * @param deps Fetch and clock.
 * @returns 0 when the device accepted, 1 on a fault or timeout.
 */
export function run(opts: RebootOptions, io: CliIo, deps: NbiDeps): Promise<number> {
  return runRpc(
    {
      command: "reboot",
      device: opts.device,
      request: { method: "Reboot", commandKey: opts.commandKey ?? "" },
      render: () => [`${opts.device} is rebooting`],
    },
    opts,
    { io, deps },
  );
}
