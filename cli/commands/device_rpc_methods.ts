/**
 * `cwmp rpc-methods DEVICE`: GetRPCMethods on one device, through the ACS.
 *
 * @module
 */

import type { Command } from "@commander-js/extra-typings";
import { examplesHelp } from "../command.ts";
import type { CliIo } from "../io.ts";
import { type NbiContext, type NbiDeps, runNbiAction } from "../nbi_command.ts";
import { type RpcCommandOptions, runRpc, withRpcOptions } from "../rpc_task.ts";

/** The parsed command line of `cwmp rpc-methods`. */
export interface RpcMethodsOptions extends RpcCommandOptions {
  device: string;
}

/**
 * Registers `rpc-methods` on the program.
 *
 * @param program The root command.
 * @param context IO, dependencies and the exit-code sink.
 */
export function registerRpcMethods(program: Command, context: NbiContext): void {
  withRpcOptions(
    program.command("rpc-methods")
      .summary("list the RPC methods a device supports")
      .description("Ask a device which RPC methods it supports (GetRPCMethods); one a line.")
      .argument("<DEVICE>", "device id"),
  )
    .addHelpText(
      "after",
      examplesHelp([{ command: "cwmp rpc-methods GW-1", description: "List its methods" }]),
    )
    .action((device, options) =>
      runNbiAction(() => run({ ...options, device }, context.io, context.deps), {
        command: "rpc-methods",
        context,
      })
    );
}

/**
 * Lists the methods.
 *
 * @param opts The parsed command line.
 * @param io Where to print.
 * @param deps Fetch and clock.
 * @returns 0 when the device answered, 1 on a fault or timeout.
 */
export function run(opts: RpcMethodsOptions, io: CliIo, deps: NbiDeps): Promise<number> {
  return runRpc(
    {
      command: "rpc-methods",
      device: opts.device,
      request: { method: "GetRPCMethods" },
      render: (result) => ((result["methodList"] ?? []) as string[]).map(String),
    },
    opts,
    { io, deps },
  );
}
