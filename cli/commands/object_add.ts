/**
 * `cwmp add DEVICE OBJ.`: AddObject on one device, through the ACS.
 *
 * @module
 */

import type { Command } from "@commander-js/extra-typings";
import { examplesHelp } from "../command.ts";
import { UsageError } from "../errors.ts";
import type { CliIo } from "../io.ts";
import { type NbiContext, type NbiDeps, runNbiAction } from "../nbi_command.ts";
import { type RpcCommandOptions, runRpc, withRpcOptions } from "../rpc_task.ts";

/** The parsed command line of `cwmp add`. */
export interface AddOptions extends RpcCommandOptions {
  device: string;
  /** The multi-instance object, ending in a dot: `...WANConnectionDevice.`. */
  object: string;
  parameterKey?: string;
}

/**
 * Registers `add` on the program.
 *
 * @param program The root command.
 * @param context IO, dependencies and the exit-code sink.
 */
export function registerAdd(program: Command, context: NbiContext): void {
  withRpcOptions(
    program.command("add")
      .summary("add an object instance on a device")
      .description(
        "Create a new instance of a multi-instance object (AddObject) and print its path, " +
          "OBJ.N. (the device picks N).",
      )
      .argument("<DEVICE>", "device id")
      .argument("<OBJ.>", "the multi-instance object, ending in a dot")
      .option("--parameter-key <KEY>", "ParameterKey to set with the change"),
  )
    .addHelpText(
      "after",
      examplesHelp([
        {
          command: "cwmp add GW-1 InternetGatewayDevice.LANDevice.1.WLANConfiguration.",
          description: "Add a wireless LAN",
        },
      ]),
    )
    .action((device, object, options) =>
      runNbiAction(() => run({ ...options, device, object }, context.io, context.deps), {
        command: "add",
        context,
      })
    );
}

/**
 * Adds the instance and prints its path.
 *
 * @param opts The parsed command line.
 * @param io Where to print.
 * @param deps Fetch and clock.
 * @returns 0 when the device added it, 1 on a fault or timeout.
 * @throws {UsageError} The object name does not end in a dot.
 */
export function run(opts: AddOptions, io: CliIo, deps: NbiDeps): Promise<number> {
  if (!opts.object.endsWith(".")) {
    throw new UsageError(`invalid object '${opts.object}': an object name ends in a dot`);
  }
  return runRpc(
    {
      command: "add",
      device: opts.device,
      request: {
        method: "AddObject",
        objectName: opts.object,
        parameterKey: opts.parameterKey ?? "",
      },
      render: (result) => {
        const path = `${opts.object}${result["instanceNumber"]}.`;
        return [result["status"] === 1 ? `${path} (committed after a reboot, status 1)` : path];
      },
    },
    opts,
    { io, deps },
  );
}
