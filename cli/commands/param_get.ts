/**
 * `cwmp get DEVICE PATH...`: GetParameterValues on one device, through the ACS.
 *
 * @module
 */

import type { Command } from "@commander-js/extra-typings";
import { examplesHelp } from "../command.ts";
import type { CliIo } from "../io.ts";
import { type NbiContext, type NbiDeps, runNbiAction } from "../nbi_command.ts";
import { formatTable } from "../output.ts";
import { type RpcCommandOptions, runRpc, withRpcOptions } from "../rpc_task.ts";

/** The parsed command line of `cwmp get`. */
export interface GetOptions extends RpcCommandOptions {
  device: string;
  /** Parameter names, or partial paths ending in a dot. */
  paths: string[];
}

/**
 * Registers `get` on the program.
 *
 * @param program The root command.
 * @param context IO, dependencies and the exit-code sink.
 */
export function registerGet(program: Command, context: NbiContext): void {
  withRpcOptions(
    program.command("get")
      .summary("read parameter values of a device")
      .description(
        "Ask a device for parameter values (GetParameterValues) through the ACS and print " +
          "PATH, VALUE and TYPE, one parameter a line. A path ending in a dot reads the whole " +
          "subtree. Waits for the answer (--timeout); exit 1 when the device faults or the " +
          "wait times out.",
      )
      .argument("<DEVICE>", "device id, e.g. 00D09E-IGD-0123")
      .argument("<PATH...>", "parameter names or partial paths ending in a dot"),
  )
    .addHelpText(
      "after",
      examplesHelp([
        {
          command: "cwmp get 00D09E-IGD-0123 InternetGatewayDevice.DeviceInfo.",
          description: "Read the DeviceInfo subtree",
        },
        {
          command:
            "cwmp get GW-1 Device.DeviceInfo.SoftwareVersion Device.DeviceInfo.UpTime --json",
          description: "Read two values as JSON",
        },
      ]),
    )
    .action((device, paths, options) =>
      runNbiAction(() => run({ ...options, device, paths }, context.io, context.deps), {
        command: "get",
        context,
      })
    );
}

/**
 * Reads the values and prints them.
 *
 * @param opts The parsed command line.
 * @param io Where to print.
 * @param deps Fetch and clock.
 * @returns 0 when the device answered, 1 on a fault or timeout.
 */
export function run(opts: GetOptions, io: CliIo, deps: NbiDeps): Promise<number> {
  return runRpc(
    {
      command: "get",
      device: opts.device,
      request: { method: "GetParameterValues", parameterNames: opts.paths },
      render: (result) => {
        const list = (result["parameterList"] ?? []) as {
          name: string;
          value: string;
          type: string;
        }[];
        return formatTable(["PATH", "VALUE", "TYPE"], list.map((p) => [p.name, p.value, p.type]));
      },
    },
    opts,
    { io, deps },
  );
}
