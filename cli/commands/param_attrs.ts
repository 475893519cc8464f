/**
 * `cwmp attrs DEVICE PATH...`: GetParameterAttributes on one device, through the ACS.
 *
 * @module
 */

import type { Command } from "@commander-js/extra-typings";
import { examplesHelp } from "../command.ts";
import type { CliIo } from "../io.ts";
import { type NbiContext, type NbiDeps, runNbiAction } from "../nbi_command.ts";
import { formatTable } from "../output.ts";
import { type RpcCommandOptions, runRpc, withRpcOptions } from "../rpc_task.ts";

/** The parsed command line of `cwmp attrs`. */
export interface AttrsOptions extends RpcCommandOptions {
  device: string;
  paths: string[];
}

/** Notification values by name, as `set-attrs` reads them and `attrs` prints them. */
export const NOTIFICATION_NAMES: readonly string[] = [
  "off",
  "passive",
  "active",
  "passive-lightweight",
  "passive-passive-lightweight",
  "active-lightweight",
  "passive-active-lightweight",
];

/**
 * Registers `attrs` on the program.
 *
 * @param program The root command.
 * @param context IO, dependencies and the exit-code sink.
 */
export function registerAttrs(program: Command, context: NbiContext): void {
  withRpcOptions(
    program.command("attrs")
      .summary("read parameter attributes (notification, access)")
      .description(
        "Ask a device for parameter attributes (GetParameterAttributes) and print PATH, " +
          "NOTIFICATION (0 off, 1 passive, 2 active; 3 to 6 are CWMP 1.4's lightweight kinds) " +
          "and ACCESS (the entities besides the ACS that may write it, '-' for none).",
      )
      .argument("<DEVICE>", "device id")
      .argument("<PATH...>", "parameter names or partial paths ending in a dot"),
  )
    .addHelpText(
      "after",
      examplesHelp([
        {
          command: "cwmp attrs GW-1 InternetGatewayDevice.DeviceInfo.SoftwareVersion",
          description: "Read the attributes of one parameter",
        },
      ]),
    )
    .action((device, paths, options) =>
      runNbiAction(() => run({ ...options, device, paths }, context.io, context.deps), {
        command: "attrs",
        context,
      })
    );
}

/**
 * Reads the attributes and prints them.
 *
 * @param opts The parsed command line.
 * @param io Where to print.
 * @param deps Fetch and clock.
 * @returns 0 when the device answered, 1 on a fault or timeout.
 */
export function run(opts: AttrsOptions, io: CliIo, deps: NbiDeps): Promise<number> {
  return runRpc(
    {
      command: "attrs",
      device: opts.device,
      request: { method: "GetParameterAttributes", parameterNames: opts.paths },
      render: (result) => {
        const list = (result["parameterList"] ?? []) as {
          name: string;
          notification: number;
          accessList: string[];
        }[];
        return formatTable(
          ["PATH", "NOTIFICATION", "ACCESS"],
          list.map((p) => [
            p.name,
            `${p.notification} ${NOTIFICATION_NAMES[p.notification] ?? ""}`.trim(),
            p.accessList.length === 0 ? "-" : p.accessList.join(","),
          ]),
        );
      },
    },
    opts,
    { io, deps },
  );
}
