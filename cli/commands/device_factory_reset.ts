/**
 * `cwmp factory-reset DEVICE`: FactoryReset one device, through the ACS.
 *
 * @module
 */

import type { Command } from "@commander-js/extra-typings";
import { examplesHelp } from "../command.ts";
import type { CliIo } from "../io.ts";
import { type NbiContext, type NbiDeps, runNbiAction } from "../nbi_command.ts";
import { type RpcCommandOptions, runRpc, withRpcOptions } from "../rpc_task.ts";

/** The parsed command line of `cwmp factory-reset`. */
export interface FactoryResetOptions extends RpcCommandOptions {
  device: string;
}

/**
 * Registers `factory-reset` on the program.
 *
 * @param program The root command.
 * @param context IO, dependencies and the exit-code sink.
 */
export function registerFactoryReset(program: Command, context: NbiContext): void {
  withRpcOptions(
    program.command("factory-reset")
      .summary("reset a device to its factory defaults")
      .description(
        "Ask a device to reset to its factory defaults (FactoryReset). It loses its " +
          "configuration, and comes back with a 0 BOOTSTRAP Inform.",
      )
      .argument("<DEVICE>", "device id"),
  )
    .addHelpText(
      "after",
      examplesHelp([{ command: "cwmp factory-reset GW-1", description: "Reset a device" }]),
    )
    .action((device, options) =>
      runNbiAction(() => run({ ...options, device }, context.io, context.deps), {
        command: "factory-reset",
        context,
      })
    );
}

/**
 * Resets the device.
 *
 * @param opts The parsed command line.
 * @param io Where to print.
 * @param deps Fetch and clock.
 * @returns 0 when the device accepted, 1 on a fault or timeout.
 */
export function run(opts: FactoryResetOptions, io: CliIo, deps: NbiDeps): Promise<number> {
  return runRpc(
    {
      command: "factory-reset",
      device: opts.device,
      request: { method: "FactoryReset" },
      render: () => [`${opts.device} is resetting to factory defaults`],
    },
    opts,
    { io, deps },
  );
}
