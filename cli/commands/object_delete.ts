/**
 * `cwmp delete DEVICE OBJ.N.`: DeleteObject on one device, through the ACS.
 *
 * @module
 */

import type { Command } from "@commander-js/extra-typings";
import { examplesHelp } from "../command.ts";
import { UsageError } from "../errors.ts";
import type { CliIo } from "../io.ts";
import { type NbiContext, type NbiDeps, runNbiAction } from "../nbi_command.ts";
import { type RpcCommandOptions, runRpc, withRpcOptions } from "../rpc_task.ts";

/** The parsed command line of `cwmp delete`. */
export interface DeleteOptions extends RpcCommandOptions {
  device: string;
  /** The instance, ending in its number and a dot: `...WANConnectionDevice.2.`. */
  object: string;
  parameterKey?: string;
}

/**
 * Registers `delete` on the program.
 *
 * @param program The root command.
 * @param context IO, dependencies and the exit-code sink.
 */
export function registerDelete(program: Command, context: NbiContext): void {
  withRpcOptions(
    program.command("delete")
      .summary("delete an object instance on a device")
      .description("Delete one instance of a multi-instance object (DeleteObject).")
      .argument("<DEVICE>", "device id")
      .argument("<OBJ.N.>", "the instance, ending in its number and a dot")
      .option("--parameter-key <KEY>", "ParameterKey to set with the change"),
  )
    .addHelpText(
      "after",
      examplesHelp([
        {
          command: "cwmp delete GW-1 InternetGatewayDevice.LANDevice.1.WLANConfiguration.2.",
          description: "Delete the second wireless LAN",
        },
      ]),
    )
    .action((device, object, options) =>
      runNbiAction(() => run({ ...options, device, object }, context.io, context.deps), {
        command: "delete",
        context,
      })
    );
}

/**
 * Deletes the instance.
 *
 * @param opts The parsed command line.
 * @param io Where to print.
 * @param deps Fetch and clock.
 * @returns 0 when the device deleted it, 1 on a fault or timeout.
 * @throws {UsageError} The name does not end in an instance number and a dot.
 */
export function run(opts: DeleteOptions, io: CliIo, deps: NbiDeps): Promise<number> {
  if (!/\.\d+\.$/.test(opts.object)) {
    throw new UsageError(
      `invalid instance '${opts.object}': expected OBJ.N. (ending in a number and a dot)`,
    );
  }
  return runRpc(
    {
      command: "delete",
      device: opts.device,
      request: {
        method: "DeleteObject",
        objectName: opts.object,
        parameterKey: opts.parameterKey ?? "",
      },
      render: (result) => [
        result["status"] === 1
          ? `deleted ${opts.object} (committed after a reboot, status 1)`
          : `deleted ${opts.object}`,
      ],
    },
    opts,
    { io, deps },
  );
}
