/**
 * `cwmp names DEVICE PATH [--next-level]`: GetParameterNames on one device, through the ACS.
 *
 * @module
 */

import type { Command } from "@commander-js/extra-typings";
import { examplesHelp } from "../command.ts";
import type { CliIo } from "../io.ts";
import { type NbiContext, type NbiDeps, runNbiAction } from "../nbi_command.ts";
import { formatTable } from "../output.ts";
import { type RpcCommandOptions, runRpc, withRpcOptions } from "../rpc_task.ts";

/** The parsed command line of `cwmp names`. */
export interface NamesOptions extends RpcCommandOptions {
  device: string;
  /** A parameter name, a partial path ending in a dot, or "" for the whole tree. */
  path: string;
  nextLevel?: true;
}

/**
 * Registers `names` on the program.
 *
 * @param program The root command.
 * @param context IO, dependencies and the exit-code sink.
 */
export function registerNames(program: Command, context: NbiContext): void {
  withRpcOptions(
    program.command("names")
      .summary("list parameter names of a device")
      .description(
        "Ask a device which parameters and objects it has under a path (GetParameterNames) " +
          "and print PATH and WRITABLE, one a line. A partial path ends in a dot; '' is the " +
          "whole tree. --next-level lists only the path's direct children.",
      )
      .argument("<DEVICE>", "device id")
      .argument("<PATH>", "partial path ending in a dot, a parameter name, or ''")
      .option("--next-level", "only the direct children of PATH"),
  )
    .addHelpText(
      "after",
      examplesHelp([
        {
          command: "cwmp names GW-1 InternetGatewayDevice. --next-level",
          description: "List the top-level objects",
        },
        {
          command: "cwmp names GW-1 Device.WiFi.SSID. --json",
          description: "List a subtree as JSON",
        },
      ]),
    )
    .action((device, path, options) =>
      runNbiAction(() => run({ ...options, device, path }, context.io, context.deps), {
        command: "names",
        context,
      })
    );
}

/**
 * Lists the names and prints them.
 *
 * @param opts The parsed command line.
 * @param io Where to print.
 * @param deps Fetch and clock.
 * @returns 0 when the device answered, 1 on a fault or timeout.
 */
export function run(opts: NamesOptions, io: CliIo, deps: NbiDeps): Promise<number> {
  return runRpc(
    {
      command: "names",
      device: opts.device,
      request: {
        method: "GetParameterNames",
        parameterPath: opts.path,
        nextLevel: opts.nextLevel === true,
      },
      render: (result) => {
        const list = (result["parameterList"] ?? []) as { name: string; writable: boolean }[];
        return formatTable(
          ["PATH", "WRITABLE"],
          list.map((p) => [p.name, p.writable ? "yes" : "no"]),
        );
      },
    },
    opts,
    { io, deps },
  );
}
